"""Build like `invoke build` (catalyst.tools.release, in a subprocess) and read the report."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from conftest import write_files

ROOT = Path(__file__).resolve().parents[2]
DEV_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
_LINE = re.compile(
    r"^\s+(?P<severity>erreur|avertissement) : (?P<path>[^\s:]+)(?::(?P<line>\d+))? — (?P<text>.*)$"
)


@dataclass(frozen=True)
class Reported:
    severity: str
    path: str  # as shown: "content/articles/…"
    line: int | None
    text: str  # what is wrong ; how to fix it


def atomic_build_command(
    content: Path,
    output: Path,
    *,
    settings: Path = DEV_SETTINGS,
    extra: dict | None = None,
    force: bool = False,
) -> list[str]:
    # The cache has tests of its own; Pagefind's index differs in bytes from one build to the next.
    extra = {"CONTENT_READER_CACHE": False, "SEARCH_INDEX": False, **(extra or {})}
    code = (
        "import json, sys; from catalyst.tools import release; "
        f"ok = release.build_atomically(content={str(content)!r}, output={str(output)!r}, "
        f"settings={str(settings)!r}, extra=json.loads({json.dumps(extra)!r}), force={force}); "
        "sys.exit(0 if ok else 1)"
    )
    return [sys.executable, "-c", code]


def atomic_build(content: Path, output: Path, **options) -> tuple[int, str]:
    """(exit code, everything printed) of one atomic build."""
    result = subprocess.run(
        atomic_build_command(content, output, **options),
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def check_command(content: Path, *, settings: Path = DEV_SETTINGS) -> tuple[int, str]:
    """(exit code, output) of `invoke check` on `content`."""
    result = subprocess.run(
        [sys.executable, "-m", "catalyst", "check", str(content), "-s", str(settings)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def parse_report(log: str) -> list[Reported]:
    found = []
    for text in log.splitlines():
        match = _LINE.match(text)
        if match:
            line = int(match["line"]) if match["line"] else None
            found.append(Reported(match["severity"], match["path"], line, match["text"]))
    return found


def tree_hash(folder: Path) -> str:
    """One digest of every file's path and bytes under `folder` (through the output link)."""
    digest = hashlib.sha256()
    top = folder.resolve()
    for path in sorted(p for p in top.rglob("*") if p.is_file()):
        digest.update(path.relative_to(top).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write the files exactly as given (cases test whitespace and bytes)."""
    return write_files(root, files, dedent=False)


def annotated_check(content: Path, *, settings: Path = PUBLISH_SETTINGS):
    """`python -m catalyst check --annotations` on `content`, as the pull-request job runs it
    (its step summary left out): the completed process, stdout and stderr apart."""
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    command = [sys.executable, "-m", "catalyst", "check", str(content), "-s", str(settings)]
    return subprocess.run(
        [*command, "--annotations"], cwd=ROOT, capture_output=True, text=True, env=env,
        check=False,
    )  # fmt: skip
