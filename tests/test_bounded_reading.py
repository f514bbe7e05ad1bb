"""Bounded work: one file's cost is bounded, and one file never changes another file's result.

An 800-level nested list once kept a check busy for minutes, then the report blamed every
other file of the site with « RecursionError … c’est un bug du site ». Now the reader refuses
it at the line where its nesting passes the limit, before Markdown parses anything; a text
still too deep for Markdown (the limit raised) is « texte trop imbriqué » for that file alone;
a file too large is refused unread, with its size and the limit. Read one by one or ahead by
a pool of processes, the other files give exactly what they give without it.
"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

import pytest
from cases.corpus import article
from cases.runner import DEV_SETTINGS, parse_report, write_tree
from pelican.settings import DEFAULT_CONFIG, read_settings

from catalyst.model.reader import ahead as ahead_module
from catalyst.model.reader.ahead import MIN_FOR_A_POOL
from catalyst.model.reader.limits import depth
from catalyst.model.reader.read import read_file
from conftest import build_site
from plugins.content_reader import ContentReader, SettingsError, reader_config

NBSP, NNBSP = "\u00a0", "\u202f"
FOLDER = "articles/2024/"
# First in its folder, so that read ahead, the files after it go through the same worker.
DEEP = FOLDER + "0-profond.md"
# 800 levels, one a line, indented with tabs (with spaces it would be 1.3 MB): body lines
# start at line 6 (article() has four header lines), level n + 1 is on line 6 + n.
DEEP_TEXT = article(title="Profond", body="\n".join("\t" * n + f"- niveau {n}" for n in range(800)))
FIRST_TOO_DEEP = 6 + 20  # the 21st level
# The same 800 levels on one line: what Markdown reaches once the limit is raised (it recurses
# in a fraction of a second, where the 800 lines above would take a minute to fail).
ONE_LINE = article(title="Profond", body="- " * 800 + "fin")
# Enough files for the pool to read them ahead (it starts at MIN_FOR_A_POOL).
NORMAL = {
    f"{FOLDER}texte-{n:02d}.md": article(
        "Tags: communs",
        title=f"Texte {n}",
        body=f"- un\n- deux\n\n    Suite {n} : « oui » !\n\n> Une citation.\n\n    du code\n",
    )
    for n in range(30)
}


def _settings(content: Path, **extra) -> dict:
    return {
        **copy.deepcopy(DEFAULT_CONFIG),
        **read_settings(str(DEV_SETTINGS)),
        "PATH": str(content),
        "CONTENT_READER_CACHE": False,
        **extra,
    }


def _read_all(content: Path, order: list[str], **extra) -> tuple[dict, list]:
    """{rel: (html, title)} of every file read, in `order`, by one reader; and its problems."""
    reader = ContentReader(_settings(content, **extra))
    read = {}
    for rel in order:
        html, metadata = reader.read(str(content / rel))
        read[rel] = (html, metadata.get("title"), metadata.get("status"))
    return read, reader.context["content_problems"].problems


@pytest.fixture(scope="module")
def alone(tmp_path_factory) -> dict:
    """What each normal file gives when no deep file is there."""
    content = write_tree(tmp_path_factory.mktemp("seuls") / "content", NORMAL)
    read, problems = _read_all(content, sorted(NORMAL), CONTENT_READER_WORKERS=1)
    assert not problems
    return read


@pytest.mark.parametrize("workers", [2, 1])
def test_an_800_level_list_is_refused_alone_at_its_line_in_french(tmp_path, workers):
    content = write_tree(tmp_path / "content", {**NORMAL, DEEP: DEEP_TEXT})
    assert len(NORMAL) >= MIN_FOR_A_POOL  # with 2 workers, a pool reads them ahead
    extra = {"SEARCH_INDEX": False, "CONTENT_READER_WORKERS": workers}
    build = build_site(content, tmp_path / "output", extra=extra)
    assert build.returncode == 1, build.log
    [refused] = parse_report(build.log)  # no other file is named
    assert (refused.severity, refused.path, refused.line) == ("erreur", f"content/{DEEP}", 26)
    assert refused.line == FIRST_TOO_DEEP
    assert refused.text.startswith(
        f"texte trop imbriqué{NBSP}: 21 niveaux de listes ou de citations les uns dans les "
        "autres à cette ligne, la limite est de 20 ; retirez des niveaux"
    )
    assert "bug du site" not in build.log and "RecursionError" not in build.log
    assert "Traceback" not in build.log


@pytest.mark.parametrize("workers", [2, 1])
def test_beside_an_800_level_list_the_other_files_read_as_alone(tmp_path, alone, workers):
    content = write_tree(tmp_path / "content", {**NORMAL, DEEP: DEEP_TEXT})
    read, problems = _read_all(content, [DEEP, *sorted(NORMAL)], CONTENT_READER_WORKERS=workers)
    assert read.pop(DEEP) == ("", None, "skip")
    assert read == alone
    assert [(p.path, p.line) for p in problems] == [(f"content/{DEEP}", FIRST_TOO_DEEP)]


def test_with_the_limit_raised_markdown_s_recursion_is_that_file_s_problem_alone(tmp_path):
    content = write_tree(tmp_path / "content", {**NORMAL, DEEP: ONE_LINE})
    build = build_site(
        content,
        tmp_path / "output",
        extra={
            "SEARCH_INDEX": False,
            "CONTENT_READER_WORKERS": 2,
            "CONTENT_READER_MAX_DEPTH": 10_000,
        },
    )
    assert build.returncode == 1, build.log
    [refused] = parse_report(build.log)
    assert (refused.path, refused.line) == (f"content/{DEEP}", 6)  # the line nested deepest
    assert refused.text.startswith(f"texte trop imbriqué{NBSP}: sa mise en forme s’arrête")
    assert "bug du site" not in build.log and "Traceback" not in build.log


@pytest.mark.parametrize("workers", [2, 1])
def test_after_markdown_s_recursion_the_next_files_read_as_alone(tmp_path, alone, workers):
    """A RecursionError leaves Python-Markdown's block parser inside the lists it was reading
    (`reset()` keeps that stack): the files after it, in the same process, lost their lists."""
    content = write_tree(tmp_path / "content", {**NORMAL, DEEP: ONE_LINE})
    read, problems = _read_all(
        content,
        [DEEP, *sorted(NORMAL)],
        CONTENT_READER_WORKERS=workers,
        CONTENT_READER_MAX_DEPTH=10_000,
    )
    assert read.pop(DEEP) == ("", None, "skip")
    assert read == alone
    assert [(p.path, p.message.split(NBSP)[0]) for p in problems] == [
        (f"content/{DEEP}", "texte trop imbriqué")
    ]


def test_an_oversized_file_is_refused_unread_with_its_size_and_the_limit(tmp_path):
    big = article(title="Gros", body="Un très long texte. " * 57_000)
    content = write_tree(tmp_path / "content", {FOLDER + "gros.md": big})
    size = (content / FOLDER / "gros.md").stat().st_size
    assert size > 1_000_000
    read, problems = _read_all(content, [FOLDER + "gros.md"])
    assert read[FOLDER + "gros.md"] == ("", None, "skip")
    [problem] = problems
    grouped = f"{size:,}".replace(",", NNBSP)
    assert problem.line is None
    assert problem.message == (
        f"fichier trop gros{NBSP}: 1,2{NBSP}Mo ({grouped} octets), la limite est de 1{NBSP}Mo "
        f"(1{NNBSP}000{NNBSP}000 octets)"
    )
    assert problem.fix.startswith(f"coupez-le en plusieurs textes{NNBSP};")


def test_the_size_limit_is_a_setting_and_counts_bytes(tmp_path):
    content = write_tree(tmp_path / "content", {FOLDER + "a.md": article(body="é" * 600)})
    _, problems = _read_all(content, [FOLDER + "a.md"], CONTENT_READER_MAX_BYTES=1000)
    [problem] = problems
    assert f"la limite est de 1{NBSP}ko (1{NNBSP}000 octets)" in problem.message


def test_a_text_longer_to_convert_than_its_budget_is_refused_and_never_cached():
    config = reader_config(_settings(Path("content")))
    text = article(body="[" * 20_000)  # Python-Markdown#798: minutes, quadratic
    result = read_file(
        "/site/content/articles/2024/a.md",
        text.encode(),
        "articles/2024/a.md",
        dataclasses.replace(config, max_seconds=0.5),
    )
    [problem] = result.problems
    said = f"mise en forme trop longue{NBSP}: plus de 0,5{NBSP}s pour ce seul texte"
    assert problem.message == said
    assert result.refused and not result.cacheable


def test_an_error_while_reading_ahead_is_raised_for_its_file_only(tmp_path, monkeypatch):
    """A bug of the site met in one file is that file's « Pelican n’a pas pu lire », once: the
    pool reads ahead once for the build, and the other files keep their results."""
    content = write_tree(tmp_path / "content", NORMAL)
    broken = FOLDER + "texte-03.md"
    original, pools = ahead_module.read_file, []

    def read(path, raw, rel, config):  # in the workers: they are forked after this
        if rel == broken:
            raise ZeroDivisionError("division par zéro")
        return original(path, raw, rel, config)

    class CountedPool(ahead_module.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(ahead_module, "read_file", read)
    monkeypatch.setattr(ahead_module, "ProcessPoolExecutor", CountedPool)
    reader = ContentReader(_settings(content, CONTENT_READER_WORKERS=2))
    for rel in sorted(NORMAL):
        if rel == broken:
            with pytest.raises(ZeroDivisionError):
                reader.read(str(content / rel))
        else:
            assert reader.read(str(content / rel))[0].startswith("<ul>")
    assert len(pools) == 1  # before: one pool more for every file read after the error


@pytest.mark.parametrize(("line", "levels"), [
    ("Un paragraphe.", 0),
    ("- un", 1),
    ("    - deux", 2),
    ("\t\t- trois", 3),
    ("> > citée deux fois", 2),
    ("> - > - mêlées", 4),
    ("1. un", 1),
    ("12) douze", 1),
    ("- - - x", 3),
    ("- - -", 0),  # a horizontal rule
    ("        du code indenté", 0),
    ("-sans espace", 0),
])  # fmt: skip
def test_nesting_is_counted_from_the_start_of_the_line(line, levels):
    assert depth(line) == levels


@pytest.mark.parametrize(("name", "value"), [
    ("CONTENT_READER_MAX_DEPTH", 0), ("CONTENT_READER_MAX_BYTES", "1 Mo"),
    ("CONTENT_READER_MAX_SECONDS", -1), ("CONTENT_READER_MAX_DEPTH", True),
])  # fmt: skip
def test_a_wrong_limit_setting_names_the_plugin_the_setting_and_the_value(tmp_path, name, value):
    with pytest.raises(SettingsError, match=rf"content_reader: {name} should be .*{value!r}"):
        reader_config(_settings(tmp_path, **{name: value}))
