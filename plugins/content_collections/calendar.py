"""iCalendar files for collections that have dates (events).

Built with `icalendar`: one file with every item and one per item. The bytes
depend only on the content: UIDs come from the item's slug and the site host,
DTSTAMP from the item's own date, and items are written in a fixed order.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vText

from catalyst.model.addresses import public_base
from catalyst.model.settings_spec import SHARED, value
from catalyst.model.typography.plain import plain_text

PRODID = "-//ANIS Catalyst//Catalyst Publications//FR"


def write_calendars(collection, settings: dict, output_path: str) -> None:
    ctype = collection.type
    if not (ctype.calendar or ctype.item_calendar):
        return
    items = sorted(
        collection.items, key=lambda i: (_start(i).isoformat() if _start(i) else "", i.slug)
    )
    if ctype.calendar:
        _write(os.path.join(output_path, ctype.calendar), _calendar(items, settings, ctype.label))
    if ctype.item_calendar:
        for item in items:
            path = os.path.join(output_path, ctype.item_calendar.format(slug=item.slug))
            _write(path, _calendar([item], settings, plain_text(item.title)))


def _calendar(items, settings: dict, name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.get("TIMEZONE", "Europe/Paris"))
    for item in items:
        event = _event(item, settings)
        if event is not None:
            cal.add_component(event)
    cal.add_missing_timezones()
    return cal


def _start(item):
    return item.fields.get("start")


def _event(item, settings: dict) -> Event | None:
    start = _start(item)
    if start is None:
        return None
    end = item.fields.get("end") or start
    event = Event()
    host = value(settings, SHARED, "SITE_HOST", empty_is_default=True)
    event.add("uid", f"{item.collection.name}-{item.slug}@{host}")
    event.add("dtstamp", _utc(getattr(item, "modified", None) or item.date))
    event.add("summary", plain_text(item.title))
    if isinstance(start, datetime):
        event.add("dtstart", start)
        event.add("dtend", end if isinstance(end, datetime) else _day_end(end, start.tzinfo))
    else:
        event.add("dtstart", start)  # all-day: DTEND is the day after the last day
        last = end.date() if isinstance(end, datetime) else end
        event.add("dtend", last + timedelta(days=1))
    where = ", ".join(v for v in (item.fields.get("place"), item.fields.get("address")) if v)
    if where:
        event["location"] = vText(where)
    summary = item.metadata.get("summary")
    if summary:
        event.add("description", plain_text(summary))
    site = public_base(settings)
    event.add("url", f"{site}/{item.url}")
    return event


def _day_end(day: date, tz) -> datetime:
    return datetime(day.year, day.month, day.day, 23, 59, tzinfo=tz or ZoneInfo("UTC"))


def _utc(moment) -> datetime:
    return moment.astimezone(ZoneInfo("UTC"))


def _write(path: str, calendar: Calendar) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(calendar.to_ical())
