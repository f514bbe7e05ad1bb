"""`invoke serve` (catalyst/tools/serve.py): the built site over HTTP, with its 404 page.

The real site is served from a thread on an ephemeral port and read with urllib as a
browser would: the home page, a missing page (status 404, the body is the site's
404.html), the feeds and Pagefind's files with their content types, a folder without
index.html (404, never a listing). A tiny folder covers the rest: the content types
of every kind of file, the French text when 404.html is missing, a port already taken.
"""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from bs4 import BeautifulSoup

from catalyst.tools.serve import ServeError, serving
from conftest import write_files

OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # this machine, directly


def get(url: str, method: str = "GET") -> tuple[int, str, bytes]:
    """Status, content type and body of one request; a 404 is an answer, not an error."""
    try:
        with OPENER.open(urllib.request.Request(url, method=method), timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers["Content-Type"], error.read()


def test_the_site_is_served_and_a_missing_page_is_its_404_page(site):
    not_found = BeautifulSoup((site.output / "404.html").read_bytes(), "lxml")
    assert not_found.title and not_found.h1  # what the reader sees: the site's 404 page
    with serving(site.output, 0) as port:
        base = f"http://127.0.0.1:{port}"
        status, kind, body = get(base + "/")
        assert (status, kind) == (200, "text/html; charset=utf-8")
        assert BeautifulSoup(body, "lxml").title.get_text() == site.html("/").title.get_text()

        status, kind, body = get(base + "/2013/une-page-qui-n-existe-pas/")
        assert (status, kind) == (404, "text/html; charset=utf-8")
        page = BeautifulSoup(body, "lxml")
        assert page.title.get_text() == not_found.title.get_text()
        assert page.h1.get_text(strip=True) == not_found.h1.get_text(strip=True)
        assert body == (site.output / "404.html").read_bytes()

        assert get(base + "/une-page-qui-n-existe-pas", "HEAD")[:2] == (404, kind)
        assert get(f"http://localhost:{port}/")[0] == 200  # `localhost` too

        status, kind, _ = get(base + "/feeds/all.atom.xml")
        assert (status, kind) == (200, "application/atom+xml; charset=utf-8")
        status, kind, _ = get(base + "/feeds/all.rss.xml")
        assert (status, kind) == (200, "application/rss+xml; charset=utf-8")
        assert get(base + "/sitemap.xml")[:2] == (200, "application/xml; charset=utf-8")

        pagefind = sorted((site.output / "pagefind").glob("*.pf_meta"))
        assert pagefind, "the site has no search index"
        status, kind, body = get(f"{base}/pagefind/{pagefind[0].name}")
        assert (status, kind, body) == (200, "application/octet-stream", pagefind[0].read_bytes())

        feeds = site.output / "feeds"
        assert not (feeds / "index.html").exists()
        status, kind, body = get(base + "/feeds/")
        assert status == 404  # a folder without index.html: no listing of its files
        assert b"Directory listing" not in body
        assert body == (site.output / "404.html").read_bytes()


def test_every_kind_of_file_has_its_content_type(tmp_path):
    kinds = {
        "index.html": "text/html; charset=utf-8",
        "sitemap.xml": "application/xml; charset=utf-8",
        "feeds/a.atom.xml": "application/atom+xml; charset=utf-8",
        "feeds/a.rss.xml": "application/rss+xml; charset=utf-8",
        "agenda/evenement.ics": "text/calendar; charset=utf-8",
        "images/photo.avif": "image/avif",
        "images/photo.webp": "image/webp",
        "images/photo.jpg": "image/jpeg",
        "theme/favicon.svg": "image/svg+xml",
        "theme/css/site.css": "text/css; charset=utf-8",
        "pagefind/pagefind.js": "text/javascript; charset=utf-8",
        "pagefind/pagefind-entry.json": "application/json",
        "pagefind/pagefind.wasm": "application/wasm",
        "pagefind/wasm.fr.pagefind": "application/octet-stream",
        "pagefind/pagefind.fr_1.pf_meta": "application/octet-stream",
        "pagefind/index/fr_1.pf_index": "application/octet-stream",
        "pagefind/fragment/fr_1.pf_fragment": "application/octet-stream",
        "pagefind/filter/fr_1.pf_filter": "application/octet-stream",
        "admin/config.yml": "text/yaml; charset=utf-8",
    }
    output = write_files(tmp_path / "output", dict.fromkeys(kinds, b"x"))
    with serving(output, 0) as port:
        served = {name: get(f"http://127.0.0.1:{port}/{name}")[:2] for name in kinds}
    assert served == {name: (200, kind) for name, kind in kinds.items()}


def test_without_404_html_a_missing_page_is_a_french_text(tmp_path):
    output = write_files(tmp_path / "output", {"index.html": "<!DOCTYPE html><title>A</title>"})
    with serving(output, 0) as port:
        assert get(f"http://127.0.0.1:{port}/")[0] == 200
        status, kind, body = get(f"http://127.0.0.1:{port}/absente/")
    assert (status, kind) == (404, "text/plain; charset=utf-8")
    assert body.decode().startswith("Page introuvable\u00a0: rien n’est publié à cette adresse.")


def test_a_port_already_taken_is_said_in_french(tmp_path):
    output = write_files(tmp_path / "output", {"index.html": "<!DOCTYPE html><title>A</title>"})
    with (
        serving(output, 0) as port,
        pytest.raises(ServeError) as refused,
        serving(output, port, retry="invoke serve"),
    ):
        pass
    assert str(refused.value).startswith(f"Le port {port} est déjà pris")
    assert f"«\u202finvoke serve --port {port + 1}\u202f»" in str(refused.value)


def test_nothing_to_serve_says_to_build_first(tmp_path):
    with pytest.raises(ServeError, match="invoke build"), serving(tmp_path / "output", 0):
        pass
