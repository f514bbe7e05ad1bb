"""Bounded work: what one file may cost the build, checked before Markdown parses it.

Python-Markdown recurses once per level of nested lists or quotes (three to
five Python frames a level: about 250 levels exhaust Python's recursion limit),
and its time grows with the square of the depth and of a paragraph's length.
Eight hundred nested list items kept a check busy for minutes and ended in a
RecursionError. So a file is refused, with its line, before any parsing, when
it is larger than `max_bytes` or nests lists and quotes deeper than
`max_depth`; the conversion itself runs under a guard (a RecursionError or a
MemoryError is that file's problem: « texte trop imbriqué ») and, on the main
thread of a process, under a time budget (inline patterns such as `[[[[…` are
quadratic in Python-Markdown, Python-Markdown/markdown#798: no size limit
bounds them).
"""

from __future__ import annotations

import os
import re
import signal
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from types import FrameType

from catalyst.model.typography.spacing import NBSP, NNBSP
from catalyst.model.typography.spacing import french_spacing as french

from .source import Issue

# markdown-it's CommonMark preset stops nesting at 20 (maxNesting): real texts use 3 or 4 levels,
# and 20 levels stay under 100 frames of Python-Markdown, a tenth of the recursion limit.
MAX_DEPTH = 20
# 30 times the longest text of the site (35 kB), about 150,000 words: converted in a few seconds;
# beyond it, what was pasted is rarely a text (a log, an image or a document encoded as text).
MAX_BYTES = 1_000_000
# A one-megabyte text converts in under 10 s here; a slow or busy machine gets six times that.
MAX_SECONDS = 60
# What opens a level: a quote's `>`, a list item's `-`, `*`, `+` or `1.` followed by a space.
_OPENER = re.compile(r"(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")  # `- - -` is a line, not 3 lists


def read_at_most(path: str, limit: int) -> tuple[bytes, int]:
    """The first `limit + 1` bytes of `path` and its size: an oversized file is never loaded."""
    with open(path, "rb") as handle:
        return handle.read(limit + 1), os.fstat(handle.fileno()).st_size


def too_large(size: int, limit: int) -> Issue:
    return Issue(
        None,
        french(
            f"fichier trop gros : {_size(size)} ({_grouped(size)} octets), la limite est de "
            f"{_size(limit)} ({_grouped(limit)} octets)"
        ),
        french(
            "coupez-le en plusieurs textes ; une image ou un document collé dans le texte va "
            "dans content/images/ ou content/extra/, et le texte y fait un lien"
        ),
    )


def depth(text: str) -> int:
    """How many lists and quotes a line opens or continues: indentation (4 columns a level) and
    the `>`, `-`, `1.` chained at its start; a line of indentation alone is code, not a level."""
    rest, found = text.expandtabs(4), 0
    if _RULE.match(rest):
        return 0
    while True:
        stripped = rest.lstrip(" ")
        opener = _OPENER.match(stripped)
        if opener is None:
            return found
        found += (len(rest) - len(stripped)) // 4 + 1
        rest = stripped[opener.end() :]
        if opener[0] == ">" and rest.startswith(" "):
            rest = rest[1:]  # the space after `>` belongs to it


def deepest(lines: Iterable[tuple[int, str]]) -> tuple[int | None, int]:
    """(line, depth) of the first line at the greatest depth."""
    line, most = None, 0
    for number, text in lines:
        found = depth(text)
        if found > most:
            line, most = number, found
    return line, most


def too_deep(lines: Iterable[tuple[int, str]], limit: int) -> Issue | None:
    """The first line that nests lists and quotes deeper than `limit`."""
    for number, text in lines:
        found = depth(text)
        if found > limit:
            return Issue(
                number,
                french(
                    f"texte trop imbriqué : {found} niveaux de listes ou de citations les "
                    f"uns dans les autres à cette ligne, la limite est de {limit}"
                ),
                french(
                    "retirez des niveaux (moins d’espaces ou de « > » en début de ligne) : "
                    "une liste dans une liste suffit presque toujours ; un passage à montrer "
                    "tel quel va entre deux lignes « ``` »"
                ),
            )
    return None


def too_nested(line: int | None, *, memory: bool = False) -> Issue:
    """Markdown ran out of stack (RecursionError) or of memory on this text."""
    what = "trop long ou trop imbriqué" if memory else "trop imbriqué"
    return Issue(
        line,
        french(
            f"texte {what} : sa mise en forme s’arrête (trop de listes, de citations, "
            "d’astérisques ou de balises les unes dans les autres)"
        ),
        french(
            "simplifiez les passages très imbriqués ; un passage à montrer tel quel va entre "
            "deux lignes « ``` »"
        ),
    )


def overtime(seconds: float) -> Issue:
    return Issue(
        None,
        french(f"mise en forme trop longue : plus de {_number(seconds)}{NBSP}s pour ce seul texte"),
        french(
            "cherchez une longue suite de caractères répétés (« [[[[ », « <<<< », « **** ») "
            "et retirez-la, ou coupez le texte en plusieurs fichiers"
        ),
    )


class Overtime(BaseException):
    """The time budget ran out (a BaseException: `except Exception` in an extension keeps it)."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise Overtime in the block after `seconds` (0: no budget). Only the main thread of a
    process receives signals: elsewhere (the preview's threads) the block runs unbounded, as
    it does when the process's alarm is already set by someone else (a test's timeout)."""
    if (
        not seconds
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
        or signal.getitimer(signal.ITIMER_REAL)[0] > 0
    ):
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        while True:  # the alarm may ring inside this block: disarm until it is done
            try:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
                break
            except Overtime:
                continue


def _expired(signum: int, frame: FrameType | None) -> None:
    raise Overtime


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", NNBSP)


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _size(size: int) -> str:
    for unit, scale in (("Mo", 1_000_000), ("ko", 1_000)):
        if size >= scale:
            shown = f"{size / scale:.1f}".removesuffix(".0").replace(".", ",")
            return f"{shown}{NBSP}{unit}"
    return f"{size}{NBSP}octets"
