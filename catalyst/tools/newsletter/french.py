"""What the operator reads on the terminal: French, with French typography, and no traceback.

Everything the sender prints goes through here so that three rules hold in one place.
Messages are written in the source with ordinary spaces (` : `, ` ; `, `« … »`), which
stay readable in review; `typeset` turns them into the spaces French typography asks
for (U+00A0 before a colon, U+202F before ; ! ? and inside guillemets). Only the
template is typeset, never the values put into it, so an address, a path or a
server's reply is shown exactly as it is. A mistake of the operator (a missing
variable, an unknown issue, a bad line in a file) is a `Refusal`: its French lines
are printed and the command exits with its code, 1 unless said otherwise. And
argparse, whose own messages are English, is taught the handful it prints.
"""

from __future__ import annotations

import argparse
import re
import sys

NBSP = "\u00a0"
NNBSP = "\u202f"

_BEFORE_COLON = re.compile(r" :(?=\s|$)")
_BEFORE_HIGH = re.compile(r" ([;!?])")
_OPEN = re.compile(r"« ")
_CLOSE = re.compile(r" »")

# argparse's own messages, as Python 3.11 writes them, and the French the operator reads.
_ARGPARSE = {
    "usage: ": "usage : ",
    "positional arguments": "arguments" + NBSP,  # argparse adds the colon of headings itself
    "options": "options" + NBSP,
    "show this help message and exit": "affiche cette aide",
    "the following arguments are required: %s": "il manque : %s",
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "expected one argument": "une valeur est attendue après l’option",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s : %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix inconnu : %(value)r (possibles : %(choices)s)"
    ),
    "ambiguous option: %(option)s could match %(matches)s": (
        "option ambiguë : %(option)s peut être %(matches)s"
    ),
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
    "one of the arguments %s is required": "il faut l’une de ces options : %s",
    "not allowed with argument %s": "ne va pas avec %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s : %(message)s\n",
}


class Refusal(Exception):
    """A refusal the operator can act on: French lines, an exit code, never a traceback."""

    def __init__(self, *lines: str, code: int = 1) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines
        self.code = code


def typeset(template: str) -> str:
    """French spaces in a message written with ordinary ones (values are not touched)."""
    text = _BEFORE_COLON.sub(NBSP + ":", template)
    text = _BEFORE_HIGH.sub(NNBSP + r"\1", text)
    return _CLOSE.sub(NNBSP + "»", _OPEN.sub("«" + NNBSP, text))


def fr(template: str, /, **values: object) -> str:
    """The template typeset, then filled with `values` (`{name}` placeholders)."""
    return typeset(template).format(**values)


def say(template: str, /, **values: object) -> None:
    """Print one French line on standard output."""
    print(fr(template, **values), flush=True)


def warn(template: str, /, **values: object) -> None:
    """Print one French line on standard error."""
    print(fr(template, **values), file=sys.stderr, flush=True)


def count(n: int, one: str, many: str | None = None) -> str:
    """« 1 abonné », « 2 abonnés », « 0 abonné » (French uses the singular below 2)."""
    return f"{n} {one if n < 2 else (many or one + 's')}"


def refuse(template: str, /, *more: str, code: int = 1, **values: object) -> Refusal:
    """A Refusal from typeset templates, all filled with the same values."""
    return Refusal(*(fr(line, **values) for line in (template, *more)), code=code)


class FrenchParser(argparse.ArgumentParser):
    """argparse in French: its messages translated, and a usage mistake exits with 1, not 2."""

    def __init__(self, *args, **kwargs) -> None:
        # argparse looks its translations up (`_`, `ngettext`) when it prints, in its module.
        argparse._ = _translate  # type: ignore[attr-defined]
        argparse.ngettext = _translate_plural  # type: ignore[attr-defined]
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        hint = fr("Voir « {prog} --help ».", prog=self.prog)
        self.exit(1, f"{self.prog}{NBSP}: {message}\n{hint}\n")


def _translate(message: str) -> str:
    french = _ARGPARSE.get(message)
    return typeset(french) if french else message


def _translate_plural(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return "%s valeur(s) attendue(s)"
    return singular if n == 1 else plural
