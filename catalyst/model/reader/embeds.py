"""`!vidéo[Titre](https://…)`: a video in a text, without an embedded player.

Raw `<iframe>` embeds are refused (they load the host's player, fonts and
trackers on every visit). A volunteer who wants to show a video writes, alone
on its line, the image syntax with « vidéo » after the `!`:

    !vidéo[La conférence de clôture](https://www.youtube.com/watch?v=…)

and the page gets a figure with a plain link and the name of the host:
nothing is requested from the host until the reader follows the link.
A Python-Markdown extension (enabled in pelicanconf.py's MARKDOWN settings),
plus the check that reports a line that starts like one but does not parse.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension

from .source import Issue

PATTERN = re.compile(r"^!vid[ée]o\[(?P<title>[^\]\n]+)\]\((?P<url>https?://[^\s)]+)\)$", re.I)
_STARTS_LIKE = re.compile(r"^\s*!\s*vid[ée]o", re.IGNORECASE)
HOSTS = {
    "youtube.com": "YouTube", "youtu.be": "YouTube", "youtube-nocookie.com": "YouTube",
    "vimeo.com": "Vimeo", "dailymotion.com": "Dailymotion", "dai.ly": "Dailymotion",
    "archive.org": "Internet Archive",
}  # fmt: skip


def host_name(url: str) -> str:
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    for domain, name in HOSTS.items():
        if host == domain or host.endswith("." + domain):
            return name
    return host


class VideoProcessor(BlockProcessor):
    def test(self, parent: etree.Element, block: str) -> bool:
        return bool(PATTERN.match(block.strip()))

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        match = PATTERN.match(blocks.pop(0).strip())
        assert match is not None  # test() matched this block
        figure = etree.SubElement(parent, "figure", {"class": "video"})
        link = etree.SubElement(figure, "a", {"class": "video-link", "href": match["url"]})
        link.text = match["title"]
        caption = etree.SubElement(figure, "figcaption")
        caption.text = (
            f"Vidéo sur {host_name(match['url'])} : le lien ouvre le site de l’hébergeur."
        )


class VideoExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # Python-Markdown's API
        # Before "reference" (15) and "paragraph" (10): the line is a block of its own.
        md.parser.blockprocessors.register(VideoProcessor(md.parser), "video", 16)


def makeExtension(**kwargs: Any) -> VideoExtension:  # Python-Markdown's API
    return VideoExtension(**kwargs)


def check_video_lines(lines: Iterable[tuple[int, str]]) -> list[Issue]:
    """Lines that start like `!vidéo[…](…)` but would be published as plain text."""
    issues = []
    for number, text in lines:
        if "!" in text and _STARTS_LIKE.match(text) and not PATTERN.match(text.strip()):
            issues.append(
                Issue(
                    number,
                    "vidéo illisible : la ligne serait publiée telle quelle",
                    "écrivez, seul sur sa ligne : !vidéo[Titre de la vidéo](https://adresse-de-"
                    "la-video)",
                )
            )
    return issues
