"""The content types' declarations: one TOML file each, in `content_types/`.

A type is declared once, in its own file: its fields (label, help, example, rules), the
template « Proposer… » offers, and for a collection where its pages go ([routing]) and its
structured data ([jsonld]). Everything that knows about fields (validation, conversion,
`invoke new`, the web editor's forms, CONTRIBUTING's tables) reads the model built from them.
`CONTENT_MODEL_TYPES` names another folder (a test's scratch copy, another site).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import SettingsError

TYPES_FOLDER = Path(__file__).resolve().parents[2] / "content_types"


@dataclass(frozen=True)
class Declaration:
    path: Path
    data: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.data.get("name") or self.path.stem)

    @property
    def where(self) -> str:
        return f"content_types/{self.path.name}"

    def wrong(self, key: str, expected: str, received: object) -> str:
        return f"content_model: {self.where}: {key} should be {expected}, received {received!r}"


def types_folder(settings: Mapping[str, Any]) -> Path:
    """The folder of the declarations: `CONTENT_MODEL_TYPES`, else the project's."""
    return Path(settings.get("CONTENT_MODEL_TYPES") or TYPES_FOLDER)


def read_declarations(folder: Path) -> tuple[Declaration, ...]:
    """Every `*.toml` of `folder`, read once per change of the files."""
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise SettingsError(f"content_model: no content type declared in {folder} (*.toml)")
    return _read(tuple((path, path.stat().st_mtime_ns) for path in files))


@lru_cache(maxsize=8)
def _read(files: tuple[tuple[Path, int], ...]) -> tuple[Declaration, ...]:
    found = []
    for path, _ in files:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise SettingsError(f"content_model: content_types/{path.name}: {error}") from None
        found.append(Declaration(path, data))
    names = [d.name for d in found]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        folder = found[0].path.parent
        raise SettingsError(f"content_model: {folder}: types declared twice: {twice}")
    return tuple(found)
