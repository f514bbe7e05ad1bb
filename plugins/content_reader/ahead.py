"""Every content file read ahead, on every core, before Pelican's generators ask for them.

Pelican's generators read files one at a time, on one core. `read_file()` is a
pure function of a file's bytes, its path and the reader's settings, so the
whole content folder can be read at once by a pool of processes, the results
waiting for the generators in the build's context (`content_reads`). Results
found in the content-hash cache are taken from it first; the pool reads the
rest. Files behind symbolic links, or that cannot be read, are left to the
one-by-one path, which reports them.
"""

from __future__ import annotations

import fnmatch
import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from .read import FileResult, ReaderConfig, read_file

AHEAD_KEY = "content_reads"
MIN_FOR_A_POOL = 24  # fewer files are read faster than a pool starts


def files_to_read(content: str, settings: dict) -> list[tuple[str, str]]:
    """(path, path under content/) of the `.md` files Pelican's generators will ask for."""
    ignore = tuple(settings.get("IGNORE_FILES", ()))
    static = tuple(p.strip("/") + "/" for p in settings.get("STATIC_PATHS", ()))
    found = []
    for folder, dirs, names in os.walk(content):
        dirs[:] = sorted(d for d in dirs if not _ignored(d, ignore)
                         and not os.path.islink(os.path.join(folder, d)))  # fmt: skip
        for name in sorted(names):
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, content).replace(os.sep, "/")
            if name.endswith(".md") and not _ignored(name, ignore) and not os.path.islink(path) \
                    and not rel.startswith(static):  # fmt: skip
                found.append((path, rel))
    return found


def _ignored(name: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


def read_ahead(
    files: list[tuple[str, str]], config: ReaderConfig, cache, fresh, workers: int
) -> dict[str, FileResult]:
    """{rel: result} for `files`; `cache` (or None) keeps results, `fresh(result)` says whether
    a stored one still holds (the photos it cites are unchanged)."""
    results: dict[str, FileResult] = {}
    todo: list[tuple[str, bytes, str, str | None]] = []
    for path, rel in files:
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
        except OSError:
            continue
        key = cache.key(rel, raw) if cache else None
        stored = cache.get(key) if key else None
        if stored is not None and fresh(stored):
            results[rel] = stored
        else:
            todo.append((path, raw, rel, key))
    if len(todo) >= MIN_FOR_A_POOL and workers > 1:
        with ProcessPoolExecutor(
            workers, mp_context=get_context("fork"), initializer=_worker, initargs=(config,)
        ) as pool:
            read = list(pool.map(_read, todo, chunksize=8))
    else:
        _worker(config)
        read = [_read(task) for task in todo]
    for (_path, _raw, rel, key), result in zip(todo, read, strict=True):
        results[rel] = result
        if key:
            cache.put(key, result)
    return results


_settings: list[ReaderConfig] = []  # in each worker: the one configuration it reads with


def _worker(config: ReaderConfig) -> None:
    _settings[:] = [config]


def _read(task: tuple[str, bytes, str, str | None]) -> FileResult:
    path, raw, rel, _key = task
    return read_file(path, raw, rel, _settings[0])
