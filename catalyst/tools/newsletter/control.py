"""The live controls of a running send: its pace, a clean stop on Ctrl-C, its progress bar.

A send to a few thousand people lasts minutes or hours. Providers limit how many
messages an account may send per minute, so `NEWSLETTER_RATE` spaces them out; the
operator must be able to stop it at any moment without losing track of who got the
letter, so the first Ctrl-C (or SIGTERM from a service manager) lets the message
being sent finish and be written in the journal, then stops the loop — a second
one stops at once; and they must see where it stands, so a `rich` progress bar
runs on a terminal (nothing is drawn into a log file or a pipe).
"""

from __future__ import annotations

import signal
import time
from types import FrameType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from .french import warn

TICK = 0.1  # seconds between two looks at the stop flag while waiting


class Stop:
    """Catch SIGINT and SIGTERM while sending: the first asks to stop, a second stops now."""

    def __init__(self) -> None:
        self.requested = False
        self._previous: dict[int, object] = {}

    def __enter__(self) -> Stop:
        for number in (signal.SIGINT, signal.SIGTERM):
            self._previous[number] = signal.signal(number, self._handle)
        return self

    def __exit__(self, *exc_info: object) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)  # type: ignore[arg-type]

    def _handle(self, number: int, frame: FrameType | None) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        warn(
            "Arrêt demandé : le message en cours part, puis l’envoi s’arrête "
            "(encore une fois pour arrêter tout de suite)."
        )

    def sleep(self, seconds: float) -> bool:
        """Wait, unless a stop is asked; False if it was."""
        end = time.monotonic() + seconds
        while not self.requested:
            left = end - time.monotonic()
            if left <= 0:
                return True
            time.sleep(min(TICK, left))
        return False


class Pace:
    """At most `rate` messages per minute (None: as fast as the server answers)."""

    def __init__(self, rate: float | None) -> None:
        self.interval = 60.0 / rate if rate else 0.0
        self.next = time.monotonic()

    def wait(self, stop: Stop) -> bool:
        """Wait for the next slot; False if a stop was asked meanwhile."""
        now = time.monotonic()
        ready = stop.sleep(self.next - now) if self.next > now else not stop.requested
        self.next = max(now, self.next) + self.interval
        return ready


def progress_bar() -> Progress:
    """A progress bar on standard error when it is a terminal; silent otherwise."""
    console = Console(stderr=True)
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=not console.is_terminal,
        transient=False,
    )
