"""Problems found in volunteers' files, gathered over a whole build.

Every plugin that refuses something reports a `Problem` here instead of
raising, so that one run lists every problem of every file. The report is in
French, one block per file, each line saying where, what and how to fix it.

Paths and values come from volunteers' files and file names: everything printed
goes through `visible()`, so that no name or value can start a line of its own
(a GitHub workflow command, a forged report line) or drive the terminal.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

# What a terminal or a workflow log acts on instead of showing: C0 and C1 controls (a line
# feed starts a line GitHub reads as a command, ESC moves the cursor or clears the screen),
# DEL, the line and paragraph separators, and the bidirectional controls that show text in
# another order than it is written.
_UNSEEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# The same invisible character is found twice: by the reading of its line and by the
# converter of its header value. One message says it.
_INVISIBLE_CHARACTER = re.compile(r"caractère .*invisible.*?U\+([0-9A-F]{4,6})")


def visible(text) -> str:
    """`text` with each control character shown as `<U+XXXX>`: printed, it stays on its line."""
    return _UNSEEN.sub(lambda m: f"<U+{ord(m[0]):04X}>", str(text))


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int | None
    message: str
    fix: str = ""
    severity: str = "erreur"  # "erreur" fails every build, "avertissement" fails `publish`

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where} — {self.message}"
        if self.fix:
            text += f" ; {self.fix}"
        return visible(text)

    @property
    def cause(self) -> tuple | None:
        """What two problems of one line may share: the invisible character they are about."""
        found = _INVISIBLE_CHARACTER.search(self.message) if self.line else None
        return (self.path, self.line, found[1]) if found else None


@dataclass
class ProblemLog:
    problems: list[Problem] = field(default_factory=list)
    reported: int = 0  # how many were printed already

    def add(self, problem: Problem) -> None:
        cause = problem.cause
        if problem in self.problems or (cause and any(p.cause == cause for p in self.problems)):
            return
        self.problems.append(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "erreur"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "erreur"]

    def format(self) -> str:
        by_file: dict[str, list[Problem]] = {}
        for problem in sorted(self.problems, key=lambda p: (p.path, p.line or 0)):
            by_file.setdefault(visible(problem.path), []).append(problem)
        errors, warnings = len(self.errors), len(self.warnings)
        lines = [f"{_plural(errors, 'erreur')}, {_plural(warnings, 'avertissement')} :"]
        for path, problems in by_file.items():
            lines.append("")
            lines.append(path)
            lines.extend(f"  {p.severity} : {p.format()}" for p in problems)
        return "\n".join(lines)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


def relative_path(source_path: str, base: str) -> str:
    """The path a volunteer knows: relative to the project, with `/`."""
    try:
        rel = os.path.relpath(source_path, base)
    except ValueError:
        return source_path
    # a name written in Latin-1 shows as « caf�.md », never as an encoding error
    readable = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return visible(readable.replace(os.sep, "/"))
