"""The send journal: who has the issue already, written down before the next message leaves.

A send can stop anywhere: the server asks to wait (4xx), the connection drops, the
operator presses Ctrl-C, the machine kills the process. Sending again must then reach
each remaining subscriber exactly once and nobody twice. So each recipient the server
accepted is appended to `NEWSLETTER_STATE/<ID>/journal` — one JSON object per line,
written with a single `write`, then flushed and fsynced — before the next message is
sent; resuming reads the journal and skips them. A recipient refused for good (5xx)
is written too, and not tried again. The only gap left is the instant between the
server's acceptance and the write: a process killed right there sends that one
message again on resume.

A connection lost after the whole message went out, before the server's reply, leaves
it unknown whether the server took the message: that recipient is `uncertain`, never
sent to again until the operator settles it (`settle`): `received` counts as sent,
`resend` puts the address back among those who still need the issue. A round with an
unsettled uncertain recipient is not finished.

Lines (`at` is UTC ISO 8601; `round` counts the sends of the issue to everyone, a
new one starting only with `--force` once the previous one finished):

    {"event": "start", "round": 1, "at": …, "pending": 50, "retry_failed": false}
    {"event": "sent", "round": 1, "at": …, "to": "a@example.org", "message_id": "<…>"}
    {"event": "failed", "round": 1, "at": …, "to": "b@example.org", "code": 550, "reason": "…"}
    {"event": "uncertain", "round": 1, "at": …, "to": "c@example.org", "message_id": "<…>",
     "reason": "…"}
    {"event": "settled", "round": 1, "at": …, "to": "c@example.org", "outcome": "resend"}
    {"event": "stopped", "round": 1, "at": …, "reason": "…"}
    {"event": "finished", "round": 1, "at": …, "sent": 49, "failed": 1}

A process killed in the middle of a write can leave a torn last line: it is ignored
and cut off before the next append. Only one send per issue runs at a time
(an exclusive lock on `NEWSLETTER_STATE/<ID>/.lock`, released by the kernel even on
kill -9).
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .french import refuse

NAME = "journal"


@dataclass
class State:
    """What the journal says about the current round."""

    round: int = 1
    sent: dict[str, dict] = field(default_factory=dict)  # lower-cased address → its line
    failed: dict[str, dict] = field(default_factory=dict)  # refused for good, not retried
    uncertain: dict[str, dict] = field(default_factory=dict)  # lost reply, not settled yet
    started: bool = False  # a send of this round began
    finished: bool = False  # … and reached every subscriber (sent, failed or settled)
    finished_at: str = ""


class Journal:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / NAME

    def read(self) -> State:
        lines = self._lines()
        last = max((line.get("round", 1) for line in lines), default=1)
        state = State(round=last)
        for line in (line for line in lines if line.get("round", 1) == last):
            event, to = line.get("event"), str(line.get("to", "")).lower()
            if line.get("list"):  # a message to a list's address, which sends no longer make
                continue
            if event == "start":
                state.started, state.finished = True, False
                if line.get("retry_failed"):
                    state.failed.clear()
            elif event == "sent":
                state.sent[to] = line
                state.failed.pop(to, None)
                state.uncertain.pop(to, None)
            elif event == "failed":
                state.failed[to] = line
            elif event == "uncertain":
                state.uncertain[to] = line
            elif event == "settled" and to in state.uncertain:
                lost = state.uncertain.pop(to)
                if line.get("outcome") == "received":
                    state.sent[to] = {**lost, **line}
            elif event == "finished":
                state.finished, state.finished_at = True, line.get("at", "")
        return state

    def record(self, event: str, *, round: int, **fields: object) -> None:
        """Append one line and make it durable before returning."""
        line = {"event": event, "round": round, "at": _now(), **fields}
        data = (json.dumps(line, ensure_ascii=False) + "\n").encode()
        created = not self.path.exists()
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(descriptor, data)  # one write: a line is whole or torn, never interleaved
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if created:  # the new name itself must survive a crash
            _fsync_folder(self.folder)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the issue's lock, cut a torn last line, or refuse if another send runs."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with open(self.folder / ".lock", "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise refuse(
                    "Un autre envoi de ce numéro est en cours ({folder}) : attendez qu’il finisse.",
                    folder=self.folder,
                ) from None
            self._cut_torn_line()
            yield

    def _lines(self) -> list[dict]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return []
        chunks = raw.split(b"\n")
        lines = []
        for number, chunk in enumerate(chunks[:-1], start=1):  # the last chunk is torn or empty
            try:
                lines.append(json.loads(chunk))
            except ValueError:
                raise refuse(
                    "Journal d’envoi illisible : {path}, ligne {n}. Il a été modifié à la main ? "
                    "Rétablissez-le ; sinon, personne ne sait qui a déjà reçu la lettre.",
                    path=self.path,
                    n=number,
                ) from None
        return lines

    def _cut_torn_line(self) -> None:
        if not self.path.exists():
            return
        raw = self.path.read_bytes()
        if raw and not raw.endswith(b"\n"):
            os.truncate(self.path, raw.rfind(b"\n") + 1)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
