"""Cross-links, computed once per build after every generator has read its content.

Nothing is typed twice: an item referenced by another (a guestbook entry's
event, a project's programme) lists what references it; any article, page or
item that tags or links a collection item is listed on that item's page; each
person gets every item they authored, whatever its type.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict

from catalyst.model import slug_of

_HREF = re.compile(r"""href=["']([^"']+)["']""")
_PLACEHOLDER = re.compile(r"^\{(?:filename|static)\}")


def link_everything(collections: dict, context: dict) -> None:
    items = [i for c in collections.values() for i in c.items]
    sources = list(context.get("articles", [])) + list(context.get("pages", [])) + items
    _references(collections)
    _mentions(items, sources, context)
    context["person_items"] = _by(items, "authors")
    context["tag_items"] = _by(items, "tags")


def _references(collections: dict) -> None:
    for collection in collections.values():
        for item in collection.items:
            item.referenced_by = getattr(item, "referenced_by", None) or defaultdict(list)
    for collection in collections.values():
        for fld in (f for f in collection.type.fields if f.type == "ref"):
            for item in collection.items:
                target = getattr(item, f"{fld.name}_item", None)
                if target is not None:
                    target.referenced_by[collection.name].append(item)


def _mentions(targets: list, sources: list, context: dict) -> None:
    by_key: dict[str, list] = defaultdict(list)
    by_path = {t.relative_source_path: t for t in targets}
    by_url = {t.url.split("#")[0].strip("/"): t for t in targets if t.save_as}
    for target in targets:
        target.mentioned_by = []
        for key in {target.slug, slug_of(target.title, context)}:
            by_key[key].append(target)
    for source in sources:
        found = []
        for tag in getattr(source, "tags", None) or []:
            found += by_key.get(tag.slug, [])
        for href in _HREF.findall(source._content or ""):
            found += _link_target(href, source, by_path, by_url)
        source.mentions = []
        for target in found:
            if target is not source and target not in source.mentions:
                source.mentions.append(target)
                target.mentioned_by.append(source)
    for target in targets:
        target.mentioned_by.sort(key=lambda s: getattr(s, "date", None) is None)


def _link_target(href: str, source, by_path: dict, by_url: dict) -> list:
    if _PLACEHOLDER.match(href):
        path = _PLACEHOLDER.sub("", href).split("#")[0]
        if path.startswith("/"):
            path = path.lstrip("/")
        else:
            path = posixpath.normpath(
                posixpath.join(posixpath.dirname(source.relative_source_path), path)
            )
        return [by_path[path]] if path in by_path else []
    local = href.split("#")[0].split("?")[0].strip("/")
    return [by_url[local]] if local in by_url else []


def _by(items: list, attribute: str) -> dict:
    """Items by the slug of each of their authors (or tags)."""
    found: dict[str, list] = defaultdict(list)
    for item in items:
        for wrapper in getattr(item, attribute, None) or []:
            found[wrapper.slug].append(item)
    return dict(found)
