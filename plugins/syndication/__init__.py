"""Feeds that say who wrote each entry and under which licence.

Pelican's writer puts only the first author in each entry, no rights at all,
and derives entry ids from URL and date. A writer subclass (Pelican's
`get_writer` extension point, since feeds are written by the writer) adds:
every author of an entry, the site licence (`<rights>` / `<copyright>`),
each entry's licence and attribution (`<rights>` / `<dc:rights>`, plus a short
attribution paragraph at the end of the content when
`SYNDICATION_ATTRIBUTION` is true), and ids built from the site host, the
publication date and the item's source file, which do not change when a title
or a URL scheme does.

Feeds are sized for their readers. The site's feed (`FEED_ALL_ATOM`, and RSS
for older readers) carries each entry's full text; a category, author or tag
feed only tells that something new appeared there: its latest
`SYNDICATION_TAXONOMY_MAX_ITEMS` entries, each with its summary and link,
unless `SYNDICATION_TAXONOMY_FULL_CONTENT` is set. Full texts in every
taxonomy feed made 9 in 10 bytes of a 1,000-article site and a fifth of its
build time, for readers who already get them from the site's feed.
"""

from __future__ import annotations

import os

from markupsafe import escape
from pelican import signals
from pelican.utils import set_date_tzinfo
from pelican.writers import Writer

from catalyst.model.settings_spec import SITE_HOST, Setting, value
from catalyst.model.site_licence import default_licence
from catalyst.model.typography.plain import plain_text

from .feeds import AtomFeed, RssFeed


def rights_text(licence, authors, source_name=None) -> str:
    names = ", ".join(str(a) for a in authors)
    text = f"{licence.name} ({licence.key})" if licence.url else licence.name
    if licence.url:
        text += f" — {licence.url}"
    credit = f"© {names}" if names else ""
    if source_name:
        credit += f", publié à l’origine par {source_name}"
    return f"{credit}. {text}" if credit else text


def attribution_html(item) -> str:
    licence = item.licence
    authors = ", ".join(str(a) for a in getattr(item, "authors", []))
    parts = [f"Texte de {escape(authors)}" if authors else "Texte"]
    if item.source_url:
        parts.append(
            f', publié à l’origine sur <a href="{escape(item.source_url)}">'
            f"{escape(plain_text(item.source_name))}</a>"
        )
    if licence.url:
        parts.append(f', sous licence <a href="{escape(licence.url)}">{escape(licence.key)}</a>.')
    else:
        parts.append(f" — {escape(licence.name)}.")
    return f'<p class="attribution">{"".join(parts)}</p>'


SETTINGS = (
    Setting(
        "SYNDICATION_ATTRIBUTION", True, "end each entry's content with an attribution paragraph"
    ),
    Setting(
        "SYNDICATION_TAXONOMY_MAX_ITEMS",
        10,
        "entries in a category, author or tag feed (`0`: all)",
    ),
    Setting("SYNDICATION_TAXONOMY_FULL_CONTENT", False, "`True`: full texts in those feeds too"),
    SITE_HOST,  # plugins.content_collections' calendars use it too: declared in the model
)
FEED_KINDS = (
    ("CATEGORY_FEED", "catégorie"),
    ("AUTHOR_FEED", "auteur ou autrice"),
    ("TAG_FEED", "mot-clé"),
)


class SyndicationWriter(Writer):
    _summaries = False  # the feed being written gives summaries, not full texts

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom", **kwargs):
        kind = self._feed_kind(path) if path else None
        title = kwargs.get("feed_title")
        if title and kind:  # Pelican titles a category feed and an author feed alike
            kwargs["feed_title"] = f"{title} ({kind})"
        self._summaries = bool(kind) and not value(
            self.settings, SETTINGS, "SYNDICATION_TAXONOMY_FULL_CONTENT"
        )
        if kind:
            cap = value(self.settings, SETTINGS, "SYNDICATION_TAXONOMY_MAX_ITEMS")
            elements = list(elements)[:cap] if cap else elements
        try:
            return super().write_feed(elements, context, path, url, feed_type, **kwargs)
        finally:
            self._summaries = False

    def _feed_kind(self, path: str) -> str | None:
        folder = os.path.dirname(path)
        for prefix, label in FEED_KINDS:
            for suffix in ("_ATOM", "_RSS"):
                pattern = self.settings.get(prefix + suffix)
                if pattern and os.path.dirname(pattern) == folder:
                    return label
        return None

    def _base(self) -> str:
        """Feed readers need absolute links, even from a development build."""
        return (self.site_url or self.settings.get("FEED_DOMAIN") or "").rstrip("/")

    def _create_new_feed(self, feed_type, feed_title, context):
        feed_class = RssFeed if feed_type == "rss" else AtomFeed
        title = context["SITENAME"] + (f" – {feed_title}" if feed_title else "")
        licence = default_licence(self.settings)
        return feed_class(
            title=plain_text(title),
            link=self._base() + "/",
            feed_url=self.feed_url,
            description=context.get("SITESUBTITLE", ""),
            subtitle=context.get("SITESUBTITLE", None),
            language=self.settings.get("DEFAULT_LANG"),
            feed_copyright=rights_text(licence, [context.get("AUTHOR", "")]) if licence else None,
        )

    def _add_item_to_the_feed(self, feed, item):
        base = self._base()
        link = self.urljoiner(base, item.url)
        summary = item.summary
        content = summary if self._summaries else item.get_content(base)
        licence = getattr(item, "licence", None)
        attribution = value(self.settings, SETTINGS, "SYNDICATION_ATTRIBUTION")
        if licence and attribution and not self._summaries:
            content += attribution_html(item)
        authors = getattr(item, "authors", None) or []
        is_rss = isinstance(feed, RssFeed)
        tz = self.settings.get("TIMEZONE")
        feed.add_item(
            title=plain_text(item.title),
            link=link,
            unique_id=entry_id(item, self.settings),
            description=content
            if is_rss or self._summaries
            else (None if summary == content else summary),
            content=None if is_rss or self._summaries else content,
            categories=[str(c) for c in _categories(item)] or None,
            authors=[(str(a), self.urljoiner(base, a.url)) for a in authors],
            item_copyright=rights_text(
                licence, authors, item.source_name if item.source_url else None
            )
            if licence
            else None,
            pubdate=set_date_tzinfo(item.date, tz),
            updateddate=set_date_tzinfo(item.modified, tz) if hasattr(item, "modified") else None,
        )


def _categories(item) -> list:
    found = [item.category] if getattr(item, "category", None) else []
    return found + list(getattr(item, "tags", []) or [])


def entry_id(item, settings: dict) -> str:
    """tag: URI (RFC 4151) from host, publication date and source file."""
    host = value(settings, SETTINGS, "SITE_HOST", empty_is_default=True)
    day = item.date.strftime("%Y-%m-%d")
    source = (item.relative_source_path or item.slug).replace("\\", "/")
    return f"tag:{host},{day}:{source}"


def get_writer(_pelican):
    return SyndicationWriter


def register() -> None:
    signals.get_writer.connect(get_writer)
