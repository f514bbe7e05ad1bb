"""Typography rules (pure functions) and the public :func:`typeset` entry point.

Spaces produced (as characters, not entities):

* U+202F NARROW NO-BREAK SPACE (``NNBSP``) before ``; ! ?``, inside « »,
  as a thousands separator (``2 300``) and between a number and a unit or
  symbol (``10 %``, ``2 300 €``, ``15 km``, ``200 m²``) — the modern French
  practice (Imprimerie nationale, CLDR "fr");
* U+00A0 NO-BREAK SPACE (``NBSP``) before ``:`` (a full-width space there).

Existing U+00A0 / U+202F are kept; in text nodes entities are decoded (``&nbsp;`` becomes
the U+00A0 character) and only ``& < >`` are re-escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .tokens import ignore_set, walk

NBSP = "\u00a0"
NNBSP = "\u202f"

_MULTISPACE = re.compile(r" {2,}")
_EM_DASH = re.compile(r"(?<!-)---(?!-)")
_EN_DASH = re.compile(r"(?<![-<!])--(?![->])")
_SPACED_HYPHEN = re.compile(r"(?<=\w) - (?=\w)")
_DQUOTE = re.compile(r'([ \t]*)"([ \t]*)')
# characters after which a straight quote opens / before which it closes
_OPENERS = frozenset(" \t\r\n([{/—–-\u00a0\u202f«“‘") | {""}
_CLOSERS = frozenset(".,;:!?)]}…»”\r\n")

# --- French ------------------------------------------------------------------
_GUIL_OPEN = re.compile(r"«(?:[ \t\r\n]+|(?=\S))")
_GUIL_CLOSE = re.compile(r"(?:[ \t\r\n]+|(?<=\S))»")
_HIGH_PUNCT = re.compile(r"(?<=[^\s?!;:(\[{«])[ \t\r\n]*([?!;])(?=\s|$|[»”\"’)\]}?!.,…])")
_COLON = re.compile(r"(?<=[^\s:])(?<!http)(?<!https)(?<!ftp)(?<!mailto)[ \t\r\n]*:(?=\s|$)")
_HAS_DIGIT = re.compile(r"\d").search
_DIGIT_GROUPS = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)")
_UNIT = re.compile(
    r"(?<=\d)[ \t]*"
    r"(%|‰|€|\$|£|¥|°C|°F|km/h|km²|km2|km³|km3|km|m²|m³|m2|m3|cm²|cm2|cm|mm|"
    r"kWh|kW|MW|W|kg|mg|g|Mo|Go|To|Ko|ko|min|ha|h|m)"
    r"(?![\w’'])"
)
_SUPERSCRIPT_UNIT = {"m2": "m²", "m3": "m³", "km2": "km²", "km3": "km³", "cm2": "cm²"}
_ORDINAL = re.compile(
    r"\b(\d+|[IVXLCDM]{2,}|[IVX])"
    r"(ers|er|res|re|ères|ère|nde|nd|èmes|ème|emes|eme|es|e)"
    r"(?!\w|[-+]\d)"
)
_ORDINAL_SUFFIX = {"ère": "re", "ères": "res", "ème": "e", "eme": "e", "èmes": "es", "emes": "es"}

# --- English -----------------------------------------------------------------
_APOS_IN_WORD = re.compile(r"(?<=\w)'|'(?=\d\ds\b)")
_SQUOTE = re.compile(r"'")


def _dashes(s: str) -> str:
    if "--" in s:
        s = _EN_DASH.sub("–", _EM_DASH.sub("—", s))
    if " - " in s:
        s = _SPACED_HYPHEN.sub(" – ", s)
    return s


def _quotes(s: str, state: list[bool], open_q: str, close_q: str) -> str:
    """Pair straight double quotes, carrying ``state[0]`` (open?) across calls."""

    def repl(m: re.Match[str]) -> str:
        i, j = m.start(), m.end()
        before = s[i - 1] if i else ""
        opens = bool(m.group(1)) or before in _OPENERS
        closes = bool(m.group(2)) or (j < len(s) and s[j] in _CLOSERS)
        is_open = opens if opens != closes else not state[0]
        state[0] = is_open
        return m.group(1) + open_q if is_open else close_q + m.group(2)

    return _DQUOTE.sub(repl, s)


def _common(s: str) -> str:
    if "  " in s:
        s = _MULTISPACE.sub(" ", s)
    if "..." in s:
        s = s.replace("...", "…")
    return s


def _unit(m: re.Match[str]) -> str:
    unit = m.group(1)
    return NNBSP + _SUPERSCRIPT_UNIT.get(unit, unit)


def french(s: str, state: list[bool]) -> str:
    """French rules for one (decoded) text node; ``state`` is the quote state."""
    s = _common(s)
    if "-" in s:
        s = _dashes(s)
    if "'" in s:
        s = s.replace("'", "’")
    if '"' in s:
        s = _quotes(s, state, "«" + NNBSP, NNBSP + "»")
    if "«" in s:
        s = _GUIL_OPEN.sub("«" + NNBSP, s)
    if "»" in s:
        s = _GUIL_CLOSE.sub(NNBSP + "»", s)
    if "?" in s or "!" in s or ";" in s:
        s = _HIGH_PUNCT.sub(NNBSP + r"\1", s)
    if ":" in s:
        s = _COLON.sub(NBSP + ":", s)
    if _HAS_DIGIT(s):
        s = _DIGIT_GROUPS.sub(lambda m: m.group().replace(" ", NNBSP), s)
        s = _UNIT.sub(_unit, s)
    return s


def french_ordinals(body: str, ctx: str) -> str:
    """``1er`` → ``1<sup>er</sup>``, ``XXIe`` → ``XXI<sup>e</sup>``, ``10ème`` → ``10<sup>e</sup>``.

    Runs on the final (escaped) HTML of the node, as it inserts markup.
    """
    if not (_HAS_DIGIT(body) or "I" in body or "V" in body or "X" in body):
        return body
    glued = ctx.isalnum()  # "A<em>2e</em>": the node start is not a word start

    def repl(m: re.Match[str]) -> str:
        if glued and m.start() == 0:
            return m.group()
        suffix = m.group(2)
        return f"{m.group(1)}<sup>{_ORDINAL_SUFFIX.get(suffix, suffix)}</sup>"

    return _ORDINAL.sub(repl, body)


def _single_quote(m: re.Match[str], s: str) -> str:
    i = m.start()
    before = s[i - 1] if i else ""
    return "‘" if before in _OPENERS and s[i + 1 : i + 2].strip() else "’"


def english(s: str, state: list[bool]) -> str:
    """English rules: curly quotes, apostrophes, dashes, ellipsis, no double spaces."""
    s = _common(s)
    if "-" in s:
        s = _dashes(s)
    if "'" in s:
        s = _APOS_IN_WORD.sub("’", s)
        if "'" in s:
            s = _SQUOTE.sub(lambda m: _single_quote(m, s), s)
    if '"' in s:
        s = _quotes(s, state, "“", "”")
    return s


def neutral(s: str, state: list[bool]) -> str:
    """Language-neutral fixes only: ``...`` → ``…`` and no double spaces."""
    return _common(s)


def typeset(html: str, *, lang: str = "fr", ignore_tags: Iterable[str] = ()) -> str:
    """Return the HTML fragment ``html`` typeset for ``lang``.

    ``lang`` starting with "fr" → French rules; "en" → English rules; anything
    else → language-neutral fixes only.  Text inside ``code pre kbd samp script
    style math svg textarea`` (plus ``ignore_tags``), comments, tags, attribute
    values, URLs and e-mail addresses is never changed.  Idempotent.
    """
    if not html:
        return html
    code = (lang or "").strip().lower()
    if code.startswith("fr"):
        text_fn, post_fn = french, french_ordinals
    elif code.startswith("en"):
        text_fn, post_fn = english, None
    else:
        text_fn, post_fn = neutral, None
    extra = ignore_tags if isinstance(ignore_tags, tuple) else tuple(ignore_tags)
    return walk(html, text_fn, post_fn, ignore_set(extra))


def typography_options(settings: Mapping[str, Any]) -> tuple[bool, str, tuple[str, ...]]:
    """(TYPOGRAPHY_ENABLED, DEFAULT_LANG, TYPOGRAPHY_IGNORE_TAGS), read in one go."""
    get = settings.get
    return (
        bool(get("TYPOGRAPHY_ENABLED", True)),
        str(get("DEFAULT_LANG") or "fr"),
        (tags,) if isinstance(tags := get("TYPOGRAPHY_IGNORE_TAGS") or (), str) else tuple(tags),
    )
