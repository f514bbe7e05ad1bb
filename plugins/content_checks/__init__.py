"""Stop the build, with one French report, when any file has a problem.

Problems are data, gathered in the build's context under `content_problems`
(a `ProblemLog`), whoever finds them: the reader (one file at a time), the
cross-file checks, the collections' references. Once every generator has
built its context, this plugin's step (connected last: it is last in
`PLUGINS`) prints them grouped by file and stops the build if any is an
error, or if any warning remains when `CONTENT_CHECKS_WARNINGS_FATAL` is set
(`publishconf.py` sets it). Nothing is written before that.

With `CONTENT_CHECKS_ONLY` (the check-only mode of catalyst.tools.build) the build
stops after the report, raising `ChecksDone` with the problems and the
inventory (context key `content_inventory`).

Context keys: `content_problems` (ProblemLog), read by anyone who reports.
"""

from __future__ import annotations

import logging
import os
import sys

from pelican import signals

from catalyst.model.problems import ChecksDone, print_and_stop, problem_log, read_failure
from catalyst.model.settings_spec import (
    CONTENT_CHECKS_ONLY,
    CONTENT_CHECKS_WARNINGS_FATAL,
    Setting,
    value,
)

SETTINGS = (  # the first and the last are read by other plugins too: declared in the model
    CONTENT_CHECKS_WARNINGS_FATAL,
    Setting(
        "CONTENT_CHECKS_BASE",
        None,
        "paths in messages are relative to this folder; `None`: the parent of `PATH`",
    ),
    CONTENT_CHECKS_ONLY,
)


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
    print_and_stop(log, settings)
    if value(settings, SETTINGS, "CONTENT_CHECKS_ONLY"):
        raise ChecksDone(list(log.problems), context.get("content_inventory", []))


def register() -> None:
    signals.generator_init.connect(_attach)
    signals.all_generators_finalized.connect(_stop_if_problems)


__all__ = ["SETTINGS", "register"]
