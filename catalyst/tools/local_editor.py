"""`invoke editeur`: the web editor (/admin/) on this machine, saving into this repository.

Online, the editor signs volunteers in to GitHub through an OAuth proxy and
« Enregistrer » opens a pull request. To try it without any of that, Decap CMS
has a local backend: decap-server (a dev-only npm package, installed by
./bootstrap.sh --dev in plugins/web_editor/node_modules) carries out the
editor's requests on a local git repository (MODE=git). « Enregistrer » makes a
branch `cms/<collection>/<slug>` there with one commit; « Publier » merges it
into the branch the repository is on and deletes it. Nothing leaves the
machine: `git push` sends, when the maintainer decides to.

One command does it all: build the site with WEB_EDITOR_LOCAL_BACKEND (the
editor talks to decap-server when its page comes from 127.0.0.1) and
WEB_EDITOR_BRANCH (the current branch) into a folder of its own (so `output`
is left as it is), start decap-server on 127.0.0.1 only, in its own process
group, serve the site with catalyst.tools.serve, and on Ctrl+C stop both: the whole
group is killed, git commands it may be running included.

decap-server commits with `git add .` and checks branches out in the working
tree while it works: changes not yet committed would end up in the editor's
commit, so a repository that has any is refused before anything starts.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import errno
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from catalyst.model.typography.spacing import french_spacing
from catalyst.tools.commands import invoke
from catalyst.tools.release import build_atomically
from catalyst.tools.serve import ServeError, serving

ROOT = Path(__file__).resolve().parents[2]
DECAP_SERVER = ROOT / "plugins/web_editor/node_modules/decap-server/dist/index.js"
HOST = "127.0.0.1"  # never another address: decap-server writes into the repository
PORT, API_PORT = 8000, 8081  # 8081 is decap-server's own default
READY_WITHIN = 30.0  # seconds for decap-server to answer
INSTALL = "lancez « ./bootstrap.sh --dev », qui l’installe"


class EditorError(Exception):
    """Why the local editor cannot run, in French."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(
            french_spacing(message) + details
        )  # details (paths, git's lines) as they are


def api_url(api_port: int) -> str:
    """decap-server's API, as the editor's config.yml names it (`local_backend`)."""
    return f"http://{HOST}:{api_port}/api/v1"


def run(
    *,
    repository: Path,
    settings: Path,
    output: Path,
    content: Path | None = None,
    port: int = PORT,
    api_port: int = API_PORT,
) -> None:
    """Build, start decap-server and serve the site, until Ctrl+C (or SIGTERM, SIGHUP).

    Raises EditorError, in French, for what the maintainer can fix: Node.js or
    decap-server missing, changes not committed, a port taken, a failed build.
    """
    repository = Path(repository).resolve()
    content = Path(content) if content else repository / "content"
    node = _node()
    branch = _branch(repository)
    if port == api_port:
        raise EditorError(f"Le site et decap-server ne peuvent pas partager le port {port}.")
    _free(port, invoke(f"editeur --port {port + 1}"))
    _free(api_port, invoke(f"editeur --api-port {api_port + 1}"))
    extra = {
        "WEB_EDITOR_LOCAL_BACKEND": api_url(api_port),
        "WEB_EDITOR_BRANCH": branch,
        "SEARCH_INDEX": False,
    }
    try:
        with _stopped_by_signals():
            if not build_atomically(output=output, settings=settings, content=content, extra=extra):
                raise EditorError(
                    "Échec : le site n’a pas été construit ; corrigez ce que signalent les "
                    f"messages ci-dessus, puis relancez « {invoke('editeur')} »."
                )
            with (
                _decap_server(node, repository, api_port) as server,
                serving(output, port, retry=invoke("editeur")) as bound,
            ):
                print(_started(bound, repository, branch), flush=True)
                code = server.wait()  # until Ctrl+C, unless it stops by itself
            raise EditorError(
                f"decap-server s’est arrêté de lui-même (code {code}) : ses messages sont "
                f"ci-dessus. Relancez « {invoke('editeur')} »."
            )
    except ServeError as error:
        raise EditorError(str(error)) from None
    except KeyboardInterrupt:
        print(
            french_spacing("Éditeur arrêté : decap-server et le site ne tournent plus."), flush=True
        )


def _started(port: int, repository: Path, branch: str) -> str:
    return french_spacing(
        f"L’éditeur web tourne sur cet ordinateur : ouvrez http://{HOST}:{port}/admin/ "
        f"puis cliquez sur « Se connecter ».\n"
        f"Il écrit dans ce dépôt ({repository}), sur la branche « {branch} » :\n"
        f"- « Enregistrer » crée une branche cms/… avec un commit ;\n"
        f"- « Publier » la fusionne dans « {branch} », puis la supprime.\n"
        f"Rien n’est envoyé sur GitHub : « git push » le fera, quand vous le déciderez.\n"
        f"Ne modifiez pas les fichiers du dépôt pendant ce temps : l’éditeur change de branche "
        f"pour travailler. Ctrl+C arrête l’éditeur."
    )


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise EditorError(f"Node.js manque pour lancer decap-server : {INSTALL}.")
    if not DECAP_SERVER.is_file():
        raise EditorError(f"decap-server n’est pas installé ({DECAP_SERVER}) : {INSTALL}.")
    return node


def _git(repository: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-C", str(repository), *args], capture_output=True, text=True, check=False
    )


def _branch(repository: Path) -> str:
    """The branch the repository is on; refused if anything is not committed yet."""
    if shutil.which("git") is None:
        raise EditorError("git manque : installez-le (sudo apt install git).")
    if _git(repository, "rev-parse", "--git-dir").returncode != 0:
        raise EditorError(f"{repository} n’est pas un dépôt git : l’éditeur y enregistre.")
    pending = _git(repository, "status", "--porcelain").stdout.splitlines()
    if pending:
        shown = "\n".join(f"  {line}" for line in pending[:10])
        left = len(pending) - 10
        more = f"\n  … et {left} autre{'s' if left > 1 else ''}" if left > 0 else ""
        raise EditorError(
            "Le dépôt a des modifications qui ne sont pas dans un commit (git status) : "
            "l’éditeur les mettrait dans son propre commit. Faites-en d’abord un commit, ou "
            f"mettez-les de côté (git stash), puis relancez « {invoke('editeur')} ».",
            f"\n{shown}{more}",
        )
    branch = _git(repository, "symbolic-ref", "--quiet", "--short", "HEAD")
    if branch.returncode != 0:
        raise EditorError(
            "Le dépôt n’est sur aucune branche (HEAD détachée) : « Publier » fusionne dans "
            "une branche ; choisissez-en une (git switch main), puis relancez "
            f"« {invoke('editeur')} »."
        )
    return branch.stdout.strip()


def _free(port: int, retry: str) -> None:
    """Refuse a port something already listens on, before the build (which takes a while)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do
        try:
            probe.bind((HOST, port))
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
            raise EditorError(
                f"Le port {port} est déjà pris, sans doute par un serveur lancé plus tôt : "
                f"arrêtez-le (Ctrl+C dans son terminal) ou essayez « {retry} »."
            ) from None


@contextlib.contextmanager
def _decap_server(node: str, repository: Path, api_port: int) -> Iterator[subprocess.Popen]:
    """decap-server on 127.0.0.1:`api_port`, in its own process group, answering."""
    env = {
        **os.environ,
        "MODE": "git",
        "BIND_HOST": HOST,
        "PORT": str(api_port),
        "GIT_REPO_DIRECTORY": str(repository),
        "LOG_LEVEL": "warn",
    }
    env.pop("ORIGIN", None)  # its default lets only pages from localhost and 127.0.0.1 call it
    process = subprocess.Popen(
        [node, str(DECAP_SERVER)],
        cwd=repository,
        env=env,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=_die_with_parent(),
    )
    try:
        _wait_until_it_answers(process, api_port)
        yield process
    finally:
        _stop(process)


def _die_with_parent():
    """Linux: decap-server gets SIGTERM if this process dies without stopping it (kill -9)."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl  # found before the fork, not after
    except (AttributeError, OSError):
        return None
    pr_set_pdeathsig = 1
    return lambda: prctl(pr_set_pdeathsig, int(signal.SIGTERM))


def _wait_until_it_answers(process: subprocess.Popen, api_port: int) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # this machine only
    request = urllib.request.Request(
        api_url(api_port), data=b'{"action": "info"}', headers={"Content-Type": "application/json"}
    )
    deadline = time.monotonic() + READY_WITHIN
    while True:
        code = process.poll()
        if code is not None:
            raise EditorError(
                f"decap-server s’est arrêté au démarrage (code {code}) : ses messages sont "
                f"ci-dessus."
            )
        try:
            with opener.open(request, timeout=2) as answer:
                if json.load(answer).get("type") == "local_git":
                    return
        except (OSError, ValueError):
            pass  # not listening yet
        if time.monotonic() > deadline:
            raise EditorError(
                f"decap-server ne répond pas sur le port {api_port} après "
                f"{READY_WITHIN:.0f} secondes."
            )
        time.sleep(0.1)


def _stop(process: subprocess.Popen) -> None:
    """Stop decap-server's whole process group (a git command it runs included)."""
    with _ignored(signal.SIGINT):  # a second Ctrl+C must not leave it running
        for sent, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, None)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sent)
            try:
                process.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue


@contextlib.contextmanager
def _ignored(signum: int):
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signum, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signum, previous)


@contextlib.contextmanager
def _stopped_by_signals():
    """SIGTERM and SIGHUP (the terminal closed) stop the editor as Ctrl+C does: cleanly."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = {s: signal.signal(s, interrupt) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def main(argv: list[str] | None = None) -> int:
    """`python -m catalyst.tools.local_editor`: what `invoke editeur` runs, every path given."""
    parser = argparse.ArgumentParser(
        prog="python -m catalyst.tools.local_editor", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--repository", type=Path, default=ROOT)
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py")
    parser.add_argument("--content", type=Path, default=None)
    parser.add_argument("--output", type=Path, default=ROOT / "cache" / "editeur")
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--api-port", type=int, default=API_PORT)
    args = parser.parse_args(argv)
    try:
        run(
            repository=args.repository,
            settings=args.settings,
            output=args.output,
            content=args.content,
            port=args.port,
            api_port=args.api_port,
        )
    except EditorError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
