"""`![Description](photo.jpg)` becomes a `<picture>`: small modern files, sized, described.

A Python-Markdown tree processor (the reader adds it to every renderer) that
replaces each image of a local photo by a `<picture>`: a `<source>` in the
modern format and a JPEG `<img>`, each with every width (`srcset`) and the
theme's column (`sizes`), the displayed `width` and `height` (the browser
keeps the room: no layout shift), and `loading="lazy"` except for a first
image near the top, which the reader sees at once. A link to a photo leads to
its largest JPEG. The original is never linked: it keeps the phone's metadata.

The description is the image's text between brackets. An image that only
decorates says so: `![décorative](motif.png)` publishes an empty description,
which screen readers skip (the reader reports an empty one at its line).
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from urllib.parse import unquote

from markdown import Markdown
from markdown.extensions import Extension
from markdown.serializers import to_html_string
from markdown.treeprocessors import Treeprocessor

from .facts import ImageFacts, inspect, is_processed
from .options import ImageOptions
from .variants import MIME, Variant, plan

DECORATIVE = frozenset({"décorative", "décoratif", "decorative", "decoratif"})
EAGER_BLOCKS = 3  # an image among the first blocks of a text is seen without scrolling
_MARKED = re.compile(r"^[{|](?P<what>static|attach)[}|](?P<path>.*)$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:|^//|^#", re.IGNORECASE)


def decorative(description: str) -> bool:
    return description.strip().lower() in DECORATIVE


def resolve(written: str, rel: str) -> str | None:
    """The path under content/ of a local photo that `rel` cites as `written`, or None."""
    if not written or _SCHEME.match(written):
        return None
    marked = _MARKED.match(written)
    if marked is None and written.startswith(("{", "|")):
        return None  # {filename} and other markers: not an image
    path = unquote((marked["path"] if marked else written).split("#", 1)[0].split("?", 1)[0])
    joined = path[1:] if path.startswith("/") else posixpath.join(posixpath.dirname(rel), path)
    normal = posixpath.normpath(joined) if joined else ""
    if normal.startswith("..") or normal in ("", ".") or not is_processed(normal):
        return None
    return normal


@dataclass
class Citations:
    """The photos one text cites, found while it is converted; the reader reads them after."""

    rel: str
    root: str  # the content folder
    options: ImageOptions
    eager: int = 1  # how many images may still load at once (0 when a header image shows)
    facts: dict[str, ImageFacts | None] = field(default_factory=dict)  # by path under content/
    written: list[tuple[str, str]] = field(default_factory=list)  # (as written, path)
    undescribed: list[str] = field(default_factory=list)  # as written, for the reader to say
    judged: set[str] = field(default_factory=set)  # addresses of images with no description

    def look_up(self, written: str) -> tuple[str, ImageFacts | None] | None:
        """The photo a text cites as `written` (a Markdown image or link), if it is one."""
        target = resolve(written, self.rel)
        if target is None:
            return None
        self.written.append((written, target))
        return target, self.facts_of(target)

    def facts_of(self, target: str) -> ImageFacts | None:
        if target not in self.facts:
            self.facts[target] = inspect(self.root, target, self.options)
        return self.facts[target]

    def variants(self, facts: ImageFacts) -> tuple[Variant, ...]:
        return plan(facts.rel, facts.width, facts.height, self.options)


def picture(
    variants: tuple[Variant, ...],
    options: ImageOptions,
    *,
    alt: str,
    lazy: bool,
    attributes: dict[str, str] | None = None,
) -> etree.Element:
    """The `<picture>` element of one image described by `alt` (`décorative`: nothing to say)."""
    element = etree.Element("picture")
    modern = [v for v in variants if v.format != "jpeg"]
    jpeg = [v for v in variants if v.format == "jpeg"]
    if modern:
        etree.SubElement(
            element,
            "source",
            {
                "type": MIME[modern[0].format],
                "srcset": _srcset(modern, options),
                "sizes": options.sizes,
            },
        )
    fallback = fallback_of(jpeg, options.fallback_widths)
    largest = jpeg[-1]
    image = etree.SubElement(
        element,
        "img",
        {
            "src": fallback.url(options.siteurl),
            "srcset": _srcset(jpeg, options),
            "sizes": options.sizes,
            "width": str(largest.width),
            "height": str(largest.height),
            "alt": "" if decorative(alt) else alt,
        },
    )
    image.set("decoding", "async")
    if lazy:
        image.set("loading", "lazy")
    for name, value in (attributes or {}).items():
        image.set(name, value)
    return element


def picture_html(
    variants: tuple[Variant, ...], options: ImageOptions, *, alt: str, lazy: bool, **attributes: str
) -> str:
    html: str = to_html_string(
        picture(variants, options, alt=alt, lazy=lazy, attributes=attributes)
    )
    return html


def fallback_of(jpeg: list[Variant], widths: tuple[int, ...]) -> Variant:
    """The JPEG a browser without `srcset` shows: a middle width (the smaller of two)."""
    middle = sorted(widths)[(len(widths) - 1) // 2]
    return min(jpeg, key=lambda v: (abs(v.width - middle), -v.width))


def _srcset(variants: list[Variant], options: ImageOptions) -> str:
    return ", ".join(f"{v.url(options.siteurl)} {v.width}w" for v in variants)


class PictureProcessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        citations: Citations | None = getattr(self.md, "citations", None)
        if citations is None:
            return
        block_of = {id(el): index for index, block in enumerate(root) for el in block.iter()}
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "img":
                    self._picture(parent, index, child, citations, block_of.get(id(child), 0))
                elif child.tag == "a":
                    self._link(child, citations)

    def _picture(
        self,
        parent: etree.Element,
        index: int,
        image: etree.Element,
        citations: Citations,
        block: int,
    ) -> None:
        found = citations.look_up(image.get("src", ""))
        if found is None or found[1] is None or not found[1].usable:
            return  # not a local photo, or a problem the reader reports
        description = image.get("alt", "")
        lazy = not (citations.eager and block < EAGER_BLOCKS)
        citations.eager = 0
        extra = {k: v for k, v in image.items() if k in ("title", "class", "id")}
        element = picture(
            citations.variants(found[1]),
            citations.options,
            alt=description,
            lazy=lazy,
            attributes=extra,
        )
        element.tail = image.tail
        parent[index] = element
        if decorative(description) or not description.strip():
            shown = element.find("img")
            assert shown is not None  # picture() writes it
            citations.judged.add(shown.attrib["src"])
        if not description.strip():
            citations.undescribed.append(image.get("src", ""))

    def _link(self, link: etree.Element, citations: Citations) -> None:
        found = citations.look_up(link.get("href", ""))
        if found is None or found[1] is None or not found[1].usable:
            return
        jpeg = [v for v in citations.variants(found[1]) if v.format == "jpeg"]
        link.set("href", jpeg[-1].url(citations.options.siteurl))


class PictureExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # Python-Markdown's API
        # After "inline" (20), which makes the images, and "attr_list" (8).
        md.treeprocessors.register(PictureProcessor(md), "picture", 7)


@dataclass(frozen=True)
class Cover:
    """A page's own photo (an `Image:` field): shown at its top, and on sharing cards."""

    rel: str  # path under content/
    description: str  # empty when decorative
    html: str  # the `<picture>`, loaded at once (it is at the top)
    og: Variant  # the JPEG closest to IMAGES_OG_WIDTH, for OpenGraph and the letter

    def __str__(self) -> str:
        return self.rel


def cover(facts: ImageFacts, description: str, options: ImageOptions) -> Cover:
    variants = plan(facts.rel, facts.width, facts.height, options)
    jpeg = [v for v in variants if v.format == "jpeg"]
    og = min(jpeg, key=lambda v: (abs(v.width - options.og_width), -v.width))
    html = picture_html(variants, options, alt=description, lazy=False)
    return Cover(facts.rel, "" if decorative(description) else description, html, og)
