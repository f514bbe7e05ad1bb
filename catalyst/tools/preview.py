"""The preview: the site served on 127.0.0.1, rebuilt on every save, the open page reloading itself.

`invoke livereload` runs it. One thread watches content/, the theme and the
settings (catalyst.tools.watching); when one text is saved, its own page is rendered
at once from the last build's context, kept in memory (catalyst.tools.quick_page),
and served from memory. Another thread then builds the whole site atomically
(catalyst.tools.release), which stays the truth: its pages replace the quick ones.

Every HTML page served gets one small script, added by this server only (never
written in a page): it listens to `/__apercu/evenements` (server-sent events)
and reloads the page when its quick version is ready or a build has changed
it; when a change is refused it shows the French report over the page, and
reloads once the text is fixed. Nothing is requested from another host; the
script is catalyst/tools/preview.js.

The server listens on 127.0.0.1 only, and answers only requests addressed to
it by that name (`localhost`, `127.0.0.1`, `[::1]`): a page of another site
that makes its own name point to 127.0.0.1 (DNS rebinding) gets a 421, never
the preview's pages, drafts or reports. At most MAX_CONNECTIONS connections
are served at once (each open page's event stream is one); the next ones get
a 503 at once. A connection silent for IDLE seconds is closed; an event stream
writes a comment every KEEP_ALIVE seconds, so an open page keeps its own.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from catalyst.model.problems import warnings_only
from catalyst.tools.quick_page import WarmSite
from catalyst.tools.release import build_atomically
from catalyst.tools.watching import changes

SCRIPT = Path(__file__).with_name("preview.js")
EVENTS, SCRIPT_PATH = "/__apercu/evenements", "/__apercu/apercu.js"
READY = "/__apercu/pret"  # 200 once a saved text's page can be rendered at once, else 503
TAG = f'<script src="{SCRIPT_PATH}" defer></script>'.encode()
KEEP_ALIVE = 15.0  # seconds between two comments on an idle event stream
IDLE = 30.0  # seconds a connection may stay silent (twice KEEP_ALIVE: a stream never is)
MAX_CONNECTIONS = 32  # a few tabs, each with its event stream and six connections of a browser
_LOCAL = re.compile(r"(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?")  # with or without port
NBSP, NNBSP = "\u00a0", "\u202f"  # before « : » ; inside « »
WRONG_HOST = (
    f"Adresse refusée{NBSP}: l’aperçu ne répond qu’à http://127.0.0.1:{{port}}/ ou "
    f"http://localhost:{{port}}/ (une autre adresse peut être celle d’un site qui se fait "
    f"passer pour lui{NBSP}: «{NNBSP}DNS rebinding{NNBSP}»).\n"
)
BUSY = f"Aperçu occupé{NBSP}: trop de connexions à la fois. Rechargez la page dans un instant.\n"


class State:
    """What the browser should show, numbered; readers wait for the next number.

    `quick` holds pages rendered ahead of the build ({save_as: (number, bytes)}),
    served instead of the files until a build started after them has finished.
    """

    def __init__(self) -> None:
        self.version, self.ok, self.report, self.warnings = 0, True, "", ""
        self.pages: list[str] = []  # with a quick page: the pages to reload
        self.unchanged: list[str] = []  # after a build: quick pages it left as they were
        self.quick: dict[str, tuple[int, bytes]] = {}
        self.changed = threading.Condition()

    def publish(
        self, ok: bool, report: str, *, built_after: int = -1, output: Path | None = None
    ) -> None:
        """A build's outcome; it settles the quick pages numbered up to `built_after`."""
        with self.changed:
            settled = {n: b for n, (v, b) in self.quick.items() if v <= built_after}
            self.quick = {n: q for n, q in self.quick.items() if n not in settled}
            self.unchanged = [
                _address(n)
                for n, b in settled.items()
                if ok and output is not None and _same(output / n, b)
            ]
            self.warnings = warnings_only(report) if ok else ""
            self._next(ok, report, [])

    def show_quick(self, pages: dict[str, bytes]) -> None:
        with self.changed:
            self.quick.update({name: (self.version + 1, html) for name, html in pages.items()})
            self.unchanged = []
            self._next(True, "", [_address(name) for name in pages])

    def _next(self, ok: bool, report: str, pages: list[str]) -> None:
        self.version += 1
        self.ok, self.report, self.pages = ok, report, pages
        self.changed.notify_all()

    def quick_page(self, name: str) -> bytes | None:
        with self.changed:
            found = self.quick.get(name)
        return found[1] if found else None

    def event(self) -> bytes:
        data = {
            "version": self.version,
            "ok": self.ok,
            "report": self.report,
            "warnings": self.warnings,  # a build that passes, which the publication would refuse
            "pages": self.pages,
            "unchanged": self.unchanged,
        }
        return f"data: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


def _address(save_as: str) -> str:
    return "/" + save_as.removesuffix("index.html")


def _same(file: Path, html: bytes) -> bool:
    try:
        return file.read_bytes() == html
    except OSError:
        return False


def local_host(value: str | None) -> bool:
    """Whether a request's `Host` names this machine's loopback (DNS rebinding names another)."""
    return value is not None and _LOCAL.fullmatch(value.strip().lower()) is not None


class Handler(SimpleHTTPRequestHandler):
    state: State
    warm: WarmSite
    timeout = IDLE  # on every read and write of the connection (socketserver sets it)

    def log_message(self, format: str, *args) -> None:  # one line a request is noise here
        pass

    def parse_request(self) -> bool:
        """Refuse, before any answer, a request addressed to another name than this machine."""
        if not super().parse_request():
            return False
        if local_host(self.headers.get("Host")):
            return True
        self.close_connection = True
        port = self.server.server_address[1]
        body = WRONG_HOST.format(port=port).encode()
        self.send_response(421)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return False

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == EVENTS:
            return self._events()
        if path == READY:
            self.send_response(200 if self.warm.ready else 503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if path == SCRIPT_PATH:
            return self._send(SCRIPT.read_bytes(), "text/javascript; charset=utf-8")
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            file = file / "index.html"
        quick = self.state.quick_page(os.path.relpath(file, self.directory).replace(os.sep, "/"))
        if quick is not None or (file.suffix == ".html" and file.is_file()):
            html = quick if quick is not None else file.read_bytes()
            at = html.rfind(b"</body>")
            html = html[:at] + TAG + html[at:] if at >= 0 else html + TAG
            return self._send(html, "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        state = self.state
        try:
            with state.changed:
                seen, first = state.version, state.event()
            self.wfile.write(first)
            self.wfile.flush()
            while True:
                with state.changed:
                    state.changed.wait_for(
                        lambda last=seen: state.version != last, timeout=KEEP_ALIVE
                    )
                    news = state.event() if state.version != seen else b": attente\n\n"
                    seen = state.version
                self.wfile.write(news)
                self.wfile.flush()
        except OSError:
            return  # the tab was closed or reloaded, or stopped reading for IDLE seconds


class PreviewServer(ThreadingHTTPServer):
    """A thread per connection, at most `connections` at once; beyond, a 503 and the door."""

    daemon_threads = True
    request_queue_size = 64  # socketserver's 5 drops a page's burst of connections: 1 s retries

    def __init__(self, address, handler, *, connections: int = MAX_CONNECTIONS):
        self.slots = threading.BoundedSemaphore(connections)
        super().__init__(address, handler)

    def process_request(self, request, client_address) -> None:
        if not self.slots.acquire(blocking=False):
            self._busy(request)
            return
        try:
            super().process_request(request, client_address)  # starts the connection's thread
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        """socketserver's, but the slot is free before the client can see its connection close
        (after, a client that connects again at once could still be turned away)."""
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.slots.release()
            self.shutdown_request(request)

    def _busy(self, request: socket.socket) -> None:
        """Answer 503 without a thread: what the client sent is dropped unread (at most a
        buffer's worth, so that closing does not reset the connection before it reads)."""
        body = BUSY.encode()
        head = (
            "HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
        )
        try:
            request.setblocking(False)
            with contextlib.suppress(BlockingIOError):  # nothing sent yet
                request.recv(65536)
            request.settimeout(1.0)
            request.sendall(head.encode() + body)
        except OSError:
            pass  # gone already
        finally:
            self.shutdown_request(request)


def make_server(
    *,
    output: Path,
    state: State,
    warm,
    port: int,
    connections: int = MAX_CONNECTIONS,
    idle: float = IDLE,
) -> PreviewServer:
    """The preview's server on 127.0.0.1:`port` (0: any free port), not yet serving."""
    handler = type("PreviewHandler", (Handler,), {"state": state, "warm": warm, "timeout": idle})
    return PreviewServer(
        ("127.0.0.1", port), partial(handler, directory=str(output)), connections=connections
    )


def serve(
    *, output: Path, settings: Path, content: Path, port: int, extra: dict | None = None
) -> None:
    """Build, serve on 127.0.0.1:`port` and rebuild on every change, until interrupted."""
    state, warm = State(), WarmSite(settings=settings, content=content, extra=extra)
    report: list[str] = []
    state.publish(_build(output, settings, content, extra, report), "".join(report))
    server = make_server(output=output, state=state, warm=warm, port=port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Aperçu sur http://127.0.0.1:{port}/ : la page se recharge à chaque enregistrement.")
    pending = threading.Event()  # a change waits for a build
    build = partial(_build, output, settings, content, extra)
    threading.Thread(
        target=_builder, args=(state, warm, pending, build, output), daemon=True
    ).start()
    try:
        for batch in changes(settings, content, extra):
            quick = warm.render(batch)
            if quick:
                state.show_quick(quick)
            pending.set()
    finally:
        server.shutdown()


def _builder(state: State, warm: WarmSite, pending: threading.Event, build, output) -> None:
    """The build thread: one atomic build for every change seen meanwhile, then a warm context."""
    warmed = not state.ok
    while True:
        if not warmed and not pending.is_set():
            warm.refresh()
            warmed = True
        pending.wait()
        pending.clear()
        with state.changed:
            before = state.version
        report: list[str] = []
        ok = build(report)
        state.publish(ok, "".join(report), built_after=before, output=output)
        warmed = not ok


def _build(output, settings, content, extra, report: list[str]) -> bool:
    return build_atomically(
        output=output, settings=settings, content=content, extra=extra, capture=report
    )
