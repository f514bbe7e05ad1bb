"""The plugins' settings, each declared once: its name, its default and what it does.

Every plugin lists its settings in `SETTINGS` (a tuple of `Setting`) and reads them with
`value(settings, SETTINGS, "NAME")`, so a default is written in one place;
docs/developers/plugins.md's tables are generated from these declarations
(`python -m catalyst.tools.settings_doc`, kept up to date by tests/test_settings_doc.py).

A setting that more than one plugin reads is declared here, below them all (no plugin imports
another): the plugin it belongs to lists it in its `SETTINGS`, the others read it through
`SHARED`. Pelican's own settings (`PATH`, `SITEURL`, `TIMEZONE`…) are not declared.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str  # upper-case, prefixed by its plugin: "IMAGES_WIDTHS"
    default: object  # the value when the settings leave it out, or `SameAs(another)`
    about: str  # what it does, one line of English (the docs' « meaning » column)


@dataclass(frozen=True)
class SameAs:
    """A default that is another setting's value (or its default): `SameAs(COLLECTIONS_BRANCH)`."""

    setting: Setting


def declared(declarations: Iterable[Setting], name: str) -> Setting:
    """The declaration of `name`; a `KeyError` if there is none (a typo, an undeclared read)."""
    for setting in declarations:
        if setting.name == name:
            return setting
    raise KeyError(f"{name} is not a declared setting")


def value(
    settings: Mapping[str, Any],
    declarations: Iterable[Setting],
    name: str,
    *,
    empty_is_default: bool = False,
) -> Any:
    """The setting's value, or its declared default when the settings leave it out.

    With `empty_is_default`, an empty value too (`None`, `""`, `0`, `False`) gives the default.
    """
    return _read(settings, declared(declarations, name), empty_is_default)


def values(settings: Mapping[str, Any], declarations: Iterable[Setting]) -> dict[str, Any]:
    """Every declared setting's value, by name (the default where the settings leave it out)."""
    return {s.name: _read(settings, s, False) for s in declarations}


def _read(settings: Mapping[str, Any], setting: Setting, empty_is_default: bool) -> Any:
    default = setting.default
    if isinstance(default, SameAs):
        default = _read(settings, default.setting, empty_is_default)
    if empty_is_default:
        return settings.get(setting.name) or default
    return settings.get(setting.name, default)


def defaults(declarations: Iterable[Setting]) -> dict[str, Any]:
    """Every declared setting's default, by name."""
    return {s.name: s.default for s in declarations}


# Read by several plugins; listed in the `SETTINGS` of the one named in the comment.
COLLECTIONS_REPOSITORY = Setting(  # plugins.content_collections
    "COLLECTIONS_REPOSITORY",
    None,
    "GitHub `owner/name` for « proposer » links (`/new/BRANCH?filename=…&value=…`)",
)
COLLECTIONS_BRANCH = Setting(  # plugins.content_collections
    "COLLECTIONS_BRANCH", "main", "branch the new-file links target"
)
COLLECTIONS_EMAIL = Setting(  # plugins.content_collections
    "COLLECTIONS_EMAIL", None, "address of the `mailto:` fallback carrying the same template"
)
CONTENT_CHECKS_WARNINGS_FATAL = Setting(  # plugins.content_checks
    "CONTENT_CHECKS_WARNINGS_FATAL", False, "also fail on warnings (`publishconf.py` sets it)"
)
CONTENT_CHECKS_ONLY = Setting(  # plugins.content_checks
    "CONTENT_CHECKS_ONLY",
    False,
    "stop after the report (`ChecksDone`), writing nothing: set by `python -m catalyst check`",
)
SITE_HOST = Setting(  # plugins.syndication
    "SITE_HOST",
    "localhost",
    "host used in entry ids (`tag:SITE_HOST,2013-01-17:…`) and calendars' UIDs; never change "
    "it once published",
)
SHARED = (
    COLLECTIONS_REPOSITORY,
    COLLECTIONS_BRANCH,
    COLLECTIONS_EMAIL,
    CONTENT_CHECKS_WARNINGS_FATAL,
    CONTENT_CHECKS_ONLY,
    SITE_HOST,
)
