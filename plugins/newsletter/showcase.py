"""What the e-mail shows of the week's items beyond their titles: a quotation, a photo.

A reader of the e-mail decides there whether to click. For an event's
testimonials it gets one short quotation, with its author, and a link to read
them all instead of a list of names; for an item with a cover photo, the photo
(one JPEG, at its absolute address: mail programs do not all show WebP or
AVIF). Both follow the letter's rule for licences: a text whose licence forbids
reuse is never quoted, and its photo is not reproduced either. Computed once
per issue (IssuePage); the templates only print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from catalyst.model.images.markup import Cover
from catalyst.model.typography.plain import plain_text

TESTIMONIALS = "guestbook"  # the type whose items an issue groups by event (content_types/)
# A quotation is the testimonial's first sentence when it has at most QUOTE_MAX characters;
# a longer first sentence is cut at the last word that fits, with « … ».
QUOTE_MAX = 160
# The e-mail's column is 600 px with 20 px of padding on each side (letter/email.html):
# a photo is shown at most this wide (its file is wider, for screens of 2 pixels a point).
COLUMN = 560

NNBSP = "\u202f"
_SENTENCE = re.compile(r".+?[.!?…]+[»”\"’)\u202f]*(?=[ \t\r\n]|$)", re.S)
_OPENING = re.compile(r"^[\s«“\"]+")
_CLOSING = re.compile(r"[\s»”\"]+$")


@dataclass(frozen=True)
class Quotation:
    text: str  # « … », typeset
    author: str  # « Aline LABARRE, C2RP »
    whole: bool  # the first sentence entire, not cut


@dataclass(frozen=True)
class Testimonials:
    """One event's testimonials in an issue: the count, one quotation, where to read them."""

    title: Markup  # the event's title (HTML, as every item's)
    event_url: str  # the event's page
    url: str  # the event's guestbook page, where every testimonial is
    count: int
    quotation: Quotation | None  # None when no testimonial may be quoted

    @property
    def counted(self) -> str:
        """« 31 témoignages », « 1 témoignage » (the number never alone at a line's end)."""
        return f"{self.count}\u00a0témoignage{'s' if self.count > 1 else ''}"

    @property
    def more(self) -> str:
        """The link's words: « Lire le témoignage », « Lire les 31 témoignages »."""
        return "Lire le témoignage" if self.count == 1 else f"Lire les {self.counted}"


@dataclass(frozen=True)
class Photo:
    src: str  # absolute address of a JPEG variant
    width: int  # as shown: at most COLUMN
    height: int
    alt: str  # the item's description of its photo; empty when decorative


def testimonials(items: list) -> list[Testimonials]:
    """The testimonials of an issue's section, one group per event, by the event's title
    (as the issue's page groups them); inside a group, the issue's order."""
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(item.url.split("#")[0], []).append(item)
    found = []
    for url, its in groups.items():
        event = getattr(its[0], "event_item", None)
        title = Markup(getattr(event, "title", "") or "")
        found.append(
            Testimonials(
                title=title,
                event_url=getattr(event, "url", None) or url,
                url=url,
                count=len(its),
                quotation=choose_quotation(its),
            )
        )
    return sorted(found, key=lambda group: (plain_text(group.title), group.url))


def choose_quotation(items: list) -> Quotation | None:
    """The quotation of a group, deterministic: among the testimonials whose licence allows
    reuse, the longest first sentence that is whole (at most QUOTE_MAX characters), the
    earlier in the issue's order on a tie; if every one is too long, the first one, cut."""
    quoted = [q for q in map(quotation, items) if q is not None]
    whole = [q for q in quoted if q.whole]
    if whole:
        return max(whole, key=lambda q: len(q.text))  # max() keeps the first of equals
    return quoted[0] if quoted else None


def quotation(item) -> Quotation | None:
    licence = getattr(item, "licence", None)
    if licence is None or not licence.reuse:
        return None
    text = _CLOSING.sub("", _OPENING.sub("", plain_text(getattr(item, "content", ""))))
    if not text:
        return None
    found = _SENTENCE.match(text)
    sentence = found[0] if found else text
    whole = len(sentence) <= QUOTE_MAX
    if not whole:
        cut = sentence[: QUOTE_MAX + 1].rsplit(" ", 1)[0]  # the last word that fits
        sentence = cut[:QUOTE_MAX].rstrip(" ,;:\u00a0\u202f") + "…"
    return Quotation(f"«{NNBSP}{_balanced(sentence)}{NNBSP}»", _author(item), whole)


def _balanced(text: str) -> str:
    """Without an inner « or » left alone by the cut (« le « PAM », très… » stays)."""
    while text.count("»") > text.count("«"):
        at = text.rfind("»")
        text = (text[:at].rstrip("\u202f\u00a0 ") + text[at + 1 :]).strip()
    while text.count("«") > text.count("»"):
        at = text.rfind("«")
        text = (text[:at] + text[at + 1 :].lstrip("\u202f\u00a0 ")).strip()
    return text


def _author(item) -> str:
    """« Karim Benali, Les Jardins »: the testimonial's author and organisation, as typed."""
    fields = getattr(item, "fields", None) or {}
    return ", ".join(str(fields[k]) for k in ("author", "organisation") if fields.get(k))


def photo(item, base: str) -> Photo | None:
    """The item's cover photo for the e-mail: one JPEG (Cover.og, the variant sharing cards
    use), at `base`'s absolute address, shown at most COLUMN pixels wide."""
    cover = getattr(item, "image", None)
    licence = getattr(item, "licence", None)
    if not isinstance(cover, Cover) or licence is None or not licence.reuse:
        return None
    jpeg = cover.og
    width = min(jpeg.width, COLUMN)
    height = max(1, round(jpeg.height * width / jpeg.width))
    return Photo(jpeg.url(base), width, height, cover.description)
