"""One page of each type, in headless Chromium, as readers' browsers show it.

Each picked page is loaded at a phone width and a desktop width over HTTP on
127.0.0.1, every request recorded; axe-core audits it, the keyboard walks it, then
a context with JavaScript disabled loads it again. Debian's chromium is used
(`apt-get install chromium`, done by ./bootstrap.sh --dev): Playwright's own
browser download cannot run in CI.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from quality import axe, keyboard, layout, nojs
from quality.html_validator import ToolMissing
from quality.pages import PickedPage
from quality.server import SiteServer, file_for_path
from quality.weight import IMAGE_BUDGET, Request, Weight, first_image, outside_requests, weigh

# name: (width, height, is a phone); a phone's screen has 2 device pixels per CSS pixel
WIDTHS = {"phone": (375, 667, True), "desktop": (1280, 800, False)}
PIXEL_RATIO = {"phone": 2, "desktop": 1}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-quic",
    # Chromium's own calls home: they would be refused here and are not the site's requests.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TAB_WALK = {"index": True, "article": False}  # page types walked with Tab: follow the menu?
SCROLL_TO_END = "() => window.scrollTo(0, document.documentElement.scrollHeight)"


@dataclass
class PageAudit:
    page: PickedPage
    axe: dict[str, list[axe.Violation]] = field(default_factory=dict)  # per width name
    skip_link: dict[str, list[str]] = field(default_factory=dict)
    tab_walk: dict[str, list[str]] = field(default_factory=dict)  # home and article only
    nojs: dict[str, list[str]] = field(default_factory=dict)
    layout: dict[str, list[str]] = field(default_factory=dict)
    requests: dict[str, list[Request]] = field(default_factory=dict)
    weight: dict[str, Weight] = field(default_factory=dict)
    first_image: dict[str, tuple[str, int]] = field(default_factory=dict)  # (path, bytes) per width
    outside: list[str] = field(default_factory=list)
    text_with_js: int = 0

    @property
    def keyboard(self) -> dict[str, list[str]]:
        return {w: self.skip_link.get(w, []) + self.tab_walk.get(w, []) for w in self.skip_link}

    @property
    def heaviest(self) -> Weight | None:
        return max(self.weight.values(), key=lambda w: w.gzipped, default=None)

    def problems(self) -> list[str]:
        where = f"{self.page.kind} {self.page.url_path}"
        found = []
        for width, violations in self.axe.items():
            found += [f"axe, {width}, {where}: {v}" for v in violations]
        for width, problems in self.keyboard.items():
            found += [f"keyboard, {width}, {where}: {p}" for p in problems]
        for width, problems in self.layout.items():
            found += [f"layout, {width}, {where}: {p}" for p in problems]
        for width, problems in self.nojs.items():
            found += [f"without JavaScript, {width}, {where}: {p}" for p in problems]
        found += [f"privacy, {where}: request to {url}" for url in self.outside]
        image = self.first_image.get("phone")
        if image and image[1] > IMAGE_BUDGET:
            found.append(
                f"image weight, phone, {where}: the first image ({image[0]}) is "
                f"{image[1]:,} bytes, over the {IMAGE_BUDGET:,} budget"
            )
        return found


def chromium_executable() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(found):
        raise ToolMissing(
            "Chromium is missing: run ./bootstrap.sh --dev (or: apt-get install chromium)."
        )
    return found


@contextmanager
def open_browser() -> Iterator:
    """Debian's Chromium, driven by Playwright (never `playwright install`)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise ToolMissing("Playwright is missing: run ./bootstrap.sh --dev.") from error
    executable = chromium_executable()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def new_context(
    browser,
    server: SiteServer,
    *,
    width: str,
    javascript: bool = True,
    site_roots: Iterable[str] = (),
) -> Iterator:
    """A fresh profile at one width. The site's public address is answered from the output,
    so a production build (absolute links) loads here as it would online."""
    w, h, phone = WIDTHS[width]
    context = browser.new_context(
        viewport={"width": w, "height": h},
        device_scale_factor=PIXEL_RATIO[width],
        is_mobile=phone,
        has_touch=phone,
        java_script_enabled=javascript,
        service_workers="block",
    )
    # A bound against a hang, not a measure: two test workers and a build can share two cores.
    context.set_default_timeout(60_000)
    # Nothing leaves this machine: other hosts are recorded (page.on("request")), then refused.
    context.route(lambda url: not _ours(url, server, site_roots), lambda route: route.abort())
    for root in site_roots:
        for scheme in ("http:", "https:"):
            context.route(f"{scheme}{root}**", _from_output(server, root))
    try:
        yield context
    finally:
        context.close()


def _from_output(server: SiteServer, root: str):
    def fulfil(route) -> None:
        path = "/" + urlsplit(route.request.url).path.removeprefix(urlsplit("x:" + root).path)
        file = file_for_path(server.output, path)
        if file is None:
            server.missing.append(path)
            route.fulfill(status=404, body="")
        else:
            route.fulfill(path=str(file))

    return fulfil


def audit_pages(
    browser,
    server: SiteServer,
    pages: Iterable[PickedPage],
    *,
    site_roots: Iterable[str] = (),
    widths: Iterable[str] = tuple(WIDTHS),
) -> list[PageAudit]:
    site_roots = list(site_roots)
    audits = [PageAudit(p) for p in pages]
    for width in widths:
        with new_context(browser, server, width=width, site_roots=site_roots) as context:
            recorder = _Recorder(context.new_page(), server, site_roots)
            for audit in audits:
                _audit_with_javascript(recorder, server, audit, width)
        with new_context(
            browser, server, width=width, javascript=False, site_roots=site_roots
        ) as context:
            page = context.new_page()
            for audit in audits:
                page.goto(server.url(audit.page.url_path), wait_until="load")
                audit.nojs[width] = nojs.nojs_problems(page, text_with_js=audit.text_with_js)
    return audits


def _audit_with_javascript(
    recorder: _Recorder, server: SiteServer, audit: PageAudit, width: str
) -> None:
    page = recorder.page
    recorder.load(server.url(audit.page.url_path))
    audit.requests[width] = list(recorder.requests)
    audit.weight[width] = weigh(recorder.requests, server)
    image = first_image(recorder.requests, server)
    if image:
        audit.first_image[width] = image
    audit.outside = sorted(
        set(audit.outside)
        | set(outside_requests(recorder.requests, allowed_origins=[server.url("")]))
    )
    audit.text_with_js = max(audit.text_with_js, nojs.main_text_length(page))
    audit.axe[width] = axe.audit(page)
    screen, _height, phone = WIDTHS[width]
    audit.layout[width] = layout.layout_problems(page, width=screen, phone=phone)
    audit.skip_link[width] = keyboard.skip_link_problems(page)
    if audit.page.kind in TAB_WALK:
        page.goto(server.url(audit.page.url_path), wait_until="load")
        audit.tab_walk[width] = keyboard.tab_walk_problems(
            page, follow_menu=TAB_WALK[audit.page.kind]
        )


class _Recorder:
    """Loads pages in one tab, recording every request the browser makes for each."""

    def __init__(self, page, server: SiteServer, site_roots: list[str]) -> None:
        self.page = page
        self.requests: list[Request] = []
        self._pending: set = set()
        self._server = server
        self._site_roots = site_roots
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)

    def _started(self, request) -> None:
        self._pending.add(request)
        url = _local(request.url, self._server, self._site_roots)
        self.requests.append(Request(url, request.resource_type))

    def _ended(self, request) -> None:
        self._pending.discard(request)

    def load(self, url: str) -> None:
        self.requests.clear()
        self.page.goto(url, wait_until="load")
        self.page.evaluate(SCROLL_TO_END)  # lazy images and the like load too
        self._settle()
        self.page.evaluate("() => window.scrollTo(0, 0)")

    def _settle(self, *, quiet_ms: int = 100, limit_ms: int = 5_000) -> None:
        """Wait until no request is in flight for `quiet_ms` (Playwright's networkidle
        waits 500 ms on every page, a third of the whole run)."""
        quiet = waited = 0
        while quiet < quiet_ms and waited < limit_ms:
            self.page.wait_for_timeout(25)
            waited += 25
            quiet = 0 if self._pending else quiet + 25


def _ours(url: str, server: SiteServer, site_roots: list[str]) -> bool:
    return (
        url.startswith((server.url(""), "data:", "blob:", "about:"))
        or _local(url, server, site_roots) != url
    )


def _local(url: str, server: SiteServer, site_roots: list[str]) -> str:
    """A request to the site's public address, as the local server's URL."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        schemeless = url.removeprefix(parts.scheme + ":")
        for root in site_roots:
            if schemeless.startswith(root):
                return server.url(schemeless.removeprefix(root))
    return url
