"""The letter's settings, defaulted here and read once per build into a frozen record."""

from __future__ import annotations

from dataclasses import dataclass

from catalyst.model import read_model
from catalyst.model.errors import SettingsError
from catalyst.model.settings_spec import COLLECTIONS_EMAIL, SHARED, SameAs, Setting, value, values

SETTINGS = (
    Setting(  # editorials: content/lettre/2026-s49.md
        "NEWSLETTER_PATH",
        "lettre",
        "the editorials' folder under `content/`; empty turns the letter off",
    ),
    Setting(
        "NEWSLETTER_NAME",
        "La lettre",
        "the letter's name, in titles, the feed and e-mails (`pelicanconf.py`: « La lettre de "
        "Catalyst »)",
    ),
    Setting("NEWSLETTER_URL", "lettre/", "the archive's address"),
    Setting("NEWSLETTER_SAVE_AS", "lettre/index.html", "the archive's file"),
    Setting("NEWSLETTER_ISSUE_URL", "lettre/{id}/", "one issue's address (`{id}`: `2026-s49`)"),
    Setting("NEWSLETTER_ISSUE_SAVE_AS", "lettre/{id}/index.html", "one issue's file"),
    Setting(
        "NEWSLETTER_EML_SAVE_AS",
        "lettre/{id}/{id}.eml",
        "each issue's e-mail, for sending or importing",
    ),
    Setting("NEWSLETTER_FEED_ATOM", "feeds/lettre.atom.xml", "the feed of issues; `None` for none"),
    Setting(
        "NEWSLETTER_SENDER",
        None,
        "the e-mails' `From` (sending may replace it); `None`: `AUTHOR <COLLECTIONS_EMAIL>`",
    ),
    Setting(
        "NEWSLETTER_SUBSCRIBE_EMAIL",
        SameAs(COLLECTIONS_EMAIL),
        "where « S’abonner » and « se désabonner » write",
    ),
)


@dataclass(frozen=True)
class Options:
    path: str
    name: str
    url: str
    save_as: str
    issue_url: str
    issue_save_as: str
    eml_save_as: str
    feed_atom: str | None
    sender: str | None
    subscribe_email: str | None
    # (type, one, several) in the order of an issue's sections: from the content model
    # ([letter] order, then the others); « 1 événement », « 31 témoignages »
    sections: tuple[tuple[str, str, str], ...] = ()

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(kind for kind, _, _ in self.sections)


def read_options(settings: dict) -> Options:
    get = values(settings, SETTINGS)
    for key in ("NEWSLETTER_ISSUE_URL", "NEWSLETTER_ISSUE_SAVE_AS", "NEWSLETTER_EML_SAVE_AS"):
        if "{id}" not in str(get[key]):
            raise SettingsError(f"newsletter: {key} should contain {{id}}, received {get[key]!r}")
    email = get["NEWSLETTER_SUBSCRIBE_EMAIL"] or value(settings, SHARED, "COLLECTIONS_EMAIL")
    sender = get["NEWSLETTER_SENDER"] or (
        f"{settings.get('AUTHOR', '')} <{email}>" if email else None
    )
    return Options(
        path=get["NEWSLETTER_PATH"] or "",
        name=get["NEWSLETTER_NAME"],
        url=get["NEWSLETTER_URL"],
        save_as=get["NEWSLETTER_SAVE_AS"],
        issue_url=get["NEWSLETTER_ISSUE_URL"],
        issue_save_as=get["NEWSLETTER_ISSUE_SAVE_AS"],
        eml_save_as=get["NEWSLETTER_EML_SAVE_AS"],
        feed_atom=get["NEWSLETTER_FEED_ATOM"] or None,
        sender=sender,
        subscribe_email=email,
        sections=_sections(settings),
    )


def _sections(settings: dict) -> tuple[tuple[str, str, str], ...]:
    types = [t for t in read_model(settings).types if t.name != "letter"]
    last = len(types) + 1
    ranked = sorted(types, key=lambda t: t.letter_order or last)  # sorted() keeps model order
    return tuple((t.name, t.item_name, t.items or t.item_name) for t in ranked)
