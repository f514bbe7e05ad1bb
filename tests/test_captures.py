"""The screenshots of CONTRIBUTING.md (catalyst.tools.captures): each one is taken, as a small valid
PNG, and the guide shows exactly the pictures of docs/captures/, each with a description."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from catalyst.tools import captures
from conftest import ROOT

pytestmark = pytest.mark.browser

CONTRIBUTING = ROOT / "CONTRIBUTING.md"
SHIPPED = ROOT / "docs" / "captures"
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")


@pytest.fixture(scope="module")
def taken(tmp_path_factory) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("captures")
    return folder, captures.take_all(folder, log=lambda line: None)


def images_shown(markdown: str) -> list[tuple[str, str]]:
    """(description, path) of each Markdown image, outside fenced code and `code spans`."""
    shown, fence = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fence = not fence
        elif not fence:
            shown += IMAGE.findall(re.sub(r"`[^`]*`", "", line))
    return shown


def problems_of(path: Path) -> list[str]:
    """What makes `path` unfit for the guide: not a PNG, too heavy, odd size, blank."""
    found = []
    size = path.stat().st_size
    if not 1_000 <= size <= captures.MAX_BYTES:
        found.append(f"{path.name}: {size:,} bytes")
    with Image.open(path) as image:
        if image.format != "PNG":
            found.append(f"{path.name}: {image.format}, not PNG")
        image.verify()
    with Image.open(path) as image:
        width, height = image.size
        if not (300 <= width <= 1280 and 100 <= height <= 1000):
            found.append(f"{path.name}: {width} × {height} pixels")
        colours = image.convert("RGB").getcolors(maxcolors=width * height) or []
        if len(colours) < 16:  # a blank or nearly blank picture
            found.append(f"{path.name}: {len(colours)} colours")
    return found


def test_every_capture_is_taken_as_a_small_valid_png(taken):
    folder, written = taken
    assert [path.name for path in written] == list(captures.NAMES)
    assert sorted(p.name for p in folder.iterdir()) == sorted(captures.NAMES)
    assert [problem for path in written for problem in problems_of(path)] == []


def test_the_refusal_is_shot_over_the_article_and_the_phone_at_a_phones_width(taken):
    folder, _written = taken
    with Image.open(folder / captures.REFUSAL) as refusal:
        assert refusal.size == tuple(captures.REFUSAL_VIEWPORT.values())
    with Image.open(folder / "article-sur-telephone.png") as phone:
        assert phone.width == 375


def test_the_shipped_pictures_are_the_captures_small_and_valid():
    shipped = sorted(p.name for p in SHIPPED.iterdir())
    assert shipped == sorted(captures.NAMES)
    assert [problem for name in shipped for problem in problems_of(SHIPPED / name)] == []


def test_contributing_shows_every_shipped_picture_and_only_those():
    shown = images_shown(CONTRIBUTING.read_text(encoding="utf-8"))
    paths = [path for _description, path in shown]
    assert len(paths) == len(set(paths)), "a picture is shown twice"
    assert [p for p in paths if not p.startswith("docs/captures/")] == []
    assert sorted(Path(p).name for p in paths) == sorted(p.name for p in SHIPPED.glob("*.png"))


def test_every_picture_of_contributing_says_in_french_what_it_shows():
    for description, path in images_shown(CONTRIBUTING.read_text(encoding="utf-8")):
        assert len(description.split()) >= 5, f"{path}: « {description} » is too short"
        assert "'" not in description, f"{path}: a typographic apostrophe (’) is expected"


def test_images_in_code_are_not_pictures_of_the_guide():
    text = "\n".join(
        [
            "![Une capture qui montre le lien](docs/captures/a.png)",
            "Écrivez `![Ce que montre l’image]({static}/images/photo.jpg)`.",
            "```markdown",
            "![Les participants]({static}/images/atelier.jpg)",
            "```",
        ]
    )
    assert images_shown(text) == [("Une capture qui montre le lien", "docs/captures/a.png")]


def test_the_command_takes_at_most_one_folder(capsys):
    assert captures.main(["un", "deux"]) == 2
    assert captures.main(["--help"]) == 0
    assert "python -m catalyst.tools.captures [FOLDER]" in capsys.readouterr().out
