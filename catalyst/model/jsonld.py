"""schema.org descriptions (JSON-LD) of content objects, licence included.

Computed once per object when it is created (plugins.licensing). Other plugins add their
own `@type` by setting `jsonld_type` and `jsonld_extra` on the object before `describe()`
runs, or by updating `instance.jsonld_data` afterwards; the collections and the breadcrumbs
write theirs with `to_script()` too, so both live here, below every plugin.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from catalyst.model.addresses import linked
from catalyst.model.images.markup import Cover
from catalyst.model.licences import Licence
from catalyst.model.typography.plain import plain_text


def _person(author: Any, settings: Mapping[str, Any]) -> dict[str, Any]:
    return {"@type": "Person", "name": str(author), "url": linked(settings, author.url)}


def describe(instance: Any, licence: Licence) -> dict[str, Any]:
    settings = instance.settings
    kind = getattr(instance, "jsonld_type", None) or (
        "Article" if type(instance).__name__ == "Article" else "WebPage"
    )
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": kind,
        "name": plain_text(getattr(instance, "title", "")),
        "url": linked(settings, instance.url),
        "inLanguage": getattr(instance, "lang", settings.get("DEFAULT_LANG", "fr")),
        "license": licence.url or licence.name,
        "publisher": {"@type": "Organization", "name": settings.get("AUTHOR", "")},
    }
    if kind == "Article":
        data["headline"] = data["name"]
    authors = getattr(instance, "authors", None) or []
    if authors:
        data["author"] = [_person(a, settings) for a in authors]
    if hasattr(instance, "date"):
        data["datePublished"] = instance.date.isoformat()
    if hasattr(instance, "modified"):
        data["dateModified"] = instance.modified.isoformat()
    summary = instance.metadata.get("summary")
    if summary:
        data["description"] = plain_text(summary)
    source = instance.metadata.get("source")
    if source:
        data["isBasedOn"] = {"@type": "CreativeWork", "url": source}
        name = instance.metadata.get("source-name")
        if name:
            data["isBasedOn"]["name"] = plain_text(name)
    cover = instance.metadata.get("image")
    if isinstance(cover, Cover):  # the page's photo, resized (catalyst.model.images)
        data["image"] = linked(settings, cover.og.path)
    data.update(getattr(instance, "jsonld_extra", None) or {})
    return data


# Inside <script>, the HTML parser ends the block at `</script` and enters another state at
# `<!--`; `&` is escaped too so no value can ever read as markup. JSON's \u escapes keep the
# data identical for every JSON-LD reader.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})  # fmt: skip


def to_script(data: dict[str, Any]) -> Markup:
    """Safe to embed in <script type="application/ld+json">, whatever the values hold."""
    text = json.dumps(data, ensure_ascii=False, indent=None, sort_keys=False)
    return Markup(text.translate(_SCRIPT_SAFE))
