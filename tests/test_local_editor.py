"""`invoke editeur` (catalyst/tools/local_editor.py): the web editor here, in one command.

It runs as `python -m catalyst.tools.local_editor` (what the task calls) in a subprocess,
on a scratch git repository holding a copy of the site's content, so that its
branches are never made in this one. Once it prints the address to open: the
site's /admin/config.yml names decap-server on 127.0.0.1 and the current branch;
decap-server answers there, and on no other address of this machine; « Enregistrer »
(persistEntry) makes a `cms/…` branch with one commit and « Publier » merges it into
the current branch, as the printed lines say. Ctrl+C (SIGINT to its process group,
as a terminal sends it) stops everything: no process is left serving the
repository, and a kill -9 does not orphan decap-server either. Without Node.js, or
with changes not committed, it refuses in French before starting anything.

decap-server comes from plugins/web_editor/package-lock.json (./bootstrap.sh --dev);
without it this test fails, it never skips.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from catalyst.tools.local_editor import DECAP_SERVER
from conftest import ROOT

OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # this machine, directly
BRANCH = "essai"  # not main: « Publier » merges into the branch the repository is on
ENTRY = {
    "slug": "roumics-2012/essai-local",
    "path": "content/guestbook/roumics-2012/essai-local.md",
    "raw": "Author: Essai Local\nEvent: roumics-2012\nDate: 2026-11-23\n\nUn essai.\n",
}
SAVED = "cms/guestbook/roumics-2012/essai-local"
NBSP, NNBSP = "\u00a0", "\u202f"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def repository(tmp_path) -> Path:
    """A scratch repository with the site's content, on branch `essai`, nothing uncommitted."""
    assert shutil.which("node") and DECAP_SERVER.is_file(), "run ./bootstrap.sh --dev"
    repo = tmp_path / "depot"
    shutil.copytree(ROOT / "content", repo / "content")
    git(repo, "init", "--quiet", f"--initial-branch={BRANCH}")
    git(repo, "config", "user.name", "Essai")
    git(repo, "config", "user.email", "essai@example.org")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "Contenu de départ")
    return repo


class Editor:
    """`python -m catalyst.tools.local_editor` in its own process group, output read as it comes."""

    def __init__(self, repo: Path, output: Path, *, env: dict | None = None) -> None:
        self.repo, self.port, self.api_port = repo, free_port(), free_port()
        argv = [
            sys.executable,
            "-m",
            "catalyst.tools.local_editor",
            "--repository",
            str(repo),
            "--output",
            str(output),
            "--port",
            str(self.port),
            "--api-port",
            str(self.api_port),
        ]
        self.process = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.lines: list[str] = []
        self.address = f"http://127.0.0.1:{self.port}/admin/"
        self.started = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)
            if self.address in line:
                self.started.set()
        self.started.set()  # it stopped: no need to wait longer

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def wait_started(self) -> None:
        assert self.started.wait(timeout=300), f"no address printed:\n{self.log}"
        assert self.process.poll() is None, f"it stopped:\n{self.log}"

    def api(self, action: str, host: str = "127.0.0.1", **params) -> dict:
        body = json.dumps({"action": action, "params": {"branch": BRANCH, **params}}).encode()
        request = urllib.request.Request(
            f"http://{host}:{self.api_port}/api/v1",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        with OPENER.open(request, timeout=20) as answer:
            return json.load(answer)

    def interrupt(self) -> int:
        """Ctrl+C as a terminal sends it: SIGINT to the foreground process group."""
        os.killpg(self.process.pid, signal.SIGINT)
        return self.process.wait(timeout=60)

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)  # its own group, started here
            self.process.wait()


def serving_repository(repo: Path) -> list[int]:
    """Processes whose environment points decap-server at `repo` (any user's we may read)."""
    marker = f"GIT_REPO_DIRECTORY={repo}\0".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:  # gone meanwhile, or not ours
                continue
    return found


def kill_left(repo: Path) -> None:
    """A failed test leaves no decap-server behind: only those serving its scratch repository."""
    for pid in serving_repository(repo):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def other_address() -> str | None:
    """An address of this machine that is not loopback, if it has one (`hostname -I`)."""
    try:
        shown = subprocess.run(["hostname", "-I"], capture_output=True, text=True, check=False)
    except OSError:
        return None
    for address in shown.stdout.split():
        if not address.startswith("127.") and address != "::1" and "%" not in address:
            return address
    return None


def no_process_left(repo: Path, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while serving_repository(repo) and time.monotonic() < deadline:
        time.sleep(0.1)
    return serving_repository(repo) == []


def test_one_command_serves_the_editor_saving_into_the_repository_then_stops_cleanly(
    repository, tmp_path
):
    editor = Editor(repository, tmp_path / "site")
    try:
        editor.wait_started()
        said = editor.log
        assert f"ouvrez {editor.address}" in said
        assert f"«{NNBSP}Enregistrer{NNBSP}» crée une branche cms/… avec un commit" in said
        assert f"«{NNBSP}Publier{NNBSP}» la fusionne dans «{NNBSP}{BRANCH}{NNBSP}»" in said
        assert "Rien n’est envoyé sur GitHub" in said
        assert serving_repository(repository)

        with OPENER.open(f"http://127.0.0.1:{editor.port}/admin/config.yml", timeout=10) as got:
            config = yaml.safe_load(got.read())
        api = f"http://127.0.0.1:{editor.api_port}/api/v1"
        assert config["local_backend"] == {"url": api}
        assert config["backend"]["branch"] == BRANCH

        info = editor.api("info")
        assert info["type"] == "local_git" and "editorial_workflow" in info["publish_modes"]
        other = other_address()
        if other is not None:  # only 127.0.0.1: nobody else on the network writes into it
            assert not answers(other, editor.api_port), f"decap-server answers on {other}"
            assert not answers(other, editor.port), f"the site is served on {other}"

        # « Enregistrer »: a cms/… branch with one commit; this repository stays on its branch.
        options = {
            "collectionName": "guestbook",
            "commitMessage": "Ajout : essai",
            "useWorkflow": True,
            "status": "draft",
        }
        editor.api("persistEntry", entry=ENTRY, assets=[], options=options)
        assert SAVED in git(repository, "branch", "--list", "cms/*")
        assert git(repository, "rev-list", "--count", f"{BRANCH}..{SAVED}").strip() == "1"
        assert git(repository, "symbolic-ref", "--short", "HEAD").strip() == BRANCH
        assert git(repository, "status", "--porcelain") == ""
        assert not (repository / ENTRY["path"]).exists()

        # « Publier »: merged into the current branch, the cms/… branch deleted.
        editor.api("publishUnpublishedEntry", collection="guestbook", slug=ENTRY["slug"])
        assert git(repository, "branch", "--list", "cms/*") == ""
        assert (repository / ENTRY["path"]).read_text(encoding="utf-8") == ENTRY["raw"]

        assert editor.interrupt() == 0, editor.log
        assert "Éditeur arrêté" in editor.log
        assert no_process_left(repository), serving_repository(repository)
        assert not answers("127.0.0.1", editor.api_port)
        assert not answers("127.0.0.1", editor.port)
    finally:
        editor.kill()
        kill_left(repository)


def test_killed_without_warning_it_leaves_no_decap_server_behind(repository, tmp_path):
    editor = Editor(repository, tmp_path / "site")
    try:
        editor.wait_started()
        assert serving_repository(repository)
        os.kill(editor.process.pid, signal.SIGKILL)  # no Ctrl+C, no cleanup: the kernel tells
        editor.process.wait()
        assert no_process_left(repository), serving_repository(repository)
    finally:
        editor.kill()
        kill_left(repository)


def test_without_node_it_names_bootstrap_dev(repository, tmp_path):
    env = {**os.environ, "PATH": str(tmp_path / "nothing")}  # neither node nor git found
    editor = Editor(repository, tmp_path / "site", env=env)
    assert editor.process.wait(timeout=60) == 1
    editor.started.wait(timeout=10)
    assert f"Node.js manque pour lancer decap-server{NBSP}: lancez" in editor.log
    assert f"«{NNBSP}./bootstrap.sh --dev{NNBSP}»" in editor.log
    assert not (tmp_path / "site").exists()


def test_changes_not_committed_are_refused_before_anything_starts(repository, tmp_path):
    (repository / "content" / "brouillon.md").write_text("Title: Pas fini\n", encoding="utf-8")
    editor = Editor(repository, tmp_path / "site")
    assert editor.process.wait(timeout=60) == 1
    editor.started.wait(timeout=10)
    assert "Le dépôt a des modifications qui ne sont pas dans un commit" in editor.log
    assert "?? content/brouillon.md" in editor.log
    assert "git stash" in editor.log
    assert not (tmp_path / "site").exists()
    assert serving_repository(repository) == []
