"""Where an issue of the letter comes from, what it must contain, and the copy a send keeps.

The build writes each issue as `output/lettre/<ID>/<ID>.eml` (the build side's
contract: multipart/alternative, text then HTML, with Subject and From). The sender
reads it through the `output` link, that is from the released site, never from a
half-written build. A send first copies the file into its state folder
(`NEWSLETTER_STATE/<ID>/issue.eml`) and only ever sends that copy: a send resumed
days later, after new builds have pruned the one it started from or changed the
issue, still sends every subscriber the very same letter.
"""

from __future__ import annotations

import os
import re
import tempfile
from datetime import date
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from catalyst.model.files import replace_file
from catalyst.tools.commands import invoke_command

from .french import fr, refuse

ISSUE_ID = re.compile(r"(?P<year>\d{4})-s(?P<week>\d{2})")
COPY = "issue.eml"


def check_id(text: str) -> str:
    """The issue ID (`2026-s49`: ISO year and week), or a Refusal saying how to write it."""
    match = ISSUE_ID.fullmatch(text.strip().lower())
    try:
        if match:
            date.fromisocalendar(int(match["year"]), int(match["week"]), 1)
            return match.group()
    except ValueError:
        pass
    this = date.today().isocalendar()
    example = f"{this.year}-s{this.week:02d}"
    raise refuse(
        "Numéro de lettre mal écrit : « {text} » ; écrivez l’année ISO et la semaine, "
        "par exemple {example} pour cette semaine.",
        text=text,
        example=example,
    )


def released(output: Path, issue: str) -> Path:
    """The issue's `.eml` in the released site, or a Refusal naming the issues that exist."""
    path = Path(output) / "lettre" / issue / f"{issue}.eml"
    if path.is_file():
        return path
    if not Path(output).exists():
        raise refuse(
            "Aucun site construit ({output}) : lancez d’abord « {invoke} publish ».",
            output=output,
            invoke=invoke_command(),
        )
    known = sorted(p.parent.name for p in (Path(output) / "lettre").glob("*/*.eml"))
    listed = ", ".join(known[-6:]) if known else "aucun"
    raise refuse(
        "Numéro inconnu : {issue} ; le site publié n’a pas de fichier {path}.",
        "Numéros disponibles : {listed}. Vérifiez le numéro, ou reconstruisez le site.",
        issue=issue,
        path=path,
        listed=listed,
    )


def kept_copy(state: Path, issue: str) -> Path:
    """Where a send keeps the issue it sends: `NEWSLETTER_STATE/<ID>/issue.eml`."""
    return Path(state) / issue / COPY


def keep(source: Path, copy: Path) -> None:
    """Copy the issue into the state folder durably (temporary file, fsync, rename)."""
    copy.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    replace_file(copy, source.read_bytes(), durable=True)


def load(path: Path) -> EmailMessage:
    """The issue, parsed, or a Refusal if it is not what the build promises."""
    try:
        message = BytesParser(policy=policy.default).parsebytes(Path(path).read_bytes())
    except OSError as error:
        raise refuse("Lecture impossible de {path} : {e}.", path=path, e=error.strerror) from None
    assert isinstance(message, EmailMessage)
    kinds = [part.get_content_type() for part in message.iter_parts()]
    problem = None
    if message.get_content_type() != "multipart/alternative":
        problem = fr("elle n’est pas en multipart/alternative")
    elif "text/plain" not in kinds or "text/html" not in kinds:
        problem = fr("il lui manque la version texte ou la version HTML")
    elif not message["Subject"]:
        problem = fr("elle n’a pas d’objet (Subject)")
    if problem:
        raise refuse(
            "{path} n’est pas une lettre complète : {problem}. Reconstruisez le site ; "
            "si l’erreur reste, c’est un bug de la construction de la lettre.",
            path=path,
            problem=problem,
        )
    return message


def preview(message: EmailMessage, issue: str) -> tuple[str, Path]:
    """(the text part, a temporary file holding the HTML part, for a browser)."""
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None  # load() checked both
    descriptor, name = tempfile.mkstemp(prefix=f"lettre-{issue}-", suffix=".html")
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(html.get_content())
    return text.get_content(), Path(name)
