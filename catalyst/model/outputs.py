"""The outputs registry: every file a generator of ours will write, declared before writing.

A generator declares its files in `generate_context` (context key `outputs`,
a list of `Output`); the output-clash check and the sitemap read them, and
nobody walks another plugin's internals to guess what it writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

OUTPUTS_KEY = "outputs"


@dataclass(frozen=True)
class Output:
    path: str  # relative to the output folder
    owner: str  # who writes it, in French: « la page d’index de « Projets » »
    kind: str = "page"  # "page" (listed, in the sitemap), "hidden", "draft", "feed", "calendar"
    url: str | None = None
    source: str | None = None  # absolute path of the content file it comes from
    lastmod: str | None = None  # ISO date, for the sitemap


def declare(context: dict[str, Any], output: Output) -> None:
    if output.path:
        context.setdefault(OUTPUTS_KEY, []).append(output)


def declared(context: dict[str, Any], kind: str | None = None) -> list[Output]:
    return [o for o in context.get(OUTPUTS_KEY, []) if kind is None or o.kind == kind]
