"""The content report where a pull request shows it: `python -m catalyst check --annotations`.

A volunteer who opens a pull request reads the checks on GitHub, not in a terminal. With
`--annotations`, each problem is also printed as a GitHub workflow command
(`::error file=…,line=…,title=…::…`, `::warning` for a warning): GitHub shows it on the very
line of the file, in the pull request's « Files changed » tab. When `GITHUB_STEP_SUMMARY` names
a file, a French summary (counts, then one table row per problem) is appended to it: the job's
summary page. The terminal report is unchanged.

Paths are given relative to the git repository holding the files (GitHub places annotations
by that path), whatever folder the check was given; outside any repository, as the report
shows them. Our own sentences get French no-break spaces (a browser would wrap a line before
« : »); the problems' texts are shown as the terminal report shows them, control characters
made visible (`<U+000A>`): a file's name cannot end a command and start another.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from catalyst.model.problems import visible
from catalyst.model.typography.spacing import french_spacing

COMMANDS = {"erreur": "error", "avertissement": "warning"}
TITLES = {"erreur": "Erreur dans ce fichier", "avertissement": "Avertissement sur ce fichier"}
STOPPED = (
    "La vérification s’est arrêtée avant la fin, sans problème de contenu à signaler : "
    "lisez le journal de l’étape pour savoir pourquoi."
)
ON_THE_LINES = (
    "Chaque problème est aussi signalé sur sa ligne, dans l’onglet « Files changed » de la pull "
    "request."
)
BUG = "Erreur interne : c’est un bug du site, pas de votre texte ; le journal de l’étape le dit."


def annotate(outcome, *, stream=None) -> None:
    """Print one workflow command per problem of a check's `Outcome`; write the job summary."""
    stream = stream or sys.stdout
    root = _repository(outcome.base)
    found = [(repository_path(p.path, outcome.base, root), p) for p in outcome.problems]
    found.sort(key=lambda pair: (pair[0], pair[1].line or 0))  # the report's order
    for path, problem in found:
        print(command(problem, path), file=stream)
    if outcome.code and not outcome.problems:  # a bug, or no content folder: the log says
        title, text = ("Erreur interne", BUG) if outcome.code == 2 else ("Vérification", STOPPED)
        print(f"::error title={_property(title)}::{_data(french_spacing(text))}", file=stream)
    stream.flush()
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        with open(summary_file, "a", encoding="utf-8") as summary_stream:
            summary_stream.write(summary(outcome, found))


def command(problem, path: str) -> str:
    """`::error file=…,line=…,title=…::message — fix` (`line=` left out when unknown)."""
    properties = [f"file={_property(visible(path))}"]
    if problem.line:
        properties.append(f"line={problem.line}")
    properties.append(f"title={_property(TITLES.get(problem.severity, problem.severity))}")
    kind = COMMANDS.get(problem.severity, "error")
    return f"::{kind} {','.join(properties)}::{_data(_sentence(problem))}"


def summary(outcome, found: list[tuple[str, object]]) -> str:
    """The job summary, in Markdown: counts, then file / line / problem / fix of each of
    `found`, (repository path, problem) pairs."""
    errors = sum(p.severity == "erreur" for _path, p in found)
    warnings = len(found) - errors
    lines = ["## Vérification du contenu", ""]
    if not found:
        if outcome.code == 0:
            checked = len(outcome.inventory)
            files = f"{checked} fichier{'s' * (checked > 1)} vérifié{'s' * (checked > 1)}"
            lines.append(french_spacing(f"Aucune erreur : {files}, le site peut être construit."))
        else:
            lines.append(french_spacing(BUG if outcome.code == 2 else STOPPED))
        return "\n".join(lines) + "\n\n"
    counts = f"{_plural(errors, 'erreur')}, {_plural(warnings, 'avertissement')}"
    verdict = (
        "La vérification a échoué : corrigez chaque problème, puis envoyez la correction sur la "
        "même branche ; la vérification recommence d’elle-même."
        if outcome.code
        else "La vérification est passée ; un avertissement bloque pourtant la publication."
    )
    lines += [
        f"**{counts}.** {french_spacing(verdict)}",
        "",
        french_spacing(ON_THE_LINES),
        "",
        "| Fichier | Ligne | Problème | Correction |",
        "| --- | --- | --- | --- |",
    ]
    for path, problem in found:
        what = ("avertissement : " if problem.severity != "erreur" else "") + problem.message
        cells = [
            _cell(visible(path)),
            str(problem.line or ""),
            _cell(visible(what)),
            _cell(visible(problem.fix)),
        ]
        lines.append(f"| {' | '.join(cells)} |")
    return "\n".join(lines) + "\n\n"


def repository_path(shown: str, base: str, root: Path | None) -> str:
    """`shown` (relative to `base`) relative to the repository `root`, else as shown."""
    if root is None or not base:
        return shown
    absolute = Path(os.path.normpath(Path(base).resolve() / shown))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:  # a file outside the repository
        return shown


def _repository(base: str) -> Path | None:
    """The git work tree holding `base` (its `.git`, a folder or a worktree's file)."""
    if not base:
        return None
    folder = Path(base).resolve()
    return next((f for f in (folder, *folder.parents) if (f / ".git").exists()), None)


def _sentence(problem) -> str:
    text = problem.message[:1].upper() + problem.message[1:]
    return visible(f"{text} — {problem.fix}" if problem.fix else text)


def _data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's runner reads it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A workflow command's property value (`file=`, `title=`): `:` and `,` too."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _cell(text: str) -> str:
    """Plain text in a Markdown table cell: shown as written, on one line."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for mark in "\\`*_[]|":
        text = text.replace(mark, "\\" + mark)
    return re.sub(r"\s*[\r\n]+\s*", " ", text)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count > 1)}"
