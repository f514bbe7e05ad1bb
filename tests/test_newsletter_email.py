"""The e-mail of each issue of the letter, as mail programs and their readers see it.

The `.eml` the real build writes is read back as a mail program would
(multipart/alternative: text, then HTML). Its HTML part is loaded in Debian's
Chromium at a phone's and a narrow mail window's width, in light and dark colour
schemes, served on 127.0.0.1 and nothing else; its text part is read as text.
"""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican.settings import read_settings

from catalyst.model.site_licence import default_licence
from conftest import DEV_SETTINGS, ROOT, build_site
from quality import axe, layout
from quality.browser import new_context, open_browser
from quality.server import serve
from quality.weight import Request, outside_requests

LARGEST, SMALL = "2012-s47", "2001-s22"  # 1 event and 31 testimonials; 1 project
WIDTHS = {375: "phone", 600: "desktop"}  # px: quality.browser's context, then resized
SCHEMES = ("light", "dark")
MAX_LINE = 78
URL = r"(?:https?://|mailto:)\S+"


@pytest.fixture(scope="module")
def settings() -> dict:
    return read_settings(str(DEV_SETTINGS))


@pytest.fixture(scope="module")
def base(settings) -> str:
    """The site's public address in the dev build: links leaving the site start with it."""
    return (settings["SITEURL"] or settings["FEED_DOMAIN"]).rstrip("/")


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


@pytest.fixture(scope="module")
def rendered(site, tmp_path_factory) -> dict:
    """{(issue, width, scheme): (axe violations, layout problems, requests to other hosts)},
    each issue's HTML part served from a folder of its own on 127.0.0.1 (quality.browser's
    context refuses any other host; the requests are recorded to say which were tried)."""
    found = {}
    folder = tmp_path_factory.mktemp("mail-html")
    for issue in (LARGEST, SMALL):
        (folder / issue).mkdir()
        (folder / issue / "index.html").write_text(html_part(site.output, issue), "utf-8")
    requests: list[Request] = []  # every request of the page being loaded
    with open_browser() as browser, serve(folder) as server:
        for width, kind in WIDTHS.items():
            with new_context(browser, server, width=kind) as context:
                page = context.new_page()
                page.set_viewport_size({"width": width, "height": 800})
                page.on("request", lambda r: requests.append(Request(r.url, r.resource_type)))
                for issue in (LARGEST, SMALL):
                    for scheme in SCHEMES:
                        requests.clear()
                        page.emulate_media(color_scheme=scheme)
                        page.goto(server.url(f"{issue}/"), wait_until="load")
                        problems = layout.layout_problems(page, width=width, phone=True)
                        outside = outside_requests(requests, allowed_origins=[server.url("")])
                        found[issue, width, scheme] = (axe.audit(page), problems, outside)
    return found


@pytest.mark.browser
def test_the_html_part_never_scrolls_sideways_at_375_and_600_px(rendered):
    assert {key[1:] for key in rendered} == {(w, s) for w in WIDTHS for s in SCHEMES}
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


# The HTML part as mail programs read it.


@pytest.fixture(scope="module")
def html(site) -> BeautifulSoup:
    return BeautifulSoup(html_part(site.output, LARGEST), "lxml")


def test_the_html_part_opens_with_a_hidden_preheader_that_sums_up_the_issue(html):
    first = html.body.find(True)
    assert "preheader" in first.get("class", [])
    assert "display: none" in first["style"]
    assert " ".join(first.get_text().split()).startswith("1 événement et 31 témoignages")


def test_the_html_part_links_to_the_issue_in_the_browser_at_its_absolute_address(html, site, base):
    link = html.find("a", string="Voir dans le navigateur")
    assert link is not None
    assert link["href"] == f"{base}/lettre/{LARGEST}/"
    assert site.exists(f"lettre/{LARGEST}/")


def test_the_html_part_links_to_the_licence_of_the_texts(html, settings):
    licence = default_licence(settings)
    link = html.find("a", href=licence.url)
    assert link is not None
    assert words(link) == "Lire la licence"
    assert licence.key in words(link.parent)


def test_the_html_part_carries_its_styles_on_the_elements(html):
    """Mail programs that drop <style> still show the colours, sizes and spacing."""
    assert "font-family" in html.body["style"]
    assert [str(a)[:80] for a in html.find_all("a") if "color:" not in a.get("style", "")] == []
    assert [str(e)[:80] for e in html.find_all(["h1", "h2", "h3", "p"]) if not e.get("style")] == []


def test_every_link_of_the_html_part_is_absolute(html):
    hrefs = [a["href"] for a in html.find_all(href=True)]
    assert len(hrefs) > 31  # the 31 testimonials at least
    assert [h for h in hrefs if not re.match(r"https?://|mailto:", h)] == []


def test_the_html_part_is_in_french_and_keeps_its_dark_mode_rules(html):
    assert html.html["lang"] == "fr"
    assert "prefers-color-scheme: dark" in html.style.string


def test_the_html_part_says_its_own_sentences_with_french_typography(html):
    own = " ".join(words(e) for e in html.select(".browser, .kicker, .meta, .footer"))
    assert "\u202f;" in own  # « autrices ; ANIS », in the footer
    assert re.findall(r"[ \u00a0][;!?»]|« |[^\u00a0]:(?!//)", own) == []


# The text part, as a plain-text mail program shows it.


@pytest.fixture(scope="module")
def text(site) -> str:
    return text_part(site.output, LARGEST)


def test_the_text_part_has_no_html(text):
    assert re.findall(r"</?[a-zA-Z][^>]*>|&#?\w+;", text) == []


@pytest.mark.parametrize("issue", [LARGEST, SMALL])
def test_the_text_part_is_wrapped_at_78_characters_except_for_long_addresses(site, issue):
    text = text_part(site.output, issue)
    too_long = [
        line
        for line in text.splitlines()
        if len(line) > MAX_LINE and not re.fullmatch(rf" *(?:[^ ].{{0,28}} )?{URL}", line)
    ]
    assert too_long == []
    assert len(text.splitlines()) > 10  # written in lines, not one line per paragraph


@pytest.mark.parametrize("issue", [LARGEST, SMALL])
def test_the_text_part_gives_each_item_s_title_then_its_absolute_address(site, issue, base):
    page = BeautifulSoup(html_part(site.output, issue), "lxml")
    items = [(words(a), a["href"]) for a in page.select("h3 a")]
    assert items
    text = flat(text_part(site.output, issue))
    for title, href in items:
        assert href.startswith(f"{base}/")
        assert f"* {title} {href}" in text


def test_the_text_part_sums_up_the_testimonials_as_a_count_an_event_and_the_names(html, text):
    section = html.find("section", attrs={"aria-labelledby": f"{LARGEST}-guestbook"})
    event, *people = section.find_all("a")
    assert len(people) == 31
    summary = flat(text)
    assert f"* 31 témoignages sur {words(event)} {event['href']}" in summary
    assert [words(p) for p in people if words(p) not in summary] == []
    assert [p["href"] for p in people if p["href"] in text] == []  # one address, not 31
    assert text.count(event["href"]) == 1


def test_the_text_part_says_its_own_sentences_with_french_typography(text):
    prose = re.sub(URL, "", text)
    assert "\u202f;" in prose and "\u00a0:" in prose
    assert re.findall(r" [;!?:»]|« ", prose) == []


# The same issue, the same bytes.


def test_the_eml_of_each_issue_has_the_same_bytes_in_two_builds(tmp_path):
    builds = [build_site(ROOT / "content", tmp_path / name / "output") for name in "ab"]
    assert [b.returncode for b in builds] == [0, 0], builds[0].log + builds[1].log
    first, second = (
        {p.relative_to(b.output): p.read_bytes() for p in b.output.rglob("*.eml")} for b in builds
    )
    assert Path("lettre", LARGEST, f"{LARGEST}.eml") in first
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
