"""Results of `read_file()` kept by content hash, across builds.

The key is a digest of the file's bytes, its path under content/ and a
fingerprint of everything else the result depends on: the reader's settings,
the code that computes it (this plugin, the model, Markdown extensions named
in the settings) and the versions of Python, Pelican, Markdown and nh3.
Modification times play no part (a fresh checkout resets them). A hit returns
the stored result without parsing anything; entries are written atomically,
so parallel builds may share the folder.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import sys
from importlib.metadata import version
from pathlib import Path

import markdown
import pelican

from catalyst.model.files import replace_file

# The code a result depends on: this plugin and the model, where the pure reader
# (catalyst/model/reader) and the photos' markup (catalyst/model/images) live.
_CODE = ("plugins/content_reader", "catalyst/model")


def fingerprint(config) -> str:
    """Everything a result depends on but the file: settings, versions, the code that reads."""
    digest = hashlib.sha256(repr(config).encode())
    versions = (sys.version, pelican.__version__, markdown.__version__, version("nh3"))
    digest.update(" ".join(versions).encode())
    root = Path(__file__).resolve().parents[2]
    code = [p for package in _CODE for p in sorted((root / package).rglob("*.py"))]
    for path in code + _extensions(config.markdown):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _extensions(settings: dict) -> list[Path]:
    """The source of the Markdown extensions named in the settings (Python-Markdown's aside)."""
    names = [*settings.get("extensions", []), *settings.get("extension_configs", {})]
    found = []
    for name in names:
        if not isinstance(name, str) or name.startswith("markdown."):
            continue  # an extension object, or one of the versioned package
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec and spec.origin and os.path.isfile(spec.origin):
            found.append(Path(spec.origin))
    return found


class ResultCache:
    def __init__(self, folder: str, fingerprint: str):
        self.folder = Path(folder)
        self.fingerprint = fingerprint

    def key(self, rel: str, raw: bytes) -> str:
        digest = hashlib.sha256(self.fingerprint.encode())
        digest.update(rel.encode("utf-8", "surrogateescape") + b"\0" + raw)
        return digest.hexdigest()

    def get(self, key: str):
        try:
            with open(self.folder / key[:2] / key, "rb") as handle:
                result = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        return result

    def put(self, key: str, result) -> None:
        folder = self.folder / key[:2]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            replace_file(folder / key, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a cache that cannot be written only costs time
