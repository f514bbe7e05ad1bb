"""The subscribers' file: one CSV, read strictly and rewritten atomically.

The list of subscribers is personal data kept outside the repository
(`NEWSLETTER_SUBSCRIBERS`), in a format a volunteer can open in a spreadsheet:
`email,name,subscribed,unsubscribed`. A row is never deleted: unsubscribing fills
`unsubscribed` with the date, so that the file keeps the proof of consent and of its
withdrawal, and an old export imported again cannot bring the person back. Reading
reports every bad line with its number at once; writing goes through a temporary
file and a rename, so a crash never leaves half a list. Addresses are compared
lower-cased, which is also the key of the send journal.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from catalyst.model.files import replace_file

from .french import Refusal, fr

FIELDS = ("email", "name", "subscribed", "unsubscribed")
LINE = "  {path}:{line} — {problem} ; corrigez-la ou supprimez la ligne."
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_ADDRESS = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+")  # RFC 5321, no quotes


@dataclass
class Subscriber:
    email: str
    name: str = ""
    subscribed: str = ""  # ISO date
    unsubscribed: str = ""  # ISO date; non-empty: never receives anything again
    line: int = 0  # where it was read, for messages
    extra: dict[str, str] = field(default_factory=dict)  # other columns, kept as they were

    @property
    def key(self) -> str:
        return self.email.lower()

    @property
    def active(self) -> bool:
        return not self.unsubscribed

    def row(self) -> dict[str, str]:
        mine = (self.email, self.name, self.subscribed, self.unsubscribed)
        values = dict(zip(FIELDS, mine, strict=True))
        return {**self.extra, **values}


def address_problem(address: str) -> str | None:
    """None for a usable address, else what is wrong with it (French, no final period)."""
    if not address:
        return "adresse vide"
    if not address.isascii():
        return fr("adresse « {a} » hors ASCII : écrivez le domaine en xn--… (punycode)", a=address)
    if not _ADDRESS.fullmatch(address) or len(address) > 254:
        return fr("adresse invalide « {a} »", a=address)
    return None


def read(path: Path, *, label: str = "") -> tuple[list[Subscriber], list[str]]:
    """(rows, column names) of the file, or a Refusal listing every bad line with its number."""
    text = _text(path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [name.strip().lower() for name in reader.fieldnames or []]
    if "email" not in columns:
        raise Refusal(
            fr("{path} : la première ligne doit être l’en-tête {h}.", path=path, h=",".join(FIELDS))
        )
    reader.fieldnames = columns
    rows: list[Subscriber] = []
    problems: list[str] = []
    for record in reader:
        values = {key: (value or "").strip() for key, value in record.items() if key}
        if not any(values.values()):
            continue
        line = reader.line_num
        if problem := address_problem(values.get("email", "")):
            problems.append(fr(LINE, path=path, line=line, problem=problem))
            continue
        extra = {key: value for key, value in values.items() if key not in FIELDS}
        known = {key: values.get(key, "") for key in FIELDS}
        rows.append(Subscriber(**known, line=line, extra=extra))
    if problems:
        raise Refusal(label or fr("Lignes refusées dans le fichier des abonnés :"), *problems)
    return rows, columns


def recipients(rows: list[Subscriber]) -> tuple[list[Subscriber], int]:
    """(who receives, in file order and once each; how many unsubscribed addresses are left out).

    An address written twice receives once, and not at all if either row is unsubscribed.
    """
    withdrawn = {row.key for row in rows if not row.active}
    chosen: dict[str, Subscriber] = {}
    for row in rows:
        if row.key not in withdrawn:
            chosen.setdefault(row.key, row)
    return list(chosen.values()), len(withdrawn)


def write(path: Path, rows: list[Subscriber], columns: list[str] | None = None) -> None:
    """Replace the file in one rename: readers see the old list or the new one."""
    names = list(FIELDS) + [c for c in columns or () if c not in FIELDS]
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    writer.writerows(row.row() for row in rows)
    replace_file(path, text.getvalue().encode("utf-8"), durable=True)


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise Refusal(
            fr("Fichier des abonnés introuvable : {path} (NEWSLETTER_SUBSCRIBERS).", path=path),
            fr(
                "Créez-le avec « invoke newsletter.subscribers add ADRESSE » ou importez une liste."
            ),
        ) from None
    except UnicodeDecodeError as error:
        raise Refusal(
            fr(
                "{path} n’est pas en UTF-8 (octet {n}) : enregistrez-le en UTF-8.",
                path=path,
                n=error.start,
            )
        ) from None
    except OSError as error:
        raise Refusal(
            fr("Lecture impossible de {path} : {e}.", path=path, e=error.strerror)
        ) from None
