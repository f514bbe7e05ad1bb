"""Templates compiled once and kept (plugins.template_cache) never show a reader an old page.

Jinja's bytecode cache is found by the template's name and used only while its source is the
same; the environment's options name the folder. Each test builds with a cache of its own and
compares with a build that compiles everything again.
"""

from __future__ import annotations

import shutil

from conftest import ROOT, build_site, write_files

TEXT = {"pages/p.md": "Title: Une page\n\nDu texte.\n"}


def _tree(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "feeds" not in p.parts  # feeds carry the time of the build
    }


def _build(tmp_path, name, content, theme, cache=True, **extra):
    settings = {"THEME": str(theme), "SEARCH_INDEX": False, "TEMPLATE_CACHE_ENABLED": cache}
    settings["CACHE_PATH"] = str(tmp_path / ("cache" if cache else f"no-cache-{name}"))
    build = build_site(content, tmp_path / name, extra={**settings, **extra})
    assert build.returncode == 0, build.log
    return build


def test_a_template_changed_between_builds_is_compiled_again(tmp_path):
    content = write_files(tmp_path / "content", TEXT)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    first = _build(tmp_path, "first", content, theme)
    kept = list((tmp_path / "cache" / "templates").rglob("*.cache"))
    assert kept, "the compiled templates are kept"
    again = _build(tmp_path, "again", content, theme)
    assert _tree(again.output) == _tree(first.output)

    page = theme / "templates" / "page.html"
    page.write_text(
        page.read_text().replace("{% block content %}", "{% block content %}<p>Neuf</p>", 1)
    )
    changed = _build(tmp_path, "changed", content, theme)
    assert "Neuf" in changed.html("/p/").get_text()
    fresh = _build(tmp_path, "fresh", content, theme, cache=False)
    assert _tree(changed.output) == _tree(fresh.output)


def test_other_environment_options_never_read_code_compiled_under_the_old_ones(tmp_path):
    content = write_files(tmp_path / "content", TEXT)
    _build(tmp_path, "first", content, ROOT / "theme")
    options = {"autoescape": True, "trim_blocks": False, "lstrip_blocks": False, "extensions": []}
    other = _build(tmp_path, "other", content, ROOT / "theme", JINJA_ENVIRONMENT=options)
    fresh = _build(tmp_path, "fresh", content, ROOT / "theme", False, JINJA_ENVIRONMENT=options)
    assert _tree(other.output) == _tree(fresh.output)
    assert len(list((tmp_path / "cache" / "templates").iterdir())) == 2
