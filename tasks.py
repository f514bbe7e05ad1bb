"""Everyday commands: `invoke --list` shows them, `invoke --help NAME` explains one.

The names and meanings are those pelican-quickstart users know (build, rebuild,
regenerate, serve, reserve, preview, livereload, publish, clean), plus check,
test and lint. Every build runs Pelican with fatal warnings: a broken plugin,
a missing link target or a refused file stops it instead of scrolling past.

Builds are atomic. Pelican rewrites output files in place, so readers would see
half-written pages and a failed build would leave a mix of two sites. Here
each build writes a fresh folder, `output.builds/<date>-<id>/`, and `output`
is a symbolic link switched to it (one `rename`) only once Pelican succeeded:
a failed, interrupted or killed build leaves the site being served untouched,
and a deleted or unpublished item disappears with the next build. The
previous build is kept (one switch back); older ones are removed.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit

ROOT = Path(__file__).resolve().parent
CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
DEV_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
PORT = 8000
PARTIAL = ".partial"  # suffix of a build folder that Pelican has not finished


def pelican_argv(
    *, settings: Path = DEV_SETTINGS, output: Path = OUTPUT, content: Path = CONTENT,
    extra: Sequence[str] = (),
) -> list[str]:  # fmt: skip
    """The Pelican command line every task builds on."""
    return [sys.executable, "-m", "pelican", str(content), "-s", str(settings),
            "-o", str(output), "--fatal", "warnings", *extra]  # fmt: skip


def builds_folder(output: Path) -> Path:
    return output.with_name(output.name + ".builds")


def build_atomically(
    *, output: Path = OUTPUT, settings: Path = DEV_SETTINGS, content: Path = CONTENT,
    extra: Sequence[str] = (),
) -> bool:  # fmt: skip
    """Build into a fresh folder, then point `output` at it; False if Pelican failed.

    Whatever happens before the switch (an error, Ctrl-C, kill -9), `output`
    still shows the previous build, byte for byte.
    """
    output, settings, content = Path(output), Path(settings), Path(content)
    builds = builds_folder(output)
    builds.mkdir(parents=True, exist_ok=True)
    with _lock(builds):
        _finish_interrupted_switch(output)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        staging = Path(tempfile.mkdtemp(prefix=f"{stamp}-", suffix=PARTIAL, dir=builds))
        staging.chmod(0o755)  # mkdtemp's 0700 would hide the site from the web server's user
        try:
            argv = pelican_argv(settings=settings, output=staging, content=content, extra=extra)
            succeeded = subprocess.run(argv, cwd=ROOT, check=False).returncode == 0
        except BaseException:  # Ctrl-C: nothing to keep
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if not succeeded:
            shutil.rmtree(staging, ignore_errors=True)
            return False
        final = staging.with_name(staging.name.removesuffix(PARTIAL))
        os.rename(staging, final)
        previous = switch(output, final)
        prune(builds, keep=(final, previous))
    return True


def switch(output: Path, target: Path) -> Path | None:
    """Point `output` at `target` in one atomic step; return what it showed before."""
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
    link = output.with_name(output.name + ".new")
    if link.is_symlink() and not output.exists() and not output.is_symlink():
        os.replace(link, output)


def prune(builds: Path, *, keep: Sequence[Path | None]) -> None:
    """Remove every build but those in `keep` (and half-written ones of killed builds)."""
    kept = {Path(p).resolve() for p in keep if p is not None}
    for entry in builds.iterdir():
        if entry.name.startswith(".") or entry.resolve() in kept:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


@contextmanager
def _lock(builds: Path):
    """One build at a time per output (`regenerate` and a manual `build` may meet)."""
    with open(builds / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released by the kernel even on kill -9
        yield


def remove_output(output: Path = OUTPUT) -> None:
    for path in (output, output.with_name(output.name + ".new")):
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path)
    shutil.rmtree(builds_folder(output), ignore_errors=True)


def _build(settings: Path, what: str) -> None:
    if not build_atomically(settings=settings):
        message = f"Échec : {what} ; le site servi n’a pas changé. Lisez les messages ci-dessus."
        raise Exit(message, code=1)


def _run(c, command: str, what: str) -> None:
    result = c.run(command, warn=True, pty=False)
    if result is None or result.failed:
        raise Exit(f"Échec : {what}. Lisez les messages ci-dessus.", code=1)


def _rebuild_on_change(settings: Path) -> None:
    from pelican.settings import read_settings
    from pelican.utils import wait_for_changes

    watched = read_settings(str(settings), override={"PATH": str(CONTENT)})
    watched["STATIC_PATHS"] = [p for p in watched["STATIC_PATHS"] if (CONTENT / p).exists()]
    while True:
        if build_atomically(settings=settings):
            print("Site à jour. En attente de modifications (Ctrl-C pour arrêter)…")
        else:
            print("Échec : le site servi reste la version précédente. En attente de corrections…")
        wait_for_changes(str(settings), watched)


@task
def clean(c):
    """Remove the generated site (output, output.builds/)."""
    remove_output()


@task
def build(c):
    """Build the site into output/ with the development settings."""
    _build(DEV_SETTINGS, "la construction du site")


@task
def rebuild(c):
    """Build, then remove every older build (each build starts from scratch anyway)."""
    _build(DEV_SETTINGS, "la construction du site")
    prune(builds_folder(OUTPUT), keep=(OUTPUT.resolve(),))


@task(help={"publish": "use publishconf.py: warnings fail too", "inventory": "list every file"})
def check(c, publish=False, inventory=False):
    """Check every content file and print the report, without building (fast)."""
    settings = PUBLISH_SETTINGS if publish else DEV_SETTINGS
    flags = " --inventory" if inventory else ""
    command = f'"{sys.executable}" -m plugins.content_validation.check "{CONTENT}" -s "{settings}"'
    _run(c, command + flags, "la vérification")


@task
def regenerate(c):
    """Rebuild (atomically) whenever content, theme or settings change."""
    _rebuild_on_change(DEV_SETTINGS)


@task(help={"port": f"port to listen on (default {PORT})"})
def serve(c, port=PORT):
    """Serve output/ on http://localhost:PORT."""
    if not OUTPUT.exists():
        raise Exit("Rien à servir : lancez d’abord « invoke build ».", code=1)
    argv = pelican_argv(extra=["--listen", "--port", str(int(port))])
    _run(c, subprocess.list2cmdline(argv), "le serveur")


@task(build)
def reserve(c, port=PORT):
    """Build, then serve on http://localhost:PORT."""
    serve(c, port=port)


@task
def preview(c):
    """Build with the production settings (publishconf.py), without publishing."""
    _build(PUBLISH_SETTINGS, "la construction de production")


@task(help={"port": f"port to listen on (default {PORT})"})
def livereload(c, port=PORT):
    """Serve on http://localhost:PORT and rebuild whenever a file changes.

    Each rebuild is atomic, as `build`: reload the browser tab after saving.
    """
    from pelican import listen

    if not OUTPUT.exists():
        _build(DEV_SETTINGS, "la construction du site")
    server = threading.Thread(target=listen, args=("127.0.0.1", int(port), str(OUTPUT)))
    server.daemon = True
    server.start()
    _rebuild_on_change(DEV_SETTINGS)


@task
def publish(c):
    """Build the production site into output/, ready to deploy (see README)."""
    _build(PUBLISH_SETTINGS, "la publication")


@task(help={"report": "also write the report to this file (default: quality-report.txt)"})
def check_site(c, report="quality-report.txt"):
    """Build, then check the site as readers' tools do: axe, Nu HTML checker, links, feeds."""
    build(c)
    command = f'"{sys.executable}" -m quality "{OUTPUT}" --report "{ROOT / report}"'
    _run(c, command, "le contrôle du site")


@task(help={"args": "extra arguments for pytest, e.g. '-k feeds -x'"})
def test(c, args=""):
    """Run the whole test suite (builds real sites into temporary folders)."""
    _run(c, f'"{sys.executable}" -m pytest {args}', "les tests")


@task(help={"fix": "apply ruff's safe fixes and reformat"})
def lint(c, fix=False):
    """Check the code with ruff (lint and format)."""
    if fix:
        _run(c, f'"{sys.executable}" -m ruff check --fix .', "ruff check")
        _run(c, f'"{sys.executable}" -m ruff format .', "ruff format")
    _run(c, f'"{sys.executable}" -m ruff check .', "ruff check")
    _run(c, f'"{sys.executable}" -m ruff format --check .', "ruff format")
