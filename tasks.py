"""Everyday commands: `invoke --list` shows them, `invoke --help NAME` explains one.

The names and meanings are those pelican-quickstart users know (build, rebuild,
regenerate, serve, reserve, preview, livereload, publish, clean), plus check,
check-site, test and lint. Each task only wraps `catalyst`: builds run
`python -m catalyst build` (Pelican with fatal warnings, outcomes in French) and
are atomic; catalyst/release.py explains why and how.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit

from catalyst.release import (
    build_atomically,
    builds_folder,
    prune,
    remove_output,
    watch_and_rebuild,
)

ROOT = Path(__file__).resolve().parent
CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
DEV_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
PORT = 8000
PORT_HELP = f"port to listen on (default {PORT})"


def _build(settings: Path, what: str, again: str) -> None:
    if not build_atomically(output=OUTPUT, settings=settings, content=CONTENT):
        raise Exit(
            f"Échec : {what} ; le site servi n’a pas changé. "
            f"Corrigez ce que signalent les messages ci-dessus, puis relancez « {again} ».",
            code=1,
        )


def _run(c, command: str, failure: str) -> None:
    result = c.run(command, warn=True, pty=False)
    if result is None or result.failed:
        raise Exit(failure, code=1)


@task
def clean(c):
    """Remove the generated site (output, output.builds/)."""
    remove_output(OUTPUT)


@task
def build(c):
    """Build the site into output/ with the development settings."""
    _build(DEV_SETTINGS, "la construction du site", "invoke build")


@task
def rebuild(c):
    """Build, then remove every older build (each build starts from scratch anyway)."""
    _build(DEV_SETTINGS, "la construction du site", "invoke rebuild")
    prune(builds_folder(OUTPUT), keep=(OUTPUT.resolve(),))


@task(help={"publish": "use publishconf.py: warnings fail too", "inventory": "list every file"})
def check(c, publish=False, inventory=False):
    """Check every content file and print the report, without building (fast)."""
    settings = PUBLISH_SETTINGS if publish else DEV_SETTINGS
    command = f'"{sys.executable}" -m catalyst check "{CONTENT}" -s "{settings}"'
    if inventory:
        command += " --inventory"
    failure = (
        "Échec de la vérification : corrigez ce qui est signalé ci-dessus, "
        "puis relancez « invoke check »."
    )
    _run(c, command, failure)


@task
def regenerate(c):
    """Rebuild (atomically) whenever content, theme or settings change."""
    watch_and_rebuild(DEV_SETTINGS, CONTENT, output=OUTPUT)


@task(help={"port": PORT_HELP})
def serve(c, port=PORT):
    """Serve output/ on http://localhost:PORT."""
    if not OUTPUT.exists():
        raise Exit("Rien à servir : lancez d’abord « invoke build ».", code=1)
    port = int(port)
    argv = [sys.executable, "-m", "pelican", str(CONTENT), "-s", str(DEV_SETTINGS),
            "-o", str(OUTPUT), "--fatal", "warnings", "--listen", "--port", str(port)]  # fmt: skip
    failure = (
        f"Le serveur s’est arrêté sur une erreur : si le port {port} est déjà pris, "
        f"essayez « invoke serve --port {port + 1} »."
    )
    _run(c, subprocess.list2cmdline(argv), failure)


@task(pre=[build], help={"port": PORT_HELP})
def reserve(c, port=PORT):
    """Build, then serve on http://localhost:PORT."""
    serve(c, port=port)


@task
def preview(c):
    """Build with the production settings (publishconf.py), without publishing."""
    _build(PUBLISH_SETTINGS, "la construction de production", "invoke preview")


@task(help={"port": PORT_HELP})
def livereload(c, port=PORT):
    """Serve on http://localhost:PORT and rebuild whenever a file changes.

    Each rebuild is atomic, as `build`: reload the browser tab after saving.
    """
    from pelican import listen

    if not OUTPUT.exists():
        _build(DEV_SETTINGS, "la construction du site", "invoke livereload")
    server = threading.Thread(target=listen, args=("127.0.0.1", int(port), str(OUTPUT)))
    server.daemon = True
    server.start()
    watch_and_rebuild(DEV_SETTINGS, CONTENT, output=OUTPUT)


@task
def publish(c):
    """Build the production site into output/, ready to deploy (see README)."""
    _build(PUBLISH_SETTINGS, "la publication", "invoke publish")


@task(help={"report": "also write the report to this file (default: quality-report.txt)"})
def check_site(c, report="quality-report.txt"):
    """Build, then check the site as readers' tools do: axe, Nu HTML checker, links, feeds."""
    build(c)
    command = f'"{sys.executable}" -m quality "{OUTPUT}" --report "{ROOT / report}"'
    failure = (
        f"Le contrôle du site a trouvé des problèmes : corrigez ceux listés ci-dessus "
        f"(et dans {report}), puis relancez « invoke check-site »."
    )
    _run(c, command, failure)


@task(help={"args": "extra arguments for pytest, e.g. '-k feeds -x'"})
def test(c, args=""):
    """Run the whole test suite (builds real sites into temporary folders)."""
    failure = "Des tests échouent (ci-dessus) : « invoke test --args -x » s’arrête au premier."
    _run(c, f'"{sys.executable}" -m pytest {args}', failure)


@task(help={"fix": "apply ruff's safe fixes and reformat"})
def lint(c, fix=False):
    """Check the code with ruff (lint and format)."""
    failure = "ruff signale des problèmes ci-dessus : « invoke lint --fix » corrige ce qu’il peut."
    if fix:
        _run(c, f'"{sys.executable}" -m ruff check --fix .', failure)
        _run(c, f'"{sys.executable}" -m ruff format .', failure)
    _run(c, f'"{sys.executable}" -m ruff check .', failure)
    _run(c, f'"{sys.executable}" -m ruff format --check .', failure)
