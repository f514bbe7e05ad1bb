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

import os

from pelican import signals
from pelican.contents import SkipStub

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


def _attach(generator) -> None:
    problem_log(generator.context)


def _guard(readers) -> None:
    """`readers_init`: a file whose reading raises (our reader, a plugin's receiver, Pelican)
    is a problem of that file, said in French as a bug of the site, and the file is skipped
    (Pelican's `SkipStub`): Pelican never logs it in English, the build goes on to report
    every problem, then stops."""
    read_file = readers.read_file

    def guarded(base_path, path, *args, **kwargs):
        try:
            return read_file(base_path, path, *args, **kwargs)
        except Exception as error:
            context = kwargs.get("context")
            if context is None:  # no build to report to (a caller of our own, in a test)
                raise
            read_failure(context, os.path.join(base_path, path), error)
            return SkipStub(content="", source_path=path)

    readers.read_file = guarded


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
    signals.readers_init.connect(_guard)
    signals.all_generators_finalized.connect(_stop_if_problems)


__all__ = ["SETTINGS", "register"]
