"""French spacing in a message written with ordinary spaces, for every message of the site.

A no-break space before « : », a narrow one before ; ! ? and inside « » (as CONTRIBUTING.md
and the site's pages have them). Messages are written with plain spaces, which read well in
the code, and pass through `french_spacing` once.
"""

from __future__ import annotations

NBSP, NNBSP = "\u00a0", "\u202f"
_SPACES = ((" :", NBSP + ":"), (" ;", NNBSP + ";"), (" !", NNBSP + "!"), (" ?", NNBSP + "?"),
           ("« ", "«" + NNBSP), (" »", NNBSP + "»"))  # fmt: skip


def french_spacing(text: str) -> str:
    """`text` with French spaces where it has plain ones: « a » ; b : c ?"""
    for plain, spaced in _SPACES:
        text = text.replace(plain, spaced)
    return text
