"""Where a new item's file goes under content/: one rule for every way of creating a text.

The reader takes a file anywhere in its type's folder; a new one is put at one place,
said here from the type's declaration, so that `invoke new` (catalyst.tools.new_content)
and the web editor's forms (plugins.web_editor) file a text of the same type alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Formatter

from .types import ContentType

DATED = ("date", "datetime")


@dataclass(frozen=True)
class Placement:
    folder: str  # the type's folder under content/, "articles"
    # "week": one file a week, named after it (2026-s49.md); "group": a folder per value of
    # `field` (a testimonial under its event); "year": a folder per year of the date `field`;
    # "": the file right in `folder`.
    by: str
    field: str = ""
    named_after: tuple[str, ...] = ("title",)  # the fields the file's name is made from


def placement(ctype: ContentType) -> Placement:
    folder = ctype.folders[0].strip("/")
    named = tuple(name for _, name, _, _ in Formatter().parse(ctype.title) if name)
    named = named or ("title",)
    if ctype.file_name:
        return Placement(folder, "week", named_after=())
    group = next((f for f in ctype.fields if f.example == "{group}"), None)
    if group is not None:
        return Placement(folder, "group", group.name, named)
    dated = ctype.field(ctype.date_from)
    if dated is not None and dated.required and dated.type in DATED:
        return Placement(folder, "year", dated.name, named)
    return Placement(folder, "", named_after=named)
