"""Screenshots of our own pages for CONTRIBUTING.md, taken by the test browser.

A writer who has never proposed a change on GitHub finds their way faster when the guide
shows what to look for: the « Modifier cette page » link at the bottom of a page, the
« Proposer » box of a collection, the box the preview shows over the page when a saved text
is refused. The editor's own pages on GitHub cannot be shot here (no network, no account),
so the guide shows ours. Taken by code rather than by hand, they are taken again in a minute
when the theme changes:

    python -m catalyst.tools.captures [FOLDER]        (default: docs/captures/)

The repository's own content is built once (development settings, a cache of its own, in a
temporary folder) and served on 127.0.0.1 (quality.server); the refusal box needs the preview
(catalyst.tools.preview), run on a scratch copy of the content where one article's date is then
written the French way. Chromium is Debian's, driven by Playwright (quality.browser), and
nothing leaves the machine. Each picture is cropped to what it shows, at a desktop width with
one device pixel per CSS pixel (the phone's picture: a phone's width), and saved as an
optimized PNG; one over MAX_BYTES is reduced to 256 colours.

tests/test_captures.py takes them all into a temporary folder, and checks that CONTRIBUTING.md
shows exactly the pictures of docs/captures/.
"""

from __future__ import annotations

import io
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from catalyst.tools.release import ROOT, build_argv
from quality.browser import new_context, open_browser
from quality.server import SiteServer, serve

USAGE = "usage: python -m catalyst.tools.captures [FOLDER]   (default: docs/captures/)"
DEFAULT_FOLDER = ROOT / "docs" / "captures"
SETTINGS = ROOT / "pelicanconf.py"
CONTENT = ROOT / "content"
MAX_BYTES = 200_000
MARGIN = 16  # CSS pixels of the page kept around the elements shown

ARTICLE = "2013/territoires-en-reseaux/"
ARTICLE_SOURCE = "articles/2013/territoires-en-reseaux.md"
# The mistake shown by the refusal box: a date written the French way.
GOOD_DATE, FRENCH_DATE = "Date: 2013-01-17", "Date: 17/01/2013"
# The preview, as tests/test_preview.py runs it: in a process of its own, stopped at the end.
PREVIEW = (
    "import json, sys; from pathlib import Path; from catalyst.tools.preview import serve; "
    "serve(output=Path(sys.argv[1]), settings=Path(sys.argv[2]), content=Path(sys.argv[3]), "
    "port=int(sys.argv[4]), extra=json.loads(sys.argv[5]))"
)
REFUSAL_VIEWPORT = {"width": 1000, "height": 400}


@dataclass(frozen=True)
class Capture:
    """A part of a page of the built site: the union of the last element each selector
    matches (none: the window as the page opens)."""

    name: str  # the PNG's file name
    path: str  # the page, under the site's root
    selectors: tuple[str, ...] = ()
    width: str = "desktop"  # a width of quality.browser.WIDTHS


# The pictures of the built site; the preview's refusal box (REFUSAL) comes after them.
CAPTURES = (
    Capture("fin-d-article.png", ARTICLE, ("article > footer", ".edit-links")),
    Capture("proposer-un-projet.png", "projets/", (".propose",)),
    Capture("livre-d-or.png", "livre-d-or/roumics-2012/", ("figure.testimonial", ".propose")),
    Capture("article-sur-telephone.png", ARTICLE, width="phone"),
)
REFUSAL = "apercu-refus.png"
NAMES = (*(c.name for c in CAPTURES), REFUSAL)

# Document coordinates of the union of the last match of each selector, plus a margin.
UNION = """([selectors, margin]) => {
  const boxes = selectors.map((selector) => {
    const found = document.querySelectorAll(selector);
    if (!found.length) throw new Error(`nothing matches ${selector}`);
    return found[found.length - 1].getBoundingClientRect();
  });
  const left = Math.min(...boxes.map((b) => b.left)) - margin;
  const top = Math.min(...boxes.map((b) => b.top)) - margin + window.scrollY;
  const right = Math.max(...boxes.map((b) => b.right)) + margin;
  const bottom = Math.max(...boxes.map((b) => b.bottom)) + margin + window.scrollY;
  return {x: Math.max(0, left), y: Math.max(0, top), width: right - left, height: bottom - top};
}"""


def take_all(folder: Path, *, log: Callable[[str], None] = print) -> list[Path]:
    """Take every picture into `folder` (created); the files written, in CAPTURES order."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="captures-") as scratch:
        work = Path(scratch)
        output = build(CONTENT, work / "output", cache=work / "cache")
        with open_browser() as browser:
            with serve(output) as server:
                for capture in CAPTURES:
                    written.append(save(shoot(browser, server, capture), folder / capture.name))
                    log(describe(written[-1]))
            content = work / "content"
            shutil.copytree(CONTENT, content)
            written.append(save(shoot_refusal(browser, content, work), folder / REFUSAL))
            log(describe(written[-1]))
    return written


def build(content: Path, output: Path, *, cache: Path) -> Path:
    """The site of `content`, as `invoke build` makes it (in place: nothing serves it yet);
    no search index, which no picture shows."""
    extra = {"CACHE_PATH": str(cache), "SEARCH_INDEX": False}
    argv = build_argv(output=output, settings=SETTINGS, content=content, extra=extra)
    result = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"the build failed:\n{result.stdout}{result.stderr}")
    return output


def shoot(browser, server: SiteServer, capture: Capture) -> bytes:
    with new_context(browser, server, width=capture.width) as context:
        page = context.new_page()
        page.goto(server.url(capture.path), wait_until="load")
        if not capture.selectors:
            return page.screenshot(scale="css")
        clip = page.evaluate(UNION, [list(capture.selectors), MARGIN])
        return page.screenshot(clip=clip, full_page=True, scale="css")


def shoot_refusal(browser, content: Path, work: Path) -> bytes:
    """The preview's report over the article, once its date is written the French way."""
    source = content / ARTICLE_SOURCE
    text = source.read_text(encoding="utf-8")
    if GOOD_DATE not in text:
        raise RuntimeError(f"{ARTICLE_SOURCE} no longer has « {GOOD_DATE} »: update captures.py")
    with preview(content, work) as address:
        context = browser.new_context(viewport=REFUSAL_VIEWPORT, service_workers="block")
        try:
            context.route(lambda url: not url.startswith(address), lambda route: route.abort())
            page = context.new_page()
            page.goto(f"{address}/{ARTICLE}", wait_until="load")
            page.wait_for_timeout(300)  # the preview's event stream is open
            source.write_text(text.replace(GOOD_DATE, FRENCH_DATE, 1), encoding="utf-8")
            page.wait_for_selector("#apercu-refus", timeout=60_000)
            return page.screenshot(scale="css")
        finally:
            context.close()


@contextmanager
def preview(content: Path, work: Path) -> Iterator[str]:
    """`invoke livereload` on `content`, on a free port; its address, once it is ready."""
    port = _free_port()
    extra = {"SEARCH_INDEX": False, "CACHE_PATH": str(work / "preview-cache")}
    argv = [
        sys.executable,
        "-c",
        PREVIEW,
        str(work / "preview-output"),
        str(SETTINGS),
        str(content),
        str(port),
        json.dumps(extra),
    ]
    log = work / "preview.log"  # what the preview says, quoted if it never gets ready
    with log.open("wb") as sink:
        process = subprocess.Popen(argv, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT)
    address = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{address}/__apercu/pret", process, log)
        yield address
    finally:
        process.terminate()
        process.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    said = log.read_text(encoding="utf-8", errors="replace")[-3000:]
    raise RuntimeError(f"the preview never got ready at {url}:\n{said}")


def save(png: bytes, target: Path) -> Path:
    """An optimized PNG; reduced to 256 colours if it is still over MAX_BYTES."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    data = _png(image)
    if len(data) > MAX_BYTES:
        data = _png(image.quantize(colors=256, method=Image.Quantize.MEDIANCUT))
    target.write_bytes(data)
    return target


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def describe(path: Path) -> str:
    with Image.open(path) as image:
        width, height = image.size
    return f"{path}: {width} × {height}, {path.stat().st_size / 1000:.0f} KB"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args in (["-h"], ["--help"]):
        print(USAGE)
        return 0
    if len(args) > 1 or (args and args[0].startswith("-")):
        print(USAGE, file=sys.stderr)
        return 2
    take_all(Path(args[0]) if args else DEFAULT_FOLDER)
    return 0


if __name__ == "__main__":
    sys.exit(main())
