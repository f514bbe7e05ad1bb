"""`invoke check`: the build's full report, without writing a single file.

Runs Pelican as a build does (same settings, plugins and signals) up to the
moment the collector prints its report, and stops before the writers: no
template is rendered and nothing is written, so it is fast and safe to run
on any checkout. With `--inventory`, lists what becomes of every file.

    python -m plugins.content_validation.check [content] [-s pelicanconf.py] [--inventory]
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path

STATES = {
    "published": "publié", "draft": "brouillon", "hidden": "masqué", "refusé": "refusé",
    "static": "statique", "attached": "joint", "ignored": "ignoré",
}  # fmt: skip
PLURALS = {
    "publié": "publiés",
    "brouillon": "brouillons",
    "masqué": "masqués",
    "refusé": "refusés",
    "statique": "statiques",
    "joint": "joints",
    "ignoré": "ignorés",
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from pelican import Pelican, signals
    from pelican.log import init as init_logging
    from pelican.settings import read_settings

    from plugins.content_checks import ContentError

    init_logging(level=logging.WARNING, fatal="warnings")
    scratch = tempfile.mkdtemp(prefix="check-")  # OUTPUT_PATH must exist; nothing is written
    started = time.perf_counter()
    try:
        override = {"PATH": str(Path(args.content).resolve()), "OUTPUT_PATH": scratch}
        override.update(args.extra)
        settings = read_settings(args.settings, override=override)
        pelican = Pelican(settings)
        context = {
            **settings,
            "generated_content": {},
            "static_links": set(),
            "static_content": {},
            "localsiteurl": settings["SITEURL"],
        }
        # Pelican.run() without its writing half (it has no hook to stop in between).
        generators = [
            cls(
                context=context,
                settings=settings,
                path=pelican.path,
                theme=pelican.theme,
                output_path=pelican.output_path,
            )
            for cls in pelican._get_generator_classes()
        ]
        for generator in generators:
            if hasattr(generator, "generate_context"):
                generator.generate_context()
            if hasattr(generator, "check_disabled_readers"):
                generator.check_disabled_readers()
        signals.all_generators_finalized.send(generators)
    except ContentError as error:
        print(f"\n{error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    _summary(args.inventory, time.perf_counter() - started)
    return 0


def _summary(listing: bool, seconds: float) -> None:
    from plugins.content_validation import current

    validation = current()
    if validation is None:
        print("Vérification terminée (validation désactivée).")
        return
    items = sorted(validation.items.values(), key=lambda i: i.rel)
    states = [_state(item) for item in items]
    counts = {state: states.count(state) for state in dict.fromkeys(states)}
    detail = ", ".join(f"{n} {PLURALS.get(s, s) if n > 1 else s}" for s, n in counts.items())
    from plugins.content_checks import problems

    warned = len(problems())
    warnings = f", {warned} avertissement{'s' * (warned > 1)} ci-dessus" if warned else ""
    print(
        f"Aucune erreur{warnings} : {len(items)} fichiers vérifiés en {seconds:.1f} s ({detail})."
    )
    if listing:
        width = max((len(s) for s in states), default=0)
        for item, state in zip(items, states, strict=True):
            where = f" → /{item.url}" if item.url else ""
            linked = " (cité)" if item.linked and item.role == "static" else ""
            print(f"  {state:<{width}}  {validation.shown(item.path)}{where}{linked}")


def _state(item) -> str:
    if item.role == "content":
        return STATES.get(item.status, item.status or "publié")
    return STATES.get(item.role, item.role)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", nargs="?", default="content")
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("--inventory", action="store_true", help="list every file and its fate")
    parser.add_argument(
        "-e",
        "--extra",
        nargs="*",
        default=[],
        type=_setting,
        help="KEY=JSON settings, as with pelican -e",
    )
    return parser


def _setting(text: str) -> tuple[str, object]:
    key, _, value = text.partition("=")
    return key, json.loads(value)


if __name__ == "__main__":
    sys.exit(main())
