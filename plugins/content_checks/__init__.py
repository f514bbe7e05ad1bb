"""Stop the build, with one French report, when any file has a problem.

Plugins report problems with `report()` while content is read; once every
generator has built its context (before anything is written), the collected
problems are printed grouped by file and the build fails if any is an error,
or if any warning remains when `CONTENT_CHECKS_WARNINGS_FATAL` is set
(`publishconf.py` sets it). Nothing half-built is ever written.
"""

from __future__ import annotations

import os
import sys

from pelican import signals

from .report import Problem, ProblemLog, line_of_key, relative_path

_log = ProblemLog()


class ContentError(Exception):
    """The build refused the content; the message is the French report."""


def report(
    instance_or_path,
    message: str,
    *,
    fix: str = "",
    key: str | None = None,
    line: int | None = None,
    severity: str = "erreur",
    settings: dict | None = None,
) -> None:
    """Record a problem about a content object (or a source path)."""
    source = getattr(instance_or_path, "source_path", instance_or_path)
    settings = settings or getattr(instance_or_path, "settings", {}) or {}
    base = settings.get("CONTENT_CHECKS_BASE") or _project_root(settings)
    if line is None and key:
        line = line_of_key(source, key)
    _log.add(Problem(relative_path(source, base), line, message, fix, severity))


def _project_root(settings: dict) -> str:
    path = settings.get("PATH", "")
    return os.path.dirname(os.path.abspath(path)) if path else os.getcwd()


def problems() -> list[Problem]:
    return list(_log.problems)


def _reset(_pelican) -> None:
    _log.problems.clear()


def _stop_if_problems(generators) -> None:
    if not _log.problems:
        return
    settings = generators[0].settings if generators else {}
    fatal = _log.errors or (settings.get("CONTENT_CHECKS_WARNINGS_FATAL") and _log.warnings)
    print(_log.format(), file=sys.stderr, flush=True)
    if fatal:
        raise ContentError("le site n’a pas été construit : corrigez les problèmes ci-dessus")


def register() -> None:
    signals.initialized.connect(_reset)
    signals.all_generators_finalized.connect(_stop_if_problems)


__all__ = ["ContentError", "Problem", "problems", "register", "report"]
