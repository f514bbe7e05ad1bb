"""The e-mail of each issue of the letter, as mail programs and their readers see it.

The `.eml` the build writes is read back as a mail program would
(multipart/alternative: text, then HTML): the seed's letters (the real content
and settings, every week with content making an issue), and a week of the
letter's own with cover photos and testimonials, built with the production
settings. Its HTML part is loaded in Debian's Chromium at a phone's and a
narrow mail window's width, in light and dark colour schemes, served on
127.0.0.1 and nothing else; its text part is read as text.
"""

from __future__ import annotations

import email
import email.policy
import io
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from pelican.settings import read_settings
from PIL import Image

from catalyst.model.site_licence import default_licence
from conftest import DEV_SETTINGS, PUBLISH_SETTINGS, ROOT, build_site, write_files
from photos import scene
from plugins.newsletter.showcase import QUOTE_MAX
from quality import axe, layout
from quality.browser import new_context, open_browser
from quality.server import serve
from quality.weight import Request, outside_requests

LARGEST, SMALL = "2012-s47", "2001-s22"  # 1 event and 31 testimonials; 1 project
WEEK = "2026-s50"  # the letter's own week: photos, quotations (content below)
WIDTHS = {375: "phone", 600: "desktop"}  # px: quality.browser's context, then resized
SCHEMES = ("light", "dark")
MAX_LINE = 78
COLUMN = 560  # px: the e-mail's column (600) less its padding; no photo is shown wider
URL = r"(?:https?://|mailto:)\S+"
NNBSP = "\u202f"
EVERY_WEEK = {"NEWSLETTER_FIRST_ISSUE": None}  # the seed's weeks are before the real first


def jpeg(width: int, height: int, *, seed: int = 1) -> bytes:
    """A photo without metadata (the build refuses one that says where it was taken)."""
    buffer = io.BytesIO()
    scene(width, height, seed=seed).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def article_file(title: str, date: str, *header: str) -> str:
    lines = [f"Title: {title}", f"Date: {date}", "Authors: Alice Martin", "Summary: Un résumé."]
    return "\n".join([*lines, *header]) + "\n\nTexte.\n"


def witness_file(author: str, event: str, body: str, *header: str) -> str:
    head = [f"Author: {author}", f"Event: {event}", *header]
    head += [] if any(h.startswith("Date:") for h in header) else ["Date: 2026-12-11"]
    return "\n".join(head) + "\n\n" + body + "\n"


def event(title: str, start: str, *header: str) -> str:
    return (
        "\n".join([f"Title: {title}", f"Start: {start}", "Place: Lille", *header]) + "\n\nRécit.\n"
    )


# Paul's only sentence is longer than a quotation may be; Léa's, the longest, may not be quoted.
LONG = (
    "J’ai enfin réparé mon grille-pain, et appris à souder en chemin, ce qui n’était pas prévu "
    "du tout au départ mais qui m’a beaucoup plu et que je referai sans aucun doute lors du "
    "prochain atelier du mois de janvier"
)
THE_WEEK = {
    "images/cour.jpg": jpeg(1600, 1000),
    "images/affiche.jpg": jpeg(900, 1200, seed=2),
    "images/vignette.jpg": jpeg(400, 300, seed=3),
    "images/motif.jpg": jpeg(1000, 500, seed=4),
    "images/reservee.jpg": jpeg(1000, 800, seed=5),
    "articles/2026/cour.md": article_file(
        "La cour en fête", "2026-12-08", "Image: images/cour.jpg",
        "Image-Description: La cour sous les lampions",
    ),
    "articles/2026/vignette.md": article_file(
        "Une petite photo", "2026-12-08", "Image: images/vignette.jpg",
        "Image-Description: Trois bancs repeints",
    ),
    "articles/2026/motif.md": article_file(
        "Un motif", "2026-12-08", "Image: images/motif.jpg", "Image-Description: décorative"
    ),
    "articles/2026/reservee.md": article_file(
        "Droits réservés", "2026-12-09", "Image: images/reservee.jpg",
        "Image-Description: Une affiche", "License: all-rights-reserved",
    ),
    "articles/2026/sans-photo.md": article_file("Sans photo", "2026-12-09"),
    "events/2026/fete.md": event(
        "Fête du quartier", "2026-12-10", "Image: images/affiche.jpg",
        "Image-Description: L’affiche de la fête",
    ),
    "events/2026/atelier.md": event("Atelier réparation", "2026-12-09"),
    "events/2026/conference.md": event("Conférence", "2026-12-09"),
    "guestbook/fete/zoe-martin.md": witness_file(  # the newest: first in the issue's order
        "Zoé Martin", "fete", "« Une belle fête ! On reviendra. »", "Date: 2026-12-13"
    ),
    "guestbook/fete/karim-benali.md": witness_file(
        "Karim Benali", "fete",
        "Une journée de rencontres, de musique et de soupe partagée dans la cour. Merci à tous.",
        "Organisation: Les Jardins",
    ),
    "guestbook/fete/lea-roux.md": witness_file(
        "Léa Roux", "fete",
        "Le plus long des témoignages de la fête, que sa licence interdit de reprendre ailleurs.",
        "License: all-rights-reserved",
    ),
    "guestbook/atelier/paul-dupuis.md": witness_file("Paul Dupuis", "atelier", LONG + "."),
    "guestbook/conference/ines-haddad.md": witness_file(
        "Inès Haddad", "conference", "Une conférence passionnante.",
        "License: all-rights-reserved",
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def settings() -> dict:
    return read_settings(str(DEV_SETTINGS))


@pytest.fixture(scope="module")
def base(settings) -> str:
    """The site's public address in the dev build: links leaving the site start with it."""
    return (settings["SITEURL"] or settings["FEED_DOMAIN"]).rstrip("/")


@pytest.fixture(scope="module")
def production() -> str:
    """The site's public address in production: the week's e-mail is built with it."""
    return read_settings(str(PUBLISH_SETTINGS))["SITEURL"].rstrip("/")


@pytest.fixture(scope="module")
def week(tmp_path_factory):
    """THE_WEEK with the production settings: the letter's first issue, 2026-s50."""
    root = tmp_path_factory.mktemp("week")
    content = write_files(root / "content", THE_WEEK)
    extra = {"NEWSLETTER_FIRST_ISSUE": WEEK}  # the week, whatever pelicanconf.py says
    build = build_site(content, root / "output", settings=PUBLISH_SETTINGS, extra=extra)
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="module")
def built(seed, week) -> dict:
    """The output each issue of these tests is in."""
    return {LARGEST: seed.output, SMALL: seed.output, WEEK: week.output}


def message(output: Path, issue: str) -> email.message.EmailMessage:
    eml = output / "lettre" / issue / f"{issue}.eml"
    return email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)


def html_part(output: Path, issue: str) -> str:
    return message(output, issue).get_body(("html",)).get_content()


def text_part(output: Path, issue: str) -> str:
    return "\n".join(message(output, issue).get_body(("plain",)).get_content().splitlines())


def flat(text: str) -> str:
    """Indented continuation lines joined to the line they continue."""
    return re.sub(r"\n +", " ", text)


def words(element) -> str:
    return re.sub(r"[ \t\r\n]+", " ", element.get_text()).strip()


# The HTML part in a browser.

ISSUES = (LARGEST, SMALL, WEEK)
BROKEN_IMAGES = "[...document.images].filter(i => !i.complete || !i.naturalWidth).map(i => i.src)"


@pytest.fixture(scope="module")
def rendered(built, production, week, tmp_path_factory) -> dict:
    """{(issue, width, scheme): (axe violations, layout problems, requests to other hosts,
    images that did not load)}, each issue's HTML part served from a folder of its own on
    127.0.0.1 (quality.browser's context refuses any other host; the requests are recorded to
    say which were tried). The week's photos, at the production address, are answered from
    the week's output, as quality.browser answers a production build's own links."""
    found = {}
    folder = tmp_path_factory.mktemp("mail-html")
    for issue in ISSUES:
        (folder / issue).mkdir()
        (folder / issue / "index.html").write_text(html_part(built[issue], issue), "utf-8")
    shutil.copytree(week.output / "images", folder / "images")
    site_root = "//" + urlsplit(production).netloc + "/"
    requests: list[Request] = []  # every request of the page being loaded
    with open_browser() as browser, serve(folder) as server:
        for width, kind in WIDTHS.items():
            with new_context(browser, server, width=kind, site_roots=[site_root]) as context:
                page = context.new_page()
                page.set_viewport_size({"width": width, "height": 800})
                page.on("request", lambda r: requests.append(Request(r.url, r.resource_type)))
                for issue in ISSUES:
                    for scheme in SCHEMES:
                        requests.clear()
                        page.emulate_media(color_scheme=scheme)
                        page.goto(server.url(f"{issue}/"), wait_until="load")
                        problems = layout.layout_problems(page, width=width, phone=True)
                        allowed = [server.url(""), production]
                        outside = outside_requests(requests, allowed_origins=allowed)
                        broken = page.evaluate(BROKEN_IMAGES)
                        found[issue, width, scheme] = (axe.audit(page), problems, outside, broken)
        assert server.missing == []  # every photo the e-mails show is in the output
    return found


@pytest.mark.browser
def test_the_html_part_never_scrolls_sideways_at_375_and_600_px(rendered):
    assert {key[1:] for key in rendered} == {(w, s) for w in WIDTHS for s in SCHEMES}
    assert {key[0] for key in rendered} == set(ISSUES)
    problems = {key: found[1] for key, found in rendered.items() if found[1]}
    assert problems == {}


@pytest.mark.browser
def test_the_html_part_has_no_axe_violation_at_375_and_600_px_in_light_and_dark(rendered):
    violations = {key: list(map(str, found[0])) for key, found in rendered.items() if found[0]}
    assert violations == {}


@pytest.mark.browser
def test_the_html_part_asks_nothing_of_any_host_but_this_machine(rendered):
    outside = {key: found[2] for key, found in rendered.items() if found[2]}
    assert outside == {}


@pytest.mark.browser
def test_the_photos_of_the_html_part_load_from_the_site(rendered):
    broken = {key: found[3] for key, found in rendered.items() if found[3]}
    assert broken == {}


# The HTML part as mail programs read it.


@pytest.fixture(scope="module")
def html(seed) -> BeautifulSoup:
    return BeautifulSoup(html_part(seed.output, LARGEST), "lxml")


@pytest.fixture(scope="module")
def week_html(week) -> BeautifulSoup:
    return BeautifulSoup(html_part(week.output, WEEK), "lxml")


def soup(built, issue: str) -> BeautifulSoup:
    return BeautifulSoup(html_part(built[issue], issue), "lxml")


def test_the_html_part_opens_with_a_hidden_preheader_that_sums_up_the_issue(html):
    first = html.body.find(True)
    assert "preheader" in first.get("class", [])
    assert "display: none" in first["style"]
    assert " ".join(first.get_text().split()).startswith("1 événement et 31 témoignages")


def test_the_html_part_links_to_the_issue_in_the_browser_at_its_absolute_address(html, seed, base):
    link = html.find("a", string="Voir dans le navigateur")
    assert link is not None
    assert link["href"] == f"{base}/lettre/{LARGEST}/"
    assert seed.exists(f"lettre/{LARGEST}/")


def test_the_html_part_links_to_the_licence_of_the_texts(html, settings):
    licence = default_licence(settings)
    link = html.find("a", href=licence.url)
    assert link is not None
    assert words(link) == "Lire la licence"
    assert licence.key in words(link.parent)


@pytest.mark.parametrize("issue", ISSUES)
def test_the_html_part_carries_its_styles_on_the_elements(built, issue):
    """Mail programs that drop <style> still show the colours, sizes and spacing."""
    html = soup(built, issue)
    assert "font-family" in html.body["style"]
    assert [str(a)[:80] for a in html.find_all("a") if "color:" not in a.get("style", "")] == []
    styled = ["h1", "h2", "h3", "p", "blockquote", "img"]
    assert [str(e)[:80] for e in html.find_all(styled) if not e.get("style")] == []


@pytest.mark.parametrize("issue", ISSUES)
def test_every_link_and_image_of_the_html_part_is_absolute(built, issue):
    html = soup(built, issue)
    hrefs = [a["href"] for a in html.find_all(href=True)]
    assert len(hrefs) >= 6  # the browser, each item, the licence, unsubscribing, the archive
    addresses = hrefs + [i["src"] for i in html.find_all(src=True)]
    assert [h for h in addresses if not re.match(r"https?://|mailto:", h)] == []


def test_the_html_part_is_in_french_and_keeps_its_dark_mode_rules(html):
    assert html.html["lang"] == "fr"
    assert "prefers-color-scheme: dark" in html.style.string


@pytest.mark.parametrize("issue", ISSUES)
def test_the_html_part_says_its_own_sentences_with_french_typography(built, issue):
    html = soup(built, issue)
    mine = ".browser, .kicker, .meta, .footer, .quote-by, .more"
    own = " ".join(words(e) for e in html.select(mine))
    assert "\u202f;" in own  # « autrices ; ANIS », in the footer
    assert re.findall(r"[ \u00a0][;!?»]|« |[^\u00a0]:(?!//)", own) == []


# One quotation per event's testimonials, and where to read them all.


def guestbook_groups(html) -> dict[str, dict]:
    """{event: what the e-mail shows of its testimonials}."""
    section = html.find("section", attrs={"aria-labelledby": re.compile("-guestbook$")})
    found = {}
    for group in section.select(".testimonials"):
        quote = group.select_one("blockquote")
        by = group.select_one(".quote-by")
        found[words(group.select_one(".meta a"))] = {
            "about": words(group.select_one(".meta")),
            "quote": words(quote) if quote else None,
            "by": words(by) if by else None,
            "more": (words(group.select_one(".more a")), group.select_one(".more a")["href"]),
            "links": len(group.select("a")),
        }
    return found


def test_each_event_s_testimonials_are_one_quotation_and_a_link_to_read_them_all(
    week_html, production
):
    groups = guestbook_groups(week_html)
    assert list(groups) == ["Atelier réparation", "Conférence", "Fête du quartier"]
    fete = groups["Fête du quartier"]
    assert fete["about"] == "3\u00a0témoignages sur Fête du quartier"
    # The longest whole first sentence among those that may be quoted: Karim's, not Léa's.
    assert fete["quote"] == (
        f"«{NNBSP}Une journée de rencontres, de musique et de soupe partagée dans la cour.{NNBSP}»"
    )
    assert fete["by"] == "— Karim Benali, Les Jardins"
    assert fete["more"] == ("Lire les 3\u00a0témoignages", f"{production}/livre-d-or/fete/")
    assert fete["links"] == 2  # the event and the guestbook: no list of names
    for name in ("Zoé Martin", "Léa Roux", "licence interdit"):
        assert name not in words(week_html)


def test_one_testimonial_is_read_in_the_singular(week_html, production):
    atelier = guestbook_groups(week_html)["Atelier réparation"]
    assert atelier["about"] == "1\u00a0témoignage sur Atelier réparation"
    assert atelier["more"] == ("Lire le témoignage", f"{production}/livre-d-or/atelier/")


def test_a_long_first_sentence_is_cut_at_a_word_with_an_ellipsis(week_html):
    quote = guestbook_groups(week_html)["Atelier réparation"]["quote"]
    assert quote.startswith(f"«{NNBSP}J’ai enfin réparé mon grille-pain,")
    assert quote.endswith(f"…{NNBSP}»")
    kept = quote.removeprefix(f"«{NNBSP}").removesuffix(f"…{NNBSP}»")
    assert len(kept) <= QUOTE_MAX
    assert LONG.startswith(kept + " ")  # whole words only
    assert guestbook_groups(week_html)["Atelier réparation"]["by"] == "— Paul Dupuis"


def test_a_testimonial_whose_licence_forbids_reuse_is_never_quoted(week_html, html):
    conference = guestbook_groups(week_html)["Conférence"]
    assert (conference["quote"], conference["by"]) == (None, None)
    assert conference["more"][0] == "Lire le témoignage"
    assert "passionnante" not in words(week_html)
    # The seed's testimonials all reserve their rights: counted and linked, never quoted.
    [roumics] = guestbook_groups(html).values()
    assert roumics["quote"] is None
    assert roumics["more"][0] == "Lire les 31\u00a0témoignages"


# Each item's cover photo: one JPEG at its absolute address, sized, described.


def photos(html) -> dict[str, list]:
    """{item's title: its images}, for each item of the issue."""
    return {
        words(entry.select_one("h3")): entry.find_all("img")
        for entry in html.select("article.summary")
    }


def test_an_item_with_a_cover_photo_shows_it_as_one_absolute_jpeg(week_html, week, production):
    shown = photos(week_html)
    described = {
        "La cour en fête": "La cour sous les lampions",
        "Une petite photo": "Trois bancs repeints",
        "Fête du quartier": "L’affiche de la fête",
        "Un motif": "",  # decorative: screen readers skip it
    }
    assert {title: len(images) for title, images in shown.items() if images} == dict.fromkeys(
        described, 1
    )
    for title, alt in described.items():
        [image] = shown[title]
        assert image["alt"] == alt
        assert image["src"].startswith(f"{production}/images/")
        assert image["src"].endswith(".jpg")
        with Image.open(week.output / image["src"].removeprefix(production + "/")) as file:
            assert file.format == "JPEG"
            width, height = int(image["width"]), int(image["height"])
            assert width == min(file.width, COLUMN)  # never wider than the column
            assert abs(height - file.height * width / file.width) <= 1  # its proportions
        assert file.width >= width  # sharp where a point is two pixels, up to its own size


def test_a_described_photo_leads_to_its_item_and_a_decorative_one_to_nothing(week_html):
    shown = photos(week_html)
    [cour] = shown["La cour en fête"]
    title = week_html.find("a", string="La cour en fête")
    assert cour.find_parent("a")["href"] == title["href"]
    [motif] = shown["Un motif"]
    assert motif.find_parent("a") is None  # a link without a name otherwise


def test_an_item_without_a_cover_or_whose_licence_forbids_reuse_shows_no_photo(week_html):
    shown = photos(week_html)
    assert shown["Sans photo"] == []
    assert shown["Atelier réparation"] == []
    assert shown["Droits réservés"] == []  # listed, but its photo is not reproduced
    assert "images/reservee" not in str(week_html)


def test_the_text_part_quotes_without_photos(week, production):
    text = text_part(week.output, WEEK)
    summary = flat(text)
    quote = (
        f"«{NNBSP}Une journée de rencontres, de musique et de soupe partagée dans la cour.{NNBSP}»"
    )
    assert "\n* 3\u00a0témoignages sur Fête du quartier\n\n" in text
    assert f"\n {quote} — Karim Benali, Les Jardins\n" in summary  # the quotation, then its author
    assert f"Lire les 3\u00a0témoignages\u00a0: {production}/livre-d-or/fete/" in text
    assert f"Lire le témoignage\u00a0: {production}/livre-d-or/atelier/" in text
    assert "/images/" not in text and ".jpg" not in text
    assert "Zoé Martin" not in text and "Léa Roux" not in text


# The text part, as a plain-text mail program shows it.


@pytest.fixture(scope="module")
def text(seed) -> str:
    return text_part(seed.output, LARGEST)


def test_the_text_part_has_no_html(text):
    assert re.findall(r"</?[a-zA-Z][^>]*>|&#?\w+;", text) == []


@pytest.mark.parametrize("issue", ISSUES)
def test_the_text_part_is_wrapped_at_78_characters_except_for_long_addresses(built, issue):
    text = text_part(built[issue], issue)
    too_long = [
        line
        for line in text.splitlines()
        if len(line) > MAX_LINE and not re.fullmatch(rf" *(?:[^ ].{{0,28}} )?{URL}", line)
    ]
    assert too_long == []
    assert len(text.splitlines()) > 10  # written in lines, not one line per paragraph


@pytest.mark.parametrize("issue", ISSUES)
def test_the_text_part_gives_each_item_s_title_then_its_absolute_address(built, issue):
    page = soup(built, issue)
    items = [(words(a), a["href"]) for a in page.select("h3 a")]
    assert items
    text = flat(text_part(built[issue], issue))
    base = page.find("a", string="Voir dans le navigateur")["href"].removesuffix(
        f"/lettre/{issue}/"
    )
    for title, href in items:
        assert href.startswith(f"{base}/")
        assert f"* {title} {href}" in text


def test_the_text_part_sums_up_the_testimonials_as_a_count_an_event_and_one_address(html, text):
    [group] = html.select(".testimonials")
    event = group.select_one(".meta a")
    more = group.select_one(".more a")
    summary = flat(text)
    assert f"* 31\u00a0témoignages sur {words(event)}" in summary
    assert f"Lire les 31\u00a0témoignages\u00a0: {more['href']}" in text
    assert text.count(more["href"]) == 1  # one address, not 31
    assert "#" not in more["href"]


@pytest.mark.parametrize("issue", ISSUES)
def test_the_text_part_says_its_own_sentences_with_french_typography(built, issue):
    prose = re.sub(URL, "", text_part(built[issue], issue))
    assert "\u202f;" in prose and "\u00a0:" in prose
    assert re.findall(r" [;!?:»]|« ", prose) == []


# The same issue, the same bytes.


@pytest.mark.parametrize("content", ["seed", "week"])
def test_the_eml_of_each_issue_has_the_same_bytes_in_two_builds(tmp_path, content):
    if content == "seed":
        folder, settings, extra, issue = ROOT / "content", DEV_SETTINGS, EVERY_WEEK, LARGEST
    else:
        folder, settings, issue = (
            write_files(tmp_path / "content", THE_WEEK),
            PUBLISH_SETTINGS,
            WEEK,
        )
        extra = {"NEWSLETTER_FIRST_ISSUE": WEEK}
    builds = [
        build_site(folder, tmp_path / name / "output", settings=settings, extra=extra)
        for name in "ab"
    ]
    assert [b.returncode for b in builds] == [0, 0], builds[0].log + builds[1].log
    first, second = (
        {p.relative_to(b.output): p.read_bytes() for p in b.output.rglob("*.eml")} for b in builds
    )
    assert Path("lettre", issue, f"{issue}.eml") in first
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
