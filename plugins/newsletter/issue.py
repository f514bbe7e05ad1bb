"""One issue of the letter as readers see it: title, dates, address, summary, sections.

Wraps the selection (weeks.Issue) with what pages, the feed and the e-mail
show, computed once. It answers the feed writer like a content object does
(`title`, `url`, `date`, `get_content()`, `licence`…), so the letter's Atom
feed is written by the site's own writer, with the licence and stable ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from markupsafe import Markup

from catalyst.model.addresses import public_base
from catalyst.model.dates import format_french

from .showcase import TESTIMONIALS, Photo, photo, testimonials
from .weeks import Issue, Week, by_kind


def span_fr(issue: Issue) -> str:
    """« du 19 au 25 novembre 2012 », « du 28 décembre 2026 au 3 janvier 2027 »."""
    first, last = issue.monday, issue.sunday
    if first.year != last.year:
        return f"du {format_french(first)} au {format_french(last)}"
    if first.month != last.month:
        return f"du {format_french(first, 'd MMMM')} au {format_french(last)}"
    return f"du {first.day} au {format_french(last)}"


def awaited_fr(first: Week | None) -> str:
    """What the archive says before any issue: when the first is due, if the settings say."""
    if first is None:
        return "Aucune lettre n’est encore parue."
    return (
        "Aucune lettre n’est encore parue. La première est attendue à la fin de la semaine "
        f"{span_fr(Issue(*first))}, ou de la première semaine suivante où le collectif publie."
    )


def counts_fr(items: list, sections: tuple[tuple[str, str, str], ...]) -> str:
    """« 2 articles, 1 événement et 31 témoignages » (`sections`: Options.sections)."""
    labels = {kind: (one, many) for kind, one, many in sections}
    parts = []
    for kind, found in by_kind(items, tuple(labels)).items():
        one, many = labels.get(kind, ("élément", "éléments"))
        parts.append(f"{len(found)}\u00a0{many if len(found) > 1 else one}")  # never split
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " et " + parts[-1]


@dataclass(frozen=True)
class Publisher:
    """Who writes the letter: the site's AUTHOR, at the site's address (Atom requires each
    entry of a feed without an author of its own to name one)."""

    name: str
    url: str = ""  # relative to the site, as an author's page address is

    def __str__(self) -> str:
        return self.name


class IssuePage:
    """What templates see as `issue` (and the feed writer as an entry)."""

    def __init__(self, issue: Issue, *, options, settings: dict, licence):
        self.issue = issue
        self.id = issue.id
        self.items = issue.items
        self.featured = issue.featured
        self.sections = by_kind([i for i in issue.items if i not in issue.featured], options.kinds)
        self.editorial = issue.editorial
        self.span = span_fr(issue)
        self.counts = counts_fr(issue.items, options.sections)
        own = getattr(issue.editorial, "title", None)
        self.own_title = bool(own)  # else the title already says the dates
        # HTML, as every item's title: the editorial's, which the reader made and checked, or
        # the letter's name (a setting, text) and the dates.
        self.title = Markup(own) if own else Markup("{} {}").format(options.name, self.span)
        self.url = options.issue_url.format(id=issue.id)
        self.save_as = options.issue_save_as.format(id=issue.id)
        self.eml_save_as = options.eml_save_as.format(id=issue.id)
        self.eml_url = self.eml_save_as
        tz = ZoneInfo(settings.get("TIMEZONE") or "UTC")
        monday = issue.monday
        self.date = datetime(monday.year, monday.month, monday.day, tzinfo=tz)
        written = getattr(issue.editorial, "metadata", {}).get("summary")
        self.summary = Markup(written or f"<p>{self.counts[0].upper()}{self.counts[1:]}.</p>")
        self.preheader = getattr(issue.editorial, "metadata", {}).get("summary") or self.counts
        self.licence = licence
        self.authors = [Publisher(settings["AUTHOR"])] if settings.get("AUTHOR") else []
        self.source_url = self.source_name = None
        self.relative_source_path = f"{options.path}/{issue.id}.md"
        self.slug = issue.id
        self.tags: list = []
        self.category = None
        self.body = Markup("")  # the issue's content, with absolute links (the feed)
        # The e-mail's own: one quotation per event's testimonials, each item's photo.
        self.testimonials = testimonials(self.sections.get(TESTIMONIALS, []))
        base = public_base(settings)
        self._photos = {id(item): photo(item, base) for item in issue.items}

    def photo(self, item) -> Photo | None:
        """The item's cover photo as the e-mail shows it, if it has one it may reproduce."""
        return self._photos.get(id(item))

    @property
    def intro(self) -> Markup:
        return Markup(getattr(self.editorial, "content", "") or "")

    def get_content(self, _siteurl: str) -> str:
        return str(self.body)
