"""French typography in the docs' prose: the check of docs/deploiement.md, for every French doc.

A French doc's prose, its lines without code (fenced blocks blanked, line numbers kept; inline
code, link targets, autolinks and bare addresses removed), has a no-break space (U+00A0) or a
narrow no-break space (U+202F) before « : ; ! ? » and inside « », and no typewriter apostrophe
or quote. Commands, settings and paths stay in backticks, as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NBSP = ("\u00a0", "\u202f")  # no-break space, narrow no-break space
_FENCE = re.compile(r"^(?P<indent> *)```(?P<lang>[\w-]*)\s*$")
_NOT_PROSE = re.compile(r"`[^`]*`|\]\([^)]*\)|<https?://[^>]*>|https?://[^\s)>]*|!(?=\[)")


@dataclass
class Block:
    lang: str
    line: int  # the opening fence's line, from 1
    end: int  # the closing fence's line
    text: str  # dedented to the fence


def blocks(text: str, name: str = "the text") -> list[Block]:
    """The fenced code blocks of a Markdown text, indented ones (in a list item) included."""
    found: list[Block] = []
    opened: tuple[str, int, int, list[str]] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        fence = _FENCE.match(line)
        if opened is None:
            if fence:
                opened = (fence["lang"], number, len(fence["indent"]), [])
        elif fence and not fence["lang"] and len(fence["indent"]) == opened[2]:
            lang, start, indent, lines = opened
            found.append(Block(lang, start, number, "\n".join(t[indent:] for t in lines)))
            opened = None
        else:
            opened[3].append(line)
    assert opened is None, f"{name}:{opened[1]}: a code block is never closed"
    return found


def prose(text: str, name: str = "the text") -> list[str]:
    """The text's lines without code: fenced blocks blanked (numbers kept), inline code, link
    targets, autolinks, bare addresses and the `!` of images removed."""
    lines = text.splitlines()
    for block in blocks(text, name):
        for index in range(block.line - 1, block.end):
            lines[index] = ""
    return [_NOT_PROSE.sub(" ", line) for line in lines]


def typography_problems(text: str, name: str = "the text") -> list[str]:
    """One line per problem, `line: what`, in the prose of a French Markdown text."""
    problems = []
    for number, line in enumerate(prose(text, name), 1):
        for match in re.finditer(r"[:;!?»]", line):
            if match.start() == 0 or line[match.start() - 1] not in NBSP:
                problems.append(f"{number}: no no-break space before « {match[0]} »: {line}")
        for match in re.finditer("«", line):
            if line[match.end() : match.end() + 1] not in NBSP:
                problems.append(f"{number}: no no-break space after « « »: {line}")
        if "'" in line or '"' in line:
            problems.append(f"{number}: a typewriter apostrophe or quote: {line}")
    return problems
