"""Collections: guestbook, projects, events, and any type the settings describe.

One generic generator (`get_generators`) configured per type by the
`COLLECTIONS` setting: fields and which are required, URLs, templates, sort
order, groupings, feeds, calendars and « proposer » links. Cross-links between
items, articles and people are computed once, when every generator has read
its content (`all_generators_finalized`).
"""

from __future__ import annotations

from pelican import signals

from .crosslinks import link_everything
from .generator import CollectionsGenerator


def get_generators(pelican):
    if pelican.settings.get("COLLECTIONS"):
        return CollectionsGenerator
    return ()


def link(generators) -> None:
    for generator in generators:
        if isinstance(generator, CollectionsGenerator):
            link_everything(generator.collections, generator.context)


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(link)
