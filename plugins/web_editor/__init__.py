"""Editing from the browser: Decap CMS at `/admin/`, its forms made from the content model.

Many volunteers will never install anything nor learn git. Decap CMS is a
static page that edits the repository's Markdown through GitHub's API and, in
its editorial workflow, opens one pull request per contribution (from a fork
for whoever cannot write to the repository: `open_authoring`): the checks then
speak to them as to anyone. Signing in to GitHub needs an OAuth proxy
(`WEB_EDITOR_AUTH_URL`, docs/deploiement.md), so `/admin/` is published only
when that, or a local backend (`invoke editeur`), is set; otherwise the build
says so in one line and the « Proposer… » links remain the way in.

This plugin's generator writes the editor into the output (`WEB_EDITOR_PATH`):
its page and scripts (admin/), Decap's bundle kept in the repository and
checked file by file (bundle.py), `config.yml` made from the content model
(config.py), and `editor.js`, the options of the « pelican » file format
(pelican-format.js), so the files it writes are in the header format the
reader accepts. The editor is never listed: not in the sitemap, not indexed
for search (it declares no page). Settings: `SETTINGS`.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals
from pelican.generators import Generator

from catalyst.model import read_model
from catalyst.model.addresses import page_base
from catalyst.model.errors import SettingsError
from catalyst.model.problems import ContentRefused
from catalyst.model.settings_spec import (
    COLLECTIONS_BRANCH,
    COLLECTIONS_REPOSITORY,
    SHARED,
    SameAs,
    Setting,
    defaults,
    value,
    values,
)

from .bundle import BundleError, verified_files
from .config import EditorOptions, editor_config

HERE = Path(__file__).resolve().parent
GITHUB_API = "https://api.github.com"
SETTINGS = (
    Setting("WEB_EDITOR_ENABLED", True, "`False`: never an `/admin/`"),
    Setting("WEB_EDITOR_PATH", "admin", "the editor's folder in the output"),
    Setting(
        "WEB_EDITOR_REPOSITORY",
        SameAs(COLLECTIONS_REPOSITORY),
        'the GitHub repository, `"owner/name"`',
    ),
    Setting("WEB_EDITOR_BRANCH", SameAs(COLLECTIONS_BRANCH), "the branch pull requests target"),
    Setting(
        "WEB_EDITOR_AUTH_URL",
        None,
        "the OAuth proxy that signs volunteers in to GitHub (Decap's `base_url`), e.g. "
        '`"https://sveltia-cms-auth.anis.workers.dev"`; `None`: no `/admin/` on the live site',
    ),
    Setting(
        "WEB_EDITOR_AUTH_ENDPOINT",
        "auth",
        "the proxy's sign-in path (Decap's `auth_endpoint`)",
    ),
    Setting(
        "WEB_EDITOR_AUTH_SCOPE",
        "public_repo",
        'what the token may do; `"repo"` only for a private repository',
    ),
    Setting(
        "WEB_EDITOR_OPEN_AUTHORING",
        True,
        "without write access: a fork and a pull request",
    ),
    Setting(
        "WEB_EDITOR_API_ROOT",
        None,
        "GitHub's API; another for GitHub Enterprise (or the tests' stand-in)",
    ),
    Setting(  # "http://127.0.0.1:8081/api/v1"
        "WEB_EDITOR_LOCAL_BACKEND",
        None,
        "decap-server's API, set by `invoke editeur`; used only when `/admin/` is opened on "
        "127.0.0.1",
    ),
)
DEFAULTS = defaults(SETTINGS)  # by name: quality/pages.py and tests/test_deployer_guide.py
NOT_PUBLISHED = (
    "Éditeur web non publié : sa connexion à GitHub n’est pas réglée (WEB_EDITOR_AUTH_URL, "
    "voir docs/deploiement.md) ; les liens « Proposer… » restent le chemin des bénévoles."
)


def _origin(name: str, value: str | None) -> str | None:
    """The proxy's address must be an origin: Decap accepts its handshake from exactly that."""
    if not value:
        return None
    parts = urlsplit(value)
    local = parts.hostname in ("127.0.0.1", "localhost")
    if (
        parts.scheme not in ("https", *(["http"] if local else []))
        or not parts.hostname
        or (parts.path.strip("/") or parts.query or parts.fragment)
    ):
        raise SettingsError(
            f"web_editor: {name} should be an address with nothing after the host, such as "
            f'"https://sveltia-cms-auth.anis.workers.dev" (https, no path), received {value!r}'
        )
    return f"{parts.scheme}://{parts.netloc}"


def read_options(settings: dict) -> EditorOptions:
    get = values(settings, SETTINGS)
    return EditorOptions(
        repository=get["WEB_EDITOR_REPOSITORY"]
        or value(settings, SHARED, "COLLECTIONS_REPOSITORY"),
        branch=value(settings, SETTINGS, "WEB_EDITOR_BRANCH", empty_is_default=True),
        local_backend=get["WEB_EDITOR_LOCAL_BACKEND"] or None,
        auth_url=_origin("WEB_EDITOR_AUTH_URL", get["WEB_EDITOR_AUTH_URL"]),
        auth_endpoint=get["WEB_EDITOR_AUTH_ENDPOINT"],
        auth_scope=get["WEB_EDITOR_AUTH_SCOPE"],
        open_authoring=bool(get["WEB_EDITOR_OPEN_AUTHORING"]),
        api_root=get["WEB_EDITOR_API_ROOT"] or None,
        media_folder="content/images",
        public_folder="images",
        site_url=page_base(settings),
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


def signs_in(options: EditorOptions) -> bool:
    """Whether someone can sign in to the editor: a repository, and a proxy or a local backend."""
    return bool(options.repository and (options.auth_url or options.local_backend))


class EditorGenerator(Generator):
    def generate_context(self):
        try:  # said before anything is written
            self.bundle = verified_files()
        except BundleError as error:
            message = f"Erreur interne, pas de votre texte : {error}"
            print(message, file=sys.stderr, flush=True)
            raise ContentRefused(message) from None

    def generate_output(self, writer):
        folder = os.path.join(self.output_path, value(self.settings, SETTINGS, "WEB_EDITOR_PATH"))
        os.makedirs(folder, exist_ok=True)
        options = read_options(self.settings)
        for source in sorted((HERE / "admin").iterdir()):
            if source.is_file():
                shutil.copyfile(source, os.path.join(folder, source.name))
        for source in self.bundle:
            shutil.copyfile(source, os.path.join(folder, source.name))
        if options.api_root:  # the page may talk to that API instead of GitHub's
            page = Path(folder, "index.html")
            origin = "/".join(options.api_root.split("/")[:3])
            page.write_text(
                page.read_text(encoding="utf-8").replace(GITHUB_API, origin), encoding="utf-8"
            )
        model = read_model(self.settings)
        config = editor_config(model, options)
        _write(os.path.join(folder, "config.yml"), json.dumps(config, ensure_ascii=False, indent=1))
        editor = json.dumps(
            {"format": format_options(model), "auth": options.auth_url}, ensure_ascii=False
        )
        _write(os.path.join(folder, "editor.js"), f"window.CATALYST_EDITOR = {editor};\n")


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text + ("" if text.endswith("\n") else "\n"))


def get_generators(pelican):
    if not value(pelican.settings, SETTINGS, "WEB_EDITOR_ENABLED"):
        return ()
    if not signs_in(read_options(pelican.settings)):
        print(NOT_PUBLISHED, file=sys.stderr, flush=True)  # a notice: stdout is the report
        return ()
    return EditorGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
