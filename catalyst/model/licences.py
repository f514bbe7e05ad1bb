"""The licences an item may declare, and how a `License:` value is read (type `licence`)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    key: str  # what a volunteer writes, canonical form
    name: str  # the full French name shown to readers
    url: str | None  # the legal text; None for "all rights reserved"
    spdx: str | None
    reuse: bool  # may a reader republish it?


KNOWN = (
    Licence(
        "CC BY-SA 4.0",
        "Creative Commons Attribution – Partage dans les mêmes conditions 4.0 International",
        "https://creativecommons.org/licenses/by-sa/4.0/deed.fr",
        "CC-BY-SA-4.0",
        True,
    ),
    Licence(
        "CC BY 4.0",
        "Creative Commons Attribution 4.0 International",
        "https://creativecommons.org/licenses/by/4.0/deed.fr",
        "CC-BY-4.0",
        True,
    ),
    Licence(
        "CC0 1.0",
        "Creative Commons Zéro 1.0 Universel (domaine public)",
        "https://creativecommons.org/publicdomain/zero/1.0/deed.fr",
        "CC0-1.0",
        True,
    ),
    Licence(
        "CC BY-NC-SA 4.0",
        "Creative Commons Attribution – Pas d’utilisation commerciale – "
        "Partage dans les mêmes conditions 4.0 International",
        "https://creativecommons.org/licenses/by-nc-sa/4.0/deed.fr",
        "CC-BY-NC-SA-4.0",
        True,
    ),
    Licence(  # a source that says only « cc by-sa »: the version cannot be told
        "CC BY-SA",
        "Creative Commons Attribution – Partage dans les mêmes conditions (version non précisée "
        "par la source)",
        "https://creativecommons.org/licenses/by-sa/",
        None,
        True,
    ),
    Licence("all-rights-reserved", "Tous droits réservés", None, None, False),
)

_ALIASES = {
    "cc0": "CC0 1.0",
    "domaine public": "CC0 1.0",
    "tous droits reserves": "all-rights-reserved",
    "tous droits réservés": "all-rights-reserved",
    "all rights reserved": "all-rights-reserved",
}


def _normal(value: str) -> str:
    return re.sub(r"[\s_-]+", " ", value.strip().lower())


_BY_NORMAL = {_normal(lic.key): lic for lic in KNOWN}
_BY_NORMAL.update({_normal(lic.spdx): lic for lic in KNOWN if lic.spdx})
_BY_NORMAL.update({_normal(alias): _BY_NORMAL[_normal(key)] for alias, key in _ALIASES.items()})


def find(value: str) -> Licence | None:
    """The licence a volunteer meant, tolerant of case, dashes and SPDX ids."""
    return _BY_NORMAL.get(_normal(value))


def known_keys() -> str:
    return ", ".join(f"« {lic.key} »" for lic in KNOWN)
