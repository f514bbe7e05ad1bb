"""Each plugin's settings declared once, and docs/developers/plugins.md's tables made from them.

The project's rule: settings are upper-case, prefixed by their plugin, defaulted in the plugin,
documented in the developers' docs. Each plugin lists its settings in `SETTINGS`
(catalyst.model.settings_spec); catalyst.tools.settings_doc writes the tables, and fails
(`--check`) when one differs. Every read of a plugin's setting in plugins/ and catalyst/ (read
with `ast`: `settings.get("X", …)`, `settings["X"]`, `value(settings, SETTINGS, "X")`) names a
declared setting, and a default still written at a read agrees with the declaration. Negative
controls: a scratch copy of the page with a changed default, or a broken marker, fails.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from catalyst.model.settings_spec import SHARED, SameAs, Setting, value, values
from catalyst.tools.settings_doc import DOC, DocError, declarations, literal, main, render
from conftest import ROOT

# A plugin's prefix is its name (`EDIT_LINKS_`) but for these three; SITE_HOST, the site's host
# in the feeds' ids and the calendars' UIDs, is the one setting without its plugin's prefix.
PREFIX_NOT_NAME = {
    "content_collections": "COLLECTIONS_",
    "site_search": "SEARCH_",
    "typography_fr": "TYPOGRAPHY_",
}
PLUGINS = sorted(p.parent.name for p in (ROOT / "plugins").glob("*/__init__.py"))
PREFIXES = {name: PREFIX_NOT_NAME.get(name, name.upper() + "_") for name in PLUGINS}
UNPREFIXED = {"SITE_HOST": "syndication"}


def declared_names() -> dict[str, Setting]:
    return {s.name: s for settings in declarations().values() for s in settings}


# --- the page


def test_the_settings_tables_are_up_to_date(capsys):
    status = main(["--check"])
    assert status == 0, capsys.readouterr().err


def test_a_changed_default_in_a_scratch_copy_fails_the_check(tmp_path, capsys):
    """Negative control: a table that no longer says the declared default."""
    scratch = tmp_path / "plugins.md"
    shutil.copyfile(DOC, scratch)
    text = scratch.read_text(encoding="utf-8")
    row = "| `IMAGES_MAX_BYTES` | `25_000_000` |"
    assert row in text
    scratch.write_text(text.replace(row, "| `IMAGES_MAX_BYTES` | `30_000_000` |"), "utf-8")
    assert main(["--check", "--file", str(scratch)]) == 1
    said = capsys.readouterr().err
    assert "plugins.images" in said and "out of date" in said
    assert main(["--file", str(scratch)]) == 0  # written again: the page as it was
    assert scratch.read_text(encoding="utf-8") == text


def test_markers_that_do_not_match_the_plugins_fail(tmp_path, capsys):
    text = DOC.read_text(encoding="utf-8")
    declared = declarations()
    sitemap = text.index("<!-- settings: plugins.sitemap -->")
    broken = {
        "plugins.sitemap declares settings but has no table": text[:sitemap],
        "plugins.navigation has a table but declares no settings": text.replace(
            "plugins.sitemap -->", "plugins.navigation -->"
        ),
        "not paired": text.replace("<!-- /settings -->", "", 1),
        "plugins.sitemap has two tables": text + text[sitemap:],
    }
    for message, page in broken.items():
        with pytest.raises(DocError, match=message):
            render(page, declared)
    scratch = tmp_path / "plugins.md"
    scratch.write_text(broken["not paired"], encoding="utf-8")
    assert main(["--check", "--file", str(scratch)]) == 1
    assert "not paired" in capsys.readouterr().err


def test_defaults_are_shown_as_python_literals():
    for setting in declared_names().values():
        if isinstance(setting.default, SameAs):
            assert literal(setting.default) == setting.default.setting.name
        else:
            assert ast.literal_eval(literal(setting.default)) == setting.default, setting.name
    assert literal(("article",)) == '("article",)'
    assert literal({"avif": 55}) == '{"avif": 55}'
    assert literal(25_000_000) == "25_000_000" and literal(2000) == "2000"


# --- the declarations


def test_every_setting_is_upper_case_prefixed_by_its_plugin_and_declared_once():
    assert set(PREFIX_NOT_NAME) <= set(PLUGINS)
    seen: dict[str, str] = {}
    for plugin, settings in declarations().items():
        for setting in settings:
            assert setting.name not in seen, f"{setting.name}: {seen.get(setting.name)}, {plugin}"
            seen[setting.name] = plugin
            assert setting.name == setting.name.upper()
            assert setting.name.startswith(PREFIXES[plugin]) or (
                UNPREFIXED.get(setting.name) == plugin
            ), f"plugins.{plugin} declares {setting.name}"
            assert setting.about and "\n" not in setting.about, setting.name
    assert {s.name for s in SHARED} <= set(seen), "a shared setting no plugin lists"


def test_a_read_takes_the_declared_default():
    declared = (
        Setting("X_REPOSITORY", None, ""),
        Setting("X_BRANCH", "main", ""),
    )
    edit = (
        Setting("Y_REPOSITORY", SameAs(declared[0]), ""),
        Setting("Y_BRANCH", SameAs(declared[1]), ""),
    )
    assert value({}, declared, "X_BRANCH") == "main"
    assert value({"X_BRANCH": ""}, declared, "X_BRANCH") == ""
    assert value({"X_BRANCH": ""}, declared, "X_BRANCH", empty_is_default=True) == "main"
    assert value({"X_REPOSITORY": "a/b"}, edit, "Y_REPOSITORY") == "a/b"
    assert value({"X_REPOSITORY": "a/b", "Y_REPOSITORY": None}, edit, "Y_REPOSITORY") is None
    settings = {"X_BRANCH": "", "Y_BRANCH": None}
    assert value(settings, edit, "Y_BRANCH", empty_is_default=True) == "main"
    assert values({"X_BRANCH": "dev"}, edit) == {"Y_REPOSITORY": None, "Y_BRANCH": "dev"}
    with pytest.raises(KeyError):
        value({}, declared, "X_BRANCHES")


# --- the reads, in the code


SETTINGS_LIKE = ("settings", "context")  # `settings`, `self.settings`, `pelican.settings`…


def _receiver(node: ast.expr) -> str:
    if isinstance(node, ast.BoolOp):  # (settings or {}).get(…)
        node = node.values[0]
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else ""


def _settings_like(node: ast.expr) -> bool:
    name = _receiver(node)
    return name == "get" or name.endswith(SETTINGS_LIKE)  # `get`: `get = settings.get`, values


def reads(tree: ast.Module):
    """(line, name, default node or None) of each read of a setting named by a constant."""
    constants = {
        t.id: n.value.value
        for n in tree.body
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)
        for t in n.targets
        if isinstance(t, ast.Name) and isinstance(n.value.value, str)
    }

    def name_of(node: ast.expr) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        return constants.get(node.id) if isinstance(node, ast.Name) else None

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if called == "value" and len(node.args) >= 3:  # value(settings, SETTINGS, "X")
                yield node.lineno, name_of(node.args[2]), None
            elif isinstance(func, ast.Attribute) and func.attr == "get":
                if _settings_like(func.value):
                    default = node.args[1] if len(node.args) > 1 else None
                    yield node.lineno, name_of(node.args[0]), default
            elif isinstance(func, ast.Name) and func.id == "get":  # get = settings.get
                default = node.args[1] if len(node.args) > 1 else None
                yield node.lineno, name_of(node.args[0]), default
        elif isinstance(node, ast.Subscript) and _settings_like(node.value):
            yield node.lineno, name_of(node.slice), None
        elif isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            first = node.values[0]  # settings.get("X") or <literal>: a default too
            if (
                isinstance(first, ast.Call)
                and isinstance(first.func, ast.Attribute | ast.Name)
                and _receiver(first.func) == "get"
                and first.args
                and len(first.args) == 1
                and (not isinstance(first.func, ast.Attribute) or _settings_like(first.func.value))
            ):
                yield first.lineno, name_of(first.args[0]), node.values[1]


def ours(name: str | None) -> bool:
    return bool(name) and (name.startswith(tuple(PREFIXES.values())) or name in UNPREFIXED)


def code_files() -> list[Path]:
    return sorted(
        path
        for folder in ("plugins", "catalyst")
        for path in (ROOT / folder).rglob("*.py")
        if "node_modules" not in path.parts
    )


def test_every_read_of_a_plugins_setting_is_declared_with_the_same_default():
    declared = declared_names()
    undeclared, disagreeing, found = [], [], 0
    for path in code_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for line, name, default in reads(tree):
            if not ours(name):
                continue
            found += 1
            where = f"{path.relative_to(ROOT)}:{line}: {name}"
            if name not in declared:
                undeclared.append(where)
                continue
            try:
                written = ast.literal_eval(default) if default is not None else None
            except (ValueError, TypeError):
                continue  # computed (another setting, a path): not a default of its own
            expected = declared[name].default
            if default is not None and not isinstance(expected, SameAs) and written != expected:
                disagreeing.append(f"{where} defaults to {written!r}, declared {expected!r}")
    assert found > 50  # the scan sees the reads
    assert not undeclared, "read but not declared:\n" + "\n".join(undeclared)
    assert not disagreeing, "\n".join(disagreeing)


def test_the_scan_sees_an_undeclared_read_and_a_default_that_disagrees():
    """Negative control for the test above."""
    code = (
        'def f(settings):\n    a = settings.get("IMAGES_WIDTH")\n'
        '    b = self.settings.get("SITEMAP_SAVE_AS", "plan.xml")\n'
        '    c = settings.get("SITE_HOST") or "example.org"\n'
        '    d = value(settings, SETTINGS, "SEARCH_INDEXES")\n'
        '    e = os.environ.get("NEWSLETTER_SUBSCRIBERS")\n'
    )
    found: dict[str, list] = {}
    for _, name, default in reads(ast.parse(code)):
        if default is not None:
            found.setdefault(name, []).append(ast.literal_eval(default))
        else:
            found.setdefault(name, [])
    assert found == {
        "IMAGES_WIDTH": [],
        "SITEMAP_SAVE_AS": ["plan.xml"],
        "SITE_HOST": ["example.org"],
        "SEARCH_INDEXES": [],
    }
    declared = declared_names()
    assert "IMAGES_WIDTH" not in declared and "SEARCH_INDEXES" not in declared
    assert declared["SITEMAP_SAVE_AS"].default != "plan.xml"
    assert declared["SITE_HOST"].default != "example.org"
