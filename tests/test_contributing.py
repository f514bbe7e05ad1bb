"""CONTRIBUTING.md's tables of keys agree with the content model.

Volunteers learn which keys a file may have, and which are required, from the
tables of CONTRIBUTING.md; the build accepts and requires what the content
model (catalyst.model) declares. Each type's table is found under its
section heading, and must list exactly the type's fields that are not
`advanced`, with « oui » in the « obligatoire » column exactly for the
required ones.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pelican.settings import read_settings

from catalyst.model import ContentType, read_model

ROOT = Path(__file__).resolve().parent.parent
CONTRIBUTING = ROOT / "CONTRIBUTING.md"

# The section of CONTRIBUTING.md that documents each content type.
SECTIONS = {
    "article": "Le fichier d’un article",
    "page": "Les pages",
    "guestbook": "Un témoignage pour le livre d’or",
    "projects": "Une fiche projet",
    "events": "Le compte rendu d’un événement",
    "letter": "L’édito de la lettre",
}
KEY_COLUMN, REQUIRED_COLUMN = "clé", "obligatoire"


@pytest.fixture(scope="module")
def model():
    return read_model(read_settings(str(ROOT / "pelicanconf.py")))


@pytest.fixture(scope="module")
def tables() -> dict[str, dict[str, str]]:
    """{section heading: {key: what its « obligatoire » cell says}}."""
    return read_tables(CONTRIBUTING.read_text(encoding="utf-8"))


def read_tables(text: str) -> dict[str, dict[str, str]]:
    """The first table of keys under each `## ` heading, outside fenced code."""
    found: dict[str, dict[str, str]] = {}
    heading, rows, fence = None, [], False
    for line in [*text.splitlines(), ""]:
        if line.lstrip().startswith("```"):
            fence = not fence
        is_row = not fence and line.startswith("|")
        if rows and not is_row:
            table = _keys(rows)
            if table is not None and heading not in found:
                found[heading] = table
            rows = []
        if fence:
            continue
        if line.startswith("## "):
            heading = line[3:].strip()
        elif is_row and heading is not None:
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return found


def _keys(rows: list[list[str]]) -> dict[str, str] | None:
    header, *body = rows
    if KEY_COLUMN not in header or REQUIRED_COLUMN not in header:
        return None
    key, required = header.index(KEY_COLUMN), header.index(REQUIRED_COLUMN)
    table = {}
    for row in body:
        if set("".join(row)) <= set("-: "):  # the | --- | line
            continue
        name = row[key].strip("`")
        if name in table:
            raise ValueError(f"« {name} » appears twice in one table")
        table[name] = row[required]
    return table


def volunteer_keys(ctype: ContentType) -> set[str]:
    return {f.key for f in ctype.fields if not f.advanced}


def required_keys(ctype: ContentType) -> set[str]:
    """Required fields, plus the first volunteer field of each « one of » group (`Authors`)."""
    required = {f.key for f in ctype.fields if f.required}
    for group in ctype.one_of:
        fields = [ctype.field(name) for name in group]
        required |= {next(f.key for f in fields if f and not f.advanced)}
    return required


def test_every_content_type_has_a_section_with_a_table_of_keys(model, tables):
    assert {t.name for t in model.types} == set(SECTIONS)
    missing = [heading for heading in SECTIONS.values() if heading not in tables]
    assert not missing, f"CONTRIBUTING.md has no table of keys under: {missing}"


@pytest.mark.parametrize("name", SECTIONS)
def test_a_table_lists_exactly_the_keys_a_volunteer_may_write(model, tables, name):
    ctype = model.get(name)
    listed = set(tables.get(SECTIONS[name], {}))
    expected = volunteer_keys(ctype)
    assert listed == expected, (
        f"« {SECTIONS[name]} »: missing {sorted(expected - listed)}, "
        f"not in the model (or advanced) {sorted(listed - expected)}"
    )


@pytest.mark.parametrize("name", SECTIONS)
def test_a_table_says_oui_exactly_for_the_required_keys(model, tables, name):
    ctype = model.get(name)
    table = tables.get(SECTIONS[name], {})
    said_required = {key for key, cell in table.items() if cell == "oui"}
    assert said_required == required_keys(ctype), f"« {SECTIONS[name]} »"


def test_an_article_table_says_oui_for_authors_required_as_authors_or_author(model, tables):
    article = model.get("article")
    assert ("authors", "author") in article.one_of
    assert not article.field("authors").required
    assert tables[SECTIONS["article"]]["Authors"] == "oui"


def test_a_table_under_a_heading_is_read_with_its_required_column():
    text = "\n".join(
        [
            "## Un type",
            "",
            "```markdown",
            "| clé | obligatoire | faux tableau dans un exemple |",
            "```",
            "",
            "| clé | obligatoire | ce qu’elle contient |",
            "| --- | --- | --- |",
            "| `Title` | oui | le titre |",
            "| `Tags` | non | des mots-clés |",
            "## Un autre type",
            "",
            "| clé | obligatoire | ce qu’elle contient |",
            "| --- | --- | --- |",
            "| `Start` | conseillé | le début |",
        ]
    )
    assert read_tables(text) == {
        "Un type": {"Title": "oui", "Tags": "non"},
        "Un autre type": {"Start": "conseillé"},
    }


def test_a_key_listed_twice_is_refused():
    text = "## T\n\n| clé | obligatoire |\n| --- | --- |\n| `A` | oui |\n| `A` | non |\n"
    with pytest.raises(ValueError, match="twice"):
        read_tables(text)
