"""GNU Mailman 3 keeps the subscribers: its addresses, its confirmation, posting by REST.

Mailman answers three addresses beside the list's own: `LIST-join@` subscribes whoever
writes (any subject, any text), `LIST-leave@` unsubscribes them, and both send a
confirmation request first, which the person answers by replying. Every message it
distributes carries `List-Unsubscribe: <mailto:LIST-leave@…>` (RFC 2369); Mailman 3.3
has no one-click unsubscription (RFC 8058), so the page does not promise one.

An issue is posted by handing it to the list's incoming queue through the REST API (the
administrator's credentials; no SMTP account, no moderator password in a message). Mailman
then moderates it like any post: it goes out at once only when its sender is accepted
(`accept_these_nonmembers`, or a member set to « accept »), so that is checked before;
otherwise it would wait, unseen, for a moderator. What the page promises is checked too, and
said when the list does otherwise: leaving in one message (`unsubscription_policy` open),
the letter's own subject (no `subject_prefix`), French confirmations.
"""

from __future__ import annotations

import base64
import http.client
import json
from email.utils import parseaddr
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from catalyst.model.errors import SettingsError
from catalyst.model.lists import (
    ListFacts,
    MailLink,
    PostRefused,
    PostUncertain,
    PostUnreachable,
    Subscription,
)


def describe(facts: ListFacts) -> Subscription:
    address = facts.list_address or ""
    local, at, domain = address.partition("@")
    if not (local and at and "." in domain) or any(c in address for c in " <>,;"):
        raise SettingsError(
            "newsletter: NEWSLETTER_BACKEND 'mailman' needs NEWSLETTER_LIST_ADDRESS, the list's "
            f"address (lettre@listes.example.org), received {facts.list_address!r}"
        )
    if facts.list_page and not facts.list_page.startswith("https://"):
        raise SettingsError(
            f"newsletter: NEWSLETTER_LIST_PAGE should be an https:// address, "
            f"received {facts.list_page!r}"
        )
    name = facts.letter_name
    return Subscription(
        backend="mailman",
        subscribe=MailLink(
            f"{local}-join@{domain}",
            subject=f"Abonnement à {name}",
            body=f"Je souhaite recevoir {name}.",
        ),
        unsubscribe=MailLink(f"{local}-leave@{domain}", subject=f"Désabonnement de {name}"),
        confirmation=(
            "Le serveur de listes vous envoie aussitôt un courriel de confirmation : "
            "répondez-y sans rien changer (ou suivez son lien). Sans réponse, vous n’êtes "
            "pas inscrit ou inscrite, et personne ne peut vous abonner à votre insu."
        ),
        leaving="Le serveur de listes vous désabonne aussitôt, et vous le confirme par courriel.",
        kept=(
            "votre adresse électronique",
            "le nom que vous donnez, si vous en donnez un",
            "la date de votre abonnement et de sa confirmation",
            "vos préférences de réception",
            "les erreurs de livraison récentes, pour cesser d’écrire à une adresse qui "
            "n’existe plus",
        ),
        keeper=facts.list_keeper or f"{facts.publisher}, sur son serveur de listes (GNU Mailman)",
        retention=(
            "tant que vous êtes abonné ou abonnée ; le désabonnement retire votre adresse de "
            "la liste, mais le serveur en garde la trace : pour qu’elle soit effacée tout à "
            "fait, demandez-le"
        ),
        web_page=facts.list_page or None,
    )


# Posting


# What the page and the letter take for granted about the list: (setting, value, French why)
EXPECTED = (
    ("unsubscription_policy", "open", "la page promet qu’un seul message désabonne"),
    ("subject_prefix", "", "la lettre a son propre objet"),
    ("preferred_language", "fr", "les messages de la liste aux abonnés seraient en anglais"),
)


def post(
    message: bytes, *, rest_url: str, user: str, password: str, timeout: float = 60
) -> list[str]:
    """Hand `message` (its `To` is the list) to the list; what the list does otherwise than
    the page says, in French. Raises PostRefused, PostUnreachable (nothing went out) or
    PostUncertain (it may have)."""
    api = _Api(rest_url, user, password, timeout)
    to = parseaddr(_header(message, "To"))[1].lower()
    sender = parseaddr(_header(message, "From"))[1].lower()
    status, found = api.call("GET", f"lists/{quote(to, safe='@')}")
    if status == 404:
        raise PostRefused(f"le serveur ne connaît pas la liste {to}")
    list_id = str(found["list_id"])
    _, config = api.call("GET", f"lists/{list_id}/config")
    _check_accepted(api, config, list_id, sender)
    status, answer = api.call(
        "POST", "queues/in", {"list_id": list_id, "text": message.decode("ascii")}, last=True
    )
    if status != 201:
        raise PostRefused(f"le serveur a refusé la lettre ({status} : {answer})")
    return [
        f"la liste a {name} = {config.get(name)!r}, attendu {wanted!r} : {why}"
        for name, wanted, why in EXPECTED
        if config.get(name, wanted) != wanted
    ]


def _check_accepted(api: _Api, config: dict[str, Any], list_id: str, sender: str) -> None:
    """Refuse now what Mailman would hold for a moderator."""
    accepted = [a.lower() for a in config.get("accept_these_nonmembers", [])]
    if sender in accepted:
        return
    _, members = api.call(
        "POST", "members/find", {"list_id": list_id, "subscriber": sender, "role": "member"}
    )
    if any(m.get("moderation_action") == "accept" for m in members.get("entries", [])):
        return
    raise PostRefused(
        f"la liste retiendrait la lettre pour un modérateur : son expéditeur {sender} n’est "
        "pas parmi ceux qu’elle accepte. Ajoutez-le dans les réglages de la liste "
        "(Postorius : Réglages, Modération des messages, « Accepter ces non-membres »)"
    )


def _header(message: bytes, name: str) -> str:
    head = message.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0].decode("ascii", "replace")
    for line in head.replace("\r\n", "\n").replace("\n ", " ").replace("\n\t", " ").split("\n"):
        key, _, text = line.partition(":")
        if key.strip().lower() == name.lower():
            return text.strip()
    raise PostRefused(f"la lettre n’a pas d’en-tête {name}")


class _Api:
    """Mailman's REST API: JSON answers, form-encoded requests, HTTP basic authentication."""

    def __init__(self, url: str, user: str, password: str, timeout: float) -> None:
        parts = urlsplit(url.rstrip("/"))
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise PostRefused(f"adresse de l’API du serveur de listes invalide : {url!r}")
        self.parts, self.timeout = parts, timeout
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        self.headers = {"Authorization": f"Basic {token}", "Accept": "application/json"}

    def call(
        self, method: str, path: str, data: dict[str, str] | None = None, *, last: bool = False
    ) -> tuple[int, Any]:
        """(status, decoded JSON). With `last`, a lost answer is PostUncertain: the request
        was complete, the server may have acted on it."""
        kind = (
            http.client.HTTPSConnection
            if self.parts.scheme == "https"
            else http.client.HTTPConnection
        )
        connection = kind(self.parts.hostname or "", self.parts.port, timeout=self.timeout)
        body = urlencode(data).encode() if data is not None else None
        headers = dict(self.headers)
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            try:
                connection.request(method, f"{self.parts.path}/{path}", body, headers)
            except (OSError, http.client.HTTPException) as error:
                raise PostUnreachable(f"serveur de listes injoignable ({error})") from error
            try:
                response = connection.getresponse()
                raw = response.read()
            except (OSError, http.client.HTTPException) as error:
                if last:
                    raise PostUncertain(f"pas de réponse du serveur de listes ({error})") from error
                raise PostUnreachable(f"serveur de listes muet ({error})") from error
        finally:
            connection.close()
        if response.status == 401:
            raise PostRefused("le serveur de listes refuse l’identifiant ou le mot de passe")
        if response.status >= 500:
            raise PostUnreachable(f"erreur du serveur de listes ({response.status})")
        try:
            return response.status, json.loads(raw) if raw else {}
        except ValueError:
            return response.status, {"texte": raw[:200].decode("utf-8", "replace")}
