"""The site's navigation, computed once: the menu's sections and every page's breadcrumbs.

Once every generator has built its context (`all_generators_finalized`), this
plugin knows every page a reader can reach and where it belongs: a page under
its `Parent:` page, an article under the archives, a project under the
projects, an issue under the letter. Templates read the context key
`navigation` (a `Navigation`): `navigation.menu` (at most a handful of
sections, each with its children) and `navigation.crumbs(url)` (the trail from
the home page down to that address), plus `navigation.crumbs_jsonld(url,
title)` for schema.org's BreadcrumbList. A `Parent:` that names no page fails
the build with its file and line.

At the same moment (reading.py) it sets, on content objects, what a reader who finishes a
text reads next: `reading` (a `ReadingOn` or None: `previous`, `next`, their wording
`previous_label`, `next_label`, the `nav`'s `label`, and for an article `related`, the
articles sharing the most tags) on every article and collection item, and `thumbnail` (a
lazy `<picture>` of its smallest files, Markup, or None) on every article, for the cards.
It reads `articles`, `drafts`, `collections` (plugins.content_collections: each collection's
`items`, in its listing order) and `images` (plugins.images: each photo's published files).
No settings: the sections and their wording are reading.py's `SEQUENCES`.
"""

from __future__ import annotations

from pelican import signals

from .reading import read_on
from .trail import build_navigation


def _navigate(generators) -> None:
    if generators:
        context = generators[0].context
        context["navigation"] = build_navigation(context, generators[0].settings)
        read_on(context, generators[0].settings)


def register() -> None:
    signals.all_generators_finalized.connect(_navigate)
