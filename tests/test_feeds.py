"""Feeds parse, carry every author and the licence, and never overwrite each other."""

from __future__ import annotations

import feedparser
import pytest

TWO_AUTHORS = {
    "articles/2024/a-deux-mains.md": """
        Title: À deux mains
        Date: 2024-03-05
        Authors: Alice Martin, Bob Durand
        Category: Vie du collectif
        Summary: Un article écrit à deux.

        Un texte écrit par deux personnes.
        """,
    "articles/2024/homonyme.md": """
        Title: Une catégorie qui porte un nom de personne
        Date: 2024-03-06
        Authors: Camille
        Category: Camille
        License: CC BY 4.0

        La catégorie et l’autrice portent le même nom.
        """,
}


def parse(path):
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, getattr(feed, "bozo_exception", None)
    return feed


def test_every_feed_of_the_real_site_parses_without_errors(site):
    feeds = sorted((site.output / "feeds").rglob("*.xml"))
    assert len(feeds) >= 8
    for path in feeds:
        feed = parse(path)
        assert feed.entries, path


def test_site_feeds_carry_the_licence(site):
    atom = parse(site.output / "feeds/all.atom.xml")
    rss = parse(site.output / "feeds/all.rss.xml")
    assert "CC BY-SA 4.0" in atom.feed.rights
    assert "CC BY-SA 4.0" in rss.feed.rights  # <copyright>


def test_each_entry_carries_its_own_licence_and_attribution(site):
    atom = parse(site.output / "feeds/all.atom.xml")
    by_title = {e.title: e for e in atom.entries}
    corons = by_title["Les TIC solidaires au pays des corons"]
    assert "Tous droits réservés" in corons.rights
    assert "Bruno Villalba" in corons.rights
    brest = next(e for t, e in by_title.items() if t.startswith("Territoires en réseaux"))
    assert "(CC BY-SA)" in brest.rights  # as its source says it: no version
    assert "4.0" not in brest.rights
    assert "a-brest" in brest.rights
    assert "a-brest" in brest.content[0].value  # attribution paragraph in the full text


def test_atom_feed_has_the_full_content(site):
    atom = parse(site.output / "feeds/all.atom.xml")
    brest = next(e for e in atom.entries if e.title.startswith("Territoires en réseaux"))
    assert len(brest.content[0].value) > 20_000
    assert "footnote" in brest.content[0].value


def test_entry_ids_are_stable_across_builds(site, tmp_path):
    from conftest import ROOT, build_site

    again = build_site(ROOT / "content", tmp_path / "again")
    assert again.returncode == 0, again.log
    first = [e.id for e in parse(site.output / "feeds/all.atom.xml").entries]
    second = [e.id for e in parse(again.output / "feeds/all.atom.xml").entries]
    assert first == second
    assert all(i.startswith("tag:") for i in first)
    assert (site.output / "feeds/all.atom.xml").read_bytes() == (
        again.output / "feeds/all.atom.xml"
    ).read_bytes()


@pytest.fixture
def two_authors_site(make_site):
    build = make_site(TWO_AUTHORS)
    assert build.returncode == 0, build.log
    return build


@pytest.mark.parametrize("feed", ["feeds/all.atom.xml", "feeds/all.rss.xml"])
def test_entry_with_two_authors_lists_both(two_authors_site, feed):
    parsed = parse(two_authors_site.output / feed)
    entry = next(e for e in parsed.entries if e.title == "À deux mains")
    assert [a.get("name") for a in entry.authors] == ["Alice Martin", "Bob Durand"]


def test_article_with_two_authors_shows_and_links_both(two_authors_site):
    page = two_authors_site.html("2024/a-deux-mains/")
    links = page.select("article .byline a[rel=author]")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Alice Martin", "/auteurs/alice-martin/"),
        ("Bob Durand", "/auteurs/bob-durand/"),
    ]
    home = two_authors_site.html("")
    listed = home.select("article.summary")[1].select(".byline a[rel=author]")
    assert [a.get_text() for a in listed] == ["Alice Martin", "Bob Durand"]


def test_each_author_gets_a_page_and_a_feed(two_authors_site):
    for slug in ("alice-martin", "bob-durand"):
        assert two_authors_site.exists(f"auteurs/{slug}/")
        feed = parse(two_authors_site.output / f"feeds/auteurs/{slug}.atom.xml")
        assert [e.title for e in feed.entries] == ["À deux mains"]


def test_author_and_category_with_the_same_name_get_two_feeds(two_authors_site):
    author = parse(two_authors_site.output / "feeds/auteurs/camille.atom.xml")
    category = parse(two_authors_site.output / "feeds/categories/camille.atom.xml")
    assert author.feed.title != category.feed.title
    assert [e.title for e in author.entries] == [e.title for e in category.entries]
    assert "CC BY 4.0" in author.entries[0].rights


def test_pagination_of_names_ending_in_digits_never_collides(make_site):
    files = {}
    for n in range(3):
        for category in ("Bénévole 1", "Bénévole 12"):
            slug = f"{category[-2:].strip()}-{n}"
            files[f"articles/2024/b{slug}.md"] = f"""
                Title: Article {slug}
                Date: 2024-01-0{n + 1}
                Authors: Équipe
                Category: {category}

                Texte {slug}.
                """
    build = make_site(files, DEFAULT_PAGINATION=1)
    assert build.returncode == 0, build.log
    for slug in ("benevole-1", "benevole-12"):
        for number in (2, 3):
            page = build.html(f"categories/{slug}/page/{number}/")
            category = "Bénévole 1" if slug == "benevole-1" else "Bénévole 12"
            assert page.find("h1").get_text() == f"Catégorie\u00a0: {category}"  # typeset


def test_feed_entry_links_are_absolute_even_in_development(site):
    atom = parse(site.output / "feeds/all.atom.xml")
    assert atom.entries
    for entry in atom.entries:
        assert entry.link.startswith("http://localhost:8000/"), entry.link
        for author in entry.authors:
            assert author["href"].startswith("http://localhost:8000/auteurs/")


def test_a_tag_feed_gives_the_latest_ten_summaries_and_the_site_feed_the_full_texts(make_site):
    files = {
        f"articles/2024/a{day:02d}.md": (
            f"Title: Texte {day}\nDate: 2024-03-{day:02d}\nAuthors: Alice Martin\n"
            f"Tags: communs\nSummary: Le résumé {day}.\n\nLe texte entier {day}, long et complet.\n"
        )
        for day in range(1, 13)
    }
    build = make_site(files, SEARCH_INDEX=False)
    assert build.returncode == 0, build.log
    tag = parse(build.output / "feeds/mots-cles/communs.atom.xml")
    assert [e.title for e in tag.entries] == [f"Texte {d}" for d in range(12, 2, -1)]
    assert all("content" not in e and "Le résumé" in e.summary for e in tag.entries)
    assert not list((build.output / "feeds").rglob("mots-cles/*.rss.xml"))
    site = parse(build.output / "feeds/all.atom.xml")
    assert len(site.entries) == 12
    assert all("Le texte entier" in e.content[0].value for e in site.entries)
