"""Collection types, from the content model: each declared once in content_types/*.toml.

A collection type is data, not code: its folder, fields, URLs, templates,
sort order, groupings, feed, calendar and "propose" template. Adding a type
is a declaration plus templates. A wrong declaration fails with the plugin,
the file, what was expected and what was received.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from catalyst.model import ContentType, Field, read_model
from catalyst.model.errors import SettingsError
from catalyst.model.jsonld import Declaration


@dataclass(frozen=True)
class Grouping:
    by: str  # field name whose values group items (a list field gives several groups)
    url: str  # "{value}" is the slug of the group's value
    save_as: str
    template: str
    title: str  # "{value}" is the group's display value


@dataclass(frozen=True)
class CollectionType:
    name: str
    path: str  # folder under content/
    fields: tuple[Field, ...]
    url: str
    save_as: str
    template: str
    index_url: str
    index_save_as: str
    index_template: str
    title: str = "{title}"  # how an item's title is made from its fields
    label: str = ""  # French name of the collection, for pages and feeds
    card: str = ""  # include that shows one item in other pages' lists (default: a link)
    sort_by: str = "date"
    reverse: bool = True
    date_from: str = "date"  # field giving the item's date (feeds, archives)
    groups: tuple[Grouping, ...] = ()
    feed_atom: str | None = None
    feed_rss: str | None = None
    calendar: str | None = None  # path of the all-items .ics; items get their own
    item_calendar: str | None = None  # "{slug}" pattern of each item's .ics
    jsonld_type: str | None = None
    jsonld_nested: dict = field(default_factory=dict)  # {"location": "Place"}
    jsonld_body: str | None = None  # property receiving the body as plain text
    model: ContentType | None = None  # the type in the content model: fields, propose

    @property
    def propose(self):
        return self.model.propose if self.model else None

    @cached_property
    def jsonld_declaration(self) -> Declaration | None:
        """Its structured data, as plugins.licensing reads it on each item; None if none."""
        if not self.jsonld_type:
            return None
        return Declaration(self.jsonld_type, self.jsonld_nested, self.jsonld_body, self.fields)

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


_REQUIRED = ("url", "save_as", "template", "index_url", "index_template")


def read_collections(settings: dict) -> tuple[CollectionType, ...]:
    """The model's collection types, with their routing (content_types/*.toml)."""
    model = read_model(settings)  # checks the declarations; raises SettingsError
    return tuple(_read_one(t) for t in model.types if t.collection)


def _read_one(ctype: ContentType) -> CollectionType:
    name, spec = ctype.name, ctype.routing
    where = f"content_types: {name} [routing]"
    missing = [key for key in _REQUIRED if key not in spec]
    if missing:
        raise SettingsError(f"content_collections: {where} lacks {', '.join(missing)}")
    fields = ctype.declared
    groups = tuple(Grouping(**g) for g in spec.get("groups", ()))
    known = {f.name for f in fields} | {"slug", "date", "summary"}
    for grouping in groups:
        if grouping.by not in known:
            raise SettingsError(
                _wrong(f"{where}['groups'].by", f"one of {sorted(known)}", grouping.by)
            )
    options = {k: v for k, v in spec.items() if k != "groups"}
    options.setdefault("index_save_as", options["index_url"] + "index.html")
    try:
        return CollectionType(
            name=name,
            path=ctype.folders[0],
            fields=fields,
            groups=groups,
            title=ctype.title,
            label=ctype.label,
            date_from=ctype.date_from,
            model=ctype,
            **options,
        )
    except TypeError as error:
        raise SettingsError(f"content_collections: {where}: {error}") from None


def _wrong(setting: str, expected: str, received) -> str:
    return f"content_collections: {setting} should be {expected}, received {received!r}"
