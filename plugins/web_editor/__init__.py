"""Editing from the browser: Decap CMS at `/admin/`, its forms made from the content model.

Many volunteers will never install anything nor learn git. Decap CMS is a
static page that edits the repository's Markdown through the repository
host's API and, in its editorial workflow, opens one pull request per
contribution: the checks then speak to them as to anyone. This plugin's
generator writes the editor into the output (`WEB_EDITOR_PATH`, `admin/`):
its page and scripts (plugins/web_editor/admin/), Decap's bundle from the npm
package the setup installs (plugins/web_editor/package-lock.json; nothing is
loaded from another host), `config.yml` made from the content model
(config.py), and `editor.js`, the options of the « pelican » file format
(pelican-format.js), so the files it writes are in the header format the
reader accepts. The editor is never listed: not in the sitemap, not indexed
for search (it declares no page). Settings: see `DEFAULTS` and README.md.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from plugins.content_checks import ContentRefused
from plugins.content_model import read_model

from .config import EditorOptions, editor_config

HERE = Path(__file__).resolve().parent
BUNDLE = HERE / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"
DEFAULTS = {
    "WEB_EDITOR_ENABLED": True,
    "WEB_EDITOR_PATH": "admin",  # the editor's folder in the output
    "WEB_EDITOR_REPOSITORY": None,  # "owner/name" on GitHub; default COLLECTIONS_REPOSITORY
    "WEB_EDITOR_BRANCH": None,  # default COLLECTIONS_BRANCH, else "main"
    "WEB_EDITOR_AUTH_URL": None,  # the OAuth proxy that logs volunteers in (Decap's base_url)
    "WEB_EDITOR_LOCAL_BACKEND": None,  # decap-server's API, "http://127.0.0.1:8081/api/v1"
}


MISSING = (
    "L’éditeur web (Decap CMS) n’est pas installé : lancez ./bootstrap.sh, qui l’installe, "
    "ou mettez WEB_EDITOR_ENABLED = False dans les réglages."
)


def read_options(settings: dict) -> EditorOptions:
    get = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    return EditorOptions(
        repository=get["WEB_EDITOR_REPOSITORY"] or settings.get("COLLECTIONS_REPOSITORY"),
        branch=get["WEB_EDITOR_BRANCH"] or settings.get("COLLECTIONS_BRANCH") or "main",
        local_backend=get["WEB_EDITOR_LOCAL_BACKEND"] or None,
        auth_url=get["WEB_EDITOR_AUTH_URL"] or None,
        media_folder="content/images",
        public_folder="images",
        site_url=settings.get("SITEURL") or "",
    )


def format_options(model) -> dict:
    """What the « pelican » format needs to know of the model: list fields, the summary's
    continued lines, keys not spelt as their capitalised name (`URL`, `Save_as`)."""
    fields = {f.name: f for t in model.types for f in t.fields}
    capitalised = {n: "-".join(p.capitalize() for p in n.split("-")) for n in fields}
    return {
        "lists": sorted(n for n, f in fields.items() if f.type in ("list", "tags", "urls")),
        "multiline": sorted(n for n, f in fields.items() if f.type == "summary"),
        "spelling": {n: f.key for n, f in sorted(fields.items()) if f.key != capitalised[n]},
    }


class EditorGenerator(Generator):
    def generate_context(self):
        if not BUNDLE.is_file():  # said before anything is written
            print(MISSING, file=sys.stderr, flush=True)
            raise ContentRefused(MISSING)

    def generate_output(self, writer):
        folder = os.path.join(self.output_path, self.settings.get("WEB_EDITOR_PATH", "admin"))
        os.makedirs(folder, exist_ok=True)
        for source in sorted((HERE / "admin").iterdir()):
            if source.is_file():
                shutil.copyfile(source, os.path.join(folder, source.name))
        shutil.copyfile(BUNDLE, os.path.join(folder, BUNDLE.name))
        model = read_model(self.settings)
        config = editor_config(model, read_options(self.settings))
        _write(os.path.join(folder, "config.yml"), json.dumps(config, ensure_ascii=False,
                                                              indent=1))  # fmt: skip
        options = json.dumps({"format": format_options(model)}, ensure_ascii=False)
        _write(os.path.join(folder, "editor.js"), f"window.CATALYST_EDITOR = {options};\n")


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text + ("" if text.endswith("\n") else "\n"))


def get_generators(pelican):
    enabled = pelican.settings.get("WEB_EDITOR_ENABLED", DEFAULTS["WEB_EDITOR_ENABLED"])
    return EditorGenerator if enabled else ()


def register() -> None:
    signals.get_generators.connect(get_generators)
