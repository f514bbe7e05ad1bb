"""The site's addresses, one rule for every plugin that writes one.

Pages link with `SITEURL`, empty in development (links then start at `/`). What leaves the
site (feeds, the sitemap, calendars, the letter, « Signaler une erreur ») needs an absolute
address: `SITEURL` when it is one, else `FEED_DOMAIN` (the preview's address in development).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin


def page_base(settings: Mapping[str, Any]) -> str:
    """What pages put before a path: `SITEURL` without its final `/` ("" in development)."""
    return (settings.get("SITEURL") or "").rstrip("/")


def public_base(settings: Mapping[str, Any]) -> str:
    """The absolute address of the site, without its final `/` ("" when none is set)."""
    siteurl = page_base(settings)
    if siteurl.startswith(("http://", "https://")):
        return siteurl
    return (settings.get("FEED_DOMAIN") or "").rstrip("/")


def linked(settings: Mapping[str, Any], url: str) -> str:
    """`url` (relative to the site's root) as the pages link to it."""
    return urljoin(page_base(settings) + "/", url)
