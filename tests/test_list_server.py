"""The list server the letter's tests start (tests/listserver.py) is a real GNU Mailman 3.

Readers join and leave the weekly letter's list by mail, and the letter is posted to the list,
as in production: these tests keep the fixture true to what Mailman does, so that the tests
built on it say something. One Mailman serves the module (it takes 17 to 30 s to start here); each
test makes its own list. No test asserts a duration: the bounds only stop a hang.
"""

from __future__ import annotations

import itertools
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, make_msgid

import pytest
from listserver import ListServer

# One worker runs the module, so that one Mailman serves it (under `invoke test`'s xdist).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("list-server")]

DOMAIN = "listes.example.org"
SENDER = "lettre@example.org"  # the letter's sender: not a member, accepted by the list
OWNER = "owner@example.org"
NUMBERS = itertools.count(1)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with ListServer.start(tmp_path_factory.mktemp("mailman")) as server:
        yield server


def new_list(server: ListServer) -> tuple[str, str]:
    """A fresh list that accepts the letter's sender: (its address, its list_id)."""
    address = f"lettre{next(NUMBERS)}@{DOMAIN}"
    list_id = server.create_list(address, accept_nonmembers=[SENDER], owner=OWNER)
    return address, list_id


def command_address(list_address: str, command: str) -> str:
    name, _, domain = list_address.partition("@")
    return f"{name}-{command}@{domain}"


def letter(list_address: str, sender: str, subject: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = list_address
    message["Subject"] = subject
    message["Date"] = formatdate()
    message["Message-ID"] = make_msgid(domain="example.org")
    message.set_content(f"{subject}\n\nDes nouvelles du réseau.\n")
    return message


def received(server: ListServer, since: int, address: str) -> list[EmailMessage]:
    return [message for rcpts, message in server.outbox[since:] if address in rcpts]


def test_a_reader_who_writes_to_the_join_address_is_a_member_once_they_confirm(server):
    list_address, list_id = new_list(server)
    reader = "alice@example.net"
    since = len(server.outbox)

    server.write(reader, command_address(list_address, "join"), "subscribe")
    request = server.wait_for_confirmation_request(reader, list_address, since=since)
    server.wait_until_idle()
    assert received(server, since, reader) == [request]  # nothing else yet
    assert server.members(list_id) == []  # not before confirming
    assert request["To"] == reader
    assert "confirmation is needed to join" in request["Subject"]
    # The token is in the address a reply goes to, and in the text for those who copy it.
    confirm_address = getaddresses([request["From"]])[0][1]
    token = confirm_address.partition("+")[2].partition("@")[0]
    assert confirm_address == f"{list_address.partition('@')[0]}-confirm+{token}@{DOMAIN}"
    assert f"confirm {token}" in request.get_content()

    since = len(server.outbox)
    server.reply(request, reader)
    server.wait_until(lambda: server.members(list_id) == [reader], what="a member")
    server.wait_until_idle()
    (welcome,) = received(server, since, reader)
    assert "Welcome" in welcome["Subject"]


def test_the_letter_reaches_each_member_once_with_the_list_headers(server):
    list_address, list_id = new_list(server)
    readers = ["bob@example.net", "chloe@example.com"]
    for reader in readers:
        server.subscribe_by_mail(reader, command_address(list_address, "join"))
    server.wait_until_idle()  # the welcome messages are out
    since = len(server.outbox)

    issue = letter(list_address, SENDER, "La lettre n° 12")
    status, _ = server.rest("POST", "queues/in", {"list_id": list_id, "text": issue.as_string()})
    assert status == 201
    server.wait_until_idle()

    copies = [
        (rcpts, m) for rcpts, m in server.outbox[since:] if m["Message-ID"] == issue["Message-ID"]
    ]
    assert sorted(rcpt for rcpts, _ in copies for rcpt in rcpts) == readers  # one copy each
    for _, copy in copies:
        assert "La lettre n° 12" in copy["Subject"]
        assert copy["List-Unsubscribe"] == f"<mailto:{command_address(list_address, 'leave')}>"
        assert copy["List-Id"].endswith(f"<{list_id}>")
        assert copy.get_body(("plain",)).get_content().startswith("La lettre n° 12")


def test_a_post_from_a_stranger_is_held_for_the_owner_not_distributed(server):
    list_address, list_id = new_list(server)
    reader = "david@example.net"
    server.subscribe_by_mail(reader, command_address(list_address, "join"))
    server.wait_until_idle()
    since = len(server.outbox)

    stranger = "spam@example.com"
    post = letter(list_address, stranger, "Gagnez un voyage")
    server.deliver(stranger, list_address, post)
    server.wait_until_idle()

    server.wait_until(lambda: server.held(list_id), what="held")
    assert [held["subject"] for held in server.held(list_id)] == ["Gagnez un voyage"]
    assert received(server, since, reader) == []
    # The sender is told, and the owner asked, by way of the list's owner address.
    (notice,) = received(server, since, stranger)
    assert "awaits moderator approval" in notice["Subject"]
    (request,) = received(server, since, OWNER)
    assert request["Subject"] == f"{list_address} post from {stranger} requires approval"


def test_a_member_who_writes_to_the_leave_address_is_removed_once_they_confirm(server):
    list_address, list_id = new_list(server)
    reader, other = "emma@example.net", "farid@example.net"
    server.subscribe_by_mail(reader, command_address(list_address, "join"))
    # Another reader, subscribed by the REST API as an administrator may (no confirmation).
    confirmed = {"pre_verified": True, "pre_confirmed": True, "pre_approved": True}
    status, _ = server.rest(
        "POST", "members", {"list_id": list_id, "subscriber": other, **confirmed}
    )
    assert status == 201
    assert sorted(server.members(list_id)) == [reader, other]

    request = server.unsubscribe_by_mail(reader, command_address(list_address, "leave"))
    assert "confirmation is needed to leave" in request["Subject"]
    assert server.members(list_id) == [other]

    server.wait_until_idle()
    since = len(server.outbox)
    issue = letter(list_address, SENDER, "La lettre n° 13")
    server.deliver(SENDER, list_address, issue)
    server.wait_until_idle()
    assert [m["Message-ID"] for m in received(server, since, other)] == [issue["Message-ID"]]
    assert received(server, since, reader) == []


def test_without_its_virtualenv_it_fails_naming_the_command_that_installs_it(tmp_path):
    with pytest.raises(RuntimeError, match=r"\./bootstrap\.sh --dev"):
        ListServer.start(tmp_path, venv=tmp_path / ".venv-listserver")
