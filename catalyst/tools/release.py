"""Atomic releases: the served site is the previous build or the new one, never a mix.

Pelican rewrites output files in place, so readers would see half-written pages
and a failed build would leave a mix of two sites. Here each build writes a
fresh folder, `output.builds/<date>-<id>/`, and `output` is a symbolic link
switched to it (one `rename`) only once the build succeeded: a failed,
interrupted or killed build leaves the site being served untouched, and a
deleted or unpublished item disappears with the next build. The previous build
is kept (one switch back); older ones are removed.

The build itself is `python -m catalyst build` in a subprocess, so that a
Ctrl-C or a kill -9 stops it without ever touching what is served.
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path

from catalyst.tools import uptodate
from catalyst.tools.build import UP_TO_DATE

ROOT = Path(__file__).resolve().parents[2]
PARTIAL = ".partial"  # suffix of a build folder whose build has not finished


def build_argv(
    *, output: Path, settings: Path, content: Path, extra: dict | None = None
) -> list[str]:
    """The `python -m catalyst build` command line of one build; `extra` overrides settings."""
    argv = [sys.executable, "-m", "catalyst", "build", str(content), "-s", str(settings)]
    argv += ["-o", str(output)]
    if extra:  # one -e followed by every KEY=JSON: a second -e would replace the first
        argv += ["-e", *(f"{key}={json.dumps(value)}" for key, value in extra.items())]
    return argv


def builds_folder(output: Path) -> Path:
    """Where the builds behind the `output` link live: `output.builds/`."""
    output = Path(output)
    return output.with_name(output.name + ".builds")


def build_atomically(
    *,
    output: Path,
    settings: Path,
    content: Path,
    extra: dict | None = None,
    force: bool = False,
    capture: list[str] | None = None,
) -> bool:
    """Build into a fresh folder, then point `output` at it; False if the build failed.

    With `capture`, what the build prints on standard error (its report) is also kept there.

    Whatever happens before the switch (an error, Ctrl-C, kill -9), `output`
    still shows the previous build, byte for byte.
    """
    output, settings, content = Path(output), Path(settings), Path(content)
    builds = builds_folder(output)
    builds.mkdir(parents=True, exist_ok=True)
    with _lock(builds):
        _finish_interrupted_switch(output)
        resolved, before, current = _inputs(settings, content, extra)
        said = None if force else uptodate.recorded_report(resolved, output, current)
        if said is not None:
            _remove_killed(builds)
            sys.stderr.write(said)
            if capture is not None:
                capture.append(said)
            print(UP_TO_DATE, flush=True)
            return True
        stamp = time.strftime("%Y%m%d-%H%M%S")
        staging = Path(tempfile.mkdtemp(prefix=f"{stamp}-", suffix=PARTIAL, dir=builds))
        staging.chmod(0o755)  # mkdtemp's 0700 would hide the site from the web server's user
        try:
            # Not digested twice; the build records it only if no input changed since `before`.
            known = {**(extra or {}), "UPTODATE_STAMP": before, "UPTODATE_DIGEST": current}
            argv = build_argv(output=staging, settings=settings, content=content, extra=known)
            kept = subprocess.PIPE if capture is not None else None
            done = subprocess.run(argv, cwd=ROOT, check=False, stderr=kept, text=True)
            if capture is not None:
                sys.stderr.write(done.stderr)
                capture.append(done.stderr)
            succeeded = done.returncode == 0
        except BaseException:  # Ctrl-C: nothing to keep
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if not succeeded:
            shutil.rmtree(staging, ignore_errors=True)
            return False
        final = staging.with_name(staging.name.removesuffix(PARTIAL))
        os.rename(staging, final)
        previous = switch(output, final)
        uptodate.moved(resolved, staging, output)
        prune(builds, keep=(final, previous))
    return True


def _inputs(settings: Path, content: Path, extra: dict | None) -> tuple[dict, str, str]:
    """The settings a build of `content` reads (as `python -m catalyst build`), the stamp of its
    inputs, then their digest (catalyst.tools.uptodate)."""
    from pelican.settings import read_settings

    override = {**json.loads(json.dumps(extra or {})), "PATH": str(content.resolve())}
    resolved = read_settings(str(settings), override=override)
    before = uptodate.stamp(resolved)
    return resolved, before, uptodate.digest(resolved)


def switch(output: Path, target: Path) -> Path | None:
    """Point `output` at `target` in one atomic step; return what it showed before."""
    output, target = Path(output), Path(target)
    link = output.with_name(output.name + ".new")
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(os.path.relpath(target, output.parent), link)
    if output.is_symlink() or not output.exists():
        previous = output.resolve() if output.is_symlink() else None
        os.replace(link, output)  # rename(2) over a symlink: readers see old or new, never none
        return previous
    # First run: `output` is a real folder from an earlier build. It becomes the previous build.
    kept = builds_folder(output) / f"{time.strftime('%Y%m%d-%H%M%S')}-avant-liens"
    if _exchange(link, output):
        os.rename(link, kept)  # after the exchange, `link` names the old folder
    else:  # no renameat2: a moment without `output`, repaired by the next build if killed here
        os.rename(output, kept)
        os.replace(link, output)
    return kept


def prune(builds: Path, *, keep: Sequence[Path | None]) -> None:
    """Remove every build but those in `keep` (and half-written ones of killed builds)."""
    kept = {Path(p).resolve() for p in keep if p is not None}
    for entry in Path(builds).iterdir():
        if entry.name.startswith(".") or entry.resolve() in kept:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def _remove_killed(builds: Path) -> None:
    """Half-written folders of killed builds (the lock is held: no build is running)."""
    for entry in builds.iterdir():
        if entry.name.endswith(PARTIAL) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)


def remove_output(output: Path) -> None:
    """Remove the `output` link (or an old real folder), a pending `output.new` and every build."""
    output = Path(output)
    for path in (output, output.with_name(output.name + ".new")):
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path)
    shutil.rmtree(builds_folder(output), ignore_errors=True)


def watch_and_rebuild(settings: Path, content: Path, *, output: Path = ROOT / "output") -> None:
    """Build atomically, then again whenever content, theme or settings change (until Ctrl-C)."""
    from catalyst.tools.watching import changes

    settings, content = Path(settings), Path(content)
    watched = changes(settings, content)
    while True:
        if build_atomically(output=output, settings=settings, content=content):
            print("Site à jour. En attente de modifications (Ctrl-C pour arrêter)…")
        else:
            print("Échec : le site servi reste la version précédente. En attente de corrections…")
        next(watched)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two names atomically (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    return done == 0


def _finish_interrupted_switch(output: Path) -> None:
    """A build killed between the two renames of the fallback switch left only `output.new`."""
    link = output.with_name(output.name + ".new")
    if link.is_symlink() and not output.exists() and not output.is_symlink():
        os.replace(link, output)


@contextmanager
def _lock(builds: Path):
    """One build at a time per output (`regenerate` and a manual `build` may meet)."""
    with open(builds / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released by the kernel even on kill -9
        yield
