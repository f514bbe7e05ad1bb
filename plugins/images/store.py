"""Every cited image encoded once: by content hash, across builds, on every core.

An entry is a folder named by a digest of the source's bytes, the files
planned for it and everything encoding depends on (settings, code, library
versions); it is written whole, then renamed into place, so a hit is always
complete and parallel builds may share the store. Encoding runs in worker
processes while the build goes on (pages are written meanwhile, on one core):
`Production.wait()` collects it. Without `IMAGES_CACHE` the
store is a temporary folder that lives as long as the build.

A photo that cannot be encoded is a `Failure` of that photo, in French: never
a traceback. A full disk is not the photo's fault: its failure names the
store's folder instead (`disk` is set), and is reported once.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import struct
import tempfile
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from importlib.metadata import version
from multiprocessing import get_context
from pathlib import Path

from PIL import Image

from catalyst.model.images import facts as _facts
from catalyst.model.images import variants as _variants
from catalyst.model.images.facts import CONVERT, NBSP, NNBSP, pixel_limit, too_big
from catalyst.model.images.variants import Variant, encode

FULL = (errno.ENOSPC, errno.EDQUOT)  # no space left, or over the user's quota
# What Pillow raises for a file it cannot decode (truncated, inconsistent, too large)
UNDECODABLE = (ValueError, SyntaxError, EOFError, IndexError, struct.error, MemoryError)


@dataclass(frozen=True)
class Failure:
    """Why a photo's files could not be written: (message, fix), in French."""

    message: str
    fix: str
    disk: bool = False  # the disk is full: about the folder, not the photo


DISK_FULL = Failure(
    f"disque plein{NBSP}: les photos n’ont pas pu être écrites dans ce dossier",
    f"libérez de la place sur ce disque, puis relancez la construction{NNBSP}; les photos n’y "
    "sont pour rien",
    disk=True,
)


@dataclass(frozen=True)
class Job:
    rel: str  # path under content/
    source: str  # absolute path
    variants: tuple[Variant, ...]


class Store:
    def __init__(
        self, folder: str, quality: dict, workers: int = 0, *, max_pixels: int = 50_000_000
    ):
        self.folder = Path(folder)
        self.quality = quality
        self.max_pixels = max_pixels
        self.workers = workers or os.cpu_count() or 1
        digest = hashlib.sha256(repr(sorted(quality.items())).encode())
        digest.update(" ".join(version(p) for p in ("pillow", "pillow-heif")).encode())
        for code in (_variants, _facts):  # how a photo is encoded, and turned upright
            digest.update(Path(code.__file__).read_bytes())
        self.fingerprint = digest.hexdigest()

    def entry(self, job: Job) -> Path:
        digest = hashlib.sha256(self.fingerprint.encode())
        digest.update(
            repr(tuple((v.width, v.height, v.format, v.path) for v in job.variants)).encode()
        )
        with open(job.source, "rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha256").digest())
        key = digest.hexdigest()
        return self.folder / key[:2] / key

    def produce(self, jobs: list[Job]) -> Production:
        """Start encoding what the store lacks; the production says where each job's files are."""
        entries: dict[str, Path] = {}
        unreadable: dict[str, Failure] = {}
        missing = []
        for job in jobs:
            try:
                entries[job.rel] = self.entry(job)
            except OSError as error:
                unreadable[job.rel] = Failure(f"image illisible ({error.strerror})", CONVERT)
                continue
            if not entries[job.rel].is_dir():
                missing.append((job, entries[job.rel]))
        return Production(entries, unreadable, *self._start(missing))

    def _start(self, missing: list[tuple[Job, Path]]) -> tuple[list, ProcessPoolExecutor | None]:
        tasks = [
            (job.source, job.variants, str(entry), self.quality, self.max_pixels)
            for job, entry in missing
        ]
        if len(tasks) < 2 or self.workers < 2:
            done = [
                (job.rel, _Done(_encode_into(*task)))
                for (job, _), task in zip(missing, tasks, strict=True)
            ]
            return done, None
        pool = ProcessPoolExecutor(min(self.workers, len(tasks)), mp_context=get_context("fork"))
        pending = [
            (job.rel, pool.submit(_encode_into, *task))
            for (job, _), task in zip(missing, tasks, strict=True)
        ]
        pool.shutdown(wait=False)  # the workers finish their queue, then exit
        return pending, pool


@dataclass
class Production:
    """Where each cited photo's files are, while the worker processes write them."""

    entries: dict[str, Path]  # {rel: the store's folder for its files}
    unreadable: dict[str, Failure]  # found before encoding
    pending: list  # [(rel, future)]
    pool: ProcessPoolExecutor | None = None  # encoding them, if more than one at once

    def wait(self) -> dict[str, Failure]:
        """The photos that could not be encoded, once all are done and the pool is gone.

        Joining the pool matters: Python 3.11 may print a traceback at exit when the
        interpreter stops while a pool's manager thread is still closing (« Bad file
        descriptor »), as a check that stops after the report would."""
        failed = {}
        for rel, future in self.pending:
            try:
                failed[rel] = future.result()
            except BrokenProcessPool:  # a worker killed (out of memory): not a bug, not the photo
                failed[rel] = Failure(
                    "la conversion de cette photo s’est arrêtée net (mémoire "
                    f"insuffisante{NNBSP}?)",
                    "relancez la construction avec moins de conversions à la fois "
                    "(IMAGES_WORKERS), ou réduisez la photo",
                )
        if self.pool is not None:
            self.pool.shutdown(wait=True)
        return {rel: failure for rel, failure in failed.items() if failure}


@dataclass
class _Done:
    """The result of an encoding done at once, shaped as a finished future."""

    value: Failure | None

    def result(self) -> Failure | None:
        return self.value


def _encode_into(
    source: str, variants, entry: str, quality: dict, max_pixels: int
) -> Failure | None:
    """Encode into a fresh folder beside the entry, then rename it into place."""
    parent, scratch = os.path.dirname(entry), None
    try:
        os.makedirs(parent, exist_ok=True)
        scratch = tempfile.mkdtemp(dir=parent, prefix=".tmp-")
        encode(source, variants, scratch, quality, max_pixels=max_pixels)
        os.rename(scratch, entry)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return Failure(*too_big(os.path.basename(source), _size(source), max_pixels))
    except OSError as error:
        if error.errno in FULL:
            return DISK_FULL
        if os.path.isdir(entry):  # another build wrote it first
            return None
        return Failure(f"image illisible pendant la conversion ({error})", CONVERT)
    except UNDECODABLE as error:
        return Failure(f"image illisible pendant la conversion ({type(error).__name__})", CONVERT)
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    return None


def _size(source: str) -> tuple[int, int]:
    with pixel_limit(None), Image.open(source) as image:
        return image.size
