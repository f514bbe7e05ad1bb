"""What a reader who finishes a text reads next: its neighbours, related articles, card photos.

Computed once, when every generator has built its context, and set on each content object:

- `reading` (a `ReadingOn`, or None): the previous and next item of the same section, in
  its order (articles by date; a collection in its listing order, earliest or first first:
  events by start, projects by their order), with the section's wording
  (`SEQUENCES`), and for an article up to `RELATED` (3) other articles
  that share the most tags with it (ties: the newest first, then by address);
- `thumbnail` (Markup, or None) on every article with a photo of its own (`Image:`): a small
  `<picture>` of its smallest files, lazy-loaded, sized, described as its cover is, for the
  listings' cards.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from catalyst.model.images.markup import picture_html
from catalyst.model.images.options import read_options

ARTICLES = "articles"
THUMBNAIL_SIZES = "8rem"  # the card's photo, as site.css shows it (.summary .thumbnail)

# The sections whose texts link to the previous and next one (`articles` or a collection's
# name), with the two links' wording; a section left out gets none.
SEQUENCES = {
    ARTICLES: ("Texte précédent", "Texte suivant"),
    "events": ("Événement précédent", "Événement suivant"),
    "projects": ("Projet précédent", "Projet suivant"),
}
RELATED = 3  # how many other articles sharing tags an article suggests


@dataclass(frozen=True)
class ReadingOn:
    """What the end of one text offers (includes/read_next.html)."""

    previous: Any = None
    next: Any = None
    previous_label: str = ""
    next_label: str = ""
    related: list = field(default_factory=list)

    @property
    def label(self) -> str:
        """The `nav`'s name: « Texte précédent et texte suivant »."""
        return f"{self.previous_label} et {self.next_label[:1].lower()}{self.next_label[1:]}"


def read_on(context: dict, settings: Mapping[str, Any]) -> None:
    """Set `reading` and `thumbnail` on every item a template may show."""
    sequences, related = SEQUENCES, RELATED
    articles = list(context.get("articles", []))
    collections = context.get("collections") or {}
    every = [
        *articles,
        *context.get("drafts", []),
        *(i for c in collections.values() for i in c.written),
    ]
    for item in every:
        item.reading = None
    ordered = sorted(articles, key=_chronological)
    if ARTICLES in sequences:
        _link(ordered, sequences[ARTICLES])
    for name, collection in collections.items():
        if name in sequences:
            items = list(collection.items)
            _link(items[::-1] if collection.type.reverse else items, sequences[name])
    if related > 0:
        for article in articles:
            found = related_to(article, ordered, related)
            if found:
                article.reading = dataclasses.replace(article.reading or ReadingOn(), related=found)
    _thumbnails([*articles, *context.get("drafts", [])], context, settings)


def related_to(article, ordered: list, limit: int) -> list:
    """Up to `limit` other articles sharing the most tags with `article`; ties: the newest."""
    own = _tags(article)
    if not own:
        return []
    shared = [(len(own & _tags(other)), other) for other in ordered if other is not article]
    newest_first = sorted(
        ((count, other) for count, other in shared if count),
        key=lambda pair: (-pair[0], *_newest(pair[1])),
    )
    return [other for _, other in newest_first[:limit]]


def _link(items: list, labels) -> None:
    previous_label, next_label = labels
    for index, item in enumerate(items):
        item.reading = ReadingOn(
            previous=items[index - 1] if index else None,
            next=items[index + 1] if index + 1 < len(items) else None,
            previous_label=previous_label,
            next_label=next_label,
        )


def _chronological(item) -> tuple:
    return (item.date.timestamp(), item.url)


def _newest(item) -> tuple:
    return (-item.date.timestamp(), item.url)


def _tags(item) -> set[str]:
    return {tag.slug for tag in getattr(item, "tags", None) or []}


def _thumbnails(items: list, context: dict, settings: Mapping[str, Any]) -> None:
    published = context.get("images") or {}
    options = dataclasses.replace(read_options(settings), sizes=THUMBNAIL_SIZES)
    for item in items:
        item.thumbnail = None
        cover = getattr(item, "image", None)
        files = published.get(getattr(cover, "rel", None))
        if files is None:
            continue
        smallest = {}
        for variant in sorted(files.variants, key=lambda v: v.width, reverse=True):
            smallest[variant.format] = variant  # the narrowest file of each format
        item.thumbnail = Markup(
            picture_html(tuple(smallest.values()), options, alt=cover.description or "", lazy=True)
        )
