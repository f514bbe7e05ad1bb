"""The content model: every content type and its fields, declared once.

Articles and pages are declared in `types.py` (their fields are Pelican's);
collection types (guestbook, projects, events…) in the `COLLECTIONS` setting.
`read_model(settings)` gives the one `ContentModel` that everything else
derives from: the reader's validation and conversion of header values, the
collections' fields, the « proposer » templates, CONTRIBUTING.md's tables (a
test keeps them in agreement) and, later, `invoke new` and the web editor.

This package is a library, not a Pelican plugin: it has no `register()`.
"""

from __future__ import annotations

from .fields import Field, FieldError, as_text, convert, fill, slug_of, split_list
from .types import ContentModel, ContentType, read_model

__all__ = [
    "ContentModel",
    "ContentType",
    "Field",
    "FieldError",
    "as_text",
    "convert",
    "fill",
    "read_model",
    "slug_of",
    "split_list",
]
