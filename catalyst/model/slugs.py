"""Slugs as Pelican makes them: the model's one use of Pelican.

A slug the model checks or proposes must be the one Pelican will give the page, so it calls
Pelican's own `slugify`; no other module of the model imports Pelican (tests/test_layers.py).
"""

from __future__ import annotations

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify


def slug_of(value, settings: dict) -> str:
    """The slug Pelican gives a value (a file name, a tag, a title), with the site's rules."""
    return slugify(
        str(value),
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=False,
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def default_slug(value: str) -> str:
    """The slug Pelican's default rules make of `value`: what to propose for a bad one."""
    return slugify(value, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
