"""A build whose inputs have not changed is skipped, and says so; any change builds again."""

from __future__ import annotations

import shutil
from collections.abc import Callable

from cases.corpus import article
from cases.runner import DEV_SETTINGS, atomic_build, write_tree
from pelican.settings import read_settings

from conftest import ROOT, build_site


def test_a_second_build_with_nothing_changed_is_skipped_and_repeats_the_warnings(tmp_path):
    content = write_tree(tmp_path / "content", {"articles/2024/a.md": article()})
    extra = {"CACHE_PATH": str(tmp_path / "cache"), "SEARCH_INDEX": False}
    first = build_site(content, tmp_path / "out", extra=extra)
    assert first.returncode == 0, first.log
    assert "Site construit en " in first.log and "Done:" not in first.log  # French, not Pelican's
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
    content = write_tree(
        tmp_path / "content",
        {
            "articles/2024/a.md": article(),
            "articles/2024/b.md": article(title="Mal datée", date="2024-13-01"),
        },
    )
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


SAVE_DURING_BUILD = '''
"""A volunteer saves a text while the build runs: after its digest, before it reads the text."""
from pathlib import Path

from pelican import signals

PENDING = Path({pending!r})  # the text to save, once: its path, a line break, its new content


def save(pelican):
    if PENDING.exists():
        target, text = PENDING.read_text(encoding="utf-8").split("\\n", 1)
        Path(target).write_text(text, encoding="utf-8")
        PENDING.unlink()


def register():
    signals.initialized.connect(save)
'''


def _saving_during_builds(tmp_path) -> tuple[dict, Callable[[object, str], None]]:
    """Settings that load the plugin above, and a function that makes the next build save."""
    plugins, pending = tmp_path / "greffons", tmp_path / "a-enregistrer.txt"
    write_tree(plugins, {"enregistre.py": SAVE_DURING_BUILD.format(pending=str(pending))})
    names = [*read_settings(str(DEV_SETTINGS))["PLUGINS"], "enregistre"]
    extra = {
        "CACHE_PATH": str(tmp_path / "cache"),
        "SEARCH_INDEX": False,
        "PLUGIN_PATHS": [str(plugins)],
        "PLUGINS": names,
    }

    def save_during_next_build(path, text: str) -> None:
        pending.write_text(f"{path}\n{text}", encoding="utf-8")

    return extra, save_during_next_build


def test_a_text_saved_during_a_build_then_undone_is_built_again(tmp_path):
    files = {"articles/2024/a.md": article(body="Version zéro.")}
    content = write_tree(tmp_path / "content", files)
    source = content / "articles/2024/a.md"
    extra, save_during_next_build = _saving_during_builds(tmp_path)
    assert build_site(content, tmp_path / "out", extra=extra).returncode == 0
    source.write_text(article(body="Version un."), encoding="utf-8")
    save_during_next_build(source, article(body="Version enregistrée pendant."))
    during = build_site(content, tmp_path / "out", extra=extra)  # digests « un », reads the other
    assert during.returncode == 0, during.log
    page = tmp_path / "out/2024/a/index.html"
    assert "Version enregistrée pendant." in page.read_text(encoding="utf-8")
    source.write_text(article(body="Version un."), encoding="utf-8")  # the volunteer undoes it
    undone = build_site(content, tmp_path / "out", extra=extra)
    assert undone.returncode == 0 and "Rien n’a changé" not in undone.log
    assert "Version un." in page.read_text(encoding="utf-8")
    again = build_site(content, tmp_path / "out", extra=extra)  # and then it is up to date
    assert "Rien n’a changé" in again.log


def test_a_released_build_that_read_a_text_saved_meanwhile_is_not_recorded(tmp_path):
    """Released atomically (`invoke build`, the preview), the digest is taken by the process
    that releases; the build it runs takes the stamp from it."""
    content = write_tree(tmp_path / "content", {"articles/2024/a.md": article(body="Version A.")})
    source, output = content / "articles/2024/a.md", tmp_path / "output"
    extra, save_during_next_build = _saving_during_builds(tmp_path)
    assert atomic_build(content, output, extra=extra)[0] == 0
    source.write_text(article(body="Version B."), encoding="utf-8")
    save_during_next_build(source, article(body="Version C, enregistrée pendant."))
    assert atomic_build(content, output, extra=extra)[0] == 0
    page = output / "2024/a/index.html"
    assert "Version C" in page.read_text(encoding="utf-8")
    source.write_text(article(body="Version B."), encoding="utf-8")  # undone
    code, log = atomic_build(content, output, extra=extra)
    assert code == 0 and "Rien n’a changé" not in log
    assert "Version B." in page.read_text(encoding="utf-8")


def test_a_changed_content_type_declaration_builds_again(tmp_path):
    """content_types/*.toml is an input: a changed label reaches the pages at once."""
    types = tmp_path / "content_types"
    shutil.copytree(ROOT / "content_types", types)
    content = write_tree(tmp_path / "content", {"projects/jardin.md": PROJECT})
    extra = {
        "CACHE_PATH": str(tmp_path / "cache"),
        "SEARCH_INDEX": False,
        "CONTENT_MODEL_TYPES": str(types),
    }
    first = build_site(content, tmp_path / "out", extra=extra)
    assert first.returncode == 0, first.log
    declaration = types / "projects.toml"
    text = declaration.read_text(encoding="utf-8")
    declaration.write_text(text.replace('label = "Projets"', 'label = "Initiatives"'), "utf-8")
    again = build_site(content, tmp_path / "out", extra=extra)
    assert again.returncode == 0 and "Rien n’a changé" not in again.log
    assert "Initiatives" in (tmp_path / "out/projets/index.html").read_text(encoding="utf-8")


PROJECT = "Title: Jardin partagé\nStage: idée\n\nUn jardin.\n"
