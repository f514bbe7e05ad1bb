"""Content types: which folder holds them, which header fields they accept.

Articles and pages are declared here, from what Pelican, the theme and the
plugins read. Collection types come from the `COLLECTIONS` setting, where a
site declares its own (see docs/developers/plugins.md); every item may also declare the common
fields. A type's fields are what validation accepts, what conversion
produces, what « proposer » templates offer and what CONTRIBUTING.md lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

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
        f"{image.name}-description", "text", f"Description : {image.label.lower()}",
        "ce que montre la photo, pour qui ne la voit pas ; `décorative` si elle n’apporte rien",
        example="Les participants autour d’une table, carnets ouverts",
        spelling=f"{image.key}-Description",
    )  # fmt: skip


IMAGE = _f(
    "image", "image", "Photo",
    "une photo rangée dans content/images/ (`images/fete-des-communs.jpg`) : en tête de la page "
    "et dans les aperçus des réseaux sociaux",
)  # fmt: skip

ARTICLE_FIELDS = (
    _f("title", "title", "Titre", "le titre", required=True, example="La fête des communs"),
    _f("date", "datetime", "Date", "la date de publication, au format `AAAA-MM-JJ` (`2024-10-12`)",
       required=True, example="2024-10-12"),
    _f("authors", "list", "Auteurs et autrices",
       "une ou plusieurs personnes, séparées par des virgules", personal=True,
       example="Camille Dupont, Karim Benali"),
    _f("author", "name", "Auteur ou autrice", "une seule personne (ou `Authors`)", personal=True,
       advanced=True),
    _f("category", "category", "Catégorie",
       "une seule catégorie (`Vie du collectif`, `Innovation sociale`, `Histoire`…)"),
    _f("tags", "tags", "Mots-clés", "des mots-clés séparés par des virgules"),
    IMAGE,
    described(IMAGE),
    STATUS,
    *COMMON,
    *OVERRIDES,
)  # fmt: skip
PAGE_FIELDS = (
    _f("title", "title", "Titre", "le titre", required=True),
    _f("order", "order", "Ordre", "la place de la page dans le menu (`6`)"),
    _f("parent", "slug", "Rubrique",
       "pour une sous-page, le nom du fichier de la page qui la contient (`qui-sommes-nous`)"),
    _f("menu_title", "title", "Titre du menu", "un titre plus court pour le menu",
       spelling="Menu_title", advanced=True),
    STATUS,
    *COMMON,
    *OVERRIDES,
)  # fmt: skip


# The editorial of one issue of the weekly letter (plugins.newsletter): its file is named after
# its week, `content/lettre/2026-s49.md`; its text is the introduction.
LETTER_FIELDS = (
    _f("title", "title", "Titre", "le titre de la lettre ; sinon « La lettre du … au … »",
       example="Les communs à Lille"),
    _f("summary", "summary", "Accroche",
       "une phrase, en tête du courriel et dans les aperçus des messageries",
       example="Une rentrée riche en rencontres."),
    _f("featured", "list", "À la une",
       "les textes à mettre en tête de la lettre, par le nom de leur fichier sans `.md` "
       "(`territoires-en-reseaux`), séparés par des virgules ; un texte d’une autre semaine "
       "passe dans cette lettre", example="territoires-en-reseaux"),
    _f("exclude", "list", "Retirés",
       "les textes de la semaine à ne pas mettre dans la lettre, même écriture"),
    _f("status", "choice", "Statut",
       "`draft` : la lettre est retenue (ni publiée, ni envoyée) tant que la ligne est là",
       choices=STATUSES),
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


def read_model(settings: Mapping[str, Any]) -> ContentModel:
    """The model of this site: articles, pages, then each of `COLLECTIONS`."""
    types = [
        ContentType(
            "article", "Articles", "un article", tuple(settings.get("ARTICLE_PATHS", ())),
            ARTICLE_FIELDS, one_of=(("authors", "author"),),
            own=tuple(f.name for f in ARTICLE_FIELDS), item="article",
        ),
        ContentType(
            "page", "Pages", "une page", tuple(settings.get("PAGE_PATHS", ())), PAGE_FIELDS,
            own=tuple(f.name for f in PAGE_FIELDS), item="page",
        ),
    ]  # fmt: skip
    raw = settings.get("COLLECTIONS") or {}
    if not isinstance(raw, dict):
        raise SettingsError(_wrong("COLLECTIONS", "a dict {name: {...}}", raw))
    types += [_collection(name, spec) for name, spec in raw.items()]
    letter = settings.get("NEWSLETTER_PATH", "lettre")
    if letter:
        types.append(ContentType(
            "letter", "La lettre", "un édito de la lettre", (letter,), LETTER_FIELDS,
            own=tuple(f.name for f in LETTER_FIELDS), file_name=r"\d{4}-s\d{2}",
            file_name_example="2026-s49", item="lettre",
        ))  # fmt: skip
    return ContentModel(tuple(types))


def _collection(name: str, spec: object) -> ContentType:
    where = f"COLLECTIONS[{name!r}]"
    if not isinstance(spec, dict) or not isinstance(spec.get("fields"), dict):
        raise SettingsError(_wrong(where, "a dict with 'path' and 'fields'", spec))
    declared = tuple(_field(where, key, value) for key, value in spec["fields"].items())
    names = {f.name for f in declared}
    declared += tuple(  # each photo field has its description
        described(f) for f in declared
        if f.type == "image" and f"{f.name}-description" not in names
    )  # fmt: skip
    names = {f.name for f in declared}
    common = tuple(f for f in (*COMMON, STATUS) if f.name not in names)
    label = spec.get("label") or name
    propose = spec.get("propose")
    try:
        propose = Propose(**propose) if propose else None
    except TypeError as error:
        raise SettingsError(f"content_model: {where}['propose']: {error}") from None
    return ContentType(
        name, label, f"un élément de « {label} »", (spec.get("path") or name,),
        declared + common, title=spec.get("title", "{title}"),
        date_from=spec.get("date_from", "date"), propose=propose, collection=True,
        own=tuple(f.name for f in declared), item=spec.get("item", ""),
    )  # fmt: skip


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
