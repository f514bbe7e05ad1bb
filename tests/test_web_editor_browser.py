"""The web editor at /admin/, in Chromium, as a volunteer uses it; nothing leaves this machine.

A scratch git repository holds a copy of the site's content. decap-server (the
editor's local backend, MODE=git) serves it on 127.0.0.1, and the site built with
WEB_EDITOR_LOCAL_BACKEND pointing at it is served too. Through the forms, a
testimonial (its event chosen in the list) and an article are written, saved in
the editorial workflow (a `cms/…` branch with one commit each), then published
(merged into main); an existing testimonial is edited and saved, which changes
its edited line only. The files are where the reader looks for them, in its
`Key: value` header format; the content check accepts them and the next build
shows them. Every request to another host is refused and recorded: there is none.

decap-server and Decap's bundle come from plugins/web_editor/package-lock.json
(./bootstrap.sh installs them); without them this test fails, it never skips.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from conftest import DEV_SETTINGS, ROOT, build_site, header
from quality.browser import new_context, open_browser
from quality.server import serve

pytestmark = pytest.mark.browser

EDITOR = ROOT / "plugins" / "web_editor"
DECAP_SERVER = EDITOR / "node_modules" / "decap-server" / "dist" / "index.js"
INSTALL = "run ./bootstrap.sh --dev (npm ci --prefix plugins/web_editor --ignore-scripts)"

TESTIMONIAL = {
    "author": "Prénom Nom-Testé",
    "organisation": "La Coroutine",
    "event": "roumics-2012",  # chosen in the list by its title, « ROUMICS 2012 … »
    "date": "2026-11-23",
    "body": "Une journée « riche » en rencontres, écrite dans le navigateur.",
}
TESTIMONIAL_FILE = "content/guestbook/roumics-2012/prenom-nom-teste.md"
TESTIMONIAL_BRANCH = "cms/guestbook/roumics-2012/prenom-nom-teste"
ARTICLE = {
    "title": "Un article écrit dans le navigateur",
    "date": "2026-11-24",  # an article's date is a day: <input type=date>
    "authors": "Camille Dupont, Karim Benali",
    "tags": "communs, éditeur web",
    "body": "Le premier paragraphe de l’article, tapé dans le formulaire.",
}
ARTICLE_FILE = "content/articles/2026/un-article-ecrit-dans-le-navigateur.md"
ARTICLE_BRANCH = "cms/article/2026/un-article-ecrit-dans-le-navigateur"
EDITED = "roumics-2012/dimitri-callens"  # an existing testimonial, given a role
EDITED_BRANCH = f"cms/guestbook/{EDITED}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return result.stdout


@pytest.fixture
def repository(tmp_path) -> Path:
    """A scratch repository with the site's content: decap-server checks branches out in it."""
    repo = tmp_path / "depot"
    shutil.copytree(ROOT / "content", repo / "content")
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "config", "user.name", "Essai")
    git(repo, "config", "user.email", "essai@example.org")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "Contenu de départ")
    return repo


@pytest.fixture
def decap_server(repository):
    """decap-server in git mode on the scratch repository, on 127.0.0.1 only: its API's URL."""
    node = shutil.which("node")
    assert node, f"Node.js is missing: {INSTALL}"
    assert DECAP_SERVER.is_file(), f"decap-server is not installed ({DECAP_SERVER}): {INSTALL}"
    port = free_port()
    env = dict(
        os.environ,
        MODE="git",
        PORT=str(port),
        BIND_HOST="127.0.0.1",
        GIT_REPO_DIRECTORY=str(repository),
        LOG_LEVEL="warn",
    )
    log = repository.parent / "decap-server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [node, str(DECAP_SERVER)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 20
        while not _listening(port):
            assert process.poll() is None, f"decap-server stopped: {log.read_text()}"
            assert time.monotonic() < deadline, f"decap-server never listened on port {port}"
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/api/v1"
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # its own process group, started here
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_a_volunteer_writes_a_testimonial_and_an_article_that_the_next_build_publishes(
    repository, decap_server, tmp_path
):
    extra = {"WEB_EDITOR_LOCAL_BACKEND": decap_server, "SEARCH_INDEX": False}
    site = build_site(repository / "content", tmp_path / "site", extra=extra)
    assert site.returncode == 0, site.log
    assert decap_server in (site.output / "admin" / "config.yml").read_text(encoding="utf-8")

    with (
        serve(site.output) as server,
        open_browser() as browser,
        new_context(browser, server, width="desktop") as context,
    ):
        # new_context refuses every host but the site's: decap-server is this machine too.
        api = urlsplit(decap_server)
        context.route(f"{api.scheme}://{api.netloc}/**", lambda route: route.continue_())
        editor = Editor(context.new_page(), server, repository, decap_server)
        try:
            editor.log_in()
            editor.write_testimonial()
            editor.write_article()
            editor.edit_testimonial()
        except Exception:  # what the editor showed, beside the test's files
            editor.page.screenshot(path=str(tmp_path / "editeur.png"), full_page=True)
            raise
    assert editor.outside == []
    assert editor.errors == []
    assert server.url("/theme/css/site.css") in editor.requested  # the preview's style

    assert git(repository, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    assert git(repository, "status", "--porcelain") == ""
    assert _branches(repository) == [EDITED_BRANCH]  # saved, not published
    subjects = git(repository, "log", "--format=%s", "main").splitlines()
    assert len(subjects) == 3 and subjects[-1] == "Contenu de départ", subjects
    testimonial = repository / TESTIMONIAL_FILE
    assert header(testimonial) == {k: v for k, v in TESTIMONIAL.items() if k != "body"}
    assert testimonial.read_text(encoding="utf-8") == (
        "Author: Prénom Nom-Testé\nOrganisation: La Coroutine\nEvent: roumics-2012\n"
        f"Date: 2026-11-23\n\n{TESTIMONIAL['body']}\n"
    )
    article = repository / ARTICLE_FILE
    assert header(article) == {k: v for k, v in ARTICLE.items() if k != "body"}
    assert article.read_text(encoding="utf-8").endswith(f"\n\n{ARTICLE['body']}\n")

    check = subprocess.run(
        [
            sys.executable,
            "-m",
            "catalyst",
            "check",
            str(repository / "content"),
            "-s",
            str(DEV_SETTINGS),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr

    rebuilt = build_site(
        repository / "content", tmp_path / "rebuilt", extra={"SEARCH_INDEX": False}
    )
    assert rebuilt.returncode == 0, rebuilt.log
    guestbook = rebuilt.html("livre-d-or/roumics-2012/").get_text(" ")
    assert "Prénom Nom-Testé" in guestbook
    assert "écrite dans le navigateur" in guestbook
    shown = rebuilt.html("2026/un-article-ecrit-dans-le-navigateur/").get_text(" ")
    assert "Un article écrit dans le navigateur" in shown
    assert "tapé dans le formulaire" in shown
    assert "Camille Dupont" in shown and "Karim Benali" in shown


class Editor:
    """Decap CMS in one tab: its forms, and every request it makes."""

    def __init__(self, page, server, repo: Path, api: str) -> None:
        self.page, self.server, self.repo, self.api = page, server, repo, api
        self.requested: list[str] = []
        self.outside: list[str] = []  # to another host than this machine (refused)
        self.errors: list[str] = []
        self._pending: set = set()  # calls to decap-server not answered yet
        page.on("request", self._started)
        page.on("requestfinished", lambda request: self._pending.discard(request))
        page.on("requestfailed", lambda request: self._pending.discard(request))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("dialog", lambda dialog: dialog.accept())  # « Publier cette entrée ? »

    def _started(self, request) -> None:
        self.requested.append(request.url)
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != "127.0.0.1":
            self.outside.append(request.url)
        if request.url.startswith(self.api):
            self._pending.add(request)

    def log_in(self) -> None:
        self.page.goto(self.server.url("/admin/"))
        self.page.get_by_role("button", name="Se connecter").click()
        self.page.wait_for_url("**/#/collections/**")
        self.settle()

    def write_testimonial(self) -> None:
        self.new_entry("guestbook")
        self.fill("author", TESTIMONIAL["author"])
        self.fill("organisation", TESTIMONIAL["organisation"])
        self.field("event").fill("ROUMICS")  # the list of events, searched by title
        self.page.get_by_role("option", name=re.compile("^ROUMICS 2012")).first.click()
        self.fill("date", TESTIMONIAL["date"])
        self.markdown("body", TESTIMONIAL["body"])
        self.save(TESTIMONIAL_BRANCH, TESTIMONIAL_FILE)
        self.publish(TESTIMONIAL_BRANCH)

    def write_article(self) -> None:
        self.new_entry("article")
        self.fill("title", ARTICLE["title"])
        self.fill("date", ARTICLE["date"])
        self.fill("authors", ARTICLE["authors"])  # a list: one text, comma-separated
        self.fill("tags", ARTICLE["tags"])
        self.markdown("body", ARTICLE["body"])
        self.save(ARTICLE_BRANCH, ARTICLE_FILE)
        self.publish(ARTICLE_BRANCH)

    def edit_testimonial(self) -> None:
        """Saving an existing text changes the lines edited, nothing else."""
        self.page.goto(self.server.url("/admin/#/collections/guestbook"))
        self.page.locator(f'a[href="#/collections/guestbook/entries/{EDITED}"]').click()
        self.page.locator('label[for^="body-field-"]').wait_for()
        self.settle()
        self.fill("role", "Bénévole")
        self.save(EDITED_BRANCH, f"content/guestbook/{EDITED}.md")
        diff = git(self.repo, "diff", "--unified=0", f"main...{EDITED_BRANCH}")
        changed = [line for line in diff.splitlines() if line[:1] in "+-"]
        assert changed[2:] == ["+Role: Bénévole"], diff  # after the ---/+++ file names

    def new_entry(self, collection: str) -> None:
        self.page.goto(self.server.url(f"/admin/#/collections/{collection}"))
        self.page.locator(f'a[href="#/collections/{collection}/new"]').click()  # « Créer … »
        self.page.locator('label[for^="body-field-"]').wait_for()
        self.settle()  # the empty entry is made after the form shows: typing before is lost

    def field(self, name: str):
        """A form field's control: Decap gives it id="<field name>-field-<n>"."""
        return self.page.locator(f'[id^="{name}-field-"]')

    def fill(self, name: str, value: str) -> None:
        self.field(name).fill(value)
        expect(self.field(name)).to_have_value(value)

    def markdown(self, name: str, text: str) -> None:
        """Type into the markdown widget, in its rich-text mode."""
        box = self.page.locator(
            f'div[aria-label$=" field"]:has(> div > label[for^="{name}-field-"])'
        )
        box.locator('[contenteditable="true"]').click()
        self.page.keyboard.type(text)
        expect(box.locator('[contenteditable="true"]')).to_contain_text(text)

    def save(self, branch: str, path: str) -> None:
        """« Enregistrer »: in the editorial workflow, a `cms/…` branch with one commit."""
        self.page.get_by_role("button", name="Enregistrer", exact=True).click()
        self.page.get_by_text("Modifications enregistrées").first.wait_for()
        self.until(lambda: branch in _branches(self.repo), f"no branch {branch}")
        self.settle()
        assert _branches(self.repo) == [branch]
        assert git(self.repo, "rev-list", "--count", f"main..{branch}").strip() == "1"
        assert git(self.repo, "diff", "--name-only", f"main...{branch}").split() == [path]

    def publish(self, branch: str) -> None:
        """Status « Prêt », then « Publier » → « Publier maintenant »: merged into main."""
        self.page.get_by_role("button", name=re.compile("^Statut")).click()
        self.page.get_by_text("Prêt", exact=True).click()
        self.settle()
        self.page.get_by_role("button", name="Publier", exact=True).click()
        self.page.get_by_text("Publier maintenant", exact=True).click()
        self.until(lambda: branch not in _branches(self.repo), f"{branch} never merged")
        self.settle()  # Decap reloads the published entry: the next form must not get it

    def settle(self, quiet_ms: int = 300) -> None:
        """Wait until no call to decap-server has been in flight for `quiet_ms`."""
        quiet, deadline = 0, time.monotonic() + 20
        while quiet < quiet_ms:
            assert time.monotonic() < deadline, "decap-server calls never ended"
            self.page.wait_for_timeout(50)
            quiet = 0 if self._pending else quiet + 50

    def until(self, condition, failure: str, *, seconds: float = 20, pause_ms: int = 100) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            assert time.monotonic() < deadline, failure
            self.page.wait_for_timeout(pause_ms)


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _branches(repo: Path) -> list[str]:
    return git(repo, "for-each-ref", "--format=%(refname:short)", "refs/heads/cms/").split()
