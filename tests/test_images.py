"""Volunteers' photos: published small, modern, upright, without metadata, and described.

Each test builds a real site with photos made like a phone's (GPS, serial number,
orientation, HEIC) and reads what a reader's browser would get: the HTML with
BeautifulSoup, every image file with Pillow.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from PIL import Image

from conftest import DEV_SETTINGS, PUBLISH_SETTINGS, ROOT, build_site, write_files
from photos import XMP, metadata_of, phone_exif, phone_heic, phone_jpeg, png, scene

ARTICLE = """\
Title: La fête des communs
Date: 2026-11-20
Authors: Camille Dupont
{header}
Le matin, les tables.

{body}
"""


def article(body: str, header: str = "") -> str:
    return ARTICLE.format(header=header, body=body)


def turned_photo() -> bytes:
    """A photo stored sideways, as phones do, with EXIF orientation 6 to show it upright;
    upright, its top-left corner is red."""
    upright = scene(1800, 2400)
    upright.paste((255, 0, 0), (0, 0, 300, 300))
    stored = upright.rotate(90, expand=True)  # turned a quarter to the left
    buffer = io.BytesIO()
    stored.save(buffer, "JPEG", quality=90, exif=phone_exif(orientation=6), xmp=XMP)
    return buffer.getvalue()


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def reported(log: str, where: str, line: int, message: str) -> bool:
    """Whether the report has `message` about `where` at `line`."""
    return any(f"{where}:{line} — " in entry and message in entry for entry in log.splitlines())


def images_in(output) -> list:
    return sorted(p for p in output.rglob("*") if p.suffix in (".jpg", ".avif", ".webp", ".png"))


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("photos")
    content = write_files(
        root / "content",
        {
            "images/fete.jpg": turned_photo(),
            "images/ville.heic": phone_heic(),
            "images/logo.png": png(400, 300, alpha=True),
            "images/orpheline.jpg": phone_jpeg(300, 200),
            "articles/2026/fete.md": article(
                "![Les tables dressées dans la cour]({static}/images/fete.jpg)\n\n"
                "Puis la ville.\n\n![Lille au loin](../../images/ville.heic)\n\n"
                "![décorative]({static}/images/logo.png)\n\n"
                "[La photo en grand]({static}/images/fete.jpg)",
                header="Image: images/fete.jpg\nImage-Description: La cour sous les lampions\n",
            ),
            "articles/2026/suite.md": article(
                "![La même cour, le soir]({static}/images/fete.jpg)"
            ).replace("La fête des communs", "La suite"),
            "events/2026/fete.md": (
                "Title: La fête\nStart: 2026-11-20\nPlace: Lille\nImage: images/ville.heic\n"
                "Image-Description: Lille au loin\n\nLe récit.\n"
            ),
        },
    )
    cache = root / "cache"
    extra = {"IMAGES_CACHE": True, "CACHE_PATH": str(cache)}
    build = build_site(content, root / "output", extra=extra)
    assert build.returncode == 0, build.log
    build.cache = cache
    build.content = content
    build.extra = extra
    return build


def test_no_published_image_carries_any_metadata(photo_site):
    files = images_in(photo_site.output)
    assert len(files) >= 12
    for file in files:
        assert metadata_of(file.read_bytes()) == {}, file


def test_the_original_photo_is_not_published(photo_site):
    published = {p.relative_to(photo_site.output).as_posix() for p in images_in(photo_site.output)}
    assert "images/fete.jpg" not in published
    assert not list(photo_site.output.rglob("*.heic"))
    assert not list(photo_site.output.rglob("orpheline*"))  # cited by nothing


def test_a_phone_photo_becomes_a_picture_of_small_upright_files(photo_site):
    page = photo_site.html("2026/fete/")
    picture = page.select(".body picture")[0]
    source, img = picture.find("source"), picture.find("img")
    assert source["type"] == "image/avif"
    assert img["alt"] == "Les tables dressées dans la cour"
    assert img["loading"] == "lazy"  # the cover photo is the one seen first
    assert img["sizes"] == source["sizes"] and "100vw" in img["sizes"]
    candidates = [c.split() for c in img["srcset"].split(", ")]
    widths = [int(w.removesuffix("w")) for _, w in candidates]
    assert widths == sorted(widths) and max(widths) <= 1600
    for url, width in candidates:
        with Image.open(photo_site.output / url.lstrip("/")) as file:
            assert file.format == "JPEG"
            assert file.width == int(width.removesuffix("w"))
            assert file.height > file.width  # upright: a portrait photo
            if file.width == max(widths):
                assert (img["width"], img["height"]) == (str(file.width), str(file.height))
                red, green, _blue = file.convert("RGB").getpixel((5, 5))
                assert red > 200 and green < 60  # the top-left corner, as it was shot
    for candidate in source["srcset"].split(", "):
        with Image.open(photo_site.output / candidate.split()[0].lstrip("/")) as file:
            assert file.format == "AVIF" and file.height > file.width


def test_heic_photos_are_accepted_and_converted(photo_site):
    page = photo_site.html("2026/fete/")
    pictures = page.select(".body picture")
    img = pictures[1].find("img")
    assert img["alt"] == "Lille au loin"
    assert (photo_site.output / img["src"].lstrip("/")).is_file()
    assert img["src"].endswith(".jpg")


def test_a_decorative_image_has_an_empty_description(photo_site):
    img = photo_site.html("2026/fete/").select(".body picture")[2].find("img")
    assert img["alt"] == "" and not img.has_attr("role")
    with Image.open(photo_site.output / img["src"].lstrip("/")) as file:
        assert file.mode == "RGB"  # a transparent PNG, laid on white for JPEG


def test_a_link_to_a_photo_leads_to_its_largest_jpeg(photo_site):
    link = photo_site.html("2026/fete/").find("a", string="La photo en grand")
    with Image.open(photo_site.output / link["href"].lstrip("/")) as file:
        assert (file.format, file.width) == ("JPEG", 1200)  # IMAGES_FALLBACK_WIDTHS


def test_the_image_field_is_the_cover_and_the_sharing_card(photo_site):
    page = photo_site.html("2026/fete/")
    cover = page.select_one("figure.cover img")
    assert cover["alt"] == "La cour sous les lampions"
    assert not cover.has_attr("loading")  # at the top: loaded at once
    og = page.find("meta", property="og:image")["content"]
    assert og.startswith("http://localhost:8000/images/")
    with Image.open(photo_site.output / og.split("/", 3)[3]) as file:
        assert file.format == "JPEG" and file.width <= 1200
        assert page.find("meta", property="og:image:width")["content"] == str(file.width)
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    described = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    article = next(d for d in described if d.get("@type") == "Article")
    assert article["image"].endswith(og.split("/", 3)[3])
    event = photo_site.html("evenements/fete/")
    assert event.select_one("figure.cover img")["alt"] == "Lille au loin"


def test_each_photo_is_encoded_once_and_kept_across_builds(photo_site, tmp_path):
    entries = [p for p in photo_site.cache.joinpath("images").glob("*/*") if p.is_dir()]
    assert len(entries) == 3  # fete.jpg is cited three times, by two articles
    stamps = {p: p.stat().st_mtime_ns for p in entries}
    again = build_site(photo_site.content, tmp_path / "output", extra=photo_site.extra)
    assert again.returncode == 0, again.log
    after = [p for p in photo_site.cache.joinpath("images").glob("*/*") if p.is_dir()]
    assert {p: p.stat().st_mtime_ns for p in after} == stamps
    assert sorted(f.name for f in images_in(tmp_path / "output")) == sorted(
        f.name for f in images_in(photo_site.output)
    )


def test_the_inventory_lists_a_photo_that_nothing_cites(photo_site):
    listing = subprocess.run(
        [
            sys.executable,
            "-m",
            "catalyst",
            "check",
            str(photo_site.content),
            "--inventory",
            "-e",
            *(f"{k}={json.dumps(v)}" for k, v in photo_site.extra.items()),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert listing.returncode == 0, listing.stderr
    lines = {line.split()[1]: line for line in listing.stdout.splitlines()[1:]}
    assert "inutilisée" in lines["content/images/orpheline.jpg"]
    assert "image" in lines["content/images/fete.jpg"]
    assert "1 inutilisée" in listing.stdout.splitlines()[0]


def test_a_changed_photo_changes_the_page_even_with_the_reader_cache(tmp_path):
    files = {
        "images/a.jpg": phone_jpeg(1000, 500),
        "articles/2026/a.md": article("![Une photo]({static}/images/a.jpg)"),
    }
    content = write_files(tmp_path / "content", files)
    extra = {"CONTENT_READER_CACHE": True, "CACHE_PATH": str(tmp_path / "cache")}
    first = build_site(content, tmp_path / "one", extra=extra)
    assert first.returncode == 0, first.log
    assert first.html("2026/a/").select_one(".body img")["height"] == "500"
    (content / "images/a.jpg").write_bytes(phone_jpeg(1000, 750))
    second = build_site(content, tmp_path / "two", extra=extra)
    assert second.returncode == 0, second.log
    assert second.html("2026/a/").select_one(".body img")["height"] == "750"


def test_originals_are_published_only_when_a_setting_asks(tmp_path):
    content = write_files(
        tmp_path / "content",
        {
            "images/a.jpg": phone_jpeg(600, 400),
            "articles/2026/a.md": article("![Une photo]({static}/images/a.jpg)"),
        },
    )
    build = build_site(content, tmp_path / "output", extra={"IMAGES_PUBLISH_ORIGINALS": True})
    assert build.returncode == 0, build.log
    assert (build.output / "images/a.jpg").read_bytes() == (content / "images/a.jpg").read_bytes()


def test_photos_that_cannot_be_published_are_refused_at_their_line(tmp_path):
    text = article(
        "![Un tract]({static}/images/faux.jpg)\n\n"
        "![Une capture]({static}/images/capture.jpg)\n\n"
        "![Une grosse photo]({static}/images/lourde.jpg)\n\n"
        "![Une photo absente]({static}/images/absente.jpg)\n\n"
        "![Une autre](images/absente.jpg)\n\n"
        '<img src="{static}/images/lourde.jpg" alt="En HTML">\n\n'
        "![Abîmée]({static}/images/abimee.jpg)\n",
    )
    content = write_files(
        tmp_path / "content",
        {
            "images/faux.jpg": b"%PDF-1.4 not a photo",
            "images/capture.jpg": png(),
            "images/lourde.jpg": phone_jpeg(2400, 1800),
            "images/abimee.jpg": phone_jpeg(800, 600)[:4000],
            "articles/2026/a.md": text,
        },
    )
    build = build_site(content, tmp_path / "output", extra={"IMAGES_MAX_BYTES": 600_000})
    assert build.returncode == 1
    assert "Traceback" not in build.log
    assert not (tmp_path / "output").exists()
    expected = {
        "faux.jpg": "n’est pas une image : c’est un document PDF",
        "capture.jpg": "est en réalité une image PNG",
        "Une grosse photo": "image trop lourde",
        "{static}/images/absente.jpg": "lien vers un fichier qui n’existe pas",
        "(images/absente.jpg)": "image introuvable",
        "<img": "photo citée en HTML",
    }
    for needle, message in expected.items():
        line = line_of(text, needle)
        assert reported(build.log, "content/articles/2026/a.md", line, message), (line, build.log)
    assert "content/images/abimee.jpg — image illisible" in build.log
    assert "renommez le fichier « capture.png »" in build.log


def test_a_photo_without_description_warns_in_preview_and_stops_publishing(tmp_path):
    text = article("![]({static}/images/a.jpg)", header="Image: images/a.jpg\n")
    files = {"images/a.jpg": phone_jpeg(600, 400), "articles/2026/a.md": text}
    content = write_files(tmp_path / "content", files)
    preview = build_site(content, tmp_path / "preview")
    assert preview.returncode == 0, preview.log
    where = "content/articles/2026/a.md"
    assert reported(preview.log, where, line_of(text, "Image:"), "photo sans description")
    assert reported(preview.log, where, line_of(text, "![]"), "image sans texte alternatif")
    published = build_site(content, tmp_path / "published", settings=PUBLISH_SETTINGS)
    assert published.returncode == 1
    assert "Image-Description: décorative" in published.log
    assert "![décorative](…)" in published.log


def test_a_photo_that_fails_while_pages_are_written_still_refuses_the_build(tmp_path):
    from cases.runner import check_command

    from catalyst.tools.release import build_atomically

    text = article("![Belle]({static}/images/belle.jpg)\n\n![Abîmée]({static}/images/abimee.jpg)")
    content = write_files(
        tmp_path / "content",
        {
            "images/belle.jpg": phone_jpeg(800, 600),
            "images/abimee.jpg": phone_jpeg(800, 600)[:4000],  # its header is fine: found late
            "articles/2026/a.md": text,
        },
    )
    build = build_site(content, tmp_path / "output", extra={"IMAGES_WORKERS": 2})
    assert build.returncode == 1, build.log
    assert "content/images/abimee.jpg — image illisible" in build.log
    assert "Traceback" not in build.log
    site, said = tmp_path / "site", []
    assert not build_atomically(
        output=site,
        settings=DEV_SETTINGS,
        content=content,
        extra={"IMAGES_WORKERS": 2, "CACHE_PATH": str(tmp_path / "c")},
        capture=said,
    )
    assert not site.exists() and "abimee.jpg — image illisible" in "".join(said)
    code, said = check_command(content)  # the check alone encodes and says it too
    assert code == 1 and "content/images/abimee.jpg — image illisible" in said
