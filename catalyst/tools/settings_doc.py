"""`python -m catalyst.tools.settings_doc [--check]`: the plugins' settings tables, generated.

Each plugin declares its settings once, with their defaults and one line of English
(`SETTINGS`, see catalyst/model/settings_spec.py). docs/developers/plugins.md holds each
plugin's table between two markers, the rest of the page being written by hand:

    <!-- settings: plugins.images -->
    | setting | default | meaning |
    …
    <!-- /settings -->

Without options, the tables are written again in place; with `--check`, nothing is written
and the command fails (status 1) if any table differs from the declarations
(tests/test_settings_doc.py runs it). Defaults are shown as Python literals.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
from collections.abc import Mapping
from pathlib import Path

from catalyst.model.settings_spec import SameAs, Setting

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "developers" / "plugins.md"
COMMAND = "python -m catalyst.tools.settings_doc"
REGION = re.compile(
    r"^<!-- settings: plugins\.(?P<plugin>\w+) -->\n(?P<body>.*?)^<!-- /settings -->$",
    re.MULTILINE | re.DOTALL,
)
MARKER = re.compile(r"^<!-- /?settings\b.*$", re.MULTILINE)


class DocError(Exception):
    """The page's markers do not match the plugins' declarations."""


def declarations() -> dict[str, tuple[Setting, ...]]:
    """Every plugin of plugins/ that declares settings: {"images": SETTINGS}."""
    found = {}
    for init in sorted((ROOT / "plugins").glob("*/__init__.py")):
        settings = getattr(importlib.import_module(f"plugins.{init.parent.name}"), "SETTINGS", ())
        if settings:
            found[init.parent.name] = tuple(settings)
    return found


def literal(value: object) -> str:
    """A default as Python writes it: `(480, 800)`, `"avif"`, `25_000_000`, `None`."""
    if isinstance(value, SameAs):
        return value.setting.name  # another setting's value
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # double quotes, as the code has them
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
        return f"{value:_}"
    if isinstance(value, tuple):
        items = ", ".join(literal(v) for v in value)
        return f"({items},)" if len(value) == 1 else f"({items})"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def table(settings: tuple[Setting, ...]) -> str:
    """One plugin's table, between blank lines."""
    rows = [f"| `{s.name}` | `{literal(s.default)}` | {_cell(s.about)} |" for s in settings]
    return "\n".join(["", "| setting | default | meaning |", "| --- | --- | --- |", *rows, ""])


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render(text: str, declared: Mapping[str, tuple[Setting, ...]]) -> tuple[str, list[str]]:
    """The page with every table generated again, and the plugins whose table changed."""
    regions = list(REGION.finditer(text))
    names = [m["plugin"] for m in regions]
    if len(MARKER.findall(text)) != 2 * len(regions):
        raise DocError("a settings marker is not paired (`<!-- settings: plugins.NAME -->` "
                       "… `<!-- /settings -->`)")  # fmt: skip
    twice = sorted({n for n in names if names.count(n) > 1})
    unknown = sorted(set(names) - set(declared))
    missing = sorted(set(declared) - set(names))
    for what, found in (
        ("has two tables", twice),
        ("has a table but declares no settings", unknown),
        ("declares settings but has no table", missing),
    ):
        if found:
            raise DocError(", ".join(f"plugins.{n}" for n in found) + f" {what}")
    changed, parts, end = [], [], 0
    for match in regions:
        body = table(declared[match["plugin"]]) + "\n"
        if match["body"] != body:
            changed.append(f"plugins.{match['plugin']}")
        parts += [text[end : match.start("body")], body]
        end = match.end("body")
    return "".join([*parts, text[end:]]), changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; fail if outdated")
    parser.add_argument("--file", type=Path, default=DOC, help="the page (default: %(default)s)")
    args = parser.parse_args(argv)
    shown = args.file.relative_to(ROOT) if args.file.is_relative_to(ROOT) else args.file
    text = args.file.read_text(encoding="utf-8")
    try:
        new, changed = render(text, declarations())
    except DocError as error:
        print(f"{shown}: {error}.", file=sys.stderr)
        return 1
    if new == text:
        return 0
    if args.check:
        print(
            f"{shown}: the settings tables of {', '.join(changed)} are out of date: "
            f"run `{COMMAND}`.",
            file=sys.stderr,
        )
        return 1
    args.file.write_text(new, encoding="utf-8")
    print(f"{shown}: settings tables written again ({', '.join(changed)}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
