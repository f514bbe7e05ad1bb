"""The body of a content file, read as Markdown prose: links and line numbers.

Pelican only sees rendered HTML, where a `<script>` or a broken link has lost
its line. This module walks the source lines that Markdown treats as prose
(not fenced code, not code spans), finds the `{filename}`/`{static}`/`{attach}`
links a text makes, and maps a refused piece of HTML back to its line.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from .markup import BODY_TAGS, check_html
from .source import Issue, Source

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_LINK = re.compile(
    r"""(?:\]\(\s*<?|^\s{0,3}\[[^\]]+\]:\s*<?|\b(?:href|src)\s*=\s*["']?)"""
    r"""(?P<target>[{|](?P<what>filename|static|attach)[}|](?P<path>[^)\s"'>]*))""",
)


@dataclass(frozen=True)
class Link:
    line: int
    what: str  # filename, static or attach
    written: str  # "{filename}../pages/licence.md"
    target: str | None  # relative to content/, or None when it leaves content/


def prose_lines(source: Source) -> Iterator[tuple[int, str]]:
    """(number, text) of the body lines outside code, code spans blanked out."""
    fence = None
    for number, text in enumerate(source.body, start=source.body_start):
        opening = _FENCE.match(text)
        if fence:
            if opening and opening[1][0] == fence[0] and len(opening[1]) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening[1]
            continue
        yield number, _CODE_SPAN.sub(lambda m: " " * len(m[0]), text)


def links(lines: Iterable[tuple[int, str]], rel: str) -> list[Link]:
    """The `{filename}`, `{static}` and `{attach}` links of (number, text) lines of `rel`."""
    found = []
    for number, text in lines:
        for match in _LINK.finditer(text):
            path = unquote(match["path"].split("#", 1)[0].split("?", 1)[0])
            found.append(Link(number, match["what"], match["target"], _resolve(rel, path)))
    return found


def _resolve(rel: str, path: str) -> str | None:
    joined = path[1:] if path.startswith("/") else posixpath.join(posixpath.dirname(rel), path)
    normal = posixpath.normpath(joined) if joined else ""
    return None if normal.startswith("..") or normal in ("", ".") else normal


class Locator:
    """Finds the source line of each refused piece of HTML, in order of appearance."""

    def __init__(self, source: Source):
        self.lines = list(prose_lines(source))
        self.fallback = source.body_start
        self.after: dict[str, int] = {}

    def line(self, needle: str) -> int:
        pattern = re.compile(needle, re.IGNORECASE)
        start = self.after.get(needle, 0)
        for index in range(start, len(self.lines)):
            if pattern.search(self.lines[index][1]):
                self.after[needle] = index + 1
                return self.lines[index][0]
        earlier = next((n for n, text in self.lines if pattern.search(text)), None)
        return earlier or self.fallback


def html_issues(
    html: str, source: Source, *, site: str = "", judged: frozenset[str] = frozenset()
) -> list[Issue]:
    """The HTML a body renders to, checked against the allow-list, with source lines."""
    raw = any("<" in line for line in source.body)  # autolinks too: better safe than fast
    found = check_html(html, tags=BODY_TAGS, raw=raw, site=site, judged=judged)
    if not found:
        return []
    locator = Locator(source)
    return [Issue(locator.line(v.needle), v.message, v.fix, v.severity) for v in found]


_MARKER = re.compile(
    r"""(?:\]\(\s*<?|\b(?:href|src)\s*=\s*["']?)[{|](?P<what>[A-Za-zÀ-ÿ_]+)[}|](?P<rest>[^)\s"'>]*)"""
)
KNOWN_MARKERS = frozenset({"filename", "static", "attach", "index", "tag", "category", "author"})
NAMED = frozenset({"tag", "category", "author"})  # followed by a name: {tag}communs
_BLOCK_OPEN = re.compile(r"^\s{0,3}<(?P<tag>div|section|article|aside|details|figure|table|"
                         r"blockquote|ul|ol|dl|pre|p|center)\b[^>]*>", re.IGNORECASE)  # fmt: skip


def marker_issues(lines: Iterable[tuple[int, str]]) -> list[Issue]:
    """`{fichier}`, `{Filename}` and other markers Pelican does not know; `{tag}` without a name."""
    issues = []
    for number, text in lines:
        for match in _MARKER.finditer(text):
            if match["what"] in NAMED and not match["rest"]:
                issues.append(
                    Issue(
                        number,
                        f"« {{{match['what']}}} » sans nom après lui",
                        f"écrivez par exemple {{{match['what']}}}communs, ou retirez le lien",
                    )
                )
            elif match["what"] not in KNOWN_MARKERS:
                issues.append(
                    Issue(
                        number,
                        f"marqueur de lien inconnu « {{{match['what']}}} »",
                        "écrivez {filename} pour un texte ({filename}/pages/licence.md) "
                        "ou {static} pour un fichier ({static}/images/photo.jpg)",
                    )
                )
    return issues


def unclosed_html(source: Source) -> list[Issue]:
    """A block of raw HTML never closed: Markdown would publish the rest of the text unformatted."""
    lines = list(prose_lines(source))
    text = "\n".join(line for _, line in lines).lower()
    unclosed: dict[str, bool] = {}  # by tag, counted once: a line a tag would make it quadratic
    for number, line in lines:
        match = _BLOCK_OPEN.match(line)
        if match is None:
            continue
        tag = match["tag"].lower()
        if tag not in unclosed:
            unclosed[tag] = len(re.findall(rf"<{tag}\b", text)) > text.count(f"</{tag}>")
        if unclosed[tag]:
            return [
                Issue(
                    number,
                    f"balise « <{tag}> » jamais fermée : tout le texte qui suit serait "
                    "publié sans mise en forme",
                    f"ajoutez « </{tag}> » à la fin du passage, ou "
                    "écrivez-le en Markdown, sans HTML",
                )
            ]
    return []
