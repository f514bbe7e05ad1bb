"""One content file, read once: bytes in, HTML, typed values and problems out.

`read_file()` is a pure function of the file's bytes, its path and the
settings that matter (`ReaderConfig`): it parses the header with exact line
numbers, validates and converts each value against the content model,
renders the Markdown body and summary, checks the HTML against the
allow-list and applies French typography. Its result is plain data, so a
content-hash cache can keep it and a process pool could compute it; turning
it into Pelican's metadata (tags, authors, dates as Pelican's objects) is
the reader's job, in the build's process. What one file may cost is bounded
before Markdown sees it (`limits`): its size, the depth of its lists and
quotes; the conversion runs under a guard and a time budget.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, overload

import markdown

from catalyst.model import ContentModel, ContentType, as_text, fill, split_list
from catalyst.model.images.facts import ImageFacts
from catalyst.model.images.markup import Citations, PictureExtension
from catalyst.model.images.options import ImageOptions
from catalyst.model.typography.rules import typeset

from . import limits
from .body import Link, html_issues, links, marker_issues, prose_lines, unclosed_html
from .cover import cite_images, cover_image
from .embeds import check_video_lines
from .header import Header, read_header
from .limits import Overtime, deepest, overtime, time_budget, too_deep, too_large, too_nested
from .markup import BODY_TAGS, check_html
from .source import Issue, Source, read_source
from .writers_notes import WritersNotesExtension

TOC_MIN_HEADINGS = 4  # below that, a table of contents is longer than it saves
NAME_SPACES = {"category": "category", "tags": "tags", "authors": "authors", "author": "authors"}


@dataclass(frozen=True)
class ReaderConfig:
    """The settings a file's result depends on; its repr is part of the cache key."""

    model: ContentModel
    markdown_key: str  # the MARKDOWN setting, as stable() writes it
    tz: str
    title_max: int
    summary_expected: tuple[str, ...]
    typography: bool
    default_lang: str
    ignore_tags: tuple[str, ...]
    images: ImageOptions
    max_bytes: int = limits.MAX_BYTES  # larger files are refused unread
    max_depth: int = limits.MAX_DEPTH  # lists and quotes nested deeper are refused
    # the MARKDOWN setting itself
    markdown: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    # Seconds of conversion a file may take (0: no limit). A result refused for it is never
    # kept, and a result that was not refused owes it nothing: it is no part of the cache key.
    max_seconds: float = field(default=limits.MAX_SECONDS, compare=False, repr=False)


@dataclass
class FileResult:
    rel: str  # path under content/, with "/"
    type: str  # "article", "page" or a collection name
    problems: list[Issue] = field(default_factory=list)
    html: str = ""
    raw: dict[str, str] = field(default_factory=dict)  # header values as written, by name
    values: dict[str, Any] = field(default_factory=dict)  # typed values of the valid fields
    lines: dict[str, int] = field(default_factory=dict)  # line of each key
    title: str | None = None  # typeset
    summary: str | None = None  # rendered and typeset
    toc: str | None = None  # the table of contents of a long text (TOC_MIN_HEADINGS or more)
    links: list[Link] = field(default_factory=list)
    names: list[tuple[str, str, int]] = field(default_factory=list)  # (space, name, line)
    images: dict[str, ImageFacts | None] = field(default_factory=dict)  # photos cited, by path
    cacheable: bool = True  # False: it depends on more than the bytes (the time it took, a size)

    @property
    def refused(self) -> bool:
        return any(p.severity == "erreur" for p in self.problems)

    @property
    def status(self) -> str:
        status: str = self.values.get("status", "published")
        return status


def read_file(path: str, raw: bytes, rel: str, config: ReaderConfig) -> FileResult:
    if len(raw) > config.max_bytes:
        return oversized(path, raw, rel, config, len(raw))
    ctype = _type_of(rel, config.model)
    result = FileResult(rel, ctype.name)
    try:
        with time_budget(config.max_seconds):
            _read(result, path, raw, rel, ctype, config)
    except Overtime:
        result.problems.append(overtime(config.max_seconds))
        result.cacheable = False  # another machine, or a calmer moment, may finish it
    return result


def oversized(path: str, raw: bytes, rel: str, config: ReaderConfig, size: int) -> FileResult:
    """A file of `size` bytes, over the limit, refused from its first bytes (`raw`, of which
    only `config.max_bytes` are looked at: an 800-level list is 1.3 MB, its depth is said too)."""
    ctype = _type_of(rel, config.model)
    result = FileResult(rel, ctype.name, cacheable=False)  # its message says more than its bytes
    result.problems.append(too_large(size, config.max_bytes))
    deep = too_deep(prose_lines(read_source(path, raw[: config.max_bytes])), config.max_depth)
    result.problems += [deep] if deep else []
    return result


def _type_of(rel: str, model: ContentModel) -> ContentType:
    """The type of the file at `rel`: its folder's, else a page (every model has pages)."""
    ctype = model.type_for(rel) or model.get("page")
    assert ctype is not None
    return ctype


def _read(
    result: FileResult, path: str, raw: bytes, rel: str, ctype: ContentType, config: ReaderConfig
) -> None:
    source = read_source(path, raw, suggest=ctype.suggest)
    result.problems += source.issues
    if not any(line.strip() for line in source.lines):
        return  # not text, or empty: one message says it all
    result.problems += _file_name(rel, ctype)
    header = read_header(
        source,
        ctype,
        config.model,
        title_max=config.title_max,
        tz=config.tz,
        summary_expected=ctype.name in config.summary_expected,
    )
    result.problems += header.issues
    result.raw, result.values, result.lines = header.raw, header.values, header.lines
    result.names = [
        (NAME_SPACES[name], value, header.lines[name])
        for name, text in header.raw.items()
        if name in NAME_SPACES
        for value in ([text] if name in ("category", "author") else split_list(text))
    ]
    prose = list(prose_lines(source))
    if "summary" in header.raw:  # its links and markers count too
        prose += [(header.lines["summary"], text) for text in header.raw["summary"].split("\n")]
    result.problems += check_video_lines(prose_lines(source))
    result.problems += marker_issues(prose) + unclosed_html(source)
    result.links = links(prose, rel)
    if source.undecodable:
        return
    deep = too_deep(prose, config.max_depth)
    if deep is not None:  # before Markdown recurses through it
        result.problems.append(deep)
        return
    citations = Citations(rel, _content_root(path, rel), config.images)
    result.problems += cover_image(ctype, header, citations, result)
    try:
        _render(result, source, header, ctype, citations, config)
    except (RecursionError, MemoryError) as error:  # this text's problem, not the site's
        line, most = deepest(prose)
        shown = line if most > limits.MAX_DEPTH else None  # else the nesting is elsewhere
        result.problems.append(too_nested(shown, memory=isinstance(error, MemoryError)))


def _render(
    result: FileResult,
    source: Source,
    header: Header,
    ctype: ContentType,
    citations: Citations,
    config: ReaderConfig,
) -> None:
    """Markdown, the HTML allow-list and typography: the costly part, bounded by the caller."""
    html, toc, summary = _convert(source, header, citations, config)
    site = config.images.siteurl
    judged = frozenset(citations.judged)  # decorative, or said at their line below
    result.problems += html_issues(html, source, site=site, judged=judged)
    if summary is not None:
        line = header.lines["summary"]
        result.problems += [
            Issue(line, f"{v.message} (dans « Summary »)", v.fix, v.severity)
            for v in check_html(summary, tags=BODY_TAGS, site=site, judged=judged)
        ]
    result.problems += cite_images(citations, result, source)
    title = header.raw.get("title")
    if title is None and ctype.title != "{title}":
        title = fill(ctype.title, {k: as_text(v) for k, v in header.values.items()})
    lang = str(header.values.get("lang") or config.default_lang)
    result.html, result.title, result.summary, result.toc = (
        _typeset(html, lang, config),
        _typeset(title, lang, config),
        _typeset(summary, lang, config),
        _typeset(toc, lang, config),
    )


def _convert(
    source: Source, header: Header, citations: Citations, config: ReaderConfig
) -> tuple[str, str | None, str | None]:
    """(html, toc, summary): the body and the summary through the configuration's renderer."""
    md = _markdown(config)
    md.reset()
    md.citations = citations
    try:
        html = md.convert("\n".join(source.body))
        toc = _toc(md)
        summary = None
        if "summary" in header.raw:
            md.reset()
            summary = md.convert(header.raw["summary"])
    except BaseException:
        # A conversion stopped half-way leaves the renderer's state behind (its block parser's
        # stack survives `reset()`): the next text would be parsed inside this one's lists.
        _markdown.cache_clear()
        raise
    finally:
        md.citations = None
    return html, toc, summary


def _content_root(path: str, rel: str) -> str:
    """The content folder, from a file's path and its path under it."""
    path = path.replace(os.sep, "/")
    return path[: -len(rel)].rstrip("/") if path.endswith("/" + rel) else os.path.dirname(path)


def _file_name(rel: str, ctype: ContentType) -> list[Issue]:
    """A type whose files are named by a rule (a letter's by its week: `2026-s49.md`)."""
    stem = rel.rsplit("/", 1)[-1].removesuffix(".md")
    if not ctype.file_name or (re.fullmatch(ctype.file_name, stem) and _real_week(stem)):
        return []
    return [
        Issue(
            None,
            f"nom de fichier « {stem}.md » : {ctype.described} se nomme d’après sa semaine",
            f"nommez-le par exemple « {ctype.file_name_example}.md » (l’année, « s », le numéro "
            "de la semaine sur deux chiffres)",
        )
    ]


def _real_week(stem: str) -> bool:
    """`2026-s53` does not exist (2026 has 52 ISO weeks); other names pass."""
    year, _, week = stem.partition("-s")
    if not (year.isdigit() and week.isdigit()):
        return True
    try:
        date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        return False
    return True


def _toc(md: markdown.Markdown) -> str | None:
    """The Markdown `toc` extension's table of contents, for texts with enough headings."""
    tokens = getattr(md, "toc_tokens", None) or []
    count = sum(1 + len(t.get("children", [])) for t in tokens)
    return getattr(md, "toc", None) if count >= TOC_MIN_HEADINGS else None


@overload
def _typeset(text: str, lang: str, config: ReaderConfig) -> str: ...
@overload
def _typeset(text: str | None, lang: str, config: ReaderConfig) -> str | None: ...
def _typeset(text: str | None, lang: str, config: ReaderConfig) -> str | None:
    if text is None or not config.typography:
        return text
    return typeset(text, lang=lang, ignore_tags=config.ignore_tags)


@lru_cache(maxsize=4)
def _markdown(config: ReaderConfig) -> markdown.Markdown:
    """One Markdown renderer per configuration, reset before each text (Pelican's own, without
    the `meta` extension: the header is already cut off)."""
    settings = config.markdown
    configs = settings.get("extension_configs", {})
    extensions = [e for e in settings.get("extensions", []) if not str(e).endswith(".meta")]
    extensions += [e for e in configs if e not in extensions]
    extensions.append(PictureExtension())  # always: a photo is never published as it was taken
    extensions.append(WritersNotesExtension())  # always: comments are notes for the writers
    options = {k: v for k, v in settings.items() if k not in ("extensions", "extension_configs")}
    return markdown.Markdown(extensions=extensions, extension_configs=configs, **options)


def stable(value: object) -> str:
    """A repr that is the same in every process: functions by name, never by address."""
    if isinstance(value, dict):
        pairs = (f"{stable(k)}: {stable(value[k])}" for k in sorted(value, key=str))
        return "{" + ", ".join(pairs) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(stable(v) for v in value) + "]"
    if isinstance(value, str | int | float | bool | type(None)):
        return repr(value)
    name = getattr(value, "__qualname__", type(value).__qualname__)
    return f"{getattr(value, '__module__', '')}.{name}"
