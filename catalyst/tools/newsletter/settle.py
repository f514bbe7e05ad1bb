"""Settling an uncertain delivery: the operator's word on whether a message whose reply was lost
arrived.

When the connection drops after the whole message went out and before the server's
reply, nothing here can tell whether the server took it. Sending it again gave a
subscriber one more copy on every run (six copies over three runs, with a server
that always dropped that connection); not sending it could leave them with none.
So the send writes `uncertain` in its journal, never sends to that address again by
itself, and says how to settle it: the operator looks for the Message-ID in the SMTP
server's logs, or asks the person, then records the answer with `settle` —
`--received` (it counts as sent) or `--resend` (the next send delivers it). The
answer goes into the issue's journal, under the same lock as a send.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from catalyst.tools.commands import invoke_command

from .french import fr, refuse, warn
from .journal import Journal

RECEIVED, RESEND = "received", "resend"


def settle(state: Path, issue: str, address: str, outcome: str) -> str:
    """Record the operator's answer for one uncertain address; what to tell them (French)."""
    journal = Journal(Path(state) / issue)
    if not journal.path.is_file():
        raise refuse(
            "Aucun envoi de la lettre {i} n’est noté dans {f} : rien à régler. Vérifiez le numéro "
            "et NEWSLETTER_STATE.",
            i=issue,
            f=journal.folder,
        )
    key = address.strip().lower()
    with journal.locked():
        current = journal.read()
        if key not in current.uncertain:
            left = ", ".join(sorted(current.uncertain)) or fr("aucune")
            raise refuse(
                "{a} n’a pas de réception incertaine de la lettre {i} : rien à régler.",
                "Réceptions incertaines à régler pour ce numéro : {left}.",
                a=address,
                i=issue,
                left=left,
            )
        journal.record("settled", round=current.round, to=key, outcome=outcome)
        left = sorted(set(current.uncertain) - {key})
    if outcome == RECEIVED:
        done = fr(
            "Noté : {a} a reçu la lettre {i} ; aucun envoi ne la lui renverra.", a=key, i=issue
        )
    else:
        done = fr(
            "Noté : la lettre {i} sera renvoyée à {a} par le prochain « {invoke} newsletter.send "
            "--issue {i} ».",
            a=key,
            i=issue,
            invoke=invoke_command(),
        )
    if left:
        done += "\n" + fr("Reste à régler : {left}.", left=", ".join(left))
    return done


def explain_uncertain(
    uncertain: dict[str, str], *, issue: str, tell: Callable[..., None] = warn
) -> None:
    """List the unsettled addresses (address → Message-ID) and how to settle each."""
    tell(
        "Réception incertaine : le serveur a coupé la connexion après avoir reçu toute la lettre, "
        "sans dire s’il l’acceptait. Pour que personne ne la reçoive deux fois, rien ne sera "
        "renvoyé sans votre décision à :"
    )
    for address, message_id in uncertain.items():
        tell("  {a} (Message-ID {m})", a=address, m=message_id or "?")
    who = next(iter(uncertain)) if len(uncertain) == 1 else "ADRESSE"
    tell(
        "Cherchez le Message-ID dans les journaux du serveur SMTP, ou demandez à la personne, "
        "puis notez la réponse :"
    )
    tell(
        "  {invoke} newsletter.settle --issue {i} --received {a}   si la personne l’a reçue ;",
        i=issue,
        a=who,
        invoke=invoke_command(),
    )
    tell(
        "  {invoke} newsletter.settle --issue {i} --resend {a}     pour la lui renvoyer au "
        "prochain envoi.",
        i=issue,
        a=who,
        invoke=invoke_command(),
    )
