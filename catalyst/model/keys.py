"""The key a volunteer most probably meant, when the one they wrote is unknown.

French spellings (« Titre », « Résumé », « Mots-clés »), plurals and near
misses (`Categorie`) all lead to the known key.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .fields import Field

# French (and frequent) ways of writing a key, normalised by plain().
ALIASES = {
    "titre": "title", "nom": "title", "auteur": "authors", "auteurs": "authors",
    "autrice": "authors", "autrices": "authors", "par": "authors", "categorie": "category",
    "categories": "category", "rubrique": "category", "tag": "tags", "mots-cles": "tags",
    "mot-cle": "tags", "motscles": "tags", "etiquettes": "tags", "resume": "summary",
    "chapo": "summary", "chapeau": "summary", "description": "summary", "statut": "status",
    "etat": "stage", "licence": "license", "langue": "lang", "language": "lang",
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
    "save-as": "save_as", "avancement": "stage", "etape": "stage",
}  # fmt: skip


def plain(key: str) -> str:
    decomposed = unicodedata.normalize("NFKD", key.strip().lower())
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "-".join(ascii_only.replace("_", "-").split())


def suggest(written: str, fields: Mapping[str, Field]) -> str | None:
    """The key of `fields` (by lower-case name) a volunteer most probably meant."""
    key = plain(written)
    alias = ALIASES.get(key)
    for name in (alias, key) if alias else (key,):
        for candidate in (name, name + "s", name.rstrip("s")):
            if candidate in fields:
                return fields[candidate].key
    found = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
    return fields[found[0]].key if found else None
