"""A reader who finishes a text finds something to read next (plugins.navigation's reading.py).

One small site, built once: articles with tags, one with a photo, one long enough for a
contents box; three events and three projects written out of order. Then, as a reader sees
the pages: the previous and next text of the section, the related articles, the cards'
photos, and in Chromium, the contents box's bullets on the first line of their entries.
"""

from __future__ import annotations

import pytest
from cases.corpus import article

from conftest import Build, build_site, write_files
from photos import png
from quality.browser import open_browser
from quality.server import serve

LONG = "Une section dont le titre est assez long pour passer sur plusieurs lignes du sommaire"
TOC_BODY = "\n\n".join(
    f"## Partie {n}\n\nUn paragraphe.\n\n### {LONG} {n}\n\nUn autre paragraphe."
    for n in range(1, 4)
)

FILES = {
    # Written out of date order: the order is the dates'.
    "articles/2024/g.md": article("Tags: communs", title="Gamma", date="2024-07-01"),
    "articles/2024/a.md": article(
        "Tags: communs, numérique",
        "Image: images/atelier.png",
        "Image-Description: Des personnes autour d’une table",
        title="Alpha",
        date="2024-01-01",
    ),
    "articles/2024/c.md": article("Tags: communs, numérique", title="Charlie", date="2024-03-01"),
    "articles/2024/b.md": article("Tags: communs", title="Bravo", date="2024-02-01"),
    "articles/2024/d.md": article("Tags: numérique", title="Delta", date="2024-04-01"),
    "articles/2024/e.md": article("Tags: ailleurs", title="Echo", date="2024-05-01"),
    "articles/2023/sommaire.md": article(title="Sommaire long", date="2023-12-01", body=TOC_BODY),
    "images/atelier.png": png(1000, 750),
    "events/2024/juin.md": "Title: Fête de juin\nStart: 2024-06-01\nPlace: Lille\n\nRécit.\n",
    "events/2023/hiver.md": "Title: Veillée d’hiver\nStart: 2023-12-15\nPlace: Roubaix\n\nRécit.\n",
    "events/2024/mars.md": "Title: Atelier de mars\nStart: 2024-03-10\nPlace: Lille\n\nRécit.\n",
    "projects/zinc.md": "Title: Zinc\nStage: idée\n\nTexte.\n",
    "projects/atelier.md": "Title: Atelier vélo\nStage: idée\n\nTexte.\n",
    "projects/menuiserie.md": "Title: Menuiserie\nStage: idée\n\nTexte.\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Build:
    root = tmp_path_factory.mktemp("reading-on")
    content = write_files(root / "content", FILES, dedent=False)
    build = build_site(content, root / "output")
    assert build.returncode == 0, build.log
    return build


def neighbours(build: Build, url: str) -> dict[str, tuple[str, str]] | None:
    """{"Texte précédent": (title, href), …} of the page's previous/next `nav`, or None."""
    nav = build.html(url).select_one("nav.read-next")
    if nav is None:
        return None
    assert nav["aria-label"]
    return {
        li.select_one(".direction").get_text(): (li.a.get_text(), li.a["href"])
        for li in nav.select("li")
    }


def titles(links: dict | None) -> dict[str, str]:
    return {label: title for label, (title, _) in (links or {}).items()}


def test_articles_link_to_the_previous_and_next_by_date(built):
    order = ["Sommaire long", "Alpha", "Bravo", "Charlie", "Delta", "Echo", "Gamma"]
    urls = [
        "2023/sommaire/",
        "2024/a/",
        "2024/b/",
        "2024/c/",
        "2024/d/",
        "2024/e/",
        "2024/g/",
    ]
    for index, url in enumerate(urls):
        expected = {}
        if index:
            expected["Texte précédent"] = order[index - 1]
        if index + 1 < len(urls):
            expected["Texte suivant"] = order[index + 1]
        assert titles(neighbours(built, url)) == expected, url
    links = neighbours(built, "2024/c/")
    assert links["Texte précédent"][1].endswith("/2024/b/")
    assert links["Texte suivant"][1].endswith("/2024/d/")
    nav = built.html("2024/c/").select_one("nav.read-next")
    assert nav["aria-label"] == "Texte précédent et texte suivant"
    assert nav.select_one('a[rel="prev"]') and nav.select_one('a[rel="next"]')


def test_events_follow_their_start_and_projects_their_order(built):
    assert titles(neighbours(built, "evenements/hiver/")) == {
        "Événement suivant": "Atelier de mars"
    }
    assert titles(neighbours(built, "evenements/mars/")) == {
        "Événement précédent": "Veillée d’hiver",
        "Événement suivant": "Fête de juin",
    }
    assert titles(neighbours(built, "evenements/juin/")) == {
        "Événement précédent": "Atelier de mars"
    }
    assert titles(neighbours(built, "projets/atelier/")) == {"Projet suivant": "Menuiserie"}
    assert titles(neighbours(built, "projets/menuiserie/")) == {
        "Projet précédent": "Atelier vélo",
        "Projet suivant": "Zinc",
    }
    assert titles(neighbours(built, "projets/zinc/")) == {"Projet précédent": "Menuiserie"}


def related(build: Build, url: str) -> list[str] | None:
    section = build.html(url).select_one("section.related")
    if section is None:
        return None
    assert section.h2.get_text() == "À lire aussi"
    return [a.get_text() for a in section.select("li a")]


def test_related_articles_share_the_most_tags_then_are_the_newest(built):
    # Alpha (communs, numérique): Charlie shares both; Gamma, Delta, Bravo one each.
    assert related(built, "2024/a/") == ["Charlie", "Gamma", "Delta"]
    assert related(built, "2024/c/") == ["Alpha", "Gamma", "Delta"]
    assert related(built, "2024/d/") == ["Charlie", "Alpha"]  # numérique only
    assert related(built, "2024/e/") is None  # its tag is nobody else's
    assert related(built, "2023/sommaire/") is None  # no tag
    headings = [h.name for h in built.html("2024/a/").select("main h1, main h2, main h3")]
    assert headings[0] == "h1" and "h3" not in headings[: headings.index("h2")]


def test_a_card_shows_its_article_photo_small_lazy_and_described(built):
    page = built.html("auteurs/alice-martin/")
    cards = {card.select_one("h2 a").get_text(): card for card in page.select("article.summary")}
    assert len(cards) == 7
    image = cards["Alpha"].select_one("img")
    assert image is not None
    assert image["loading"] == "lazy"
    assert image["alt"] == "Des personnes autour d’une table"
    assert int(image["width"]) > 0 and int(image["height"]) > 0
    assert int(image["width"]) * 3 == int(image["height"]) * 4  # the photo's proportions
    source = cards["Alpha"].select_one("picture source")
    assert len(source["srcset"].split(",")) == 1  # its smallest file alone
    smallest = source["srcset"].split()[0]
    assert (built.output / smallest[smallest.index("images/") :]).is_file()
    assert all(card.select_one("img") is None for title, card in cards.items() if title != "Alpha")


def test_contents_bullets_sit_on_the_first_line_of_a_wrapped_entry(built):
    with serve(built.output) as server, open_browser() as browser:
        page = browser.new_page(viewport={"width": 360, "height": 800})
        try:
            page.goto(server.url("2023/sommaire/"))
            assert (
                page.locator(".page-toc a").first.evaluate("a => getComputedStyle(a).display")
                == "inline-block"
            )  # the stylesheet is there
            entry = page.locator(".page-toc li li").first
            entry.scroll_into_view_if_needed()
            lines = entry.evaluate(
                """li => {
                    const range = document.createRange();
                    range.selectNodeContents(li.querySelector("a"));
                    const rects = [...range.getClientRects()].filter(r => r.width > 0);
                    const box = li.getBoundingClientRect();
                    return {first: rects[0].top, last: Math.max(...rects.map(r => r.bottom)),
                            lineHeight: rects[0].height,
                            left: box.left, top: box.top, bottom: box.bottom};
                }"""
            )
            assert lines["last"] - lines["first"] > 1.5 * lines["lineHeight"]  # it wraps
            # The bullet, drawn left of the entry: where its dark pixels are.
            shot = page.screenshot(
                clip={
                    "x": max(0, lines["left"] - 20),
                    "y": lines["top"],
                    "width": 19,
                    "height": lines["bottom"] - lines["top"],
                }
            )
        finally:
            page.close()
    rows = dark_rows(shot)
    assert rows, "no bullet drawn left of the entry"
    marker = (min(rows) + max(rows)) / 2 + lines["top"]
    assert lines["first"] <= marker <= lines["first"] + lines["lineHeight"]


def dark_rows(png_bytes: bytes) -> list[int]:
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png_bytes)).convert("L")
    width, height = image.size
    pixels = image.load()
    return [y for y in range(height) if any(pixels[x, y] < 128 for x in range(width))]
