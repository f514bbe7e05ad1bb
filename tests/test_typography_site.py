"""French typography reaches every place a reader sees text: pages, titles, feeds."""

from __future__ import annotations

import feedparser

NNBSP, NBSP = "\u202f", "\u00a0"
TITLE = f"Qui fait quoi{NNBSP}? «{NNBSP}Le collectif{NNBSP}» en 2024"

ARTICLES = {
    "articles/2024/typo.md": """
        Title: Qui fait quoi ? "Le collectif" en 2024
        Date: 2024-06-01
        Authors: Alice Martin
        Summary: Un résumé : avec des "guillemets" et l'apostrophe...

        Le 1er juin, on s'est réunis à 10 : c'était "formidable" !

            code : "intact" ... ?

        Voir <https://example.org/a?b=c:d> et `x : y`.
        """,
    "articles/2024/english.md": """
        Title: A "quoted" word
        Date: 2024-06-02
        Authors: Alice Martin
        Lang: en

        It's "fine" -- really.
        """,
}


def test_title_body_summary_and_feed_get_french_typography(make_site):
    build = make_site(ARTICLES)
    assert build.returncode == 0, build.log
    page = build.html("2024/typo/")
    assert (
        page.find("h1").get_text() == f"Qui fait quoi{NNBSP}? «{NNBSP}Le collectif{NNBSP}» en 2024"
    )
    assert page.title.get_text().startswith(f"Qui fait quoi{NNBSP}?")
    body = page.select_one("article .body")
    first = body.find("p")
    assert first.find("sup").get_text() == "er"
    assert (
        f"s’est réunis à 10{NBSP}: c’était «{NNBSP}formidable{NNBSP}»{NNBSP}!" in first.get_text()
    )
    assert body.find("pre").get_text() == 'code : "intact" ... ?\n'
    assert body.find("a")["href"] == "https://example.org/a?b=c:d"
    assert body.find("code", string="x : y")
    feed = feedparser.parse((build.output / "feeds/all.atom.xml").read_bytes())
    entry = next(e for e in feed.entries if e.title.startswith("Qui fait quoi"))
    assert entry.title == TITLE
    assert "l’apostrophe…" in entry.summary
    assert f"«{NNBSP}formidable{NNBSP}»" in entry.content[0].value


def test_english_article_gets_english_rules(make_site):
    build = make_site(ARTICLES)
    assert build.returncode == 0, build.log
    page = build.html("2024/english-en/")  # Pelican puts other languages at -LANG
    assert page.find("h1").get_text() == "A “quoted” word"
    assert "It’s “fine” – really." in page.select_one("article .body").get_text()
    assert page.html["lang"] == "en"


def test_seed_titles_read_with_french_spaces(site):
    assert site.html("qui-sommes-nous/").find("h1").get_text() == f"Qui sommes-nous{NNBSP}?"
    title = site.html("2013/territoires-en-reseaux/").find("h1").get_text()
    assert title == f"Territoires en réseaux{NBSP}: d’internet aux innovations sociales ouvertes"


def test_footnote_calls_sit_against_their_word(site):
    body = site.html("2013/territoires-en-reseaux/").select_one("main .body")
    calls = body.select("sup[id^=fnref]")
    assert len(calls) == 17
    for call in calls:
        before = call.previous_sibling
        assert isinstance(before, str) and not before[-1:].isspace(), repr(before[-20:])
