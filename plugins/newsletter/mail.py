"""The e-mail of an issue: HTML with its CSS inlined, a plain-text part written for reading.

Mail programs ignore a page's stylesheet and many drop `<style>`; css-inline
moves every rule onto the elements (the dark-mode rules stay in `<style>`,
where the programs that support them read them). The text part is rendered
from its own template, not converted from the HTML. The `.eml` is
multipart/alternative, with deterministic bytes: the same issue gives the
same file, so it can be compared, previewed or imported into a mailing tool.
"""

from __future__ import annotations

import html
import re
import textwrap
from email.message import EmailMessage
from email.policy import SMTP

import css_inline

from catalyst.model.addresses import public_base
from catalyst.model.typography.plain import plain_text

_BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote|div)>|<br\s*/?>", re.I)
_LINK = re.compile(r"""<a\s[^>]*href=["']([^"']+)["'][^>]*>(.*?)</a>""", re.I | re.S)
_ROOT_RELATIVE = re.compile(r"""(\b(?:href|src)=["'])/(?!/)""")
WIDTH = 72


def absolute(markup: str, base: str) -> str:
    """Root-relative links (`/2013/x/`) made absolute for a reader outside the site."""
    return _ROOT_RELATIVE.sub(lambda m: f"{m[1]}{base}/", markup)


def paragraphs(markup: str, *, width: int = WIDTH) -> str:
    """Readable plain text from HTML: one paragraph per block, links as « text (address) »."""
    text = _LINK.sub(lambda m: _link_text(m[2], m[1]), str(markup or ""))
    blocks = [plain_text(block) for block in _BLOCK_END.split(text) if block]
    blocks = [b for b in blocks if b and b.lower() not in {"p", "li", "div", "blockquote"}]
    return "\n\n".join(textwrap.fill(b, width=width, break_on_hyphens=False) for b in blocks)


def _link_text(label: str, href: str) -> str:
    shown = plain_text(label)
    if href.startswith("#") or shown == href:
        return shown
    return f"{shown} ({html.unescape(href)})"


def email_bytes(page, generator, options) -> bytes:
    """The `.eml` of one issue: Subject, From, text then HTML."""
    base = public_base(generator.settings)
    values = {**generator.context, "issue": page, "SITEURL": base, "letter_options": options}
    rendered = generator.get_template("letter/email").render(values)
    inlined = css_inline.inline(rendered, keep_style_tags=True)
    text = generator.env.get_template("letter/email.txt").render(
        {**values, "paragraphs": paragraphs}
    )
    message = EmailMessage(policy=SMTP)
    message["Subject"] = plain_text(page.title)
    if options.sender:
        message["From"] = options.sender
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(absolute(inlined, base), subtype="html", cte="quoted-printable")
    message.set_boundary(f"=={page.id}==")  # the same bytes for the same issue
    return message.as_bytes()
