"""sitemap.xml listing every page a reader can reach, collections included.

A generator (Pelican's `get_generators`), because the sitemap is an output
file of its own. It reads Pelican's articles and pages from the context, and
every other page from the outputs registry (catalyst.model.outputs,
kind "page"): one pass, no template rendering, no other plugin's internals.
"""

from __future__ import annotations

import os
from xml.sax.saxutils import escape

from pelican import signals
from pelican.generators import Generator

from catalyst.model.addresses import public_base
from catalyst.model.outputs import declared
from catalyst.model.settings_spec import Setting, value

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
SETTINGS = (Setting("SITEMAP_SAVE_AS", "sitemap.xml", "where to write it; empty to disable"),)


class SitemapGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        settings = self.settings
        path = value(settings, SETTINGS, "SITEMAP_SAVE_AS")
        if not path:
            return
        base = public_base(settings)
        entries = {url: lastmod for url, lastmod in _pages(self.context)}
        lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{NAMESPACE}">']
        for url in sorted(entries):
            lines.append(f"  <url><loc>{escape(base + '/' + url)}</loc>")
            if entries[url]:
                lines.append(f"    <lastmod>{entries[url]}</lastmod>")
            lines.append("  </url>")
        lines.append("</urlset>")
        target = os.path.join(self.output_path, path)
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")


def _lastmod(item) -> str | None:
    moment = getattr(item, "modified", None) or getattr(item, "date", None)
    return moment.date().isoformat() if moment else None


def _pages(context: dict):
    yield "", None
    for item in list(context.get("articles", [])) + list(context.get("pages", [])):
        yield item.url, _lastmod(item)
    for output in declared(context, "page"):
        if output.url is not None:
            yield output.url, output.lastmod


def get_generators(_pelican):
    return SitemapGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
