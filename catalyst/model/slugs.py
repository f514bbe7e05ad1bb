"""Slugs as Pelican makes them: the model's one use of Pelican.

A slug the model checks or proposes must be the one Pelican will give the page, so it calls
Pelican's own `slugify`; no other module of the model imports Pelican (tests/test_layers.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Pelican is imported when a slug is made, not with the model: importing any part of it loads
# all of it (0.7 s), which the model's other users, such as the up-to-date check that runs
# before a build starts Pelican, never need.


def slug_of(value: object, settings: Mapping[str, Any]) -> str:
    """The slug Pelican gives a value (a file name, a tag, a title), with the site's rules."""
    from pelican.utils import slugify

    slug: str = slugify(  # Pelican has no type information
        str(value),
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=False,
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )
    return slug


def default_slug(value: str) -> str:
    """The slug Pelican's default rules make of `value`: what to propose for a bad one."""
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    slug: str = slugify(value, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
    return slug
