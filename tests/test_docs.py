"""The docs, kept whole: a short README, links that lead somewhere, French that stays French.

README.md is read by three kinds of reader and sends each to their own docs: volunteers to
CONTRIBUTING.md, the maintainer who deploys and sends the letter to docs/ (in French), developers
to docs/developers/ (in English). It stays under 150 lines. Every doc (README.md,
CONTRIBUTING.md, docs/**/*.md, benchmarks/**/README.md) is rendered with Python-Markdown, and
each relative link or image it holds (outside code; http(s) and mailto left out) must reach a
file and, with an #anchor, a heading of that Markdown file, anchored as GitHub anchors it. The
French docs keep French typography outside code (tests/french_text.py, the deployer's guide's
check). Each index lists the docs of its folder, and the plugins' doc has every plugin.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from french_text import typography_problems

README = ROOT / "README.md"
README_MAX_LINES = 150
DOCS = ROOT / "docs"
DEVELOPERS = DOCS / "developers"
EXTENSIONS = ["tables", "fenced_code", "sane_lists"]


def docs() -> list[Path]:
    return [
        README,
        ROOT / "CONTRIBUTING.md",
        *sorted(DOCS.rglob("*.md")),
        *sorted((ROOT / "benchmarks").rglob("README.md")),
    ]


def french(path: Path) -> bool:
    """The volunteers' guide and the maintainer's docs; developers' docs are in English."""
    return path == ROOT / "CONTRIBUTING.md" or path.parent == DOCS


def name(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def rendered(path: Path) -> BeautifulSoup:
    html = markdown.markdown(path.read_text(encoding="utf-8"), extensions=EXTENSIONS)
    return BeautifulSoup(html, "html.parser")


def anchor(heading: str) -> str:
    """GitHub's anchor of a heading's text: lower-case; letters (accented ones too), digits,
    marks, - and _ kept, every other character dropped; each space a -."""
    kept = (c for c in heading.lower() if c in "-_ " or unicodedata.category(c)[0] in "LNM")
    return "".join(kept).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every heading's anchor; a repeated one gets -1, -2… as on GitHub."""
    found: set[str] = set()
    for heading in rendered(path).find_all(re.compile(r"^h[1-6]$")):
        base = anchor(heading.get_text())
        slug, n = base, 0
        while slug in found:
            n += 1
            slug = f"{base}-{n}"
        found.add(slug)
    return found


def links(path: Path) -> list[tuple[str, str]]:
    """(text, target) of every relative link and image of a Markdown file, outside code."""
    found = []
    for element in rendered(path).find_all(["a", "img"]):
        target = element.get("href") if element.name == "a" else element.get("src")
        if target is None or element.find_parent(["code", "pre"]):
            continue
        parts = urlsplit(target)
        if parts.scheme or parts.netloc:  # http(s), mailto and any other address
            continue
        found.append((element.get_text() or element.get("alt", ""), target))
    return found


def link_problems(path: Path) -> list[str]:
    problems = []
    for text, target in links(path):
        parts = urlsplit(target)
        file = (path.parent / unquote(parts.path)).resolve() if parts.path else path
        where = f"{name(path)}: [{text}]({target})"
        if not file.exists():
            problems.append(f"{where}: no file {name(file)}")
        elif parts.fragment:
            if file.suffix != ".md":
                problems.append(f"{where}: an anchor in {name(file)}, which is not Markdown")
            elif unquote(parts.fragment) not in anchors(file):
                problems.append(f"{where}: no heading of {name(file)} has this anchor")
    return problems


def too_long(path: Path) -> str | None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    if lines >= README_MAX_LINES:
        return f"{name(path)} has {lines} lines, {README_MAX_LINES} or more: move details to docs/"
    return None


def test_readme_is_short():
    assert too_long(README) is None, too_long(README)


def test_readme_sends_each_reader_to_their_docs():
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Where to go next\n", 1)[1].split("\n## ", 1)[0]
    targets = {target for _, target in links(README) if target in section}
    assert {
        "CONTRIBUTING.md",
        "docs/deploiement.md",
        "docs/publication.md",
        "docs/lettre.md",
        "docs/developers/README.md",
        "docs/README.md",
    } <= targets


@pytest.mark.parametrize("path", docs(), ids=name)
def test_every_relative_link_leads_to_a_file_and_a_heading(path):
    problems = link_problems(path)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", [p for p in docs() if french(p)], ids=name)
def test_french_docs_keep_french_typography(path):
    problems = typography_problems(path.read_text(encoding="utf-8"), name(path))
    assert not problems, "\n".join(f"{name(path)}:{p}" for p in problems)


def test_the_french_docs_are_the_volunteers_and_the_maintainers():
    found = {name(p) for p in docs() if french(p)}
    assert {
        "CONTRIBUTING.md",
        "docs/README.md",
        "docs/deploiement.md",
        "docs/lettre.md",
        "docs/publication.md",
    } <= found
    assert not {n for n in found if n.startswith("docs/developers/")}


@pytest.mark.parametrize("index", [DOCS / "README.md", DEVELOPERS / "README.md"], ids=name)
def test_each_index_lists_every_doc_of_its_folder(index):
    listed = {(index.parent / unquote(urlsplit(t).path)).resolve() for _, t in links(index)}
    missing = [name(p) for p in index.parent.glob("*.md") if p != index and p not in listed]
    assert not missing, f"{name(index)} does not link to {missing}"


def test_the_plugins_doc_has_every_plugin():
    text = (DEVELOPERS / "plugins.md").read_text(encoding="utf-8")
    for package in sorted(p.parent.name for p in (ROOT / "plugins").glob("*/__init__.py")):
        assert f"\n## `plugins.{package}`: " in text, f"no section for plugins.{package}"
        code = (ROOT / "plugins" / package / "__init__.py").read_text(encoding="utf-8")
        registers = "def register(" in code
        assert (f"\n| [`{package}`](#plugins{package}-" in text) == registers, package


def test_github_anchors():
    assert anchor("4. La connexion à l’éditeur web (/admin/)") == (
        "4-la-connexion-à-léditeur-web-admin"
    )
    assert anchor("The command line: python -m catalyst") == "the-command-line-python--m-catalyst"
    assert anchor("Vérifier\u00a0: «\u202fProjet\u202f»") == "vérifier-projet"
    assert anchor("Vérifier : « Projet »") == "vérifier---projet-"  # as GitHub, spaces kept
    assert anchor("a.b_c: declared once") == "ab_c-declared-once"


# Negative controls: what the checks above must report.


def test_a_broken_link_or_anchor_is_reported(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text(
        "# B\n\n## Un intertitre : là\n\n## Un intertitre : là\n"
    )
    page = tmp_path / "a.md"
    page.write_text(
        "# A\n\n"
        "[ok](sub/b.md) [ok](sub/b.md#un-intertitre--là-1) [ok](#a) [ok](https://x.org/y.md)\n"
        "[ok](mailto:a@b.org) `[in code](nowhere.md)`\n\n"
        "```\n[in a block](nowhere.md)\n```\n\n"
        "[gone](missing.md) [bad](sub/b.md#ailleurs) [self](#b) ![photo](images/x.jpg)\n",
        encoding="utf-8",
    )
    problems = link_problems(page)
    assert [p.split(": ", 1)[1] for p in problems] == [
        "[gone](missing.md): no file " + name(tmp_path / "missing.md"),
        "[bad](sub/b.md#ailleurs): no heading of "
        + name(tmp_path / "sub" / "b.md")
        + " has this anchor",
        "[self](#b): no heading of " + name(page) + " has this anchor",
        "[photo](images/x.jpg): no file " + name(tmp_path / "images" / "x.jpg"),
    ]


def test_a_long_readme_is_reported(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("ligne\n" * (README_MAX_LINES - 1), encoding="utf-8")
    assert too_long(readme) is None
    readme.write_text("ligne\n" * README_MAX_LINES, encoding="utf-8")
    assert too_long(readme) == (
        f"{readme} has {README_MAX_LINES} lines, {README_MAX_LINES} or more: move details to docs/"
    )


def test_english_typography_in_french_is_reported():
    line = "Le titre : un « mot » ; c'est tout!"
    assert typography_problems(line + "\n") == [
        f"1: no no-break space before « : »: {line}",
        f"1: no no-break space before « » »: {line}",
        f"1: no no-break space before « ; »: {line}",
        f"1: no no-break space before « ! »: {line}",
        f"1: no no-break space after « « »: {line}",
        f"1: a typewriter apostrophe or quote: {line}",
    ]
    assert (
        typography_problems("Le code `a : b` et ![une photo](x.png)\u00a0: https://a.org/?q=1\n")
        == []
    )
