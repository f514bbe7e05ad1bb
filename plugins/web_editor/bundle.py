"""Decap CMS's bundle, kept in the repository and checked at every build.

A build (a volunteer's pull-request check, the publication) must need nothing
but `pip install -r requirements.txt`: the npm package is 391 MB with its
dependencies, of which the site serves only `dist/decap-cms.js`, the chunks it
loads on demand and its WebAssembly. Those files live in `decap/` beside this
module, listed in `decap/SHA256SUMS` (`sha256sum -c` reads it) under a line
naming the npm tarball they came from and its sha512 integrity, as npm records
it in a lockfile. `verified_files()` refuses a missing, extra or altered file.

Updating is one command, run by a maintainer with npm:
`python -m plugins.web_editor.bundle 3.16.3` packs that version with npm, checks
the tarball against the integrity npm reports, and writes the files and the list.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "decap"
# What the page loads from dist/: the bundle, its chunks, their WebAssembly, the licences.
SERVED = re.compile(r"^(\d+\.)?decap-cms\.js(\.LICENSE\.txt)?$|^[0-9a-f]+\.wasm$")


class BundleError(Exception):
    """The kept bundle does not match its list: said in French, with the remedy."""


def verified_files(folder: Path = FOLDER) -> list[Path]:
    """Every file of the bundle, each checked against SHA256SUMS."""
    sums = folder / "SHA256SUMS"
    if not sums.is_file():
        raise BundleError(f"{_rel(sums)} manque : le dépôt est incomplet, reprenez-le de GitHub.")
    listed = {}
    for line in sums.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            digest, name = line.split(None, 1)
            listed[name.lstrip("*")] = digest
    present = {p.name for p in folder.iterdir() if p.name != "SHA256SUMS"}
    wrong = sorted(set(listed) ^ present)
    wrong += sorted(
        name
        for name in set(listed) & present
        if hashlib.sha256((folder / name).read_bytes()).hexdigest() != listed[name]
    )
    if wrong:
        raise BundleError(
            f"l’éditeur web (Decap CMS) a été modifié ou abîmé dans {_rel(folder)} "
            f"({', '.join(wrong[:3])}{'…' if len(wrong) > 3 else ''}) : "
            "reprenez ces fichiers du dépôt, ou mettez-les à jour avec "
            "« python -m plugins.web_editor.bundle VERSION »."
        )
    return [folder / name for name in sorted(listed)]


def version(folder: Path = FOLDER) -> str:
    """The npm version the kept files came from (`3.16.3`)."""
    first = (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()[0]
    return first.split("decap-cms@", 1)[1].split()[0]


def update(wanted: str, folder: Path = FOLDER) -> None:
    """Replace the kept files with those of `decap-cms@wanted`, checked against npm's integrity."""
    with tempfile.TemporaryDirectory() as work:
        packed = subprocess.run(
            ["npm", "pack", f"decap-cms@{wanted}", "--json", "--pack-destination", work],
            capture_output=True,
            text=True,
            check=True,
        )
        [info] = json.loads(packed.stdout)
        tarball = Path(work) / info["filename"]
        algorithm, expected = info["integrity"].split("-", 1)
        actual = base64.b64encode(hashlib.new(algorithm, tarball.read_bytes()).digest()).decode()
        if actual != expected:
            raise BundleError(f"{tarball.name} ne correspond pas à l’empreinte de npm.")
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir()
        lines = [f"# decap-cms@{info['version']} {info['integrity']}"]
        with tarfile.open(tarball) as archive:
            for member in archive.getmembers():
                name = member.name.removeprefix("package/dist/")
                if member.isfile() and "/" not in name and SERVED.match(name):
                    data = archive.extractfile(member).read()
                    (folder / name).write_bytes(data)
                    lines.append(f"{hashlib.sha256(data).hexdigest()}  {name}")
    body = sorted(lines[1:], key=lambda line: line.split()[1])
    (folder / "SHA256SUMS").write_text("\n".join([lines[0], *body]) + "\n", encoding="utf-8")


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("Usage : python -m plugins.web_editor.bundle VERSION (par exemple 3.16.3)")
    update(sys.argv[1])
    print(f"Decap CMS {version()} : {len(verified_files())} fichiers dans {_rel(FOLDER)}.")
