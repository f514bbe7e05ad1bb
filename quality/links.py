"""Every internal link and asset reference of a built site resolves.

A reader follows an href, a browser fetches a src, a feed reader opens an entry's
link: each must land on a file of the output and, with a #fragment, on an element
of that page with this id (footnotes, guestbook entries, headings); so must every
URL of a sitemap. Links to other sites are not followed (no network in CI); links
to the site's own public address (absolute links of a production build, feeds,
sitemaps) are checked like relative ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.etree
import lxml.html

from quality.pages import html_files, relative, url_path
from quality.server import file_for_path

# (element, attribute) a reader follows or a browser fetches.
HTML_REFERENCES = (
    ("a", "href"),
    ("area", "href"),
    ("link", "href"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("script", "src"),
    ("iframe", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("form", "action"),
    ("input", "src"),
)
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""")
LOCAL = "http://site.invalid"  # stands for the site's own origin while resolving
WEB_SCHEMES = ("http", "https", "webcal")  # webcal:// is a calendar subscription over http


@dataclass(frozen=True)
class BrokenLink:
    source: str  # file of the output, relative
    reference: str  # as written
    problem: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reference} — {self.problem}"


@dataclass
class LinkReport:
    checked: int = 0
    external: int = 0
    broken: list[BrokenLink] = field(default_factory=list)
    site_urls: list[str] = field(default_factory=list)


def check_links(output: Path, *, site_urls: Iterable[str] = ()) -> LinkReport:
    output = output.resolve()
    ids: dict[Path, set[str]] = {}
    references: list[tuple[Path, str, str]] = []  # (source file, base URL, reference)
    for file in html_files(output):
        document = lxml.html.fromstring(file.read_bytes())
        ids[file] = {el.get("id") for el in document.iter() if el.get("id")} | {
            a.get("name") for a in document.iter("a") if a.get("name")
        }
        base = LOCAL + url_path(relative(output, file))
        references += [(file, base, ref) for ref in _html_references(document)]
    for file in sorted(output.rglob("*.css")):
        base = LOCAL + "/" + relative(output, file)
        for match in CSS_URL.finditer(file.read_text(encoding="utf-8", errors="replace")):
            references.append((file, base, match.group(2) or match.group(4) or ""))
    xml = list(_xml_documents(output))
    feeds = [(file, root) for file, root in xml if _is_feed(root)]
    roots = _site_roots(site_urls, output, feeds)
    for file, root in xml:
        base = LOCAL + "/" + relative(output, file)
        references += [(file, base, ref) for ref in _xml_references(root)]

    report = LinkReport(site_urls=sorted(roots))
    for source, base, reference in references:
        problem = _resolve(output, ids, roots, source, base, reference, report)
        if problem:
            report.broken.append(BrokenLink(relative(output, source), reference, problem))
    return report


def _html_references(document) -> Iterable[str]:
    for tag, attribute in HTML_REFERENCES:
        for element in document.iter(tag):
            value = element.get(attribute)
            if value is None:
                continue
            if attribute == "srcset":
                yield from (part.split()[0] for part in value.split(",") if part.strip())
            else:
                yield value


def _xml_documents(output: Path) -> Iterable[tuple[Path, lxml.etree._Element]]:
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True)
    for file in sorted(output.rglob("*.xml")):
        try:
            yield file, lxml.etree.parse(str(file), parser).getroot()
        except lxml.etree.XMLSyntaxError:
            continue  # quality.feeds reports unreadable feeds


def _is_feed(root) -> bool:
    return root.tag in (f"{ATOM}feed", "rss")


def _xml_references(root) -> Iterable[str]:
    """Links of feeds (Atom <link href>, RSS <link>) and of sitemaps (<loc>)."""
    for loc in root.iter(f"{SITEMAP}loc"):
        if (loc.text or "").strip():
            yield loc.text.strip()
    for link in root.iter(f"{ATOM}link"):
        if link.get("href"):
            yield link.get("href")
    if root.tag == "rss":
        for path in ("channel/link", "channel/item/link", "channel/image/url"):
            for element in root.findall(path):
                if (element.text or "").strip():
                    yield element.text.strip()
        for enclosure in root.iter("enclosure"):
            if enclosure.get("url"):
                yield enclosure.get("url")


def _site_roots(site_urls: Iterable[str], output: Path, feeds) -> set[str]:
    """The site's own public addresses, scheme-less ("//host/prefix/").

    Given ones, plus what feeds say of themselves: a feed at feeds/all.atom.xml whose
    rel="self" is http://localhost:8000/feeds/all.atom.xml makes http://localhost:8000/
    the site's address.
    """
    roots = {_schemeless(url.rstrip("/") + "/") for url in site_urls}
    for file, root in feeds:
        where = relative(output, file)
        for link in root.iter(f"{ATOM}link"):
            href = link.get("href") or ""
            if link.get("rel") == "self" and href.endswith("/" + where):
                roots.add(_schemeless(href.removesuffix(where)))
    return {r for r in roots if r.startswith("//")}


def _schemeless(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme and parts.scheme not in WEB_SCHEMES:
        return url
    return "//" + parts.netloc + (parts.path or "/")


def _resolve(output, ids, roots, source, base, reference, report) -> str | None:
    reference = reference.strip()
    absolute = urljoin(base, reference)
    parts = urlsplit(absolute)
    if parts.scheme not in WEB_SCHEMES:
        return None  # mailto:, tel:, data:, javascript:
    if absolute.startswith(LOCAL + "/"):
        path = parts.path
    else:
        schemeless = _schemeless(absolute)
        root = next((r for r in roots if schemeless.startswith(r)), None)
        if root is None:
            report.external += 1
            return None
        path = "/" + schemeless.removeprefix(root)
    report.checked += 1
    if source.name == "404.html" and reference and not re.match(r"[a-z]+:|/|#", reference):
        return "relative link on the error page, which is served at any address: use /…"
    target = file_for_path(output, path)
    if target is None:
        return f"no file at {unquote(path)}"
    fragment = unquote(parts.fragment)
    if fragment and target in ids and fragment not in ids[target] and fragment != "top":
        return f"no element with id « {fragment} » in {url_path(relative(output, target))}"
    return None
