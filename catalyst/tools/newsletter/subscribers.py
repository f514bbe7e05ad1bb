"""The subscribers' database: one SQLite file, changed only in short, locked transactions.

The list of subscribers is personal data kept outside the repository, in the file
`NEWSLETTER_SUBSCRIBERS` names. It used to be a CSV rewritten read-modify-replace, and
eight unsubscriptions run at once all said « désabonnée » while only one was kept:
nothing serialised them. SQLite does: every change is one `BEGIN IMMEDIATE`
transaction (the write lock is taken before reading, so two commands never decide on
the same old state), and a busy timeout makes a command wait for the others instead
of failing. The journal is SQLite's plain rollback journal, beside the file while a
transaction runs: one file to back up, on any file system.

The model is the CSV's: one row per address (its key is the address lower-cased,
which is also the key of the send journal), never deleted; unsubscribing fills
`unsubscribed` with the date, so the base keeps the proof of consent and of its
withdrawal, and an old list imported again cannot bring the person back. Rows keep
the order they were added in, which is the order of a send. A file in the old CSV
format is refused with how to import it into a new base (roster.py, csvfile.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from catalyst.tools.commands import invoke_command

from .french import Refusal, fr, refuse

TABLE = "newsletter_subscriber"  # plugins/newsletter/privacy.py looks for this name
SCHEMA = f"""CREATE TABLE IF NOT EXISTS {TABLE} (
    key TEXT PRIMARY KEY,                  -- the address lower-cased: one row per address
    email TEXT NOT NULL,                   -- as it was first written
    name TEXT NOT NULL DEFAULT '',
    subscribed TEXT NOT NULL DEFAULT '',   -- ISO date
    unsubscribed TEXT NOT NULL DEFAULT '', -- ISO date; set: never receives anything again
    extra TEXT NOT NULL DEFAULT '{{}}'     -- other columns of an imported CSV (JSON)
)"""
BUSY_TIMEOUT = 60  # seconds a command waits for the others' transactions
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet runs such a cell
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_ADDRESS = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+")  # RFC 5321, no quotes
_UNREACHABLE = ("SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_PERM", "SQLITE_IOERR", "SQLITE_FULL")
_CSV_HEADER = re.compile(r"\ufeff?\s*\"?email\"?\s*[,;\t\r\n]", re.IGNORECASE)


@dataclass
class Subscriber:
    email: str
    name: str = ""
    subscribed: str = ""  # ISO date
    unsubscribed: str = ""  # ISO date; non-empty: never receives anything again
    extra: dict[str, str] = field(default_factory=dict)  # other columns, kept as they came

    @property
    def key(self) -> str:
        return self.email.lower()

    @property
    def active(self) -> bool:
        return not self.unsubscribed


def address_problem(address: str) -> str | None:
    """None for a usable address, else what is wrong with it (French, no final period)."""
    if not address:
        return "adresse vide"
    if not address.isascii():
        return fr("adresse « {a} » hors ASCII : écrivez le domaine en xn--… (punycode)", a=address)
    if address.startswith(FORMULA_START):
        return fr(
            "adresse « {a} » refusée, car elle commence par {c} (un tableur y verrait une formule)",
            a=address,
            c=address[0],
        )
    if not _ADDRESS.fullmatch(address) or len(address) > 254:
        return fr("adresse invalide « {a} »", a=address)
    return None


def read_all(path: Path) -> list[Subscriber]:
    """Every row, in the order they were added, or a Refusal if there is no usable base."""
    with _errors(path):
        connection = _connect(path, create=False)
        try:
            if not _has_table(connection):
                _refuse_foreign(connection, path)
                return []  # created an instant ago by another command, its table not yet
            return [_subscriber(row) for row in connection.execute(_SELECT + " ORDER BY rowid")]
        finally:
            connection.close()


def recipients(rows: list[Subscriber]) -> tuple[list[Subscriber], int]:
    """(who receives, in the base's order; how many unsubscribed addresses are left out)."""
    return [row for row in rows if row.active], sum(not row.active for row in rows)


class Changes:
    """The base inside one write transaction: what roster.py's commands read and change."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def find(self, email: str) -> Subscriber | None:
        row = self.connection.execute(_SELECT + " WHERE key = ?", (email.lower(),)).fetchone()
        return _subscriber(row) if row else None

    def insert(self, person: Subscriber) -> None:
        values = (person.key, person.email, person.name, person.subscribed, person.unsubscribed)
        extra = json.dumps(person.extra, ensure_ascii=False)
        self.connection.execute(
            f"INSERT INTO {TABLE} (key, email, name, subscribed, unsubscribed, extra)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (*values, extra),
        )

    def update(self, person: Subscriber) -> None:
        self.connection.execute(
            f"UPDATE {TABLE} SET name = ?, subscribed = ?, unsubscribed = ? WHERE key = ?",
            (person.name, person.subscribed, person.unsubscribed, person.key),
        )


@contextmanager
def changing(path: Path) -> Iterator[Changes]:
    """One write transaction (created with the base if need be): all of it is kept, or none."""
    with _errors(path):
        connection = _connect(path, create=True)
        try:
            connection.execute("BEGIN IMMEDIATE")  # the write lock first: no lost update
            try:
                if not _has_table(connection):
                    _refuse_foreign(connection, path)
                    connection.execute(SCHEMA)
                yield Changes(connection)
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        finally:
            connection.close()


_SELECT = f"SELECT email, name, subscribed, unsubscribed, extra FROM {TABLE}"


def _subscriber(row: tuple[str, str, str, str, str]) -> Subscriber:
    email, name, subscribed, unsubscribed, extra = row
    return Subscriber(email, name, subscribed, unsubscribed, json.loads(extra or "{}"))


def _has_table(connection: sqlite3.Connection) -> bool:
    query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    return connection.execute(query, (TABLE,)).fetchone() is not None


def _refuse_foreign(connection: sqlite3.Connection, path: Path) -> None:
    """Refuse an SQLite base that holds other tables than ours: it is someone else's."""
    if connection.execute("SELECT 1 FROM sqlite_master").fetchone() is not None:
        raise refuse(
            "{path} est une base SQLite, mais pas celle des abonnés (aucune table {t}) : "
            "vérifiez NEWSLETTER_SUBSCRIBERS.",
            path=path,
            t=TABLE,
        )


def _connect(path: Path, *, create: bool) -> sqlite3.Connection:
    """Open the base (never a CSV of the old format); `create` it, readable by its owner only."""
    if _old_csv(path):
        raise _migrate(path)
    if not path.exists():
        if not create:
            raise refuse(
                "Base des abonnés introuvable : {path} (NEWSLETTER_SUBSCRIBERS).",
                "Créez-la avec « {invoke} newsletter.subscribers add ADRESSE », ou importez une "
                "liste avec « {invoke} newsletter.subscribers import FICHIER ».",
                path=path,
                invoke=invoke_command(),
            )
        if not path.parent.is_dir():
            raise refuse("Dossier introuvable pour la base des abonnés : {d}.", d=path.parent)
        with contextlib.suppress(FileExistsError):  # another command created it meanwhile
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    uri = f"file:{quote(str(path.absolute()))}?mode=rw"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None)


def _old_csv(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            start = handle.read(256)
    except OSError:
        return False
    return bool(_CSV_HEADER.match(start.decode("utf-8", errors="replace")))


def _migrate(path: Path) -> Refusal:
    new = path.with_suffix(".sqlite")
    if new == path:
        new = path.with_name(path.stem + "-base.sqlite")
    return refuse(
        "{path} est un fichier CSV d’abonnés, l’ancien format : NEWSLETTER_SUBSCRIBERS nomme "
        "désormais une base SQLite, où des commandes lancées en même temps ne perdent aucun "
        "changement. Rien n’a été fait.",
        "Pour passer à la base, importez ce CSV dans une nouvelle base, puis changez la variable :",
        "  NEWSLETTER_SUBSCRIBERS={new} {invoke} newsletter.subscribers import {csv}",
        "  export NEWSLETTER_SUBSCRIBERS={new}",
        "L’import garde chaque adresse, son nom, ses dates et chaque désabonnement ; "
        "« {invoke} newsletter.subscribers export FICHIER » redonne un CSV à tout moment.",
        path=path,
        invoke=invoke_command(),
        new=shlex.quote(str(new)),
        csv=shlex.quote(str(path)),
    )


@contextmanager
def _errors(path: Path) -> Iterator[None]:
    """SQLite's errors that are the file's, not this code's, as a French Refusal."""
    try:
        yield
    except sqlite3.Error as error:
        name = getattr(error, "sqlite_errorname", "")
        if name in ("SQLITE_BUSY", "SQLITE_LOCKED"):
            raise refuse(
                "La base des abonnés {path} est occupée par une autre commande depuis plus de "
                "{n} secondes : relancez celle-ci quand l’autre aura fini.",
                path=path,
                n=BUSY_TIMEOUT,
            ) from None
        if name.startswith(_UNREACHABLE):
            raise refuse(
                "Lecture ou écriture impossible de la base des abonnés {path} ({e}) : vérifiez "
                "le fichier, son dossier et leurs droits.",
                path=path,
                e=error,
            ) from None
        if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
            raise refuse(
                "{path} n’est pas une base des abonnés utilisable ({e}) : vérifiez "
                "NEWSLETTER_SUBSCRIBERS, ou reprenez la dernière sauvegarde.",
                path=path,
                e=error,
            ) from None
        raise
