"""Serve a built site on 127.0.0.1, as a static web server would, from a thread.

Browsers behave differently with file:// (no origin, folders are not index.html),
so the checks load pages over HTTP on an ephemeral port that nothing else uses.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's backlog of 5 drops part of a page's burst of connections on a busy
    # machine; the browser resends them after 1, 3, 7… seconds, and gives up after a minute.
    request_queue_size = 64


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging, and remembers what was not found."""

    missing: list[str]

    def log_message(self, format: str, *args) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        if code == 404:
            self.missing.append(self.path)
        super().send_error(code, message, explain)


@dataclass
class SiteServer:
    output: Path
    base_url: str  # "http://127.0.0.1:PORT" (no trailing slash)
    missing: list[str] = field(default_factory=list)  # paths the browser asked for in vain

    def url(self, path: str) -> str:
        return self.base_url + "/" + path.lstrip("/")

    def file_for(self, url: str) -> Path | None:
        """The output file a URL of this site resolves to, as the server would find it."""
        return file_for_path(self.output, urlsplit(url).path)


def file_for_path(output: Path, path: str) -> Path | None:
    target = output / unquote(path).lstrip("/")
    if target.is_dir():
        target = target / "index.html"
    try:
        target.resolve().relative_to(output.resolve())
    except ValueError:  # "../" outside the site
        return None
    return target if target.is_file() else None


@contextmanager
def serve(output: Path) -> Iterator[SiteServer]:
    missing: list[str] = []
    handler = type("Handler", (_QuietHandler,), {"missing": missing})
    httpd = _Server(("127.0.0.1", 0), partial(handler, directory=str(output)))
    thread = threading.Thread(target=httpd.serve_forever, name="quality-server", daemon=True)
    thread.start()
    try:
        yield SiteServer(output, f"http://127.0.0.1:{httpd.server_port}", missing)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
