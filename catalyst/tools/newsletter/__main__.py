"""`python -m catalyst.tools.newsletter`: send, preview, test the weekly letter; keep subscribers.

    python -m catalyst.tools.newsletter send --issue 2026-s49 [--dry-run] [--yes] [--force]
                                       [--retry-failed] [--output DIR]
    python -m catalyst.tools.newsletter settle --issue 2026-s49 --received|--resend ADDRESS
    python -m catalyst.tools.newsletter preview --issue 2026-s49 [--output DIR]
    python -m catalyst.tools.newsletter test --issue 2026-s49 --to ADDRESS [--output DIR]
    python -m catalyst.tools.newsletter subscribers add ADDRESS [--name NAME]
    python -m catalyst.tools.newsletter subscribers remove ADDRESS
    python -m catalyst.tools.newsletter subscribers import FILE
    python -m catalyst.tools.newsletter subscribers export FILE
    python -m catalyst.tools.newsletter post [--issue 2026-s49] [-s publishconf.py] [-e KEY=JSON]
                                       [--remote origin] [--dry-run] [--output DIR]

The invoke tasks `newsletter.*` run this. Configuration comes from the environment
(`NEWSLETTER_*`, see config.py and docs/lettre.md). What the operator reads is French;
their mistakes are a French message and exit code 1, never a traceback; a bug of
this code is said to be one (exit 2) before its traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from datetime import date
from pathlib import Path

from ..release import ROOT
from . import issue as issues
from . import roster
from .config import published_place, read_settings
from .french import FrenchParser, Refusal, fr, refuse, say, warn
from .message import prepare
from .plan import SendOptions
from .post import post
from .send import EXIT_INTERRUPTED, Confirm, send, send_one
from .settle import RECEIVED, RESEND, settle

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
    needs = {"smtp": not args.dry_run, "subscribers": True, "state": True}
    settings = read_settings(os.environ, output=args.output, **needs)
    options = SendOptions(
        issue=issues.check_id(args.issue),
        output=args.output,
        dry_run=args.dry_run,
        force=args.force,
        retry_failed=args.retry_failed,
    )
    return send(settings, options, confirm=_confirm(assume_yes=args.yes))


def _post(args: argparse.Namespace) -> int:
    return post(
        output=args.output,
        settings_file=args.settings,
        overrides=dict(args.extra),
        issue=args.issue,
        remote=args.remote,
        dry_run=args.dry_run,
    )


def _setting(text: str) -> tuple[str, object]:
    key, _, value = text.partition("=")
    try:
        return key, json.loads(value)
    except ValueError:
        raise argparse.ArgumentTypeError(fr("attendu : CLÉ=JSON")) from None


def _settle(args: argparse.Namespace) -> int:
    settings = read_settings(
        os.environ, output=args.output, smtp=False, subscribers=False, state=True
    )
    assert settings.state is not None
    done = settle(settings.state, issues.check_id(args.issue), args.address, args.outcome)
    print(done, flush=True)  # already French, typeset
    return 0


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
    elif args.action == "import":
        done = roster.import_list(path, Path(args.target), today=today)
    else:
        target = Path(args.target).expanduser().absolute()
        if where := published_place(target, output=args.output):
            raise refuse(
                "L’export {t} serait sous {where} : les adresses des abonnés n’ont rien à y "
                "faire. Écrivez-le hors du dépôt, par exemple dans /srv/lettre/.",
                t=target,
                where=where,
            )
        done = roster.export(path, target)
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

    send_ = command("send", _send, "envoyer un numéro aux abonnés")
    flag(send_, "--dry-run", "lister qui la recevrait, sans rien envoyer ni écrire")
    flag(send_, "--yes", "ne pas demander de confirmation sur un terminal")
    flag(send_, "--force", "envoyer de nouveau un numéro déjà envoyé, à tous")
    flag(send_, "--retry-failed", "réessayer les adresses refusées")
    settle_ = command(
        "settle",
        _settle,
        "régler une réception incertaine (connexion coupée avant la réponse du serveur)",
    )
    settle_.add_argument(
        "address", metavar="ADRESSE", help=fr("l’adresse dont la réception est incertaine")
    )
    answer = settle_.add_mutually_exclusive_group(required=True)
    for option, outcome, what in (
        ("--received", RECEIVED, "la personne a reçu la lettre : ne jamais la lui renvoyer"),
        ("--resend", RESEND, "la personne ne l’a pas reçue : la lui renvoyer au prochain envoi"),
    ):
        answer.add_argument(
            option, dest="outcome", action="store_const", const=outcome, help=fr(what)
        )
    preview = command("preview", _preview, "afficher l’objet et le texte, écrire le HTML à part")
    test = command("test", _test, "envoyer un seul message d’essai, sans journal")
    test.add_argument("--to", required=True, metavar="ADRESSE", help=fr("qui reçoit l’essai"))
    for sub in (send_, settle_, preview, test):
        sub.add_argument(
            "--issue", required=True, metavar="NUMÉRO", help=fr("le numéro, par exemple 2026-s49")
        )
    post_ = command("post", _post, "poster un numéro à la liste de diffusion, une seule fois")
    post_.add_argument(
        "--issue", metavar="NUMÉRO", help=fr("le numéro (par défaut : celui de la semaine passée)")
    )
    post_.add_argument(
        "-s",
        "--settings",
        type=Path,
        default=ROOT / "publishconf.py",
        metavar="FICHIER",
        help=fr("les réglages du site (par défaut : publishconf.py)"),
    )
    post_.add_argument(
        "-e",
        "--extra",
        nargs="*",
        default=[],
        type=_setting,
        metavar="CLÉ=JSON",
        help=fr("des réglages en plus, comme pour la construction"),
    )
    post_.add_argument(
        "--remote",
        default="origin",
        metavar="DÉPÔT",
        help=fr("le dépôt git où l’étiquette lettre/NUMÉRO dit qu’il est posté (origin)"),
    )
    flag(post_, "--dry-run", "dire ce qui serait posté, sans rien poster")
    people = command(
        "subscribers", _subscribers, "ajouter, désabonner, importer ou exporter des abonnés"
    )
    people.add_argument("action", choices=("add", "remove", "import", "export"))
    people.add_argument(
        "target",
        metavar="ADRESSE|FICHIER",
        help=fr("une adresse (add, remove) ou un fichier CSV (import, export)"),
    )
    people.add_argument("--name", metavar="NOM", help=fr("le nom de la personne (add)"))
    return parser


if __name__ == "__main__":
    sys.exit(main())
