"""Stop the build, with one French report, when any file has a problem.

Problems are data, gathered in the build's context under `content_problems`
(a `ProblemLog`), whoever finds them: the reader (one file at a time), the
cross-file checks, the collections' references. Once every generator has
built its context, this plugin's step (connected last: it is last in
`PLUGINS`) prints them grouped by file and stops the build if any is an
error, or if any warning remains when `CONTENT_CHECKS_WARNINGS_FATAL` is set
(`publishconf.py` sets it). Nothing is written before that.

With `CONTENT_CHECKS_ONLY` (the check-only mode of catalyst.build) the build
stops after the report, raising `ChecksDone` with the problems and the
inventory (context key `content_inventory`).

Context keys: `content_problems` (ProblemLog), read by anyone who reports.
"""

from __future__ import annotations

import logging
import os
import sys

from pelican import signals

from .report import Problem, ProblemLog, relative_path

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

    def __init__(self, problems: list[Problem], inventory: list):
        super().__init__("vérification terminée")
        self.problems = problems
        self.inventory = inventory


def problem_log(context: dict) -> ProblemLog:
    """The build's problems (created on first use)."""
    log = context.get(CONTEXT_KEY)
    if log is None:
        log = context[CONTEXT_KEY] = ProblemLog()
    return log


def report(
    context: dict, path: str, message: str, *, fix: str = "", line: int | None = None,
    severity: str = "erreur",
) -> None:  # fmt: skip
    """Record a problem about the file at `path` (absolute, or relative to the project)."""
    problem_log(context).add(Problem(shown_path(path, context), line, message, fix, severity))


def shown_path(path: str, settings: dict) -> str:
    """The path a volunteer knows: relative to the project (`CONTENT_CHECKS_BASE`)."""
    return relative_path(os.path.join(_project_root(settings), path), problems_base(settings))


def problems_base(settings: dict) -> str:
    """The folder the problems' paths are relative to."""
    return settings.get("CONTENT_CHECKS_BASE") or _project_root(settings)


def _project_root(settings: dict) -> str:
    path = settings.get("PATH", "")
    return os.path.dirname(os.path.abspath(path)) if path else os.getcwd()


def read_failure(context: dict, path: str, error: BaseException) -> None:
    """A reader or a plugin raised while a file was read: a problem of that file, and a bug."""
    report(
        context, path, f"Pelican n’a pas pu lire ce fichier ({type(error).__name__} : {error})",
        fix="c’est un bug du site ou d’un de ses greffons, pas de votre texte : signalez-le "
        "avec ce message",
    )  # fmt: skip


class _ReadFailures(logging.Filter):
    """Pelican's « Could not process » (a reader or a plugin raised): a problem of the file.

    Bound to one build's context; the build goes on, and the report names the file.
    """

    def __init__(self, context: dict):
        super().__init__()
        self.context = context

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg != "Could not process %s":
            return True
        error = sys.exc_info()[1]  # the filter runs inside the generator's `except`
        read_failure(self.context, os.path.join(self.context["PATH"], str(record.args[0])), error)
        return False


def _attach(generator) -> None:
    problem_log(generator.context)
    logger = logging.getLogger("pelican.generators")
    for old in [f for f in logger.filters if isinstance(f, _ReadFailures)]:
        if old.context is not generator.context:
            logger.removeFilter(old)
    if not any(isinstance(f, _ReadFailures) for f in logger.filters):
        logger.addFilter(_ReadFailures(generator.context))


def _stop_if_problems(generators) -> None:
    if not generators:
        return
    context, settings = generators[0].context, generators[0].settings
    log = problem_log(context)
    _print_and_stop(log, settings)
    if settings.get("CONTENT_CHECKS_ONLY"):
        raise ChecksDone(list(log.problems), context.get("content_inventory", []))


def stop_if_problems(context: dict, settings: dict) -> None:
    """For a step that finds problems after the report (an encoding done while pages were
    written): print those not yet shown and stop the build if any is an error."""
    _print_and_stop(problem_log(context), settings)


def _print_and_stop(log: ProblemLog, settings: dict) -> None:
    if len(log.problems) == log.reported:
        return
    log.reported = len(log.problems)
    fatal = log.errors or (settings.get("CONTENT_CHECKS_WARNINGS_FATAL") and log.warnings)
    print(log.format(), file=sys.stderr, flush=True)
    if fatal:
        raise ContentRefused(
            "le site n’a pas été construit : corrigez les problèmes ci-dessus", log.problems
        )


def register() -> None:
    signals.generator_init.connect(_attach)
    signals.all_generators_finalized.connect(_stop_if_problems)


__all__ = [
    "ChecksDone", "ContentRefused", "Problem", "problem_log", "problems_base", "read_failure",
    "register", "report", "stop_if_problems",
]  # fmt: skip
