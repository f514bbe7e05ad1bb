"""WCAG 2.1 AA, as axe-core checks it, in the page a browser has rendered.

axe-core is the engine behind the accessibility audits of Chrome's Lighthouse and
most auditors' browser extensions; the PyPI package `axe-playwright-python` bundles
it. It runs on the rendered page, so it sees computed colours (contrast), what the
CSS hides at a given width, and the accessibility tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from axe_playwright_python.base import AXE_SCRIPT
from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
_VERSION = re.search(r"axe v([\d.]+)", AXE_SCRIPT[:500])
AXE_VERSION = _VERSION.group(1) if _VERSION else "unknown"


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]  # CSS selectors of the offending elements

    def __str__(self) -> str:
        where = ", ".join(self.targets[:3]) + (" …" if len(self.targets) > 3 else "")
        return f"{self.rule} ({self.impact}): {self.help} — {where}"


def audit(page) -> list[Violation]:
    """Run axe-core on the page as it is now (loaded, at its viewport width)."""
    options = {
        "runOnly": {"type": "tag", "values": list(WCAG_TAGS)},
        "resultTypes": ["violations"],
    }
    results = Axe().run(page, options=options)
    return [
        Violation(
            rule=v["id"],
            impact=v.get("impact") or "",
            help=v.get("help", ""),
            targets=tuple(" ".join(map(str, node["target"])) for node in v["nodes"]),
        )
        for v in results.response["violations"]
    ]
