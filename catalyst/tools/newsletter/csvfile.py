"""Subscribers as CSV: the old subscribers' file and exports, read strictly, written formula-safe.

Volunteers open these files in a spreadsheet, so the format stays the one the
subscribers' file had: UTF-8, header `email,name,subscribed,unsubscribed` (ISO
dates), other columns kept. `import` reads it (an old file, an export, another
tool's CSV) and refuses it as a whole if a line is bad, listing every bad line with
its number; `export` writes the base in it.

A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return as a formula (CSV injection): a name typed into a subscription form could
then run on the volunteer's machine. As OWASP recommends, `export` puts an
apostrophe before such a cell, and `import` takes that apostrophe off again, so
that an export imported back is unchanged. No address can start with one of them
(`address_problem` refuses it).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from catalyst.model.files import replace_file

from .french import Refusal, fr
from .subscribers import FORMULA_START, Subscriber, address_problem

FIELDS = ("email", "name", "subscribed", "unsubscribed")
LINE = "  {path}:{line} — {problem} ; corrigez-la ou supprimez la ligne."


@dataclass(frozen=True)
class Entry:
    """One address read from a file to import, with the line it was on."""

    line: int
    email: str
    name: str = ""
    subscribed: str = ""
    unsubscribed: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def read(path: Path, text: str, *, label: str) -> list[Entry]:
    """The rows of a CSV in our format, or a Refusal (`label`, then every bad line)."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [unescape(name.strip().lower()) for name in reader.fieldnames or []]
    if "email" not in columns:
        raise Refusal(
            fr("{path} : la première ligne doit être l’en-tête {h}.", path=path, h=",".join(FIELDS))
        )
    reader.fieldnames = columns
    entries: list[Entry] = []
    problems: list[str] = []
    for record in reader:
        values = {key: unescape((value or "").strip()) for key, value in record.items() if key}
        if not any(values.values()):
            continue
        if problem := address_problem(values.get("email", "")):
            problems.append(fr(LINE, path=path, line=reader.line_num, problem=problem))
            continue
        extra = {key: value for key, value in values.items() if key not in FIELDS}
        known = {key: values.get(key, "") for key in FIELDS}
        entries.append(Entry(reader.line_num, **known, extra=extra))
    if problems:
        raise Refusal(label, *problems)
    return entries


def write(path: Path, rows: list[Subscriber]) -> None:
    """Write `rows` as CSV, every cell formula-safe, in one rename (mode 0600 if new)."""
    extra = list(dict.fromkeys(key for row in rows for key in row.extra if key not in FIELDS))
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow([escape(name) for name in (*FIELDS, *extra)])
    for row in rows:
        cells = (row.email, row.name, row.subscribed, row.unsubscribed)
        writer.writerow([escape(cell) for cell in (*cells, *(row.extra.get(k, "") for k in extra))])
    replace_file(path, text.getvalue().encode("utf-8"), durable=True)


def escape(cell: str) -> str:
    """The cell a spreadsheet shows as text: an apostrophe before a formula's first character."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def unescape(cell: str) -> str:
    """The value `escape` protected, read back from an export."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell
