"""Which pages of a built site stand for each page type.

Browser checks are too slow to run on every page, and every page of a type comes
from the same template: one page per type is enough, picked from the output by
where the build writes it. The types are not listed here: they are read from what
already says where each template's pages go, so that a new content type or a
changed address setting moves the checks with it:

- Pelican's settings: `ARTICLE_SAVE_AS` (and its translations), `PAGE_SAVE_AS`,
  `CATEGORY_SAVE_AS`, `TAG_SAVE_AS`, `AUTHOR_SAVE_AS`, each of `DIRECT_TEMPLATES`
  with its `<NAME>_SAVE_AS` (default `<name>.html`), the period archives, and
  `PAGINATION_PATTERNS` for pages 2+ of the listings in `PAGINATED_TEMPLATES`;
- the content model (content_types/*.toml, `CONTENT_MODEL_TYPES`): each collection's
  items, index and `[[routing.groups]]` pages, as plugins.content_collections reads them;
- our plugins that write pages, through their own options (defaults included):
  the letter (plugins.newsletter) and the search page (plugins.site_search).

Each type is named after the template that renders it ("article", "index", "event",
"projects_group"…), and each address format becomes a pattern (`{slug}` → one folder
name, `{date:%Y}` → four digits, `{number}` → digits). The first pattern that matches
a page names its type: a literal address before any pattern, then the longer literal
prefix, the fewer free placeholders, the more literal characters, so that
`{slug}/index.html` (pages) never takes `evenements/index.html` and a listing's page 2+
is not taken for the listing. A type with no page yet (a collection not built, no second
listing page) is simply absent, and a page that matches no pattern still gets checked,
as "other /<folder>/". `python -m quality OUTPUT --list-pages` shows them all.
"""

from __future__ import annotations

import os
import posixpath
import re
import string
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from pelican.settings import read_settings

from plugins.content_collections.config import read_collections
from plugins.newsletter.options import read_options as letter_options
from plugins.site_search.options import read_options as search_options
from plugins.web_editor import DEFAULTS as WEB_EDITOR_DEFAULTS

ROOT = Path(__file__).resolve().parent.parent
# The settings `python -m quality` reads unless told otherwise: those of `invoke build`.
DEFAULT_SETTINGS = ROOT / "pelicanconf.py"

# The web editor (plugins.web_editor, in WEB_EDITOR_PATH's default folder): Decap CMS's page for
# volunteers who edit the site, made of Decap's markup and scripts, not of our templates. It is
# not a reader's page, so no site check reads it; tests/test_web_editor_browser.py tests it.
EDITOR_FOLDER = WEB_EDITOR_DEFAULTS["WEB_EDITOR_PATH"].strip("/") + "/"

# Pelican's own templates for its own pages (pelican/contents.py, pelican/generators.py).
CONTENTS = (
    ("article", "ARTICLE_SAVE_AS"),
    ("article", "ARTICLE_LANG_SAVE_AS"),  # translations
    ("page", "PAGE_SAVE_AS"),
    ("page", "PAGE_LANG_SAVE_AS"),
)
TAXONOMIES = (
    ("category", "CATEGORY_SAVE_AS"),
    ("tag", "TAG_SAVE_AS"),
    ("author", "AUTHOR_SAVE_AS"),
)
PERIOD_ARCHIVES = "period_archives"  # YEAR_, MONTH_, DAY_ARCHIVE_SAVE_AS ("" here: none)
PERIODS = ("YEAR_ARCHIVE_SAVE_AS", "MONTH_ARCHIVE_SAVE_AS", "DAY_ARCHIVE_SAVE_AS")
DRAFTS = ("DRAFT_SAVE_AS", "DRAFT_LANG_SAVE_AS", "DRAFT_PAGE_SAVE_AS", "DRAFT_PAGE_LANG_SAVE_AS")
# The templates our plugins render their pages with (their generators' get_template calls).
LETTER, LETTER_ISSUE, SEARCH = "letter", "letter_issue", "search"

FREE = r"[^/]+"  # a placeholder: one folder or file name (a slug, a value, an id)
# strftime directives with a fixed number of digits; any other (%B, %a…) is a free name.
_DIGITS = {"Y": 4, "G": 4, "y": 2, "m": 2, "d": 2, "H": 2, "I": 2, "M": 2, "S": 2, "j": 3}
_DIGITS |= {"U": 2, "W": 2, "V": 2, "u": 1, "w": 1, "f": 6}
_FORMATTER = string.Formatter()


@dataclass(frozen=True)
class PageType:
    name: str  # the template that renders its pages
    save_as: str  # the address format its pages are written at: "{date:%Y}/{slug}/index.html"
    source: str  # where that format comes from: "ARTICLE_SAVE_AS", "content_types: events …"
    pattern: str = field(init=False)  # full match on the path relative to the output, "/"

    def __post_init__(self) -> None:
        object.__setattr__(self, "pattern", save_as_pattern(self.save_as).pattern)

    def matches(self, relative: str) -> bool:
        return re.fullmatch(self.pattern, relative) is not None

    def specificity(self) -> tuple[int, ...]:
        """Sort key, most specific first; ties keep the order the types were declared in.

        A literal address first (two literals never overlap), then the longer literal prefix,
        the fewer placeholders standing for any name, the more literal characters, the more
        placeholders with a shape (`{number}`, `{date:%Y}`)."""
        shape = save_as_pattern(self.save_as)
        if not shape.free and not shape.shaped:
            return (0,)
        return (1, -shape.prefix, shape.free, -shape.literal, -shape.shaped)


@dataclass(frozen=True)
class PageTypes:
    """A site's page types, most specific first, and the paths that are never public."""

    types: tuple[PageType, ...]
    names: tuple[str, ...]  # each type's name once, in the order they were declared in
    not_public: re.Pattern[str]  # written by the build, never shown: drafts, the theme's files

    def kind_of(self, relative_path: str) -> str:
        for page_type in self.types:
            if page_type.matches(relative_path):
                return page_type.name
        return f"other /{relative_path.split('/')[0]}/"


@dataclass(frozen=True)
class PickedPage:
    kind: str
    file: Path  # absolute path of the HTML file
    url_path: str  # how a browser asks for it: "/2013/slug/", "/404.html"


SettingsLike = PageTypes | Mapping[str, Any] | str | os.PathLike[str] | None


def page_types(settings: SettingsLike = None) -> PageTypes:
    """The page types of the site built with `settings`: a settings file (default: the
    project's pelicanconf.py, read once), settings already read, or page types already made."""
    if isinstance(settings, PageTypes):
        return settings
    if isinstance(settings, Mapping):
        return derive(settings)
    return _from_file(str(Path(settings or DEFAULT_SETTINGS).resolve()))


@lru_cache(maxsize=8)
def _from_file(path: str) -> PageTypes:
    return derive(read_settings(path))


def derive(settings: Mapping[str, Any]) -> PageTypes:
    """Page types from Pelican's settings, the content model and our plugins' options."""
    declared = [*_pelican(settings), *_collections(settings), *_plugins(settings)]
    ranked = sorted(enumerate(declared), key=lambda pair: (*pair[1].specificity(), pair[0]))
    names = tuple(dict.fromkeys(t.name for t in declared))
    return PageTypes(tuple(t for _, t in ranked), names, _not_public(settings))


def _pelican(settings: Mapping[str, Any]) -> Iterator[PageType]:
    """Pelican's pages, as its generators write them (pelican/generators.py)."""
    for name in settings.get("DIRECT_TEMPLATES", ()):
        setting = f"{name.upper()}_SAVE_AS"  # INDEX_SAVE_AS: "index.html" by Pelican's default
        yield from _listing(name, settings.get(setting, f"{name}.html"), setting, settings)
    for template, setting in CONTENTS:
        if settings.get(setting):
            yield PageType(template, settings[setting], setting)
    for name, setting in TAXONOMIES:
        yield from _listing(name, settings.get(setting, ""), setting, settings)
    for setting in PERIODS:
        yield from _listing(PERIOD_ARCHIVES, settings.get(setting, ""), setting, settings)


def _listing(
    template: str, save_as: str, setting: str, settings: Mapping[str, Any]
) -> Iterator[PageType]:
    """A listing's first page and, if Pelican paginates its template, its later pages."""
    if not save_as:
        return  # an empty save_as: Pelican writes no page
    yield PageType(template, save_as, setting)
    if template in (settings.get("PAGINATED_TEMPLATES") or {}):
        for min_page, _url, later in settings.get("PAGINATION_PATTERNS", ()):
            if min_page != 1:  # 2, 3…; -1: the last page
                later = paginated_save_as(save_as, later)
                yield PageType(f"{template} page 2+", later, "PAGINATION_PATTERNS")


def _collections(settings: Mapping[str, Any]) -> Iterator[PageType]:
    """Each collection's item, index and group pages (plugins.content_collections)."""
    if not _enabled(settings, "plugins.content_collections"):
        return
    for ctype in read_collections(dict(settings)):
        source = f"content_types: {ctype.name}"
        if ctype.save_as:  # the guestbook has no page per testimonial
            yield PageType(ctype.template, ctype.save_as, f"{source} [routing] save_as")
        yield PageType(ctype.index_template, ctype.index_save_as, f"{source} [routing] index")
        for grouping in ctype.groups:
            yield PageType(grouping.template, grouping.save_as, f"{source} [[routing.groups]]")


def _plugins(settings: Mapping[str, Any]) -> Iterator[PageType]:
    """The pages our other plugins write, where their options (and defaults) say."""
    if _enabled(settings, "plugins.newsletter"):
        letter = letter_options(dict(settings))
        if letter.path:  # NEWSLETTER_PATH "": no letter
            yield PageType(LETTER, letter.save_as, "NEWSLETTER_SAVE_AS")
            yield PageType(LETTER_ISSUE, letter.issue_save_as, "NEWSLETTER_ISSUE_SAVE_AS")
    if _enabled(settings, "plugins.site_search"):
        search = search_options(dict(settings))
        if search.enabled and search.page_save_as:
            yield PageType(SEARCH, search.page_save_as, "SEARCH_PAGE_SAVE_AS")


def _enabled(settings: Mapping[str, Any], plugin: str) -> bool:
    return any(getattr(p, "__name__", p) == plugin for p in settings.get("PLUGINS") or ())


def _not_public(settings: Mapping[str, Any]) -> re.Pattern[str]:
    """Drafts (Pelican's DRAFT_*_SAVE_AS: production writes none) and the theme's files."""
    patterns = [save_as_pattern(settings[name]).pattern for name in DRAFTS if settings.get(name)]
    theme = str(settings.get("THEME_STATIC_DIR") or "").strip("/")
    if theme:
        patterns.append(re.escape(theme) + "/.*")
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)")


def paginated_save_as(save_as: str, pagination: str) -> str:
    """The address format of a listing's later pages, as Pelican's paginator fills a
    PAGINATION_PATTERNS save_as (pelican/paginator.py): {save_as}, {name}, {base_name},
    {extension} from the listing's own format; {number} stays a placeholder."""
    name, extension = posixpath.splitext(save_as)
    folder, file = posixpath.split(save_as)
    values = {
        "save_as": save_as,
        "name": name,
        "base_name": folder if file in ("index.htm", "index.html") else name,
        "extension": _escape_braces(extension),
    }
    filled = ""
    for text, field_name, spec, conversion in _FORMATTER.parse(pagination):
        filled += _escape_braces(text)
        if field_name is None:
            continue
        if field_name in values:
            filled += values[field_name]
        else:
            filled += "{" + field_name + (f"!{conversion}" if conversion else "")
            filled += (f":{spec}" if spec else "") + "}"
    return filled.removeprefix("/")  # Pelican removes one leading slash


def _escape_braces(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


class Shape(NamedTuple):
    pattern: str  # the regular expression
    free: int  # placeholders that stand for any name: {slug}, {value}, {id}…
    shaped: int  # placeholders with a shape: {number}, {date:%Y}
    prefix: int  # characters before the first placeholder
    literal: int  # characters outside the placeholders


@lru_cache(maxsize=256)
def save_as_pattern(save_as: str) -> Shape:
    """A save_as format as a regular expression: literal parts escaped, `{date:…}` by its
    strftime directives, `{number}` as digits, any other `{name}` as one folder or file name."""
    pattern, free, shaped, texts = "", 0, 0, []
    for text, field_name, spec, _conversion in _FORMATTER.parse(save_as.removeprefix("/")):
        pattern += re.escape(text)
        texts.append(text)
        if field_name is None:
            continue
        root = re.split(r"[.\[]", field_name, maxsplit=1)[0]
        if root == "number":
            pattern += r"\d+"
            shaped += 1
        elif root == "date" and spec:
            pattern += _strftime_pattern(spec)
            shaped += 1
        else:
            pattern += FREE
            free += 1
    return Shape(pattern, free, shaped, len(texts[0]) if texts else 0, sum(map(len, texts)))


def _strftime_pattern(spec: str) -> str:
    pattern, rest = "", spec
    while rest:
        found = re.match(r"%(-?)(.)", rest)
        if not found:
            pattern += re.escape(rest[0])
            rest = rest[1:]
            continue
        unpadded, directive = found.groups()
        if directive == "%":
            pattern += "%"
        elif directive in _DIGITS:
            digits = _DIGITS[directive]
            pattern += rf"\d{{1,{digits}}}" if unpadded else rf"\d{{{digits}}}"
        else:
            pattern += FREE  # a month or day name, a time zone…
        rest = rest[found.end() :]
    return pattern


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


def kind_of(relative_path: str, settings: SettingsLike = None) -> str:
    """The page type of an output path (`settings`: see page_types)."""
    return page_types(settings).kind_of(relative_path)


def pick_pages(output: Path, settings: SettingsLike = None) -> list[PickedPage]:
    """One page per type present in `output`: the largest, which has the most to check.

    For articles this makes the weight budget a bound on every article. `settings`: the
    settings the site was built with (see page_types; default: the project's pelicanconf.py).
    """
    types = page_types(settings)
    candidates: dict[str, list[Path]] = {}
    for file in html_files(output):
        rel = relative(output, file)
        if types.not_public.fullmatch(rel):
            continue
        candidates.setdefault(types.kind_of(rel), []).append(file)
    order = {name: i for i, name in enumerate(types.names)}
    picked = []
    for kind in sorted(candidates, key=lambda k: (order.get(k, len(order)), k)):
        file = max(candidates[kind], key=lambda p: (p.stat().st_size, str(p)))
        picked.append(PickedPage(kind, file, url_path(relative(output, file))))
    return picked


def missing_types(picked: Iterable[PickedPage], settings: SettingsLike = None) -> list[str]:
    """The page types of the settings that no picked page stands for (not built yet)."""
    present = {p.kind for p in picked}
    return [name for name in page_types(settings).names if name not in present]


def __getattr__(name: str) -> Any:
    """`PAGE_TYPES` and `NOT_PUBLIC`: the project's (pelicanconf.py), read when first asked."""
    if name == "PAGE_TYPES":
        return page_types().types
    if name == "NOT_PUBLIC":
        return page_types().not_public
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
