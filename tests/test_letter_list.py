"""Subscribers in charge of their own subscription: the letter's page, its e-mail and a list server.

The letter's page says how to subscribe and leave with the backend that keeps the
subscribers (catalyst.model.lists), and what is kept about them; with GNU Mailman 3, a
reader who follows that page is subscribed after confirming, receives the issue the
scheduled workflow posts, once, and leaves by the address each letter carries. Mailman
is the real one (tests/listserver.py starts it); pages are read with BeautifulSoup,
messages with `email`.
"""

from __future__ import annotations

import email
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
from contextlib import contextmanager
from datetime import datetime, timedelta
from email import policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest
from cases.corpus import article
from test_workflow_replay import branch, git, replay
from test_workflow_replay import python as python  # a fixture: the replays' fresh Python
from test_workflows import french

from conftest import PUBLISH_SETTINGS, ROOT, build_site, write_files

LIST = "lettre@listes.example.org"
FIRST = {"NEWSLETTER_FIRST_ISSUE": "2026-s48"}  # the week of TEXTS
MAILMAN = {
    **FIRST,
    "NEWSLETTER_BACKEND": "mailman",
    "NEWSLETTER_LIST_ADDRESS": LIST,
    "NEWSLETTER_LIST_PAGE": "https://listes.example.org/postorius/lists/lettre.listes.example.org/",
}
TEXTS = {
    "articles/2026/lundi.md": article(title="Lundi au jardin", date="2026-11-23"),
    "articles/2026/mardi.md": article(title="Mardi à la friche", date="2026-11-24"),
    "articles/2026/jeudi.md": article(title="Jeudi à la ferme", date="2026-12-03"),  # s49
}


def mail_link(href: str) -> tuple[str, dict[str, str]]:
    """(address, {"subject": …, "body": …}) of a mailto: link, as a mail program reads it."""
    parts = urlsplit(href)
    assert parts.scheme == "mailto", href
    fields = {key: values[0] for key, values in parse_qs(parts.query).items()}
    return unquote(parts.path), fields


def subscribe_section(build):
    return build.html("lettre/").select_one("section.subscribe")


def test_with_a_mailman_list_the_page_gives_its_join_address_and_explains_the_confirmation(
    make_site,
):
    build = make_site(TEXTS, settings=PUBLISH_SETTINGS, **MAILMAN)
    assert build.returncode == 0, build.log
    section = subscribe_section(build)
    address, fields = mail_link(section.select_one("ol a")["href"])
    assert address == "lettre-join@listes.example.org"
    assert fields["subject"] == "Abonnement à La lettre de Catalyst"
    text = " ".join(section.get_text(" ").split())
    assert "courriel de confirmation" in text and "répondez-y" in text
    # the address is written out for when mailto: opens nothing
    assert section.select_one(".fallback strong").get_text() == address
    assert section.select_one(f'a[href="{MAILMAN["NEWSLETTER_LIST_PAGE"]}"]')
    leave = [mail_link(a["href"])[0] for a in section.select("a[href^='mailto:']")]
    assert "lettre-leave@listes.example.org" in leave
    # the issue's page says the same
    issue = build.html("lettre/2026-s48/").select_one("section.subscribe")
    assert mail_link(issue.select_one("ol a")["href"])[0] == address


def test_the_data_statement_says_what_is_kept_why_how_long_and_whom_to_ask(make_site):
    build = make_site(
        TEXTS,
        settings=PUBLISH_SETTINGS,
        NEWSLETTER_LIST_KEEPER="l’association Les Listes Libres, à Roubaix",
        NEWSLETTER_DATA_CONTACT="donnees@example.org",
        **MAILMAN,
    )
    assert build.returncode == 0, build.log
    data = subscribe_section(build).select_one("dl.data")
    said = {
        dt.get_text(): " ".join(dt.find_next_sibling("dd").get_text(" ").split())
        for dt in data.select("dt")
    }
    assert list(said) == [
        "Ce qui est gardé",
        "Pourquoi",
        "Combien de temps",
        "Qui les garde",
        "Vos droits",
    ]
    assert said["Ce qui est gardé"].startswith("Votre adresse électronique")
    assert "erreurs de livraison" in said["Ce qui est gardé"]
    assert "rien d’autre" in said["Pourquoi"] and "6.1.a" in said["Pourquoi"]
    assert said["Combien de temps"].startswith("Tant que vous êtes abonné")
    assert said["Qui les garde"] == "l’association Les Listes Libres, à Roubaix."
    assert "donnees@example.org" in said["Vos droits"] and "CNIL" in said["Vos droits"]
    assert data.select_one('a[href="mailto:donnees@example.org"]')


def test_without_a_list_server_readers_write_to_the_team(make_site):
    build = make_site(TEXTS, settings=PUBLISH_SETTINGS, **FIRST)
    assert build.returncode == 0, build.log
    section = subscribe_section(build)
    address, fields = mail_link(section.select_one("ol a")["href"])
    assert address == "contact@anis.asso.fr"
    assert "Je souhaite recevoir La lettre de Catalyst" in fields["body"]
    text = " ".join(section.get_text(" ").split())
    assert "rien d’autre à confirmer" in text
    assert "courriel de confirmation" not in text


def test_each_letter_says_how_to_leave_with_the_list(make_site):
    build = make_site(TEXTS, settings=PUBLISH_SETTINGS, **MAILMAN)
    assert build.returncode == 0, build.log
    eml = build.output / "lettre/2026-s48/2026-s48.eml"
    message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    text = message.get_body(("plain",)).get_content()
    assert "lettre-leave@listes.example.org" in " ".join(text.split())
    html = message.get_body(("html",)).get_content()
    assert 'href="mailto:lettre-leave@listes.example.org' in html


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"NEWSLETTER_BACKEND": "mailman"}, "NEWSLETTER_LIST_ADDRESS"),
        ({"NEWSLETTER_BACKEND": "sympa"}, "NEWSLETTER_BACKEND"),
        ({**MAILMAN, "NEWSLETTER_LIST_PAGE": "http://listes.example.org/"}, "NEWSLETTER_LIST_PAGE"),
    ],
)
def test_a_list_setting_the_site_cannot_use_stops_the_build_and_names_it(
    make_site, settings, named
):
    build = make_site(TEXTS, settings=PUBLISH_SETTINGS, **settings)
    assert build.returncode != 0
    assert named in build.log
    assert "Traceback" not in build.log


# With a real GNU Mailman 3: the reader's whole path, and the issue posted once


ISSUE = "2026-s48"
MESSAGE_ID = f"<lettre-{ISSUE}@listes.example.org>"
SENDER = "contact@anis.asso.fr"  # the letter's From (AUTHOR <COLLECTIONS_EMAIL>)


@pytest.fixture(scope="module")
def list_server(tmp_path_factory):
    from listserver import ListServer

    with ListServer.start(tmp_path_factory.mktemp("mailman")) as server:
        list_id = server.create_list(LIST, accept_nonmembers=[SENDER], owner="bureau@example.org")
        server.list_id = list_id
        status, answer = server.rest("PATCH", f"lists/{list_id}/config", AS_DOCUMENTED)
        assert status == 204, answer
        subscribe_directly(server, WITNESS)  # sees what the list sends to its members
        yield server


WITNESS = "temoin@example.net"
# docs/lettre.md, « Régler la liste » (accept_these_nonmembers aside)
AS_DOCUMENTED = {"unsubscription_policy": "open", "subject_prefix": "", "preferred_language": "fr"}
DSN = """\
From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
To: lettre-bounces@listes.example.org
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="rapport"

--rapport
Content-Type: text/plain; charset=us-ascii

Your message could not be delivered to {gone}.

--rapport
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; {gone}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <{gone}>: Recipient address rejected

--rapport--
"""


def subscribe_directly(server, address: str) -> None:
    """As an administrator would: no confirmation asked (the reader's path is tested apart)."""
    subscribed = {"list_id": server.list_id, "subscriber": address, "pre_verified": True}
    subscribed |= {"pre_confirmed": True, "pre_approved": True}
    assert server.rest("POST", "members", subscribed)[0] == 201


@pytest.fixture(scope="module")
def letter_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lettre")
    content = write_files(folder / "content", TEXTS)
    build = build_site(content, folder / "output", settings=PUBLISH_SETTINGS, extra=MAILMAN)
    assert build.returncode == 0, build.log
    return build


def claims_repository(folder: Path) -> tuple[Path, Path]:
    """A working copy with one commit, and the bare repository it pushes its tags to."""
    remote, work = folder / "depot.git", folder / "travail"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    subprocess.run(["git", "init", "--quiet", str(work)], check=True)
    git = ["git", "-C", str(work), "-c", "user.name=Bureau", "-c", "user.email=b@example.org"]
    subprocess.run([*git, "commit", "--quiet", "--allow-empty", "-m", "Départ"], check=True)
    subprocess.run([*git, "remote", "add", "origin", str(remote)], check=True)
    return work, remote


def tags(remote: Path) -> list[str]:
    listed = subprocess.run(
        ["git", "ls-remote", "--tags", str(remote)], capture_output=True, text=True, check=True
    ).stdout
    return [line.split("\t")[1] for line in listed.splitlines()]


def post(
    site,
    server,
    work: Path,
    *,
    issue: str = ISSUE,
    api: str | None = None,
    password: str | None = None,
    **settings,
) -> subprocess.CompletedProcess:
    """`python -m catalyst.tools.newsletter post`, as the workflow runs it, from `work`."""
    extra = {**MAILMAN, **settings}
    command = [sys.executable, "-m", "catalyst.tools.newsletter", "post", "--issue", issue]
    command += ["--output", str(site.output), "-s", str(PUBLISH_SETTINGS)]
    command += ["-e", *(f"{key}={json.dumps(value)}" for key, value in extra.items())]
    env = {
        **os.environ,
        "NEWSLETTER_LIST_API": api or server.rest_url,
        "NEWSLETTER_LIST_USER": server.rest_user,
        "NEWSLETTER_LIST_PASSWORD": password or server.rest_password,
    }
    return subprocess.run(
        command, cwd=work, env=env, capture_output=True, text=True, check=False, timeout=300
    )


def copies(server, address: str, message_id: str = MESSAGE_ID) -> list:
    return [m for rcpts, m in server.outbox if address in rcpts and m["Message-ID"] == message_id]


@pytest.mark.slow
@pytest.mark.xdist_group("list-server")
def test_a_reader_subscribes_from_the_page_receives_the_issue_once_and_leaves(
    list_server, letter_site, tmp_path
):
    server, reader = list_server, "camille@example.net"
    join, fields = mail_link(subscribe_section(letter_site).select_one("ol a")["href"])
    since = len(server.outbox)
    server.write(reader, join, fields["subject"], fields["body"])  # what the page prefilled
    request = server.wait_for_confirmation_request(reader, LIST, since=since)
    assert reader not in server.members(server.list_id)  # nothing before confirming
    server.reply(request, reader)
    server.wait_until(lambda: reader in server.members(server.list_id), what="subscribed")

    work, remote = claims_repository(tmp_path)
    posted = post(letter_site, server, work)
    assert posted.returncode == 0, posted.stdout + posted.stderr
    assert "postée à lettre@listes.example.org" in posted.stdout
    assert tags(remote) == [f"refs/tags/lettre/{ISSUE}"]
    letter = server.wait_for_mail(lambda m: m["Message-ID"] == MESSAGE_ID)
    html = letter.get_body(("html",)).get_content()
    assert "Lundi au jardin" in html and "Mardi à la friche" in html
    assert "lettre.listes.example.org" in letter["List-Id"]
    leave = letter["List-Unsubscribe"]
    assert leave == "<mailto:lettre-leave@listes.example.org>"

    # the next run, or a second one at once, posts nothing: it does not even ask the server
    again = post(letter_site, server, work, password="mauvais-mot-de-passe")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "déjà été postée" in again.stdout

    assert "Attention" not in posted.stderr  # the list is set as the page says
    # leaving: one message to the address the letter carries, nothing to confirm
    server.write(reader, leave.strip("<>").removeprefix("mailto:"), "Désabonnement")
    server.wait_until(lambda: reader not in server.members(server.list_id), what="gone")
    # the next week's issue reaches the members, and no longer the reader who left
    assert post(letter_site, server, work, issue="2026-s49").returncode == 0
    following = "<lettre-2026-s49@listes.example.org>"
    server.wait_until(lambda: copies(server, WITNESS, following), what="the next issue out")
    server.wait_until_idle()
    assert len(copies(server, reader)) == 1
    assert copies(server, reader, following) == []


@pytest.mark.slow
@pytest.mark.xdist_group("list-server")
def test_a_bounce_is_counted_by_the_list_server(list_server):
    server, gone = list_server, "parti@example.net"
    subscribe_directly(server, gone)
    report = DSN.format(gone=gone).replace("\n", "\r\n").encode()  # as a mail server sends it
    server.deliver("", "lettre-bounces@listes.example.org", report)
    member = f"lists/{server.list_id}/member/{gone}"
    server.wait_until(
        lambda: server.rest("GET", member)[1].get("bounce_score") == 1, what="counted"
    )
    assert server.rest("GET", member)[1]["last_bounce_received"]


@pytest.mark.slow
@pytest.mark.xdist_group("list-server")
def test_a_list_that_would_hold_the_letter_is_refused_before_posting(
    list_server, letter_site, tmp_path
):
    server = list_server
    server.create_list("moderee@listes.example.org")  # accepts no one: posts are held
    work, remote = claims_repository(tmp_path)
    posted = post(letter_site, server, work, NEWSLETTER_LIST_ADDRESS="moderee@listes.example.org")
    assert posted.returncode == 1, posted.stdout + posted.stderr
    said = " ".join(posted.stderr.split()) + " ".join(posted.stdout.split())
    assert "retiendrait la lettre" in said and "Accepter ces non-membres" in said
    assert "Traceback" not in said
    assert tags(remote) == []  # given back: the next run tries again


@pytest.mark.slow
@pytest.mark.xdist_group("list-server")
def test_a_lost_answer_is_uncertain_and_the_issue_is_never_posted_again(
    list_server, letter_site, tmp_path
):
    server, member = list_server, "dominique@example.net"
    subscribe_directly(server, member)
    work, remote = claims_repository(tmp_path)
    with answer_lost_after_posting(server.rest_url) as api:
        posted = post(letter_site, server, work, api=api)
    assert posted.returncode == 75, posted.stdout + posted.stderr
    said = " ".join(posted.stderr.split())
    assert "a peut-être été postée" in said and MESSAGE_ID in said
    assert f"git push origin :refs/tags/lettre/{ISSUE}" in said
    assert tags(remote) == [f"refs/tags/lettre/{ISSUE}"]  # kept: never posted twice by itself
    server.wait_until(lambda: copies(server, member), what="the letter went out all the same")
    again = post(letter_site, server, work)
    assert again.returncode == 0 and "déjà été postée" in again.stdout
    server.wait_until_idle()
    assert len(copies(server, member)) == 1


@contextmanager
def answer_lost_after_posting(upstream: str):
    """A proxy before the REST API that forwards every request and relays every answer,
    except the answer to a post: the connection drops once Mailman has taken it."""
    target = urlsplit(upstream)

    class Proxy(BaseHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

        def _forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            connection = http.client.HTTPConnection(target.hostname, target.port, timeout=120)
            headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
            connection.request(self.command, self.path, body, headers)
            answer = connection.getresponse()
            data = answer.read()
            connection.close()
            if self.command == "POST" and self.path.endswith("/queues/in"):
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.send_response(answer.status)
            for key, text in answer.getheaders():
                if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                    self.send_header(key, text)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _forward

    proxy = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{proxy.server_port}{target.path}"
    finally:
        proxy.shutdown()
        proxy.server_close()


# The scheduled workflow (lettre.yml), replayed in a clean clone against the same Mailman


@pytest.mark.slow
@pytest.mark.xdist_group("list-server")
def test_the_scheduled_workflow_posts_last_weeks_issue_once(
    list_server,
    python,
    tmp_path,
):
    server, member = list_server, "alix@example.net"
    subscribe_directly(server, member)
    repository = tmp_path / "depot"
    clone = ["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(repository)]
    subprocess.run(clone, check=True)
    git("checkout", "--quiet", "-B", "main", cwd=repository)
    last_week = datetime.now(ZoneInfo("Europe/Paris")) - timedelta(days=7)
    year, week, _ = last_week.isocalendar()
    issue = f"{year}-s{week:02d}"
    settings = (
        (ROOT / "publishconf.py").read_text(encoding="utf-8")
        + "\n"
        + "\n".join(
            f"{key} = {value!r}"
            for key, value in {**MAILMAN, "NEWSLETTER_FIRST_ISSUE": None}.items()
        )
    )
    text = article(title="La semaine dernière au jardin", date=last_week.date().isoformat())
    files = {"publishconf.py": settings, f"content/articles/{year}/semaine-derniere.md": text}
    commit = branch(repository, "lettre", files, "Une liste Mailman, un texte")
    context = {
        "github.sha": commit,
        "github.token": "jeton-du-workflow",
        "inputs.numero": "",
        "secrets.NEWSLETTER_LIST_API": server.rest_url,
        "secrets.NEWSLETTER_LIST_USER": server.rest_user,
        "secrets.NEWSLETTER_LIST_PASSWORD": server.rest_password,
    }
    runs = [
        replay(
            "lettre.yml",
            "Poster la lettre",
            tmp_path / f"run-{n}",
            source=repository,
            ref="lettre",
            python=python,
            caches=tmp_path / "caches",
            context=context,
        )
        for n in (1, 2)
    ]
    for run in runs:
        assert run.succeeded, run.logs()
    step = "Poster le numéro de la semaine passée"
    assert f"La lettre {issue} est postée" in french(runs[0].step(step).log), runs[0].logs()
    assert "déjà été postée" in french(runs[1].step(step).log), runs[1].logs()
    assert git("ls-remote", str(repository), f"refs/tags/lettre/{issue}", cwd=repository)
    wanted = f"<lettre-{issue}@listes.example.org>"
    server.wait_until(lambda: copies(server, member, wanted), what="the issue out")
    server.wait_until_idle()
    [letter] = copies(server, member, wanted)
    assert "La semaine dernière au jardin" in letter.get_body(("html",)).get_content()


@pytest.mark.slow
@pytest.mark.xdist_group("list-server")
def test_a_list_left_as_mailman_makes_it_is_posted_to_with_what_differs_from_the_page(
    list_server, letter_site, tmp_path
):
    address = "defauts@listes.example.org"
    list_server.create_list(address, accept_nonmembers=[SENDER])
    work, _ = claims_repository(tmp_path)
    posted = post(letter_site, list_server, work, NEWSLETTER_LIST_ADDRESS=address)
    assert posted.returncode == 0, posted.stdout + posted.stderr
    warnings = [line for line in posted.stderr.splitlines() if line.startswith("Attention")]
    assert [next(name for name in AS_DOCUMENTED if name in w) for w in warnings] == list(
        AS_DOCUMENTED
    )
    assert all(w.endswith("(voir docs/lettre.md).") for w in warnings)
