"""The text of a new item, from its type: the « proposer » templates.

The header is made of the fields that have an example, in the type's order;
an example may name `{group}` (the event a testimonial is about). Under it,
the body the type suggests. Nothing is written by hand twice: the same text
feeds the « proposer » links, and later `invoke new` and the web editor.
"""

from __future__ import annotations

from .types import ContentType

PLACEHOLDER_GROUP = "nom-du-groupe"


def new_file(ctype: ContentType, *, group: str = "") -> tuple[str, str] | None:
    """(path in the repository, text) of a new item of `ctype`, or None if it has no template."""
    if ctype.propose is None:
        return None
    values = {"group": group or PLACEHOLDER_GROUP}
    header = [f"{f.key}: {f.example.format(**values)}" for f in ctype.fields if f.example]
    text = "\n".join(header) + "\n\n" + ctype.propose.body.format(**values)
    return ctype.propose.filename.format(**values), text
