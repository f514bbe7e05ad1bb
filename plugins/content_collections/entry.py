"""One generic content class for every collection item.

The item's type (a `CollectionType` from the settings) decides its title,
URL and template; its fields come typed from plugins.content_reader.
Everything is prepared before Pelican's `Content` initialises, so the other
plugins (licence, dates) see the final title and URL at `content_object_init`,
and `jsonld_declaration`: its type's structured data (`[jsonld]`, a
`catalyst.model.jsonld.Declaration`, None when the type declares none), which
plugins.licensing reads with `fields` to describe the item.
"""

from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

from pelican.contents import Content

from catalyst.model import as_text, fill, slug_of

from .config import CollectionType


class Entry(Content):
    mandatory_properties = ()
    default_template = "page"
    default_status = "published"

    def __init__(
        self,
        content,
        metadata=None,
        settings=None,
        source_path=None,
        context=None,
        *,
        collection: CollectionType,
    ):
        self.collection = collection
        settings = settings or {}
        metadata = dict(metadata or {})
        self.fields = metadata.setdefault("fields", {})  # typed by plugins.content_reader
        slug = metadata.get("slug") or os.path.splitext(os.path.basename(source_path or ""))[0]
        metadata["slug"] = slug
        if "date" not in metadata and collection.date_from in self.fields:
            metadata["date"] = _as_datetime(self.fields[collection.date_from], settings)
        metadata.setdefault("template", collection.template)
        metadata["url"], metadata["save_as"] = self._addresses(slug, settings)
        self.jsonld_declaration = collection.jsonld_declaration  # for plugins.licensing
        super().__init__(content, metadata, settings, source_path, context)

    def _addresses(self, slug: str, settings: dict, resolved=None) -> tuple[str, str]:
        in_urls = {k: slug_of(as_text(v), settings) for k, v in self.fields.items()}
        in_urls.update(resolved or {}, slug=slug)
        return fill(self.collection.url, in_urls), fill(self.collection.save_as, in_urls)

    def refer_to(self, name: str, target) -> None:
        """A reference found by its title: addresses use the target's slug, as if written."""
        if slug_of(as_text(self.fields.get(name, "")), self.settings) != target.slug:
            addresses = self._addresses(self.slug, self.settings, {name: target.slug})
            self.override_url, self.override_save_as = addresses


def _as_datetime(value, settings: dict) -> datetime:
    if isinstance(value, datetime):
        return value
    tz = ZoneInfo(settings.get("TIMEZONE", "Europe/Paris"))
    return datetime(value.year, value.month, value.day, tzinfo=tz)
