"""Typed front-matter fields: what a value must look like, and its Python value.

One converter per field type. A converter takes the raw text a volunteer
wrote and returns the value, or raises `FieldError` with a French message and
a fix. The validation plugin uses the same converters, so a field is checked
one way everywhere.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

TYPES = (
    "text", "list", "tags", "date", "datetime", "email", "phone", "url", "urls", "choice", "ref",
)  # fmt: skip


class FieldError(ValueError):
    def __init__(self, message: str, fix: str = ""):
        super().__init__(message)
        self.message = message
        self.fix = fix


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    collection: str | None = None  # for "ref": the collection whose slugs are allowed
    jsonld: str | None = None  # schema.org property, dotted for nesting ("location.name")
    label: str = ""  # French label shown on pages and in the propose template

    @property
    def key(self) -> str:
        """How a volunteer writes the key in the header (`Start`, `Organisation`)."""
        return self.name.capitalize()


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_DATETIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$")
_FRENCH_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(.*)$")
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 .-]{5,}[0-9]$")
_URL = re.compile(r"^https?://[^\s<>\"]+$")


def split_list(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


def parse_date(raw: str) -> date:
    text = raw.strip()
    match = _ISO_DATE.match(text)
    if match:
        try:
            return date(*map(int, match.groups()))
        except ValueError:
            raise FieldError(
                f"la date « {text} » n’existe pas", "vérifiez le jour et le mois"
            ) from None
    raise FieldError(f"date « {text} » illisible", _iso_hint(text))


def parse_datetime(raw: str, tz: str) -> date | datetime:
    """An all-day date, or a local date and time in the site's time zone."""
    text = raw.strip()
    match = _ISO_DATETIME.match(text)
    if match:
        y, m, d, hh, mm, ss = match.groups()
        try:
            return datetime(
                int(y), int(m), int(d), int(hh), int(mm), int(ss or 0), tzinfo=ZoneInfo(tz)
            )
        except ValueError:
            raise FieldError(
                f"la date « {text} » n’existe pas", "vérifiez le jour, le mois et l’heure"
            ) from None
    try:
        return parse_date(text)
    except FieldError as error:
        if _ISO_DATE.match(text):  # well written but impossible: keep « n’existe pas »
            raise
        raise FieldError(error.message, _iso_hint(text, with_time=True)) from None


def _iso_hint(text: str, *, with_time: bool = False) -> str:
    match = _FRENCH_DATE.match(text)
    if match:
        day, month, year, _rest = match.groups()
        suggestion = f"{year}-{int(month):02d}-{int(day):02d}"
        return f"écrivez la date au format AAAA-MM-JJ : « {suggestion} »"
    example = "2012-11-23 ou 2012-11-23 09:30" if with_time else "2012-11-23"
    return f"écrivez la date au format AAAA-MM-JJ, par exemple « {example} »"


def closest(value: str, candidates) -> str | None:
    found = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return found[0] if found else None


def convert(field: Field, raw, *, tz: str = "Europe/Paris"):
    """The value of `raw` for `field`; raises FieldError."""
    if field.type == "tags":
        return raw  # Pelican already made Tag objects
    text = raw if isinstance(raw, str) else str(raw)
    text = text.strip()
    if not text:
        raise FieldError(
            f"la valeur de « {field.key} » est vide", "complétez-la ou retirez la ligne"
        )
    if field.type in ("text", "ref"):
        return text
    if field.type == "list":
        return split_list(text)
    if field.type == "date":
        return parse_date(text)
    if field.type == "datetime":
        return parse_datetime(text, tz)
    if field.type == "email":
        if not _EMAIL.match(text):
            raise FieldError(f"adresse électronique « {text} » invalide", "écrivez nom@domaine.fr")
        return text
    if field.type == "phone":
        if not _PHONE.match(text):
            raise FieldError(f"numéro de téléphone « {text} » invalide", "écrivez 03 20 00 00 00")
        return text
    if field.type in ("url", "urls"):
        urls = split_list(text) if field.type == "urls" else [text]
        for url in urls:
            if not _URL.match(url):
                raise FieldError(
                    f"adresse web « {url} » invalide", "écrivez l’adresse complète, https://…"
                )
        return urls if field.type == "urls" else text
    if field.type == "choice":
        for choice in field.choices:
            if choice.casefold() == text.casefold():
                return choice
        allowed = ", ".join(f"« {c} »" for c in field.choices)
        guess = closest(text.casefold(), [c.casefold() for c in field.choices])
        hint = f"vouliez-vous dire « {guess} » ? " if guess else ""
        raise FieldError(
            f"valeur « {text} » inconnue pour « {field.key} »",
            f"{hint}valeurs possibles : {allowed}",
        )
    raise FieldError(f"type de champ inconnu : {field.type}")
