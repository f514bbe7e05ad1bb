"""A text's HTML comments are notes for its writers: never published.

`invoke new` lists a type's optional fields, with their help, in a comment at
the end of the file it writes; a volunteer may leave notes for the next one
the same way. Python-Markdown keeps raw HTML (comments included) aside while
it parses; this extension empties the comments kept aside before they are put
back, so they reach neither the pages nor the feeds nor the letter.
"""

from __future__ import annotations

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor


class DropCommentBlocks(Preprocessor):
    """A comment standing as a block leaves no empty paragraph behind."""

    def run(self, lines: list[str]) -> list[str]:
        stash = self.md.htmlStash
        notes = {
            stash.get_placeholder(i)
            for i, block in enumerate(stash.rawHtmlBlocks)
            if isinstance(block, str) and _only_comments(block)
        }
        return [line for line in lines if line.strip() not in notes]


class DropComments(Postprocessor):
    def run(self, text: str) -> str:
        stash = self.md.htmlStash
        for index, block in enumerate(stash.rawHtmlBlocks):
            if isinstance(block, str) and _only_comments(block):
                stash.rawHtmlBlocks[index] = ""
        return text


def _only_comments(html: str) -> bool:
    rest = html.strip()
    while rest.startswith("<!--") and "-->" in rest:
        rest = rest[rest.index("-->") + 3 :].strip()
    return not rest and html.strip() != ""


class WritersNotesExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # Python-Markdown's API
        # after "html_block" (priority 20), which sets raw HTML blocks aside
        md.preprocessors.register(DropCommentBlocks(md), "writers_notes_blocks", 19)
        # before "raw_html" (priority 30), which puts the raw HTML back (comments in a line)
        md.postprocessors.register(DropComments(md), "writers_notes", 35)
