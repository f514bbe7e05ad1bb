"""The preview: the site served on 127.0.0.1, rebuilt on every save, the open page reloading itself.

`invoke livereload` runs it. A thread waits for a change under content/, the
theme or the settings (watchfiles, as Pelican's own `--autoreload`), then
builds atomically (catalyst.release). Every HTML page served gets one small
script, added by this server only (never written in a page): it listens to
`/__apercu/evenements` (server-sent events) and reloads the page when a build
has succeeded; when a change is refused it shows the French report over the
page, and reloads once the text is fixed. Nothing is requested from another
host; the script is catalyst/preview.js.
"""

from __future__ import annotations

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from catalyst.release import build_atomically

SCRIPT = Path(__file__).with_name("preview.js")
EVENTS, SCRIPT_PATH = "/__apercu/evenements", "/__apercu/apercu.js"
TAG = f'<script src="{SCRIPT_PATH}" defer></script>'.encode()
KEEP_ALIVE = 15.0  # seconds between two comments on an idle event stream


class State:
    """The outcome of the last build, numbered; readers wait for the next number."""

    def __init__(self) -> None:
        self.version, self.ok, self.report = 0, True, ""
        self.changed = threading.Condition()

    def publish(self, ok: bool, report: str) -> None:
        with self.changed:
            self.version += 1
            self.ok, self.report = ok, report
            self.changed.notify_all()

    def event(self) -> bytes:
        data = {"version": self.version, "ok": self.ok, "report": self.report}
        return f"data: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


class Handler(SimpleHTTPRequestHandler):
    state: State

    def log_message(self, format: str, *args) -> None:  # one line a request is noise here
        pass

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == EVENTS:
            return self._events()
        if path == SCRIPT_PATH:
            return self._send(SCRIPT.read_bytes(), "text/javascript; charset=utf-8")
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            html = file.read_bytes()
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
                    state.changed.wait_for(lambda last=seen: state.version != last,
                                           timeout=KEEP_ALIVE)  # fmt: skip
                    news = state.event() if state.version != seen else b": attente\n\n"
                    seen = state.version
                self.wfile.write(news)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the tab was closed or reloaded


def serve(
    *, output: Path, settings: Path, content: Path, port: int, extra: dict | None = None
) -> None:
    """Build, serve on 127.0.0.1:`port` and rebuild on every change, until interrupted."""
    from pelican.settings import read_settings
    from pelican.utils import wait_for_changes

    state = State()
    report: list[str] = []
    state.publish(_build(output, settings, content, extra, report), "".join(report))
    handler = partial(type("PreviewHandler", (Handler,), {"state": state}), directory=str(output))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Aperçu sur http://127.0.0.1:{port}/ : la page se recharge à chaque enregistrement.")
    watched = read_settings(str(settings), override={"PATH": str(content), **(extra or {})})
    watched["STATIC_PATHS"] = [p for p in watched["STATIC_PATHS"] if (content / p).exists()]
    try:
        while True:
            wait_for_changes(str(settings), watched)
            report.clear()
            state.publish(_build(output, settings, content, extra, report), "".join(report))
    finally:
        server.shutdown()


def _build(output, settings, content, extra, report: list[str]) -> bool:
    return build_atomically(output=output, settings=settings, content=content, extra=extra,
                            capture=report)  # fmt: skip
