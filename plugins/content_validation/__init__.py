"""Nothing lost, nothing unsafe: every content file is validated before Pelican reads it.

Out of the box Pelican skips a file it cannot read and exits 0, ignores files
it has no reader for, reads one malformed header line as the end of the
header, merges names that differ by case, lets one item overwrite another's
output and publishes raw `<script>` as it is. This plugin checks every file
under content/ (its role, header, values, links, HTML) and the output paths
the build will write, and reports each problem, in French, to the shared
collector (plugins.content_checks), which fails the build before anything is
written. Settings (`CONTENT_VALIDATION_…`) are in options.py and README.md.

Extension points, each for the one moment it needs:
- `get_generators`: the one signal sent once per build before any file is read
  (it returns no generator): the pass over every file.
- `readers_init`: only `.md` is content, and a refused file is never parsed.
- `content_object_init`: the HTML Pelican rendered from an accepted file.
- `static_generator_finalized`: the static generator runs last, so every item
  and its output path exist; output clashes are checked there, before
  `all_generators_finalized`, where the collector prints the report.
"""

from __future__ import annotations

from pelican import signals

from . import bridge
from .bridge import RefusedFile
from .validation import Validation, start

_current: dict[str, Validation] = {}


def current() -> Validation | None:
    """The validation of the build in progress (or of the last one)."""
    return _current.get("build")


def _start(pelican) -> tuple:
    if pelican.settings.get("CONTENT_VALIDATION_ENABLED", True):
        _current["build"] = start(pelican.settings)
    else:
        _current.pop("build", None)
    return ()


def _guard_readers(readers) -> None:
    """`readers_init` is sent before the readers exist: swap the Markdown reader's class."""
    if current() is None:
        return
    for extension in ("markdown", "mkd", "mdown"):  # Pelican's other Markdown extensions
        readers.reader_classes.pop(extension, None)
    base = readers.reader_classes.get("md")
    if base is not None and not issubclass(base, _Guarded):
        readers.reader_classes["md"] = _guarded(base)


class _Guarded:
    def read(self, source_path):
        validation = current()
        if validation is not None and validation.is_refused(source_path):
            raise RefusedFile("non lu, à cause des erreurs ci-dessous")
        return super().read(source_path)


def _guarded(base: type) -> type:
    """The reader another plugin may have chosen for `.md`, refusing refused files."""
    return type(f"Guarded{base.__name__}", (_Guarded, base), {})


def _check_rendered(instance) -> None:
    validation = current()
    if validation is not None and bridge.BRIDGE.reading:
        validation.check_rendered(instance)


def _check_outputs(generator) -> None:
    validation = current()
    if validation is not None and bridge.BRIDGE.reading:
        validation.check_outputs(generator.context)
        bridge.stop_reading()


def _done(_generators) -> None:
    bridge.detach()


def register() -> None:
    signals.get_generators.connect(_start)
    signals.readers_init.connect(_guard_readers)
    signals.content_object_init.connect(_check_rendered)
    signals.static_generator_finalized.connect(_check_outputs)
    signals.all_generators_finalized.connect(_done)


__all__ = ["RefusedFile", "Validation", "current", "register"]
