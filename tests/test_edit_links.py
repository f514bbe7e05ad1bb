"""« Modifier cette page » and « Signaler une erreur »: each page made from a file leads to it."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import parse_qs, unquote, urlparse

import pytest
from cases.corpus import article, page

from conftest import build_site, write_files
from plugins.edit_links import edit_links, read_options

REPOSITORY = "anis-catalyst/catalyst-publications"  # pelicanconf.py's COLLECTIONS_REPOSITORY
EDIT = f"https://github.com/{REPOSITORY}/edit/main/"
EDIT_TEXT, REPORT_TEXT = "Modifier cette page", "Signaler une erreur"

FILES = {
    "articles/2024/atelier-du-jeudi.md": article(
        "Tags: jardins partagés", title="L’atelier du jeudi : semis", date="2024-05-02"
    ),
    "articles/2024/second-article.md": article(title="Un second article", date="2024-05-03"),
    "articles/2024/brouillon.md": article("Status: draft", title="Pas encore prêt"),
    "pages/a-propos.md": page(title="À propos de nous"),
    "events/2024/fete-des-communs.md": (
        "Title: Fête des communs\nStart: 2024-06-01\nPlace: Lille\n\nUn compte rendu.\n"
    ),
    "guestbook/fete-des-communs/alice-martin.md": (
        "Author: Alice Martin\nEvent: fete-des-communs\nDate: 2024-06-02\n\nUne belle journée.\n"
    ),
    "guestbook/fete-des-communs/bruno-durand.md": (
        "Author: Bruno Durand\nEvent: fete-des-communs\nDate: 2024-06-03\n\nÀ refaire.\n"
    ),
    "projects/jardin-partage.md": "Title: Jardin partagé\nStage: idée\n\nUn jardin.\n",
}
# Each page made from one file, by its address; nothing else has the two links.
PAGES = {
    "2024/atelier-du-jeudi/": "articles/2024/atelier-du-jeudi.md",
    "2024/second-article/": "articles/2024/second-article.md",
    "brouillons/brouillon/": "articles/2024/brouillon.md",  # a draft previewed locally
    "a-propos/": "pages/a-propos.md",
    "evenements/fete-des-communs/": "events/2024/fete-des-communs.md",
    "projets/jardin-partage/": "projects/jardin-partage.md",
}
LISTINGS = [
    *("index.html", "archives/", "mots-cles/", "mots-cles/jardins-partages/", "auteurs/"),
    *("evenements/", "projets/", "livre-d-or/", "lettre/", "lettre/2024-s18/"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("edit-links")
    content = write_files(root / "content", FILES, dedent=False)
    # its texts are older than the letter's first issue: their issues are checked too
    build = build_site(content, root / "output", extra={"NEWSLETTER_FIRST_ISSUE": None})
    assert build.returncode == 0, build.log
    return content, build


def box(soup):
    """The « Modifier » and « Signaler » links of a page, by their text."""
    found = {}
    for aside in soup.select("aside.edit-links"):
        for a in aside.find_all("a"):
            found.setdefault(a.get_text(), []).append(a["href"])
    return found


def served(build, path) -> str:
    """The address a written HTML file is served at."""
    rel = path.relative_to(build.output).as_posix()
    return rel.removesuffix("index.html")


def test_every_page_made_from_a_file_edits_exactly_that_file(built):
    content, build = built
    for url, source in PAGES.items():
        found = box(build.html(url))
        assert sorted(found) == [EDIT_TEXT, REPORT_TEXT], url
        assert len(found[EDIT_TEXT]) == len(found[REPORT_TEXT]) == 1, url  # one of each
        edit = found[EDIT_TEXT][0]
        assert edit == EDIT + "content/" + source, url
        assert (content / unquote(edit.removeprefix(EDIT + "content/"))).is_file()


def test_report_link_opens_an_issue_naming_the_page_its_address_and_its_file(built):
    _content, build = built
    for url, source in PAGES.items():
        soup = build.html(url)
        report = urlparse(box(soup)[REPORT_TEXT][0])
        assert (report.scheme, report.netloc) == ("https", "github.com")
        assert report.path == f"/{REPOSITORY}/issues/new"
        query = parse_qs(report.query, strict_parsing=True)
        assert sorted(query) == ["body", "title"]
        title, body = query["title"][0], query["body"][0]
        shown = soup.find("h1").get_text()
        assert title == f"Erreur sur la page «\u202f{shown}\u202f»", url
        address = soup.find("meta", property="og:url")["content"]  # the page's own address
        assert address == "http://localhost:8000/" + url
        assert address in body.split(), url
        assert "content/" + source in body.split(), url


def test_french_title_keeps_its_typography_in_the_issue(built):
    _content, build = built
    report = box(build.html("2024/atelier-du-jeudi/"))[REPORT_TEXT][0]
    title = parse_qs(urlparse(report).query)["title"][0]
    assert title == "Erreur sur la page «\u202fL’atelier du jeudi\u00a0: semis\u202f»"


def test_listings_archives_tags_and_the_letter_have_no_such_link(built):
    _content, build = built
    for url in LISTINGS:
        assert build.exists(url), url
        soup = build.html(url)
        assert not soup.select(".edit-links"), url
        assert not soup.find("a", href=lambda h: h and h.startswith(EDIT)), url
    with_links = {
        served(build, path)
        for path in build.output.rglob("*.html")
        if box(build.html(str(path.relative_to(build.output))))
    }
    assert with_links == set(PAGES)


def test_each_testimonial_has_its_own_modifier_link_on_its_event_guestbook(built):
    _content, build = built
    guestbook = build.html("livre-d-or/fete-des-communs/")
    for name in ("alice-martin", "bruno-durand"):
        edit = guestbook.find(id=name).select("a.edit")
        assert [a["href"] for a in edit] == [f"{EDIT}content/guestbook/fete-des-communs/{name}.md"]
        text = " ".join(edit[0].get_text().split())
        assert text.startswith("Modifier le témoignage d")  # distinct for each testimonial
    event = build.html("evenements/fete-des-communs/")
    assert not event.select(".testimonial a.edit")  # the teaser quotes; the guestbook edits


def test_no_repository_means_no_link_at_all(tmp_path):
    content = write_files(tmp_path / "content", FILES, dedent=False)
    build = build_site(content, tmp_path / "output", extra={"EDIT_LINKS_REPOSITORY": None})
    assert build.returncode == 0, build.log
    for path in build.output.rglob("*.html"):
        soup = build.html(str(path.relative_to(build.output)))
        assert not soup.select(".edit-links, a.edit"), path
        assert not soup.find("a", string=[EDIT_TEXT, REPORT_TEXT]), path


def links(title: str, url: str, source: str, settings: dict) -> tuple[str, str] | None:
    """(edit_url, report_url) of an item, as plugins.edit_links gives them, or None."""
    made = edit_links(SimpleNamespace(title=title, url=url), source, read_options(settings))
    return (made.edit_url, made.report_url) if made else None


def test_published_address_settings_branch_and_host():
    settings = {
        "COLLECTIONS_REPOSITORY": "anis/site",
        "COLLECTIONS_BRANCH": "publication",
        "SITEURL": "https://catalyst.anis.asso.fr",
        "FEED_DOMAIN": "https://catalyst.anis.asso.fr",
    }
    title = "Qui <em>sommes</em>-nous\u202f?"
    edit, report = links(title, "qui/", "pages/qui é.md", settings)
    assert edit == "https://github.com/anis/site/edit/publication/content/pages/qui%20%C3%A9.md"
    query = parse_qs(urlparse(report).query)
    assert query["title"] == ["Erreur sur la page «\u202fQui sommes-nous\u202f?\u202f»"]
    assert "https://catalyst.anis.asso.fr/qui/" in query["body"][0].split()
    assert "content/pages/qui é.md" in query["body"][0]
    own = {
        **settings,
        "EDIT_LINKS_REPOSITORY": "other/repo",
        "EDIT_LINKS_BRANCH": "dev",
        "EDIT_LINKS_HOST": "https://git.example.org/",
        "EDIT_LINKS_CONTENT_PATH": "site/contenu",
    }
    edit, report = links("T", "t/", "pages/t.md", own)
    assert edit == "https://git.example.org/other/repo/edit/dev/site/contenu/pages/t.md"
    assert report.startswith("https://git.example.org/other/repo/issues/new?title=")
    assert links("T", "t/", "pages/t.md", {**settings, "EDIT_LINKS_REPOSITORY": None}) is None
    assert links("T", "t/", "pages/t.md", {}) is None


def test_the_issue_names_the_page_as_it_is_when_shown():
    """The preview's quick page changes an item's title in place: the issue follows it."""
    item = SimpleNamespace(title="Ancien titre", url="a/")
    made = edit_links(item, "pages/a.md", read_options({"COLLECTIONS_REPOSITORY": "anis/site"}))
    item.title = "Nouveau titre"
    title = parse_qs(urlparse(made.report_url).query)["title"][0]
    assert title == "Erreur sur la page «\u202fNouveau titre\u202f»"
