"""The sender's configuration, read from the environment only, and checked before anything else.

Passwords and the subscribers' base have no place in the repository, so nothing here
comes from pelicanconf.py or a file under version control: the operator (or the
machine that sends) exports `NEWSLETTER_*` variables. Every variable a command needs is
checked up front and every problem is reported at once, in French, with what the
variable is for; a command never starts sending and then discovers a typo. Personal
data (the subscribers' base, the send journals that list addresses) is refused under
the project's `content/` or the built site, from where it would be published or
committed.
"""

from __future__ import annotations

import ipaddress
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path

from ..release import ROOT, builds_folder
from .french import Refusal, fr
from .subscribers import address_problem

TLS_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
SECRET_MIN = 16
README = "Voir docs/lettre.md, section « La configuration »."
WHAT = {  # what a missing variable is for, with an example
    "NEWSLETTER_SMTP_HOST": "le serveur SMTP qui envoie (par exemple smtp.example.org)",
    "NEWSLETTER_SUBSCRIBERS": "la base SQLite des abonnés (par exemple /srv/lettre/abonnes.sqlite)",
    "NEWSLETTER_STATE": "le dossier des journaux d’envoi, qui permet de reprendre un envoi "
    "interrompu (par exemple /srv/lettre/envois)",
}
PROBLEMS = {  # every other mistake of configuration, as the operator reads it
    "missing": "{name} manquante : {what}.",
    "tls": "NEWSLETTER_SMTP_TLS vaut « {v} » : écrivez starttls, ssl ou none.",
    "port": "NEWSLETTER_SMTP_PORT vaut « {v} » : un numéro de port (587, 465…).",
    "login": "NEWSLETTER_SMTP_USER et NEWSLETTER_SMTP_PASSWORD vont ensemble : donnez les deux, "
    "ou aucun.",
    "ascii": "{name} contient « {c} » : SMTP transmet l’identifiant et le mot de passe en ASCII "
    "seulement ; choisissez pour ce compte un mot de passe sans accent ni caractère spécial "
    "hors ASCII.",
    "clear": "Mot de passe refusé en clair vers {v} (NEWSLETTER_SMTP_TLS=none) : utilisez "
    "starttls ou ssl.",
    "address": "{name} : {v}.",
    "list-id": "NEWSLETTER_LIST_ID vaut « {v} » : écrivez par exemple <lettre.anis.asso.fr>.",
    "https": "NEWSLETTER_UNSUBSCRIBE_URL doit être une adresse https://, par exemple {v}.",
    "fields": "NEWSLETTER_UNSUBSCRIBE_URL doit contenir {{token}} et peut contenir {{email}}, rien "
    "d’autre entre accolades : par exemple {v}.",
    "secret": "NEWSLETTER_SECRET manquante : la clé des jetons de désabonnement, requise avec "
    "NEWSLETTER_UNSUBSCRIBE_URL.",
    "short": "NEWSLETTER_SECRET est trop courte ({v} caractères, {min} au moins) : un secret court "
    "se devine.",
    "rate": "NEWSLETTER_RATE vaut « {v} » : un nombre de messages par minute (par exemple 60).",
    "published": "{name} ({v}) est sous {what} : les adresses des abonnés n’ont rien à y faire. "
    "Placez-le hors du dépôt, par exemple dans /srv/lettre/.",
}
URL_EXAMPLE = "https://example.org/desabonnement?jeton={token}"
_LIST_ID = re.compile(r"(?:[^<>]*\s)?<[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+>")


@dataclass(frozen=True, kw_only=True)
class SmtpSettings:
    host: str
    port: int
    tls: str  # "starttls", "ssl" or "none"
    user: str | None = None
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True, kw_only=True)
class LetterSettings:
    """How each message is addressed; None means « from the issue's From »."""

    sender: str | None = None  # NEWSLETTER_FROM, replaces the From
    list_id: str | None = None
    unsubscribe_mailto: str | None = None
    unsubscribe_url: str | None = None  # https://…{token}…, optionally {email}
    secret: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True, kw_only=True)
class Settings:
    letter: LetterSettings
    smtp: SmtpSettings | None = None
    subscribers: Path | None = None
    state: Path | None = None
    rate: float | None = None  # messages per minute; None: as fast as the server takes them


def read_settings(
    environ: Mapping[str, str], *, output: Path, smtp: bool, subscribers: bool, state: bool
) -> Settings:
    """The settings a command needs (`smtp`, `subscribers`, `state`), or one Refusal listing
    every problem."""
    env = {key: value.strip() for key, value in environ.items() if key.startswith("NEWSLETTER_")}
    env = {key: value for key, value in env.items() if value}
    problems = Problems()
    for name, wanted in zip(WHAT, (smtp, subscribers, state), strict=True):
        if wanted and name not in env:
            problems.add("missing", name=name, what=WHAT[name])
    letter = _letter(env, problems)
    rate = _rate(env.get("NEWSLETTER_RATE"), problems)
    places = {}
    for name in ("NEWSLETTER_SUBSCRIBERS", "NEWSLETTER_STATE"):
        if name in env:
            places[name] = Path(env[name]).expanduser().absolute()
            _refuse_published_place(name, places[name], output=output, problems=problems)
    transport = _smtp(env, problems) if smtp and "NEWSLETTER_SMTP_HOST" in env else None
    if problems.lines:
        raise Refusal(fr("Configuration à compléter :"), *problems.lines, fr(README))
    return Settings(
        letter=letter,
        smtp=transport,
        subscribers=places.get("NEWSLETTER_SUBSCRIBERS") if subscribers else None,
        state=places.get("NEWSLETTER_STATE") if state else None,
        rate=rate,
    )


class Problems:
    """The mistakes found so far, each one line of the final Refusal."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, kind: str, **values: object) -> None:
        self.lines.append("  " + fr(PROBLEMS[kind], **values))


def _smtp(env: dict[str, str], problems: Problems) -> SmtpSettings | None:
    tls = env.get("NEWSLETTER_SMTP_TLS", "starttls").lower()
    if tls not in TLS_PORTS:
        problems.add("tls", v=tls)
        return None
    port = TLS_PORTS[tls]
    if "NEWSLETTER_SMTP_PORT" in env:
        text = env["NEWSLETTER_SMTP_PORT"]
        port = int(text) if text.isdigit() else 0
        if not 0 < port < 65536:
            problems.add("port", v=text)
    user, password = env.get("NEWSLETTER_SMTP_USER"), env.get("NEWSLETTER_SMTP_PASSWORD")
    if (user is None) != (password is None):
        problems.add("login")
    for name, text in (("NEWSLETTER_SMTP_USER", user), ("NEWSLETTER_SMTP_PASSWORD", password)):
        if text and not text.isascii():  # smtplib encodes both in ASCII, or raises
            problems.add("ascii", name=name, c=next(c for c in text if not c.isascii()))
    host = env["NEWSLETTER_SMTP_HOST"]
    if password and tls == "none" and not _loopback(host):
        problems.add("clear", v=host)
    return SmtpSettings(host=host, port=port, tls=tls, user=user, password=password)


def _letter(env: dict[str, str], problems: Problems) -> LetterSettings:
    for name in ("NEWSLETTER_FROM", "NEWSLETTER_UNSUBSCRIBE_MAILTO"):
        if name in env and (problem := address_problem(parseaddr(env[name])[1])):
            problems.add("address", name=name, v=problem)
    list_id = env.get("NEWSLETTER_LIST_ID")
    if list_id and "<" not in list_id:
        list_id = f"<{list_id}>"
    if list_id and not _LIST_ID.fullmatch(list_id):
        problems.add("list-id", v=list_id)
    url, secret = env.get("NEWSLETTER_UNSUBSCRIBE_URL"), env.get("NEWSLETTER_SECRET")
    if url:
        fields = {name for _, name, _, _ in string.Formatter().parse(url) if name is not None}
        if not url.startswith("https://") or not url.isascii() or " " in url:
            problems.add("https", v=URL_EXAMPLE)
        elif "token" not in fields or fields - {"token", "email"}:
            problems.add("fields", v=URL_EXAMPLE)
        if not secret:
            problems.add("secret")
        elif len(secret) < SECRET_MIN:
            problems.add("short", v=len(secret), min=SECRET_MIN)
    return LetterSettings(
        sender=env.get("NEWSLETTER_FROM"),
        list_id=list_id,
        unsubscribe_mailto=parseaddr(env.get("NEWSLETTER_UNSUBSCRIBE_MAILTO", ""))[1] or None,
        unsubscribe_url=url,
        secret=secret.encode() if url and secret else None,
    )


def _rate(text: str | None, problems: Problems) -> float | None:
    if text is None:
        return None
    try:
        rate = float(text.replace(",", "."))
    except ValueError:
        rate = 0.0
    if not rate > 0:  # also refuses nan
        problems.add("rate", v=text)
        return None
    return rate


def _refuse_published_place(name: str, path: Path, *, output: Path, problems: Problems) -> None:
    if what := published_place(path, output=output):
        problems.add("published", name=name, v=path, what=what)


def published_place(path: Path, *, output: Path) -> str | None:
    """Where personal data at `path` would be committed or served (French), or None."""
    output = Path(output).absolute()
    served = "le site construit (il est servi sur le web)"
    places = [
        (ROOT / "content", "le dossier content/ (il est versionné et publié)"),
        (output, served),
        (builds_folder(output), served),
    ]
    resolved = path.resolve()
    for place, what in places:
        if path.is_relative_to(place) or resolved.is_relative_to(place.resolve()):
            return what
    return None


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
