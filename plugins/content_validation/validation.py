"""One build's validation: the pass over every file, then what later signals need.

The pass runs before Pelican reads anything: inventory of content/, header and
values of every text, links, spellings of names. Every problem goes to the
shared collector (plugins.content_checks); a file with an error is "refused":
Pelican never reads it, so a malformed file cannot crash or confuse the
build, and the report lists each problem once. Files Pelican does read get
their rendered HTML checked as they are created, and once everything is read
the planned output paths are checked for clashes.
"""

from __future__ import annotations

import os

import markdown

from plugins.content_checks import report
from plugins.content_collections.config import read_collections

from . import bridge
from .body import html_issues, prose_lines
from .embeds import check_video_lines
from .inventory import Item, Layout, take_inventory, walk
from .links import check_links
from .names import check_names
from .options import Options, read_options
from .outputs import clashes, planned_outputs, url_clashes
from .schema import ARTICLE, PAGE, STATUSES, Schema, collection_schema
from .source import Issue, Source, read_source
from .values import check_header


class Validation:
    def __init__(self, settings: dict):
        self.settings = settings
        self.options: Options = read_options(settings)
        self.base = settings.get("CONTENT_CHECKS_BASE") or os.path.dirname(self.options.content)
        self.schemas: list[Schema] = [ARTICLE, PAGE] + [
            collection_schema(t) for t in read_collections(settings)
        ]
        folders = [(p, ARTICLE) for p in settings.get("ARTICLE_PATHS", ())]
        folders += [(p, PAGE) for p in settings.get("PAGE_PATHS", ())]
        folders += [
            (t.path, s) for t, s in zip(read_collections(settings), self.schemas[2:], strict=True)
        ]
        self.layout = Layout(
            tuple(sorted(folders, key=lambda f: -len(f[0]))),
            tuple(settings.get("STATIC_PATHS", ())),
            tuple(settings.get("IGNORE_FILES", ())),
        )
        self.items: dict[str, Item] = {}
        self.sources: dict[str, Source] = {}
        self.refused: set[str] = set()

    # Before Pelican reads anything.
    def run(self) -> None:
        self.items = take_inventory(self.options.content, self.layout)
        for rel, item in self.items.items():
            if item.role == "content":
                self.sources[rel] = self._read(item)
        check_links(self.items, self.sources)
        schemas = {rel: self.items[rel].schema for rel in self.sources}
        prefix = self.shown(self.options.content) + "/"
        for rel, issues in check_names(self.sources, schemas, self.settings, prefix=prefix).items():
            self.items[rel].issues += issues
        for item in self.items.values():
            if item.role == "error" or any(i.severity == "erreur" for i in item.issues):
                self.refused.add(os.path.abspath(item.path))
                item.status = "refusé"
                self._check_refused_body(item)
            for issue in item.issues:
                self._report(item.path, issue)
        if os.path.isdir(self.options.theme):
            for path, problem in walk(self.options.theme, root=self.options.root):
                if problem:
                    self._report(path, problem)

    def _read(self, item: Item) -> Source:
        schema = item.schema
        source = read_source(item.path, suggest=schema.suggest)
        item.issues += source.issues
        item.issues += check_header(
            source,
            schema,
            others=self.schemas,
            title_max=self.options.title_max_length,
            tz=self.settings.get("TIMEZONE") or "UTC",
            summary_expected=schema.type in self.options.summary_expected,
        )
        item.issues += check_video_lines(prose_lines(source))
        status = schema.keys.get("status")
        if status and status.field and status.field.choices == STATUSES:
            written = source.first("status")
            item.status = written.value.lower() if written else "published"
        return source

    def _check_refused_body(self, item: Item) -> None:
        """Pelican will not render a refused text: render it here, so that its HTML is checked."""
        source = self.sources.get(item.rel)
        if source is None or source.undecodable:
            return
        config = self.settings.get("MARKDOWN", {})
        configs = config.get("extension_configs", {})
        extensions = [  # without `meta`, which Pelican adds: the header is already cut off
            e for e in config.get("extensions", []) if e not in configs and not e.endswith("meta")
        ]
        renderer = markdown.Markdown(
            extensions=[*extensions, *configs],
            extension_configs=configs,
            output_format=config.get("output_format", "html5"),
        )
        item.issues += html_issues(renderer.convert("\n".join(source.body)), source)

    # While Pelican reads.
    def is_refused(self, path: str) -> bool:
        return os.path.abspath(path) in self.refused

    def check_rendered(self, instance) -> None:
        """`content_object_init`: the HTML Pelican rendered from a file that passed."""
        path = getattr(instance, "source_path", None)
        body = getattr(instance, "_content", None)
        if not path or not isinstance(body, str):
            return
        source = self.sources.get(self.options.relative(path))
        if source is not None:
            for issue in html_issues(body, source):
                self._report(path, issue)

    # Once everything is read, before anything is written.
    def check_outputs(self, context: dict) -> None:
        for rel, content in context.get("generated_content", {}).items():
            item = self.items.get(rel)
            if item is not None and content is not None:
                item.url = getattr(content, "url", "") or ""
                status = getattr(content, "status", "")
                item.status = status if status in STATUSES else "published"
        for rel, content in context.get("static_content", {}).items():
            if rel in self.items and content is not None:
                self.items[rel].url = content.url
        owners = planned_outputs(context, self.settings, self.shown)
        theme_dir = self.settings.get("THEME_STATIC_DIR", "theme")
        found = clashes(owners, theme_dir=theme_dir)
        reported = {(c.source, c.message) for c in found}
        found += [
            c for c in url_clashes(context, self.shown) if (c.source, c.message) not in reported
        ]
        for clash in found:
            source = self.sources.get(self.options.relative(clash.source))
            line = _override_line(source)
            report(clash.source, clash.message, fix=clash.fix, line=line, settings=self.settings)

    def shown(self, path: str) -> str:
        return os.path.relpath(path, self.base).replace(os.sep, "/")

    def _report(self, path: str, issue: Issue) -> None:
        report(
            path,
            issue.message,
            fix=issue.fix,
            line=issue.line,
            severity=issue.severity,
            settings=self.settings,
        )


def _override_line(source: Source | None) -> int | None:
    for name in ("save_as", "url", "slug"):
        entry = source.first(name) if source else None
        if entry:
            return entry.line
    return None


def start(settings: dict) -> Validation:
    validation = Validation(settings)
    bridge.attach(validation)
    validation.run()
    return validation
