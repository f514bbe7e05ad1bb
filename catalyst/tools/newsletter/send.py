"""The send itself: one message per remaining subscriber, each written down as it leaves.

This is where the pieces meet: the plan says who still needs the issue, the kept
copy is what they get, the journal records each outcome before the next message,
the connection sorts the server's answers. Every decision a rerun depends on is
taken from the journal alone, so running the same command again, after any kind of
stop, is always the way to finish a send. `--to-list` sends the issue once to a
mailing list's posting address instead (the list then distributes it), and is
journalled as well, so that a list never gets an issue twice by mistake.

Exit codes: 0 done; 1 refused before sending (configuration, a file, the operator
said no); 75 stopped by the server or the network (EX_TEMPFAIL: run the same
command later); 130 stopped by the operator (Ctrl-C or SIGTERM).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import issue as issues
from .config import Settings
from .control import Pace, Stop, progress_bar
from .french import Refusal, count, fr, refuse, say, warn
from .journal import Journal, State
from .message import Letter, personalize, prepare
from .plan import Plan, SendOptions, issue_file, make_plan, show_dry_run
from .smtp import Connection, MessageRefused, TemporaryFailure
from .subscribers import address_problem

EXIT_LATER = 75
EXIT_INTERRUPTED = 130
Confirm = Callable[[str], bool]  # asks the operator a yes/no question
CHANGED = (
    "Le site publié a changé cette lettre depuis le début de l’envoi : la suite part avec la "
    "copie du début ({copy}), pour que tous reçoivent la même."
)


def send(settings: Settings, options: SendOptions, *, confirm: Confirm) -> int:
    """Send (or, with `dry_run`, only list) the issue; returns the exit code."""
    assert settings.state is not None
    journal = Journal(settings.state / options.issue)
    if options.dry_run:
        return _dry_run(settings, options, journal.read())
    with journal.locked():
        state = journal.read()
        if options.to_list:
            return _to_list(settings, options, journal, state, confirm)
        plan = make_plan(settings, options, state)
        round_ = state.round + plan.new_round
        letter = _letter(settings, options, new=plan.new_round or not state.started)
        if not plan.pending:
            if not state.finished:
                journal.record(
                    "finished", round=round_, sent=len(state.sent), failed=len(state.failed)
                )
            say(
                "Rien à envoyer : tous les abonnés ont déjà reçu la lettre {i} (ou leur adresse "
                "a été refusée).",
                i=options.issue,
            )
            return 0
        say("Lettre {i} « {s} », de {f}", i=options.issue, s=letter.subject, f=letter.sender)
        if plan.already:
            plural = plan.already > 1
            say(
                "Reprise : {who} l’{have} déjà reçue et ne la {get} pas une seconde fois.",
                who=count(plan.already, "abonné"),
                have="ont" if plural else "a",
                get="recevront" if plural else "recevra",
            )
        if not confirm(fr("Envoyer à {n} ? [o/N] ", n=count(len(plan.pending), "abonné"))):
            say("Rien n’a été envoyé.")
            return 1
        code = _deliver(settings, letter, plan, journal, round_=round_, retry=options.retry_failed)
        _summary(plan, journal.read(), issue=options.issue)
        if code == EXIT_LATER and plan.message_refused:
            warn("{why}", why=plan.stopped)
        elif code == EXIT_LATER:
            warn(
                "{why} Relancez la même commande plus tard : la lettre partira seulement à ceux "
                "qui ne l’ont pas encore reçue.",
                why=plan.stopped,
            )
        elif code == EXIT_INTERRUPTED:
            warn(
                "Envoi interrompu. Relancez la même commande pour le reprendre où il s’est arrêté."
            )
        return code


def _deliver(
    settings: Settings, letter: Letter, plan: Plan, journal: Journal, *, round_: int, retry: bool
) -> int:
    """Send to everyone pending, journalling each outcome; the exit code."""
    assert settings.smtp is not None
    connection = Connection(settings.smtp, sender=letter.sender)
    connection.open()
    journal.record("start", round=round_, pending=len(plan.pending), retry_failed=retry)
    pace, handled = Pace(settings.rate), 0
    with Stop() as stop, progress_bar() as bar:
        task = bar.add_task(fr("Envoi de {i}", i=letter.issue), total=len(plan.pending))
        try:
            for person in plan.pending:
                if not pace.wait(stop):
                    break
                data, message_id = personalize(letter, email=person.email, name=person.name)
                refused = connection.deliver(data, person.email)
                if refused is None:
                    journal.record("sent", round=round_, to=person.key, message_id=message_id)
                    plan.sent += 1
                else:
                    journal.record(
                        "failed",
                        round=round_,
                        to=person.key,
                        code=refused.code,
                        reason=refused.reason,
                    )
                    plan.failures.append((person.email, refused.code, refused.reason))
                handled += 1
                bar.advance(task)
        except TemporaryFailure as failure:
            plan.stopped = str(failure)
            plan.message_refused = isinstance(failure, MessageRefused)
            journal.record("stopped", round=round_, reason=plan.stopped)
            return EXIT_LATER
        finally:
            connection.close()
    if handled < len(plan.pending):
        journal.record("stopped", round=round_, reason="interruption")
        return EXIT_INTERRUPTED
    state = journal.read()
    journal.record("finished", round=round_, sent=len(state.sent), failed=len(state.failed))
    return 0


def _to_list(
    settings: Settings, options: SendOptions, journal: Journal, state: State, confirm: Confirm
) -> int:
    """One message to a mailing list's posting address, journalled so that it is sent once."""
    address = str(options.to_list)
    if address.lower() in state.lists and not options.force:
        raise refuse(
            "La lettre {i} a déjà été envoyée à la liste {a} ({at}) ; ajoutez --force "
            "pour l’envoyer de nouveau.",
            i=options.issue,
            a=address,
            at=state.lists[address.lower()].get("at", ""),
        )
    letter = _letter(settings, options, new=False)
    say("Lettre {i} « {s} », de {f}", i=options.issue, s=letter.subject, f=letter.sender)
    if not confirm(
        fr("Envoyer à la liste {a} (un message, qu’elle distribue) ? [o/N] ", a=address)
    ):
        say("Rien n’a été envoyé.")
        return 1
    message_id = send_one(settings, letter, address, list_headers=False)
    journal.record("sent", round=state.round, to=address.lower(), message_id=message_id, list=True)
    say("Envoyée à la liste {a}, qui la distribue à ses abonnés.", a=address)
    return 0


def send_one(settings: Settings, letter: Letter, address: str, *, list_headers: bool = True) -> str:
    """One message to one address (a test, a mailing list); its Message-ID, or a Refusal."""
    if problem := address_problem(address):
        raise refuse("Rien n’a été envoyé : {problem}.", problem=problem)
    assert settings.smtp is not None
    connection = Connection(settings.smtp, sender=letter.sender)
    connection.open()
    data, message_id = personalize(letter, email=address, list_headers=list_headers)
    try:
        refused = connection.deliver(data, address)
    except TemporaryFailure as failure:
        later = fr("Rien n’a été envoyé : relancez la même commande plus tard.")
        raise Refusal(str(failure), later, code=EXIT_LATER) from None
    finally:
        connection.close()
    if refused is not None:
        raise refuse(
            "Le serveur refuse {a} : {c} {r}. Rien n’a été envoyé.",
            a=address,
            c=refused.code,
            r=refused.reason,
        )
    return message_id


def _dry_run(settings: Settings, options: SendOptions, state: State) -> int:
    if not options.to_list:
        plan = make_plan(settings, options, state)
        path, _ = issue_file(settings, options, new=plan.new_round or not state.started)
        letter = prepare(issues.load(path), issue=options.issue, settings=settings.letter)
        show_dry_run(plan, issue=options.issue, subject=letter.subject, sender=letter.sender)
        return 0
    path, _ = issue_file(settings, options, new=False)
    letter = prepare(issues.load(path), issue=options.issue, settings=settings.letter)
    say("Simulation : rien n’est envoyé, rien n’est écrit.")
    say(
        "Lettre {i} « {s} » : un message à la liste {a}.",
        i=options.issue,
        s=letter.subject,
        a=options.to_list,
    )
    if str(options.to_list).lower() in state.lists and not options.force:
        say("Elle lui a déjà été envoyée : sans --force, l’envoi serait refusé.")
    return 0


def _letter(settings: Settings, options: SendOptions, *, new: bool) -> Letter:
    """The issue this send delivers: the released one, copied first, or the copy kept earlier."""
    assert settings.state is not None
    path, released = issue_file(settings, options, new=new)
    message = issues.load(path)
    copy = issues.kept_copy(settings.state, options.issue)
    if released:
        issues.keep(path, copy)
    else:
        current = Path(options.output) / "lettre" / options.issue / f"{options.issue}.eml"
        if current.is_file() and current.read_bytes() != copy.read_bytes():
            warn(CHANGED, copy=copy)
    return prepare(message, issue=options.issue, settings=settings.letter)


def _summary(plan: Plan, state: State, *, issue: str) -> None:
    say(
        "Envoyés : {sent} ; échecs : {failed} ; ignorés : {ignored} (désabonnés).",
        sent=plan.sent,
        failed=len(plan.failures),
        ignored=plan.withdrawn,
    )
    if plan.already or plan.failed_before:
        sent, failed = count(len(state.sent), "envoyé"), count(len(state.failed), "échec")
        say("Depuis le début de l’envoi de {i} : {s} et {f}.", i=issue, s=sent, f=failed)
    for email, code, reason in plan.failures:
        warn("  Échec : {e} — {c} {r} (pas de nouvel essai).", e=email, c=code, r=reason)
