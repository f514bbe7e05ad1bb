"""Nothing lost, nothing unsafe, across files: the checks that need every file read.

Each file is validated where it is read (plugins.content_reader). What no
single file can tell is checked here, once every generator has built its
context and before anything is written (`all_generators_finalized`, before
plugins.content_checks prints the report): every file under content/ has a
role or an error (a Word document, an unknown folder, a text in a static
folder); links reach published files; names are spelt one way; no two items
share a slug, an address or an output file; symbolic links stay inside the
repository and never loop.

Settings: `CONTENT_VALIDATION_ENABLED` (True), `CONTENT_VALIDATION_ROOT`
(the parent of PATH: the folder symbolic links must not leave).
Context keys read: `content_files` (plugins.content_reader), `outputs`
(plugins.content_checks.outputs); written: `content_inventory`.
"""

from __future__ import annotations

from pelican import signals

from .checks import Row, check_everything


def _check(generators) -> None:
    if not generators:
        return
    settings = generators[0].settings
    if settings.get("CONTENT_VALIDATION_ENABLED", True):
        check_everything(generators[0].context, settings)


def register() -> None:
    signals.all_generators_finalized.connect(_check)


__all__ = ["Row", "register"]
