"""Typed header fields: what a value must look like, and its Python value.

One converter for every field type, used wherever a value is read: a
converter takes the text a volunteer wrote and returns the value, or raises
`FieldError` with a French message and a fix. Validation and conversion are
the same step, so a field is checked one way everywhere.
"""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from . import licences
from .slugs import default_slug

TYPES = (
    "text", "list", "tags", "date", "datetime", "email", "phone", "url", "urls", "choice", "ref",
    # kinds with rules of their own (articles and pages, and what every item may declare)
    "title", "name", "summary", "category", "slug", "lang", "order", "licence", "path",
    "image",  # a photo under content/, with its description in `<name>-description`
)  # fmt: skip
TITLE_MAX_LENGTH = 150  # plugins.content_reader's CONTENT_READER_TITLE_MAX_LENGTH default
# Types whose value is text that pages, feeds and the letter show: it must not read as markup.
TEXT_TYPES = frozenset({"text", "title", "name", "category", "tags", "list", "ref", "summary"})


class FieldError(ValueError):
    def __init__(self, message: str, fix: str = ""):
        super().__init__(message)
        self.message = message
        self.fix = fix


@dataclass(frozen=True)
class Field:
    name: str  # lower case, as Pelican stores metadata: "source-name"
    type: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    collection: str | None = None  # for "ref": the collection whose items are allowed
    jsonld: str | None = None  # schema.org property, dotted for nesting ("location.name")
    label: str = ""  # French label: « Date de début »
    help: str = ""  # French help for volunteers (CONTRIBUTING.md, forms)
    example: str = ""  # a value as a volunteer writes it; « proposer » templates use it
    personal: bool = False  # holds personal data (a name, an e-mail address, a phone number)
    advanced: bool = False  # for maintainers: left out of volunteers' tables and forms
    spelling: str = ""  # how the key is written when not name.capitalize(): "Source-Name"

    @property
    def key(self) -> str:
        """How a volunteer writes the key in the header (`Start`, `Source-Name`)."""
        return self.spelling or self.name.capitalize()


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_DATETIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$")
_FRENCH_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(.*)$")
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 .-]{5,}[0-9]$")
_URL = re.compile(r"^https?://[^\s<>\"]+$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def split_list(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


def as_text(value: object) -> str:
    """A typed value as it reads in a title or an address: lists joined with commas."""
    return ", ".join(str(v) for v in value) if isinstance(value, list | tuple) else str(value)


def fill(pattern: str, values: Mapping[str, object]) -> str:
    """`pattern` with its `{field}`s filled; a missing field (already reported) leaves its name."""
    return pattern.format_map(_Missing(values))


class _Missing(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return key


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


def closest(value: str, candidates: Iterable[str]) -> str | None:
    found = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return found[0] if found else None


def convert(
    field: Field, raw: str, *, tz: str = "Europe/Paris", title_max: int = TITLE_MAX_LENGTH
) -> str | int | date | list[str]:
    """The value of `raw` for `field`; raises FieldError saying what is wrong and how to fix it."""
    text = raw.strip()
    kind = field.type
    if not text:
        raise FieldError(
            f"la valeur de « {field.key} » est vide", "complétez-la ou retirez la ligne"
        )
    _no_invisible(field, text)
    if kind in TEXT_TYPES:
        _no_markup(field, text)
    if kind in ("list", "tags", "urls") and text.startswith("[") and text.endswith("]"):
        raise FieldError(
            f"« {field.key} » s’écrit sans crochets", f"écrivez « {field.key}: {text[1:-1]} »"
        )
    if kind in ("list", "tags"):
        values = split_list(text)
        if not values:
            raise FieldError(
                f"la valeur de « {field.key} » est vide", "complétez-la ou retirez la ligne"
            )
        return values
    if kind == "date":
        return parse_date(text)
    if kind == "datetime":
        return parse_datetime(text, tz)
    if kind == "choice":
        return _choice(field, text)
    checker = _CHECKS.get(kind)
    if checker:
        checker(field, text, title_max)
    if kind == "order":
        return int(text)  # "10" after "2"
    if kind == "image":
        return _image(field, text)
    return split_list(text) if kind == "urls" else text


# Characters that end or hide a line without being seen: C0 controls (the tab aside), DEL, C1
# controls, and Unicode's line and paragraph separators, which JavaScript, JSON-LD readers,
# terminals and workflow logs take for line ends.
_INVISIBLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
_INVISIBLE_NAMES = {
    "\x00": "caractère nul", "\x1b": "échappement", "\u2028": "séparateur de ligne",
    "\u2029": "séparateur de paragraphe", "\x85": "fin de ligne",
}  # fmt: skip
# Markup as any HTML reader sees it: a tag, an end tag, a comment or declaration (`<!`), a
# processing instruction (`<?`). `3 < 5` is text.
_MARKUP = re.compile(r"<[A-Za-z/!?][^<>]{0,40}>?")
_ENCODED_ROUNDS = 3  # `&amp;lt;script&amp;gt;` is `<script>` after two decodings


def _no_invisible(field: Field, text: str) -> None:
    found = _INVISIBLE.search(text)
    if found is None:
        return
    char = found[0]
    name = _INVISIBLE_NAMES.get(char)
    code = f"U+{ord(char):04X}" + (f", {name}" if name else "")
    before = text[: found.start()][-20:].lstrip()
    where = f"après « {before} »" if before else "au début de la valeur"
    raise FieldError(
        f"caractère invisible interdit ({code}) dans « {field.key} », {where}",
        "supprimez-le (il vient souvent d’un copier-coller) et retapez le passage",
    )


def _no_markup(field: Field, text: str) -> None:
    """A header value is text: no tag, written as such or with entities (`&lt;script&gt;`).

    Pages escape every value, but a value that decodes to markup is markup to whatever
    decodes it (Jinja's `striptags`, a feed reader, a search index). A summary is Markdown
    and may hold the allowed HTML, which the reader checks: only its encoded markup is refused.
    """
    written = _MARKUP.search(text) if field.type != "summary" else None
    decoded = text if field.type != "summary" else text.replace("<", " ")
    for _ in range(_ENCODED_ROUNDS):
        decoded = html.unescape(decoded)
    found = written or _MARKUP.search(decoded)
    if found is None:
        return
    what = (
        "le titre"
        if field.type == "title"
        else ("le résumé" if field.type == "summary" else f"la valeur de « {field.key} »")
    )
    pronoun = "la" if what.startswith("la ") else "le"
    snippet = _short(found[0])
    if written:
        raise FieldError(
            f"{what} contient du HTML (« {snippet} »)",
            f"écrivez-{pronoun} en texte simple, sans balises",
        )
    raise FieldError(
        f"{what} contient du HTML écrit en entités (qui se lit « {snippet} »)",
        f"écrivez-{pronoun} en texte simple, sans balises ni entités HTML",
    )


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _choice(field: Field, text: str) -> str:
    for choice in field.choices:
        if choice.casefold() == text.casefold():
            return choice
    allowed = ", ".join(f"« {c} »" for c in field.choices)
    guess = closest(text.casefold(), [c.casefold() for c in field.choices])
    hint = f"vouliez-vous dire « {guess} » ? " if guess else ""
    raise FieldError(
        f"valeur « {text} » inconnue pour « {field.key} »", f"{hint}valeurs possibles : {allowed}"
    )


def _title(_field: Field, value: str, title_max: int) -> None:
    if not any(unicodedata.category(c)[0] in "LN" for c in value):
        raise FieldError(f"titre sans lettre ni chiffre « {value} »", "écrivez un vrai titre")
    if len(value) > title_max:
        raise FieldError(
            f"titre trop long ({len(value)} caractères, {title_max} au plus)",
            "raccourcissez-le, la suite peut aller dans « Summary: »",
        )


def _email(_field: Field, value: str, _max: int) -> None:
    if not _EMAIL.match(value):
        raise FieldError(f"adresse électronique « {value} » invalide", "écrivez nom@domaine.fr")


def _phone(_field: Field, value: str, _max: int) -> None:
    if not _PHONE.match(value):
        raise FieldError(f"numéro de téléphone « {value} » invalide", "écrivez 03 20 00 00 00")


def _urls(field: Field, value: str, _max: int) -> None:
    for url in split_list(value) if field.type == "urls" else [value]:
        if not _URL.match(url):
            raise FieldError(
                f"adresse web « {url} » invalide", "écrivez l’adresse complète, https://…"
            )


def _category(_field: Field, value: str, _max: int) -> None:
    if "," in value:
        raise FieldError(
            f"une seule catégorie par article, pas « {value} »",
            "gardez-en une et mettez les autres dans « Tags: »",
        )


def _slug(field: Field, value: str, _max: int) -> None:
    if not _SLUG.match(value):
        fixed = default_slug(value)
        raise FieldError(
            f"« {value} » n’est pas une adresse valide ({field.key})",
            f"minuscules, chiffres et tirets : « {fixed} »",
        )


def _lang(_field: Field, value: str, _max: int) -> None:
    if not _LANG.match(value):
        raise FieldError(f"code de langue « {value} » invalide", "écrivez « fr », « en », « br »…")


def _order(_field: Field, value: str, _max: int) -> None:
    # Pelican sorts the menu by it: see convert
    if not (value.isdigit() and len(value) <= 3):
        raise FieldError(
            f"« Order » doit être un nombre entier, pas « {value} »", "par exemple « Order: 3 »"
        )


def _licence(_field: Field, value: str, _max: int) -> None:
    if licences.find(value) is None:
        raise FieldError(
            f"licence inconnue « {value} »",
            f"écrivez l’une de : {licences.known_keys()}, "
            "ou retirez la ligne pour la licence par défaut",
        )


def _path(field: Field, value: str, _max: int) -> None:
    parts = value.split("/")
    if value.startswith("/") or "\\" in value or ".." in parts or "://" in value:
        raise FieldError(
            f"« {field.key} » doit être un chemin relatif dans le site, pas « {value} »",
            "écrivez par exemple « dossier/nom/index.html », sans « / » au début ni « .. »",
        )
    if field.name == "save_as" and not value.endswith(".html"):
        raise FieldError(
            f"« Save_as » doit finir par « .html », pas « {value} »",
            "écrivez par exemple « dossier/nom/index.html »",
        )


PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".heic", ".heif")


def _image(field: Field, value: str) -> str:
    """A photo's path under content/, as written (`images/a.jpg`, `/images/a.jpg`, `{static}…`)."""
    path = re.sub(r"^[{|]static[}|]", "", value).lstrip("/")
    parts = path.split("/")
    if "://" in value or ".." in parts or "\\" in path:
        raise FieldError(
            f"« {field.key} » doit être une photo du site, pas « {value} »",
            f"rangez la photo dans content/images/ et écrivez « {field.key}: images/photo.jpg »",
        )
    if not path.lower().endswith(PHOTO_EXTENSIONS):
        raise FieldError(
            f"« {field.key} » doit être une photo (JPEG, PNG, WebP, AVIF ou HEIC), pas « {value} »",
            f"écrivez par exemple « {field.key}: images/photo.jpg »",
        )
    return path


_CHECKS = {
    "title": _title, "email": _email, "phone": _phone, "url": _urls, "urls": _urls,
    "category": _category, "slug": _slug, "lang": _lang, "order": _order, "licence": _licence,
    "path": _path,
}  # fmt: skip
