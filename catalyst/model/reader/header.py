"""A parsed header against its content type: keys, duplicates, required fields, values.

Validation and conversion are one step: each value goes through the model's
converter (catalyst.model), which returns the typed value or says, in
French, what is wrong and how to fix it. Each problem carries the line of the
key it is about.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from catalyst.model import ContentModel, ContentType, FieldError, convert

from .markup import NO_TAGS, TITLE_TAGS, check_html
from .source import Entry, Issue, Source

_EXAMPLES = {"title": "Le titre", "datetime": "2024-05-01", "date": "2024-05-01",
             "list": "Prénom Nom", "name": "Prénom Nom"}  # fmt: skip


@dataclass
class Header:
    raw: dict[str, str] = field(default_factory=dict)  # name → value as written (first line)
    values: dict[str, Any] = field(default_factory=dict)  # name → typed value, for valid values
    lines: dict[str, int] = field(default_factory=dict)  # name → line of its key
    issues: list[Issue] = field(default_factory=list)


def read_header(
    source: Source,
    ctype: ContentType,
    model: ContentModel,
    *,
    title_max: int,
    tz: str,
    summary_expected: bool,
) -> Header:
    header = Header()
    fields = ctype.by_name
    seen: dict[str, Entry] = {}
    meant: set[str] = set()  # keys that an unknown key was taken for: not missing, misspelt
    for entry in source.entries:
        if entry.name in seen:
            header.issues.append(
                Issue(
                    entry.line,
                    f"clé « {entry.key} » en double (déjà ligne {seen[entry.name].line})",
                    "gardez une seule de ces lignes",
                )
            )
            continue
        seen[entry.name] = entry
        header.lines[entry.name] = entry.line
        spec = fields.get(entry.name)
        if spec is None:
            header.issues.append(_unknown(entry, ctype, model))
            meant.add((ctype.suggest(entry.key) or "").lower())
            continue
        if spec.type == "summary":
            header.raw[entry.name] = "\n".join((entry.value, *entry.continued))
            if not header.raw[entry.name].strip():
                header.issues.append(_empty(entry, spec.key))
            continue  # rendered as Markdown and checked with the body
        header.raw[entry.name] = entry.value
        if entry.continued:
            header.issues.append(
                Issue(
                    entry.line,
                    f"la valeur de « {spec.key} » continue sur une ligne indentée",
                    "écrivez-la sur une seule ligne",
                )
            )
            continue
        found = check_html(entry.value, tags=TITLE_TAGS if spec.type == "title" else NO_TAGS)
        if found:
            header.issues += [Issue(entry.line, v.message, v.fix) for v in found]
            continue
        try:
            header.values[entry.name] = convert(spec, entry.value, tz=tz, title_max=title_max)
        except FieldError as error:
            header.issues.append(
                Issue(
                    entry.line,
                    error.message,
                    _other_key(ctype, spec.name, entry.value) or error.fix,
                )
            )
    header.issues += _consistency(header) + _personal(header, ctype)
    for spec in ctype.fields:
        if spec.required and spec.name not in seen and spec.name not in meant:
            header.issues.append(_missing(spec.key, spec.type))
    for group in ctype.one_of:
        present = [seen[name] for name in group if name in seen]
        labels = [fields[name].key for name in group]
        if not present and not meant.intersection(group):
            header.issues.append(_missing(" ou ".join(labels), fields[group[0]].type))
        elif len(present) > 1:
            header.issues.append(
                Issue(
                    present[1].line,
                    f"« {present[0].key} » et « {present[1].key} » à la fois",
                    f"gardez une seule ligne « {labels[0]}: … »",
                )
            )
    if summary_expected and "summary" not in seen and "summary" in fields:
        header.issues.append(
            Issue(
                1,
                "pas de « Summary » : la page d’accueil et les flux montreront le début du texte, "
                "coupé",
                "ajoutez « Summary: » et une ou deux phrases qui donnent envie de lire",
                "avertissement",
            )
        )
    return header


def _consistency(header: Header) -> list[Issue]:
    """What two values must agree on: an event ends after it starts."""
    start, end = header.values.get("start"), header.values.get("end")
    if start is None or end is None or _moment(end) >= _moment(start):
        return []
    return [
        Issue(
            header.lines["end"],
            "la fin est avant le début",
            "vérifiez « End: » : la fin suit le début (« Start: »)",
        )
    ]


def _personal(header: Header, ctype: ContentType) -> list[Issue]:
    """A person's address or phone number, published: a warning (it fails `publish`)."""
    return [
        Issue(
            header.lines[f.name],
            f"coordonnée personnelle publiée (« {f.key} ») : elle serait en ligne, dans la page "
            "et ses données pour les machines",
            "retirez la ligne, sauf si c’est le contact public d’une structure, donné comme tel "
            "par la structure elle-même",
            "avertissement",
        )
        for f in ctype.fields
        if f.personal and f.type in ("email", "phone") and f.name in header.values
    ]


def _moment(value: date) -> tuple[date, time]:
    """A day, or a day and a time, comparable: a day alone counts from midnight."""
    if isinstance(value, datetime):
        return (value.date(), value.time())
    return (value, time())


def _empty(entry: Entry, key: str) -> Issue:
    return Issue(entry.line, f"la valeur de « {key} » est vide", "complétez-la ou retirez la ligne")


def _unknown(entry: Entry, ctype: ContentType, model: ContentModel) -> Issue:
    message = f"clé inconnue « {entry.key} »"
    elsewhere = [t.described for t in model.types if t is not ctype and entry.name in t.by_name]
    guess = ctype.suggest(entry.key)
    if guess and guess.lower() != entry.name and not elsewhere:
        return Issue(entry.line, message, f"vouliez-vous dire « {guess} » ?")
    if elsewhere:
        return Issue(
            entry.line,
            f"clé « {entry.key} » inconnue pour {ctype.described}",
            f"elle ne sert que pour {' ou '.join(elsewhere)} : retirez la ligne, ou "
            "vérifiez le dossier du fichier",
        )
    known = ", ".join(f.key for f in ctype.fields)
    return Issue(entry.line, message, f"clés possibles : {known}")


def _other_key(ctype: ContentType, name: str, value: str) -> str | None:
    """`Status: en incubation`: the value belongs to another field (`Stage`)."""
    for other in ctype.fields:
        if other.name != name and value.casefold() in (c.casefold() for c in other.choices):
            return f"c’est une valeur de « {other.key} » : écrivez « {other.key}: {value} »"
    return None


def _missing(label: str, kind: str) -> Issue:
    example = _EXAMPLES.get(kind, "…")
    return Issue(
        1,
        f"champ obligatoire « {label} » manquant",
        f"ajoutez une ligne « {label.split(' ou ')[0]}: {example} » dans l’en-tête",
    )
