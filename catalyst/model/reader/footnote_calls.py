"""Footnote calls against their word: « participons.¹³ », never « participons. ¹³ ».

Volunteers often type a space before `[^13]`, and the footnotes extension
keeps it: the call then starts a line of its own when the line breaks there.
This Python-Markdown extension (enabled in pelicanconf.py's MARKDOWN
settings) removes the spaces just before each call, after the footnotes
extension has made them `<sup id="fnref:…">`.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


class FootnoteCalls(Treeprocessor):
    def run(self, root: Element) -> None:
        for parent in root.iter():
            previous = None
            for child in parent:
                if child.tag == "sup" and str(child.get("id", "")).startswith("fnref"):
                    if previous is None:
                        parent.text = (parent.text or "").rstrip(" \t\u00a0\u202f")
                    else:
                        previous.tail = (previous.tail or "").rstrip(" \t\u00a0\u202f")
                previous = child
        return None


class FootnoteCallsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # Python-Markdown's API
        # after "footnote" (priority 50), which turns the calls into <sup>
        md.treeprocessors.register(FootnoteCalls(md), "footnote_calls", 5)


def makeExtension(**kwargs: Any) -> FootnoteCallsExtension:  # Python-Markdown's API
    return FootnoteCallsExtension(**kwargs)
