"""What each item and group needs once every item is read, computed once.

Whether an item is still to come, the « proposer » links of the collections
that point at it (add a testimonial to this event), and what the structured data
needs of other items, for plugins.licensing, which makes it: each item's
`jsonld_references` (the item each of its reference fields points to, as a
`catalyst.model.jsonld.Reference`, by field name) and the context key
`jsonld_groups` (the group pages of the types that declare `[jsonld]`).
"""

from __future__ import annotations

from catalyst.model.jsonld import Reference

from .propose import propose_links


def enrich(collection, collections: dict, settings: dict, today) -> None:
    ctype = collection.type
    for item in collection.items:
        item.is_upcoming = hasattr(item, "date") and item.date.date() >= today
        item.propose_from = {}
    for other in collections.values():
        for fld in other.type.fields:
            if fld.type == "ref" and fld.collection == ctype.name and other.type.propose:
                for item in collection.items:
                    item.propose_from[other.name] = propose_links(
                        other.type, settings, group=item.slug
                    )
    if ctype.jsonld_declaration is None:
        return
    for item in collection.items:
        item.jsonld_references = {
            fld.name: _reference(target)
            for fld in ctype.fields
            if fld.type == "ref"
            and fld.jsonld
            and (target := getattr(item, f"{fld.name}_item", None)) is not None
        }


def jsonld_groups(collections: dict) -> list:
    """The group pages that carry a description: those of types that declare `[jsonld]`."""
    return [
        group
        for collection in collections.values()
        if collection.type.jsonld_declaration is not None
        for groups in collection.groups.values()
        for group in groups
    ]


def _reference(target) -> Reference:
    declared = target.collection.jsonld_declaration
    return Reference(declared.type if declared else "Thing", target.title, target.url)
