"""The site's own licence (`LICENSING_DEFAULT`): an item's when it declares none.

plugins.licensing gives it to every item without `License:` and to the templates; the feeds
(plugins.syndication) and the letter (plugins.newsletter) state it too, so it is read here,
below all three, from the settings alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import licences

DEFAULT = "CC BY-SA 4.0"


def default_licence(settings: Mapping[str, Any]) -> licences.Licence:
    value = settings.get("LICENSING_DEFAULT", DEFAULT)
    licence = licences.find(value)
    if licence is None:
        raise ValueError(
            f"licensing: LICENSING_DEFAULT doit être une licence connue "
            f"({licences.known_keys()}), reçu {value!r}"
        )
    return licence
