"""Pelican's own complaints about a content file, turned into lines of the French report.

Every build runs with `--fatal warnings`, so the first warning Pelican logs
while reading content (an exception in a reader, an image without `alt`, a
duplicated key, a file with a disabled reader) stops the build on the spot, in
English, often without naming the file, and the other files are never
checked. While content is being read, a logging filter on Pelican's loggers
catches those records: what the validation already reported is dropped,
anything else becomes a problem of the file it is about, and the build goes
on to the full report.
"""

from __future__ import annotations

import logging
import os
import sys

from plugins.content_checks import report

LOGGERS = (
    "pelican.generators",
    "pelican.readers",
    "pelican.contents",
    "pelican.utils",
    "pelican.cache",
)
SAME_SLUG = (  # pelican.utils.get_original_items, args: count, [with_str, lang,] paths…
    'There are %s items "%s" with lang %s',
    "There are %s original (not translated) items %s",
    'All items ("%s") "%s" are translations',
)
ALREADY_CHECKED = (
    "Duplicate definition of `%s` for %s. Using first one.",  # source.py: duplicated keys
    "Empty alt attribute for image %s in %s",  # markup.py: images without alt text
)


class RefusedFile(Exception):
    """Raised instead of reading a file whose problems are already reported.

    A generator that reports its readers' failures itself can skip this one
    silently: `getattr(error, "already_reported", False)`.
    """

    already_reported = True


class Bridge(logging.Filter):
    def __init__(self):
        super().__init__()
        self.validation = None  # the running build's Validation, while it reads content
        self.reading = False
        self.same_slug_reported: set[tuple[str, ...]] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        validation = self.validation
        if validation is None or record.levelno < logging.WARNING:
            return True
        message = record.msg if isinstance(record.msg, str) else ""
        if message in ALREADY_CHECKED or _disabled_reader(record, validation):
            return False
        if not self.reading:
            return True
        if message == "Could not process %s":
            path = os.path.join(validation.options.content, str(record.args[0]))
            error = sys.exc_info()[1]  # the filter runs inside the generator's `except`
            if isinstance(error, RefusedFile) or validation.is_refused(path):
                return False
            text = f"Pelican n’a pas pu lire ce fichier ({type(error).__name__} : {error})"
            self._report(path, text, validation)
            return False
        if message.startswith(SAME_SLUG):
            self._same_slug(record, validation)
            return False
        path = _path_in(record, validation)
        if path and validation.is_refused(path):
            return False
        text = f"Pelican signale : {record.getMessage()}"
        self._report(path or validation.options.content, text, validation)
        return False

    def _same_slug(self, record: logging.LogRecord, validation) -> None:
        """Two texts with one slug: Pelican takes them for translations of each other."""
        paths = [a for a in record.args if isinstance(a, str) and os.path.isfile(a)]
        if tuple(paths) in self.same_slug_reported:
            return
        self.same_slug_reported.add(tuple(paths))
        slug = os.path.splitext(os.path.basename(paths[0]))[0] if paths else ""
        for path in paths:
            others = " et ".join(validation.shown(p) for p in paths if p != path)
            report(
                path,
                f"même adresse (« {slug} ») et même langue que {others} : Pelican "
                "les prendrait pour des traductions l’une de l’autre",
                settings=validation.settings,
                fix="renommez l’un des fichiers (ou changez son « Slug: ») : le nom du "
                "fichier fait l’adresse",
            )

    @staticmethod
    def _report(path: str, text: str, validation) -> None:
        report(
            path,
            text,
            settings=validation.settings,
            fix="vérifiez ce fichier ; si le message reste obscur, demandez de l’aide "
            "à l’équipe du site",
        )


def _disabled_reader(record: logging.LogRecord, validation) -> bool:
    """Pelican's warning about `x.html` or `x.rst`: the inventory has classified that file."""
    message = record.getMessage()
    if record.name != "pelican.readers" or ": " not in message:
        return False
    return message.split(": ", 1)[0] in validation.items


def _path_in(record: logging.LogRecord, validation) -> str | None:
    for arg in record.args if isinstance(record.args, tuple) else ():
        candidate = str(getattr(arg, "source_path", arg))
        for path in (candidate, os.path.join(validation.options.content, candidate)):
            if os.path.lexists(path) and not os.path.isdir(path):
                return os.path.abspath(path)
    return None


BRIDGE = Bridge()


def attach(validation) -> None:
    BRIDGE.validation, BRIDGE.reading = validation, True
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if BRIDGE not in logger.filters:
            logger.addFilter(BRIDGE)


def stop_reading() -> None:
    """Content is read: from now on, only drop what the validation already covers."""
    BRIDGE.reading = False


def detach() -> None:
    BRIDGE.validation, BRIDGE.reading = None, False
