"""Which header keys each content type accepts, and what their values must look like.

Articles and pages are described here from what the theme and the plugins
read; each collection type is built from its `COLLECTIONS[...]["fields"]`,
whose values go through the very converters of plugins.content_collections,
so that a field is checked one way everywhere. Keys are case-insensitive, as
in Pelican; an unknown key is refused with the closest known one.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field

from plugins.content_collections.config import CollectionType
from plugins.content_collections.fields import Field

STATUSES = ("published", "draft", "hidden")


@dataclass(frozen=True)
class Key:
    label: str  # as volunteers write it: "Source-Name"
    kind: str = "text"  # a content_collections field type, or one of values.CHECKS
    required: bool = False
    field: Field | None = None  # the converter's description (collections, dates, choices)

    @property
    def name(self) -> str:
        return self.label.lower()


@dataclass(frozen=True)
class Schema:
    type: str  # "article", "page" or a collection name
    label: str  # « un article », for messages
    keys: dict[str, Key] = field(default_factory=dict)  # by lower-case name
    one_of: tuple[tuple[str, ...], ...] = ()  # e.g. Authors or Author, one required, not both

    def suggest(self, written: str) -> str | None:
        """The key a volunteer most probably meant (`Categorie` → `Category`)."""
        plain = _plain(written)
        alias = ALIASES.get(plain)
        for name in (alias, plain) if alias else (plain,):
            for candidate in (name, name + "s", name.rstrip("s")):
                if candidate in self.keys:
                    return self.keys[candidate].label
        found = difflib.get_close_matches(plain, list(self.keys), n=1, cutoff=0.6)
        return self.keys[found[0]].label if found else None


def _plain(key: str) -> str:
    decomposed = unicodedata.normalize("NFKD", key.strip().lower())
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "-".join(ascii_only.replace("_", "-").split())


# French (and frequent) ways of writing a key, normalised by _plain().
ALIASES = {
    "titre": "title", "nom": "title", "auteur": "authors", "auteurs": "authors",
    "autrice": "authors", "autrices": "authors", "par": "authors", "categorie": "category",
    "categories": "category", "rubrique": "category", "tag": "tags", "mots-cles": "tags",
    "mot-cle": "tags", "motscles": "tags", "etiquettes": "tags", "resume": "summary",
    "chapo": "summary", "chapeau": "summary", "description": "summary", "statut": "status",
    "etat": "status", "licence": "license", "langue": "lang", "language": "lang",
    "modifie": "modified", "modification": "modified", "mise-a-jour": "modified",
    "ordre": "order", "position": "order", "nom-source": "source-name",
    "source-nom": "source-name", "sourcename": "source-name", "source-name": "source-name",
    "menu": "menu_title", "titre-menu": "menu_title", "menu-title": "menu_title",
    "lieu": "place", "debut": "start", "fin": "end", "adresse": "address",
    "intervenants": "speakers", "intervenant": "speakers", "orateurs": "speakers",
    "medias": "media", "video": "media", "videos": "media", "role": "role",
    "fonction": "role", "structure": "organisation", "organisme": "organisation",
    "organization": "organisation", "evenement": "event", "courriel": "email",
    "mail": "email", "e-mail": "email", "telephone": "phone", "tel": "phone",
    "site": "website", "site-web": "website", "web": "website", "url-du-site": "website",
    "programme": "programme", "date-de-debut": "started", "debut-du-projet": "started",
    "save-as": "save_as",
}  # fmt: skip

_COMMON = (
    Key("Summary", "summary"),
    Key("Slug", "slug"),
    Key("Lang", "lang"),
    Key("License", "licence"),
    Key("Source", "url", field=Field("source", "url")),
    Key("Source-Name"),
    Key("Modified", "datetime", field=Field("modified", "datetime")),
)
_STATUS = Key("Status", "choice", field=Field("status", "choice", choices=STATUSES))
_OVERRIDES = (Key("Save_as", "path"), Key("URL", "path"))


def _schema(type_: str, label: str, keys, one_of=()) -> Schema:
    return Schema(type_, label, {k.name: k for k in keys}, one_of)


ARTICLE = _schema(
    "article",
    "un article",
    (
        Key("Title", "title", required=True),
        Key("Date", "datetime", required=True, field=Field("date", "datetime")),
        Key("Authors", "list"),
        Key("Author", "name"),
        Key("Category", "category"),
        Key("Tags", "tags"),
        _STATUS,
        *_COMMON,
        *_OVERRIDES,
    ),
    one_of=(("authors", "author"),),
)

PAGE = _schema(
    "page",
    "une page",
    (
        Key("Title", "title", required=True),
        Key("Order", "order"),
        Key("Menu_title", "title"),
        _STATUS,
        *_COMMON,
        *_OVERRIDES,
    ),
)


def collection_schema(ctype: CollectionType) -> Schema:
    """A collection's keys: its fields, plus what every item may declare."""
    keys = [Key(f.key, _kind(f), f.required, f) for f in ctype.fields]
    names = {f.name for f in ctype.fields}
    keys += [k for k in (*_COMMON, _STATUS) if k.name not in names]
    return _schema(ctype.name, f"un élément de « {ctype.label or ctype.name} »", keys)


def _kind(fld: Field) -> str:
    if fld.name == "title":
        return "title"
    if fld.name == "author":
        return "name"
    return fld.type
