"""Build the site at two revisions and list every output file whose bytes differ.

A refactoring that must not change what readers see is checked with it:

    python benchmarks/compare_builds.py 4053cf9          # that commit against the working tree
    python benchmarks/compare_builds.py 4053cf9 HEAD -s publishconf.py

Each revision is checked out in a temporary git worktree and built with Pelican's own command
line (which every revision has), with this project's virtualenv. Exit status 1 if any differ.
"""

from __future__ import annotations

import argparse
import filecmp
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(revision: str | None, settings: str, scratch: Path) -> Path:
    source = ROOT
    if revision:
        source = scratch / f"src-{revision}"
        subprocess.run(
            ["git", "worktree", "add", "--detach", "-q", str(source), revision],
            cwd=ROOT,
            check=True,
        )
    output = scratch / f"out-{revision or 'worktree'}"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            "content",
            "-s",
            settings,
            "-o",
            str(output),
            "--fatal",
            "warnings",
            "-q",
            "-e",
            "CONTENT_READER_CACHE=false",
            "SEARCH_INDEX=false",
        ],
        cwd=source,
        check=True,
    )
    return output


def differences(left: Path, right: Path) -> list[str]:
    found = []
    compared = filecmp.dircmp(left, right)
    found += [f"seulement avant : {name}" for name in compared.left_only]
    found += [f"seulement après : {name}" for name in compared.right_only]
    found += [f"différent : {name}" for name in compared.diff_files]
    for name, sub in compared.subdirs.items():
        for line in differences(Path(sub.left), Path(sub.right)):
            kind, rest = line.split(" : ", 1)
            found.append(f"{kind} : {name}/{rest}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("before")
    parser.add_argument("after", nargs="?", default=None, help="a revision (default: worktree)")
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="compare-") as folder:
        scratch = Path(folder)
        left = build(args.before, args.settings, scratch)
        right = build(args.after, args.settings, scratch)
        found = differences(left, right)
        files = sum(1 for p in right.rglob("*") if p.is_file())
    subprocess.run(["git", "worktree", "prune"], cwd=ROOT, check=False)
    print("\n".join(found) or f"identiques : {files} fichiers")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
