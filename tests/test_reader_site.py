"""The reader's site: home, menu, breadcrumbs, contents, sharing, guestbook, typography.

Read on the real site, as a visitor (or a program sharing a page) sees it: where the
home page leads, what the menu holds, where each page sits, what a shared link shows.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup, Comment

from conftest import ROOT, header

GUESTBOOK = ROOT / "content" / "guestbook"
CRUMBS = "nav[aria-label='Fil d’Ariane']"
MENU = "header nav[aria-label='Menu principal']"


def _words(node) -> str:
    text = node.get_text(" ") if hasattr(node, "get_text") else str(node)
    text = text.replace("’", "'").replace("\u202f", " ").replace("\u00a0", " ")
    return " ".join(text.split())


def _jsonld(page: BeautifulSoup) -> list[dict]:
    return [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]


def _meta(page: BeautifulSoup, key: str) -> str | None:
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


SUB_PAGES = sorted(
    path.stem
    for path in (ROOT / "content/pages").glob("*.md")
    if header(path).get("parent") == "qui-sommes-nous"
)
EVENTS_WITH_TESTIMONIALS = sorted(p.name for p in GUESTBOOK.iterdir() if any(p.glob("*.md")))


def test_home_says_who_we_are_and_leads_to_the_five_destinations(site):
    home = site.html("")
    main = home.find("main")
    intro = main.find("h1")
    assert "innovation numérique et sociale" in _words(intro)
    assert main.find("a", href="/qui-sommes-nous/")
    links = {a["href"] for a in main.find_all("a", href=True)}
    assert "/2013/territoires-en-reseaux/" in links  # the latest article
    assert "/archives/" in links  # all articles
    assert any(re.fullmatch(r"/evenements/[^/]+/", link) for link in links)  # next or latest event
    assert "/projets/" in links
    assert "/livre-d-or/" in links
    assert "/lettre/" in links  # the latest issue once there is one (test_newsletter.py)
    assert not home.select(CRUMBS)  # the home page is the top of every trail


def test_menu_has_six_sections_and_the_sub_pages_under_qui_sommes_nous(site):
    home = site.html("")
    top = home.select_one(MENU).find("ul").find_all("li", recursive=False)
    assert [_words(li.find("a")) for li in top] == [
        "Qui sommes-nous ?",
        "Articles",
        "Événements",
        "Livre d'or",
        "Projets",
        "La lettre",
    ]
    assert not home.select(f"{MENU} ul ul")  # compact: sub-pages only in their own section
    assert len(SUB_PAGES) == 4
    for url in ["qui-sommes-nous/", *(f"{slug}/" for slug in SUB_PAGES)]:
        page = site.html(url)
        section = page.select_one(MENU).find("a", href="/qui-sommes-nous/").parent
        subs = [a["href"] for a in section.find("ul").find_all("a")]
        assert sorted(subs) == sorted(f"/{slug}/" for slug in SUB_PAGES), url
        current = page.select_one(MENU).select("a[aria-current]")
        assert current[0]["href"] == "/qui-sommes-nous/", url
        assert page.select_one(f"{MENU} a[aria-current=page]")["href"] == f"/{url}"


@pytest.mark.parametrize(
    ("url", "section"),
    [
        ("2013/territoires-en-reseaux/", "/archives/"),
        ("evenements/roumics-2012/", "/evenements/"),
        ("livre-d-or/roumics-2012/", "/livre-d-or/"),
        ("projets/ecloserie-des-arts/", "/projets/"),
        ("lettre/", "/lettre/"),
    ],
)
def test_the_menu_marks_the_current_section(site, url, section):
    current = site.html(url).select(f"{MENU} a[aria-current]")
    assert [a["href"] for a in current] == [section]


@pytest.mark.parametrize(
    ("url", "trail"),
    [
        ("2013/territoires-en-reseaux/", ["/", "/archives/"]),
        ("qui-sommes-nous/", ["/"]),
        ("le-collectif/", ["/", "/qui-sommes-nous/"]),
        ("licence/", ["/"]),
        ("evenements/roumics-2012/", ["/", "/evenements/"]),
        ("livre-d-or/", ["/"]),
        ("livre-d-or/roumics-2012/", ["/", "/livre-d-or/"]),
        ("projets/ecloserie-des-arts/", ["/", "/projets/"]),
        ("projets/statut/en-incubation/", ["/", "/projets/"]),
        ("categories/innovation-sociale/", ["/", "/categories/"]),
        ("mots-cles/brest/", ["/", "/mots-cles/"]),
        ("auteurs/michel-briand/", ["/", "/auteurs/"]),
        ("archives/", ["/"]),
        ("lettre/", ["/"]),  # an issue's trail: test_newsletter.py (none here yet)
        ("recherche/", ["/"]),
    ],
)
def test_every_page_below_the_home_says_where_it_is(site, url, trail):
    page = site.html(url)
    [nav] = page.select(CRUMBS)
    items = nav.find("ol").find_all("li", recursive=False)
    assert [li.a["href"] for li in items[:-1]] == trail
    assert items[0].get_text(strip=True) == "Accueil"
    here = items[-1].find(attrs={"aria-current": "page"})
    assert here and not items[-1].find("a")
    title = _words(page.find("h1"))
    assert _words(here) == title or _words(here) in title
    [data] = [d for d in _jsonld(page) if d.get("@type") == "BreadcrumbList"]
    elements = data["itemListElement"]
    assert [e["position"] for e in elements] == list(range(1, len(items) + 1))
    assert [urlsplit(e["item"]).path for e in elements] == [*trail, f"/{url}"]
    assert [_words(e["name"]) for e in elements[:-1]] == [_words(li) for li in items[:-1]]


def test_published_breadcrumbs_name_absolute_addresses(published_site):
    page = published_site.html("le-collectif/")
    [data] = [d for d in _jsonld(page) if d.get("@type") == "BreadcrumbList"]
    addresses = [e["item"] for e in data["itemListElement"]]
    assert addresses == [
        "https://catalyst.anis.asso.fr/",
        "https://catalyst.anis.asso.fr/qui-sommes-nous/",
        "https://catalyst.anis.asso.fr/le-collectif/",
    ]
    assert _meta(page, "og:url") == addresses[-1]


def test_the_long_article_has_a_table_of_contents_and_a_way_back_up(site):
    page = site.html("2013/territoires-en-reseaux/")
    toc = page.select_one("main nav.page-toc")
    assert toc and _words(toc.find("h2")) == "Sommaire"
    ids = {tag["id"] for tag in page.select("[id]")}
    targets = [a["href"] for a in toc.select("a[href]")]
    assert len(targets) >= 4
    assert all(t.startswith("#") and unquote(t[1:]) in ids for t in targets)
    headings = page.select("main .body h2[id], main .body h3[id]")
    assert {f"#{h['id']}" for h in headings} <= set(targets)
    up = page.find("a", string="Haut de page")
    assert up and up["href"].lstrip("#") in ids


def test_a_short_page_has_no_table_of_contents(site):
    assert not site.html("le-collectif/").select("nav.page-toc")


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("2013/territoires-en-reseaux/", "article"),
        ("qui-sommes-nous/", "website"),
        ("evenements/roumics-2012/", "website"),
        ("", "website"),
    ],
)
def test_a_shared_link_shows_a_card_with_absolute_addresses(site, url, kind):
    page = site.html(url)
    address = _meta(page, "og:url")
    assert urlsplit(address).scheme in ("http", "https") and urlsplit(address).netloc
    assert urlsplit(address).path == f"/{url}"
    assert _meta(page, "og:type") == kind
    assert _meta(page, "og:locale") == "fr_FR"
    assert _meta(page, "og:site_name") == "Catalyst Publications"
    assert _meta(page, "og:title") and _meta(page, "og:description")
    assert _meta(page, "twitter:card") == "summary"
    licence = page.find("link", rel="license")["href"]
    assert _meta(page, "dcterms.license").endswith(urlsplit(licence).path)


def test_sharing_needs_no_third_party_code(site):
    page = site.html("2013/territoires-en-reseaux/")
    share = page.find("aside", attrs={"aria-labelledby": "partager"})
    address = _meta(page, "og:url")
    mail = share.find("a", href=re.compile(r"^mailto:"))
    assert _words(mail) == "Envoyer à un ami"
    query = parse_qs(urlsplit(mail["href"].replace("mailto:", "mailto://x", 1)).query)
    assert "Territoires en réseaux" in query["subject"][0]
    assert address in query["body"][0]
    copy = share.find("input", readonly=True)
    assert copy["value"] == address and share.find("label", attrs={"for": copy["id"]})
    assert not share.find(["script", "img", "iframe"])
    assert not page.find("script", src=True) and not page.find("iframe")
    for link in share.find_all("a", href=re.compile(r"^https?:")):
        assert address in unquote(link["href"])


def test_the_404_page_leads_onward(site):
    page = site.html("404.html")
    main = page.find("main")
    assert main.find("form", role="search").find("input", attrs={"name": "q"})
    links = {a["href"] for a in main.find_all("a", href=True)}
    menu = {a["href"] for a in site.html("").select(f"{MENU} a")}
    assert menu <= links
    assert {"/", "/qui-sommes-nous/"} <= links
    assert all(link.startswith("/") for link in links)  # it is served at any address


def test_guestbook_index_shows_one_card_per_event(site):
    page = site.html("livre-d-or/")
    cards = page.select("main section.guestbook-card")
    assert [c["aria-labelledby"] for c in cards] == EVENTS_WITH_TESTIMONIALS
    for card in cards:
        event = card["aria-labelledby"]
        count = len(list((GUESTBOOK / event).glob("*.md")))
        assert card.find("a")["href"] == f"/livre-d-or/{event}/"
        assert f"{count} témoignages" in _words(card)
        assert 1 <= len(card.select(".testimonial")) <= 3 < count
        assert card.find("aside", attrs={"aria-label": "Ajouter un témoignage"})
    assert len(page.select(".testimonial")) <= 3 * len(cards)


def test_event_page_links_its_guestbook_instead_of_repeating_it(site):
    page = site.html("evenements/roumics-2012/")
    count = len(list((GUESTBOOK / "roumics-2012").glob("*.md")))
    book = page.find("section", attrs={"aria-labelledby": "livre-d-or"})
    link = book.find("a", href="/livre-d-or/roumics-2012/")
    assert link and f"{count} témoignages" in _words(link)
    assert len(page.select(".testimonial")) <= 2
    assert book.find("aside", attrs={"aria-label": "Ajouter un témoignage"})


def test_the_guestbook_page_shows_each_testimonial_once_with_a_worded_permalink(site):
    page = site.html("livre-d-or/roumics-2012/")
    entries = page.select(".testimonial")
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids)) == len(list((GUESTBOOK / "roumics-2012").glob("*.md")))
    names = {_words(a) for a in page.select(".testimonial a.anchor")}
    assert "Lien vers le témoignage d'Alain MAILLY" in names
    assert "Lien vers le témoignage de Charles VINCHON" in names
    assert "Lien vers le témoignage d'Yves BERNARD" in names
    assert "Lien vers le témoignage de Yoann DURIAUX" in names
    assert not [n for n in names if re.search(r" de [AEIOUÉÈÊÂÎÔÛH]", n)]
    assert not page.find("a", string="#")


def test_project_filters_are_folded_and_shared_values_come_first(site):
    filters = site.html("projets/").select_one("nav.filters")
    details = filters.find("details")
    assert details and details.find("summary") and not details.has_attr("open")
    by_tag = next(p for p in filters.find_all("p") if _words(p).startswith("Par mot-clé"))
    counts = [
        int(re.search(r"\((\d+)\)", _words(a.next_sibling)).group(1)) for a in by_tag.find_all("a")
    ]
    assert counts[0] > 1 and counts == sorted(counts, key=lambda n: n == 1)


def test_every_page_has_the_favicon_and_prints_its_address(site):
    page = site.html("2013/territoires-en-reseaux/")
    icon = page.find("link", rel="icon")
    assert site.exists(icon["href"])
    printed = page.select_one("main .print-only")
    assert _meta(page, "og:url") in printed.get_text()
    css = (site.output / "theme/css/site.css").read_text(encoding="utf-8")
    assert "@media print" in css and 'a[href^="http"]::after' in css
    assert "counter(page)" in css
    assert re.search(r"sup[^{]*\{[^}]*line-height:\s*0", css)


# Text where French typography does not apply: code, scripts, styles.
NOT_PROSE = {"code", "pre", "script", "style", "textarea", "kbd", "samp", "template"}
BREAKABLE_BEFORE = re.compile(r"(\S*)[ \t\r\n]+([:;!?])")


def _breakable_spaces(soup: BeautifulSoup) -> list[str]:
    strings = [
        s
        for s in soup.find_all(string=True)
        if not isinstance(s, Comment) and not any(p.name in NOT_PROSE for p in s.parents)
    ]
    found = []
    for i, string in enumerate(strings):
        text = str(string)
        after = str(strings[i + 1])[:1] if i + 1 < len(strings) else ""  # « <a>x</a> : »
        for match in BREAKABLE_BEFORE.finditer(text + after):
            if "://" in match.group(1) or match.group(1).startswith("www."):
                continue  # an address written out
            start = max(0, match.start() - 30)
            found.append((text + after)[start : match.end() + 10].replace("\n", " ").strip())
    return found


def test_no_breakable_space_before_high_punctuation_on_any_page(site):
    offenders = {}
    for path in sorted(site.output.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for text in _breakable_spaces(soup):
            offenders.setdefault(text, str(path.relative_to(site.output)))
    assert offenders == {}
