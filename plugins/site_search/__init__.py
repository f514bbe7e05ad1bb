"""Search in French, static and private: Pagefind, in the shape of pelican-search.

pelican-search (the plugin the mission names) drives only Stork, discontinued
in 2023, whose binary no registry here offers; its maintainer invited a
Pagefind mode. This plugin is that mode, with pelican-search's `SEARCH_…`
settings: once every page is written (`finalized`, on the staged build, so
the index always matches what the atomic switch releases), Pagefind's Python
API indexes the output. Only elements marked `data-pagefind-body` are indexed
(articles, pages, projects, events, testimonials), never listings or drafts;
Pagefind's binary comes inside its PyPI wheel (`pagefind[bin]`).

A generator writes the search page (`search.html`), whose script loads
`/pagefind/pagefind.js` and only the index chunks a query needs; every other
page has a plain form that submits to it.

Named `site_search` so it can never clash with the `search` namespace plugin.
Settings: `SETTINGS`, in options.py.
"""

from __future__ import annotations

from pelican import signals
from pelican.generators import Generator

from .indexer import index_site
from .options import SETTINGS, read_options


class SearchPageGenerator(Generator):
    """The search page: one template, written like Pelican's direct templates."""

    def generate_context(self):
        self.context["search"] = read_options(self.settings)

    def generate_output(self, writer):
        options = self.context["search"]
        if options.page_save_as:
            writer.write_file(
                options.page_save_as,
                self.get_template("search"),
                self.context,
                url=options.page_url,
            )


def get_generators(pelican):
    return SearchPageGenerator if read_options(pelican.settings).enabled else ()


def _index(pelican) -> None:
    options = read_options(pelican.settings)
    if options.enabled and options.index:
        index_site(pelican.output_path, options)


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(_index)


__all__ = ["SETTINGS", "SearchPageGenerator", "register"]
