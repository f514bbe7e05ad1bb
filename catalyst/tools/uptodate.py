"""A build whose inputs have not changed is not done again.

Everything a build reads is digested: every file of the content folder, the
theme, this project's code and settings files, the resolved settings, the
versions of the installed packages, and today's date (an event's « à venir »
depends on it). When the digest is the one a successful build of the same
output folder recorded, and that folder is still there, the build is skipped
and the report it printed then (its warnings) is printed again. The record
lives in CACHE_PATH/builds/, one small file per output folder.

The digest is taken before the build reads anything; a text saved while the
build runs may be what it publishes. So a stamp of every input (size, times
and inode of each file, no content read) is taken before the digest and again
after the build: if they differ, nothing is recorded, and the next build is
done again. Else a text saved during a build, then undone, would give the
recorded digest back, and the saved version would stay published as « à jour ».
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from catalyst.model.declarations import types_folder
from catalyst.model.files import replace_file
from catalyst.model.reader.read import stable

ROOT = Path(__file__).resolve().parents[2]
CODE = ("plugins", "catalyst")
METADATA = (".dist-info", ".egg-info")  # an installed package's folder: name-version.dist-info
# Where a build is written is its record's name, not an input; UPTODATE_DIGEST is the digest
# itself, handed by an atomic build (catalyst.tools.release) to the build it runs, which need not
# read every file again, with UPTODATE_STAMP, the stamp taken before it.
VOLATILE = frozenset({"OUTPUT_PATH", "UPTODATE_DIGEST", "UPTODATE_STAMP"})


def digest(settings: dict) -> str:
    """A digest of every input of a build with these settings."""
    found = hashlib.sha256(
        stable({k: v for k, v in settings.items() if k not in VOLATILE}).encode()
    )
    found.update(date.today().isoformat().encode())
    found.update("\n".join(installed()).encode())
    for name, path in _inputs(settings):
        found.update(name)
        try:
            with open(path, "rb") as handle:
                found.update(hashlib.file_digest(handle, "sha256").digest())
        except OSError:
            found.update(b"unreadable")
    return found.hexdigest()


def installed() -> list[str]:
    """Every installed package and its version, as its metadata folder names it
    (`pelican-4.12.0.dist-info`): a listing of each folder of the path, where parsing each
    package's metadata took 0.3 s a build."""
    found = set()
    for folder in sys.path:
        with contextlib.suppress(OSError):
            found.update(
                entry.name for entry in os.scandir(folder or ".") if entry.name.endswith(METADATA)
            )
    return sorted(found)


def stamp(settings: dict) -> str:
    """When and how every input file was last written: take it before `digest()`, compare it
    after the build (`unchanged_since()`); cheap, it reads no file."""
    found = hashlib.sha256()
    for name, path in _inputs(settings):
        try:
            status = os.stat(path)
            facts = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
        except OSError:
            facts = ()
        found.update(name + b"\0" + repr(facts).encode())
    return found.hexdigest()


def unchanged_since(settings: dict, before: str) -> bool:
    """Whether no input was written since `stamp()` gave `before` (the build read what the
    digest says)."""
    return stamp(settings) == before


def _inputs(settings: dict) -> Iterator[tuple[bytes, str]]:
    """(name, path) of every input file: content, theme, this project's code and settings."""
    folders = [settings.get("PATH") or "content", settings.get("THEME") or ""]
    folders += [str(ROOT / name) for name in CODE] + [str(types_folder(settings))]
    for folder in folders:
        yield from _folder(Path(folder))
    for path in sorted(ROOT.glob("*.py")):  # pelicanconf.py, publishconf.py
        yield path.name.encode(), str(path)


def _folder(folder: Path) -> Iterator[tuple[bytes, str]]:
    if not folder.is_dir():
        return
    seen = set()
    for top, dirs, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(top)
        if real in seen:  # a link to a folder that contains it
            dirs[:] = []
            continue
        seen.add(real)
        dirs.sort()
        # node_modules: installed from a package-lock.json, which is digested instead
        dirs[:] = [d for d in dirs if d not in ("__pycache__", "node_modules")]
        for name in sorted(files):
            path = os.path.join(top, name)
            yield os.path.relpath(path, folder).encode("utf-8", "surrogateescape"), path


def _record(settings: dict, output: Path) -> Path:
    name = hashlib.sha256(str(Path(output).resolve()).encode()).hexdigest()[:32]
    return Path(settings.get("CACHE_PATH") or "cache") / "builds" / f"{name}.json"


def recorded_report(settings: dict, output: Path, current: str) -> str | None:
    """The report of the last build of `output` if its inputs were `current`, else None."""
    if not (Path(output) / "index.html").is_file():
        return None
    try:
        record = json.loads(_record(settings, output).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record.get("report", "") if record.get("digest") == current else None


def remember(settings: dict, output: Path, current: str, report: str) -> None:
    path = _record(settings, output)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, json.dumps({"digest": current, "report": report}).encode("utf-8"))
    except OSError:
        pass  # without a record, the next build is simply done again


def forget(settings: dict, output: Path) -> None:
    with contextlib.suppress(OSError):
        _record(settings, output).unlink()


def moved(settings: dict, old: Path, new: Path) -> None:
    """The record of a build whose folder was renamed (a staging folder, once released)."""
    with contextlib.suppress(OSError):
        os.replace(_record(settings, old), _record(settings, new))
