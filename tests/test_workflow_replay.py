"""The workflows' jobs replayed as GitHub runs them, in a truly clean clone.

tests/test_workflows.py lints the workflows; this module runs their jobs. Each replay starts
from an empty workspace and only what the job itself brings in:

- `actions/checkout` is a `git clone` (as shallow as its `fetch-depth`) of this repository's
  HEAD or of a scratch repository the test commits into: uncommitted changes are not in it,
  as they are not on GitHub, and nothing is linked or reused (no node_modules, no .venv);
  its `persist-credentials` must be false;
- `actions/setup-python` is a fresh `python3.11 -m venv` made once for the module, whose bin/
  comes first on the PATH (pip may use the machine's pip cache, as `cache: pip` does);
- `actions/cache` copies its paths from and to a store in the test's temporary folder: an
  exact key, else the newest key starting with a `restore-keys` prefix, restored at the
  step; saved after the last step when the job succeeded and the key was not an exact hit
  (GitHub's branch scoping is left out);
- `actions/upload-artifact` and `actions/upload-pages-artifact` check that their path exists
  and is not empty; `actions/configure-pages` does nothing. Any other action, or a version
  the replay does not know, fails the test: a new step is never skipped in silence;
- every `run:` step is a script run by `bash --noprofile --norc -eo pipefail`, in the
  workspace, with GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_ENV, GITHUB_PATH, RUNNER_TEMP,
  GITHUB_WORKSPACE, CI and GITHUB_ACTIONS set as on a runner, and its `env:`; a `${{ … }}`
  expression is replaced by a value the test names (`github.sha`, the base of a pull
  request…), a step's output, `runner.os` or `hashFiles(…)`, and any other fails the test.
  After a failed step, the next steps are skipped, as GitHub does.

Replayed: « Contenu » (cold, then warm from the cache it saved, on a volunteer's new text;
both timed, shown by `pytest -s`), « Contenu » on a text with a mistake, « Construire »
(publier.yml), and « Fichiers modifiés » on pull requests of a scratch repository.
« Projet » is not replayed here, since it runs this very suite: its test step is
`bash .ci/run`, the script the project's CI runs in a clean clone at every submission
(tests/test_workflows.py checks it), so each CI run is that step's replay.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cases.corpus import article
from test_workflows import annotations, french, job, workflow

from conftest import ROOT, write_files

pytestmark = pytest.mark.slow

RUNNER_OS = "Linux"
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
_HASH_FILES = re.compile(r"hashFiles\(\s*'([^']+)'\s*\)")
_STEP_OUTPUT = re.compile(r"steps\.([\w-]+)\.outputs\.([\w-]+)")
_STEP_KEYS = {"name", "id", "uses", "with", "run", "env", "if", "shell", "working-directory"}
_JOB_KEYS = {"name", "runs-on", "timeout-minutes", "needs", "if", "outputs", "steps", "env",
             "permissions", "environment"}  # fmt: skip
_GIT = ["git", "-c", "user.name=Bénévole", "-c", "user.email=benevole@example.org",
        "-c", "init.defaultBranch=main", "-c", "advice.detachedHead=false"]  # fmt: skip


# The runner


@dataclass
class StepRun:
    name: str
    id: str | None
    returncode: int | None  # None: skipped after a failure
    log: str = ""
    seconds: float = 0.0
    outputs: dict[str, str] = field(default_factory=dict)


@dataclass
class JobRun:
    name: str
    workspace: Path
    steps: list[StepRun]
    outputs: dict[str, str]
    summary: str
    seconds: float
    restored: str | None = None  # the cache key actions/cache restored, if any
    saved: list[str] = field(default_factory=list)  # the cache keys saved

    @property
    def succeeded(self) -> bool:
        return all(step.returncode == 0 for step in self.steps)

    def step(self, name: str) -> StepRun:
        """The step of this name (French spaces as plain ones) or id."""
        [found] = [s for s in self.steps if name in (french(s.name), s.id)]
        return found

    def logs(self) -> str:
        return "\n".join(f"--- {s.name} (exit {s.returncode})\n{s.log}" for s in self.steps)

    def timings(self) -> str:
        lines = [f"{self.name}: {self.seconds:.1f} s"]
        lines += [f"  {s.seconds:6.1f} s  {s.name}" for s in self.steps if s.returncode is not None]
        return "\n".join(lines)


class Replay:
    """One job of a workflow, run as a GitHub runner runs it (see the module's docstring)."""

    def __init__(
        self,
        flow: dict,
        name: str,
        *,
        source: Path,
        ref: str | None,
        python: Path,
        caches: Path,
        context: dict[str, str],
        temp: Path,
    ):
        self.flow, self.job = flow, job(flow, name)
        self.name, self.source, self.ref = name, source, ref
        self.python, self.caches, self.context = python, caches, context
        unknown = set(self.job) - _JOB_KEYS
        assert not unknown, f"« {name} »: job keys the replay cannot play: {unknown}"
        assert "if" not in self.job, f"« {name} »: the replay does not decide a job's `if`"
        temp.mkdir(parents=True)
        self.workspace = temp / "workspace"
        self.workspace.mkdir()
        self.temp = temp / "runner-temp"
        self.temp.mkdir()
        self.files = temp / "files"
        self.files.mkdir()
        self.path: list[str] = []  # GITHUB_PATH, newest first
        self.env: dict[str, str] = {}  # GITHUB_ENV
        self.outputs: dict[str, dict[str, str]] = {}  # {step id: outputs}
        self.posts: list = []  # post steps, run in reverse order
        self.restored: str | None = None
        self.saved: list[str] = []

    # expressions

    def evaluate(self, expression: str) -> str:
        if expression in self.context:
            return self.context[expression]
        if expression == "runner.os":
            return RUNNER_OS
        if match := _STEP_OUTPUT.fullmatch(expression):
            return self.outputs.get(match[1], {}).get(match[2], "")
        if match := _HASH_FILES.fullmatch(expression):
            return hash_files(self.workspace, match[1])
        pytest.fail(
            f"« {self.name} »: the replay cannot evaluate ${{{{ {expression} }}}} "
            "(give its value in `context`)"
        )

    def interpolate(self, value):
        if isinstance(value, str):
            return _EXPRESSION.sub(lambda m: self.evaluate(m[1]), value)
        return value

    # the job

    def run(self) -> JobRun:
        started = time.monotonic()
        timeout = 60 * self.job.get("timeout-minutes", 360)
        steps: list[StepRun] = []
        failed = False
        for index, step in enumerate(self.job["steps"]):
            unknown = set(step) - _STEP_KEYS
            assert not unknown, f"« {self.name} »: step keys unknown to the replay: {unknown}"
            name = step.get("name") or step.get("uses") or step["run"].splitlines()[0]
            if failed and not self._runs_after_failure(step):
                steps.append(StepRun(name, step.get("id"), None))
                continue
            began = time.monotonic()
            remaining = timeout - (began - started)
            if "uses" in step:
                code, log, outputs = self._action(step)
            else:
                code, log, outputs = self._script(step, index, remaining)
            result = StepRun(name, step.get("id"), code, log, time.monotonic() - began, outputs)
            steps.append(result)
            if step.get("id"):
                self.outputs[step["id"]] = outputs
            failed = failed or code != 0
        if not failed:
            for post in reversed(self.posts):
                post()
        outputs = {
            key: self.interpolate(value) for key, value in self.job.get("outputs", {}).items()
        }
        summaries = sorted(self.files.glob("summary-*"), key=lambda p: int(p.name.split("-")[1]))
        summary = "".join(p.read_text(encoding="utf-8") for p in summaries)
        return JobRun(
            self.name,
            self.workspace,
            steps,
            outputs,
            summary,
            time.monotonic() - started,
            self.restored,
            self.saved,
        )

    def _runs_after_failure(self, step: dict) -> bool:
        condition = str(step.get("if", "success()")).strip()
        condition = _EXPRESSION.sub(lambda m: m[1], condition).strip()
        if condition in ("always()", "failure()", "!cancelled()"):
            return True
        assert condition == "success()", f"« {self.name} »: `if: {condition}` unknown to the replay"
        return False

    # run: steps

    def _script(self, step: dict, index: int, timeout: float) -> tuple[int, str, dict]:
        assert step.get("shell", "bash") == "bash", "only `shell: bash` is replayed"
        if "if" in step:
            self._runs_after_failure(step)  # only conditions the replay knows
        script = self.temp / f"step-{index}.sh"
        script.write_text(self.interpolate(step["run"]), encoding="utf-8")
        files = {
            kind: self.files / f"{kind}-{index}" for kind in ("output", "summary", "env", "path")
        }
        for path in files.values():
            path.write_text("")
        env = {key: value for key, value in os.environ.items() if not _runner_owned(key)}
        env["PATH"] = os.pathsep.join([*self.path, *_system_path()])
        env.update(
            {
                "CI": "true",
                "GITHUB_ACTIONS": "true",
                "RUNNER_OS": RUNNER_OS,
                "GITHUB_WORKSPACE": str(self.workspace),
                "RUNNER_TEMP": str(self.temp),
                "GITHUB_OUTPUT": str(files["output"]),
                "GITHUB_STEP_SUMMARY": str(files["summary"]),
                "GITHUB_ENV": str(files["env"]),
                "GITHUB_PATH": str(files["path"]),
            }
        )
        env.update(self.env)
        for scope in (self.flow.get("env", {}), self.job.get("env", {}), step.get("env", {})):
            env.update({key: str(self.interpolate(value)) for key, value in scope.items()})
        cwd = self.workspace / step.get("working-directory", ".")
        argv = ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)]
        try:
            done = subprocess.run(
                argv,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                timeout=max(timeout, 1),
                check=False,
            )
            code, log = done.returncode, done.stdout
        except subprocess.TimeoutExpired as expired:
            code, log = 124, f"{expired.output or ''}\n(the job's timeout-minutes ran out)"
        self.env.update(_pairs(files["env"].read_text(encoding="utf-8")))
        added = [line for line in files["path"].read_text(encoding="utf-8").splitlines() if line]
        self.path[:0] = reversed(added)
        return code, log, _pairs(files["output"].read_text(encoding="utf-8"))

    # uses: steps

    def _action(self, step: dict) -> tuple[int, str, dict]:
        actions = {
            "actions/checkout@v4": self._checkout,
            "actions/setup-python@v5": self._setup_python,
            "actions/cache@v4": self._cache,
            "actions/upload-artifact@v4": self._upload,
            "actions/upload-pages-artifact@v3": self._upload,
            "actions/configure-pages@v5": self._configure_pages,
        }
        if step["uses"] not in actions:
            pytest.fail(
                f"« {self.name} »: {step['uses']} is not replayed by "
                "tests/test_workflow_replay.py; teach it there"
            )
        given = {key: self.interpolate(value) for key, value in step.get("with", {}).items()}
        return actions[step["uses"]](given)

    def _checkout(self, given: dict) -> tuple[int, str, dict]:
        known = {"persist-credentials", "fetch-depth"}
        assert set(given) <= known, f"actions/checkout: {set(given) - known} not replayed"
        assert given.get("persist-credentials") is False, (
            f"« {self.name} »: actions/checkout without `persist-credentials: false` leaves "
            "the job's token in .git/config"
        )
        depth = int(given.get("fetch-depth", 1))
        argv = ["git", "clone", "--quiet", "--no-tags"]
        argv += [f"--depth={depth}"] if depth else []
        argv += ["--branch", self.ref] if self.ref else []
        argv += [f"file://{self.source}", str(self.workspace)]
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
        return done.returncode, done.stdout + done.stderr, {}

    def _setup_python(self, given: dict) -> tuple[int, str, dict]:
        known = {"python-version", "cache", "cache-dependency-path"}
        assert set(given) <= known, f"actions/setup-python: {set(given) - known} not replayed"
        assert str(given["python-version"]) == "3.11", "the replay has Python 3.11 only"
        assert given.get("cache") in (None, "pip"), "only pip's cache is replayed"
        if given.get("cache"):  # setup-python fails when no file matches
            pattern = given.get("cache-dependency-path", "**/requirements.txt")
            if not list(self.workspace.glob(pattern)):
                return 1, f"no file matched {pattern}", {}
        self.path.insert(0, str(self.python / "bin"))
        return 0, "", {"python-version": "3.11"}

    def _cache(self, given: dict) -> tuple[int, str, dict]:
        known = {"path", "key", "restore-keys"}
        assert set(given) <= known, f"actions/cache: {set(given) - known} not replayed"
        paths = [p.strip() for p in given["path"].splitlines() if p.strip()]
        key = given["key"]
        prefixes = [p.strip() for p in given.get("restore-keys", "").splitlines() if p.strip()]
        index = self.caches / "index.json"
        saved = json.loads(index.read_text()) if index.exists() else []  # oldest first
        found = key if key in saved else None
        for prefix in prefixes:
            found = found or next((k for k in reversed(saved) if k.startswith(prefix)), None)
        if found:
            store = self.caches / hashlib.sha256(found.encode()).hexdigest()[:16]
            for path in paths:
                if (store / path).exists():
                    shutil.copytree(
                        store / path, self.workspace / path, symlinks=True, dirs_exist_ok=True
                    )
            self.restored = found

        def save():
            if found == key:
                return  # an exact hit is not saved again
            store = self.caches / hashlib.sha256(key.encode()).hexdigest()[:16]
            for path in paths:
                if (self.workspace / path).exists():
                    shutil.copytree(self.workspace / path, store / path, symlinks=True)
            index.write_text(json.dumps([*saved, key]))
            self.saved.append(key)

        self.posts.append(save)
        log = f"Cache restored from key: {found}" if found else f"Cache not found for {key}"
        return 0, log, {"cache-hit": str(found == key).lower()}

    def _upload(self, given: dict) -> tuple[int, str, dict]:
        known = {"name", "path", "if-no-files-found", "retention-days"}
        assert set(given) <= known, f"upload: {set(given) - known} not replayed"
        path = self.workspace / given["path"]
        empty = not path.exists() or (path.is_dir() and not any(path.iterdir()))
        empty = empty or (path.is_file() and path.stat().st_size == 0)
        if empty and given.get("if-no-files-found") != "ignore":
            return 1, f"no files found in {given['path']}", {}
        return 0, f"{given['path']} uploaded", {}

    def _configure_pages(self, given: dict) -> tuple[int, str, dict]:
        assert not given, f"actions/configure-pages: {set(given)} not replayed"
        return 0, "", {}


def _runner_owned(key: str) -> bool:
    """Variables a runner sets itself, or that would let this suite's environment leak in."""
    return key.startswith(("GITHUB_", "RUNNER_", "PYTEST_")) or key in (
        "VIRTUAL_ENV",
        "PYTHONPATH",
        "PYTHONHOME",
        "CI",
        "COV_CORE_SOURCE",
    )


def _system_path() -> list[str]:
    """The machine's PATH without anything inside this repository (its .venv above all)."""
    inside = str(ROOT.resolve()) + os.sep
    return [
        entry
        for entry in os.environ.get("PATH", "").split(os.pathsep)
        if entry and not (os.path.realpath(entry) + os.sep).startswith(inside)
    ]


def _pairs(text: str) -> dict[str, str]:
    """GITHUB_OUTPUT and GITHUB_ENV: `name=value` lines and `name<<DELIMITER` blocks."""
    found, lines = {}, iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            block = []
            for inner in lines:
                if inner == delimiter:
                    break
                block.append(inner)
            found[name] = "\n".join(block)
        elif "=" in line:
            name, value = line.split("=", 1)
            found[name] = value
    return found


def hash_files(workspace: Path, pattern: str) -> str:
    """GitHub's hashFiles(): the SHA-256 of each matched file's SHA-256, in path order."""
    matched = sorted(p for p in workspace.glob(pattern) if p.is_file())
    if not matched:
        return ""
    digest = hashlib.sha256()
    for path in matched:
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run([*_GIT, *args], cwd=cwd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout.strip()


# Fixtures: one Python and one scratch repository for the module


@pytest.fixture(scope="module")
def python(tmp_path_factory) -> Path:
    """actions/setup-python: a fresh Python 3.11 virtual environment, nothing installed."""
    for tool in ("git", "python3.11"):
        if not shutil.which(tool):
            pytest.fail(f"the workflow replay needs `{tool}` on the PATH")
    folder = tmp_path_factory.mktemp("setup-python") / "python"
    subprocess.run(["python3.11", "-m", "venv", str(folder)], check=True, env=_clean_env())
    version = subprocess.run(
        [str(folder / "bin/python"), "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert version.startswith("Python 3.11"), version
    return folder


def _clean_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not _runner_owned(key)}
    env["PATH"] = os.pathsep.join(_system_path())
    return env


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    """A clone of this repository's HEAD that tests commit into (never into the repository)."""
    folder = tmp_path_factory.mktemp("scratch") / "depot"
    subprocess.run(
        ["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(folder)], check=True
    )
    git("checkout", "--quiet", "-B", "main", cwd=folder)
    return folder


def branch(repository: Path, name: str, files: dict[str, str], message: str) -> str:
    """A branch of `repository` from main with `files` committed; its commit."""
    git("checkout", "--quiet", "-B", name, "main", cwd=repository)
    write_files(repository, files, dedent=False)
    git("add", ".", cwd=repository)
    git("commit", "--quiet", "-m", message, cwd=repository)
    commit = git("rev-parse", "HEAD", cwd=repository)
    git("checkout", "--quiet", "main", cwd=repository)
    return commit


def replay(
    flow: str,
    name: str,
    temp: Path,
    *,
    source: Path,
    ref: str | None,
    python: Path,
    caches: Path,
    context: dict[str, str],
) -> JobRun:
    caches.mkdir(parents=True, exist_ok=True)
    run = Replay(
        workflow(flow),
        name,
        source=source,
        ref=ref,
        python=python,
        caches=caches,
        context=context,
        temp=temp,
    ).run()
    print(f"\n{run.timings()}")
    return run


def clean_replay(run: JobRun) -> None:
    assert run.succeeded, run.logs()
    assert (run.workspace / "output" / "index.html").is_file(), run.logs()
    assert not (run.workspace / "plugins/web_editor/node_modules").exists()
    assert not (run.workspace / ".venv").exists()


# « Contenu »: cold, then warm on a volunteer's new text


NEW_TEXT = "content/articles/2024/un-texte-de-benevole.md"


@pytest.fixture(scope="module")
def contenu(python, scratch, tmp_path_factory) -> tuple[JobRun, JobRun]:
    """« Contenu » at this repository's HEAD with an empty cache, then on a pull request
    adding a text, which starts from the cache the first run saved."""
    temp = tmp_path_factory.mktemp("contenu")
    caches = temp / "caches"
    head = git("rev-parse", "HEAD", cwd=ROOT)
    cold = replay(
        "verifier.yml",
        "Contenu",
        temp / "cold",
        source=ROOT,
        ref=None,
        python=python,
        caches=caches,
        context={"github.sha": head},
    )
    text = article(title="Un texte de bénévole", date="2024-05-02")
    proposed = branch(scratch, "benevole", {NEW_TEXT: text}, "Un texte de bénévole")
    warm = replay(
        "verifier.yml",
        "Contenu",
        temp / "warm",
        source=scratch,
        ref="benevole",
        python=python,
        caches=caches,
        context={"github.sha": proposed},
    )
    print(f"\n« Contenu »: cold {cold.seconds:.1f} s, warm (cache restored) {warm.seconds:.1f} s")
    return cold, warm


def test_the_content_job_passes_in_a_clean_clone(contenu):
    cold, _warm = contenu
    clean_replay(cold)
    assert cold.restored is None  # an empty cache: the first build
    assert "## Vérification du contenu" in cold.summary
    assert "Aucune erreur :" in french(cold.summary)
    assert annotations(cold.step("Vérifier les textes").log) == []
    assert len(cold.saved) == 1 and (cold.workspace / "cache" / "content-reader").is_dir()


def test_the_next_pull_request_starts_from_the_saved_cache(contenu):
    cold, warm = contenu
    clean_replay(warm)
    assert warm.restored == cold.saved[0]  # by its restore-keys prefix, from another commit
    assert warm.step("Reprendre le cache de la construction").outputs == {"cache-hit": "false"}
    assert len(warm.saved) == 1 and warm.saved != cold.saved  # a key per commit
    # Restored entries are served in another clone, at another path: only the new text is
    # read again (an entry whose key depended on the folder would be made anew).
    read = [entries(run.workspace / "cache" / "content-reader") for run in (cold, warm)]
    assert read[0] and read[0] < read[1] and len(read[1] - read[0]) == 1
    page = warm.workspace / "output" / "2024" / "un-texte-de-benevole" / "index.html"
    assert "Un texte de bénévole" in french(page.read_text(encoding="utf-8"))
    assert "Aucune erreur :" in french(warm.summary)


def entries(folder: Path) -> set[str]:
    return {path.name for path in folder.glob("*/*") if not path.name.startswith(".tmp-")}


def test_a_mistake_in_a_text_fails_the_check_on_its_line(python, scratch, tmp_path):
    broken = "content/articles/2024/date-impossible.md"
    commit = branch(scratch, "erreur", {broken: article(date="2024-13-01")}, "Date impossible")
    run = replay(
        "verifier.yml",
        "Contenu",
        tmp_path / "erreur",
        source=scratch,
        ref="erreur",
        python=python,
        caches=tmp_path / "caches",
        context={"github.sha": commit},
    )
    check = run.step("Vérifier les textes")
    assert check.returncode == 1, run.logs()
    assert all(step.returncode == 0 for step in run.steps[: run.steps.index(check)]), run.logs()
    assert all(step.returncode is None for step in run.steps[run.steps.index(check) + 1 :])
    [annotation] = annotations(check.log)
    assert (annotation["kind"], annotation["file"], annotation["line"]) == ("error", broken, "2")
    assert "2024-13-01" in annotation["message"]
    assert "1 erreur, 0 avertissement" in french(run.summary)
    assert run.saved == []  # a failed job saves no cache


# « Construire » (publier.yml)


def test_the_publishing_build_passes_in_a_clean_clone(python, tmp_path):
    head = git("rev-parse", "HEAD", cwd=ROOT)
    run = replay(
        "publier.yml",
        "Construire",
        tmp_path / "construire",
        source=ROOT,
        ref=None,
        python=python,
        caches=tmp_path / "caches",
        context={"github.sha": head},
    )
    clean_replay(run)
    assert run.saved  # main's cache, the one pull requests start from


# « Fichiers modifiés »: does a pull request call for « Projet »?


@pytest.fixture
def pull_requests(tmp_path):
    """A repository with a base commit; `propose(change)` makes a pull request of it, checks
    out its merge commit as GitHub does and replays « Fichiers modifiés »."""
    origin = tmp_path / "origin"
    git("init", "--quiet", str(origin), cwd=tmp_path)
    write_files(
        origin,
        {
            "content/articles/a.md": "a\n",
            "notes/idee.md": "Une idée.\n" * 20,
            "tasks.py": "x = 1\n",
        },
    )
    git("add", ".", cwd=origin)
    git("commit", "--quiet", "-m", "base", cwd=origin)
    base = git("rev-parse", "HEAD", cwd=origin)

    def propose(number: int, change) -> tuple[JobRun, str]:
        git("checkout", "--quiet", "-b", f"pr-{number}", base, cwd=origin)
        change(origin)
        git("add", "--all", ".", cwd=origin)
        git("commit", "--quiet", "-m", f"pr {number}", cwd=origin)
        git("checkout", "--quiet", "-b", f"pull/{number}/merge", base, cwd=origin)
        git("merge", "--quiet", "--no-ff", "-m", "merge", f"pr-{number}", cwd=origin)
        merge = git("rev-parse", "HEAD", cwd=origin)
        diff = git("diff", "--name-only", base, merge, cwd=origin)
        git("checkout", "--quiet", "main", cwd=origin)
        context = {"github.sha": merge, "github.event.pull_request.base.sha": base}
        run = replay(
            "verifier.yml",
            "Fichiers modifiés",
            tmp_path / f"pr-{number}",
            source=origin,
            ref=f"pull/{number}/merge",
            python=tmp_path / "no-python",
            caches=tmp_path / "caches",
            context=context,
        )
        assert run.succeeded, run.logs()
        return run, diff

    return propose


def test_a_pull_request_of_texts_only_does_not_call_for_the_project_job(pull_requests):
    def texts(origin):
        write_files(origin, {"content/articles/b.md": "b\n", "content/images/c d.jpg": "c"})

    run, _diff = pull_requests(1, texts)
    assert run.outputs == {"projet": "false"}


def test_a_file_moved_into_content_calls_for_the_project_job(pull_requests):
    def move(origin):
        (origin / "content/articles/idee.md").write_bytes((origin / "notes/idee.md").read_bytes())
        (origin / "notes/idee.md").unlink()

    run, diff = pull_requests(2, move)
    assert diff == "content/articles/idee.md"  # by default, git sees a rename into content/
    assert "notes/idee.md" in run.step("diff").log  # --no-renames: both paths
    assert run.outputs == {"projet": "true"}


# The replay itself: what it cannot play honestly fails the test


@pytest.mark.parametrize(
    ("step", "refusal"),
    [
        ({"uses": "actions/setup-node@v4"}, "is not replayed"),
        ({"uses": "actions/checkout@v5", "with": {"persist-credentials": False}},
         "is not replayed"),
        ({"uses": "actions/checkout@v4"}, "persist-credentials: false"),
        ({"run": "echo ${{ github.token }}"}, "cannot evaluate"),
        ({"run": "true", "continue-on-error": True}, "unknown to the replay"),
    ],
)  # fmt: skip
def test_the_replay_refuses_what_it_does_not_know(step, refusal, tmp_path):
    flow = {"jobs": {"j": {"name": "Essai", "runs-on": "ubuntu-latest", "steps": [step]}}}
    replay = Replay(
        flow,
        "Essai",
        source=tmp_path,
        ref=None,
        python=tmp_path,
        caches=tmp_path,
        context={},
        temp=tmp_path / "job",
    )
    with pytest.raises((pytest.fail.Exception, AssertionError), match=refusal):
        replay.run()
