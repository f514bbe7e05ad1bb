"""schema.org descriptions (JSON-LD) of content objects, licence included.

Pure functions of plain inputs, no Pelican: `describe()` makes an item's whole description
from its base facts (`Facts`), its licence, its collection type's `[jsonld]` declaration
(`Declaration`) with the typed values of its fields, its resolved references (`Reference`)
and its body; `describe_group()` a group page's. One plugin step calls them
(plugins.licensing), from what the other plugins provide; `to_script()` makes any of them,
the breadcrumbs' too (plugins.navigation), safe inside a <script> tag.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from markupsafe import Markup

from catalyst.model.addresses import linked
from catalyst.model.fields import Field
from catalyst.model.licences import Licence
from catalyst.model.typography.plain import plain_text


@dataclass(frozen=True)
class Person:
    name: str
    url: str  # relative to the site's root, as Pelican gives it


@dataclass(frozen=True)
class Facts:
    """What any item says of itself. `title` and `summary` are HTML (the reader's), URLs are
    relative to the site's root; the description has their text and absolute forms."""

    kind: str  # "Article" (it gets a `headline`) or "WebPage"
    title: str
    url: str
    lang: str
    authors: Sequence[Person] = ()
    published: datetime | None = None
    modified: datetime | None = None
    summary: str | None = None
    source: str | None = None  # the original of a republished piece (`Source:`)
    source_name: str | None = None  # HTML (`Source-Name:`)
    image: str | None = None  # the page's photo, as resized for sharing (catalyst.model.images)


@dataclass(frozen=True)
class Declaration:
    """A collection type's structured data: its `[jsonld]` table and its fields' `jsonld`."""

    type: str  # the item's schema.org type, its page's `mainEntity`
    nested: Mapping[str, str] = field(default_factory=dict)  # {"location": "Place"}
    body: str | None = None  # property receiving the body as plain text
    fields: Sequence[Field] = ()  # in declaration order; `jsonld` names each one's property


@dataclass(frozen=True)
class Reference:
    """The item a reference field points to: its type, its title (HTML) and its URL."""

    type: str  # its own collection's `Declaration.type`, or "Thing"
    title: str
    url: str


def describe(
    facts: Facts,
    licence: Licence,
    settings: Mapping[str, Any],
    *,
    declaration: Declaration | None = None,
    values: Mapping[str, Any] | None = None,
    references: Mapping[str, Reference] | None = None,
    body: str | None = None,
) -> dict[str, Any]:
    """An item's description. With a `declaration`, the item (its fields' typed `values`, its
    `references` by field name, its `body`, HTML) is the page's `mainEntity`."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": facts.kind,
        "name": plain_text(facts.title),
        "url": linked(settings, facts.url),
        "inLanguage": facts.lang,
        "license": licence.url or licence.name,
        "publisher": {"@type": "Organization", "name": settings.get("AUTHOR", "")},
    }
    if facts.kind == "Article":
        data["headline"] = data["name"]
    if facts.authors:
        data["author"] = [
            {"@type": "Person", "name": a.name, "url": linked(settings, a.url)}
            for a in facts.authors
        ]
    if facts.published is not None:
        data["datePublished"] = facts.published.isoformat()
    if facts.modified is not None:
        data["dateModified"] = facts.modified.isoformat()
    if facts.summary:
        data["description"] = plain_text(facts.summary)
    if facts.source:
        data["isBasedOn"] = {"@type": "CreativeWork", "url": facts.source}
        if facts.source_name:
            data["isBasedOn"]["name"] = plain_text(facts.source_name)
    if facts.image:
        data["image"] = linked(settings, facts.image)
    if declaration is not None:
        data["mainEntity"] = main_entity(
            declaration, values or {}, references or {}, body, settings
        )
    return data


def main_entity(
    declaration: Declaration,
    values: Mapping[str, Any],
    references: Mapping[str, Reference],
    body: str | None,
    settings: Mapping[str, Any],
) -> dict[str, Any]:
    """The item itself: its fields' values, then its references, then its body as text."""
    entity: dict[str, Any] = {"@type": declaration.type}
    for fld in declaration.fields:
        if not fld.jsonld or fld.name not in values or fld.type == "ref":
            continue
        *parents, leaf = fld.jsonld.split(".")
        node = entity
        for parent in parents:
            node = node.setdefault(parent, {"@type": declaration.nested.get(parent, "Thing")})
        node[leaf] = _value(values[fld.name])
    for fld in declaration.fields:
        target = references.get(fld.name)
        if fld.type == "ref" and fld.jsonld and target is not None:
            entity[fld.jsonld] = {
                "@type": target.type,
                "name": plain_text(target.title),
                "url": linked(settings, target.url),
            }
    if declaration.body and body is not None:
        entity[declaration.body] = plain_text(body)
    return entity


def describe_group(
    title: str,
    url: str,
    licence: Licence,
    parts: Sequence[Mapping[str, Any]],
    settings: Mapping[str, Any],
) -> dict[str, Any]:
    """A page listing items (a group of a collection): `parts` are their main entities."""
    return {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": plain_text(title),
        "url": linked(settings, url),
        "license": licence.url or licence.name,
        "hasPart": list(parts),
    }


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return str(value)


# Inside <script>, the HTML parser ends the block at `</script` and enters another state at
# `<!--`; `&` is escaped too so no value can ever read as markup. JSON's \u escapes keep the
# data identical for every JSON-LD reader.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})  # fmt: skip


def to_script(data: Mapping[str, Any]) -> Markup:
    """Safe to embed in <script type="application/ld+json">, whatever the values hold."""
    text = json.dumps(data, ensure_ascii=False, indent=None, sort_keys=False)
    return Markup(text.translate(_SCRIPT_SAFE))
