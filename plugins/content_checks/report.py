"""Problems found in volunteers' files, gathered over a whole build.

Every plugin that refuses something reports a `Problem` here instead of
raising, so that one run lists every problem of every file. The report is in
French, one block per file, each line saying where, what and how to fix it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field


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
        return text


@dataclass
class ProblemLog:
    problems: list[Problem] = field(default_factory=list)
    reported: int = 0  # how many were printed already

    def add(self, problem: Problem) -> None:
        if problem not in self.problems:
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
            by_file.setdefault(problem.path, []).append(problem)
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
    return readable.replace(os.sep, "/")
