"""Every mistake of the corpus (tests/cases/corpus.py) is refused, all in one run.

The corpus builds as one site, the way `invoke build` does, over a site built
before: the build fails, the previous site is left byte for byte, and the
report names each file and line, says what is wrong and how to fix it, in
French. `invoke check` prints the same report without building.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from cases.corpus import CASES, article, page
from cases.runner import atomic_build, check_command, parse_report, tree_hash, write_tree

UNREAD = "fichier illisible : non lu"  # plugins.content_collections' echo of a refused item


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    good = write_tree(
        root / "good", {"articles/2024/bon.md": article(), "pages/apropos.md": page()}
    )
    output = root / "output"
    code, log = atomic_build(good, output)
    assert code == 0, log
    before = tree_hash(output)
    content = root / "content"
    for case in CASES:
        write_tree(content, case.files)
        if case.setup:
            case.setup(content)
    code, log = atomic_build(content, output)
    return SimpleNamespace(
        code=code,
        log=log,
        reported=parse_report(log),
        before=before,
        after=tree_hash(output),
        content=content,
    )


def test_corpus_fails_the_build_and_leaves_the_previous_site_untouched(corpus):
    assert corpus.code != 0
    assert "le site n’a pas été construit" in corpus.log
    assert corpus.after == corpus.before


def test_every_bad_file_is_reported_in_the_same_run(corpus):
    expected = {f"content/{path}" for case in CASES for path, _, _ in case.expect}
    missing = expected - {r.path for r in corpus.reported}
    assert not missing, corpus.log


def test_report_has_no_english_traceback(corpus):
    assert "Traceback" not in corpus.log.split("le site n’a pas été construit")[0]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_mistake_is_reported_with_file_line_and_fix(corpus, case):
    for path, line, words in case.expect:
        shown = f"content/{path}"
        found = [
            r for r in corpus.reported if (r.path, r.line) == (shown, line) and words in r.text
        ]
        assert found, f"{shown}:{line} « {words} » manque dans :\n{corpus.log}"
        assert {r.severity for r in found} == {case.severity}
        assert " ; " in found[0].text  # what is wrong ; how to fix it
    if case.exact:
        for path in {path for path, _, _ in case.expect}:
            got = [
                r
                for r in corpus.reported
                if r.path == f"content/{path}" and not r.text.startswith(UNREAD)
            ]
            assert len(got) == sum(1 for p, _, _ in case.expect if p == path), got


def test_check_prints_the_same_report_without_building(corpus):
    code, log = check_command(corpus.content)
    assert code != 0
    assert set(parse_report(log)) == set(corpus.reported)
