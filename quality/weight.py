"""What loading a page costs a reader: hosts contacted, bytes before the first image, the image.

Every request the browser makes is recorded while the page loads (and scrolls, for
lazy content). A request to any other host tells that host who reads what: there
must be none. The weight is what must arrive before the page can be read — the
HTML, stylesheets, scripts and fonts, each gzipped as a web server would (level 6,
Apache's default) — images and media excluded. Then the first image a phone
loads, in bytes: a photo resized for the screen, not the one the phone took.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from quality.server import SiteServer

BEFORE_IMAGES = ("document", "stylesheet", "script", "font")
GZIP_LEVEL = 6
ARTICLE_BUDGET = 30_000  # bytes, gzipped: an article reads on a slow phone connection
BUDGETS = {"article": ARTICLE_BUDGET}
IMAGE_BUDGET = 100_000  # bytes: the first image a phone loads (375 px wide, 2 pixels per px)


@dataclass(frozen=True)
class Request:
    url: str
    resource_type: str


@dataclass(frozen=True)
class Weight:
    raw: int
    gzipped: int
    files: int


def outside_requests(requests: Iterable[Request], *, allowed_origins: Iterable[str]) -> list[str]:
    """Requests to any origin but the site's (data: and blob: URLs stay in the page)."""
    allowed = {_origin(o) for o in allowed_origins}
    return sorted(
        {
            r.url
            for r in requests
            if urlsplit(r.url).scheme not in ("data", "blob", "about")
            and _origin(r.url) not in allowed
        }
    )


def weigh(requests: Iterable[Request], server: SiteServer) -> Weight:
    """Bytes of what the page needs before images, gzipped one response at a time."""
    seen: set[str] = set()
    raw = gzipped = files = 0
    for request in requests:
        if request.resource_type not in BEFORE_IMAGES or request.url in seen:
            continue
        seen.add(request.url)
        file = server.file_for(request.url)
        if file is None:
            continue  # not ours (counted as outside) or missing (a broken link)
        data = file.read_bytes()
        raw += len(data)
        gzipped += len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))
        files += 1
    return Weight(raw, gzipped, files)


def first_image(requests: Iterable[Request], server: SiteServer) -> tuple[str, int] | None:
    """(path, bytes) of the first image of the page's own that the browser fetched."""
    for request in requests:
        if request.resource_type != "image":
            continue
        file = server.file_for(request.url)
        path = urlsplit(request.url).path
        if file is not None and not path.startswith("/theme/"):  # the favicon, the logo
            return path, file.stat().st_size
    return None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()
