"""Everyday commands: `invoke --list` shows them, `invoke --help NAME` explains one.

The names and meanings are those pelican-quickstart users know (build, rebuild,
regenerate, serve, reserve, preview, livereload, publish, clean), plus test and
lint. Every build runs Pelican with fatal warnings: a broken plugin, a missing
link target or a refused file stops it instead of scrolling past.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit

ROOT = Path(__file__).resolve().parent
OUTPUT = ROOT / "output"
DEV_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
PORT = 8000


def pelican_command(
    *, settings: Path = DEV_SETTINGS, output: Path = OUTPUT, extra: str = ""
) -> str:
    """The Pelican command line every task builds on."""
    return (
        f'"{sys.executable}" -m pelican "{ROOT / "content"}" -s "{settings}" '
        f'-o "{output}" --fatal warnings {extra}'
    ).strip()


def _run(c, command: str, what: str) -> None:
    result = c.run(command, warn=True, pty=False)
    if result is None or result.failed:
        raise Exit(f"{what} a échoué : lisez les messages ci-dessus.", code=1)


@task
def clean(c):
    """Remove the generated site (output/)."""
    shutil.rmtree(OUTPUT, ignore_errors=True)


@task
def build(c):
    """Build the site into output/ with the development settings."""
    _run(c, pelican_command(), "La construction du site")


@task(clean, build)
def rebuild(c):
    """Clean, then build."""


@task
def regenerate(c):
    """Rebuild automatically whenever content, theme or settings change."""
    _run(c, pelican_command(extra="--autoreload"), "La régénération")


@task(help={"port": f"port to listen on (default {PORT})"})
def serve(c, port=PORT):
    """Serve output/ on http://localhost:PORT."""
    _run(c, pelican_command(extra=f"--listen --port {int(port)}"), "Le serveur")


@task(build)
def reserve(c, port=PORT):
    """Build, then serve on http://localhost:PORT."""
    serve(c, port=port)


@task
def preview(c):
    """Build with the production settings (publishconf.py), without publishing."""
    _run(c, pelican_command(settings=PUBLISH_SETTINGS), "La construction de production")


@task(help={"port": f"port to listen on (default {PORT})"})
def livereload(c, port=PORT):
    """Serve on http://localhost:PORT and rebuild whenever a file changes.

    Uses Pelican's own watcher: reload the browser tab after saving.
    """
    _run(
        c,
        pelican_command(extra=f"--autoreload --listen --port {int(port)}"),
        "La prévisualisation",
    )


@task
def publish(c):
    """Build the production site into output/, ready to deploy (see README)."""
    _run(c, pelican_command(settings=PUBLISH_SETTINGS), "La publication")


@task(help={"args": "extra arguments for pytest, e.g. '-k feeds -x'"})
def test(c, args=""):
    """Run the whole test suite (builds real sites into temporary folders)."""
    _run(c, f'"{sys.executable}" -m pytest {args}', "Les tests")


@task(help={"fix": "apply ruff's safe fixes and reformat"})
def lint(c, fix=False):
    """Check the code with ruff (lint and format)."""
    if fix:
        _run(c, f'"{sys.executable}" -m ruff check --fix .', "ruff check")
        _run(c, f'"{sys.executable}" -m ruff format .', "ruff format")
    _run(c, f'"{sys.executable}" -m ruff check .', "ruff check")
    _run(c, f'"{sys.executable}" -m ruff format --check .', "ruff format")
