"""The weekly letter, built from the same content by the same build.

One issue per ISO week that has new published content (articles, events,
projects, testimonials), each item in exactly one issue; an optional
editorial per week (`content/lettre/2026-s49.md`, a type of the content
model) introduces, reorders, leaves out or holds back its issue. The build
writes the archive (`/lettre/`), one page and one `.eml` per issue, and an
Atom feed of issues. Sending is not the build's job: catalyst.tools.newsletter
takes an issue's `.eml` from the released site.

Settings (`NEWSLETTER_…`): `SETTINGS`, in options.py and subscription.py. Context keys
written: `letter` (a `Letter`: `issues`, newest first, `drafts`, `options`) and
`letter_subscription` (a `LetterSubscription`: how to subscribe and leave, what is kept).
"""

from __future__ import annotations

from pelican import signals

from catalyst.model.settings_spec import value

from .generator import LetterGenerator
from .options import SETTINGS as OPTIONS
from .options import read_options
from .privacy import keep_subscribers_private
from .subscription import SETTINGS as SUBSCRIPTION
from .subscription import read_subscription

SETTINGS = OPTIONS + SUBSCRIPTION


def get_generators(pelican):
    # after plugins.content_collections in PLUGINS: the letter reads what they read
    return LetterGenerator if value(pelican.settings, SETTINGS, "NEWSLETTER_PATH") else ()


def _finalized(generators) -> None:
    if not generators:
        return
    context, settings = generators[0].context, generators[0].settings
    if value(settings, SETTINGS, "NEWSLETTER_PATH"):
        options = read_options(settings)
        context["letter_subscription"] = read_subscription(
            settings, name=options.name, contact=options.subscribe_email
        )
    keep_subscribers_private(context, settings)  # before plugins.content_checks' report


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(_finalized)


__all__ = ["SETTINGS", "register"]
