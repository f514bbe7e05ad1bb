"""How a reader subscribes, leaves, and what is kept about them: read once, shown everywhere.

The backend that keeps the subscribers (catalyst.model.lists: the team by hand, or a list
server) decides the addresses to write to and what happens next; the settings add who
keeps the data, for how long and whom to ask. The letter's pages, its e-mail and the
privacy page read the result from the context key `letter_subscription` (a
`Subscription`, with `retention` and `contact` from the settings), so no template knows
which backend is in use.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalyst.model.lists import ListFacts, Subscription, describe
from catalyst.model.settings_spec import Setting, values

SETTINGS = (
    Setting(
        "NEWSLETTER_BACKEND",
        "equipe",
        "who keeps the subscribers: `'equipe'` (people write to NEWSLETTER_SUBSCRIBE_EMAIL; "
        "the built-in sender sends) or `'mailman'` (a GNU Mailman 3 list)",
    ),
    Setting(
        "NEWSLETTER_LIST_ADDRESS",
        None,
        "the list's address, for a list server (`lettre@listes.example.org`)",
    ),
    Setting("NEWSLETTER_LIST_PAGE", None, "the list's web page (https), if it has one"),
    Setting(
        "NEWSLETTER_LIST_KEEPER",
        None,
        "who runs the list server, for the data statement (`None`: the publisher's own)",
    ),
    Setting(
        "NEWSLETTER_DATA_RETENTION",
        None,
        "how long subscribers' data is kept, in French (`None`: what the backend does)",
    ),
    Setting(
        "NEWSLETTER_DATA_CONTACT",
        None,
        "whom subscribers ask about their data (`None`: NEWSLETTER_SUBSCRIBE_EMAIL)",
    ),
)


@dataclass(frozen=True)
class LetterSubscription:
    """A backend's `Subscription` with what the settings add for the data statement."""

    how: Subscription
    retention: str
    contact: str | None

    @property
    def kept(self) -> str:
        """What is kept, as one French sentence."""
        return _sentence(" ; ".join(self.how.kept))

    @property
    def how_long(self) -> str:
        return _sentence(self.retention)


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:] + "." if text else ""


def read_subscription(settings: dict, *, name: str, contact: str | None) -> LetterSubscription:
    get = values(settings, SETTINGS)
    backend = str(get["NEWSLETTER_BACKEND"])
    facts = ListFacts(
        letter_name=name,
        publisher=str(settings.get("AUTHOR") or ""),
        contact=contact,
        list_address=get["NEWSLETTER_LIST_ADDRESS"],
        list_page=get["NEWSLETTER_LIST_PAGE"],
        list_keeper=get["NEWSLETTER_LIST_KEEPER"],
    )
    how = describe(backend, facts)
    return LetterSubscription(
        how=how,
        retention=get["NEWSLETTER_DATA_RETENTION"] or how.retention,
        contact=get["NEWSLETTER_DATA_CONTACT"] or contact,
    )
