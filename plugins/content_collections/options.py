"""The collections' settings (the types themselves are declared in content_types/, not here)."""

from __future__ import annotations

from catalyst.model.settings_spec import (
    COLLECTIONS_BRANCH,
    COLLECTIONS_EMAIL,
    COLLECTIONS_REPOSITORY,
    Setting,
)

SETTINGS = (
    COLLECTIONS_REPOSITORY,  # the three are read by other plugins too: declared in the model
    COLLECTIONS_BRANCH,
    COLLECTIONS_EMAIL,
    Setting(
        "COLLECTIONS_TODAY",
        None,
        "ISO date splitting upcoming and past events (for reproducible builds); `None`: today",
    ),
)
