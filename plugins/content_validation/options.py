"""The plugin's settings, read once per build into a frozen record.

Every setting is prefixed `CONTENT_VALIDATION_` and defaulted here, so that
pelicanconf.py only names what it changes. A wrong value fails with the
plugin, the setting, what was expected and what was received.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

# A title is shown in the browser tab, in feed readers and in share previews,
# which cut it at 60 to 110 characters. 150 leaves room for a long French title
# with a subtitle, and refuses what is really happening when a title is longer:
# a summary or a first paragraph pasted into `Title:`.
TITLE_MAX_LENGTH = 150

DEFAULTS = {
    "CONTENT_VALIDATION_ENABLED": True,
    "CONTENT_VALIDATION_TITLE_MAX_LENGTH": TITLE_MAX_LENGTH,
    # Content types whose items should have a `Summary:` (a warning otherwise):
    # "article", "page" or a collection name. None by default: a warning fails `publish`.
    "CONTENT_VALIDATION_SUMMARY_EXPECTED": (),
    # Folder whose inside symlinks may point to; None: the parent of PATH.
    "CONTENT_VALIDATION_ROOT": None,
}


class SettingsError(ValueError):
    pass


@dataclass(frozen=True)
class Options:
    enabled: bool
    title_max_length: int
    summary_expected: tuple[str, ...]
    root: str  # the repository: symlinks must stay inside it
    content: str  # absolute PATH
    theme: str  # absolute THEME

    def relative(self, path: str) -> str:
        """A path inside the content folder, with `/`."""
        return os.path.relpath(path, self.content).replace(os.sep, "/")


def read_options(settings: dict) -> Options:
    get = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    length = get["CONTENT_VALIDATION_TITLE_MAX_LENGTH"]
    if not isinstance(length, int) or isinstance(length, bool) or length < 10:
        raise SettingsError(_wrong("TITLE_MAX_LENGTH", "an integer of at least 10", length))
    expected = get["CONTENT_VALIDATION_SUMMARY_EXPECTED"]
    if isinstance(expected, str) or not all(isinstance(e, str) for e in expected):
        raise SettingsError(_wrong("SUMMARY_EXPECTED", "a list of content type names", expected))
    content = os.path.abspath(settings.get("PATH") or "content")
    root = get["CONTENT_VALIDATION_ROOT"] or os.path.dirname(content)
    return Options(
        enabled=bool(get["CONTENT_VALIDATION_ENABLED"]),
        title_max_length=length,
        summary_expected=tuple(expected),
        root=os.path.realpath(root),
        content=content,
        theme=os.path.abspath(settings.get("THEME") or ""),
    )


def _wrong(name: str, expected: str, received) -> str:
    return (
        f"content_validation: CONTENT_VALIDATION_{name} should be {expected}, received {received!r}"
    )
