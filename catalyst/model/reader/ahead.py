"""Every content file read ahead, on every core, before Pelican's generators ask for them.

Pelican's generators read files one at a time, on one core. `read_file()` is a
pure function of a file's bytes, its path and the reader's settings, so the
whole content folder can be read at once by a pool of processes, the results
waiting for the generators in the build's context (`content_reads`). Results
found in the content-hash cache are taken from it first; the pool reads the
rest. Files behind symbolic links, or that cannot be read, are left to the
one-by-one path, which reports them.

One file's failure stays that file's: an exception raised while reading it is
kept as its result (`Failed`), raised again only when Pelican asks for that
file, and a pool that breaks (a worker killed) leaves the files it had not
returned to the one-by-one path. Before, `pool.map` raised the first error in
the build's process: the read-ahead was lost, made again for every other file
and failed each time, so that every file of the site was reported with one
file's RecursionError.
"""

from __future__ import annotations

import fnmatch
import os
import pickle
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any, Protocol

from .limits import read_at_most
from .read import FileResult, ReaderConfig, oversized, read_file

AHEAD_KEY = "content_reads"
MIN_FOR_A_POOL = 24  # fewer files are read faster than a pool starts


@dataclass
class Failed:
    """Reading one file raised `error` (a bug of the site): that file's result, and no other's."""

    error: Exception


def files_to_read(content: str, settings: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(path, path under content/) of the `.md` files Pelican's generators will ask for."""
    ignore = tuple(settings.get("IGNORE_FILES", ()))
    static = tuple(p.strip("/") + "/" for p in settings.get("STATIC_PATHS", ()))
    found = []
    for folder, dirs, names in os.walk(content):
        dirs[:] = sorted(
            d
            for d in dirs
            if not _ignored(d, ignore) and not os.path.islink(os.path.join(folder, d))
        )
        for name in sorted(names):
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, content).replace(os.sep, "/")
            if (
                name.endswith(".md")
                and not _ignored(name, ignore)
                and not os.path.islink(path)
                and not rel.startswith(static)
            ):
                found.append((path, rel))
    return found


class Cache(Protocol):
    """Where results are kept by content hash (plugins.content_reader's `ResultCache`)."""

    def key(self, rel: str, raw: bytes) -> str: ...
    def get(self, key: str) -> FileResult | None: ...
    def put(self, key: str, result: FileResult) -> None: ...


def _ignored(name: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


def read_ahead(
    files: list[tuple[str, str]],
    config: ReaderConfig,
    cache: Cache | None,
    fresh: Callable[[FileResult], bool],
    workers: int,
) -> dict[str, FileResult | Failed]:
    """{rel: result} for `files`; `cache` (or None) keeps results, `fresh(result)` says whether
    a stored one still holds (the photos it cites are unchanged)."""
    results: dict[str, FileResult | Failed] = {}
    todo: list[tuple[str, bytes, str, int, str | None]] = []
    for path, rel in files:
        try:
            raw, size = read_at_most(path, config.max_bytes)
        except OSError:
            continue
        key = cache.key(rel, raw) if cache and size <= config.max_bytes else None
        stored = cache.get(key) if cache and key else None
        if stored is not None and fresh(stored):
            results[rel] = stored
        else:
            todo.append((path, raw, rel, size, key))
    read: dict[str, FileResult | Failed] = {}
    if len(todo) >= MIN_FOR_A_POOL and workers > 1:
        try:
            with ProcessPoolExecutor(
                workers, mp_context=get_context("fork"), initializer=_worker, initargs=(config,)
            ) as pool:
                for task, result in zip(todo, pool.map(_read, todo, chunksize=8), strict=True):
                    read[task[2]] = result  # one by one: a broken pool keeps what was read
        except (BrokenProcessPool, OSError):
            pass  # what is missing is read one by one, when Pelican asks for it
    else:
        _worker(config)
        read = {task[2]: _read(task) for task in todo}
    for _path, _raw, rel, _size, key in todo:
        done = read.get(rel)
        if done is None:
            continue
        results[rel] = done
        if cache and key and isinstance(done, FileResult) and done.cacheable:
            cache.put(key, done)
    return results


_settings: list[ReaderConfig] = []  # in each worker: the one configuration it reads with


def _worker(config: ReaderConfig) -> None:
    _settings[:] = [config]


def _read(task: tuple[str, bytes, str, int, str | None]) -> FileResult | Failed:
    path, raw, rel, size, _key = task
    config = _settings[0]
    try:
        if size > config.max_bytes:  # only its first bytes were read
            return oversized(path, raw, rel, config, size)
        return read_file(path, raw, rel, config)
    except Exception as error:  # kept for this file: raised again when Pelican asks for it
        try:
            pickle.dumps(error)  # it goes back to the build's process
        except Exception:
            error = RuntimeError(f"{type(error).__name__}: {error}")
        return Failed(error)
