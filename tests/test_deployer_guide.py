"""docs/deploiement.md, the deployer's guide, kept true by running it.

Every ```bash block of the guide is run, line by line and in the guide's order, in a clone of
this repository (committed files only, as a maintainer's own copy): `./bootstrap.sh` for real
(a fresh .venv from pip's cache, nothing linked to this checkout's), then the production build
and the content check. Each must exit 0; a build must write output/index.html with the public
address in it, and print the one-line « Éditeur web non publié » note exactly as the guide quotes
it while WEB_EDITOR_AUTH_URL is unset. Then the guide's WEB_EDITOR_AUTH_URL line is added to that
clone's publishconf.py and the guide's build is run again: /admin/ is published and signs in
through that address, asking for `public_repo`, with open authoring.

Without running anything: every ```python settings line names a setting that exists (a
web_editor default to add, or a line of the settings files shown as it is written there); the
guide names the workflows, their jobs and artifacts as the YAML does, so a renaming breaks this
test; what it says of the workflows' permissions and checkouts is what they do; the DNS record,
the OAuth app's fields and the worker's ALLOWED_DOMAINS follow SITEURL and
COLLECTIONS_REPOSITORY; its links lead somewhere; French typography outside code
(tests/french_text.py, shared with tests/test_docs.py); README.md links to it from « Where to
go next ».
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from pelican.settings import read_settings

from conftest import ROOT
from french_text import blocks, typography_problems
from plugins.web_editor import DEFAULTS

pytestmark = pytest.mark.slow

GUIDE = ROOT / "docs" / "deploiement.md"
GUIDE_NAME = "docs/deploiement.md"
WORKFLOWS = ROOT / ".github" / "workflows"
SETTINGS_FILES = (ROOT / "publishconf.py", ROOT / "pelicanconf.py")
NOT_PUBLISHED = "Éditeur web non publié"  # the start of plugins.web_editor's one-line note
BUILDS = ("invoke preview", "invoke publish", "invoke build", "invoke rebuild", "catalyst build")
# sveltia-cms-auth (src/index.js) answers the sign-in at /auth and GitHub's return at /callback,
# and reads these variables; Decap asks for `base_url` + "/" + `auth_endpoint`.
WORKER_ROUTES = {"auth": "/auth", "callback": "/callback"}
WORKER_VARIABLES = {"GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET", "ALLOWED_DOMAINS"}
PLACEHOLDER = "<sous-domaine>"  # the worker's workers.dev subdomain, in the guide


# The guide, read


def guide_text() -> str:
    return GUIDE.read_text(encoding="utf-8")


def commands(text: str) -> list[str]:
    """Every line of every ```bash block, in order: one command a line."""
    found = []
    for block in blocks(text, GUIDE_NAME):
        if block.lang != "bash":
            continue
        for line in filter(None, (t.strip() for t in block.text.splitlines())):
            assert not line.endswith("\\"), f"one command a line: {line!r}"
            found.append(line)
    return found


def builds(text: str) -> list[str]:
    return [c for c in commands(text) if any(b in c for b in BUILDS)]


def settings_lines(text: str) -> list[tuple[str, str, object]]:
    """(name, the line as written, its value) of every assignment in the ```python blocks."""
    found = []
    for block in blocks(text, GUIDE_NAME):
        if block.lang != "python":
            continue
        for node in ast.parse(block.text).body:
            assert isinstance(node, ast.Assign) and len(node.targets) == 1, ast.unparse(node)
            [target] = node.targets
            assert isinstance(target, ast.Name), ast.unparse(node)
            line = block.text.splitlines()[node.lineno - 1].strip()
            value = None if isinstance(node.value, ast.Name) else ast.literal_eval(node.value)
            found.append((target.id, line, value))
    return found


def text_rows(text: str) -> list[list[str]]:
    """The ```text blocks' lines, split on runs of two spaces or more (aligned columns)."""
    return [
        re.split(r" {2,}", line.strip())
        for b in blocks(text, GUIDE_NAME)
        if b.lang == "text"
        for line in b.text.splitlines()
        if line.strip()
    ]


def assigned(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        t.id
        for n in tree.body
        if isinstance(n, ast.Assign)
        for t in n.targets
        if isinstance(t, ast.Name)
    }


def production() -> dict:
    return read_settings(str(ROOT / "publishconf.py"))


def workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def job_named(flow: dict, name: str) -> dict:
    [found] = [j for j in flow["jobs"].values() if j.get("name") == name]
    return found


# The guide, run


@dataclass
class Run:
    command: str
    returncode: int
    output: str
    seconds: float


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONHOME")}
    ours = str(ROOT / ".venv" / "bin")  # the clone makes and uses its own .venv
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != ours)
    env["COLUMNS"] = "200"
    return env


def run(command: str, cwd: Path) -> Run:
    started = time.monotonic()
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", command],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=1200,
        check=False,
    )
    return Run(
        command, result.returncode, result.stdout + result.stderr, time.monotonic() - started
    )


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A maintainer's copy: what is committed, nothing else (no .venv, no output, no cache)."""
    folder = tmp_path_factory.mktemp("guide") / "catalyst-publications"
    subprocess.run(
        ["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(folder)],
        check=True,
        capture_output=True,
    )
    return folder


@pytest.fixture(scope="module")
def guide_runs(clone) -> list[Run]:
    """Every command of the guide, in its order, in the clone; all of them even after a failure."""
    return [run(command, clone) for command in commands(guide_text())]


@pytest.fixture(scope="module")
def editor_runs(clone, guide_runs) -> tuple[str, list[Run]]:
    """The guide's WEB_EDITOR_AUTH_URL line added to the clone's publishconf.py, as part 4 says,
    then the guide's builds again."""
    [(line, value)] = [
        (t, v) for n, t, v in settings_lines(guide_text()) if n == "WEB_EDITOR_AUTH_URL"
    ]
    address = value.replace(PLACEHOLDER, "anis-catalyst")
    settings = clone / "publishconf.py"
    settings.write_text(
        settings.read_text(encoding="utf-8").rstrip("\n")
        + "\n\n"
        + line.replace(value, address)
        + "\n",
        encoding="utf-8",
    )
    return address, [run(command, clone) for command in builds(guide_text())]


def test_the_guide_has_commands_and_builds():
    found = commands(guide_text())
    assert found[0] == "./bootstrap.sh"  # the rest needs its .venv
    assert builds(guide_text()), "no command of the guide builds the site"


def test_every_command_of_the_guide_exits_0_in_a_fresh_clone(clone, guide_runs):
    for ran in guide_runs:
        assert ran.returncode == 0, f"« {ran.command} » exited {ran.returncode}:\n{ran.output}"
    venv = clone / ".venv"  # made by ./bootstrap.sh there, not this checkout's
    assert venv.is_dir() and not venv.is_symlink() and (venv / "pyvenv.cfg").is_file()


def test_the_builds_write_the_production_site_and_the_one_line_note(clone, guide_runs):
    text = guide_text()
    [quoted] = [
        b.text.strip()
        for b in blocks(text, GUIDE_NAME)
        if b.lang == "text" and b.text.startswith(NOT_PUBLISHED)
    ]
    assert "\n" not in quoted
    unset = not any("WEB_EDITOR_AUTH_URL" in assigned(clone / f.name) for f in SETTINGS_FILES)
    built = [r for r in guide_runs if r.command in builds(text)]
    assert built
    for ran in built:
        page = clone / "output" / "index.html"
        assert page.is_file(), ran.output
        assert production()["SITEURL"] in page.read_text(encoding="utf-8")  # publishconf.py's
        notes = [line for line in ran.output.splitlines() if line.startswith(NOT_PUBLISHED)]
        assert notes == ([quoted] if unset else []), ran.output


def test_the_content_check_says_so(guide_runs):
    [check] = [r for r in guide_runs if " check " in r.command]
    assert "Aucune erreur" in check.output, check.output


def test_the_editor_line_publishes_the_editor_signing_in_through_the_worker(clone, editor_runs):
    address, runs = editor_runs
    for ran in runs:
        assert ran.returncode == 0, ran.output
        assert NOT_PUBLISHED not in ran.output, ran.output
    assert (clone / "output" / "admin" / "index.html").is_file()
    config = json.loads((clone / "output" / "admin" / "config.yml").read_text(encoding="utf-8"))
    backend = config["backend"]
    settings = production()
    assert backend["base_url"] == address
    assert "/" + backend["auth_endpoint"] == WORKER_ROUTES["auth"]
    assert backend["auth_scope"] == "public_repo"
    assert backend["open_authoring"] is True
    assert backend["repo"] == settings["COLLECTIONS_REPOSITORY"]
    assert backend["branch"] == "main"
    assert config["site_url"] == settings["SITEURL"]


def test_every_settings_line_names_a_setting_that_exists():
    found = settings_lines(guide_text())
    names = {name for name, _, _ in found}
    assert {"SITEURL", "FEED_DOMAIN", "WEB_EDITOR_AUTH_URL"} <= names
    written = {path: path.read_text(encoding="utf-8").splitlines() for path in SETTINGS_FILES}
    for name, line, _ in found:
        if name in DEFAULTS:  # a line to add: plugins.web_editor reads it
            continue
        holders = [p.name for p in SETTINGS_FILES if name in assigned(p)]
        assert holders, f"{name} is no setting of publishconf.py, pelicanconf.py or web_editor"
        assert any(line in (t.strip() for t in written[p]) for p in SETTINGS_FILES), (
            f"the guide shows « {line} », which no settings file has as such ({holders})"
        )


def test_the_worker_address_is_an_origin_the_editor_can_compare():
    [value] = [v for n, _, v in settings_lines(guide_text()) if n == "WEB_EDITOR_AUTH_URL"]
    parts = urlsplit(value.replace(PLACEHOLDER, "exemple"))
    assert (parts.scheme, parts.path, parts.query) == ("https", "", "")
    assert parts.netloc == "sveltia-cms-auth.exemple.workers.dev"
    assert f"```text\n   {value}\n   ```" in guide_text()  # the address step 1 has you note


def test_the_dns_record_the_oauth_app_and_the_worker_follow_the_settings():
    rows = text_rows(guide_text())
    settings = production()
    host = urlsplit(settings["SITEURL"]).hostname
    owner = settings["COLLECTIONS_REPOSITORY"].split("/")[0]
    [record] = [r for r in rows if len(r) == 3 and r[1] == "CNAME"]
    name, _, target = record
    assert host.startswith(name + ".")
    assert target.rstrip(".") == f"{owner}.github.io"
    assert f"`{host}`" in guide_text()  # « Custom domain »
    fields = {r[0]: r[1] for r in rows if len(r) == 2}
    [address] = [v for n, _, v in settings_lines(guide_text()) if n == "WEB_EDITOR_AUTH_URL"]
    assert fields["Homepage URL"] == settings["SITEURL"]
    assert fields["Authorization callback URL"] == address + WORKER_ROUTES["callback"]
    assert fields.keys() >= WORKER_VARIABLES
    assert fields["ALLOWED_DOMAINS"] == host


def test_the_guide_names_the_workflows_jobs_and_artifacts_as_the_yaml_does():
    text = guide_text()
    for file in ("verifier.yml", "publier.yml"):
        flow = workflow(file)
        assert f"«\u00a0{flow['name']}\u00a0»" in text, flow["name"]
        for job in flow["jobs"].values():
            assert f"«\u00a0{job['name']}\u00a0»" in text, f"{file}: job {job['name']!r}"
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/upload-artifact@"):
                    assert f"«\u00a0{step['with']['name']}\u00a0»" in text, step["with"]["name"]
    assert "`.github/workflows/publier.yml`" in text
    verification = workflow("verifier.yml")
    projet, paths = job_named(verification, "Projet"), job_named(verification, "Fichiers modifiés")
    assert [k for k, j in verification["jobs"].items() if j is paths] == [projet["needs"]]
    assert "if" in projet  # skipped, not failed, when only content/ changes
    [preview] = [
        s
        for s in job_named(verification, "Contenu")["steps"]
        if s.get("with", {}).get("name") == "apercu-du-site"
    ]
    assert preview["with"]["retention-days"] == 14 and "quatorze jours" in text


def test_the_guides_check_is_the_content_jobs():
    [step] = [
        s["run"]
        for s in job_named(workflow("verifier.yml"), "Contenu")["steps"]
        if "catalyst check" in s.get("run", "")
    ]
    [check] = [c for c in commands(guide_text()) if "catalyst check" in c]
    assert check == ".venv/bin/" + step.replace(" --annotations", "")


def test_the_workflows_need_no_secret_and_keep_no_token_as_the_guide_says():
    text = guide_text()
    for claim in (
        "`contents: read`",
        "`pages: write`",
        "`id-token: write`",
        "`persist-credentials: false`",
        "`GITHUB_TOKEN`",
    ):
        assert claim in text
    for file in ("verifier.yml", "publier.yml"):
        assert "secrets." not in (WORKFLOWS / file).read_text(encoding="utf-8"), file
        flow = workflow(file)
        assert flow["permissions"] == {"contents": "read"}, file
        for job in flow["jobs"].values():
            wanted = {"pages": "write", "id-token": "write"} if job["name"] == "Déployer" else None
            assert job.get("permissions") == wanted, f"{file}: {job['name']}"
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, f"{file}: {job['name']}"


def test_the_guides_links_lead_somewhere():
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", guide_text()):
        if "://" not in target:
            assert (GUIDE.parent / target).resolve().exists(), target


def test_french_typography_outside_code():
    problems = typography_problems(guide_text(), GUIDE_NAME)
    assert not problems, "\n".join(problems)


def test_readme_links_to_the_guide_from_where_to_go_next():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Where to go next\n", 1)[1].split("\n## ", 1)[0]
    assert "](docs/deploiement.md)" in section
