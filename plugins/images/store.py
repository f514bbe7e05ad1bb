"""Every cited image encoded once: by content hash, across builds, on every core.

An entry is a folder named by a digest of the source's bytes, the files
planned for it and everything encoding depends on (settings, code, library
versions); it is written whole, then renamed into place, so a hit is always
complete and parallel builds may share the store. Without `IMAGES_CACHE` the
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

    def produce(self, jobs: list[Job]) -> dict[str, Path | tuple[str, str]]:
        """{rel: the entry holding its files, or (message, fix) when it cannot be encoded}."""
        done: dict[str, Path | tuple[str, str]] = {}
        missing = []
        for job in jobs:
            try:
                entry = self.entry(job)
            except OSError as error:
                done[job.rel] = (f"image illisible ({error.strerror})", CONVERT)
                continue
            done[job.rel] = entry
            if not entry.is_dir():
                missing.append((job, entry))
        for (job, _entry), problem in zip(missing, self._encode_all(missing), strict=True):
            if problem:
                done[job.rel] = problem
        return done

    def _encode_all(self, missing: list[tuple[Job, Path]]):
        tasks = [(job.source, job.variants, str(entry), self.quality) for job, entry in missing]
        if len(tasks) < 2 or self.workers < 2:
            return [_encode_into(*task) for task in tasks]
        with ProcessPoolExecutor(min(self.workers, len(tasks)), mp_context=get_context("fork")) \
                as pool:  # fmt: skip
            return list(pool.map(_encode_into, *zip(*tasks, strict=True)))


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
