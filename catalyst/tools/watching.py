"""The changes to the site's sources, from one watcher kept for the whole session.

Pelican's `wait_for_changes` starts a new watcher at each call, so a file saved
while a build runs is only seen at the next save. `changes()` keeps one watcher
(watchfiles, as Pelican) on the same folders, with Pelican's filter, and yields
each batch of changes, those made during a build included.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path


def changes(
    settings_file: Path, content: Path, extra: dict | None = None
) -> Iterator[set[tuple[object, str]]]:
    """Batches of (watchfiles.Change, path) under the settings, theme, content and static paths."""
    import watchfiles
    from pelican.settings import read_settings
    from pelican.utils import FileChangeFilter

    settings = read_settings(str(settings_file), override={**(extra or {}), "PATH": str(content)})
    paths = [Path(settings_file), Path(settings["THEME"]), Path(content)]
    paths += [Path(content) / p for p in settings["STATIC_PATHS"]]
    watched = sorted({str(p.resolve()) for p in paths if p.exists()})
    ignored = set(settings.get("IGNORE_FILES", []))
    yield from watchfiles.watch(
        *watched, watch_filter=FileChangeFilter(ignore_file_patterns=ignored)
    )
