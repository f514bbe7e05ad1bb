"""The weekly letter in the build: which items make which issue, the archive, the feed, the .eml.

One issue per ISO week with new published content, newest first; each item
in exactly one issue; an editorial (`content/lettre/2026-s49.md`) introduces,
puts items first, leaves them out or holds its issue back. The letter starts
at `NEWSLETTER_FIRST_ISSUE` (the real site's: 2026-s50, after every seed
text): the seed's letters are built with it unset, as if the letter had always
gone out. Read as readers and their tools read it: pages with BeautifulSoup,
the feed with feedparser, the e-mail with `email`.
"""

from __future__ import annotations

import email
from email import policy

import feedparser
import pytest
from cases.corpus import article
from pelican.settings import read_settings

from conftest import DEV_SETTINGS, PUBLISH_SETTINGS, build_site

EVENT = "Title: Fête du quartier\nStart: 2026-11-28\nPlace: Lille\n\nRécit de la fête.\n"
TESTIMONY = "Author: Zoé Martin\nEvent: fete\nDate: 2026-11-29\n\nUne belle fête.\n"
WEEKS = {
    "articles/2026/lundi.md": article(title="Lundi", date="2026-11-23"),
    "articles/2026/dimanche.md": article(title="Dimanche", date="2026-11-29"),
    "articles/2026/suivante.md": article(title="La semaine suivante", date="2026-12-01"),
    "articles/2026/ancienne.md": article(title="Bien plus tôt", date="2026-10-01"),
    "events/2026/fete.md": EVENT,
    "guestbook/fete/zoe-martin.md": TESTIMONY,
}


# Every week with content makes an issue: the fixtures' weeks are before the real first issue.
EVERY_WEEK = {"NEWSLETTER_FIRST_ISSUE": None}


def issue_titles(build, issue_id: str) -> list[str]:
    page = build.html(f"lettre/{issue_id}/")
    return [h.get_text(strip=True) for h in page.select("main section h3 a")]


def test_each_week_with_new_content_is_one_issue_newest_first(make_site):
    build = make_site(WEEKS, **EVERY_WEEK)
    assert build.returncode == 0, build.log
    listed = [a["href"] for a in build.html("lettre/").select("main article h3 a")]
    assert listed == ["/lettre/2026-s49/", "/lettre/2026-s48/", "/lettre/2026-s40/"]
    assert issue_titles(build, "2026-s48") == ["Dimanche", "Lundi", "Fête du quartier"]
    assert "1 témoignage sur" in build.html("lettre/2026-s48/").get_text()
    assert issue_titles(build, "2026-s49") == ["La semaine suivante"]
    assert not build.exists("lettre/2026-s47/")  # an empty week makes no issue
    trail = build.html("lettre/2026-s48/").select("nav[aria-label='Fil d’Ariane'] a")
    assert [a["href"] for a in trail] == ["/", "/lettre/"]  # where an issue is


def test_an_editorial_introduces_features_excludes_and_holds_back(make_site):
    files = {
        **WEEKS,
        "lettre/2026-s48.md": (
            "Title: La fête et ses échos\nFeatured: ancienne\nExclude: lundi\n\n"
            "Une semaine *bien remplie*.\n"
        ),
        "lettre/2026-s49.md": "Status: draft\n\nPas encore prête.\n",
    }
    build = make_site(files, settings=PUBLISH_SETTINGS, **EVERY_WEEK)
    assert build.returncode == 0, build.log
    page = build.html("lettre/2026-s48/")
    assert page.select_one("h1").get_text() == "La fête et ses échos"
    assert "Une semaine bien remplie." in page.select_one(".intro").get_text()
    assert issue_titles(build, "2026-s48")[0] == "Bien plus tôt"  # featured, from week 40
    assert "Lundi" not in issue_titles(build, "2026-s48")
    assert not build.exists("lettre/2026-s40/")  # its only item moved to week 48
    assert not build.exists("lettre/2026-s49/")  # held back
    feed = feedparser.parse(build.output / "feeds" / "lettre.atom.xml")
    assert [e.title for e in feed.entries] == ["La fête et ses échos"]


def test_an_editorial_naming_an_unknown_text_is_refused_with_its_line(make_site):
    build = make_site({**WEEKS, "lettre/2026-s48.md": "Title: T\nFeatured: nulle-part\n\nTexte.\n"})
    assert build.returncode != 0
    assert "content/lettre/2026-s48.md:2 — « nulle-part » ne correspond à aucun" in build.log


def test_an_editorial_is_named_after_a_week_that_exists(make_site):
    build = make_site({**WEEKS, "lettre/2027-s53.md": "Title: T\n\nTexte.\n"})
    assert build.returncode != 0
    assert "content/lettre/2027-s53.md — nom de fichier « 2027-s53.md »" in build.log
    assert "« 2026-s49.md »" in build.log


def test_the_feed_of_issues_carries_full_content_and_the_licence(seed):
    feed = feedparser.parse(seed.output / "feeds" / "lettre.atom.xml")
    assert not feed.bozo, feed.bozo_exception
    assert feed.entries[0].link.endswith("/lettre/2013-s03/")
    roumics = next(e for e in feed.entries if e.link.endswith("/lettre/2012-s47/"))
    assert "31 témoignages sur" in roumics.content[0].value
    assert "CC BY-SA 4.0" in feed.feed.rights
    # Atom requires an author for each entry of a feed that names none: the site's
    assert {e.author_detail.name for e in feed.entries} == {"ANIS / Catalyst"}
    assert {e.author_detail.href for e in feed.entries} == {feed.feed.link}


def test_every_issue_has_an_eml_beside_its_page_kept_out_of_the_sitemap(seed):
    issues = sorted(p.parent.name for p in (seed.output / "lettre").glob("*/index.html"))
    assert issues == ["2001-s22", "2002-s12", "2012-s47", "2013-s03"]
    for issue in issues:
        raw = (seed.output / "lettre" / issue / f"{issue}.eml").read_bytes()
        message = email.message_from_bytes(raw, policy=policy.default)
        assert message.get_content_type() == "multipart/alternative"
        assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
        assert message["Subject"].startswith("La lettre de Catalyst")
    assert ".eml" not in (seed.output / "sitemap.xml").read_text(encoding="utf-8")


def test_a_text_all_rights_reserved_is_listed_without_its_summary(seed):
    page = seed.html("lettre/2002-s12/")
    [entry] = page.select("main section article")
    assert entry.select_one("h3 a")["href"] == "/2002/les-tic-solidaires-au-pays-des-corons/"
    assert entry.select_one(".summary-text") is None  # its licence does not allow quoting it


def test_a_subscriber_list_never_reaches_the_site(make_site, tmp_path, monkeypatch):
    csv = "email,name,subscribed,unsubscribed\nzoe@example.org,Zoé,2026-01-05,\n"
    build = make_site({**WEEKS, "extra/abonnes.csv": csv})
    assert build.returncode != 0
    assert "content/extra/abonnes.csv — ce fichier ressemble à la liste des abonnés" in build.log
    assert not (build.output / "extra" / "abonnes.csv").exists()


def test_the_subscriber_file_set_under_content_is_refused(tmp_path, monkeypatch):
    from conftest import write_files

    content = write_files(tmp_path / "content", WEEKS)
    monkeypatch.setenv("NEWSLETTER_SUBSCRIBERS", str(content / "abonnes.txt"))
    build = build_site(content, tmp_path / "output")
    assert build.returncode != 0
    assert "le fichier des abonnés (NEWSLETTER_SUBSCRIBERS) est dans un dossier publié" in build.log


def test_every_dated_item_of_the_real_site_is_in_exactly_one_issue(seed):
    issues = sorted((seed.output / "lettre").glob("*/index.html"))
    linked: list[str] = []
    for page in issues:
        issue = seed.html(f"lettre/{page.parent.name}/")
        linked += [a["href"] for a in issue.select("main .letter-issue section a[href]")]
    testimonials = [h for h in linked if "#" in h]
    assert len(testimonials) == len(set(testimonials)) == 31
    pages = [h for h in linked if "#" not in h and not h.startswith("/livre-d-or/")]
    assert sorted(pages) == sorted(set(pages))  # nothing twice
    for expected in (
        "/2013/territoires-en-reseaux/",
        "/evenements/roumics-2012/",
        "/2002/les-tic-solidaires-au-pays-des-corons/",
    ):
        assert expected in pages


# The letter starts at its first issue (NEWSLETTER_FIRST_ISSUE).


PLACES = ("pages", "e-mails", "archive", "feed")


def issues_of(build) -> dict[str, list[str]]:
    """What each place says the issues are: pages, e-mails, the archive, the feed."""
    letters, path = build.output / "lettre", build.output / "feeds" / "lettre.atom.xml"
    feed = feedparser.parse(path.read_bytes()) if path.exists() else None  # none before an issue
    assert feed is None or not feed.bozo, feed.bozo_exception
    return {
        "pages": sorted(p.parent.name for p in letters.glob("*/index.html")),
        "e-mails": sorted(p.stem for p in letters.glob("*/*.eml")),
        "archive": sorted(
            a["href"].split("/")[-2] for a in build.html("lettre/").select("main article h3 a")
        ),
        "feed": sorted(e.link.rstrip("/").rsplit("/", 1)[-1] for e in feed.entries) if feed else [],
    }


def test_no_issue_page_feed_entry_or_e_mail_comes_before_the_first_issue(make_site):
    files = {**WEEKS, "lettre/2026-s40.md": "Title: Trop tôt\n\nCette semaine-là, rien ne part.\n"}
    build = make_site(files, NEWSLETTER_FIRST_ISSUE="2026-s48")
    assert build.returncode == 0, build.log
    expected = ["2026-s48", "2026-s49"]  # the first issue's own week, then the next
    assert issues_of(build) == {place: expected for place in PLACES}
    assert not build.exists("lettre/2026-s40/")  # its editorial notwithstanding
    assert "/lettre/2026-s40/" not in (build.output / "sitemap.xml").read_text(encoding="utf-8")
    archive = build.html("lettre/")
    assert archive.select_one(".letter-awaited") is None  # issues have gone out


def test_a_featured_text_of_an_earlier_week_moves_into_the_first_issue(make_site):
    files = {**WEEKS, "lettre/2026-s49.md": "Featured: ancienne\n\nUne semaine.\n"}
    build = make_site(files, NEWSLETTER_FIRST_ISSUE="2026-s49")
    assert build.returncode == 0, build.log
    assert issues_of(build)["pages"] == ["2026-s49"]
    assert issue_titles(build, "2026-s49") == ["Bien plus tôt", "La semaine suivante"]


def test_the_real_site_has_sent_no_letter_yet_and_says_when_the_first_comes(site):
    assert read_settings(str(DEV_SETTINGS))["NEWSLETTER_FIRST_ISSUE"] == "2026-s50"
    assert issues_of(site) == {place: [] for place in PLACES}
    archive = site.html("lettre/")
    said = archive.select_one("main .letter-awaited").get_text()
    assert said == (
        "Aucune lettre n’est encore parue. La première est attendue à la fin de la semaine "
        "du 7 au 13 décembre 2026, ou de la première semaine suivante où le collectif publie."
    )
    assert not archive.select("main article")  # no empty list, no « Toutes les lettres »
    assert "Toutes les lettres" not in archive.select_one("main").get_text()
    # No feed before the first issue (its date would be the build's): none offered either.
    assert not archive.find("link", rel="alternate", href="/feeds/lettre.atom.xml")
    assert not (site.output / "feeds/lettre.atom.xml").exists()


def test_the_first_issue_s_week_is_said_across_months_and_years(make_site):
    build = make_site(WEEKS, NEWSLETTER_FIRST_ISSUE="2026-s53")
    assert build.returncode == 0, build.log
    said = build.html("lettre/").select_one("main .letter-awaited").get_text()
    assert "à la fin de la semaine du 28 décembre 2026 au 3 janvier 2027," in said
    assert issues_of(build)["pages"] == []


FORM = (
    "ce n’est pas une semaine écrite « AAAA-sSS » (l’année, « -s », puis le numéro de la "
    "semaine ISO en deux chiffres, comme « 2026-s50 »)"
)


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("2026-50", FORM),
        ("2026-s5", FORM),
        ("s50-2026", FORM),
        ("2025-s53", "l’année 2025 a des semaines numérotées de 01 à 52"),
        ("2026-s00", "l’année 2026 a des semaines numérotées de 01 à 53"),
        (202650, FORM),
    ],
)
def test_a_malformed_first_issue_stops_the_build_with_a_french_message(make_site, value, why):
    build = make_site(WEEKS, NEWSLETTER_FIRST_ISSUE=value)
    assert build.returncode == 1, build.log
    shown = f"« {value} »" if isinstance(value, str) else str(value)
    said = (
        f"Réglage à corriger : newsletter : NEWSLETTER_FIRST_ISSUE, la semaine de la première "
        f"lettre, vaut {shown} : {why}. Corrigez ce réglage"
    )
    assert said in build.log
    assert "Traceback" not in build.log
    assert not (build.output / "lettre").exists()
