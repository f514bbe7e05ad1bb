"""Deciding what a send will do, before it does anything: which issue file, to whom, and why not.

A send and its dry run must agree to the address, so both ask this module. The
decision reads the journal (who already has the issue, who was refused for good,
whose delivery is uncertain and waits for the operator's word, whether this round
finished), the subscribers' base (who may receive: unsubscribed addresses never do)
and the options (`--force` starts a new round once a round finished, `--retry-failed`
tries the refused ones again). A finished issue is refused here, with what to type
instead. Nothing in this module writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from catalyst.tools.commands import invoke_command

from . import issue as issues
from . import subscribers
from .config import Settings
from .french import count, fr, refuse, say
from .journal import State
from .settle import explain_uncertain
from .subscribers import Subscriber


@dataclass(frozen=True, kw_only=True)
class SendOptions:
    issue: str
    output: Path
    dry_run: bool = False
    force: bool = False
    retry_failed: bool = False


@dataclass
class Plan:
    """Who this run sends to, why the others are left out, and what happened."""

    pending: list[Subscriber]
    already: int = 0  # received it in an earlier run of this round
    withdrawn: int = 0  # unsubscribed: never receive
    failed_before: int = 0  # refused for good earlier, not retried
    uncertain: dict[str, str] = field(default_factory=dict)  # unsettled: address → Message-ID
    new_round: bool = False  # --force after a finished round
    sent: int = 0
    failures: list[tuple[str, int, str]] = field(default_factory=list)
    stopped: str = ""  # why the server stopped the send (4xx, connection lost)
    message_refused: bool = False  # it refused the letter itself (smtp.MessageRefused)


def make_plan(settings: Settings, options: SendOptions, state: State) -> Plan:
    """Who receives the issue in this run, or a Refusal if the issue was already sent."""
    if state.finished and not (options.force or options.retry_failed):
        raise refuse(
            "La lettre {i} a déjà été envoyée ({at}) : {sent}, {failed}. Rien n’a été envoyé.",
            "Pour l’envoyer de nouveau à tous les abonnés, ajoutez --force ; pour réessayer "
            "seulement les adresses en échec, --retry-failed.",
            i=options.issue,
            at=state.finished_at.replace("T", " ").replace("+00:00", " UTC"),
            sent=count(len(state.sent), "envoi"),
            failed=count(len(state.failed), "échec"),
        )
    assert settings.subscribers is not None
    rows = subscribers.read_all(settings.subscribers)
    if not rows:  # a wrong path must not mark the issue as sent to everyone
        raise refuse(
            "La base des abonnés {path} est vide : vérifiez NEWSLETTER_SUBSCRIBERS, ou ajoutez des "
            "abonnés (« {invoke} newsletter.subscribers import FICHIER »). Rien n’a été envoyé.",
            path=settings.subscribers,
            invoke=invoke_command(),
        )
    eligible, withdrawn = subscribers.recipients(rows)
    new_round = state.finished and options.force
    sent, failed = ({}, {}) if new_round else (state.sent, state.failed)
    uncertain = {} if new_round else state.uncertain  # the operator settles them (settle.py)
    if state.finished and options.retry_failed and not new_round:
        pending = [person for person in eligible if person.key in failed]
    else:
        skip = sent.keys() | uncertain.keys()
        skip |= set() if options.retry_failed else failed.keys()
        pending = [person for person in eligible if person.key not in skip]
    return Plan(
        pending,
        already=sum(person.key in sent for person in eligible),
        withdrawn=withdrawn,
        failed_before=0 if options.retry_failed else sum(p.key in failed for p in eligible),
        new_round=new_round,
        uncertain={
            p.email: uncertain[p.key].get("message_id", "") for p in eligible if p.key in uncertain
        },
    )


def issue_file(settings: Settings, options: SendOptions, *, new: bool) -> tuple[Path, bool]:
    """(the issue to send; True if it is the released one, to be copied before sending).

    A send that starts (or starts a new round) takes the released issue; a send that
    resumes takes the copy kept when it started, even if the site changed since.
    """
    assert settings.state is not None
    copy = issues.kept_copy(settings.state, options.issue)
    if new or not copy.is_file():
        return issues.released(options.output, options.issue), True
    return copy, False


def show_dry_run(plan: Plan, *, issue: str, subject: str, sender: str) -> None:
    """What the send would do, recipient by recipient (nothing is sent or written)."""
    say("Simulation : rien n’est envoyé, rien n’est écrit.")
    say("Lettre {i} « {s} », de {f}", i=issue, s=subject, f=sender)
    if plan.new_round:
        say("--force : un nouvel envoi à tous les abonnés commencerait.")
    verb = "la recevraient" if len(plan.pending) > 1 else "la recevrait"
    say("{who} {verb} :", who=count(len(plan.pending), "abonné"), verb=verb)
    for person in plan.pending:
        say("  {email}{name}", email=person.email, name=f" ({person.name})" if person.name else "")
    uncertain = count(len(plan.uncertain), "réception incertaine", "réceptions incertaines")
    say(
        "Laissés de côté : {w} ; {a} ; {f}{u}.",
        w=count(plan.withdrawn, "désabonné"),
        a=f"{plan.already} l’{'ont' if plan.already > 1 else 'a'} déjà reçue",
        f=count(
            plan.failed_before, "échec précédent non réessayé", "échecs précédents non réessayés"
        ),
        u=fr(" ; {u} à régler", u=uncertain) if plan.uncertain else "",
    )
    if plan.uncertain:
        explain_uncertain(plan.uncertain, issue=issue, tell=say)
