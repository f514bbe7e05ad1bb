"""The send itself: one message per remaining subscriber, each written down as it leaves.

This is where the pieces meet: the plan says who still needs the issue, the kept
copy is what they get, the journal records each outcome before the next message,
the connection sorts the server's answers. Every decision a rerun depends on is
taken from the journal alone, so running the same command again, after any kind of
stop, is always the way to finish a send. The one thing a rerun cannot decide is a
delivery whose reply was lost (settle.py): it waits for the operator, and the round
is not finished until they settle it.

Exit codes: 0 done; 1 refused before sending (configuration, a file, the operator
said no); 75 stopped by the server or the network (EX_TEMPFAIL: run the same
command later); 76 everyone else handled, but an uncertain delivery waits for
`settle` (a rerun alone sends nothing more); 130 stopped by the operator (Ctrl-C
or SIGTERM).
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
from .settle import explain_uncertain
from .smtp import Connection, MessageRefused, TemporaryFailure, Uncertain
from .subscribers import address_problem

EXIT_LATER = 75
EXIT_UNCERTAIN = 76
EXIT_INTERRUPTED = 130
Confirm = Callable[[str], bool]  # asks the operator a yes/no question
LOST_TWICE = (
    "Le serveur a coupé la connexion après chacun des deux derniers messages, sans répondre "
    "({r}) : l’envoi s’arrête plutôt que de laisser d’autres réceptions incertaines."
)
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
        plan = make_plan(settings, options, state)
        round_ = state.round + plan.new_round
        letter = _letter(settings, options, new=plan.new_round or not state.started)
        if not plan.pending and plan.uncertain:
            say("Rien à envoyer tant que les réceptions incertaines ne sont pas réglées.")
            explain_uncertain(plan.uncertain, issue=options.issue)
            return EXIT_UNCERTAIN
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
        if plan.uncertain:
            explain_uncertain(plan.uncertain, issue=options.issue)
        return code


def _deliver(
    settings: Settings, letter: Letter, plan: Plan, journal: Journal, *, round_: int, retry: bool
) -> int:
    """Send to everyone pending, journalling each outcome; the exit code."""
    assert settings.smtp is not None
    connection = Connection(settings.smtp, sender=letter.sender)
    connection.open()
    journal.record("start", round=round_, pending=len(plan.pending), retry_failed=retry)
    pace, handled, lost = Pace(settings.rate), 0, 0
    with Stop() as stop, progress_bar() as bar:
        task = bar.add_task(fr("Envoi de {i}", i=letter.issue), total=len(plan.pending))
        try:
            for person in plan.pending:
                if not pace.wait(stop):
                    break
                data, message_id = personalize(letter, email=person.email, name=person.name)
                outcome = connection.deliver(data, person.email)
                lost = lost + 1 if isinstance(outcome, Uncertain) else 0
                if outcome is None:
                    journal.record("sent", round=round_, to=person.key, message_id=message_id)
                    plan.sent += 1
                elif isinstance(outcome, Uncertain):
                    journal.record(
                        "uncertain",
                        round=round_,
                        to=person.key,
                        message_id=message_id,
                        reason=outcome.reason,
                    )
                    plan.uncertain[person.email] = message_id
                else:
                    journal.record(
                        "failed",
                        round=round_,
                        to=person.key,
                        code=outcome.code,
                        reason=outcome.reason,
                    )
                    plan.failures.append((person.email, outcome.code, outcome.reason))
                handled += 1
                bar.advance(task)
                if lost == 2:  # the server drops every message: do not make more uncertain
                    raise TemporaryFailure(fr(LOST_TWICE, r=outcome.reason))
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
    if plan.uncertain:
        return EXIT_UNCERTAIN  # the round finishes once the operator has settled them
    state = journal.read()
    journal.record("finished", round=round_, sent=len(state.sent), failed=len(state.failed))
    return 0


def send_one(settings: Settings, letter: Letter, address: str) -> str:
    """One message to one address (a test); its Message-ID, or a Refusal."""
    if problem := address_problem(address):
        raise refuse("Rien n’a été envoyé : {problem}.", problem=problem)
    assert settings.smtp is not None
    connection = Connection(settings.smtp, sender=letter.sender)
    connection.open()
    data, message_id = personalize(letter, email=address)
    try:
        refused = connection.deliver(data, address)
    except TemporaryFailure as failure:
        later = fr("Rien n’a été envoyé : relancez la même commande plus tard.")
        raise Refusal(str(failure), later, code=EXIT_LATER) from None
    finally:
        connection.close()
    if isinstance(refused, Uncertain):
        raise refuse(
            "Le serveur a coupé la connexion après avoir reçu le message ({r}), sans dire s’il "
            "l’acceptait : regardez s’il arrive à {a} avant de relancer l’essai.",
            code=EXIT_LATER,
            r=refused.reason,
            a=address,
        )
    if refused is not None:
        raise refuse(
            "Le serveur refuse {a} : {c} {r}. Rien n’a été envoyé.",
            a=address,
            c=refused.code,
            r=refused.reason,
        )
    return message_id


def _dry_run(settings: Settings, options: SendOptions, state: State) -> int:
    plan = make_plan(settings, options, state)
    path, _ = issue_file(settings, options, new=plan.new_round or not state.started)
    letter = prepare(issues.load(path), issue=options.issue, settings=settings.letter)
    show_dry_run(plan, issue=options.issue, subject=letter.subject, sender=letter.sender)
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
    uncertain = fr(" ; incertains : {n}", n=len(plan.uncertain)) if plan.uncertain else ""
    say(
        "Envoyés : {sent} ; échecs : {failed}{uncertain} ; ignorés : {ignored} (désabonnés).",
        sent=plan.sent,
        failed=len(plan.failures),
        uncertain=uncertain,
        ignored=plan.withdrawn,
    )
    if plan.already or plan.failed_before:
        sent, failed = count(len(state.sent), "envoyé"), count(len(state.failed), "échec")
        say("Depuis le début de l’envoi de {i} : {s} et {f}.", i=issue, s=sent, f=failed)
    for email, code, reason in plan.failures:
        warn("  Échec : {e} — {c} {r} (pas de nouvel essai).", e=email, c=code, r=reason)
