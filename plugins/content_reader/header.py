"""Check a parsed header against its schema: keys, duplicates, required fields, values.

Each problem carries the line of the key it is about. Typed values (dates,
choices, addresses…) go through plugins.content_collections' converters and
keep their French messages; the kinds only articles and pages use (licence,
slug, language, menu order, output path) are checked here.
"""

from __future__ import annotations

import re
import unicodedata

import markdown
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from plugins.content_collections.fields import TYPES, Field, FieldError, convert, split_list

from .markup import BODY_TAGS, NO_TAGS, TITLE_TAGS, check_html
from .schema import Schema
from .source import Entry, Issue, Source

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SLUG_RULES = DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
_LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_EXAMPLES = {
    "title": "Le titre",
    "datetime": "2024-05-01",
    "date": "2024-05-01",
    "list": "Prénom Nom",
    "name": "Prénom Nom",
}

try:  # the licence list belongs to plugins.licensing; without it, any value passes
    from plugins.licensing import licences
except ImportError:  # pragma: no cover
    licences = None


def check_header(
    source: Source,
    schema: Schema,
    *,
    others: list[Schema],
    title_max: int,
    tz: str,
    summary_expected: bool,
) -> list[Issue]:
    issues: list[Issue] = []
    seen: dict[str, Entry] = {}
    for entry in source.entries:
        if entry.name in seen:
            issues.append(
                Issue(
                    entry.line,
                    f"clé « {entry.key} » en double (déjà ligne {seen[entry.name].line})",
                    "gardez une seule de ces lignes",
                )
            )
            continue
        seen[entry.name] = entry
        key = schema.keys.get(entry.name)
        if key is None:
            issues.append(_unknown(entry, schema, others))
            continue
        if entry.continued and key.kind != "summary":
            issues.append(
                Issue(
                    entry.line,
                    f"la valeur de « {key.label} » continue sur une ligne indentée",
                    "écrivez-la sur une seule ligne",
                )
            )
            continue
        issues += _value(entry, key, title_max=title_max, tz=tz)
    for key in schema.keys.values():
        if key.required and key.name not in seen:
            issues.append(_missing(key.label, key.kind))
    for group in schema.one_of:
        present = [seen[name] for name in group if name in seen]
        labels = [schema.keys[name].label for name in group]
        if not present:
            issues.append(_missing(" ou ".join(labels), schema.keys[group[0]].kind))
        elif len(present) > 1:
            issues.append(
                Issue(
                    present[1].line,
                    f"« {present[0].key} » et « {present[1].key} » à la fois",
                    f"gardez une seule ligne « {labels[0]}: … »",
                )
            )
    if summary_expected and "summary" not in seen and "summary" in schema.keys:
        issues.append(
            Issue(
                1,
                "pas de « Summary » : la page d’accueil et les flux montreront "
                "le début du texte, coupé",
                "ajoutez « Summary: » et une ou deux phrases qui donnent envie de lire",
                "avertissement",
            )
        )
    return issues


def _unknown(entry: Entry, schema: Schema, others: list[Schema]) -> Issue:
    message = f"clé inconnue « {entry.key} »"
    guess = schema.suggest(entry.key)
    if guess and guess.lower() != entry.name:
        return Issue(entry.line, message, f"vouliez-vous dire « {guess} » ?")
    elsewhere = [s.label for s in others if entry.name in s.keys and s is not schema]
    if elsewhere:
        return Issue(
            entry.line,
            f"clé « {entry.key} » inconnue pour {schema.label}",
            f"elle ne sert que pour {' ou '.join(elsewhere)} : retirez la ligne, ou "
            "vérifiez le dossier du fichier",
        )
    known = ", ".join(k.label for k in schema.keys.values())
    return Issue(entry.line, message, f"clés possibles : {known}")


def _missing(label: str, kind: str) -> Issue:
    example = _EXAMPLES.get(kind, "…")
    return Issue(
        1,
        f"champ obligatoire « {label} » manquant",
        f"ajoutez une ligne « {label.split(' ou ')[0]}: {example} » dans l’en-tête",
    )


def _value(entry: Entry, key, *, title_max: int, tz: str) -> list[Issue]:
    value = entry.value
    if not value and not entry.continued:
        return [
            Issue(
                entry.line,
                f"la valeur de « {key.label} » est vide",
                "complétez-la ou retirez la ligne",
            )
        ]
    if key.kind == "summary":
        text = "\n".join((value, *entry.continued))
        found = check_html(markdown.markdown(text), tags=BODY_TAGS)
        return [
            Issue(entry.line, f"{v.message} (dans « Summary »)", v.fix, v.severity)
            for v in found
            if v.severity == "erreur"
        ]
    tags = TITLE_TAGS if key.kind == "title" else NO_TAGS
    issues = [Issue(entry.line, v.message, v.fix) for v in check_html(value, tags=tags)]
    if issues:
        return issues
    problem = _problem(key, value, title_max=title_max, tz=tz)
    return [Issue(entry.line, *problem)] if problem else []


def _problem(key, value: str, *, title_max: int, tz: str) -> tuple[str, str] | None:
    kind = key.kind
    if kind == "title":
        if not any(unicodedata.category(c)[0] in "LN" for c in value):
            return (f"titre sans lettre ni chiffre « {value} »", "écrivez un vrai titre")
        if len(value) > title_max:
            return (
                f"titre trop long ({len(value)} caractères, {title_max} au plus)",
                "raccourcissez-le, la suite peut aller dans « Summary: »",
            )
    elif kind == "category" and "," in value:
        return (
            f"une seule catégorie par article, pas « {value} »",
            "gardez-en une et mettez les autres dans « Tags: »",
        )
    elif kind == "slug" and not _SLUG.match(value):
        return (
            f"« {value} » n’est pas une adresse valide (Slug)",
            f"minuscules, chiffres et tirets : « {slugify(value, regex_subs=_SLUG_RULES)} »",
        )
    elif kind == "lang" and not _LANG.match(value):
        return (f"code de langue « {value} » invalide", "écrivez « fr », « en », « br »…")
    elif kind == "order" and not (value.isdigit() and len(value) <= 3):
        return (
            f"« Order » doit être un nombre entier, pas « {value} »",
            "par exemple « Order: 3 »",
        )
    elif kind == "licence" and licences and licences.find(value) is None:
        return (
            f"licence inconnue « {value} »",
            f"écrivez l’une de : {licences.known_keys()}, "
            "ou retirez la ligne pour la licence par défaut",
        )
    elif kind == "path":
        return _path_problem(key.label, value)
    elif kind in TYPES and kind not in ("text", "tags", "list", "ref"):
        try:
            convert(key.field or Field(key.name, kind), value, tz=tz)
        except FieldError as error:
            return (error.message, error.fix)
    elif kind in ("list", "tags") and not split_list(value):
        return (f"la valeur de « {key.label} » est vide", "complétez-la ou retirez la ligne")
    return None


def _path_problem(label: str, value: str) -> tuple[str, str] | None:
    parts = value.split("/")
    if value.startswith("/") or "\\" in value or ".." in parts or "://" in value:
        return (
            f"« {label} » doit être un chemin relatif dans le site, pas « {value} »",
            "écrivez par exemple « dossier/nom/index.html », sans « / » au début ni « .. »",
        )
    if label == "Save_as" and not value.endswith(".html"):
        return (
            f"« Save_as » doit finir par « .html », pas « {value} »",
            "écrivez par exemple « dossier/nom/index.html »",
        )
    return None
