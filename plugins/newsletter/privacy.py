"""The subscriber file never published: not under content/, not in the output.

Subscribers' addresses live in a CSV kept outside the repository
(`NEWSLETTER_SUBSCRIBERS`, read by catalyst.tools.newsletter when sending). The
build refuses to go on if that path lies in a published folder, or if a CSV
that looks like it (header `email,name,subscribed,…`) sits under content/.
Run once every generator has read its files (the static ones come last).
"""

from __future__ import annotations

import os

from catalyst.model.problems import report

HEADER = "email,name,subscribed"


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
                    fix="déplacez-le hors du dépôt et du site (par exemple ~/catalyst/abonnes.csv) "
                    "et changez NEWSLETTER_SUBSCRIBERS",
                )
    for rel, static in context.get("static_content", {}).items():
        if rel.lower().endswith(".csv") and _looks_like_subscribers(static.source_path):
            report(
                context,
                static.source_path,
                "ce fichier ressemble à la liste des abonnés de la lettre : il serait publié",
                fix="retirez-le du dépôt et gardez-le hors du site (NEWSLETTER_SUBSCRIBERS)",
            )


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


def _looks_like_subscribers(path: str) -> bool:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            first = handle.readline().strip().lower().replace(" ", "")
    except OSError:
        return False
    return first.startswith(HEADER)
