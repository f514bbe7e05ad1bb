"""Nothing lost, nothing unsafe, across files: the checks that need every file read.

Each file is validated where it is read (plugins.content_reader). What no
single file can tell is checked here, once every generator has built its
context and before anything is written (`all_generators_finalized`, before
plugins.content_checks prints the report): every file under content/ has a
role or an error (a Word document, an unknown folder, a text in a static
folder); links reach published files; names are spelt one way; no two items
share a slug, an address or an output file; symbolic links stay inside the
repository (inside content/ for content) and never loop; a file of
`images/`, `extra/` or beside a text is of a type its folder publishes, and is
what its name says (static_files.py, svg.py).

Settings: `SETTINGS`, in options.py (`CONTENT_VALIDATION_STATIC_TYPES`: static_types.py).
Context keys read: `content_files` (plugins.content_reader), `outputs`
(catalyst.model.outputs); written: `content_inventory`.
"""

from __future__ import annotations

import logging
import os

from pelican import signals

from catalyst.model.settings_spec import value

from .checks import Row, check_everything
from .options import SETTINGS
from .static_files import withhold

SAME_SLUG = (  # pelican.utils.get_original_items; checks._same_slug says it in French
    'There are %s items "%s" with lang %s',
    "There are %s original (not translated) items %s",
    'All items ("%s") "%s" are translations',
)


# pelican.cache, on a broken symlink or a {static} link to a missing file (links.py says it)
BROKEN_LINK = "Cannot get modification stamp for %s"


class _SaidInFrench(logging.Filter):
    """Drop Pelican's English warnings that this plugin reports in French, with the file."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.msg if isinstance(record.msg, str) else ""
        if message.startswith(SAME_SLUG):
            return False
        if not message.startswith(BROKEN_LINK):
            return True
        path = str(record.args[0])
        return not (os.path.islink(path) or not os.path.exists(path))


def _check(generators) -> None:
    if not generators:
        return
    settings = generators[0].settings
    if value(settings, SETTINGS, "CONTENT_VALIDATION_ENABLED"):
        check_everything(generators[0].context, settings)


def register() -> None:
    for name in ("pelican.utils", "pelican.cache"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _SaidInFrench) for f in logger.filters):
            logger.addFilter(_SaidInFrench())
    # Where Pelican has listed what it will copy: a refused file is dropped even if no
    # report stops the build (static_files.py says what is refused, and why).
    signals.static_generator_finalized.connect(withhold)
    signals.all_generators_finalized.connect(_check)


__all__ = ["SETTINGS", "Row", "register"]
