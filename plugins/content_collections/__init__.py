"""Collections: guestbook, projects, events, and any type content_types/ declares.

One generic generator (`get_generators`) configured per type by its
declaration (`kind = "collection"`): fields and which are required, URLs, templates, sort
order, groupings, feeds, calendars and « proposer » links. Cross-links between
items, articles and people are computed once, when every generator has read
its content (`all_generators_finalized`).
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
