"""Collections: guestbook, projects, events, and any type content_types/ declares.

One generic generator (`get_generators`) configured per type by its
declaration (`kind = "collection"`): fields and which are required, URLs, templates, sort
order, groupings, feeds, calendars and « proposer » links. Cross-links between
items, articles and people are computed once, when every generator has read
its content (`all_generators_finalized`).

Structured data (JSON-LD) is made by plugins.licensing alone; this plugin provides
what only it knows, documented in docs/developers/architecture.md:
- on each item, as it is created, `jsonld_declaration`: its type's `[jsonld]` (a
  `catalyst.model.jsonld.Declaration`: type, nested types, body property, fields), or
  None when the type declares none; the values are the item's `fields`;
- on each listed item of such a type, once references are resolved (`generate_context`),
  `jsonld_references`: `{field name: catalyst.model.jsonld.Reference}` of the items its
  reference fields point to;
- the context key `jsonld_groups`: the group pages of such types (`title`, `url`,
  `items`), each of which gets `jsonld` for its template.
"""

from __future__ import annotations

from pelican import signals

from catalyst.model import read_model

from .crosslinks import link_everything
from .generator import CollectionsGenerator
from .options import SETTINGS


def get_generators(pelican):
    if any(t.collection for t in read_model(pelican.settings).types):
        return CollectionsGenerator
    return ()


def link(generators) -> None:
    for generator in generators:
        if isinstance(generator, CollectionsGenerator):
            link_everything(generator.collections, generator.context)


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(link)


__all__ = ["SETTINGS", "register"]
