"""No list server: readers write to the team, which sends with the built-in sender.

For a small list. A person adds the address (`invoke newsletter.subscribers`), so the
reader's own message is their consent and there is nothing else to confirm; leaving is
another message, and each letter sent by catalyst.tools.newsletter also carries
`List-Unsubscribe` (one click when an unsubscribe page is configured there, which the
build cannot know: it says « by writing »).
"""

from __future__ import annotations

from catalyst.model.lists import ListFacts, MailLink, Subscription


def describe(facts: ListFacts) -> Subscription:
    name, contact = facts.letter_name, facts.contact
    return Subscription(
        backend="equipe",
        subscribe=MailLink(
            contact,
            subject=f"Abonnement à {name}",
            body=f"Bonjour,\n\nJe souhaite recevoir {name} à cette adresse.\n\nMerci !",
        )
        if contact
        else None,  # a site without an address: the page says subscribing is not open yet
        unsubscribe=MailLink(
            contact,
            subject=f"Désabonnement de {name}",
            body=f"Bonjour,\n\nJe ne souhaite plus recevoir {name} à cette adresse.",
        )
        if contact
        else None,
        confirmation=(
            "Une personne de l’équipe vous inscrit à la main et vous répond ; "
            "votre message vaut accord, il n’y a rien d’autre à confirmer."
        ),
        leaving="Une personne de l’équipe vous désabonne et vous le confirme.",
        kept=(
            "votre adresse électronique",
            "le nom que vous donnez, si vous en donnez un",
            "la date de votre abonnement et, le cas échéant, celle de votre désabonnement",
        ),
        keeper=f"{facts.publisher}, dans un fichier tenu hors du site et de son dépôt",
        retention=(
            "tant que vous êtes abonné ou abonnée ; après un désabonnement, l’adresse et les "
            "dates restent dans le fichier, comme preuve de votre accord et de son retrait, "
            "et sont effacées sur simple demande"
        ),
    )
