"""Plain text from HTML that keeps typographic spaces.

Jinja's and MarkupSafe's `striptags` collapse every Unicode space, undoing the
narrow no-break spaces the typography step put in titles. Feeds, JSON-LD and
calendars use this instead: tags removed, entities decoded, only ordinary
whitespace collapsed.
"""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_SPACES = re.compile(r"[ \t\r\n\f]+")


def plain_text(markup: object) -> str:
    text = html.unescape(_TAG.sub("", str(markup or "")))
    return _SPACES.sub(" ", text).strip()
