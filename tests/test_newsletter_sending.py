"""Sending the weekly letter: every subscriber gets the issue exactly once, whatever happens.

A real SMTP server (aiosmtpd, on 127.0.0.1 and an ephemeral port) receives the messages;
it can be told to answer 451 once it holds N messages, to drop the connection, to keep a
message and drop the connection before its reply, or to refuse an address with 550. The
sender runs as the operator runs it, `python -m catalyst.tools.newsletter …` in a
subprocess, configured by `NEWSLETTER_*` variables; the issue is an `.eml` written where
the build writes it, the subscribers a base imported from a CSV.
"""

from __future__ import annotations

import csv
import email
import hashlib
import hmac
import json
import os
import pty
import signal
import subprocess
import sys
import threading
import time
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
ISSUE = "2026-s49"
SUBJECT = "La lettre de la semaine 49 : des communs à Lille"
SECRET = "un secret assez long pour des jetons"
TEXT = "Bonjour,\n\nVoici la lettre de la semaine — é, à, « guillemets ».\n"
HTML = "<html><body><p>Bonjour é</p><p>" + "x" * 1500 + "</p></body></html>"
SUBSCRIBERS = [f"abonne{n:02d}@example.org" for n in range(1, 50)] + ["Camille.Durand@Example.ORG"]
GONE = ["parti1@example.org", "parti2@example.org"]


class Mailbox:
    """An SMTP handler that keeps what it accepts and misbehaves when told to."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []
        self.busy_from: int | None = None  # 451 to every message once it holds this many
        self.drop_from: int | None = None  # then close the connection at RCPT TO…
        self.drops = 0  # …this many times
        self.lose_reply: set[str] = set()  # keep their message, then close without a reply
        self.refused: set[str] = set()  # 550 at RCPT TO
        self.full: set[str] = set()  # 552 5.2.2 after DATA: that recipient's mailbox is full
        self.filter_from: int | None = None  # 554 5.7.1 after DATA once it holds this many
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            held = len(self.messages)
            if self.drop_from is not None and held >= self.drop_from and self.drops > 0:
                self.drops -= 1
                server.transport.abort()  # before the message: the client knows it is not sent
                return "451 4.4.2 Connection dropped"
        if address.lower() in self.refused:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            held = len(self.messages)
            if self.busy_from is not None and held >= self.busy_from:
                return "451 4.3.2 Too busy, try again later"
            if {to.lower() for to in envelope.rcpt_tos} & self.full:
                return "552 5.2.2 Mailbox full"
            if self.filter_from is not None and held >= self.filter_from:
                return "554 5.7.1 Message rejected as spam"
            self.messages.append((list(envelope.rcpt_tos), envelope.content))
            if {to.lower() for to in envelope.rcpt_tos} & self.lose_reply:
                server.transport.abort()  # kept and delivered, but the client hears nothing
        return "250 OK"

    def count(self) -> int:
        with self.lock:
            return len(self.messages)

    def parsed(self) -> list[EmailMessage]:
        with self.lock:
            return [
                email.message_from_bytes(raw, policy=policy.default) for _, raw in self.messages
            ]

    def recipients(self) -> list[str]:
        with self.lock:
            return [to.lower() for tos, _ in self.messages for to in tos]

    def copies(self, address: str) -> list[EmailMessage]:
        return [m for m in self.parsed() if m["To"].addresses[0].addr_spec.lower() == address]


class EphemeralController(Controller):
    """aiosmtpd's Controller on port 0: read the port the system chose, then connect to it."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@pytest.fixture
def mailbox():
    box = Mailbox()
    controller = EphemeralController(box, hostname="127.0.0.1", port=0)
    controller.start()
    box.port = controller.port
    yield box
    controller.stop()


@pytest.fixture
def place(tmp_path):
    """A released site holding the issue, a subscribers' base, an empty state folder."""
    message = EmailMessage()
    message["Subject"] = SUBJECT
    message["From"] = "ANIS / Catalyst <lettre@anis.asso.fr>"
    message["MIME-Version"] = "1.0"
    message.set_content(TEXT)
    message.add_alternative(HTML, subtype="html")
    folder = tmp_path / "output" / "lettre" / ISSUE
    folder.mkdir(parents=True)
    (folder / f"{ISSUE}.eml").write_bytes(bytes(message))
    rows = [[address, f"Personne {n}", "2026-01-05", ""] for n, address in enumerate(SUBSCRIBERS)]
    rows[3][1] = "Émilie Lefèvre, dite « Mimi »"
    rows += [[address, "", "2025-03-01", "2026-02-01"] for address in GONE]
    write_csv(tmp_path / "abonnes.csv", rows)
    env = environment(tmp_path)
    imported = newsletter(tmp_path, "subscribers", "import", str(tmp_path / "abonnes.csv"), env=env)
    assert imported.returncode == 0, imported.stderr
    return tmp_path


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["email", "name", "subscribed", "unsubscribed"])
        writer.writerows(rows)


def environment(place: Path, mailbox: Mailbox | None = None, **changes: str | None) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("NEWSLETTER_")}
    env.update(
        NEWSLETTER_SMTP_HOST="127.0.0.1",
        NEWSLETTER_SMTP_PORT=str(mailbox.port if mailbox else 25),
        NEWSLETTER_SMTP_TLS="none",
        NEWSLETTER_SUBSCRIBERS=str(place / "abonnes.sqlite"),
        NEWSLETTER_STATE=str(place / "envois"),
        NEWSLETTER_UNSUBSCRIBE_URL="https://example.org/desabonnement?jeton={token}",
        NEWSLETTER_SECRET=SECRET,
    )
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def newsletter(place: Path, *args: str, env: dict, **options) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "catalyst.tools.newsletter", *args]
    if args[0] != "subscribers":
        command += ["--output", str(place / "output")]
    return subprocess.run(
        command,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
        **options,
    )


def send(place: Path, mailbox: Mailbox, *extra: str, **changes) -> subprocess.CompletedProcess:
    return newsletter(
        place, "send", "--issue", ISSUE, *extra, env=environment(place, mailbox, **changes)
    )


def token(address: str) -> str:
    return hmac.new(SECRET.encode(), address.lower().encode(), hashlib.sha256).hexdigest()


def assert_french_refusal(result: subprocess.CompletedProcess, *fragments: str) -> None:
    said = result.stdout + result.stderr
    assert result.returncode == 1, said
    assert "Traceback" not in said
    for fragment in fragments:
        assert fragment in said


def assert_each_subscriber_once(mailbox: Mailbox) -> None:
    received = mailbox.recipients()
    assert sorted(received) == sorted(a.lower() for a in SUBSCRIBERS)
    assert not set(received) & set(GONE)


def test_each_subscriber_gets_one_message_of_their_own_and_the_unsubscribed_none(place, mailbox):
    result = send(place, mailbox)
    assert result.returncode == 0, result.stderr
    assert "Envoyés\u00a0: 50\u202f; échecs\u00a0: 0\u202f; ignorés\u00a0: 2" in result.stdout
    assert_each_subscriber_once(mailbox)
    message_ids, links = set(), set()
    for (envelope_to, raw), message in zip(mailbox.messages, mailbox.parsed(), strict=True):
        assert message.get_content_type() == "multipart/alternative"
        parts = [part.get_content_type() for part in message.iter_parts()]
        assert parts == ["text/plain", "text/html"]
        assert message.get_body(("plain",)).get_content().replace("\r\n", "\n") == TEXT
        assert message["Subject"] == SUBJECT
        assert message["From"].addresses[0].addr_spec == "lettre@anis.asso.fr"
        assert [a.addr_spec for a in message["To"].addresses] == envelope_to
        assert message["Message-ID"].endswith("@anis.asso.fr>") and message["Date"]
        assert message["List-Id"] == "<lettre.anis.asso.fr>"
        link = f"https://example.org/desabonnement?jeton={token(envelope_to[0])}"
        mailto = "mailto:lettre@anis.asso.fr?subject=d%C3%A9sabonnement"
        assert message["List-Unsubscribe"] == f"<{link}>, <{mailto}>"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        headers = raw.split(b"\r\n\r\n", 1)[0]
        assert b"=?" not in headers.split(b"List-Unsubscribe:")[1].split(b"\r\nList-")[0]
        assert max(len(line) for line in raw.split(b"\r\n")) <= 998
        message_ids.add(message["Message-ID"])
        links.add(link)
    assert len(message_ids) == len(links) == 50
    named = next(m for m in mailbox.parsed() if "abonne04" in str(m["To"]))
    assert named["To"].addresses[0].display_name == "Émilie Lefèvre, dite « Mimi »"


def test_a_send_stopped_by_the_server_is_finished_by_running_it_again(place, mailbox):
    mailbox.busy_from = 20
    first = send(place, mailbox)
    assert first.returncode == 75, first.stderr
    assert "Relancez la même commande plus tard" in first.stderr and "451" in first.stderr
    assert mailbox.count() == 20
    # Builds are pruned meanwhile: the resumed send uses the copy it kept.
    (place / "output" / "lettre" / ISSUE / f"{ISSUE}.eml").unlink()
    mailbox.busy_from, mailbox.drop_from, mailbox.drops = None, 35, 2
    second = send(place, mailbox)
    assert second.returncode == 75, second.stderr
    assert "La connexion au serveur est perdue" in second.stderr
    assert mailbox.count() == 35
    mailbox.drop_from, mailbox.drops = 40, 1  # dropped once: the sender reconnects and goes on
    third = send(place, mailbox)
    assert third.returncode == 0, third.stderr
    assert "Reprise\u00a0: 35 abonnés l’ont déjà reçue" in third.stdout
    assert_each_subscriber_once(mailbox)
    assert {m["Subject"] for m in mailbox.parsed()} == {SUBJECT}


def slow_sender(place: Path, mailbox: Mailbox, *, until: int) -> subprocess.Popen:
    """A send at 10 messages a second, once the server holds `until` messages."""
    env = environment(place, mailbox, NEWSLETTER_RATE="600")
    command = [sys.executable, "-m", "catalyst.tools.newsletter", "send", "--issue", ISSUE]
    command += ["--output", str(place / "output")]
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True}
    sender = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, **pipes)
    deadline = time.monotonic() + 20
    while mailbox.count() < until and time.monotonic() < deadline:
        time.sleep(0.005)
    return sender


def test_ctrl_c_stops_after_the_current_message_and_the_same_command_resumes(place, mailbox):
    sender = slow_sender(place, mailbox, until=5)
    sender.send_signal(signal.SIGINT)
    out, err = sender.communicate(timeout=20)
    assert sender.returncode == 130, err
    assert "Envoi interrompu. Relancez la même commande" in err and "Traceback" not in err
    assert f"Envoyés\u00a0: {mailbox.count()}\u202f;" in out
    assert mailbox.count() < 50
    resumed = send(place, mailbox)
    assert resumed.returncode == 0, resumed.stderr
    assert_each_subscriber_once(mailbox)


def test_a_sender_killed_mid_run_sends_no_one_twice_and_misses_no_one(place, mailbox):
    sender = slow_sender(place, mailbox, until=8)
    # Kill between two messages, not in the instant after the server stored one and before its
    # answer reached the sender: a message in that instant is sent again (SMTP cannot tell).
    time.sleep(0.05)
    sender.send_signal(signal.SIGKILL)
    sender.communicate(timeout=10)
    killed_at = mailbox.count()
    assert 8 <= killed_at < 50
    resumed = send(place, mailbox)
    assert resumed.returncode == 0, resumed.stderr
    assert_each_subscriber_once(mailbox)


def test_a_refused_address_is_reported_others_receive_and_it_is_not_retried_for_ever(
    place, mailbox
):
    mailbox.refused = {"abonne07@example.org"}
    result = send(place, mailbox)
    assert result.returncode == 0, result.stderr
    assert "Échec\u00a0: abonne07@example.org — 550" in result.stderr
    assert "échecs\u00a0: 1" in result.stdout
    assert sorted(mailbox.recipients()) == sorted(
        a.lower() for a in SUBSCRIBERS if a != "abonne07@example.org"
    )
    again = send(place, mailbox)
    assert_french_refusal(again, "déjà été envoyée", "--retry-failed")
    assert mailbox.count() == 49
    mailbox.refused = set()
    retried = send(place, mailbox, "--retry-failed")
    assert retried.returncode == 0, retried.stderr
    assert_each_subscriber_once(mailbox)


def test_a_letter_its_server_refuses_stops_the_send_and_the_same_command_finishes_it(
    place, mailbox
):
    mailbox.filter_from = 10  # the server's filter refuses the message itself, not an address
    stopped = send(place, mailbox)
    assert stopped.returncode == 75, stopped.stderr
    assert "Le serveur refuse la lettre elle-même (554 5.7.1" in stopped.stderr
    assert "personne n’est noté en échec" in stopped.stderr and "Traceback" not in stopped.stderr
    assert "Échec" not in stopped.stderr  # before: the 40 others tried, each « failed », exit 0
    assert mailbox.count() == 10
    mailbox.filter_from = None
    finished = send(place, mailbox)
    assert finished.returncode == 0, finished.stderr
    assert_each_subscriber_once(mailbox)


def test_a_full_mailbox_said_after_the_message_is_that_subscriber_s_failure_only(place, mailbox):
    mailbox.full = {"abonne07@example.org"}  # RFC 3463: 5.2.2, a mailbox, not the message
    result = send(place, mailbox)
    assert result.returncode == 0, result.stderr
    assert "Échec\u00a0: abonne07@example.org — 552" in result.stderr
    assert mailbox.count() == len(SUBSCRIBERS) - 1


def journal(place: Path) -> list[dict]:
    lines = (place / "envois" / ISSUE / "journal").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def suggested(result: subprocess.CompletedProcess, answer: str) -> list[str]:
    """The settle command the sender printed for `answer`, as argv for this interpreter."""
    printed = f"invoke newsletter.settle --issue {ISSUE} {answer} "
    [line] = [line for line in result.stderr.splitlines() if printed in line]
    words = line.split("invoke ", 1)[1].split()[:5]  # newsletter.settle --issue ID ANSWER ADDRESS
    return [sys.executable, "-m", "invoke", *words]


def test_a_message_whose_reply_is_lost_is_sent_once_until_the_operator_says_resend(place, mailbox):
    lost = "abonne07@example.org"
    mailbox.lose_reply = {lost}  # the server keeps the message, then drops without a reply
    runs = [send(place, mailbox) for _ in range(3)]
    for run in runs:
        assert run.returncode == 76, run.stderr
        assert "Traceback" not in run.stderr
        assert f"  {lost} (Message-ID <" in run.stderr
        assert f"invoke newsletter.settle --issue {ISSUE} --received {lost}" in run.stderr
        assert f"invoke newsletter.settle --issue {ISSUE} --resend {lost}" in run.stderr
    assert "incertains\u00a0: 1" in runs[0].stdout
    assert (
        "Rien à envoyer tant que les réceptions incertaines ne sont pas réglées" in runs[2].stdout
    )
    [copy] = mailbox.copies(lost)  # before: a new copy on every run
    assert_each_subscriber_once(mailbox)
    events = journal(place)
    [uncertain] = [event for event in events if event["event"] == "uncertain"]
    assert uncertain["to"] == lost and uncertain["message_id"] == copy["Message-ID"]
    assert not [event for event in events if event["event"] == "finished"]
    dry = send(place, mailbox, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "0 abonné la recevrait" in dry.stdout and f"  {lost} (Message-ID" in dry.stdout
    assert f"--resend {lost}" in dry.stdout
    mailbox.lose_reply = set()
    settled = newsletter(
        place, "settle", "--issue", ISSUE, "--resend", lost.upper(), env=environment(place)
    )
    assert settled.returncode == 0, settled.stderr
    assert "sera renvoyée à abonne07@example.org" in settled.stdout
    assert journal(place)[-1] | {"at": ""} == {
        "event": "settled",
        "round": 1,
        "at": "",
        "to": lost,
        "outcome": "resend",
    }
    resent = send(place, mailbox)
    assert resent.returncode == 0, resent.stderr
    assert "Envoyés\u00a0: 1\u202f;" in resent.stdout and "incertain" not in resent.stderr
    assert len(mailbox.copies(lost)) == 2 and mailbox.count() == 51
    assert_french_refusal(send(place, mailbox), "La lettre 2026-s49 a déjà été envoyée")


def test_a_lost_reply_settled_as_received_through_the_printed_command_finishes_the_send(
    place, mailbox
):
    lost = "camille.durand@example.org"
    mailbox.lose_reply = {lost}
    first = send(place, mailbox)
    assert first.returncode == 76, first.stderr
    env = environment(place)
    wrong = newsletter(
        place, "settle", "--issue", ISSUE, "--received", "abonne01@example.org", env=env
    )
    assert_french_refusal(wrong, "abonne01@example.org n’a pas de réception incertaine", lost)
    neither = newsletter(place, "settle", "--issue", ISSUE, lost, env=env)
    assert_french_refusal(neither, "il faut l’une de ces options\u00a0: --received --resend")
    received = subprocess.run(
        suggested(first, "--received"),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert received.returncode == 0, received.stdout + received.stderr
    assert f"Noté\u00a0: {lost} a reçu la lettre {ISSUE}" in received.stdout
    finished = send(place, mailbox)
    assert finished.returncode == 0, finished.stderr
    assert "Rien à envoyer" in finished.stdout
    assert journal(place)[-1]["event"] == "finished"
    assert len(mailbox.copies(lost)) == 1
    assert_each_subscriber_once(mailbox)
    again = newsletter(place, "settle", "--issue", ISSUE, "--resend", lost, env=env)
    assert_french_refusal(again, "rien à régler")


def test_replies_lost_twice_in_a_row_stop_the_send_and_the_rest_follows_on_the_next_run(
    place, mailbox
):
    mailbox.lose_reply = {"abonne07@example.org", "abonne08@example.org"}
    stopped = send(place, mailbox)
    assert stopped.returncode == 75, stopped.stderr
    assert "après chacun des deux derniers messages" in stopped.stderr
    assert "abonne07@example.org (Message-ID" in stopped.stderr
    assert "abonne08@example.org (Message-ID" in stopped.stderr
    assert mailbox.count() == 8
    rest = send(place, mailbox)
    assert rest.returncode == 76, rest.stderr
    assert_each_subscriber_once(mailbox)


def test_a_password_smtp_cannot_send_is_a_french_message_before_any_connection(place, mailbox):
    result = send(
        place, mailbox, NEWSLETTER_SMTP_USER="lettre", NEWSLETTER_SMTP_PASSWORD="mot-de-passe-été"
    )
    assert_french_refusal(result, "NEWSLETTER_SMTP_PASSWORD contient «\u202fé\u202f»")
    assert "mot-de-passe" not in result.stdout + result.stderr  # the password is never shown
    assert mailbox.count() == 0


def test_a_finished_issue_is_sent_again_only_with_force(place, mailbox):
    assert send(place, mailbox).returncode == 0
    again = send(place, mailbox)
    assert_french_refusal(again, "La lettre 2026-s49 a déjà été envoyée", "--force")
    assert mailbox.count() == 50
    forced = send(place, mailbox, "--force")
    assert forced.returncode == 0, forced.stderr
    assert sorted(mailbox.recipients()) == sorted(2 * [a.lower() for a in SUBSCRIBERS])


def test_a_dry_run_lists_who_would_receive_and_sends_and_writes_nothing(place, mailbox):
    result = send(place, mailbox, "--dry-run")
    assert result.returncode == 0, result.stderr
    listed = [line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ")]
    assert listed == SUBSCRIBERS
    assert "50 abonnés la recevraient" in result.stdout
    assert mailbox.count() == 0
    assert not (place / "envois").exists()


@pytest.mark.parametrize("where", ["content", "output"])
def test_personal_data_under_content_or_the_built_site_is_refused(place, mailbox, where):
    inside = ROOT / "content" / "abonnes.csv" if where == "content" else place / "output" / "a.csv"
    result = send(place, mailbox, NEWSLETTER_SUBSCRIBERS=str(inside))
    assert_french_refusal(result, "NEWSLETTER_SUBSCRIBERS", "hors du dépôt")
    assert ("content/" in result.stderr) == (where == "content")
    assert mailbox.count() == 0


def test_a_missing_variable_is_a_french_message_not_a_traceback(place, mailbox):
    result = send(place, mailbox, NEWSLETTER_SMTP_HOST=None, NEWSLETTER_SECRET=None)
    assert_french_refusal(result, "NEWSLETTER_SMTP_HOST manquante\u00a0:", "NEWSLETTER_SECRET")
    assert mailbox.count() == 0


def test_an_unknown_issue_or_subscribers_still_in_the_old_csv_are_refused_with_what_to_do(
    place, mailbox
):
    unknown = newsletter(place, "send", "--issue", "2026-s50", env=environment(place, mailbox))
    assert_french_refusal(unknown, "Numéro inconnu\u00a0: 2026-s50", "2026-s49")
    old = send(place, mailbox, NEWSLETTER_SUBSCRIBERS=str(place / "abonnes.csv"))
    assert_french_refusal(old, "abonnes.csv est un fichier CSV d’abonnés, l’ancien format")
    assert mailbox.count() == 0


def test_a_test_message_goes_to_one_address_and_mailto_alone_without_an_unsubscribe_page(
    place, mailbox
):
    env = environment(place, mailbox, NEWSLETTER_UNSUBSCRIBE_URL=None, NEWSLETTER_SECRET=None)
    env["NEWSLETTER_FROM"] = "Lettre ANIS <envoi@lettre.anis.asso.fr>"
    result = newsletter(place, "test", "--issue", ISSUE, "--to", "moi@example.org", env=env)
    assert result.returncode == 0, result.stderr
    [message] = mailbox.parsed()
    assert str(message["To"]) == "moi@example.org"
    assert str(message["From"]) == "Lettre ANIS <envoi@lettre.anis.asso.fr>"
    assert message["List-Unsubscribe"] == (
        "<mailto:envoi@lettre.anis.asso.fr?subject=d%C3%A9sabonnement>"
    )
    assert message["List-Unsubscribe-Post"] is None
    assert message["List-Id"] == "<envoi.lettre.anis.asso.fr>"
    assert not (place / "envois").exists()


def test_preview_prints_subject_and_text_and_writes_the_html_for_a_browser(place):
    result = newsletter(place, "preview", "--issue", ISSUE, env=environment(place))
    assert result.returncode == 0, result.stderr
    assert f"Objet\u00a0: {SUBJECT}" in result.stdout
    assert "Voici la lettre de la semaine" in result.stdout
    html = Path(result.stdout.split("Version HTML\u00a0: ")[1].split(" (")[0])
    try:
        assert html.read_text(encoding="utf-8").strip() == HTML
    finally:
        html.unlink()


def test_on_a_terminal_send_asks_first_and_no_sends_nothing(place, mailbox):
    controller, terminal = pty.openpty()
    os.write(controller, b"n\n")
    try:
        command = [sys.executable, "-m", "catalyst.tools.newsletter", "send", "--issue", ISSUE]
        command += ["--output", str(place / "output")]
        env = environment(place, mailbox)
        result = subprocess.run(
            command, cwd=ROOT, env=env, stdin=terminal, capture_output=True, text=True, timeout=60
        )
    finally:
        os.close(terminal)
        os.close(controller)
    assert "Envoyer à 50 abonnés\u202f? [o/N]" in result.stdout
    assert result.returncode == 1 and "Rien n’a été envoyé" in result.stdout
    assert mailbox.count() == 0


def test_invoke_lists_the_newsletter_tasks_beside_the_existing_ones():
    listed = subprocess.run(
        [sys.executable, "-m", "invoke", "--list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    names = {line.split()[0] for line in listed.splitlines() if line.startswith("  ")}
    assert {
        "newsletter.send",
        "newsletter.settle",
        "newsletter.preview",
        "newsletter.test",
    } <= names
    assert {"newsletter.subscribers", "build", "check-site", "test", "lint"} <= names


def test_an_issue_the_build_wrote_reaches_subscribers_as_it_was_built(seed, place, mailbox):
    """End to end: the real site's .eml, through the real server, parts unchanged."""
    import shutil

    issue = "2012-s47"
    built = seed.output / "lettre" / issue / f"{issue}.eml"
    target = place / "output" / "lettre" / issue
    target.mkdir(parents=True)
    shutil.copy(built, target / built.name)
    env = environment(place, mailbox)
    result = newsletter(place, "send", "--issue", issue, "--yes", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert_each_subscriber_once(mailbox)
    original = email.message_from_bytes(built.read_bytes(), policy=policy.default)
    for message in mailbox.parsed()[:3]:
        assert message["Subject"] == original["Subject"]
        for kind in ("plain", "html"):
            sent = message.get_body((kind,)).get_content()
            assert sent == original.get_body((kind,)).get_content()
