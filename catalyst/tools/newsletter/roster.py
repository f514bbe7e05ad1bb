"""Changing the subscribers' file by command: add one address, unsubscribe one, import a list.

Volunteers receive subscriptions by mail and lists from other tools (Sympa's and
Mailman's exports are one address per line, sometimes followed by a name); editing
the CSV by hand invites duplicates and typos. These commands dedupe addresses
case-insensitively, never delete a row (an unsubscription is a date), never bring
back someone who unsubscribed through an import, and refuse a file with a bad line
as a whole, listing every bad line with its number: nothing is written until the
file is right, so running the same import again after fixing it is always safe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import subscribers
from .french import Refusal, count, fr, refuse
from .subscribers import Subscriber, address_problem

_BRACKETED = re.compile(r"(?P<name>.*?)\s*<(?P<email>[^<>]*)>\s*")
_SEPARATOR = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class Entry:
    """One address read from a file to import."""

    line: int
    email: str
    name: str = ""
    subscribed: str = ""
    unsubscribed: str = ""


def add(path: Path, email: str, *, name: str = "", today: str) -> str:
    """Subscribe `email` (again, if it had unsubscribed: the operator asked for it)."""
    if problem := address_problem(email):
        raise refuse("Rien n’a changé : {problem}.", problem=problem)
    rows, columns = _existing(path)
    same = [row for row in rows if row.key == email.lower()]
    if not same:
        rows.append(Subscriber(email, name, subscribed=today))
        subscribers.write(path, rows, columns)
        return fr("{email} est abonnée depuis aujourd’hui ({today}).", email=email, today=today)
    withdrawn = next((row.unsubscribed for row in same if not row.active), "")
    for row in same:
        row.name = name or row.name
        if withdrawn:
            row.subscribed, row.unsubscribed = today, ""
    subscribers.write(path, rows, columns)
    if withdrawn:
        return fr(
            "{email}, désabonnée le {date}, est réabonnée à sa demande.",
            email=email,
            date=withdrawn,
        )
    return fr("{email} était déjà abonnée.", email=email)


def remove(path: Path, email: str, *, today: str) -> str:
    """Unsubscribe `email`: its row stays, dated, so that nothing sends to it again."""
    rows, columns = subscribers.read(path)
    same = [row for row in rows if row.key == email.lower()]
    if not same:
        raise refuse(
            "{email} n’est pas dans le fichier des abonnés ({path}).", email=email, path=path
        )
    if not any(row.active for row in same):
        return fr(
            "{email} est déjà désabonnée (le {date}).", email=email, date=same[0].unsubscribed
        )
    for row in same:
        row.unsubscribed = row.unsubscribed or today
    subscribers.write(path, rows, columns)
    return fr(
        "{email} est désabonnée ({today}) ; sa ligne reste dans le fichier.",
        email=email,
        today=today,
    )


def import_list(path: Path, source: Path, *, today: str) -> str:
    """Add every new address of `source`; a bad line refuses the whole file."""
    entries = read_entries(source)
    rows, columns = _existing(path)
    known = {row.key: row for row in rows}
    added = present = doubled = withdrawn = carried = 0
    seen: set[str] = set()
    for entry in entries:
        key = entry.email.lower()
        if key in seen:
            doubled += 1
            continue
        seen.add(key)
        row = known.get(key)
        if row is None:
            known[key] = Subscriber(
                entry.email, entry.name, entry.subscribed or today, entry.unsubscribed
            )
            rows.append(known[key])
            added += 1
        elif row.active and entry.unsubscribed:
            row.unsubscribed = entry.unsubscribed  # an unsubscription always carries over
            carried += 1
        else:
            row.name = row.name or entry.name
            withdrawn += not row.active
            present += row.active
    subscribers.write(path, rows, columns)
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
    first = next((line for line in text.splitlines() if line.strip()), "")
    if _SEPARATOR.split(first.strip().lower())[0] == "email":
        rows, _ = subscribers.read(
            source, label=fr("Rien n’a été importé, car ces lignes sont refusées :")
        )
        return [Entry(r.line, r.email, r.name, r.subscribed, r.unsubscribed) for r in rows]
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
            problems.append(fr(subscribers.LINE, path=source, line=number, problem=problem))
        else:
            entries.append(Entry(number, email, name.strip()))
    if problems:
        raise Refusal(
            fr("Rien n’a été importé, car ces lignes de {s} sont refusées :", s=source), *problems
        )
    return entries


def _split(line: str) -> tuple[str, str]:
    parts = _SEPARATOR.split(line, maxsplit=1)
    return parts[0], parts[1] if len(parts) > 1 else ""


def _existing(path: Path) -> tuple[list[Subscriber], list[str]]:
    """The current rows, or none if the file does not exist yet (its folder must)."""
    if path.exists():
        return subscribers.read(path)
    if not path.parent.is_dir():
        raise refuse("Dossier introuvable pour le fichier des abonnés : {d}.", d=path.parent)
    return [], list(subscribers.FIELDS)
