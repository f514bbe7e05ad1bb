"""The saved text's own page, rendered in milliseconds while the full rebuild runs.

A rebuild takes seconds on a large site; a volunteer looking at the text they
just saved should not wait for it. After each successful build, the preview
keeps the site's context in memory (`WarmSite.refresh()`: Pelican's generators,
run up to the point where pages would be written, every file a cache hit).
When one Markdown file is saved, `WarmSite.render()` reads it again with the
same reader, puts the new version in place of the old one in that context and
renders that item's page alone. The full atomic build follows at once and stays
the truth: listings, feeds and cross-file checks come with it.

`render()` gives up (None) whenever the shortcut could show something wrong:
several files changed, a new or deleted file, a file the reader refuses, an
address or a status that changed, or any error at all.
"""

from __future__ import annotations

import io
import os
import tempfile
import threading
from contextlib import redirect_stderr
from functools import partial
from pathlib import Path

from pelican import Pelican, signals
from pelican.contents import Content
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.settings import read_settings
from pelican.writers import Writer

from plugins.content_collections.entry import Entry
from plugins.content_collections.generator import CollectionsGenerator
from plugins.content_reader import FILES_KEY
from plugins.licensing import describe_item

RENDERING = (ArticlesGenerator, PagesGenerator, CollectionsGenerator)
MEMOIZED = (Content.get_content, Content.get_summary)  # Pelican's caches, keyed by the item


class _ContextReady(Exception):
    """Raised where Pelican would start writing: the context is complete."""


class _ContextOnly(Pelican):
    def _get_writer(self):
        raise _ContextReady


class WarmSite:
    """The last good build's context, kept in memory to render one saved page at once."""

    def __init__(self, *, settings: Path, content: Path, extra: dict | None = None) -> None:
        self.settings_file, self.content = Path(settings), Path(content).resolve()
        self.extra = dict(extra or {})
        self.scratch = Path(tempfile.mkdtemp(prefix="apercu-"))
        self.generators: list | None = None
        self._found: list | None = None
        self._lock = threading.Lock()
        signals.all_generators_finalized.connect(self._record)

    @property
    def ready(self) -> bool:
        return self.generators is not None

    def _record(self, generators) -> None:
        self._found = generators

    def refresh(self) -> bool:
        """Build the context again (after a successful build); False if it could not be.

        Saved pages are still rendered from the previous context meanwhile.
        """
        self._found = None
        override = {
            **self.extra,
            "PATH": str(self.content),
            "OUTPUT_PATH": str(self.scratch),
            "CONTENT_READER_WORKERS": 1,
            "IMAGES_WORKERS": 1,
        }  # one process: forking a server with threads may hang
        found = None
        try:  # what this pass would print, the build has already said
            with redirect_stderr(io.StringIO()):
                _ContextOnly(read_settings(str(self.settings_file), override=override)).run()
        except _ContextReady:
            found = self._found
        except Exception:
            pass
        with self._lock:
            for memo in MEMOIZED:  # the previous context's texts, kept by Pelican's caches
                memo.cache.clear()
            self.generators = found or self.generators
        return found is not None

    def render(self, changed: set) -> dict[str, bytes] | None:
        """{save_as: bytes} of the page(s) of the one text changed, or None (see the docstring)."""
        paths = {path for _kind, path in changed}  # an editor may save by delete-and-rename
        path = paths.pop() if len(paths) == 1 else ""
        if not path.endswith(".md") or not os.path.isfile(path):
            return None
        with self._lock:
            if not self.generators:
                return None
            try:
                return self._render(Path(path).resolve())
            except Exception:  # the full build that follows reports what is wrong
                return None

    def _render(self, path: Path) -> dict[str, bytes] | None:
        rel = os.path.relpath(path, self.content)
        context = self.generators[0].context
        old = context["generated_content"].get(rel)
        reader = next((g for g in self.generators if isinstance(g, RENDERING)), None)
        if old is None or reader is None:
            return None
        content_class = type(old)
        if isinstance(old, Entry):
            content_class = partial(Entry, collection=old.collection)
            content_class.__name__ = Entry.__name__  # Pelican's readers log the class name
        new = reader.readers.read_file(
            base_path=reader.path, path=rel, content_class=content_class, context=context
        )
        result = context.get(FILES_KEY, {}).get(rel.replace(os.sep, "/"))
        if result is None or result.refused or not isinstance(new, Content):
            return None
        if (new.save_as, new.url, new.status) != (old.save_as, old.url, old.status):
            return None
        old.__dict__.update(vars(new))  # every listing holding the item now holds the new text
        for memo in MEMOIZED:
            for key in [k for k in list(memo.cache) if k and k[0] is old]:
                del memo.cache[key]
        describe_item(old)  # its JSON-LD as the build makes it, with the references it keeps
        writer = _Only({old.save_as}, Writer(str(self.scratch), settings=reader.settings))
        for generator in self.generators:
            _write_items(generator, writer)
        return {name: (self.scratch / name).read_bytes() for name in writer.written} or None


def _write_items(generator, writer) -> None:
    """Each item's own page, without the listings, feeds and calendars around them."""
    if isinstance(generator, ArticlesGenerator):
        generator.generate_articles(writer.write_file)
        generator.generate_drafts(writer.write_file)
    elif isinstance(generator, PagesGenerator):
        generator.generate_output(writer)  # the pages alone
    elif isinstance(generator, CollectionsGenerator):
        generator.write_items(writer)


class _Only:
    """A writer that renders only the pages named and writes no feed."""

    def __init__(self, names: set[str], writer: Writer) -> None:
        self.names, self.writer, self.written = names, writer, set()

    def write_file(self, name, *args, **kwargs):
        if name in self.names:
            self.writer.write_file(name, *args, **kwargs)
            self.written.add(name)

    def write_feed(self, *args, **kwargs):
        pass
