"""Search in French, static and private: what a reader types, and what they find.

The real site and a small one are built with their Pagefind index, served on
127.0.0.1 and searched in Debian's Chromium, through the real field: French
stemming and accents, filters, a testimonial found by its author as a result
of its own (at its anchor), a word only in a footnote, a misspelt word offered
its correction (« Vouliez-vous dire »), excerpts that are sentences, one search
field on the search page, nothing requested from another host, and no search
code on the other pages. Without JavaScript the search page says so and offers
the archives.
"""

from __future__ import annotations

import gzip
import json

import pytest
from cases.corpus import article

from quality.browser import new_context, open_browser
from quality.server import serve
from quality.weight import ARTICLE_BUDGET

pytestmark = pytest.mark.browser

LISTINGS = (
    "index.html", "archives/", "categories/", "mots-cles/", "auteurs/", "lettre/", "recherche/",
    "evenements/index.html", "projets/index.html", "livre-d-or/index.html",
)  # fmt: skip


RESULTS = "#recherche-resultats a"
EXCERPTS = "#recherche-resultats p"
SUGGESTION = "#recherche-suggestion"


@pytest.fixture(scope="module")
def browser():
    with open_browser() as opened:
        yield opened


def search(browser, output, query: str, *, kind: str = "", start: str = "") -> dict:
    """Type `query` in the search page's field (or the header's, from `start`); what shows."""
    with serve(output) as server, new_context(browser, server, width="desktop") as context:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        if start:
            page.goto(server.url(start))
            page.fill("#recherche-site", query)
            page.press("#recherche-site", "Enter")
        else:
            page.goto(server.url("recherche/"))
            if kind:  # before the words: one query, never the unfiltered one's results
                page.select_option("#recherche-type", kind)
            page.fill("#recherche-terme", query)
        page.wait_for_function(
            "document.getElementById('recherche-etat').textContent.includes('»')"
        )
        return {
            "status": page.inner_text("#recherche-etat"),
            "links": [a.get_attribute("href") for a in page.query_selector_all(RESULTS)],
            "excerpts": [p.inner_text() for p in page.query_selector_all(EXCERPTS)],
            "requests": requests,
            "base": server.base_url,
        }


def test_the_index_holds_every_content_page_and_no_listing(site):
    entry = json.loads((site.output / "pagefind" / "pagefind-entry.json").read_text())
    marked = [p for p in site.output.rglob("*.html") if "data-pagefind-body" in p.read_text()]
    assert entry["languages"]["fr"]["page_count"] == len(marked) == 17
    shown = [p.relative_to(site.output).as_posix() for p in marked]
    assert not [p for p in shown if p.startswith(LISTINGS) or p == "index.html"]


def test_a_french_word_finds_the_pages_that_use_it_and_a_filter_narrows(browser, site):
    found = search(browser, site.output, "associations")
    assert "/l-association/" in found["links"]
    assert any(link.startswith("/projets/") for link in found["links"])
    projects = search(browser, site.output, "associations", kind="projet")
    assert projects["links"] and all(link.startswith("/projets/") for link in projects["links"])
    assert len(projects["links"]) < len(found["links"])
    assert projects["status"].endswith("pour «\u202fassociations\u202f»")


def test_a_testimonial_is_found_by_its_author_and_a_footnote_word_too(browser, site):
    assert search(browser, site.output, "Kerourien")["links"] == ["/2013/territoires-en-reseaux/"]


def test_a_testimonial_is_a_result_of_its_own_at_its_anchor(browser, site):
    found = search(browser, site.output, "Antonin Leonard")
    assert found["links"] == ["/livre-d-or/roumics-2012/#antonin-leonard"]  # not its whole book
    assert found["status"].startswith("1\u00a0résultat ")
    book = (site.output / "livre-d-or" / "roumics-2012" / "index.html").read_text()
    assert 'id="antonin-leonard"' in book
    with serve(site.output) as server, new_context(browser, server, width="phone") as context:
        page = context.new_page()
        page.goto(server.url("recherche/?q=Babyloan"))
        page.click(RESULTS)
        page.wait_for_url("**/livre-d-or/roumics-2012/#arnaud-poissonnier")
        assert "Babyloan" in page.inner_text("#arnaud-poissonnier")


def test_excerpts_are_sentences_without_a_label_glued_to_them(browser, site):
    testimonial = search(browser, site.output, "Babyloan")["excerpts"]
    assert testimonial and testimonial[0].endswith("Babyloan")  # not « BabyloanLien vers… »
    projects = search(browser, site.output, "ecloserie")["excerpts"]
    assert projects and not [e for e in projects + testimonial if "Lien vers le" in e]
    assert not [e for e in projects if "ProgrammeÉcloserie" in e or "Statuten" in e]


def test_a_misspelt_word_is_offered_the_nearest_indexed_word(browser, site):
    with serve(site.output) as server, new_context(browser, server, width="desktop") as context:
        page = context.new_page()
        page.goto(server.url("recherche/"))
        page.fill("#recherche-terme", "asociations")  # Pagefind alone finds only « à », « a »
        page.wait_for_selector(f"{SUGGESTION} a", timeout=10_000)
        assert page.inner_text(SUGGESTION) == "Vouliez-vous dire\u00a0: associations\u202f?"
        page.click(f"{SUGGESTION} a")
        page.wait_for_function(
            "document.getElementById('recherche-etat').textContent.includes('associations\u202f»')"
        )
        links = [a.get_attribute("href") for a in page.query_selector_all(RESULTS)]
        assert page.input_value("#recherche-terme") == "associations"
        assert "q=associations" in page.url
        assert page.is_hidden(SUGGESTION)  # the right word is found: nothing more to suggest
    assert "/l-association/" in links
    unknown = search(browser, site.output, "xqzwvk")  # no word near enough: no suggestion
    assert unknown["links"] == [] and unknown["status"].startswith("Aucun résultat")


def test_the_search_page_shows_one_search_field(browser, site):
    with serve(site.output) as server, new_context(browser, server, width="desktop") as context:
        page = context.new_page()
        page.goto(server.url("recherche/"))
        assert len(page.query_selector_all("input[type=search]")) == 1
        page.goto(server.url("2013/territoires-en-reseaux/"))
        assert len(page.query_selector_all("input[type=search]")) == 1  # the header's


def test_the_indexed_words_are_a_small_list_made_from_the_index(site):
    data = (site.output / "pagefind" / "mots.txt.gz").read_bytes()
    words = gzip.decompress(data).decode("utf-8").split("\n")
    assert "associations" in words and "écloserie" in words and "kerourien" in words
    assert all(len(word) >= 3 and word.isalpha() for word in words)
    assert len(data) < ARTICLE_BUDGET / 2  # fetched only when a query finds nothing


def test_the_header_field_of_any_page_leads_to_the_results(browser, site):
    found = search(browser, site.output, "ecloserie", start="2013/territoires-en-reseaux/")
    assert found["links"][0] == "/projets/ecloserie-des-arts/"  # accents folded
    assert all(url.startswith(found["base"]) for url in found["requests"])  # nothing elsewhere


def test_search_code_loads_only_on_the_search_page(browser, site):
    with serve(site.output) as server, new_context(browser, server, width="phone") as context:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(server.url("2013/territoires-en-reseaux/"))
        page.wait_for_load_state("networkidle")
    assert not [url for url in requests if "pagefind" in url or url.endswith(".js")]


def test_without_javascript_the_search_page_offers_the_archives(browser, site):
    with (
        serve(site.output) as server,
        new_context(browser, server, width="phone", javascript=False) as context,
    ):
        page = context.new_page()
        page.goto(server.url("recherche/?q=communs"))
        text = page.inner_text("main")
        links = [a.get_attribute("href") for a in page.query_selector_all("main a")]
    assert "La recherche a besoin de JavaScript" in text
    assert "/archives/" in links and "/categories/" in links


STEMMING = {
    "articles/2024/velo.md": article(title="À vélo dans Lille", body="Le vélo en ville."),
    "articles/2024/jardin.md": article(title="Un jardin", body="Notre jardin partagé fleurit."),
    "pages/asso.md": "Title: Notre association\n\nUne association de quartier.\n",
}


@pytest.fixture(scope="module")
def stemmed(tmp_path_factory):
    from conftest import build_site, write_files

    root = tmp_path_factory.mktemp("stemming")
    build = build_site(write_files(root / "content", STEMMING), root / "output")
    assert build.returncode == 0, build.log
    return build


@pytest.mark.parametrize(("query", "expected"), [
    ("velo", "/2024/velo/"),
    ("jardins partagés", "/2024/jardin/"),
    ("associations", "/asso/"),
])  # fmt: skip
def test_french_stemming_and_accents(browser, stemmed, query, expected):
    assert expected in search(browser, stemmed.output, query)["links"]


def test_a_draft_previewed_locally_is_never_indexed(browser, tmp_path):
    from conftest import build_site, write_files

    files = {**STEMMING, "articles/2024/secret.md": article("Status: draft", body="Zorglub.")}
    build = build_site(write_files(tmp_path / "content", files), tmp_path / "output")
    assert build.returncode == 0, build.log
    assert build.exists("brouillons/secret/")  # previewed locally…
    entry = json.loads((build.output / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["fr"]["page_count"] == len(STEMMING)
    assert search(browser, build.output, "Zorglub")["links"] == []  # …but never found


def test_words_typed_while_the_search_loads_are_searched_when_it_is_ready(browser, stemmed):
    import time

    def slowly(route):
        time.sleep(1.0)  # a slow connection: the reader types before the index is ready
        route.continue_()

    with serve(stemmed.output) as server, new_context(browser, server, width="phone") as context:
        page = context.new_page()
        page.route("**/pagefind/pagefind.js", slowly)
        page.goto(server.url("recherche/"), wait_until="domcontentloaded")
        page.fill("#recherche-terme", "velo")
        page.wait_for_function(
            "document.getElementById('recherche-etat').textContent.includes('»')"
        )
        links = [a.get_attribute("href") for a in page.query_selector_all(RESULTS)]
    assert links == ["/2024/velo/"]


def test_a_site_indexed_in_several_bundles_is_searched_as_one(browser, tmp_path):
    from conftest import build_site, write_files

    content = write_files(tmp_path / "content", STEMMING)
    build = build_site(content, tmp_path / "output", extra={"SEARCH_BATCH_PAGES": 1})
    assert build.returncode == 0, build.log
    bundle = build.output / "pagefind"
    lots = json.loads((bundle / "lots.json").read_text())
    assert lots == ["lot-2/", "lot-3/"]  # one page a bundle: three Pagefind processes
    counted = [
        json.loads((bundle / lot / "pagefind-entry.json").read_text()) for lot in ("", *lots)
    ]
    assert [entry["languages"]["fr"]["page_count"] for entry in counted] == [1, 1, 1]
    assert not list(bundle.rglob("pagefind-ui.js"))  # Pagefind's own interface is not used
    for query, expected in (
        ("velo", "/2024/velo/"),
        ("jardins", "/2024/jardin/"),
        ("associations", "/asso/"),
    ):
        assert expected in search(browser, build.output, query)["links"]
    both = search(browser, build.output, "notre")  # « Notre jardin », « Notre association »
    assert {"/2024/jardin/", "/asso/"} <= set(both["links"]) and "2\u00a0résultats" in both[
        "status"
    ]
