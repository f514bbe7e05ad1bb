"""The subscribers never published: not under content/, not in the output.

Subscribers' addresses live in an SQLite base kept outside the repository
(`NEWSLETTER_SUBSCRIBERS`, read by catalyst.tools.newsletter when sending), and
leave it as CSV files (`subscribers export`, an old subscribers' file). The build
refuses to go on if that path lies in a published folder, or if a file under
content/ looks like either: a CSV whose header is `email,name,subscribed,…`, or an
SQLite base holding the sender's table. The base is recognised by its bytes, never
opened: a file under content/ comes from a volunteer's pull request.
Run once every generator has read its files (the static ones come last).
"""

from __future__ import annotations

import os

from catalyst.model.problems import report

HEADER = "email,name,subscribed"
SQLITE = b"SQLite format 3\x00"
TABLE = b"CREATE TABLE newsletter_subscriber"  # as catalyst.tools.newsletter.subscribers writes
SCHEMA_SPAN = 1 << 16  # the schema is on the first page, at most 64 KiB


def keep_subscribers_private(context: dict, settings: dict) -> None:
    path = os.environ.get("NEWSLETTER_SUBSCRIBERS")
    if path:
        real = os.path.realpath(path)
        for folder in (settings.get("PATH"), settings.get("OUTPUT_PATH")):
            if folder and _inside(real, os.path.realpath(folder)):
                report(
                    context,
                    real,
                    "le fichier des abonnés (NEWSLETTER_SUBSCRIBERS) est dans un dossier publié : "
                    "leurs adresses seraient en ligne",
                    fix="déplacez-le hors du dépôt et du site (par exemple "
                    "/srv/lettre/abonnes.sqlite) et changez NEWSLETTER_SUBSCRIBERS",
                )
    for rel, static in context.get("static_content", {}).items():
        source = static.source_path
        if (rel.lower().endswith(".csv") and _looks_like_csv(source)) or _looks_like_base(source):
            report(
                context,
                source,
                "ce fichier ressemble à la liste des abonnés de la lettre : il serait publié",
                fix="retirez-le du dépôt et gardez-le hors du site (NEWSLETTER_SUBSCRIBERS)",
            )


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


def _looks_like_csv(path: str) -> bool:
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            first = handle.readline().strip().lower().replace(" ", "").replace('"', "")
    except OSError:
        return False
    return first.startswith(HEADER)


def _looks_like_base(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            if handle.read(len(SQLITE)) != SQLITE:
                return False
            return TABLE in handle.read(SCHEMA_SPAN)
    except OSError:
        return False
