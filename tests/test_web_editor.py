"""The web editor's forms are the content model's: every type, field, label, choice and rule.

A field added to the model appears in the editor; a field the build requires is
required in the form; a choice list is the model's. The editor is written at
`/admin/` only when someone can sign in to it (an OAuth proxy, or a local
backend), from our own files and Decap's bundle kept in the repository, checked
file by file; it is never listed: not in the sitemap, not indexed for search.
Its browser test is test_web_editor_browser.py.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from pelican.settings import read_settings

from catalyst.model import read_model
from catalyst.model.typography.rules import french
from conftest import DEV_SETTINGS, build_site, write_files
from plugins.web_editor import NOT_PUBLISHED, format_options, read_options
from plugins.web_editor.bundle import FOLDER, BundleError, verified_files
from plugins.web_editor.config import editor_config

PROXY = "https://connexion.example.org"


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
            label = french(spec.label, [])  # with French typography
            if spec.name.endswith("-description"):  # the photo's: required when one is chosen
                label += french(" (obligatoire avec une photo)", [])
            assert form["label"] == label
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
    content = write_files(
        tmp_path / "content",
        {
            "pages/a-propos.md": "Title: À propos\n\nUn texte.\n",
        },
    )
    build = build_site(content, tmp_path / "output", extra={"WEB_EDITOR_AUTH_URL": PROXY})
    assert build.returncode == 0, build.log
    admin = build.output / "admin"
    published = {p.name for p in admin.iterdir()}
    assert {"index.html", "config.yml", "editor.js", "decap-cms.js"} <= published
    assert {p.name for p in verified_files()} <= published  # its chunks, loaded on demand, too
    config = json.loads((admin / "config.yml").read_text(encoding="utf-8"))  # JSON is YAML
    assert config["locale"] == "fr" and config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["repo"] == "anis-catalyst/catalyst-publications"
    assert config["backend"]["base_url"] == PROXY and config["backend"]["auth_endpoint"] == "auth"
    assert config["backend"]["open_authoring"] is True  # no write access: a fork and a PR
    assert config["backend"]["auth_scope"] == "public_repo"  # not the volunteer's private repos
    assert "api_root" not in config["backend"]  # GitHub's own
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert 'lang="fr"' in page and "noindex" in page
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing from another host
    assert "data-pagefind-body" not in page
    assert "/admin" not in (build.output / "sitemap.xml").read_text(encoding="utf-8")


def test_without_a_sign_in_the_editor_is_not_published_and_the_build_says_so_once(tmp_path):
    content = write_files(
        tmp_path / "content",
        {
            "pages/a-propos.md": "Title: À propos\n\nUn texte.\n",
        },
    )
    build = build_site(content, tmp_path / "output")
    assert build.returncode == 0, build.log
    assert not (build.output / "admin").exists()
    assert build.log.count(NOT_PUBLISHED) == 1
    assert "WEB_EDITOR_AUTH_URL" in NOT_PUBLISHED and "docs/deploiement.md" in NOT_PUBLISHED


def test_a_test_api_is_allowed_by_the_editor_s_page(tmp_path):
    content = write_files(tmp_path / "content", {"pages/a.md": "Title: A\n\nTexte.\n"})
    extra = {"WEB_EDITOR_AUTH_URL": PROXY, "WEB_EDITOR_API_ROOT": "https://git.example.org/api/v3"}
    build = build_site(content, tmp_path / "output", extra=extra)
    assert build.returncode == 0, build.log
    page = (build.output / "admin/index.html").read_text(encoding="utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)[1]
    connect = next(d for d in policy.split(";") if d.strip().startswith("connect-src"))
    assert "https://git.example.org" in connect.split()
    assert "https://api.github.com" not in connect.split()


def test_the_kept_bundle_is_checked_file_by_file(tmp_path):
    copy = tmp_path / "decap"
    shutil.copytree(FOLDER, copy)
    assert [p.name for p in verified_files(copy)] == [p.name for p in verified_files()]
    assert (copy / "SHA256SUMS").read_text().startswith("# decap-cms@")
    chunk = next(copy.glob("*.decap-cms.js"))
    chunk.write_bytes(chunk.read_bytes() + b"alert(1)")
    (copy / "extra.js").write_text("alert(2)")
    with pytest.raises(BundleError) as refused:
        verified_files(copy)
    assert "extra.js" in str(refused.value) and chunk.name in str(refused.value)
    assert "python -m plugins.web_editor.bundle" in str(refused.value)


@pytest.mark.parametrize(
    "address",
    ["https://connexion.example.org/x", "http://connexion.example.org", "connexion.example.org",
     "https://connexion.example.org/?a=1"],
)  # fmt: skip
def test_a_proxy_address_that_decap_could_not_trust_is_a_settings_error(settings, address):
    from plugins.web_editor import SettingsError

    with pytest.raises(SettingsError, match="WEB_EDITOR_AUTH_URL"):
        read_options({**settings, "WEB_EDITOR_AUTH_URL": address})
    slash = read_options({**settings, "WEB_EDITOR_AUTH_URL": PROXY + "/"})
    assert slash.auth_url == PROXY  # Decap compares the handshake's origin with it
