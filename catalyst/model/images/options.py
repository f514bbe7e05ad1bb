"""The image step's settings, read once into a record that is part of the reader's cache key.

The reader, the images plugin and the static files' checks (`PROCESSED`) all read them;
`SETTINGS` declares them (plugins.images lists them in docs/developers/plugins.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from catalyst.model.addresses import page_base
from catalyst.model.errors import SettingsError
from catalyst.model.settings_spec import Setting, defaults, values

SETTINGS = (
    Setting(
        "IMAGES_WIDTHS",
        (480, 800, 1200, 1600),
        "widths written, in pixels, never wider than the original",
    ),
    Setting(  # for browsers without AVIF, and link previews
        "IMAGES_FALLBACK_WIDTHS",
        (800, 1200),
        "the JPEG fallback's widths, never wider than the original",
    ),
    Setting("IMAGES_FORMAT", "avif", 'the modern format beside the JPEG: `"avif"` or `"webp"`'),
    Setting("IMAGES_QUALITY", {"avif": 55, "webp": 75, "jpeg": 78}, "encoder quality per format"),
    Setting(
        "IMAGES_SIZES",
        "(min-width: 46rem) 42rem, calc(100vw - 2rem)",
        "the `sizes` attribute: the theme's text column",
    ),
    Setting(
        "IMAGES_OUTPUT_PATH",
        "images",
        "the variants' folder in the output (`images/a.jpg` → `images/a-800.avif`)",
    ),
    Setting(  # phones write 4–12 MB
        "IMAGES_MAX_BYTES", 25_000_000, "a heavier photo is refused"
    ),
    Setting(  # about 8,200 × 6,100: at most about 8 bytes a pixel are in memory while one
        # is encoded, 400 MB per worker
        "IMAGES_MAX_PIXELS",
        50_000_000,
        "a larger photo is refused from its header, before decoding (e.g. `30_000_000` on a "
        "small server)",
    ),
    Setting(
        "IMAGES_PUBLISH_ORIGINALS",
        False,
        "`True` also copies each original, metadata and all (its location too, unless the "
        "hook or the check removed it)",
    ),
    Setting(  # OpenGraph and the letter
        "IMAGES_OG_WIDTH", 1200, "the sharing card uses the JPEG nearest this width"
    ),
    Setting(
        "IMAGES_CACHE",
        False,
        "keep encoded photos by content hash in `CACHE_PATH/images` (`pelicanconf.py` sets `True`)",
    ),
    Setting("IMAGES_WORKERS", 0, "processes that encode; `0`: one per core"),
)
DEFAULTS: dict[str, Any] = defaults(SETTINGS)
FORMATS = ("avif", "webp")
# The photo formats: every raster image the site publishes has one of these extensions
# (plugins.content_validation's allow-list refuses any other) and goes through this step,
# re-encoded with no metadata, or refused. Shared with plugins.content_validation and the
# pre-commit hook's file pattern (tests/test_photo_privacy.py keeps them alike). SVG (a
# drawing) is copied as it is, like any other static file.
PROCESSED = frozenset({
    ".jpg", ".jpeg", ".jfif", ".jpe", ".png", ".webp", ".avif", ".heic", ".heif", ".tif",
    ".tiff", ".gif", ".bmp",
})  # fmt: skip


@dataclass(frozen=True)
class ImageOptions:
    widths: tuple[int, ...]
    fallback_widths: tuple[int, ...]
    format: str
    quality: tuple[tuple[str, int], ...]
    sizes: str
    output_path: str
    siteurl: str
    max_bytes: int
    max_pixels: int
    publish_originals: bool
    og_width: int

    def quality_of(self, fmt: str) -> int:
        return dict(self.quality)[fmt]


def read_options(settings: Mapping[str, Any]) -> ImageOptions:
    get = values(settings, SETTINGS)
    for key in ("WIDTHS", "FALLBACK_WIDTHS"):
        widths = get[f"IMAGES_{key}"]
        if not widths or not all(
            isinstance(w, int) and not isinstance(w, bool) and w >= 16 for w in widths
        ):
            raise SettingsError(_wrong(key, "a list of widths in pixels (>= 16)", widths))
    if get["IMAGES_FORMAT"] not in FORMATS:
        raise SettingsError(_wrong("FORMAT", f"one of {FORMATS}", get["IMAGES_FORMAT"]))
    quality = {**DEFAULTS["IMAGES_QUALITY"], **(get["IMAGES_QUALITY"] or {})}
    if not all(isinstance(q, int) and 1 <= q <= 100 for q in quality.values()):
        raise SettingsError(_wrong("QUALITY", "{format: 1..100}", get["IMAGES_QUALITY"]))
    for key in ("MAX_BYTES", "MAX_PIXELS", "OG_WIDTH"):
        value = get[f"IMAGES_{key}"]
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise SettingsError(_wrong(key, "a positive integer", value))
    return ImageOptions(
        widths=tuple(sorted(set(get["IMAGES_WIDTHS"]))),
        fallback_widths=tuple(sorted(set(get["IMAGES_FALLBACK_WIDTHS"]))),
        format=get["IMAGES_FORMAT"],
        quality=tuple(sorted(quality.items())),
        sizes=str(get["IMAGES_SIZES"]),
        output_path=str(get["IMAGES_OUTPUT_PATH"]).strip("/"),
        siteurl=page_base(settings),
        max_bytes=get["IMAGES_MAX_BYTES"],
        max_pixels=get["IMAGES_MAX_PIXELS"],
        publish_originals=bool(get["IMAGES_PUBLISH_ORIGINALS"]),
        og_width=get["IMAGES_OG_WIDTH"],
    )


def _wrong(name: str, expected: str, received: object) -> str:
    return f"images: IMAGES_{name} should be {expected}, received {received!r}"
