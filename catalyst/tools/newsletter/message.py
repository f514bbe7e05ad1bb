"""One message per recipient: the issue plus the headers that make it a well-behaved list message.

The build writes the issue once, with no recipient. Each subscriber gets their own copy:
`To` with only their address (nobody sees the others), a fresh `Message-ID` in the
sender's domain, a `Date`, a `List-Id` that mail filters recognise, and
`List-Unsubscribe` (RFC 2369) with a `mailto:` address, always, plus, when an
unsubscribe page is configured, an `https:` address carrying a per-recipient token
(HMAC-SHA256 of the lower-cased address) and `List-Unsubscribe-Post` (RFC 8058,
one-click) — only then, since one-click needs an endpoint that accepts a POST.

Headers are written here by hand where the email package would get them wrong: it
folds a long unstructured value into RFC 2047 encoded words, which mail clients do
not decode in `List-Unsubscribe`. The issue's text parts are re-encoded as
quoted-printable so that every line stays under SMTP's 998 characters and any relay,
8BITMIME or not, carries them. The rest of the message is serialised once.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from urllib.parse import quote

from .config import LetterSettings
from .french import refuse

PER_RECIPIENT = (
    "To", "Cc", "Bcc", "Date", "Message-ID", "List-Id", "List-Unsubscribe",
    "List-Unsubscribe-Post", "Return-Path",
)  # fmt: skip
UNSUBSCRIBE_SUBJECT = "désabonnement"
ONE_CLICK = "List-Unsubscribe=One-Click"


@dataclass(frozen=True, kw_only=True)
class Letter:
    """An issue ready to be addressed: the common bytes and what each copy needs."""

    issue: str
    subject: str
    sender: str  # the From address: envelope sender, Message-ID domain
    base: bytes  # every header but the per-recipient ones, then the body (CRLF)
    list_id: str
    mailto: str  # the complete mailto: URI
    url: str | None = None  # https:// template with {token} (and maybe {email})
    secret: bytes | None = None


def prepare(message: EmailMessage, *, issue: str, settings: LetterSettings) -> Letter:
    """Strip recipient headers from the issue, set From if configured, serialise once."""
    if settings.sender:
        del message["From"]
        message["From"] = settings.sender
    sender = parseaddr(str(message["From"] or ""))[1]
    if not sender:
        raise refuse(
            "La lettre {i} n’a pas d’expéditeur (From) : définissez NEWSLETTER_FROM, par exemple "
            "« ANIS / Catalyst <lettre@anis.asso.fr> », ou l’expéditeur dans les réglages du site.",
            i=issue,
        )
    local, _, domain = sender.rpartition("@")
    for name in PER_RECIPIENT:
        del message[name]
    for part in message.walk():
        if part.get_content_maintype() == "text" and not part.is_multipart():
            _quoted_printable(part)
    mailbox = settings.unsubscribe_mailto or sender
    return Letter(
        issue=issue,
        subject=str(message["Subject"]),
        sender=sender,
        base=message.as_bytes(policy=policy.SMTP),
        list_id=settings.list_id or f"<{local}.{domain}>",
        mailto=f"mailto:{mailbox}?subject={quote(UNSUBSCRIBE_SUBJECT)}",
        url=settings.unsubscribe_url,
        secret=settings.secret,
    )


def token(secret: bytes, email: str) -> str:
    """The unsubscribe token of an address: HMAC-SHA256 of its lower-cased form, in hex."""
    return hmac.new(secret, email.strip().lower().encode(), hashlib.sha256).hexdigest()


def unsubscribe_url(letter: Letter, email: str) -> str | None:
    """This recipient's one-click unsubscribe address, if the letter has an unsubscribe page."""
    if not letter.url or not letter.secret:
        return None
    return letter.url.format(token=token(letter.secret, email), email=quote(email.lower(), safe=""))


def personalize(
    letter: Letter,
    *,
    email: str,
    name: str = "",
    now: datetime | None = None,
) -> tuple[bytes, str]:
    """(the message for one recipient, ready for SMTP; its Message-ID)."""
    domain = letter.sender.rpartition("@")[2]
    message_id = make_msgid(idstring=letter.issue, domain=domain)
    moment = now or datetime.now(UTC).astimezone()
    display = " ".join(name.split())  # a line break in a name must not start a new header
    lines = [
        _fold("Date", format_datetime(moment)),
        _fold("Message-ID", message_id),
        _fold("To", Address(display_name=display, addr_spec=email)),
    ]
    lines.append(_fold("List-Id", letter.list_id))
    link = unsubscribe_url(letter, email)
    uris = [f"<{link}>"] if link else []
    uris.append(f"<{letter.mailto}>")
    lines.append("List-Unsubscribe: " + ",\r\n ".join(uris) + "\r\n")  # one URI per line
    if link:
        lines.append(f"List-Unsubscribe-Post: {ONE_CLICK}\r\n")
    return "".join(lines).encode("ascii") + letter.base, message_id


def _fold(name: str, value: object) -> str:
    return policy.SMTP.fold(name, policy.SMTP.header_factory(name, value))


def _quoted_printable(part: EmailMessage) -> None:
    """Re-encode a text part as quoted-printable, keeping its parameters and other headers."""
    if part.get("Content-Transfer-Encoding", "").lower() in ("quoted-printable", "base64"):
        return
    params = {key: value for key, value in part.get_params()[1:] if key.lower() != "charset"}
    kept = [
        (key, value)
        for key, value in part.items()
        if key.lower().startswith("content-")
        and key.lower() not in ("content-type", "content-transfer-encoding")
    ]
    text = part.get_content()
    part.set_content(
        text,
        subtype=part.get_content_subtype(),
        charset="utf-8",
        cte="quoted-printable",
        params=params,
    )
    for key, value in kept:
        if key not in part:
            part[key] = value
