"""What each item and group needs once every item is read, computed once.

Whether an item is still to come, the « proposer » links of the collections
that point at it (add a testimonial to this event), and the JSON-LD that
depends on other items (the event a testimonial reviews, a group's list).
"""

from __future__ import annotations

from catalyst.model.addresses import linked
from catalyst.model.jsonld import to_script
from catalyst.model.typography.plain import plain_text

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
    if not ctype.jsonld_type:
        return
    for item in collection.items:
        entity = item.jsonld_data.setdefault("mainEntity", {"@type": ctype.jsonld_type})
        for fld in ctype.fields:
            target = getattr(item, f"{fld.name}_item", None)
            if fld.type == "ref" and fld.jsonld and target is not None:
                entity[fld.jsonld] = _reference(target, settings)
        if ctype.jsonld_body:
            entity[ctype.jsonld_body] = plain_text(item.content)
        item.jsonld = to_script(item.jsonld_data)
    for groups in collection.groups.values():
        for group in groups:
            group.jsonld = to_script(_group_page(group, settings))


def _reference(target, settings: dict) -> dict:
    kind = target.collection.jsonld_type or "Thing"
    return {
        "@type": kind,
        "name": plain_text(target.title),
        "url": linked(settings, target.url),
    }


def _group_page(group, settings: dict) -> dict:
    first = group.items[0]
    return {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": plain_text(group.title),
        "url": linked(settings, group.url),
        "license": first.licence.url or first.licence.name,
        "hasPart": [i.jsonld_data.get("mainEntity", {}) for i in group.items],
    }
