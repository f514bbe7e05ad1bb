"""A real GNU Mailman 3 list server for the tests, started and stopped by them.

The weekly letter is posted to a mailing list, and readers join and leave it by mail. Mocking the
list server would only test our idea of it: this module runs GNU Mailman 3 itself, from its own
virtualenv (`.venv-listserver`, made by `./bootstrap.sh --dev` from
tests/listserver/requirements.txt, whose pins must not mix with the project's), on SQLite and
free local ports, with every file in the test's folder. Mail reaches Mailman as an MTA hands it
over (LMTP); what Mailman sends out is captured by a small SMTP server (aiosmtpd) run here, which
stands for the MTA Mailman relays to. Only the runners a list needs are started, so that the
server is light on a 2-core machine.

    with ListServer.start(tmp_path) as server:
        list_id = server.create_list("lettre@listes.example.org", accept_nonmembers=[...])
        server.subscribe_by_mail("reader@example.net", "lettre-join@listes.example.org")
        server.rest("POST", "queues/in", {"list_id": list_id, "text": message})
        copy = server.wait_for_mail(lambda m: "Issue 12" in m["Subject"])
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import secrets
import signal
import smtplib
import socket
import subprocess
import textwrap
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import formatdate, getaddresses, make_msgid
from pathlib import Path

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv-listserver"
INSTALL = "run ./bootstrap.sh --dev (it installs tests/listserver/requirements.txt there)"

# The runners a list needs: mail in (lmtp, in, pipeline), mail out (out, virgin), mail commands
# such as join, leave and confirm (command), bounces, and the REST API. Archives, digests,
# Usenet, retries and periodic tasks stay off.
RUNNERS_ON = ("in", "pipeline", "out", "virgin", "command", "lmtp", "rest", "bounces")
RUNNERS_OFF = ("archive", "digest", "nntp", "retry", "task")
# The queues a message goes through while it is handled (files .pck waiting, .bak in hand).
BUSY_QUEUES = ("in", "pipeline", "out", "virgin", "command", "bounces")
# Bounds that only stop a hang: a busy machine must never fail a test by being slow.
START_TIMEOUT = 180
STOP_TIMEOUT = 60
MAIL_TIMEOUT = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def parse(message: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(message)  # type: ignore[return-value]


class _Capture:
    """aiosmtpd handler, the MTA Mailman relays to: it keeps every message Mailman sends out,
    with its envelope recipients, and hands those for Mailman's own domains (LIST-owner@,
    LIST-bounces@…) back to it over LMTP, as the MTA does in production."""

    def __init__(self, lmtp_port: int) -> None:
        self.lmtp_port = lmtp_port
        self.domains: set[str] = set()
        self.outbox: list[tuple[list[str], EmailMessage]] = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope) -> str:
        message = parse(envelope.content)
        with self.arrived:
            self.outbox.append((list(envelope.rcpt_tos), message))
            self.arrived.notify_all()
        ours = [
            rcpt for rcpt in envelope.rcpt_tos if rcpt.rpartition("@")[2].lower() in self.domains
        ]
        if ours:
            # Before answering, so that the message is in Mailman's queue before it is out of
            # the out queue: wait_until_idle() never sees a gap.
            loop = asyncio.get_running_loop()
            try:
                await loop.run_in_executor(
                    None, self.loop_back, envelope.mail_from, ours, envelope.content
                )
            except (OSError, smtplib.SMTPException) as error:
                return "550 " + " ".join(str(error).split())
        return "250 OK"

    def loop_back(self, mail_from: str, rcpt_to: list[str], content: bytes) -> None:
        with smtplib.LMTP("127.0.0.1", self.lmtp_port, timeout=60) as lmtp:
            lmtp.sendmail(mail_from, rcpt_to, content)


class ListServer:
    """GNU Mailman 3 running in `folder`, with its REST API, LMTP and captured outgoing mail."""

    def __init__(self, folder: Path, venv: Path, config: str = "") -> None:
        self.folder = folder
        self.venv = venv
        self.extra_config = textwrap.dedent(config)
        self.var = folder / "var"
        self.config_file = folder / "mailman.cfg"
        self.gunicorn_config = folder / "gunicorn.cfg"
        self.master_log = folder / "master.log"
        self.lmtp_port = free_port()
        self.smtp_port = free_port()
        self.rest_port = free_port()
        self.rest_url = f"http://127.0.0.1:{self.rest_port}/3.1"
        self.rest_user = "restadmin"
        self.rest_password = secrets.token_urlsafe(12)
        self._capture = _Capture(self.lmtp_port)
        self._smtp: Controller | None = None
        self._master: subprocess.Popen | None = None

    # Starting and stopping.

    @classmethod
    def start(cls, folder: Path, *, venv: Path = VENV, config: str = "") -> ListServer:
        """Start Mailman in `folder` / "listserver"; use the result in a `with` statement (or
        call `close()`): it stops Mailman and every process it started. `config` is added to
        Mailman's configuration file (sections of schema.cfg, e.g. "[mta]\nverp_...: no")."""
        mailman = venv / "bin" / "mailman"
        if not (mailman.is_file() and (venv / "bin" / "master").is_file()):
            raise RuntimeError(f"GNU Mailman is not installed in {venv}: {INSTALL}")
        folder = folder / "listserver"
        folder.mkdir(parents=True, exist_ok=True)
        server = cls(folder, venv, config)
        try:
            server._launch()
        except BaseException:
            server.close()
            raise
        return server

    def __enter__(self) -> ListServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _launch(self) -> None:
        self._smtp = Controller(self._capture, hostname="127.0.0.1", port=self.smtp_port)
        self._smtp.start()
        self.config_file.write_text(self._config(), encoding="utf-8")
        # Gunicorn, which serves the REST API, waits 30 s for its worker when stopped: 2 s here.
        self.gunicorn_config.write_text(
            "[gunicorn]\ngraceful_timeout = 2\ntimeout = 360\n", encoding="utf-8"
        )
        self.var.mkdir(exist_ok=True)
        # What `mailman start` does after its checks, but as our child, so that we can wait
        # for it: the master watcher, leader of a new process group holding every runner.
        with self.master_log.open("wb") as log:
            self._master = subprocess.Popen(
                [
                    self.venv / "bin" / "python",
                    self.venv / "bin" / "master",
                    "-C",
                    self.config_file,
                ],
                cwd=self.var,
                env=self._env(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_until_ready()

    def _config(self) -> str:
        # Each runner its short sleep: Mailman's own config gives some their own (bounces: 2 min).
        runners = "".join(
            f"[runner.{name}]\nstart: yes\nsleep_time: 0.5s\n\n" for name in RUNNERS_ON
        )
        runners += "".join(f"[runner.{name}]\nstart: no\n\n" for name in RUNNERS_OFF)
        return (
            textwrap.dedent(f"""\
            # Written by tests/listserver.py: a throwaway GNU Mailman 3 for one test session.
            [mailman]
            layout: here
            site_owner: postmaster@listes.example.org

            [paths.here]
            var_dir: {self.var}

            [mta]
            # No MTA to configure: mail comes in by LMTP straight from the tests.
            incoming: mailman.mta.null.NullMTA
            lmtp_host: 127.0.0.1
            lmtp_port: {self.lmtp_port}
            smtp_host: 127.0.0.1
            smtp_port: {self.smtp_port}
            # Tests may make one sender's posts held many times a day: always notify.
            max_autoresponses_per_day: 0

            [webservice]
            hostname: 127.0.0.1
            port: {self.rest_port}
            admin_user: {self.rest_user}
            admin_pass: {self.rest_password}
            workers: 1
            configuration: {self.gunicorn_config}

            [runner.master]
            # How long an idle runner sleeps: each queue a message crosses may cost that much.
            sleep_time: 0.5s

            """)
            + runners
            + self.extra_config
        )

    def _env(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "MAILMAN_CONFIG_FILE"}
        }
        env["MAILMAN_CONFIG_FILE"] = str(self.config_file)
        env["MAILMAN_VAR_DIR"] = str(self.var)
        return env

    def _wait_until_ready(self) -> None:
        """Until the REST API answers and LMTP greets (both runners are up)."""
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            self._check_alive()
            if self._rest_ready() and self._lmtp_ready():
                return
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"GNU Mailman did not start within {START_TIMEOUT} s\n{self.logs_tail()}"
                )
            time.sleep(0.5)

    def _rest_ready(self) -> bool:
        try:
            status, _ = self.rest("GET", "system/versions")
        except OSError:
            return False
        return status == 200

    def _lmtp_ready(self) -> bool:
        try:
            with smtplib.LMTP("127.0.0.1", self.lmtp_port, timeout=10):
                return True
        except (OSError, smtplib.SMTPException):
            return False

    def _check_alive(self) -> None:
        if self._master is None or self._master.poll() is not None:
            code = None if self._master is None else self._master.returncode
            raise RuntimeError(f"GNU Mailman's master exited (code {code})\n{self.logs_tail()}")

    def logs_tail(self, lines: int = 40) -> str:
        """The end of the master's output and of each of Mailman's logs (var/logs/*.log)."""
        parts = []
        for log in [self.master_log, *sorted((self.var / "logs").glob("*.log"))]:
            if log.is_file():
                tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
                parts.append(f"--- {log.relative_to(self.folder)}\n" + "\n".join(tail))
        return "\n".join(parts) or "(no log written)"

    def close(self) -> None:
        """Stop Mailman (`mailman stop`, then wait for the master), killing its process group
        if it lingers, and the SMTP capture server."""
        master, self._master = self._master, None
        if master is not None:
            if master.poll() is None:
                with contextlib.suppress(subprocess.TimeoutExpired, OSError):
                    self._mailman("stop")
                with contextlib.suppress(subprocess.TimeoutExpired):
                    master.wait(timeout=STOP_TIMEOUT)
            # The master leads the process group: this reaches any runner left behind.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(master.pid, signal.SIGKILL)
            master.wait()
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            smtp.stop()

    def _mailman(self, *arguments: str) -> subprocess.CompletedProcess:
        command = [str(self.venv / "bin" / "mailman")]
        if os.geteuid() == 0:  # Mailman refuses root unless told
            command.append("--run-as-root")
        return subprocess.run(
            command + list(arguments),
            cwd=self.var,
            env=self._env(),
            capture_output=True,
            text=True,
            timeout=STOP_TIMEOUT,
            check=False,
        )

    # The REST API.

    def rest(self, method: str, path: str, data: dict | None = None) -> tuple[int, object]:
        """Call the REST API (`path` relative to `rest_url`); return the status and the decoded
        JSON body (None when empty, the text when not JSON). Errors are returned, not raised."""
        url = f"{self.rest_url}/{path.lstrip('/')}"
        body = None if data is None else json.dumps(data).encode()
        request = urllib.request.Request(url, data=body, method=method)
        credentials = f"{self.rest_user}:{self.rest_password}".encode()
        request.add_header("Authorization", "Basic " + base64.b64encode(credentials).decode())
        if body is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        if not raw:
            return status, None
        try:
            return status, json.loads(raw)
        except ValueError:
            return status, raw.decode("utf-8", errors="replace")

    def _rest_ok(self, method: str, path: str, data: dict | None = None) -> object:
        status, body = self.rest(method, path, data)
        if status >= 300:
            raise RuntimeError(f"REST {method} {path}: {status} {body}")
        return body

    def create_list(
        self,
        fqdn_listname: str,
        *,
        accept_nonmembers: Iterable[str] = (),
        owner: str | None = None,
    ) -> str:
        """Create the list (and its domain if new); return its list_id. `accept_nonmembers`
        may post without being members (accept_these_nonmembers). Mail Mailman sends to the
        list's domain goes back to it, as the MTA would route it."""
        mail_host = fqdn_listname.partition("@")[2]
        self._capture.domains.add(mail_host.lower())
        if self.rest("GET", f"domains/{mail_host}")[0] == 404:
            self._rest_ok("POST", "domains", {"mail_host": mail_host})
        self._rest_ok("POST", "lists", {"fqdn_listname": fqdn_listname})
        list_id = self._rest_ok("GET", f"lists/{fqdn_listname}")["list_id"]  # type: ignore[index]
        accepted = list(accept_nonmembers)
        if accepted:
            config = {"accept_these_nonmembers": accepted}
            self._rest_ok("PATCH", f"lists/{list_id}/config", config)
        if owner:
            member = {"list_id": list_id, "subscriber": owner, "role": "owner"}
            self._rest_ok("POST", "members", member)
        return list_id

    def members(self, list_id: str) -> list[str]:
        """The addresses subscribed to the list (its member roster), via REST."""
        roster = self._rest_ok("GET", f"lists/{list_id}/roster/member")
        return [entry["email"] for entry in roster.get("entries", [])]  # type: ignore[union-attr]

    def held(self, list_id: str) -> list[dict]:
        """The posts held for moderation on the list, via REST."""
        held = self._rest_ok("GET", f"lists/{list_id}/held")
        return list(held.get("entries", []))  # type: ignore[union-attr]

    # Mail in and out.

    def deliver(self, mail_from: str, rcpt_to: str | list[str], message: bytes | Message) -> None:
        """Hand a message to Mailman over LMTP, as the MTA does for mail to the list's domain."""
        if isinstance(message, Message):
            message = message.as_bytes(policy=policy.SMTP)
        with smtplib.LMTP("127.0.0.1", self.lmtp_port, timeout=60) as lmtp:
            refused = lmtp.sendmail(mail_from, rcpt_to, message)
        if refused:
            raise RuntimeError(f"Mailman refused {refused}")

    @property
    def outbox(self) -> list[tuple[list[str], EmailMessage]]:
        """Every message Mailman has sent out so far: (envelope recipients, message)."""
        with self._capture.arrived:
            return list(self._capture.outbox)

    def wait_for_mail(
        self,
        predicate: Callable[[EmailMessage], bool],
        timeout: float = MAIL_TIMEOUT,
        *,
        since: int = 0,
    ) -> EmailMessage:
        """The first message sent out by Mailman (from `outbox[since]` on) that `predicate`
        accepts, waiting for it up to `timeout` seconds."""
        return self._wait_for(lambda rcpts, message: predicate(message), timeout, since)[1]

    def _wait_for(
        self,
        predicate: Callable[[list[str], EmailMessage], bool],
        timeout: float,
        since: int,
    ) -> tuple[list[str], EmailMessage]:
        deadline = time.monotonic() + timeout
        seen = since
        with self._capture.arrived:
            while True:
                for rcpts, message in self._capture.outbox[seen:]:
                    if predicate(rcpts, message):
                        return rcpts, message
                seen = max(seen, len(self._capture.outbox))
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._check_alive()
                self._capture.arrived.wait(min(remaining, 1.0))
            outbox = list(self._capture.outbox)
        sent = "\n".join(f"  to {rcpts}: {m['Subject']!r}" for rcpts, m in outbox[since:])
        raise TimeoutError(
            f"no such message sent out by Mailman within {timeout} s; sent since:\n"
            f"{sent or '  nothing'}\n{self.logs_tail()}"
        )

    def wait_until_idle(self, timeout: float = MAIL_TIMEOUT) -> None:
        """Until no message is waiting or in hand in any queue: whatever Mailman was going to
        send about the mail it has received is in `outbox`. (A runner drops its file a moment
        before it commits: wait for what the database says with `wait_until`.)"""
        queues = [self.var / "queue" / name for name in BUSY_QUEUES]
        deadline = time.monotonic() + timeout
        quiet = 0
        while quiet < 2:  # twice in a row, in case a runner was between two queues
            self._check_alive()
            busy = [path for queue in queues if queue.is_dir() for path in queue.iterdir()]
            quiet = 0 if busy else quiet + 1
            if busy and time.monotonic() > deadline:
                raise TimeoutError(f"Mailman still busy after {timeout} s: {busy}")
            time.sleep(0.3)

    def wait_until(
        self, condition: Callable[[], bool], timeout: float = MAIL_TIMEOUT, what: str = ""
    ) -> None:
        """Until `condition()` is true (e.g. an address is among `members`), polling."""
        deadline = time.monotonic() + timeout
        while not condition():
            self._check_alive()
            if time.monotonic() > deadline:
                raise TimeoutError(f"not {what or condition} after {timeout} s\n{self.logs_tail()}")
            time.sleep(0.3)

    def reply(self, message: EmailMessage, sender: str) -> None:
        """Reply to `message` from `sender` as a mail client does: to its Reply-To (or From),
        "Re: " and its subject, quoting it, handed to Mailman over LMTP."""
        target = message["Reply-To"] or message["From"]
        address = getaddresses([str(target)])[0][1]
        subject = str(message["Subject"] or "")
        reply = EmailMessage()
        reply["From"] = sender
        reply["To"] = str(target)
        reply["Subject"] = subject if subject.lower().startswith("re:") else f"Re: {subject}"
        reply["Date"] = formatdate(localtime=True)
        reply["Message-ID"] = make_msgid(domain=sender.partition("@")[2] or None)
        if message["Message-ID"]:
            reply["In-Reply-To"] = message["Message-ID"]
            reply["References"] = message["Message-ID"]
        body = message.get_body(("plain",))
        text = body.get_content() if body is not None else ""
        quoted = "".join(f"> {line}\n" for line in text.splitlines())
        reply.set_content(f"{quoted}\n")
        self.deliver(sender, address, reply)

    def write(self, sender: str, to: str, subject: str, text: str = "") -> None:
        """Send a plain message from `sender` to `to` (one of Mailman's addresses) over LMTP."""
        message = EmailMessage()
        message["From"] = sender
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = make_msgid(domain=sender.partition("@")[2] or None)
        message.set_content(text or f"{subject}\n")
        self.deliver(sender, to, message)

    # A reader's subscription by mail.

    def subscribe_by_mail(
        self, address: str, join_address: str, timeout: float = MAIL_TIMEOUT
    ) -> EmailMessage:
        """Join as a reader does: write to the join address, reply to the confirmation
        request Mailman sends, and wait until the address is a member. Returns the request."""
        return self._by_mail(address, join_address, "subscribe", True, timeout)

    def unsubscribe_by_mail(
        self, address: str, leave_address: str, timeout: float = MAIL_TIMEOUT
    ) -> EmailMessage:
        """Leave as a reader does: write to the leave address, reply to the confirmation
        request Mailman sends, and wait until the address is no longer a member."""
        return self._by_mail(address, leave_address, "unsubscribe", False, timeout)

    def _by_mail(
        self, address: str, command_address: str, subject: str, member: bool, timeout: float
    ) -> EmailMessage:
        local_part, _, mail_host = command_address.rpartition("@")
        fqdn_listname = f"{local_part.rpartition('-')[0]}@{mail_host}"
        list_id = self._rest_ok("GET", f"lists/{fqdn_listname}")["list_id"]  # type: ignore[index]
        since = len(self.outbox)
        self.write(address, command_address, subject)
        request = self.wait_for_confirmation_request(address, fqdn_listname, timeout, since=since)
        self.reply(request, address)
        self.wait_until(
            lambda: (address in self.members(list_id)) == member,
            timeout,
            f"{address} {'in' if member else 'out of'} {list_id}",
        )
        return request

    def wait_for_confirmation_request(
        self, address: str, fqdn_listname: str, timeout: float = MAIL_TIMEOUT, *, since: int = 0
    ) -> EmailMessage:
        """The request to confirm a join or a leave that Mailman sends `address`: a reply to it
        confirms. It comes from the list's confirm address, LIST-confirm+TOKEN@DOMAIN, where
        Mailman reads the token of a reply (its To); with `[mta] verp_confirmations: no`, from
        LIST-request@DOMAIN with the subject "confirm TOKEN", where it reads it then."""
        list_name, _, mail_host = fqdn_listname.partition("@")

        def is_request(rcpts: list[str], message: EmailMessage) -> bool:
            sender = getaddresses([str(message["Reply-To"] or message["From"] or "")])[0][1]
            local_part, _, domain = sender.partition("@")
            subject = str(message["Subject"] or "")
            return (
                address in rcpts
                and domain == mail_host
                and (
                    local_part.startswith(f"{list_name}-confirm+")
                    or (local_part == f"{list_name}-request" and subject.startswith("confirm "))
                )
            )

        return self._wait_for(is_request, timeout, since)[1]
