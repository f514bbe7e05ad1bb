"""The content model: every content type and its fields, declared once.

Every type, articles, pages and the letter included, is declared once, in its own file of
content_types/ (declarations.py reads them; types.py builds the types and their fields).
`read_model(settings)` gives the one `ContentModel` that everything else
derives from: the reader's validation and conversion of header values, the
collections' fields, the « proposer » templates, CONTRIBUTING.md's tables (a
test keeps them in agreement), `invoke new` and the web editor.

The bottom layer: it imports no plugin and no tool, and nothing of Pelican but `slugify`
and its default settings (import-linter checks it, tests/test_layers.py).
"""

from __future__ import annotations

from .fields import Field, FieldError, as_text, convert, fill, split_list
from .slugs import slug_of
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
