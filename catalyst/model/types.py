"""Content types: which folder holds them, which header fields they accept.

Each type is declared in its own file of content_types/ (declarations.py); here are the
fields several types share (`SHARED`: status, common, overrides) and how a declaration
becomes a `ContentType`. A type's fields are what validation accepts, what conversion
produces, what « proposer » templates offer and what CONTRIBUTING.md lists.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

from .declarations import Declaration, read_declarations, types_folder
from .errors import SettingsError
from .fields import TYPES, Field
from .keys import suggest

STATUSES = ("published", "draft", "hidden")


@dataclass(frozen=True)
class Propose:
    label: str  # « Ajouter un témoignage »
    filename: str  # path in the repository; may use {group} (e.g. the event slug)
    body: str  # the text offered under the header (the header comes from the fields' examples)


@dataclass(frozen=True)
class ContentType:
    name: str  # "article", "page" or a collection name
    label: str  # French name of the type: « Articles », « Livre d’or »
    described: str  # for messages: « un article », « un élément de « Projets » »
    folders: tuple[str, ...]  # under content/
    fields: tuple[Field, ...]  # every key an item may write, in the order shown to volunteers
    one_of: tuple[tuple[str, ...], ...] = ()  # one of them required, not two
    title: str = "{title}"  # how an item's title is made from its fields
    date_from: str = "date"  # the field giving the item's date
    propose: Propose | None = None
    collection: bool = False
    own: tuple[str, ...] = ()  # names of the fields the type declares (not the common ones)
    file_name: str = ""  # a pattern the file's name (without .md) must match, if any
    file_name_example: str = ""  # a name that matches it, for the message
    item: str = ""  # one item, in French (« témoignage »): `invoke new temoignage`
    items: str = ""  # several, in French (« témoignages »): « 31 témoignages »
    letter_order: int | None = None  # its section's place in the weekly letter
    # where a collection's pages go and how they look ([routing] and [jsonld] of its declaration)
    routing: Mapping[str, Any] = dataclasses.field(default_factory=dict, hash=False, compare=False)

    @property
    def item_name(self) -> str:
        return self.item or self.name

    @property
    def by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    def field(self, name: str) -> Field | None:
        return self.by_name.get(name)

    def suggest(self, written: str) -> str | None:
        return suggest(written, self.by_name)

    @property
    def declared(self) -> tuple[Field, ...]:
        """The type's own fields (a collection's `fields`), without the common ones."""
        return tuple(f for f in self.fields if f.name in self.own)


class _Options(TypedDict, total=False):
    """The rest of a `Field`'s attributes, by keyword."""

    required: bool
    choices: tuple[str, ...]
    collection: str | None
    jsonld: str | None
    example: str
    personal: bool
    advanced: bool
    spelling: str


def _f(
    name: str, type_: str = "text", label: str = "", help_: str = "", **options: Unpack[_Options]
) -> Field:
    return Field(name, type_, label=label, help=help_, **options)


SUMMARY = _f(
    "summary", "summary", "Résumé", "une ou deux phrases pour la page d’accueil et les flux"
)
COMMON = (
    SUMMARY,
    _f("slug", "slug", "Adresse", "l’adresse de la page, si elle doit différer du nom du fichier",
       advanced=True),
    _f("lang", "lang", "Langue", "`fr` par défaut ; `en` pour un texte en anglais"),
    _f("license", "licence", "Licence",
       "`CC BY-SA 4.0` par défaut ; sinon `CC BY 4.0`, `CC0 1.0`, `CC BY-NC-SA 4.0` ou "
       "`all-rights-reserved`"),
    _f("source", "url", "Source",
       "pour un texte republié : l’adresse de la publication d’origine"),
    _f("source-name", "text", "Nom de la source",
       "le nom de la publication d’origine (« a-brest »)", spelling="Source-Name"),
    _f("modified", "datetime", "Modifié le", "date de la dernière mise à jour, `AAAA-MM-JJ`",
       advanced=True),
)  # fmt: skip
STATUS = _f(
    "status", "choice", "Statut",
    "`draft` : brouillon, visible seulement sur votre ordinateur, jamais publié",
    choices=STATUSES,
)  # fmt: skip
OVERRIDES = (
    _f("save_as", "path", "Fichier écrit", "chemin du fichier écrit", advanced=True,
       spelling="Save_as"),
    _f("url", "path", "Adresse publiée", "adresse annoncée", advanced=True, spelling="URL"),
)  # fmt: skip


def described(image: Field) -> Field:
    """The description field that goes with a photo field (`Image` → `Image-Description`)."""
    return _f(
        f"{image.name}-description",
        "text",
        f"Description : {image.label.lower()}",
        "ce que montre la photo, pour qui ne la voit pas ; `décorative` si elle n’apporte rien",
        example="Les participants autour d’une table, carnets ouverts",
        spelling=f"{image.key}-Description",
    )


IMAGE = _f(
    "image", "image", "Photo",
    "une photo rangée dans content/images/ (`images/fete-des-communs.jpg`) : en tête de la page "
    "et dans les aperçus des réseaux sociaux",
)  # fmt: skip


@dataclass(frozen=True)
class ContentModel:
    types: tuple[ContentType, ...]

    def get(self, name: str) -> ContentType | None:
        return next((t for t in self.types if t.name == name), None)

    def type_for(self, rel: str) -> ContentType | None:
        """The type of a file by its folder under content/ (the longest folder wins)."""
        found = [(folder, t) for t in self.types for folder in t.folders if _inside(rel, folder)]
        return max(found, key=lambda pair: len(pair[0]))[1] if found else None

    @property
    def folders(self) -> list[str]:
        return [folder for t in self.types for folder in t.folders]


def _inside(rel: str, folder: str) -> bool:
    folder = folder.strip("/")
    return not folder or rel == folder or rel.startswith(folder + "/")


# The fields a declaration names in `shared`, in that order (content_types/*.toml).
SHARED = {"status": (STATUS,), "common": COMMON, "overrides": OVERRIDES}
# Where a type that Pelican or a plugin routes finds its folders: in their own settings.
FOLDERS = {"article": "ARTICLE_PATHS", "page": "PAGE_PATHS", "letter": "NEWSLETTER_PATH"}
KINDS = (*FOLDERS, "collection")


def read_model(settings: Mapping[str, Any]) -> ContentModel:
    """The model of this site: one declaration per type (`CONTENT_MODEL_TYPES`), articles and
    pages first, then the collections by name, then the letter."""
    found = read_declarations(types_folder(settings))
    order = {kind: rank for rank, kind in enumerate(("article", "page", "collection", "letter"))}
    ranked = sorted(found, key=lambda d: (order[_kind(d)], d.name))
    types = [_type(d, settings) for d in ranked]
    return ContentModel(tuple(t for t in types if t.folders))


def _kind(declaration: Declaration) -> str:
    kind = declaration.data.get("kind", "collection")
    if kind not in KINDS:
        raise SettingsError(declaration.wrong("kind", f"one of {KINDS}", kind))
    return str(kind)


def _type(declaration: Declaration, settings: Mapping[str, Any]) -> ContentType:
    data, kind, name = declaration.data, _kind(declaration), declaration.name
    where = declaration.where
    if not isinstance(data.get("fields"), dict):
        raise SettingsError(declaration.wrong("fields", "a table of fields", data.get("fields")))
    declared = tuple(_field(where, key, value) for key, value in data["fields"].items())
    names = {f.name for f in declared}
    declared += tuple(  # each photo field has its description
        described(f) for f in declared if f.type == "image" and f"{f.name}-description" not in names
    )
    names = {f.name for f in declared}
    shared = data.get("shared", ["common", "status"] if kind == "collection" else [])
    unknown = [group for group in shared if group not in SHARED]
    if unknown:
        raise SettingsError(declaration.wrong("shared", f"names among {tuple(SHARED)}", unknown))
    common = tuple(f for group in shared for f in SHARED[group] if f.name not in names)
    label = str(data.get("label") or name)
    propose = data.get("propose")
    try:
        propose = Propose(**propose) if propose else None
    except TypeError as error:
        raise SettingsError(f"content_model: {where} [propose]: {error}") from None
    if kind == "collection":
        folders: tuple[str, ...] = (str(data.get("folder") or name),)
    else:
        setting = settings.get(FOLDERS[kind], data.get("folder", ()))
        folders = (setting,) if isinstance(setting, str) and setting else tuple(setting or ())
    return ContentType(
        name,
        label,
        str(data.get("described") or f"un élément de « {label} »"),
        folders,
        declared + common,
        one_of=tuple(tuple(group) for group in data.get("one_of", ())),
        title=str(data.get("title", "{title}")),
        date_from=str(data.get("date_from", "date")),
        propose=propose,
        collection=kind == "collection",
        own=tuple(f.name for f in (declared if kind == "collection" else declared + common)),
        file_name=str(data.get("file_name", "")),
        file_name_example=str(data.get("file_name_example", "")),
        item=str(data.get("item", "")),
        items=str(data.get("items", "")),
        letter_order=_letter_order(declaration),
        routing={**_table(declaration, "routing"), **_jsonld(_table(declaration, "jsonld"))},
    )


def _table(declaration: Declaration, key: str) -> Mapping[str, Any]:
    """One of the declaration's tables ([routing], [jsonld], [letter]); empty when absent."""
    table = declaration.data.get(key, {})
    if not isinstance(table, dict):
        raise SettingsError(declaration.wrong(key, f"a table [{key}]", table))
    return table


def _letter_order(declaration: Declaration) -> int | None:
    order = _table(declaration, "letter").get("order")
    if order is not None and (not isinstance(order, int) or isinstance(order, bool)):
        raise SettingsError(declaration.wrong("[letter] order", "a whole number", order))
    return order


def _jsonld(table: Mapping[str, Any]) -> dict[str, Any]:
    """A declaration's [jsonld] table as the collections read it (`jsonld_type`, …)."""
    return {f"jsonld_{key}": value for key, value in table.items()}


def _field(where: str, name: str, value: str | Mapping[str, Any]) -> Field:
    spec: dict[str, Any] = {"type": value} if isinstance(value, str) else dict(value)
    kind = spec.pop("type", "text")
    if kind not in TYPES:
        raise SettingsError(_wrong(f"{where}['fields'][{name!r}].type", f"one of {TYPES}", kind))
    if kind == "text" and name in ("title", "author"):  # a title and a person have rules
        kind = "title" if name == "title" else "name"
    spec["choices"] = tuple(spec.get("choices", ()))
    spec["help_"] = spec.pop("help", "")
    try:
        return _f(name, kind, **spec)
    except TypeError as error:
        raise SettingsError(f"content_model: {where}['fields'][{name!r}]: {error}") from None


def _wrong(setting: str, expected: str, received: object) -> str:
    return f"content_model: {setting} should be {expected}, received {received!r}"
