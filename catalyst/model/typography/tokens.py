"""HTML tokenizer and text-node walker used by :mod:`catalyst.model.typography.rules`.

The HTML is split with one compiled regex into markup tokens (tags, comments,
raw-text elements such as ``<script>``) and the text between them.  Only text
nodes are handed to the rules, in document order, with:

* a *context* (the last two processed characters of the previous text
  nodes of the same block), so that ``<em>mot</em> ?`` or
  ``«<em>x</em>`` are fixed across inline tags;
* a mutable quote state (``[is_open]``) carried across the text nodes of one
  block element and reset at every block boundary.

URLs and e-mail addresses found in text nodes are passed through untouched.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Callable
from functools import lru_cache

#: Elements whose content is never typeset (extended by TYPOGRAPHY_IGNORE_TAGS).
SKIP_TAGS = frozenset({"code", "pre", "kbd", "samp", "script", "style", "math", "svg", "textarea"})
#: Elements that end a "block": the quote state and the context are reset.
BLOCK_TAGS = frozenset(
    [
        "p",
        "li",
        "ul",
        "ol",
        "dl",
        "dd",
        "dt",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "td",
        "th",
        "tr",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "caption",
        "blockquote",
        "figure",
        "figcaption",
        "div",
        "section",
        "article",
        "aside",
        "header",
        "footer",
        "nav",
        "main",
        "hr",
        "pre",
        "details",
        "summary",
        "address",
        "form",
        "fieldset",
        "legend",
    ]
)
VOID_TAGS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)
#: Stands for "some non-space content we did not see" (a URL, an ignored element).
OPAQUE = "\ue000"

_ATTRS = r"""(?:[^<>"']|"[^"]*"|'[^']*')*"""
TOKEN_RE = re.compile(
    r"<!--.*?(?:-->|\Z)"
    rf"|<(?P<raw>script|style|textarea)(?=[\s/>]){_ATTRS}>.*?(?:</(?P=raw)\s*>|\Z)"
    rf"|<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9:-]*)(?=[\s/>]){_ATTRS}>"
    r"|<[!?][^<>]*>",
    re.S | re.I,
)
URL_RE = re.compile(
    r"(?:(?:https?|ftp)://|www\.|mailto:)"
    r"(?:(?!&(?:#\d+|#x[0-9a-f]+|[a-z]+);)[^\s<>\"«»])*"  # never end inside an entity
    r"[^\s<>\"«».,;:!?)\]'’…&]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)

TextFn = Callable[[str, list[bool]], str]
PostFn = Callable[[str, str], str]


@lru_cache(maxsize=32)
def ignore_set(extra: tuple[str, ...] = ()) -> frozenset[str]:
    """The set of skipped tag names: defaults plus ``extra`` (case-insensitive)."""
    return SKIP_TAGS | {t.strip().lower() for t in extra if t.strip()}


class _Walker:
    __slots__ = ("ctx", "out", "post_fn", "prev", "state", "text_fn")

    def __init__(self, text_fn: TextFn, post_fn: PostFn | None) -> None:
        self.out: list[str] = []
        self.ctx = ""  # last 1-2 processed characters of the block ("" = block start)
        self.prev = -1  # index in out of the piece ending with ctx, -1 if none
        self.state = [False]  # double quote currently open?
        self.text_fn = text_fn
        self.post_fn = post_fn

    def reset(self) -> None:
        self.ctx, self.prev, self.state[0] = "", -1, False

    def opaque(self) -> None:
        self.ctx, self.prev = OPAQUE, -1

    def text(self, seg: str) -> None:
        if "://" in seg or "@" in seg or "www." in seg or "mailto:" in seg:
            pos = 0
            for m in URL_RE.finditer(seg):
                if m.start() > pos:
                    self.plain(seg[pos : m.start()])
                self.out.append(m.group())
                self.opaque()
                pos = m.end()
            seg = seg[pos:]
        if seg:
            self.plain(seg)

    def plain(self, seg: str) -> None:
        out, ctx = self.out, self.ctx
        escaped = "&" in seg
        if escaped:
            seg = _html.unescape(seg)
        saved = self.state[0]
        n = len(ctx)
        r = self.text_fn(ctx + seg, self.state)
        if n and r[:n] != ctx:
            # A rule changed the context: allowed only for a trailing ordinary
            # space we can still patch (e.g. "mot " + "?"); otherwise redo alone.
            p, last = self.prev, ctx[-1]
            if (
                last in " \t"
                and len(r) >= n
                and r[: n - 1] == ctx[:-1]
                and p >= 0
                and out[p].endswith(last)
            ):
                out[p] = out[p][:-1] + r[n - 1]
            else:
                self.state[0] = saved
                r = ctx + self.text_fn(seg, self.state)
        body = r[n:]
        if not body:
            return
        if escaped:
            body = body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if self.post_fn is not None:
            body = self.post_fn(body, ctx[-1:])
        out.append(body)
        self.ctx, self.prev = r[-2:], len(out) - 1


def walk(html: str, text_fn: TextFn, post_fn: PostFn | None, ignore: frozenset[str]) -> str:
    """Apply ``text_fn`` (then ``post_fn``) to every text node of ``html`` not in ``ignore``."""
    w = _Walker(text_fn, post_fn)
    out = w.out
    skip = 0
    pos = 0
    for m in TOKEN_RE.finditer(html):
        start = m.start()
        if start > pos:
            if skip:
                out.append(html[pos:start])
            else:
                w.text(html[pos:start])
        pos = m.end()
        out.append(m.group())
        name = m.group("name")
        if name is None:
            if m.group("raw") is not None:
                w.opaque()
            continue
        name = name.lower()
        if name in ignore:
            if m.group("close"):
                skip = max(skip - 1, 0)
            elif name not in VOID_TAGS and not m.group().endswith("/>"):
                skip += 1
            w.opaque()
        if name in BLOCK_TAGS:
            w.reset()
        elif name == "br" or name == "wbr":
            w.ctx, w.prev = "", -1
        elif name in VOID_TAGS:  # an image is content: "<img> :" is not "mot :"
            w.opaque()
    if pos < len(html):
        if skip:
            out.append(html[pos:])
        else:
            w.text(html[pos:])
    return "".join(out)
