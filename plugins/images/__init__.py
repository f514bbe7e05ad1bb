"""Volunteers' photos made web-ready: a few sizes, a modern format, no metadata, described.

Phones write 4–12 MB photos whose metadata holds where they were taken and
the phone's serial number. Every photo a text cites (a Markdown image, a link
to it, or an `Image:` field of the content model) is published as a few
widths in AVIF (or WebP) plus JPEG, upright, in sRGB, with no metadata at
all; the original is not published unless `IMAGES_PUBLISH_ORIGINALS` asks.
Pillow does it directly: pelican's image-process plugin rewrites finished
HTML by CSS class and copies metadata through, where this step needs the
reader's line numbers, the content model's fields and a content-hash cache.

The pieces the reader and the checks share live in the model (catalyst.model.images):
facts.py (a source's size and problems, read at the line that cites it),
markup.py (the `<picture>` the reader writes), variants.py (the encoding),
options.py (the settings). Here: store.py (the cache and the worker processes),
location.py and metadata.py (where a photo says it was taken, and its removal). This plugin's
generator, once every text is read, starts encoding what the texts cite
(`generate_context`) in worker processes, which run while the pages are
written; it waits for them and copies the files into the output
(`generate_output`). A photo that cannot be encoded is in the report with the
other problems when the build stops there anyway (`all_generators_finalized`),
else it refuses the build before anything is released.

Privacy beyond the published files: every photo under content/ (cited or not:
it is in the public repository) that still tells where it was taken
(location.py) is a warning, an error with the production settings
(`CONTENT_CHECKS_WARNINGS_FATAL`); the pre-commit hook catalyst.tools.strip_location
takes the location out before a commit. `PROCESSED` (the model's options.py) lists the
photo formats, for plugins.content_validation's allow-list of static files.

Context keys: reads `content_files` (plugins.content_reader); writes
`images` ({path under content/: Published}) and declares every file in
`outputs` (kind "image"). Settings: `SETTINGS`, declared in catalyst/model/images/options.py
(the reader reads them too).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from catalyst.model.images.facts import ImageFacts, is_processed, located
from catalyst.model.images.options import PROCESSED, SETTINGS, ImageOptions, read_options
from catalyst.model.images.variants import Variant, plan
from catalyst.model.outputs import Output, declare
from catalyst.model.problems import Problem, problem_log, report, shown_path, stop_if_problems
from catalyst.model.settings_spec import SHARED, value

from .location import location_of
from .store import DISK_FULL, FULL, Failure, Job, Store

IMAGES_KEY = "images"


@dataclass(frozen=True)
class Published:
    """A cited photo and the files it is published as."""

    rel: str
    variants: tuple[Variant, ...]
    entry: Path  # the store's folder that holds them


class ImageGenerator(Generator):
    def generate_context(self):
        options = read_options(self.settings)
        content = os.path.abspath(self.settings.get("PATH") or "content")
        cited: dict[str, ImageFacts] = {}
        for result in self.context.get("content_files", {}).values():  # refused ones too:
            cited.update({r: f for r, f in result.images.items() if f and f.usable})  # all said
        self.jobs = [
            Job(rel, os.path.join(content, rel), plan(rel, f.width, f.height, options))
            for rel, f in sorted(cited.items())
        ]
        self._report_locations(content)
        self.store = self._store(options)
        self.production = self.store.produce(self.jobs)
        self._report(self.production.unreadable)
        published = {}
        for job in self.jobs:
            if job.rel in self.production.unreadable:
                continue
            published[job.rel] = Published(job.rel, job.variants, self.production.entries[job.rel])
            for variant in job.variants:
                declare(
                    self.context,
                    Output(variant.path, f"l’image « {job.rel} »", "image", source=job.source),
                )
        self.context[IMAGES_KEY] = published

    def settle(self) -> bool:
        """Wait for the encoding and report the photos that failed; False if any did."""
        failed = self.production.wait()
        self._report(failed)
        return not failed

    def _report(self, failures: dict[str, Failure]) -> None:
        sources = {job.rel: job.source for job in self.jobs}
        for rel, failure in failures.items():
            if failure.disk:
                self._disk_full(str(self.store.folder))
            else:
                report(self.context, sources[rel], failure.message, fix=failure.fix)

    def _disk_full(self, folder: str) -> None:
        """Reported once, at the folder (outside the project, its absolute path)."""
        shown = shown_path(folder, self.settings)
        shown = os.path.abspath(folder) if shown.startswith("../") else shown
        problem_log(self.context).add(Problem(shown, None, DISK_FULL.message, DISK_FULL.fix))

    def _report_locations(self, content: str) -> None:
        """Every photo under content/ that tells where it was taken."""
        fatal = bool(value(self.settings, SHARED, "CONTENT_CHECKS_WARNINGS_FATAL"))
        for path in _photo_files(content):
            try:
                found = location_of(path)
            except OSError:
                continue  # unreadable: the reader says so where it is cited
            if found:
                message, fix = located(found, preview=not fatal)
                report(
                    self.context,
                    path,
                    message,
                    fix=fix,
                    severity="erreur" if fatal else "avertissement",
                )

    def _store(self, options: ImageOptions) -> Store:
        quality = dict(options.quality)
        workers = value(self.settings, SETTINGS, "IMAGES_WORKERS")
        if value(self.settings, SETTINGS, "IMAGES_CACHE"):
            folder = os.path.join(self.settings.get("CACHE_PATH") or "cache", "images")
        else:  # this build's own store, removed with the generator
            self._scratch = tempfile.TemporaryDirectory(prefix="catalyst-images-")
            folder = self._scratch.name
        return Store(folder, quality, workers, max_pixels=options.max_pixels)

    def generate_output(self, writer):
        if not self.settle():  # encoded while the pages were written: a late refusal
            stop_if_problems(self.context, self.settings)
        try:
            for item in self.context.get(IMAGES_KEY, {}).values():
                for variant in item.variants:
                    target = os.path.join(self.output_path, variant.path)
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    shutil.copyfile(item.entry / os.path.basename(variant.path), target)
        except OSError as error:
            if error.errno not in FULL:
                raise
            self._disk_full(self.output_path)
            stop_if_problems(self.context, self.settings)


def _photo_files(content: str):
    """Every photo file under `content`, hidden folders and files aside."""
    for folder, folders, files in os.walk(content):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in PROCESSED:
                yield os.path.join(folder, name)


def _settle_before_the_report(generators) -> None:
    """`all_generators_finalized`, before the report: if the build stops there (a problem, or
    the check-only mode), the photos that cannot be encoded are in the same report."""
    context = generators[0].context if generators else {}
    log = problem_log(context)
    stopping = (
        log.errors
        or value(context, SHARED, "CONTENT_CHECKS_ONLY")
        or (value(context, SHARED, "CONTENT_CHECKS_WARNINGS_FATAL") and log.warnings)
    )
    for generator in generators if stopping else ():
        if isinstance(generator, ImageGenerator):
            generator.settle()


def get_generators(_pelican):
    return ImageGenerator


def _hide_originals(generator) -> None:
    """`static_generator_finalized`: a processed photo's original is not copied, nor linkable."""
    if read_options(generator.settings).publish_originals:
        return
    kept = [s for s in generator.staticfiles if not is_processed(s.relative_source_path)]
    generator.staticfiles = generator.context["staticfiles"] = kept
    static = generator.context.get("static_content", {})
    for rel in [rel for rel in static if is_processed(rel)]:
        del static[rel]


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.static_generator_finalized.connect(_hide_originals)
    signals.all_generators_finalized.connect(_settle_before_the_report)


__all__ = ["IMAGES_KEY", "SETTINGS", "Published", "register"]
