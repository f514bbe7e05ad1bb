"""`python -m catalyst.tools.newsletter`: send, preview, test the weekly letter; keep subscribers.

    python -m catalyst.tools.newsletter send --issue 2026-s49 [--dry-run] [--yes] [--force]
                                       [--retry-failed] [--to-list ADDRESS] [--output DIR]
    python -m catalyst.tools.newsletter preview --issue 2026-s49 [--output DIR]
    python -m catalyst.tools.newsletter test --issue 2026-s49 --to ADDRESS [--output DIR]
    python -m catalyst.tools.newsletter subscribers add ADDRESS [--name NAME]
    python -m catalyst.tools.newsletter subscribers remove ADDRESS
    python -m catalyst.tools.newsletter subscribers import FILE

The invoke tasks `newsletter.*` run this. Configuration comes from the environment
(`NEWSLETTER_*`, see config.py and docs/lettre.md). What the operator reads is French;
their mistakes are a French message and exit code 1, never a traceback; a bug of
this code is said to be one (exit 2) before its traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from datetime import date
from pathlib import Path

from ..release import ROOT
from . import issue as issues
from . import roster
from .config import read_settings
from .french import FrenchParser, Refusal, fr, refuse, say, warn
from .message import prepare
from .plan import SendOptions
from .send import EXIT_INTERRUPTED, Confirm, send, send_one
from .subscribers import address_problem

BUG = (
    "Erreur interne : c’est un bug de l’envoi de la lettre, pas de votre configuration. "
    "Signalez-le avec le message ci-dessous."
)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except Refusal as refusal:
        print("\n".join(refusal.lines), file=sys.stderr, flush=True)
        return refusal.code
    except KeyboardInterrupt:
        warn(
            "Interrompu. Relancez la même commande pour reprendre : le journal sait qui a déjà "
            "reçu la lettre."
        )
        return EXIT_INTERRUPTED
    except Exception:  # ours to fix, not the operator's
        warn(BUG)
        traceback.print_exc()
        return 2


def _send(args: argparse.Namespace) -> int:
    if args.to_list and (problem := address_problem(args.to_list)):
        raise refuse("--to-list : {problem}.", problem=problem)
    needs = {"smtp": not args.dry_run, "subscribers": not args.to_list, "state": True}
    settings = read_settings(os.environ, output=args.output, **needs)
    options = SendOptions(
        issue=issues.check_id(args.issue),
        output=args.output,
        dry_run=args.dry_run,
        force=args.force,
        retry_failed=args.retry_failed,
        to_list=args.to_list,
    )
    return send(settings, options, confirm=_confirm(assume_yes=args.yes))


def _preview(args: argparse.Namespace) -> int:
    issue = issues.check_id(args.issue)
    message = issues.load(issues.released(args.output, issue))
    text, html = issues.preview(message, issue)
    say("Objet : {s}", s=message["Subject"])
    say("De : {f}", f=message["From"])
    say("──── version texte ────")
    print(text.rstrip("\n"))
    say("──── fin de la version texte ────")
    say("Version HTML : {p} (ouvrez ce fichier dans un navigateur)", p=html)
    return 0


def _test(args: argparse.Namespace) -> int:
    settings = read_settings(
        os.environ, output=args.output, smtp=True, subscribers=False, state=False
    )
    issue = issues.check_id(args.issue)
    message = issues.load(issues.released(args.output, issue))
    letter = prepare(message, issue=issue, settings=settings.letter)
    message_id = send_one(settings, letter, args.to)
    say(
        "Essai de {i} envoyé à {to} ({m}), sans rien noter au journal.",
        i=issue,
        to=args.to,
        m=message_id,
    )
    return 0


def _subscribers(args: argparse.Namespace) -> int:
    settings = read_settings(
        os.environ, output=args.output, smtp=False, subscribers=True, state=False
    )
    path = settings.subscribers
    assert path is not None
    today = date.today().isoformat()
    if args.action == "add":
        done = roster.add(path, args.target, name=args.name or "", today=today)
    elif args.action == "remove":
        done = roster.remove(path, args.target, today=today)
    else:
        done = roster.import_list(path, Path(args.target), today=today)
    print(done, flush=True)  # already French, typeset
    return 0


def _confirm(*, assume_yes: bool) -> Confirm:
    """Ask on a terminal; never ask (and go on) when stdin is not one, or with --yes."""

    def ask(question: str) -> bool:
        if assume_yes or not sys.stdin.isatty():
            return True
        try:
            answer = input(question)
        except EOFError:
            return False
        return answer.strip().lower() in ("o", "oui", "y", "yes")

    return ask


def _parser() -> argparse.ArgumentParser:
    describe = fr("La lettre hebdomadaire : envoi, aperçu, essai, abonnés.")
    parser = FrenchParser(prog="python -m catalyst.tools.newsletter", description=describe)
    commands = parser.add_subparsers(dest="command", required=True, metavar="commande")

    def command(name: str, run, what: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=fr(what), description=fr(what))
        sub.set_defaults(run=run)
        sub.add_argument(
            "--output",
            type=Path,
            default=ROOT / "output",
            metavar="DOSSIER",
            help=fr("le site construit (par défaut : output)"),
        )
        return sub

    def flag(sub: argparse.ArgumentParser, name: str, what: str) -> None:
        sub.add_argument(name, action="store_true", help=fr(what))

    send_ = command("send", _send, "envoyer un numéro aux abonnés (ou à une liste de diffusion)")
    flag(send_, "--dry-run", "lister qui la recevrait, sans rien envoyer ni écrire")
    flag(send_, "--yes", "ne pas demander de confirmation sur un terminal")
    flag(send_, "--force", "envoyer de nouveau un numéro déjà envoyé, à tous")
    flag(send_, "--retry-failed", "réessayer les adresses refusées")
    to_list = fr("un seul message, à l’adresse d’envoi d’une liste de diffusion")
    send_.add_argument("--to-list", metavar="ADRESSE", help=to_list)
    preview = command("preview", _preview, "afficher l’objet et le texte, écrire le HTML à part")
    test = command("test", _test, "envoyer un seul message d’essai, sans journal")
    test.add_argument("--to", required=True, metavar="ADRESSE", help=fr("qui reçoit l’essai"))
    for sub in (send_, preview, test):
        sub.add_argument(
            "--issue", required=True, metavar="NUMÉRO", help=fr("le numéro, par exemple 2026-s49")
        )
    people = command("subscribers", _subscribers, "ajouter, désabonner ou importer des abonnés")
    people.add_argument("action", choices=("add", "remove", "import"))
    people.add_argument(
        "target",
        metavar="ADRESSE|FICHIER",
        help=fr("une adresse (add, remove) ou un fichier (import)"),
    )
    people.add_argument("--name", metavar="NOM", help=fr("le nom de la personne (add)"))
    return parser


if __name__ == "__main__":
    sys.exit(main())
