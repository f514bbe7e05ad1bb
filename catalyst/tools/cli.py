"""`python -m catalyst build|check` (catalyst/__main__.py): behind `invoke build` and `check`.

python -m catalyst build CONTENT -s pelicanconf.py -o OUTPUT [-e KEY=JSON ...]
python -m catalyst check CONTENT -s pelicanconf.py [--inventory] [--annotations] [-e KEY=JSON ...]
"""

from __future__ import annotations

import argparse
import json
import time

from .annotations import annotate
from .build import run

REFUSED_LATER = "la publication le refuserait."
PLURALS = {
    "publié": "publiés", "brouillon": "brouillons", "masqué": "masqués", "refusé": "refusés",
    "statique": "statiques", "joint": "joints", "ignoré": "ignorés", "image": "images",
    "inutilisée": "inutilisées",
}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    overrides = dict(args.extra)
    if args.command == "build":
        return run(
            args.settings, content=args.content, output=args.output, overrides=overrides
        ).code
    started = time.perf_counter()
    outcome = run(args.settings, content=args.content, overrides=overrides, check_only=True)
    if outcome.code == 0:
        _summary(outcome, time.perf_counter() - started, listing=args.inventory)
    if args.annotations:
        annotate(outcome)
    return outcome.code


def _summary(outcome, seconds: float, *, listing: bool) -> None:
    rows = outcome.inventory
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.state] = counts.get(row.state, 0) + 1
    detail = ", ".join(f"{n} {PLURALS.get(s, s) if n > 1 else s}" for s, n in counts.items())
    warned = len(outcome.problems)
    warnings = f", {warned} avertissement{'s' * (warned > 1)} ci-dessus" if warned else ""
    files = f"{len(rows)} fichier{'s' * (len(rows) > 1)} vérifié{'s' * (len(rows) > 1)}"
    print(f"Aucune erreur{warnings} : {files} en {seconds:.1f} s ({detail}).")
    if listing:
        width = max((len(row.state) for row in rows), default=0)
        for row in rows:
            where = f" → /{row.url}" if row.url else ""
            note = f" ({row.note})" if row.note else ""
            print(f"  {row.state:<{width}}  {row.shown}{where}{note}")
    if warned:  # allowed here, refused when publishing (CONTENT_CHECKS_WARNINGS_FATAL)
        which = f"les {warned} avertissements" if warned > 1 else "l’avertissement"
        print(f"Avant de proposer ce texte : corrigez {which} ci-dessus ; {REFUSED_LATER}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m catalyst", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("build", "check"):
        sub = commands.add_parser(name)
        sub.add_argument("content", nargs="?", default="content")
        sub.add_argument("-s", "--settings", default="pelicanconf.py")
        sub.add_argument(
            "-e",
            "--extra",
            nargs="*",
            default=[],
            type=_setting,
            help="KEY=JSON settings, as with pelican -e",
        )
        if name == "build":
            sub.add_argument("-o", "--output", default="output")
        else:
            sub.add_argument("--inventory", action="store_true", help="list every file")
            sub.add_argument(
                "--annotations",
                action="store_true",
                help="also print GitHub annotations and the job summary",
            )
    return parser


def _setting(text: str) -> tuple[str, object]:
    key, _, value = text.partition("=")
    return key, json.loads(value)
