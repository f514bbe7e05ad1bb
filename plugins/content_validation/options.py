"""The cross-file checks' settings."""

from __future__ import annotations

from catalyst.model.settings_spec import Setting

SETTINGS = (
    Setting("CONTENT_VALIDATION_ENABLED", True, "`False` skips these checks"),
    Setting(
        "CONTENT_VALIDATION_ROOT",
        None,
        "root that symbolic links must not leave; `None`: the parent of `PATH`",
    ),
    Setting(
        "CONTENT_VALIDATION_STATIC_TYPES",
        {},
        'folders of a type below, e.g. `{"pdf": ["extra", "images", "texts"]}`; `[]` refuses it',
    ),
)
