"""`python -m catalyst.tools.strip_location FILE…`: where each photo was taken, taken out of it.

The pre-commit hook « position des photos » runs it on the photos a commit
adds or changes. The site never publishes a photo's metadata, but the
repository is public, history included: a photo must lose its GPS position
(and the place names of its XMP and IPTC) before it is committed. The file is
changed in place without re-encoding anything (plugins/images/location.py:
the pixels decode exactly as before, the other metadata stay), staged again
if git knows it, and the command fails once, as a formatter does, so that the
volunteer sees what changed: the next `git commit` goes through.
"""

from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path

from catalyst.model.files import replace_file
from catalyst.model.images.facts import NBSP, NNBSP, is_processed
from plugins.images.location import Unsupported, clean

FIX = (
    f"retirez la position vous-même{NBSP}: sur téléphone, partagez la photo avec l’option qui "
    "retire la position, ou ouvrez-la dans le logiciel libre ExifCleaner, puis remplacez le "
    "fichier"
)


def main(argv: list[str] | None = None) -> int:
    names = [name for name in (sys.argv[1:] if argv is None else argv) if is_processed(name)]
    changed, failed = [], False
    for name in names:
        try:
            data = Path(name).read_bytes()
        except OSError:
            continue  # removed since: nothing to commit
        try:
            cleaned, found = clean(data)
        except Unsupported as error:
            print(f"{name}{NBSP}: {error}{NNBSP}; {FIX}.", file=sys.stderr)
            failed = True
            continue
        if not found:
            continue
        try:
            replace_file(Path(name), cleaned)
        except OSError as error:
            full = error.errno in (errno.ENOSPC, errno.EDQUOT)
            why = "disque plein" if full else error.strerror
            print(
                f"{name}{NBSP}: la position n’a pas pu être retirée ({why}){NNBSP}; libérez "
                "de la place, puis recommencez.",
                file=sys.stderr,
            )
            failed = True
            continue
        what = "Position GPS retirée" if found.gps else "Nom du lieu retiré"
        print(f"{what} de {name}{NBSP}: la photo n’en dit plus où elle a été prise.")
        changed.append(name)
    if changed and not _stage(changed):
        failed = True
    return 1 if changed or failed else 0


def _stage(names: list[str]) -> bool:
    """Stage again the files git already has in its index (a file it does not know stays so)."""
    known = subprocess.run(
        ["git", "ls-files", "-z", "--", *names], capture_output=True, check=False
    )
    if known.returncode != 0:  # not in a repository: nothing to stage
        return True
    staged = [name for name in known.stdout.decode().split("\0") if name]
    if not staged:
        return True
    added = subprocess.run(
        ["git", "add", "--", *staged], capture_output=True, text=True, check=False
    )
    if added.returncode != 0:
        print(
            f"git add n’a pas pu ajouter les photos corrigées{NBSP}: {added.stderr.strip()}"
            f"{NNBSP}; ajoutez-les avec git add, puis recommencez.",
            file=sys.stderr,
        )
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
