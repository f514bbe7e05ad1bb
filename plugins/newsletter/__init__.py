"""The weekly letter, built from the same content by the same build.

One issue per ISO week that has new published content (articles, events,
projects, testimonials), each item in exactly one issue; an optional
editorial per week (`content/lettre/2026-s49.md`, a type of the content
model) introduces, reorders, leaves out or holds back its issue. The build
writes the archive (`/lettre/`), one page and one `.eml` per issue, and an
Atom feed of issues. Sending is not the build's job: catalyst.tools.newsletter
takes an issue's `.eml` from the released site.

Settings (`NEWSLETTER_…`): `SETTINGS`, in options.py. Context key
written: `letter` (a `Letter`: `issues`, newest first, `drafts`, `options`).
"""

from __future__ import annotations

from pelican import signals

from catalyst.model.settings_spec import value

from .generator import LetterGenerator
from .options import SETTINGS
from .privacy import keep_subscribers_private


def get_generators(pelican):
    # after plugins.content_collections in PLUGINS: the letter reads what they read
    return LetterGenerator if value(pelican.settings, SETTINGS, "NEWSLETTER_PATH") else ()


def _private(generators) -> None:
    if generators:  # before plugins.content_checks' report (it is later in PLUGINS)
        keep_subscribers_private(generators[0].context, generators[0].settings)


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(_private)


__all__ = ["SETTINGS", "register"]
