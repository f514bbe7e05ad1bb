"""The one reader of content files: each `.md` file read once, validated where it is read.

Pelican's Markdown reader parses a header loosely (a malformed line silently
ends it), accepts any key and value, and leaves checks, typography and
conversion to later signals that rerun on every cache hit. This reader
(`readers_init`: parsing is a reader's job) does it all in one pure step,
`read_file()` of the model's reader (catalyst.model.reader.read): header with
line numbers, values against the content model, Markdown, HTML allow-list,
French typography; this plugin is its Pelican glue.
Its result is cached by content hash (`CONTENT_READER_CACHE`). What one file
may cost is bounded (`limits`: size, nesting, time), and one file's result
never depends on another's, whether files are read one by one or ahead.

A file with an error is refused: the reader returns Pelican's `skip` status,
so no generator builds it, and its problems reach the build's report (context
key `content_problems`). Every result is also kept for the cross-file checks
under the context key `content_files` ({path under content/: FileResult}).
"""

from __future__ import annotations

import os

from pelican import signals
from pelican.readers import BaseReader

from catalyst.model import read_model
from catalyst.model.errors import SettingsError
from catalyst.model.fields import TITLE_MAX_LENGTH
from catalyst.model.images.facts import inspect
from catalyst.model.images.options import read_options as image_options
from catalyst.model.problems import Problem, problem_log, shown_path
from catalyst.model.reader import limits
from catalyst.model.reader.ahead import AHEAD_KEY, Failed, files_to_read, read_ahead
from catalyst.model.reader.read import FileResult, ReaderConfig, oversized, read_file, stable
from catalyst.model.reader.source import Issue
from catalyst.model.settings_spec import Setting, value, values
from catalyst.model.typography.rules import typography_options

from .cache import ResultCache, fingerprint

FILES_KEY = "content_files"
SETTINGS = (
    Setting(
        "CONTENT_READER_CACHE",
        False,
        "keep results by content hash in `CACHE_PATH/content-reader` (`pelicanconf.py` sets "
        "`True`)",
    ),
    Setting(
        "CONTENT_READER_TITLE_MAX_LENGTH",
        TITLE_MAX_LENGTH,
        "longer titles are refused (tabs and feed readers cut at 60–110)",
    ),
    Setting(
        "CONTENT_READER_WORKERS",
        0,
        "processes that read every file ahead (`content_reads` context key); `0`: one per "
        "core, `1`: one by one",
    ),
    Setting(
        "CONTENT_READER_SUMMARY_EXPECTED",
        (),
        'content types whose items must have a `Summary`, e.g. `("article",)` (a warning)',
    ),
    Setting(
        "CONTENT_READER_MAX_BYTES",
        limits.MAX_BYTES,
        "a larger file is refused unread, with its size and the limit (30 times the site's "
        "longest text; a few seconds to convert), e.g. `2_000_000`",
    ),
    Setting(
        "CONTENT_READER_MAX_DEPTH",
        limits.MAX_DEPTH,
        "lists and quotes nested deeper are refused at the line, before Markdown parses "
        "(Python-Markdown recurses once a level: ~250 levels end in a `RecursionError`; "
        "markdown-it's CommonMark preset also stops at 20), e.g. `10`",
    ),
    Setting(
        "CONTENT_READER_MAX_SECONDS",
        limits.MAX_SECONDS,
        "seconds one file's conversion may take, on a process's main thread (Python-Markdown "
        "is quadratic on `[[[[…`); a text over it is refused, never cached; `0`: no limit",
    ),
)
# Values Pelican turns into its own objects (the others keep the model's type: `Order` a number).
PELICAN_OBJECTS = frozenset({"tags", "date", "modified", "category", "author", "authors", "slug"})


RENAMED = {
    "CONTENT_VALIDATION_TITLE_MAX_LENGTH": "CONTENT_READER_TITLE_MAX_LENGTH",
    "CONTENT_VALIDATION_SUMMARY_EXPECTED": "CONTENT_READER_SUMMARY_EXPECTED",
}


def reader_config(settings: dict) -> ReaderConfig:
    for old, new in RENAMED.items():
        if old in settings:
            raise SettingsError(f"content_reader: {old} is now called {new}")
    if settings.get("CACHE_CONTENT"):  # its hits never reach this reader, nor their problems
        raise SettingsError(
            "content_reader: CACHE_CONTENT must stay False (Pelican's cache would skip this "
            "reader, and the problems it reports); set CONTENT_READER_CACHE = True instead"
        )
    get = values(settings, SETTINGS)
    length = get["CONTENT_READER_TITLE_MAX_LENGTH"]
    if not isinstance(length, int) or isinstance(length, bool) or length < 10:
        raise SettingsError(_wrong("TITLE_MAX_LENGTH", "an integer of at least 10", length))
    expected = get["CONTENT_READER_SUMMARY_EXPECTED"]
    if isinstance(expected, str) or not all(isinstance(e, str) for e in expected):
        raise SettingsError(_wrong("SUMMARY_EXPECTED", "a list of content type names", expected))
    for name, minimum in (("MAX_BYTES", 1), ("MAX_DEPTH", 1)):
        value = get[f"CONTENT_READER_{name}"]
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise SettingsError(_wrong(name, f"an integer of at least {minimum}", value))
    seconds = get["CONTENT_READER_MAX_SECONDS"]
    if not isinstance(seconds, int | float) or isinstance(seconds, bool) or seconds < 0:
        raise SettingsError(_wrong("MAX_SECONDS", "a number of seconds (0: no limit)", seconds))
    typography = typography_options(settings)
    return ReaderConfig(
        model=read_model(settings),
        markdown_key=stable(settings.get("MARKDOWN", {})),
        tz=settings.get("TIMEZONE") or "UTC",
        title_max=length,
        summary_expected=tuple(expected),
        typography=typography[0],
        default_lang=typography[1],
        ignore_tags=typography[2],
        images=image_options(settings),
        max_bytes=get["CONTENT_READER_MAX_BYTES"],
        max_depth=get["CONTENT_READER_MAX_DEPTH"],
        markdown=settings.get("MARKDOWN", {}),
        max_seconds=seconds,
    )


def _wrong(name: str, expected: str, received) -> str:
    return f"content_reader: CONTENT_READER_{name} should be {expected}, received {received!r}"


class ContentReader(BaseReader):
    enabled = True
    file_extensions = ("md",)

    def __init__(self, settings):
        super().__init__(settings)
        self.config = reader_config(settings)
        self.content = os.path.abspath(settings.get("PATH") or "content")
        self.cache = None
        if value(settings, SETTINGS, "CONTENT_READER_CACHE"):
            folder = os.path.join(settings.get("CACHE_PATH") or "cache", "content-reader")
            self.cache = ResultCache(folder, fingerprint(self.config))
        self.context: dict = {}  # the build's context, given by `_attach`

    def read(self, source_path):
        if self._seen_elsewhere(source_path):
            return "", {"status": "skip"}
        rel = os.path.relpath(source_path, self.content).replace(os.sep, "/")
        result = self._result(source_path, rel)
        self.context.setdefault(FILES_KEY, {})[rel] = result
        log = problem_log(self.context)
        shown = shown_path(source_path, self.settings)
        for issue in result.problems:
            log.add(Problem(shown, issue.line, issue.message, issue.fix, issue.severity))
        if result.refused:
            return "", {"status": "skip"}  # Pelican's generators skip it without a word
        return result.html, self._metadata(result)

    def _seen_elsewhere(self, path: str) -> bool:
        """A file reached through a linked folder of content/ is read at its real path.

        Pelican follows folder links, even a link to a folder that contains it (it would read
        the same files at every depth); plugins.content_validation reports such a loop.
        """
        folder = os.path.dirname(os.path.abspath(path))
        real, root = os.path.realpath(folder), os.path.realpath(self.content)
        inside = os.path.commonpath([real, root]) == root
        return inside and os.path.relpath(real, root) != os.path.relpath(folder, self.content)

    def _result(self, path: str, rel: str) -> FileResult:
        if rel != rel.encode("utf-8", "replace").decode("utf-8"):  # undecodable bytes in the name
            return _refused(rel, self.config, _BAD_NAME)
        ahead = self._read_ahead().pop(rel, None)
        if isinstance(ahead, Failed):
            raise ahead.error  # Pelican reports it for this file, and this file only
        if ahead is not None:
            return ahead
        try:
            raw, size = limits.read_at_most(path, self.config.max_bytes)
        except OSError as error:
            return _refused(rel, self.config, _unreadable(error))
        if size > self.config.max_bytes:
            return oversized(path, raw, rel, self.config, size)  # only its first bytes were read
        key = self.cache.key(rel, raw) if self.cache else None
        cached = self.cache.get(key) if key else None
        if cached is not None and _images_unchanged(cached, self.content, self.config):
            return cached
        result = read_file(path, raw, rel, self.config)
        if key and result.cacheable:
            self.cache.put(key, result)
        return result

    def _read_ahead(self) -> dict[str, FileResult | Failed]:
        """The results read ahead for this build (context key `content_reads`), made once."""
        if AHEAD_KEY not in self.context:
            self.context[AHEAD_KEY] = {}  # once, even if it raises: never once per file
            workers = (
                value(self.settings, SETTINGS, "CONTENT_READER_WORKERS") or os.cpu_count() or 1
            )
            files = files_to_read(self.content, self.settings) if workers > 1 else []
            self.context[AHEAD_KEY] = read_ahead(
                files,
                self.config,
                self.cache,
                lambda r: _images_unchanged(r, self.content, self.config),
                workers,
            )
        return self.context[AHEAD_KEY]

    def _metadata(self, result: FileResult) -> dict:
        metadata = {}
        for name, raw in result.raw.items():
            if name in PELICAN_OBJECTS:
                metadata[name] = self.process_metadata(name, raw)  # Tag, Author, SafeDatetime…
            elif name not in ("title", "summary"):
                metadata[name] = result.values.get(name, raw)  # typed by the model
        if result.title is not None:
            metadata["title"] = result.title
        if result.summary is not None:
            metadata["summary"] = result.summary
        if result.toc is not None:
            metadata["toc"] = result.toc
        metadata["header_lines"] = dict(result.lines)  # for problems found later (references)
        ctype = self.config.model.get(result.type)
        if ctype is not None and ctype.collection:
            metadata["fields"] = {  # a testimonial's author and date as Pelican has them
                f.name: metadata[f.name] if f.name in PELICAN_OBJECTS else result.values[f.name]
                for f in ctype.declared
                if f.name in result.values and f.type != "summary"
            }
        return metadata


def _images_unchanged(result: FileResult, content: str, config: ReaderConfig) -> bool:
    """A stored result holds the size of each photo it cites: still true of the files?"""
    return all(
        inspect(content, rel, config.images) == facts for rel, facts in result.images.items()
    )


_BAD_NAME = Issue(
    None,
    "nom de fichier illisible (il n’est pas en UTF-8)",
    "renommez le fichier en minuscules, sans accents ni espaces (des tirets à la place)",
)


def _unreadable(error: OSError) -> Issue:
    why = "permission refusée" if isinstance(error, PermissionError) else error.strerror
    return Issue(
        None,
        f"fichier illisible ({why})",
        "rendez-le lisible (droits de lecture : chmod a+r) ou supprimez-le",
    )


def _refused(rel: str, config: ReaderConfig, issue: Issue) -> FileResult:
    ctype = config.model.type_for(rel) or config.model.get("page")
    return FileResult(rel, ctype.name, problems=[issue])


def _install(readers) -> None:
    """`readers_init`: this reader for `.md`; other Markdown extensions are not content."""
    for extension in ("markdown", "mkd", "mdown"):
        readers.reader_classes.pop(extension, None)
    readers.reader_classes["md"] = ContentReader


def _attach(generator) -> None:
    """`generator_init`: give this generator's reader the build's context, where results go."""
    readers = getattr(generator, "readers", None)
    reader = readers.readers.get("md") if readers is not None else None
    if isinstance(reader, ContentReader):
        reader.context = generator.context


def register() -> None:
    signals.readers_init.connect(_install)
    signals.generator_init.connect(_attach)
