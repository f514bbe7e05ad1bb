"""Which pages of a built site stand for each page type.

Browser checks are too slow to run on every page, and every page of a type comes
from the same template: one page per type is enough, picked from the output by
URL pattern. A type with no page yet (a collection not built, no second listing
page) is simply absent, so a new section is covered as soon as it is built. A page
that matches no pattern still gets checked, as "other /<folder>/", until someone
names its type here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PageType:
    name: str
    pattern: str  # full match on the path relative to the output, "/" separated

    def matches(self, relative: str) -> bool:
        return re.fullmatch(self.pattern, relative) is not None


# Order matters: the first pattern that matches names the type.
PAGE_TYPES: tuple[PageType, ...] = (
    PageType("home", r"index\.html"),
    PageType("listing page 2+", r"(?:.+/)?page/\d+/index\.html"),
    PageType("article", r"\d{4}/[^/]+/index\.html"),
    PageType("licence", r"licence/index\.html"),
    PageType("category", r"categories/[^/]+/index\.html"),
    PageType("categories", r"categories/index\.html"),
    PageType("tag", r"mots-cles/[^/]+/index\.html"),
    PageType("tags", r"mots-cles/index\.html"),
    PageType("author", r"auteurs/[^/]+/index\.html"),
    PageType("authors", r"auteurs/index\.html"),
    PageType("archives", r"archives/index\.html"),
    PageType("404", r"404\.html"),
    PageType("guestbook", r"livre-d-or/index\.html"),
    PageType("guestbook event", r"livre-d-or/[^/]+/index\.html"),
    PageType("events", r"evenements/index\.html"),
    PageType("event", r"evenements/[^/]+/index\.html"),
    PageType("project directory", r"projets/index\.html"),
    PageType("project group", r"projets/[^/]+/[^/]+/index\.html"),
    PageType("project", r"projets/[^/]+/index\.html"),
    PageType("search", r"recherche/index\.html"),
    PageType("letter", r"lettre/index\.html"),
    PageType("letter issue", r"lettre/[^/]+/index\.html"),
    # Pages come last: any other one-folder address is a page (/qui-sommes-nous/).
    PageType("page", r"[^/]+/index\.html"),
)

# Written by the build but never shown to the public: checked for validity and links only.
NOT_PUBLIC = re.compile(r"brouillons/|theme/")
# The web editor (plugins.web_editor, in WEB_EDITOR_PATH's default folder): Decap CMS's page for
# volunteers who edit the site, made of Decap's markup and scripts, not of our templates. It is
# not a reader's page, so no site check reads it; tests/test_web_editor_browser.py tests it.
EDITOR_FOLDER = "admin/"


@dataclass(frozen=True)
class PickedPage:
    kind: str
    file: Path  # absolute path of the HTML file
    url_path: str  # how a browser asks for it: "/2013/slug/", "/404.html"


def html_files(output: Path) -> list[Path]:
    """The site's HTML pages, without the web editor's."""
    return sorted(p for p in output.rglob("*.html") if p.is_file() and not in_editor(output, p))


def in_editor(output: Path, file: Path) -> bool:
    return relative(output, file).startswith(EDITOR_FOLDER)


def relative(output: Path, file: Path) -> str:
    return file.relative_to(output).as_posix()


def url_path(relative_path: str) -> str:
    """The address a server gives a file: folders end with "/" instead of index.html."""
    if relative_path == "index.html":
        return "/"
    if relative_path.endswith("/index.html"):
        return "/" + relative_path.removesuffix("index.html")
    return "/" + relative_path


def kind_of(relative_path: str) -> str:
    for page_type in PAGE_TYPES:
        if page_type.matches(relative_path):
            return page_type.name
    return f"other /{relative_path.split('/')[0]}/"


def pick_pages(output: Path) -> list[PickedPage]:
    """One page per type present in `output`: the largest, which has the most to check.

    For articles this makes the weight budget a bound on every article.
    """
    candidates: dict[str, list[Path]] = {}
    for file in html_files(output):
        rel = relative(output, file)
        if NOT_PUBLIC.match(rel):
            continue
        candidates.setdefault(kind_of(rel), []).append(file)
    order = {t.name: i for i, t in enumerate(PAGE_TYPES)}
    picked = []
    for kind in sorted(candidates, key=lambda k: (order.get(k, len(order)), k)):
        file = max(candidates[kind], key=lambda p: (p.stat().st_size, str(p)))
        picked.append(PickedPage(kind, file, url_path(relative(output, file))))
    return picked


def missing_types(picked: list[PickedPage]) -> list[str]:
    present = {p.kind for p in picked}
    return [t.name for t in PAGE_TYPES if t.name not in present]
