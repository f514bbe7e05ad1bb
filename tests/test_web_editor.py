"""The web editor's forms are the content model's: every type, field, label, choice and rule.

A field added to the model appears in the editor; a field the build requires is
required in the form; a choice list is the model's. The editor is written at
`/admin/` of every build, from our own files, and never listed: not in the
sitemap, not indexed for search. Its browser test is test_web_editor_browser.py.
"""

from __future__ import annotations

import json
import re

import pytest
from pelican.settings import read_settings

from conftest import DEV_SETTINGS, build_site, write_files
from plugins.content_model import read_model
from plugins.typography_fr.rules import french
from plugins.web_editor import format_options, read_options
from plugins.web_editor.config import editor_config


@pytest.fixture(scope="module")
def settings():
    return read_settings(str(DEV_SETTINGS))


@pytest.fixture(scope="module")
def model(settings):
    return read_model(settings)


@pytest.fixture(scope="module")
def config(model, settings):
    return editor_config(model, read_options(settings))


def test_one_collection_per_type_with_the_model_s_fields_and_rules(model, config):
    collections = {c["name"]: c for c in config["collections"]}
    assert set(collections) == {t.name for t in model.types if t.folders}
    for ctype in model.types:
        found = {f["name"]: f for f in collections[ctype.name]["fields"]}
        shown = [f for f in ctype.fields if not f.advanced and f.name != "status"]
        assert list(found) == [f.name for f in shown] + ["body"]  # the model's order
        for spec in shown:
            form = found[spec.name]
            assert form["label"] == french(spec.label, [])  # with French typography
            assert form["required"] is (
                spec.required
                or any(spec.name == next(n for n in g if n in found) for g in ctype.one_of)
            )
            if spec.choices:
                assert form["widget"] == "select" and form["options"] == list(spec.choices)
            if spec.type == "ref":
                assert form["widget"] == "relation" and form["collection"] == spec.collection
        assert collections[ctype.name]["folder"] == f"content/{ctype.folders[0]}"


def test_every_field_the_build_requires_is_required_in_the_form(model, config):
    by_name = {c["name"]: {f["name"]: f for f in c["fields"]} for c in config["collections"]}
    for ctype in model.types:
        for spec in ctype.fields:
            if spec.required:
                assert by_name[ctype.name][spec.name]["required"] is True, (ctype.name, spec)
    assert by_name["article"]["authors"]["required"] is True  # one of Authors or Author


def test_file_names_are_those_the_reader_expects(config):
    collections = {c["name"]: c for c in config["collections"]}
    assert collections["guestbook"]["path"] == "{{event}}/{{slug}}"
    assert collections["guestbook"]["slug"] == "{{author}}"
    assert collections["article"]["path"] == "{{date | truncate(4)}}/{{slug}}"
    assert collections["events"]["path"] == "{{start | truncate(4)}}/{{slug}}"
    assert collections["letter"]["create"] is False  # one file a week: `invoke new lettre`
    for collection in config["collections"]:  # Decap lower-cases its path templates
        names = re.findall(r"{{\s*([^}|\s]+)", collection.get("path", ""))
        assert all(n == n.lower() for n in names)
        if "path" in collection:
            assert collection["media_folder"] == "/content/images"


def test_the_format_knows_the_model_s_lists_and_odd_spellings(model):
    options = format_options(model)
    assert {"tags", "authors", "speakers"} <= set(options["lists"])
    assert options["multiline"] == ["summary"]
    assert options["spelling"]["url"] == "URL"  # the others are capitalised: `Source-Name`
    assert "source-name" not in options["spelling"]


def test_the_editor_is_published_from_our_files_and_never_listed(tmp_path):
    content = write_files(tmp_path / "content", {
        "pages/a-propos.md": "Title: À propos\n\nUn texte.\n",
    })  # fmt: skip
    build = build_site(content, tmp_path / "output")
    assert build.returncode == 0, build.log
    admin = build.output / "admin"
    assert {"index.html", "config.yml", "editor.js", "decap-cms.js"} <= {
        p.name for p in admin.iterdir()}  # fmt: skip
    config = json.loads((admin / "config.yml").read_text(encoding="utf-8"))  # JSON is YAML
    assert config["locale"] == "fr" and config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["repo"] == "anis-catalyst/catalyst-publications"
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert 'lang="fr"' in page and "noindex" in page
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing from another host
    assert "data-pagefind-body" not in page
    assert "/admin" not in (build.output / "sitemap.xml").read_text(encoding="utf-8")
