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
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# What a terminal or a workflow log acts on instead of showing: C0 and C1 controls (a line
# feed starts a line GitHub reads as a command, ESC moves the cursor or clears the screen),
# DEL, the line and paragraph separators, and the bidirectional controls that show text in
# another order than it is written.
_UNSEEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# The same invisible character is found twice: by the reading of its line and by the
# converter of its header value. One message says it.
_INVISIBLE_CHARACTER = re.compile(r"caractère .*invisible.*?U\+([0-9A-F]{4,6})")


def visible(text: object) -> str:
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
    def cause(self) -> tuple[str, int | None, str] | None:
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


_HEAD = re.compile(r"^0 erreur, [1-9]\d* avertissements? :$")


def warnings_only(printed: str) -> str:
    """The report `Report.format` printed among a build's other lines, when it has warnings
    and no error (a build that passes, which the publication would refuse); else ""."""
    lines = printed.splitlines()
    start = next((i for i, line in enumerate(lines) if _HEAD.match(line)), None)
    if start is None:
        return ""
    kept = [lines[start]]
    for i in range(start + 1, len(lines)):
        line, following = lines[i], lines[i + 1] if i + 1 < len(lines) else ""
        if not (line == "" or line.startswith("  ") or following.startswith("  ")):
            break  # a path heads its problems, indented below it; anything else ends it
        kept.append(line)
    return "\n".join(kept).strip()


def relative_path(source_path: str, base: str) -> str:
    """The path a volunteer knows: relative to the project, with `/`."""
    try:
        rel = os.path.relpath(source_path, base)
    except ValueError:
        return source_path
    # a name written in Latin-1 shows as « caf�.md », never as an encoding error
    readable = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return visible(readable.replace(os.sep, "/"))


# The build's problems, in its context: whoever finds one reports it there.

CONTEXT_KEY = "content_problems"


class ContentRefused(Exception):
    """The build refused the content; the French report has been printed.

    `problems`: every problem reported (errors and warnings), for who shows them elsewhere.
    """

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = list(problems or [])


class ChecksDone(Exception):
    """Check-only mode: every file is read and checked, nothing is to be written."""

    def __init__(self, problems: list[Problem], inventory: list[object]):
        super().__init__("vérification terminée")
        self.problems = problems
        self.inventory = inventory


def problem_log(context: dict[str, Any]) -> ProblemLog:
    """The build's problems (created on first use)."""
    log: ProblemLog | None = context.get(CONTEXT_KEY)
    if log is None:
        log = context[CONTEXT_KEY] = ProblemLog()
    return log


def report(
    context: dict[str, Any],
    path: str,
    message: str,
    *,
    fix: str = "",
    line: int | None = None,
    severity: str = "erreur",
) -> None:
    """Record a problem about the file at `path` (absolute, or relative to the project)."""
    problem_log(context).add(Problem(shown_path(path, context), line, message, fix, severity))


def shown_path(path: str, settings: Mapping[str, Any]) -> str:
    """The path a volunteer knows: relative to the project (`CONTENT_CHECKS_BASE`)."""
    return relative_path(os.path.join(_project_root(settings), path), problems_base(settings))


def problems_base(settings: Mapping[str, Any]) -> str:
    """The folder the problems' paths are relative to."""
    return settings.get("CONTENT_CHECKS_BASE") or _project_root(settings)


def _project_root(settings: Mapping[str, Any]) -> str:
    path = settings.get("PATH", "")
    return os.path.dirname(os.path.abspath(path)) if path else os.getcwd()


def read_failure(context: dict[str, Any], path: str, error: BaseException) -> None:
    """A reader or a plugin raised while a file was read: a problem of that file, and a bug."""
    report(
        context,
        path,
        f"Pelican n’a pas pu lire ce fichier ({type(error).__name__} : {error})",
        fix="c’est un bug du site ou d’un de ses greffons, pas de votre texte : signalez-le "
        "avec ce message",
    )


def stop_if_problems(context: dict[str, Any], settings: Mapping[str, Any]) -> None:
    """For a step that finds problems after the report (an encoding done while pages were
    written): print those not yet shown and stop the build if any is an error."""
    print_and_stop(problem_log(context), settings)


def print_and_stop(log: ProblemLog, settings: Mapping[str, Any]) -> None:
    if len(log.problems) == log.reported:
        return
    log.reported = len(log.problems)
    fatal = log.errors or (settings.get("CONTENT_CHECKS_WARNINGS_FATAL") and log.warnings)
    print(log.format(), file=sys.stderr, flush=True)
    if fatal:
        raise ContentRefused(
            "le site n’a pas été construit : corrigez les problèmes ci-dessus", log.problems
        )
