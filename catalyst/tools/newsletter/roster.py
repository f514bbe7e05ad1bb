"""Changing the subscribers by command: add one address, unsubscribe one, import a list, export.

Volunteers receive subscriptions by mail and lists from other tools (Sympa's and
Mailman's exports are one address per line, sometimes followed by a name). These
commands dedupe addresses case-insensitively, never delete a row (an unsubscription
is a date), never bring back someone who unsubscribed through an import (not even
when the imported file has the address twice, once unsubscribed), and refuse a file
with a bad line as a whole, listing every bad line with its number: nothing is
written until the file is right, so running the same import again after fixing it
is always safe. Each command is one transaction of the base (subscribers.py), so
commands run at the same time all keep their change.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import csvfile, subscribers
from .csvfile import Entry
from .french import Refusal, count, fr, refuse
from .subscribers import Subscriber, address_problem

_BRACKETED = re.compile(r"(?P<name>.*?)\s*<(?P<email>[^<>]*)>\s*")
_SEPARATOR = re.compile(r"[\s,;]+")
REFUSED = "Rien n’a été importé, car ces lignes de {s} sont refusées :"


def add(path: Path, email: str, *, name: str = "", today: str) -> str:
    """Subscribe `email` (again, if it had unsubscribed: the operator asked for it)."""
    if problem := address_problem(email):
        raise refuse("Rien n’a changé : {problem}.", problem=problem)
    with subscribers.changing(path) as base:
        row = base.find(email)
        if row is None:
            base.insert(Subscriber(email, name, subscribed=today))
            return fr("{email} est abonnée depuis aujourd’hui ({today}).", email=email, today=today)
        withdrawn = row.unsubscribed
        row.name = name or row.name
        if withdrawn:
            row.subscribed, row.unsubscribed = today, ""
        base.update(row)
    if withdrawn:
        return fr(
            "{email}, désabonnée le {date}, est réabonnée à sa demande.",
            email=email,
            date=withdrawn,
        )
    return fr("{email} était déjà abonnée.", email=email)


def remove(path: Path, email: str, *, today: str) -> str:
    """Unsubscribe `email`: its row stays, dated, so that nothing sends to it again."""
    with subscribers.changing(path) as base:
        row = base.find(email)
        if row is None:
            raise refuse(
                "{email} n’est pas dans la base des abonnés ({path}).", email=email, path=path
            )
        if not row.active:
            return fr(
                "{email} est déjà désabonnée (le {date}).", email=email, date=row.unsubscribed
            )
        row.unsubscribed = today
        base.update(row)
    return fr(
        "{email} est désabonnée ({today}) ; sa ligne reste dans la base.", email=email, today=today
    )


def import_list(path: Path, source: Path, *, today: str) -> str:
    """Add every new address of `source`; a bad line refuses the whole file."""
    entries = read_entries(source)
    merged, doubled = _merge(entries)
    added = present = withdrawn = carried = 0
    with subscribers.changing(path) as base:
        for entry in merged:
            row = base.find(entry.email)
            if row is None:
                subscribed = entry.subscribed or today
                person = Subscriber(entry.email, entry.name, subscribed, entry.unsubscribed)
                person.extra = entry.extra
                base.insert(person)
                added += 1
            elif row.active and entry.unsubscribed:
                row.unsubscribed = entry.unsubscribed  # an unsubscription always carries over
                base.update(row)
                carried += 1
            else:
                if not row.name and entry.name:
                    row.name = entry.name
                    base.update(row)
                withdrawn += not row.active
                present += row.active
    parts = [
        count(added, "adresse ajoutée", "adresses ajoutées"),
        f"{present} déjà présente{'s' * (present > 1)}",
    ]
    if doubled:
        parts.append(f"{doubled} en double dans le fichier")
    if withdrawn:
        parts.append(
            count(withdrawn, "désabonnée laissée désabonnée", "désabonnées laissées désabonnées")
        )
    if carried:
        parts.append(count(carried, "désabonnement reporté", "désabonnements reportés"))
    return fr("Import de {source} : {parts}.", source=source, parts=", ".join(parts))


def export(path: Path, target: Path) -> str:
    """Write every row of the base, unsubscribed ones included, to the CSV `target`."""
    if target.exists() and target.resolve() == path.resolve():
        raise refuse(
            "{t} est la base des abonnés elle-même : exportez vers un autre fichier.", t=target
        )
    if not target.parent.is_dir():
        raise refuse("Dossier introuvable pour l’export : {d}.", d=target.parent)
    rows = subscribers.read_all(path)
    csvfile.write(target, rows)
    active = sum(row.active for row in rows)
    return fr(
        "Export de {n} vers {t} ({a}, {w}) : un CSV à ouvrir dans un tableur, à garder hors du "
        "dépôt et du site.",
        n=count(len(rows), "adresse"),
        t=target,
        a=count(active, "abonnée", "abonnées"),
        w=count(len(rows) - active, "désabonnée", "désabonnées"),
    )


def read_entries(source: Path) -> list[Entry]:
    """The addresses of a CSV in our format, or of a list (one address per line, then a name)."""
    try:
        text = source.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise refuse("Fichier à importer introuvable : {source}.", source=source) from None
    except UnicodeDecodeError:
        raise refuse(
            "{source} n’est pas en UTF-8 : convertissez-le (iconv -f latin1 -t utf-8).",
            source=source,
        ) from None
    except OSError as error:
        raise refuse("Lecture impossible de {s} : {e}.", s=source, e=error.strerror) from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    if _SEPARATOR.split(first.strip().lower())[0].strip('"') == "email":
        return csvfile.read(source, text, label=fr(REFUSED, s=source))
    entries, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if bracketed := _BRACKETED.fullmatch(line):
            email, name = bracketed["email"].strip(), bracketed["name"].strip().strip('"')
        else:
            email, name = _split(line)
        if problem := address_problem(email):
            problems.append(fr(csvfile.LINE, path=source, line=number, problem=problem))
        else:
            entries.append(Entry(number, email, csvfile.unescape(name.strip())))
    if problems:
        raise Refusal(fr(REFUSED, s=source), *problems)
    return entries


def _merge(entries: list[Entry]) -> tuple[list[Entry], int]:
    """(one entry per address, in file order, unsubscribed if any of its lines is; doubles)."""
    merged: dict[str, Entry] = {}
    for entry in entries:
        key = entry.email.lower()
        first = merged.get(key)
        if first is None:
            merged[key] = entry
        elif entry.unsubscribed and not first.unsubscribed:
            merged[key] = Entry(
                first.line,
                first.email,
                first.name or entry.name,
                first.subscribed,
                entry.unsubscribed,
                first.extra,
            )
    return list(merged.values()), len(entries) - len(merged)


def _split(line: str) -> tuple[str, str]:
    parts = _SEPARATOR.split(line, maxsplit=1)
    return parts[0], parts[1] if len(parts) > 1 else ""
