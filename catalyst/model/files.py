"""Replacing a file whole: readers see its old bytes or its new ones, never half of them.

Caches, build records, the photos the pre-commit hook cleans, the letter's journal and its
subscribers are all written this way: beside the file, then renamed over it (rename(2) is
atomic on one file system).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def replace_file(path: Path, data: bytes, *, durable: bool = False) -> None:
    """Write `data` to `path` through a temporary file in its folder, then rename it over.

    The file keeps its permissions; a new one is readable by its owner only. `durable`: the
    bytes reach the disk before the rename (what a power cut must not lose).
    """
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
