"""Run Pelican in-process and say how it went, in French.

A build refused for content problems prints the report (plugins.content_checks
has done so), one French closing line, and returns 1: no traceback, no English
CRITICAL line. An unexpected error is a bug of the site, not of a volunteer's
text: one French sentence says so and where to report it, then the traceback
follows for whoever fixes it. The check-only mode is the same build, stopped by
the report step once every file is read and checked (`CONTENT_CHECKS_ONLY`):
no template is rendered and nothing is written.
"""

from __future__ import annotations

import errno
import io
import logging
import shutil
import sys
import tempfile
import time
import traceback
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

from catalyst.model.errors import SettingsError
from catalyst.tools import uptodate

UP_TO_DATE = "Rien n’a changé depuis la dernière construction : le site est à jour."
BUILT = "Site construit en {seconds}\u00a0s\u00a0: {output}"
REFUSED = "Échec : le site n’a pas été construit ; corrigez les problèmes ci-dessus."
CHECK_FAILED = "Échec de la vérification : corrigez les problèmes ci-dessus."
BUG = (
    "Erreur interne : c’est un bug du site, pas de votre texte. Signalez-le{where}, "
    "avec le message ci-dessous."
)


DISK_FULL = (
    "Disque plein : la construction n’a pas pu écrire {where} ; libérez de la place sur ce "
    "disque, puis relancez. Ni vos textes ni le site n’y sont pour rien."
)
# A value of pelicanconf.py or publishconf.py, or a content type's declaration in
# content_types/, that the site cannot use: the maintainer's to fix, not a bug of the code.
SETTINGS_REFUSED = (
    "Réglage à corriger : {error}. Corrigez ce réglage ou cette déclaration, puis relancez ; "
    "vos textes n’y sont pour rien."
)


@dataclass
class Outcome:
    code: int  # 0 built (or checked), 1 refused content, 2 a bug of the site
    inventory: list = field(default_factory=list)  # with check_only: what each file becomes
    problems: list = field(default_factory=list)  # checked, or refused: every problem reported
    base: str = ""  # the folder the problems' paths are relative to


def run(
    settings_file: str | Path,
    *,
    content: str | Path | None = None,
    output: str | Path | None = None,
    overrides: dict | None = None,
    check_only: bool = False,
) -> Outcome:
    """Build (or only check) the site; never raises for content problems."""
    from pelican import Pelican
    from pelican.log import init as init_logging
    from pelican.settings import read_settings

    from catalyst.model.problems import ChecksDone, ContentRefused, problems_base

    init_logging(level=logging.WARNING, fatal="warnings")
    override = dict(overrides or {})
    if content is not None:
        if not Path(content).is_dir():
            print(
                f"Dossier introuvable : {content} ; donnez le dossier des textes (content).",
                file=sys.stderr,
            )
            return Outcome(1)
        override["PATH"] = str(Path(content).resolve())
    scratch = None
    if check_only:
        scratch = tempfile.mkdtemp(prefix="check-")  # OUTPUT_PATH must exist; nothing is written
        override.update(OUTPUT_PATH=scratch, CONTENT_CHECKS_ONLY=True)
    elif output is not None:
        override["OUTPUT_PATH"] = str(Path(output).resolve())
    settings = None
    report = _Tee(sys.stderr)
    try:
        settings = read_settings(str(settings_file), override=override)
        target = None if check_only else Path(settings["OUTPUT_PATH"])
        # The stamp first: a file written after it, even before the digest, is seen after.
        before = (settings.get("UPTODATE_STAMP") or uptodate.stamp(settings)) if target else ""
        current = (settings.get("UPTODATE_DIGEST") or uptodate.digest(settings)) if target else ""
        if target and _unchanged(settings, target, current):
            return Outcome(0)
        started = time.monotonic()
        # Pelican's own last line (« Done: Processed… ») is English: ours says it in French.
        with redirect_stderr(report), redirect_stdout(io.StringIO()):
            Pelican(settings).run()
        if target:
            seconds = f"{time.monotonic() - started:.1f}".replace(".", ",")
            print(BUILT.format(seconds=seconds, output=target), flush=True)
        if target and uptodate.unchanged_since(settings, before):
            uptodate.remember(settings, target, current, report.text())
        # else a text was saved during the build: what it read may not be what was digested
    except ChecksDone as done:
        return Outcome(0, done.inventory, done.problems, problems_base(settings))
    except ContentRefused as refused:
        print(f"\n{CHECK_FAILED if check_only else REFUSED}", file=sys.stderr, flush=True)
        return Outcome(1, problems=refused.problems, base=problems_base(settings))
    except Exception as error:  # anything else is ours to fix, but a full disk or a setting
        full = _disk_full(error, (settings or {}).get("OUTPUT_PATH"))
        if full is not None:
            print(f"\n{DISK_FULL.format(where=full)}", file=sys.stderr, flush=True)
            return Outcome(1)
        wrong = _cause(error, SettingsError)
        if wrong is not None:
            print(f"\n{SETTINGS_REFUSED.format(error=wrong)}", file=sys.stderr, flush=True)
            return Outcome(1)
        print(f"\n{bug_sentence(settings)}\n", file=sys.stderr, flush=True)
        traceback.print_exc()
        return Outcome(2)
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    return Outcome(0)


def _disk_full(error: BaseException, output: str | None) -> str | None:
    """Where a write failed for want of space, if that is what `error` (or its cause) says;
    a file's own write names no file: the build was writing the output folder."""
    found = _cause(error, OSError, lambda e: e.errno in (errno.ENOSPC, errno.EDQUOT))
    if found is None:
        return None
    where = Path(found.filename).parent if found.filename else output
    return f"dans « {where} »" if where else "sur le disque"


def _cause(error: BaseException | None, kind: type, test=lambda _: True):
    """`error`, or the first of its causes, that is a `kind` and passes `test`."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, kind) and test(error):
            return error
        error = error.__cause__ or error.__context__
    return None


def _unchanged(settings: dict, output: Path, current: str) -> bool:
    """Whether the last build of `output` had these very inputs (then its report is shown)."""
    said = uptodate.recorded_report(settings, output, current)
    if said is None:
        uptodate.forget(settings, output)  # this build may stop half-way: the record would lie
        return False
    sys.stderr.write(said)
    print(UP_TO_DATE, flush=True)
    return True


class _Tee(io.TextIOBase):
    """Standard error, also kept: the report is shown again when nothing has changed."""

    def __init__(self, stream):
        super().__init__()
        self.stream, self.kept = stream, []

    def write(self, text: str) -> int:
        self.kept.append(text)
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()

    def text(self) -> str:
        return "".join(self.kept)


def bug_sentence(settings: dict | None) -> str:
    repository = (settings or {}).get("COLLECTIONS_REPOSITORY")
    where = f" sur https://github.com/{repository}/issues" if repository else ""
    return BUG.format(where=where)
