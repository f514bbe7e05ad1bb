"""Every cited image encoded once: by content hash, across builds, on every core.

An entry is a folder named by a digest of the source's bytes, the files
planned for it and everything encoding depends on (settings, code, library
versions); it is written whole, then renamed into place, so a hit is always
complete and parallel builds may share the store. Encoding runs in worker
processes while the build goes on (pages are written meanwhile, on one core):
`Production.wait()` collects it. Without `IMAGES_CACHE` the
store is a temporary folder that lives as long as the build.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib.metadata import version
from multiprocessing import get_context
from pathlib import Path

from .facts import CONVERT
from .variants import Variant, encode


@dataclass(frozen=True)
class Job:
    rel: str  # path under content/
    source: str  # absolute path
    variants: tuple[Variant, ...]


class Store:
    def __init__(self, folder: str, quality: dict, workers: int = 0):
        self.folder = Path(folder)
        self.quality = quality
        self.workers = workers or os.cpu_count() or 1
        digest = hashlib.sha256(repr(sorted(quality.items())).encode())
        digest.update(" ".join(version(p) for p in ("pillow", "pillow-heif")).encode())
        digest.update((Path(__file__).parent / "variants.py").read_bytes())
        self.fingerprint = digest.hexdigest()

    def entry(self, job: Job) -> Path:
        digest = hashlib.sha256(self.fingerprint.encode())
        digest.update(repr(tuple((v.width, v.height, v.format, v.path) for v in job.variants))
                      .encode())  # fmt: skip
        with open(job.source, "rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha256").digest())
        key = digest.hexdigest()
        return self.folder / key[:2] / key

    def produce(self, jobs: list[Job]) -> Production:
        """Start encoding what the store lacks; the production says where each job's files are."""
        entries: dict[str, Path] = {}
        unreadable: dict[str, tuple[str, str]] = {}
        missing = []
        for job in jobs:
            try:
                entries[job.rel] = self.entry(job)
            except OSError as error:
                unreadable[job.rel] = (f"image illisible ({error.strerror})", CONVERT)
                continue
            if not entries[job.rel].is_dir():
                missing.append((job, entries[job.rel]))
        return Production(entries, unreadable, self._start(missing))

    def _start(self, missing: list[tuple[Job, Path]]) -> list:
        tasks = [(job.source, job.variants, str(entry), self.quality) for job, entry in missing]
        if len(tasks) < 2 or self.workers < 2:
            return [(job.rel, _Done(_encode_into(*task)))
                    for (job, _), task in zip(missing, tasks, strict=True)]  # fmt: skip
        pool = ProcessPoolExecutor(min(self.workers, len(tasks)), mp_context=get_context("fork"))
        pending = [(job.rel, pool.submit(_encode_into, *task))
                   for (job, _), task in zip(missing, tasks, strict=True)]  # fmt: skip
        pool.shutdown(wait=False)  # the workers finish their queue, then exit
        return pending


@dataclass
class Production:
    """Where each cited photo's files are, while the worker processes write them."""

    entries: dict[str, Path]  # {rel: the store's folder for its files}
    unreadable: dict[str, tuple[str, str]]  # {rel: (message, fix)} found before encoding
    pending: list  # [(rel, future)]

    def wait(self) -> dict[str, tuple[str, str]]:
        """{rel: (message, fix)} of the photos that could not be encoded, once all are done."""
        failed = {rel: future.result() for rel, future in self.pending}
        return {rel: problem for rel, problem in failed.items() if problem}


@dataclass
class _Done:
    """The result of an encoding done at once, shaped as a finished future."""

    value: tuple[str, str] | None

    def result(self) -> tuple[str, str] | None:
        return self.value


def _encode_into(source: str, variants, entry: str, quality: dict) -> tuple[str, str] | None:
    """Encode into a fresh folder beside the entry, then rename it into place."""
    parent = os.path.dirname(entry)
    os.makedirs(parent, exist_ok=True)
    scratch = tempfile.mkdtemp(dir=parent, prefix=".tmp-")
    try:
        encode(source, variants, scratch, quality)
        os.rename(scratch, entry)
    except OSError as error:
        if os.path.isdir(entry):  # another build wrote it first
            return None
        return (f"image illisible pendant la conversion ({error})", CONVERT)
    except (ValueError, SyntaxError, MemoryError) as error:
        return (f"image illisible pendant la conversion ({type(error).__name__})", CONVERT)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return None
