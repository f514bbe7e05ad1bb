"""A build whose inputs have not changed is skipped, and says so; any change builds again."""

from __future__ import annotations

from cases.corpus import article
from cases.runner import write_tree

from conftest import build_site


def test_a_second_build_with_nothing_changed_is_skipped_and_repeats_the_warnings(tmp_path):
    content = write_tree(tmp_path / "content", {"articles/2024/a.md": article()})
    extra = {"CACHE_PATH": str(tmp_path / "cache"), "SEARCH_INDEX": False}
    first = build_site(content, tmp_path / "out", extra=extra)
    assert first.returncode == 0, first.log
    page = tmp_path / "out/2024/a/index.html"
    stamp = page.stat().st_mtime_ns
    again = build_site(content, tmp_path / "out", extra=extra)
    assert again.returncode == 0 and "Rien n’a changé" in again.log
    assert page.stat().st_mtime_ns == stamp
    (content / "articles/2024/a.md").write_text(article(body="Un autre texte."), encoding="utf-8")
    changed = build_site(content, tmp_path / "out", extra=extra)
    assert changed.returncode == 0 and "Rien n’a changé" not in changed.log
    assert "Un autre texte" in page.read_text(encoding="utf-8")
    elsewhere = build_site(content, tmp_path / "other", extra=extra)  # another output folder
    assert "Rien n’a changé" not in elsewhere.log


def test_a_skipped_build_shows_the_warnings_again_and_a_failed_one_is_never_skipped(tmp_path):
    content = write_tree(tmp_path / "content", {
        "articles/2024/a.md": article(),
        "articles/2024/b.md": article(title="Mal datée", date="2024-13-01"),
    })  # fmt: skip
    extra = {"CACHE_PATH": str(tmp_path / "cache"), "SEARCH_INDEX": False}
    first = build_site(content, tmp_path / "out", extra=extra)
    assert first.returncode == 1
    again = build_site(content, tmp_path / "out", extra=extra)
    assert again.returncode == 1 and "Rien n’a changé" not in again.log
    (content / "articles/2024/b.md").write_text(
        article(title="Décrite", body="Texte : « oui »."), encoding="utf-8"
    )
    (content / "articles/2024/c.md").write_text(
        article(title="Lien", body="[Voir]({filename}brouillon.md)"), encoding="utf-8"
    )
    (content / "articles/2024/brouillon.md").write_text(article("Status: draft"), encoding="utf-8")
    warned = build_site(content, tmp_path / "out", extra=extra)
    assert warned.returncode == 0 and "lien vers un brouillon" in warned.log
    skipped = build_site(content, tmp_path / "out", extra=extra)
    assert "Rien n’a changé" in skipped.log and "lien vers un brouillon" in skipped.log
