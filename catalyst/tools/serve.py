"""`invoke serve`: the built site on this machine, answered as the web server online answers it.

Pelican's own server (`pelican --listen`) answers a missing page with an empty
response and a traceback, so the site's 404 page (`404.html`, made from
theme/templates/404.html) was never seen before going online. This one, from
the standard library, serves `output/` on 127.0.0.1 (and ::1, so that
`localhost` is this server too): a folder's address is its index.html, a
missing file is answered with status 404 and the bytes of `404.html`, a folder
without index.html is missing too (no listing), and every kind of file the
site holds has its content type, the same on every machine (not read from
/etc/mime.types), Pagefind's index files included.

`output` is read again at every request: a build switching it (catalyst.tools.release)
is seen at once. catalyst.tools.local_editor (`invoke editeur`) serves its site with it.
"""

from __future__ import annotations

import errno
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

from catalyst.model.typography.spacing import french_spacing
from catalyst.tools.commands import invoke

NOT_FOUND_PAGE = "404.html"
NOT_FOUND_TEXT = french_spacing(
    "Page introuvable : rien n’est publié à cette adresse. "
    f"(La page 404 du site, 404.html, manque aussi : lancez « {invoke('build')} ».)\n"
)
UTF8 = "; charset=utf-8"
TYPES = {
    ".html": "text/html" + UTF8,
    ".htm": "text/html" + UTF8,
    ".css": "text/css" + UTF8,
    ".js": "text/javascript" + UTF8,
    ".mjs": "text/javascript" + UTF8,
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml" + UTF8,
    ".atom": "application/atom+xml" + UTF8,
    ".rss": "application/rss+xml" + UTF8,
    ".ics": "text/calendar" + UTF8,
    ".txt": "text/plain" + UTF8,
    ".yml": "text/yaml" + UTF8,  # the web editor's config.yml
    ".yaml": "text/yaml" + UTF8,
    ".eml": "message/rfc822",  # the letter's issues, as sent
    ".svg": "image/svg+xml",
    ".avif": "image/avif",
    ".webp": "image/webp",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".ico": "image/vnd.microsoft.icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".pdf": "application/pdf",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".mp3": "audio/mpeg",
    ".ogg": "audio/ogg",
    ".wasm": "application/wasm",
    # Pagefind's index: compressed by Pagefind itself, read by its script as bytes.
    ".pagefind": "application/octet-stream",
    ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
}
# Feeds are `….atom.xml` and `….rss.xml` (/feeds/all.atom.xml): the kind is before `.xml`.
FEEDS = {".atom.xml": TYPES[".atom"], ".rss.xml": TYPES[".rss"]}


class ServeError(Exception):
    """Why the site cannot be served, in French, for the volunteer."""


class SiteHandler(SimpleHTTPRequestHandler):
    """Files of `directory` as a static web server serves them, with the site's 404 page."""

    extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def log_message(self, format: str, *args) -> None:  # one line a request is noise here
        pass

    def guess_type(self, path) -> str:
        name = os.path.basename(os.fspath(path)).lower()
        for suffix, kind in FEEDS.items():
            if name.endswith(suffix):
                return kind
        return super().guess_type(path)

    def list_directory(self, path):
        """A folder without index.html is not a page: no listing of its files."""
        self.send_error(404)
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        if code != 404:
            return super().send_error(code, message, explain)
        try:
            body, kind = Path(self.directory, NOT_FOUND_PAGE).read_bytes(), TYPES[".html"]
        except OSError:
            body, kind = NOT_FOUND_TEXT.encode(), TYPES[".txt"]
        self.send_response(404)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None


class _Server(ThreadingHTTPServer):
    daemon_threads = True


class _Server6(_Server):
    address_family = socket.AF_INET6


@contextmanager
def serving(output: Path, port: int, *, retry: str = "") -> Iterator[int]:
    """Serve `output` on 127.0.0.1:`port` (and [::1]) from threads; yield the port (0: any).

    A port already taken raises ServeError, saying to try « `retry` --port N+1 ».
    """
    output, retry = Path(output), retry or invoke("serve")
    if not (output / "index.html").is_file():
        raise ServeError(french_spacing(f"Rien à servir : lancez d’abord « {invoke('build')} »."))
    handler = partial(SiteHandler, directory=os.fspath(output))  # not resolved: follows switches
    servers = [_bind(_Server, "127.0.0.1", port, retry, handler)]
    try:
        with suppress(_NoIPv6):  # `localhost` is ::1 first: this server there too, if it can
            servers.append(_bind(_Server6, "::1", servers[0].server_port, retry, handler))
    except BaseException:
        servers[0].server_close()
        raise
    threads = [
        threading.Thread(target=s.serve_forever, name="site-server", daemon=True) for s in servers
    ]
    for thread in threads:
        thread.start()
    try:
        yield servers[0].server_port
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        for thread in threads:
            thread.join(timeout=5)


class _NoIPv6(Exception):
    pass


def _bind(kind, host: str, port: int, retry: str, handler) -> ThreadingHTTPServer:
    try:
        return kind((host, port), handler)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise ServeError(
                french_spacing(
                    f"Le port {port} est déjà pris, sans doute par un serveur lancé plus tôt : "
                    f"arrêtez-le (Ctrl+C dans son terminal) ou choisissez un autre port, par "
                    f"exemple « {retry} --port {port + 1} »."
                )
            ) from None
        if kind is _Server6:  # no IPv6 on this machine: 127.0.0.1 alone
            raise _NoIPv6 from error
        raise


def serve(output: Path, port: int, *, retry: str = "") -> None:
    """Serve `output` on http://localhost:`port`/ until Ctrl+C."""
    with serving(output, port, retry=retry) as bound:
        print(f"Site servi sur http://localhost:{bound}/ (Ctrl+C pour arrêter).", flush=True)
        threading.Event().wait()  # until KeyboardInterrupt
