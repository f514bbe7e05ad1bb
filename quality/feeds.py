"""Every feed and calendar of a built site reads in the libraries readers' apps use.

feedparser is what most feed readers' parsing amounts to: a feed it flags `bozo`
(ill-formed XML, wrong encoding, undeclared entity) breaks in some reader somewhere.
icalendar reads .ics files as calendar apps do; RFC 5545 requires VERSION and PRODID
on the calendar and UID, DTSTAMP and DTSTART on each event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import feedparser
import icalendar

from quality.pages import relative

FEED_SUFFIXES = (".atom.xml", ".rss.xml", ".atom", ".rss")
REQUIRED = {"VCALENDAR": ("VERSION", "PRODID"), "VEVENT": ("UID", "DTSTAMP", "DTSTART")}


@dataclass
class FeedReport:
    feeds: int = 0
    calendars: int = 0
    events: int = 0
    problems: list[str] = field(default_factory=list)  # "file: what is wrong"


def check_feeds(output: Path) -> FeedReport:
    report = FeedReport()
    for file in sorted(output.rglob("*")):
        if (file.is_file() and file.name.endswith(FEED_SUFFIXES)) or _looks_like_feed(file):
            report.feeds += 1
            problem = feed_problem(file.read_bytes())
            if problem:
                report.problems.append(f"{relative(output, file)}: {problem}")
        elif file.is_file() and file.suffix == ".ics":
            report.calendars += 1
            events, problems = calendar_problems(file.read_bytes())
            report.events += events
            report.problems += [f"{relative(output, file)}: {p}" for p in problems]
    return report


def _looks_like_feed(file: Path) -> bool:
    """Another .xml file (a sitemap is not a feed) that declares itself Atom or RSS."""
    if not file.is_file() or file.suffix != ".xml":
        return False
    head = file.read_bytes()[:500]
    return b"<rss" in head or (b"http://www.w3.org/2005/Atom" in head and b"<feed" in head)


def feed_problem(data: bytes) -> str | None:
    parsed = feedparser.parse(data)
    if parsed.bozo:
        return f"feedparser: {parsed.bozo_exception}"
    if not parsed.version:
        return "feedparser does not recognise it as Atom or RSS"
    return None


def calendar_problems(data: bytes) -> tuple[int, list[str]]:
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except ValueError as error:
        return 0, [f"icalendar: {error}"]
    if not calendars:
        return 0, ["icalendar: no VCALENDAR"]
    problems, events = [], 0
    for calendar in calendars:
        for component in calendar.walk():
            events += component.name == "VEVENT"
            label = component.name + (f" {component['UID']}" if "UID" in component else "")
            problems += [f"{label}: {name} unreadable ({err})" for name, err in component.errors]
            missing = [name for name in REQUIRED.get(component.name, ()) if name not in component]
            if missing:
                problems.append(f"{label}: missing {', '.join(missing)}")
    return events, problems
