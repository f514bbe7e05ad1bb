"""The preview, in Chromium: a saved change shows without a manual reload; a refused one shows
its French report over the page until it is fixed."""

from __future__ import annotations

import http.client
import json
import os
import queue
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from cases.corpus import article
from cases.runner import write_tree

from catalyst.tools.preview import EVENTS, MAX_CONNECTIONS, State, make_server
from conftest import DEV_SETTINGS, ROOT
from photos import png
from quality.browser import open_browser

PROJECT = "Title: Un projet\nSummary: Un résumé.\nStage: en incubation\n\nSon texte.\n"
SERVE = (
    "import json, sys; from pathlib import Path; from catalyst.tools.preview import serve; "
    "serve(output=Path(sys.argv[1]), settings=Path(sys.argv[2]), content=Path(sys.argv[3]), "
    "port=int(sys.argv[4]), extra=json.loads(sys.argv[5]))"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"the preview never answered at {url}")


@pytest.fixture
def preview(tmp_path):
    content = write_tree(
        tmp_path / "content",
        {"articles/2024/a.md": article(body="Premier."), "projects/un-projet.md": PROJECT},
    )
    port = free_port()
    extra = {"SEARCH_INDEX": False, "CACHE_PATH": str(tmp_path / "cache")}
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            SERVE,
            str(tmp_path / "output"),
            str(DEV_SETTINGS),
            str(content),
            str(port),
            json.dumps(extra),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/__apercu/pret")  # built, and its context kept
        yield content, f"http://127.0.0.1:{port}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the preview and the build it may be running
        server.wait(timeout=10)


@pytest.mark.browser
def test_a_saved_change_reloads_the_page_and_a_refused_one_shows_its_report(preview):
    content, address = preview
    source = content / "articles/2024/a.md"
    requested = []
    with open_browser() as chromium:
        page = chromium.new_page()
        page.on("request", lambda request: requested.append(request.url))
        page.goto(f"{address}/2024/a/")
        assert "Premier." in page.inner_text("main")
        page.wait_for_timeout(300)  # the event stream is open
        source.write_text(article(body="Deuxième version."), encoding="utf-8")
        page.wait_for_function(
            "document.body.innerText.includes('Deuxième version.')", timeout=60_000
        )
        source.write_text(article(date="2024-13-01", body="Cassé."), encoding="utf-8")
        page.wait_for_selector("#apercu-refus", timeout=60_000)
        shown = page.inner_text("#apercu-refus")
        assert "Modification refusée" in shown and "content/articles/2024/a.md:2" in shown
        assert "Deuxième version." in page.inner_text("main")  # the last good build stays
        source.write_text(article(body="Réparé."), encoding="utf-8")
        page.wait_for_function("document.body.innerText.includes('Réparé.')", timeout=60_000)
        assert page.query_selector("#apercu-refus") is None
    assert [url for url in requested if not url.startswith(address)] == []


@pytest.mark.browser
def test_warnings_that_would_block_the_publication_are_a_banner_until_fixed(preview):
    content, address = preview
    source = content / "articles/2024/a.md"
    (content / "images").mkdir()
    (content / "images/photo.png").write_bytes(png())
    with open_browser() as chromium:
        page = chromium.new_page()
        page.goto(f"{address}/2024/a/")
        page.wait_for_timeout(300)  # the event stream is open
        source.write_text(article(body="![]({static}/images/photo.png)"), encoding="utf-8")
        page.wait_for_selector("#apercu-avertissements", timeout=60_000)
        shown = page.inner_text("#apercu-avertissements")
        assert "la publication le refuserait" in shown
        assert "content/articles/2024/a.md:6" in shown and "texte alternatif" in shown
        assert page.query_selector("#apercu-refus") is None  # shown, not refused
        source.write_text(article(body="![Une photo]({static}/images/photo.png)"), "utf-8")
        page.wait_for_selector("#apercu-avertissements", state="detached", timeout=60_000)


def test_pages_on_disk_never_carry_the_preview_script(preview):
    content, address = preview
    with urllib.request.urlopen(f"{address}/2024/a/") as served:
        assert "/__apercu/apercu.js" in served.read().decode()
    outputs = list((content.parent / "output").resolve().rglob("*.html"))
    assert outputs and not any("__apercu" in p.read_text(encoding="utf-8") for p in outputs)


class EventStream:
    """The preview's server-sent events, read as they come (one JSON object each)."""

    def __init__(self, url: str) -> None:
        self.events: queue.Queue = queue.Queue()
        self.response = urllib.request.urlopen(url, timeout=120)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.response:
            if line.startswith(b"data: "):
                self.events.put(json.loads(line[6:]))

    def next(self, seconds: float = 60) -> dict:
        return self.events.get(timeout=seconds)


def test_a_saved_text_is_shown_before_the_rebuild_which_then_serves_the_same_page(preview):
    content, address = preview
    source = content / "articles/2024/a.md"
    stream = EventStream(f"{address}/__apercu/evenements")
    assert stream.next()["ok"]  # the state when the page opened
    source.write_text(article(title="Un titre changé", body="Version rapide."), encoding="utf-8")
    quick = stream.next()
    assert quick["pages"] == ["/2024/a/"]  # rendered from memory, before the build
    with urllib.request.urlopen(f"{address}/2024/a/") as served:
        shown = served.read().decode()
    assert "Version rapide." in shown and "Un titre changé" in shown
    built = stream.next()
    assert built["ok"] and built["pages"] == []
    assert built["unchanged"] == ["/2024/a/"]  # byte for byte what the full build wrote
    (content / "projects/un-projet.md").write_text(PROJECT.replace("Son", "Notre"), "utf-8")
    assert stream.next()["pages"] == ["/projets/un-projet/"]  # a collection's item too
    assert stream.next()["unchanged"] == ["/projets/un-projet/"]
    source.write_text(article(date="2024-13-01", body="Cassé."), encoding="utf-8")
    refused = stream.next()  # a refused text has no quick page: the report comes first
    assert not refused["ok"] and refused["pages"] == [] and "2024/a.md:2" in refused["report"]


# The server itself, in this process: no build, a folder with one page, loopback only.


class Warm:
    ready = True


@pytest.fixture
def server(tmp_path):
    """Start `make_server(**options)` on a free port; every server is shut down at the end."""
    (tmp_path / "index.html").write_text("<html><body>Accueil</body></html>", encoding="utf-8")
    started = []

    def start(state: State | None = None, **options):
        made = make_server(output=tmp_path, state=state or State(), warm=Warm(), port=0, **options)
        threading.Thread(target=made.serve_forever, daemon=True).start()
        started.append(made)
        return made, made.server_address[1]

    yield start
    for made in started:
        made.shutdown()
        made.server_close()


def ask(port: int, host: str | None, path: str = "/") -> tuple[int, str]:
    """(status, body) of one GET with this `Host` header (None: none at all)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def test_only_requests_addressed_to_this_machine_are_answered(server):
    _, port = server()
    for host in (
        "localhost",
        f"localhost:{port}",
        "127.0.0.1",
        f"127.0.0.1:{port}",
        "[::1]",
        f"[::1]:{port}",
        "LocalHost",
    ):
        assert ask(port, host)[0] == 200, host
    for host in (
        "evil.example",
        f"evil.example:{port}",
        "localhost.evil.example",
        "127.0.0.1.nip.io",
        "",
        None,
    ):
        status, said = ask(port, host)
        assert status == 421, host
        assert said.startswith("Adresse refusée\u00a0: l’aperçu ne répond qu’à http://127.0.0.1:")
        assert "Accueil" not in said
    assert ask(port, "evil.example", EVENTS)[0] == 421  # nor its event stream, nor its reports


def test_connections_beyond_the_cap_are_refused_at_once_and_requests_served_after(server):
    made, port = server()  # the default cap, MAX_CONNECTIONS
    held = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(100)]
    try:
        refused, deadline = {}, time.monotonic() + 20
        while len(refused) < 100 - MAX_CONNECTIONS and time.monotonic() < deadline:
            readable, _, _ = select.select([s for s in held if s not in refused], [], [], 0.5)
            for sock in readable:
                refused[sock] = _read_all(sock)
        assert len(refused) == 100 - MAX_CONNECTIONS  # the others wait, each in its thread
        for answer in refused.values():
            assert answer.startswith(b"HTTP/1.0 503 ")
            assert "Aperçu occupé\u00a0: trop de connexions à la fois" in answer.decode()
        assert threading.active_count() <= MAX_CONNECTIONS + 10  # one thread per held slot
        status, _ = ask(port, "127.0.0.1")  # cap reached: refused too, cleanly
        assert status == 503
    finally:
        for sock in held:
            sock.close()
    deadline = time.monotonic() + 20  # the threads see the closed connections and leave
    while time.monotonic() < deadline and ask(port, "127.0.0.1")[0] != 200:
        time.sleep(0.1)
    assert ask(port, "127.0.0.1") == (200, ask(port, "localhost")[1])
    assert made.slots.acquire(blocking=False)  # every slot was given back
    made.slots.release()


def test_a_silent_connection_is_closed_but_an_event_stream_stays_open(server):
    state = State()
    _, port = server(state, idle=0.5, connections=2)
    silent = socket.create_connection(("127.0.0.1", port), timeout=10)
    stream = urllib.request.urlopen(f"http://127.0.0.1:{port}{EVENTS}", timeout=10)
    try:
        assert json.loads(stream.readline()[6:])["version"] == 0
        stream.readline()
        assert silent.recv(100) == b""  # closed by the server after 0.5 s of silence
        time.sleep(1)  # twice the idle time: the stream waits for news, not for its reader
        state.publish(True, "")
        assert json.loads(stream.readline()[6:])["version"] == 1
        assert ask(port, "127.0.0.1")[0] == 200  # the silent one's slot is free again
        # and given back after each request: the client has its answer a moment before the
        # server's thread lets go of the slot, so a leak shows as a 503 that never ends
        deadline = time.monotonic() + 10
        while (status := ask(port, "127.0.0.1")[0]) == 503 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert status == 200
    finally:
        silent.close()
        stream.close()


def test_event_streams_count_among_the_connections(server):
    _, port = server(connections=2)
    streams = [
        urllib.request.urlopen(f"http://127.0.0.1:{port}{EVENTS}", timeout=10) for _ in range(2)
    ]
    try:
        for stream in streams:
            assert stream.readline().startswith(b"data: ")
        assert ask(port, "127.0.0.1")[0] == 503
    finally:
        for stream in streams:
            stream.close()


def _read_all(sock: socket.socket) -> bytes:
    seen = b""
    while chunk := sock.recv(4096):
        seen += chunk
    return seen
