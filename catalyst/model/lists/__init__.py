"""Who keeps the letter's subscribers, and what that means for a reader: one module per backend.

A reader subscribes on a static site, so the site can only point them somewhere: an
address to write to, a list server's web page. What that is, what happens next (a
confirmation to answer), how to leave, what is kept about them and whether a letter can
be left in one click all depend on what keeps the subscribers. Each backend is one
module of this package that says so (`describe`) and, when it is a list server, posts an
issue to it (`post`, used by catalyst.tools.newsletter.post). The build's letter page,
its e-mail and its data statement read a `Subscription` and nothing else, so a second
list server is one more module and one entry in `BACKENDS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from urllib.parse import quote

from catalyst.model.errors import SettingsError


@dataclass(frozen=True)
class MailLink:
    """An address to write to, with the message a mail program should prefill."""

    address: str
    subject: str = ""
    body: str = ""

    @property
    def href(self) -> str:
        query = "&".join(
            f"{key}={quote(text, safe='')}"
            for key, text in (("subject", self.subject), ("body", self.body))
            if text
        )
        return f"mailto:{self.address}" + (f"?{query}" if query else "")


@dataclass(frozen=True)
class Subscription:
    """What a reader needs to know to subscribe and leave, in French, from one backend."""

    backend: str
    subscribe: MailLink | None  # None: no address to write to is set
    unsubscribe: MailLink | None
    confirmation: str  # what happens once they have written
    leaving: str  # what happens once they have written to leave
    kept: tuple[str, ...]  # what is kept about a subscriber
    keeper: str  # who keeps it, and where
    retention: str  # how long
    web_page: str | None = None  # a page to subscribe and manage a subscription, if any
    one_click: bool = False  # whether each letter can be left in one click (RFC 8058)


@dataclass(frozen=True)
class ListFacts:
    """The settings a backend describes itself from (plugins.newsletter reads them)."""

    letter_name: str
    publisher: str  # who publishes the letter (AUTHOR)
    contact: str | None  # the address that answers people (NEWSLETTER_SUBSCRIBE_EMAIL)
    list_address: str | None  # a list server's posting address
    list_page: str | None  # its web page
    list_keeper: str | None  # who runs the list server


class PostRefused(Exception):
    """The list server said no to the issue: nothing went out. `str()` is French."""


class PostUncertain(Exception):
    """The issue was handed over but no answer came: it may have gone out. `str()` is French."""


class PostUnreachable(Exception):
    """The list server could not be reached: nothing went out. `str()` is French."""


def backends() -> Mapping[str, ModuleType]:
    from catalyst.model.lists import mailman, team

    return {"equipe": team, "mailman": mailman}


def describe(backend: str, facts: ListFacts) -> Subscription:
    module = backends().get(backend)
    if module is None:
        known = ", ".join(repr(name) for name in backends())
        message = f"should be one of {known}, received {backend!r}"
        raise SettingsError(f"newsletter: NEWSLETTER_BACKEND {message}")
    describe_: Callable[[ListFacts], Subscription] = module.describe
    return describe_(facts)
