"""Feed classes that carry every author and the licence of each entry.

feedgenerator writes a single author per entry and no per-entry rights in
RSS; these subclasses add the missing elements without rewriting the rest.
"""

from __future__ import annotations

from feedgenerator import Atom1Feed, Rss201rev2Feed

DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"


class AtomFeed(Atom1Feed):
    """Atom: one <author> per author, <rights> per entry (native)."""

    def add_item_elements(self, handler, item):
        authors = item.get("authors") or []
        if authors:
            item = {**item, "author_name": None}
        super().add_item_elements(handler, item)
        for name, uri in authors:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            if uri:
                handler.addQuickElement("uri", uri)
            handler.endElement("author")


class RssFeed(Rss201rev2Feed):
    """RSS 2.0: one <dc:creator> per author, <dc:rights> per entry."""

    def rss_attributes(self):
        attrs = super().rss_attributes()
        attrs["xmlns:dc"] = DC_NAMESPACE
        return attrs

    def add_item_elements(self, handler, item):
        authors = item.get("authors") or []
        if authors:
            item = {**item, "author_name": None}
        super().add_item_elements(handler, item)
        for name, _uri in authors:
            handler.addQuickElement("dc:creator", name)
        if item.get("item_copyright"):
            handler.addQuickElement("dc:rights", item["item_copyright"])
