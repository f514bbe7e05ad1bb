"""The generator behind every collection type (guestbook, projects, events…).

Pelican's `get_generators` extension point: collections are new content
types with pages of their own. `generate_context` reads each type's folder
with Pelican's readers, one file at a time; `generate_output` writes item
pages, the index, one page per group value, feeds and calendars.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from markupsafe import Markup, escape
from pelican.contents import SkipStub
from pelican.generators import Generator

from catalyst.model import settings_spec, slug_of
from catalyst.model.problems import read_failure, report

from .calendar import write_calendars
from .config import CollectionType, Grouping, read_collections
from .enrich import enrich, jsonld_groups
from .entry import Entry
from .options import SETTINGS
from .outputs import declare_outputs
from .propose import propose_links

logger = logging.getLogger(__name__)


@dataclass
class Group:
    """The items sharing one value of a grouping field (an event, a status, a tag)."""

    grouping: Grouping
    value: str
    slug: str
    items: list = field(default_factory=list)
    target: object = None  # the item a reference points to (the event of a guestbook group)

    @property
    def url(self) -> str:
        return self.grouping.url.format(value=self.slug)

    @property
    def save_as(self) -> str:
        return self.grouping.save_as.format(value=self.slug)

    @property
    def title(self) -> Markup:
        """HTML: the pattern (a setting, text) with the target's title (HTML the reader made
        and checked) or the value as written (text, escaped)."""
        own = getattr(self.target, "title", None)
        return escape(self.grouping.title).format(value=Markup(own) if own else self.value)


@dataclass
class Collection:
    """What templates see as `collections[name]`."""

    type: CollectionType
    items: list = field(default_factory=list)
    drafts: list = field(default_factory=list)
    hidden: list = field(default_factory=list)  # written, never listed
    groups: dict = field(default_factory=dict)  # field name → list[Group]
    by_slug: dict = field(default_factory=dict)
    settings: dict = field(default_factory=dict, repr=False)

    @property
    def name(self) -> str:
        return self.type.name

    @property
    def url(self) -> str:
        return self.type.index_url

    @property
    def written(self) -> list:
        """Items with a page of their own: hidden ones, and drafts unless drafts are never
        written (production empties Pelican's `DRAFT_SAVE_AS`)."""
        drafts = self.drafts if self.settings.get("DRAFT_SAVE_AS") else []
        return self.items + self.hidden + drafts

    def group(self, by: str, value: str) -> Group | None:
        slug = slug_of(value, self.settings)
        return next((g for g in self.groups.get(by, []) if g.slug == slug), None)


class CollectionsGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.collections = {
            t.name: Collection(t, settings=self.settings) for t in read_collections(self.settings)
        }

    def generate_context(self):
        for collection in self.collections.values():
            self._read(collection)
        for collection in self.collections.values():
            self._check_references(collection)
            self._group(collection)
        today = _today(self.settings)
        for collection in self.collections.values():
            enrich(collection, self.collections, self.settings, today)
        self.context["collections"] = self.collections
        self.context["jsonld_groups"] = jsonld_groups(self.collections)  # for plugins.licensing
        self.context["today"] = today
        for collection in self.collections.values():
            declare_outputs(collection, self.context)

    def _read(self, collection: Collection) -> None:
        ctype = collection.type
        content_class = partial(Entry, collection=ctype)
        content_class.__name__ = Entry.__name__  # Pelican's readers log the class name
        for path in sorted(self.get_files(ctype.path, extensions=self.readers.extensions)):
            try:
                item = self.readers.read_file(
                    base_path=self.path,
                    path=path,
                    content_class=content_class,
                    context=self.context,
                )
            except Exception as error:  # a reader failure must name the file, not stop the build
                read_failure(self.context, os.path.join(self.path, path), error)
                self._add_failed_source_path(path)
                continue
            if isinstance(item, SkipStub):  # refused by the reader, which reported why
                self._add_failed_source_path(path)
                continue
            self.add_source_path(item)
            if item.status == "draft":
                collection.drafts.append(item)
            elif item.status == "hidden":
                collection.hidden.append(item)
            else:
                collection.items.append(item)
        key = ctype.sort_by
        collection.items.sort(key=lambda i: _sort_key(i, key), reverse=ctype.reverse)
        collection.by_slug = {i.slug: i for i in collection.items}

    def _check_references(self, collection: Collection) -> None:
        for fld in (f for f in collection.type.fields if f.type == "ref"):
            target = self.collections.get(fld.collection)
            known = {slug_of(i.title, self.settings): i for i in (target.items if target else [])}
            known.update(target.by_slug if target else {})  # a slug wins over another's title
            for item in collection.items:
                value = item.fields.get(fld.name)
                setattr(item, f"{fld.name}_item", None)
                if value is None:
                    continue
                if slug_of(value, self.settings) in known:
                    found = known[slug_of(value, self.settings)]
                    setattr(item, f"{fld.name}_item", found)
                    item.refer_to(fld.name, found)
                else:
                    slugs = sorted(target.by_slug) if target else []
                    choices = ", ".join(f"« {s} »" for s in slugs) or "aucun pour l’instant"
                    where = target.type.label if target and target.type.label else fld.collection
                    report(
                        self.context,
                        item.source_path,
                        f"« {value} » ne correspond à aucun élément de « {where} »",
                        fix=f"valeurs possibles : {choices}",
                        line=item.metadata.get("header_lines", {}).get(fld.name),
                    )

    def _group(self, collection: Collection) -> None:
        for grouping in collection.type.groups:
            groups: dict[str, Group] = {}
            for item in collection.items:
                target = getattr(item, f"{grouping.by}_item", None)
                for value in _values(item, grouping.by):
                    slug = target.slug if target else slug_of(value, self.settings)  # title or slug
                    group = groups.setdefault(slug, Group(grouping, value, slug))
                    group.items.append(item)
                    group.target = group.target or target
            ordered = sorted(groups.values(), key=lambda g: _group_order(g, collection.type))
            collection.groups[grouping.by] = ordered

    def write_items(self, writer) -> None:
        """Each item's own page (the preview renders a saved item's page alone with it)."""
        for collection in self.collections.values():
            propose = propose_links(collection.type, self.settings)
            for item in collection.written:
                if item.save_as:
                    writer.write_file(
                        item.save_as,
                        self.get_template(item.template),
                        self.context,
                        item=item,
                        page=item,
                        relative_urls=self.settings["RELATIVE_URLS"],
                        url=item.url,
                        collection=collection,
                        propose=propose,
                    )

    def generate_output(self, writer):
        self.write_items(writer)
        for collection in self.collections.values():
            ctype = collection.type
            extra = {"collection": collection, "propose": propose_links(ctype, self.settings)}
            writer.write_file(
                ctype.index_save_as,
                self.get_template(ctype.index_template),
                self.context,
                url=ctype.index_url,
                **extra,
            )
            for groups in collection.groups.values():
                for group in groups:
                    links = propose_links(ctype, self.settings, group=group.slug)
                    writer.write_file(
                        group.save_as,
                        self.get_template(group.grouping.template),
                        self.context,
                        url=group.url,
                        group=group,
                        **{**extra, "propose": links},
                    )
            for path, feed_type in ((ctype.feed_atom, "atom"), (ctype.feed_rss, "rss")):
                if path:
                    writer.write_feed(
                        collection.items,
                        self.context,
                        path,
                        feed_type=feed_type,
                        feed_title=ctype.label or ctype.name,
                    )
            write_calendars(collection, self.settings, self.output_path)
        self._write_taxonomy_pages(writer, "authors", "author")
        self._write_taxonomy_pages(writer, "tags", "tag")

    def _write_taxonomy_pages(self, writer, kind: str, template_name: str) -> None:
        """Author or tag pages for people and tags found only in collections.

        Pelican writes them only for article authors and tags; a person who
        only wrote a testimonial, or a tag only an event carries, gets one too.
        """
        if not self.settings.get(f"{template_name.upper()}_SAVE_AS"):
            return
        done = {wrapper.slug for wrapper, _ in self.context.get(kind, [])}
        template = self.get_template(template_name)
        for collection in self.collections.values():
            for item in collection.items:
                for wrapper in getattr(item, kind, None) or []:
                    if wrapper.slug in done:
                        continue
                    done.add(wrapper.slug)
                    writer.write_file(
                        wrapper.save_as,
                        template,
                        self.context,
                        url=wrapper.url,
                        page_name=wrapper.page_name,
                        articles=[],
                        dates=[],
                        **{template_name: wrapper},
                    )


def _today(settings: dict) -> date:
    forced = settings_spec.value(settings, SETTINGS, "COLLECTIONS_TODAY")
    return date.fromisoformat(forced) if forced else date.today()


def _values(item, by: str) -> list[str]:
    value = item.fields.get(by, getattr(item, by, None))
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def _sort_key(item, key: str):
    value = item.fields.get(key, getattr(item, key, None))
    if value is None:
        return (0, "")
    if hasattr(value, "isoformat"):
        return (1, value.isoformat())
    return (1, str(value).casefold())


def _group_order(group: Group, ctype: CollectionType):
    fld = ctype.field(group.grouping.by)
    if fld and fld.choices and group.value in fld.choices:
        return (0, fld.choices.index(group.value), "")
    moment = getattr(group.target, "date", None)
    if moment is not None:  # newest referenced item first (e.g. events)
        return (0, -moment.timestamp(), "")
    return (1, 0, group.slug)  # the slug sorts « Écloserie » among the E
