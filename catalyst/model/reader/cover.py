"""The photos a text cites, in its header (`Image:`) and its body, and what is wrong with them.

The photos' markup (catalyst.model.images.markup) writes the `<picture>` while
the body is converted; here, once it is, each cited photo is checked at its line: it
exists, it is a readable image of the right weight, it is written in
Markdown (a photo in raw HTML would be published with its metadata), and the
header's photo has its description.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from catalyst.model.images.markup import Citations, cover, resolve
from catalyst.model.types import ContentType

from .body import Link, Locator
from .header import Header
from .markup import no_description
from .source import Issue, Source

if TYPE_CHECKING:  # read.py imports this module
    from .read import FileResult

MISSING_FIX = (
    "vérifiez le nom du fichier (majuscules et extension comprises) ; une photo se range dans "
    "content/images/ et se cite ![Ce que montre la photo]({static}/images/nom.jpg)"
)


def cover_image(
    ctype: ContentType, header: Header, citations: Citations, result: FileResult
) -> list[Issue]:
    """Each photo field of the header: checked, and its value made a `Cover`."""
    issues = []
    for spec in ctype.fields:
        if spec.type != "image" or spec.name not in header.values:
            continue
        line = header.lines[spec.name]
        target = header.values[spec.name]
        facts = citations.facts_of(target)
        if facts is None:
            issues.append(
                Issue(
                    line,
                    f"image introuvable : « {target} »",
                    "vérifiez le nom du fichier : le chemin part de content/ "
                    f"(« {spec.key}: images/nom.jpg »)",
                )
            )
            continue
        result.links.append(Link(line, "static", "{static}/" + target, target))
        if facts.problem is not None:  # not usable
            issues.append(Issue(line, *facts.problem))
            continue
        described = f"{spec.name}-description"
        description = str(header.values.get(described, "")).strip()
        if not description:
            key = f"{spec.key}-Description"
            issues.append(
                Issue(
                    line,
                    f"photo sans description (« {target} »)",
                    f"ajoutez la ligne « {key}: ce que montre la photo », pour les personnes qui "
                    f"ne la voient pas (ou « {key}: décorative » si elle n’apporte rien)",
                    "avertissement",
                )
            )
        header.values[spec.name] = cover(facts, description, citations.options)
        citations.eager = 0  # the top of the page is this photo
    return issues


def cite_images(citations: Citations, result: FileResult, source: Source) -> list[Issue]:
    """The body's photos: problems at their lines; links to the ones found without a marker."""
    issues = []
    seen = {(link.line, link.target) for link in result.links if link.line < source.body_start}
    locator = Locator(source)
    marked = {link.target for link in result.links}
    for written, target in citations.written:
        line = _line(locator, written)
        facts = citations.facts.get(target)
        if (line, target) in seen:
            continue
        seen.add((line, target))
        if target not in marked:  # a path written without {static}: the link checks see it now
            if facts is None:
                issues.append(Issue(line, f"image introuvable : « {written} »", MISSING_FIX))
                continue
            result.links.append(Link(line, "static", written, target))
        if facts is not None and facts.problem is not None:  # not usable
            issues.append(Issue(line, *facts.problem))
    for link in result.links:
        raw = (link.line, link.target) not in seen and link.what != "filename"
        if raw and resolve(link.written, result.rel) is not None:
            issues.append(
                Issue(
                    link.line,
                    f"photo citée en HTML (« {link.written} ») : seules les photos "
                    "citées en Markdown sont publiées (réduites, sans leurs métadonnées)",
                    "citez-la en Markdown : ![Ce que montre la photo]"
                    f"({link.written}), sur une ligne à elle",
                )
            )
    for written in citations.undescribed:
        name = written.rsplit("/", 1)[-1]
        issues.append(
            Issue(_line(Locator(source), written), *no_description(name), "avertissement")
        )
    result.images = dict(citations.facts)
    return issues


def _line(locator: Locator, written: str) -> int:
    """The line of a Markdown image or link to `written` (`](…`), else of any mention of it."""
    markdown = r"\]\(\s*<?" + re.escape(written)
    if any(re.search(markdown, text) for _, text in locator.lines):
        return locator.line(markdown)
    return locator.line(re.escape(written))
