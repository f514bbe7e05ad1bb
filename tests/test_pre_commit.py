"""The pre-commit hooks: a volunteer's broken file is refused at `git commit`, in French.

Each behavioural test makes a small git repository in a temporary folder: the
project's real `.pre-commit-config.yaml`, committed, a `content/` folder, and
symbolic links to the code and the virtualenv (the hooks run `.venv/bin/python`
from the repository's root). `pre-commit install` puts the hook in place, and
`git commit` runs it as it would for a volunteer: with a PATH that does not
include the virtualenv, pre-commit's cache in the temporary folder, and no
network (the hooks are local).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cases.corpus import article

from conftest import ROOT

PRE_COMMIT = ROOT / ".venv/bin/pre-commit"
CONFIG = ROOT / ".pre-commit-config.yaml"
LINKED = [".venv", "catalyst", "plugins", "theme", "pelicanconf.py", "pyproject.toml"]
BROKEN = "content/articles/2024/date-francaise.md"

pytestmark = pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit not installed")


def run(repo: Path, *command: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=300
    )


def hooked_repository(tmp_path: Path) -> tuple[Path, dict]:
    """A repository with the project's hooks installed, and the environment to run git in."""
    path = tmp_path / "depot"
    path.mkdir()
    gitconfig = tmp_path / "gitconfig"
    gitconfig.write_text(
        "[user]\n\tname = Alice Martin\n\temail = alice@example.org\n"
        "[init]\n\tdefaultBranch = main\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.pop("VIRTUAL_ENV", None)
    env.update(
        PATH="/usr/local/bin:/usr/bin:/bin",  # no .venv/bin: the hooks must not need it
        HOME=str(tmp_path),
        GIT_CONFIG_GLOBAL=str(gitconfig),
        GIT_CONFIG_NOSYSTEM="1",
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-cache"),
    )
    for name in LINKED:
        (path / name).symlink_to(ROOT / name)
    shutil.copy(CONFIG, path / ".pre-commit-config.yaml")
    (path / ".gitignore").write_text("\n".join(["cache/", *LINKED]) + "\n", encoding="utf-8")
    assert run(path, "git", "init", "-q", env=env).returncode == 0
    run(path, "git", "add", ".gitignore", ".pre-commit-config.yaml", env=env)
    first = run(path, "git", "commit", "-q", "-m", "Les hooks", env=env)
    assert first.returncode == 0, first.stderr
    installed = run(path, str(PRE_COMMIT), "install", env=env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return path, env


@pytest.fixture
def repo(tmp_path):
    """A repository with the hooks installed: (path, environment, `git commit` as a function)."""
    path, env = hooked_repository(tmp_path)

    def commit(files: dict[str, str], message: str) -> subprocess.CompletedProcess:
        for name, text in files.items():
            (path / name).parent.mkdir(parents=True, exist_ok=True)
            (path / name).write_text(text, encoding="utf-8")
        run(path, "git", "add", *files, env=env)
        return run(path, "git", "commit", "-m", message, env=env)

    return path, env, commit


def commits(path: Path, env: dict) -> int:
    return int(run(path, "git", "rev-list", "--count", "HEAD", env=env).stdout)


def test_configuration_is_valid():
    result = subprocess.run(
        [str(PRE_COMMIT), "validate-config", str(CONFIG)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_broken_content_is_refused_with_the_french_report_then_the_fix_is_committed(repo):
    path, env, commit = repo
    refused = commit({BROKEN: article(date="03/04/2024")}, "Un article")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "articles/2024/date-francaise.md:2" in output  # the file and the line
    assert "écrivez la date au format AAAA-MM-JJ : « 2024-04-03 »" in output
    assert commits(path, env) == 1  # nothing was committed

    accepted = commit({BROKEN: article(date="2024-04-03")}, "Un article")
    output = accepted.stdout + accepted.stderr
    assert accepted.returncode == 0, output
    assert "contenu" in output and "Passed" in output
    assert commits(path, env) == 2


def test_a_problem_between_files_is_caught_though_only_one_file_is_staged(repo):
    path, env, commit = repo
    event = "Title: Fête des communs\nStart: 2024-06-01\nPlace: Lille\n\nUn compte rendu.\n"
    assert commit({"content/events/2024/fete.md": event}, "Un événement").returncode == 0
    testimonial = "Author: Alice Martin\nEvent: fete-inconnue\nDate: 2024-06-02\n\nMerci.\n"
    refused = commit({"content/guestbook/fete/alice-martin.md": testimonial}, "Un témoignage")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "guestbook/fete/alice-martin.md:2" in output
    assert "« fete-inconnue » ne correspond à aucun élément" in output
    assert commits(path, env) == 2


def test_python_is_linted_and_content_is_not_checked_when_untouched(repo):
    path, env, commit = repo
    refused = commit({"outil.py": "import os\n"}, "Un outil")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "F401" in output  # `os` imported but unused
    assert "contenu" in output and "Skipped" in output  # no file under content/ staged
    badly_formatted = commit({"outil.py": "x = {'a':1}\n"}, "Un outil")
    output = badly_formatted.stdout + badly_formatted.stderr
    assert badly_formatted.returncode != 0, output
    assert "outil.py" in output and "1 file would be reformatted" in output
    assert commit({"outil.py": 'x = {"a": 1}\n'}, "Un outil").returncode == 0
    assert commits(path, env) == 2


def test_without_the_virtualenv_the_hook_says_how_to_make_it(repo):
    path, env, commit = repo
    (path / ".venv").unlink()
    refused = commit({BROKEN: article(date="2024-04-03")}, "Un article")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "Environnement introuvable\u00a0: .venv/bin/python n’existe pas." in output
    assert "./bootstrap.sh --dev" in output
    assert commits(path, env) == 1
