"""The seed documents are published, attributed and dated in French."""

from __future__ import annotations

import json

import pytest

from quality.pages import html_files

SEED_ARTICLES = [
    # url, title, authors, French date, licence key shown
    (
        "2013/territoires-en-reseaux/",
        "Territoires en réseaux",
        ["Michel Briand"],
        "17 janvier 2013",
        "(CC BY-SA)",  # the source says only « cc by-sa »: no version is claimed
    ),
    (
        "2002/les-tic-solidaires-au-pays-des-corons/",
        "Les TIC solidaires au pays des corons",
        ["Bruno Villalba"],
        "21 mars 2002",  # EcoRev’ n° 8, printemps 2002 (put online on 13 May 2005)
        "Tous droits réservés",
    ),
]

SEED_PAGES = [
    ("qui-sommes-nous/", "Qui sommes-nous"),
    ("le-collectif/", "collectif Catalyst"),
    ("l-association/", "ANIS, l’association du collectif"),
    ("la-gouvernance/", "Gouvernance"),
    ("licence/", "Licence et réutilisation"),
]


def _text(node) -> str:
    return " ".join(node.get_text(" ").split())


@pytest.mark.parametrize(("url", "title", "authors", "date", "licence"), SEED_ARTICLES)
def test_seed_article_is_published_with_title_authors_french_date_and_licence(
    site, url, title, authors, date, licence
):
    page = site.html(url)
    assert title in _text(page.find("h1"))
    byline = page.select_one("article .byline")
    assert [a.get_text() for a in byline.select("a[rel=author]")] == authors
    assert _text(byline.find("time")) == date
    footer_licence = page.select_one("footer .licence")
    assert licence in _text(footer_licence)


@pytest.mark.parametrize(("url", "title"), SEED_PAGES)
def test_seed_page_is_published_under_the_default_licence(site, url, title):
    page = site.html(url)
    assert title.replace("’", "'") in _text(page.find("h1")).replace("’", "'")
    link = page.select_one("footer a[rel=license]")
    assert link["href"] == "https://creativecommons.org/licenses/by-sa/4.0/deed.fr"


def test_every_page_declares_its_licence_for_machines(site):
    pages = html_files(site.output)  # a reader's pages: the web editor's is Decap's
    assert len(pages) > 10
    for path in pages:
        soup = site.html(str(path.relative_to(site.output)))
        assert soup.select_one("link[rel=license][href]"), path
        assert soup.select_one("a[rel=license][href]"), path
        assert soup.html["lang"] == "fr", path


def test_article_json_ld_names_every_author_licence_and_date(site):
    page = site.html("2013/territoires-en-reseaux/")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "Article"
    assert data["license"] == "https://creativecommons.org/licenses/by-sa/"
    assert [a["name"] for a in data["author"]] == ["Michel Briand"]
    assert data["datePublished"].startswith("2013-01-17")
    assert data["isBasedOn"]["url"] == "https://www.a-brest.net/"


def test_page_json_ld_is_a_web_page_with_licence(site):
    page = site.html("qui-sommes-nous/")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "WebPage"
    assert data["license"].startswith("https://creativecommons.org/licenses/by-sa/4.0/")


def test_republished_article_names_its_source_and_original_author(site):
    page = site.html("2013/territoires-en-reseaux/")
    source = page.select_one("aside.source")
    assert "Michel Briand" in _text(source)
    assert source.find("a", href="https://www.a-brest.net/").get_text() == "a-brest"


def test_abrest_article_has_seventeen_footnotes_linked_both_ways(site):
    page = site.html("2013/territoires-en-reseaux/")
    body = page.select_one("article .body")
    refs = body.select("sup[id^=fnref] a.footnote-ref")
    notes = body.select("div.footnote li[id^=fn]")
    assert len(refs) == 17
    assert len(notes) == 17
    ids = {tag["id"] for tag in body.select("[id]")}
    for ref in refs:
        assert ref["href"].lstrip("#") in ids  # call → note
    for note in notes:
        back = note.select_one("a.footnote-backref")
        assert back["href"].lstrip("#") in ids  # note → call


def test_home_lists_latest_articles_with_summaries(site):
    home = site.html("")
    titles = [_text(h) for h in home.select("article.summary :is(h2, h3)")]
    assert titles[0].startswith("Territoires en réseaux")  # newest first
    assert any("corons" in t for t in titles)
    assert all(_text(s) for s in home.select("article.summary .summary-text"))


def test_archives_group_articles_by_year_newest_first(site):
    archives = site.html("archives/")
    years = [h.get_text() for h in archives.select("main h2")]
    assert years == sorted(years, reverse=True)
    assert {"2013", "2002"} <= set(years)


def test_author_page_lists_all_of_that_persons_articles(site):
    page = site.html("auteurs/michel-briand/")
    assert "Territoires en réseaux" in _text(page.find("main"))


@pytest.mark.parametrize(
    "url", ["categories/", "mots-cles/", "auteurs/", "archives/", "404.html", "licence/"]
)
def test_listing_and_utility_pages_exist_in_french(site, url):
    page = site.html(url)
    assert page.find("main").find("h1")
    assert page.select_one("a.skip-link")["href"] == "#contenu"
