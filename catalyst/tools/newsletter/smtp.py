"""Talking to the SMTP server, and sorting each answer into what the send loop must do.

smtplib raises a different exception for every stage of a transaction; the send loop
only needs to know one of three things. The message was accepted (write it down).
The server refused this recipient for good, a 5xx (write that down, do not retry,
go on). Or the send cannot go on now: a 4xx (the server asks to come back later) or
a connection lost twice in a row (one reconnection is tried first) — a
`TemporaryFailure`, after which the operator runs the same command later. Mistakes
of configuration found while connecting (unknown host, refused password, no
STARTTLS) are a `Refusal` naming the variable to check.
"""

from __future__ import annotations

import contextlib
import re
import smtplib
import socket
import ssl
from dataclasses import dataclass

from .config import SmtpSettings
from .french import Refusal, fr, refuse

TIMEOUT = 60  # seconds without an answer before the connection counts as lost
CHECK_SERVER = "vérifiez NEWSLETTER_SMTP_HOST et NEWSLETTER_SMTP_PORT, ou réessayez plus tard"


class TemporaryFailure(Exception):
    """The server cannot take more now (its French explanation); resume later."""


class MessageRefused(TemporaryFailure):
    """The server refused the letter itself at DATA (spam filter, size), not its recipient:
    the run stops, no one is marked failed, and the same command resumes once it is mended."""


@dataclass(frozen=True)
class Refused:
    """A recipient the server refused for good."""

    code: int
    reason: str


@dataclass(frozen=True)
class Uncertain:
    """The whole message went out, then the connection was lost before the server's reply."""

    reason: str


class _Tracked:
    """An SMTP client that notes when the end of a message's data has gone out.

    smtplib sends the message and its final `CRLF . CRLF` in one `send`; once that
    call returned, the server can have the whole message, whatever happens next.
    """

    data_sent = False

    def send(self, s: str | bytes) -> None:
        super().send(s)  # type: ignore[misc]
        if isinstance(s, bytes) and s.endswith(b"\r\n.\r\n"):
            self.data_sent = True


class _SMTP(_Tracked, smtplib.SMTP):
    pass


class _SMTP_SSL(_Tracked, smtplib.SMTP_SSL):
    pass


class Connection:
    def __init__(self, settings: SmtpSettings, *, sender: str) -> None:
        self.settings = settings
        self.sender = sender
        self.smtp: _SMTP | _SMTP_SSL | None = None

    def open(self) -> None:
        """Connect (and log in); a Refusal says which setting to check."""
        s = self.settings
        smtp = None
        try:
            if s.tls == "ssl":
                smtp = _SMTP_SSL(s.host, s.port, timeout=TIMEOUT, context=_context())
            else:
                smtp = _SMTP(s.host, s.port, timeout=TIMEOUT)
                if s.tls == "starttls":
                    smtp.starttls(context=_context())
            if s.user and s.password:
                smtp.login(s.user, s.password)
        except (OSError, smtplib.SMTPException) as error:
            if smtp is not None:
                with contextlib.suppress(OSError):
                    smtp.close()
            raise _refusal(error, host=s.host, port=s.port) from None
        self.smtp = smtp

    def deliver(self, data: bytes, to: str) -> Refused | Uncertain | None:
        """Send one message to one recipient: None if accepted, Refused if refused for good,
        Uncertain if the connection was lost once the message had gone out."""
        for attempt in (1, 2):
            try:
                if self.smtp is None:
                    self.open()
                assert self.smtp is not None
                self.smtp.data_sent = False
                self.smtp.sendmail(self.sender, [to], data)
                return None
            except smtplib.SMTPRecipientsRefused as error:
                code, reason = error.recipients.get(to, (450, b""))
                return _permanent_or_stop(code, reason)
            except smtplib.SMTPSenderRefused as error:
                if error.smtp_code >= 500:
                    raise refuse(
                        "Le serveur refuse l’expéditeur {s} ({e}) : vérifiez NEWSLETTER_FROM "
                        "et les droits du compte SMTP.",
                        s=self.sender,
                        e=_reply(error),
                    ) from None
                raise _busy(_reply(error)) from None
            except smtplib.SMTPDataError as error:
                return _at_data(error.smtp_code, error.smtp_error)
            except smtplib.SMTPResponseException as error:  # 421 and the like
                self._drop()
                raise _busy(_reply(error)) from None
            except (OSError, Refusal) as error:  # SMTPServerDisconnected is an OSError
                whole = self.smtp is not None and self.smtp.data_sent
                self._drop()
                if whole:
                    return Uncertain(_reply(error))
                if attempt == 2:
                    lost = "La connexion au serveur est perdue, même après une reconnexion ({e})."
                    raise TemporaryFailure(fr(lost, e=_reply(error))) from None
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.smtp.quit()
            self._drop()

    def _drop(self) -> None:
        if self.smtp is not None:
            with contextlib.suppress(OSError):
                self.smtp.close()
        self.smtp = None


_MAILBOX = re.compile(r"5\.[12]\.\d{1,3}\b")


def _refusal(error: BaseException, *, host: str, port: int) -> Refusal:
    where, e = f"{host}:{port}", _reply(error)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return refuse(
            "Identifiants refusés par {w} ({e}) : vérifiez NEWSLETTER_SMTP_USER et "
            "NEWSLETTER_SMTP_PASSWORD.",
            w=where,
            e=e,
        )
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return refuse(
            "{w} ne propose pas STARTTLS : essayez NEWSLETTER_SMTP_TLS=ssl "
            "(port 465) si le serveur le permet.",
            w=where,
        )
    if isinstance(error, ssl.SSLError):
        return refuse(
            "Échec de la connexion chiffrée à {w} ({e}) : vérifiez NEWSLETTER_SMTP_TLS "
            "et NEWSLETTER_SMTP_PORT.",
            w=where,
            e=error.reason or e,
        )
    if isinstance(error, socket.gaierror):
        return refuse("Serveur SMTP inconnu : {h} ; vérifiez NEWSLETTER_SMTP_HOST.", h=host)
    return refuse("Connexion impossible à {w} ({e}) : {check}.", w=where, e=e, check=CHECK_SERVER)


def _permanent_or_stop(code: int, reason: bytes | str) -> Refused:
    text = " ".join(
        (reason.decode(errors="replace") if isinstance(reason, bytes) else reason).split()
    )
    if 500 <= code < 600:
        return Refused(code, text)
    raise _busy(f"{code} {text}")


def _at_data(code: int, reason: bytes | str) -> Refused:
    """A refusal after DATA: of the recipient's mailbox when its enhanced status code says so
    (RFC 3463: X.1.x an address, X.2.x a mailbox), else of the message itself."""
    refused = _permanent_or_stop(code, reason)
    if _MAILBOX.match(refused.reason):
        return refused
    raise MessageRefused(
        fr(
            "Le serveur refuse la lettre elle-même ({r}), pas l’adresse de son destinataire : "
            "personne n’est noté en échec. Voyez avec l’hébergeur du serveur ce que son filtre "
            "reproche à la lettre (contenu, taille), puis relancez la même commande : elle "
            "partira seulement à ceux qui ne l’ont pas encore reçue.",
            r=f"{refused.code} {refused.reason}",
        )
    )


def _busy(reply: str) -> TemporaryFailure:
    return TemporaryFailure(fr("Le serveur demande d’attendre ({r}).", r=reply))


def _reply(error: BaseException) -> str:
    """What the server (or the system) said, on one line."""
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        text = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
        return f"{error.smtp_code} {' '.join(text.split())}"
    if isinstance(error, Refusal):
        return " ".join(error.lines)
    return str(error) or type(error).__name__


def _context() -> ssl.SSLContext:
    return ssl.create_default_context()
