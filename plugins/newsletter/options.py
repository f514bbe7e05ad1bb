"""The letter's settings, defaulted here and read once per build into a frozen record."""

from __future__ import annotations

from dataclasses import dataclass

from catalyst.model import read_model
from catalyst.model.errors import SettingsError
from catalyst.model.settings_spec import COLLECTIONS_EMAIL, SHARED, SameAs, Setting, value, values

from .weeks import Week, parse_issue_id

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
        "NEWSLETTER_FIRST_ISSUE",
        None,
        'the first issue (`"2026-s50"`): no page, feed entry or e-mail for an earlier week, and '
        "the archive says when it comes; `None`: every week with content",
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
    first_issue: Week | None = None  # (year, ISO week); None: every week with content
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
        first_issue=_first_issue(get["NEWSLETTER_FIRST_ISSUE"]),
        sections=_sections(settings),
    )


def _first_issue(given: object) -> Week | None:
    """`NEWSLETTER_FIRST_ISSUE` as (year, week), or a French error for the maintainer who set
    it (printed after « Réglage à corriger : » by catalyst.tools.build)."""
    if given is None:
        return None
    week, why = parse_issue_id(given)
    if week is None:
        shown = f"« {given} »" if isinstance(given, str) else repr(given)
        raise SettingsError(
            f"newsletter : NEWSLETTER_FIRST_ISSUE, la semaine de la première lettre, vaut "
            f"{shown} : {why}"
        )
    return week


def _sections(settings: dict) -> tuple[tuple[str, str, str], ...]:
    types = [t for t in read_model(settings).types if t.name != "letter"]
    last = len(types) + 1
    ranked = sorted(types, key=lambda t: t.letter_order or last)  # sorted() keeps model order
    return tuple((t.name, t.item_name, t.items or t.item_name) for t in ranked)
