"""Shared fixtures: build real sites, with the real settings, in subprocesses.

Builds run `python -m catalyst build` in a subprocess (like `invoke build`) so that Pelican's global
state (signal receivers, fatal-warning logger) never leaks between builds.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parent.parent
DEV_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"

# Playwright's assertions wait 5 s by default: a busy machine (every core running a test
# worker) must never fail a test, so they wait up to a minute for what must come.
expect.set_options(timeout=60_000)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that share one worker (an xdist_group: the real site's Lighthouse and browser
    audits, minutes long) come first, so that their worker starts them at once while the
    other workers share every other test, instead of finishing alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("xdist_group") is None)


@dataclass
class Build:
    output: Path
    returncode: int
    log: str

    def html(self, url_path: str) -> BeautifulSoup:
        """Parse the page served at `url_path` (e.g. "2013/slug/")."""
        target = self.output / url_path.lstrip("/")
        if url_path.endswith("/") or not target.suffix:
            target = target / "index.html"
        return BeautifulSoup(target.read_text(encoding="utf-8"), "lxml")

    def exists(self, url_path: str) -> bool:
        target = self.output / url_path.lstrip("/")
        if url_path.endswith("/"):
            target = target / "index.html"
        return target.is_file()


def build_site(
    content: Path,
    output: Path,
    *,
    settings: Path = DEV_SETTINGS,
    extra: dict | None = None,
) -> Build:
    command = [sys.executable, "-m", "catalyst", "build", str(content), "-s", str(settings)]
    command += ["-o", str(output)]
    extra = {"CONTENT_READER_CACHE": False, **(extra or {})}  # the cache has tests of its own
    if extra:  # one -e for all pairs: a second -e replaces the first
        command += ["-e", *(f"{key}={json.dumps(value)}" for key, value in extra.items())]
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, env=_env(), check=False
    )
    return Build(output, result.returncode, result.stdout + result.stderr)


def _env() -> dict:
    env = dict(os.environ)
    env["COLUMNS"] = "200"  # keep Pelican's rich log lines whole
    return env


def write_files(root: Path, files: dict[str, str | bytes], *, dedent: bool = True) -> Path:
    """Write a tree of files; text is dedented (for inline test cases), bytes kept as they are."""
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data).lstrip() if dedent else data, encoding="utf-8")
    return root


def header(path: Path) -> dict[str, str]:
    """The `Key: value` lines at the top of a content file, by lower-case key."""
    fields = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        fields[key.strip().lower()] = value.strip()
    return fields


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Build:
    """The real site, from the content shipped in the repository."""
    build = build_site(ROOT / "content", tmp_path_factory.mktemp("site") / "output")
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session")
def seed(tmp_path_factory) -> Build:
    """The real site's content and settings, with a letter for every week that has content: the
    seed's texts all come before the real letter's first issue (NEWSLETTER_FIRST_ISSUE)."""
    out = tmp_path_factory.mktemp("seed") / "output"
    build = build_site(ROOT / "content", out, extra={"NEWSLETTER_FIRST_ISSUE": None})
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Build:
    """The real site built with the production settings."""
    out = tmp_path_factory.mktemp("published") / "output"
    build = build_site(ROOT / "content", out, settings=PUBLISH_SETTINGS)
    assert build.returncode == 0, build.log
    return build


@pytest.fixture
def make_site(tmp_path):
    """Build a small site from a dict of content files: {"articles/a.md": "..."}."""

    def make(files: dict[str, str], *, settings: Path = DEV_SETTINGS, **extra) -> Build:
        content = write_files(tmp_path / "content", files)
        return build_site(content, tmp_path / "output", settings=settings, extra=extra)

    return make


@contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """A real file system of `size` ("64k") mounted at `folder`, to fill it: tmpfs (root only)."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("no tmpfs can be mounted here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def copy_of_the_code(root: Path, packages: tuple[str, ...]) -> Path:
    """`packages` and pyproject.toml copied into `root`: a scratch project for a checker."""
    leave_out = shutil.ignore_patterns("node_modules", "decap", "__pycache__")
    for package in packages:
        shutil.copytree(ROOT / package, root / package, ignore=leave_out)
    shutil.copy(ROOT / "pyproject.toml", root)
    return root


def run_checker(command: list[str], root: Path) -> subprocess.CompletedProcess:
    """A code checker (mypy, import-linter) run in `root`, as a developer runs it there."""
    return subprocess.run(
        command, cwd=root, capture_output=True, text=True, timeout=600, check=False
    )
