"""The files published for one source image: a few widths in a modern format, two in JPEG.

`plan()` names them (the reader writes their addresses before any is encoded);
`encode()` makes them. Encoding decodes the source once, turns it upright
(EXIF orientation), brings its colours to sRGB, then copies the pixels alone
into a new image: no EXIF (GPS, the phone's serial), XMP, IPTC, ICC profile or
comment can reach a published file.
"""

from __future__ import annotations

import io
import os
import posixpath
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps

from .options import ImageOptions

MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}
SUFFIX = {"avif": "avif", "webp": "webp", "jpeg": "jpg"}
SAVE = {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG"}


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    format: str  # "avif", "webp" or "jpeg"
    path: str  # under the output folder

    def url(self, siteurl: str) -> str:
        return f"{siteurl}/{self.path}"


def plan(rel: str, width: int, height: int, options: ImageOptions) -> tuple[Variant, ...]:
    """Every file written for `content/<rel>`, displayed at width × height."""
    stem = posixpath.splitext(rel)[0].removeprefix("images/")
    return tuple(
        Variant(w, max(1, round(height * w / width)), fmt,
                f"{options.output_path}/{stem}-{w}.{SUFFIX[fmt]}")
        for fmt, widths in ((options.format, options.widths), ("jpeg", options.fallback_widths))
        for w in _widths(width, widths)
    )  # fmt: skip


def _widths(original: int, wanted: tuple[int, ...]) -> list[int]:
    """The wanted widths narrower than the original, and the largest one it allows."""
    largest = min(original, max(wanted))
    return sorted({w for w in wanted if w < largest} | {largest})


def encode(source: str, variants: tuple[Variant, ...], folder: str, quality: dict) -> None:
    """Write each variant into `folder`, named after its file name in the output."""
    largest = max(v.width for v in variants), max(v.height for v in variants)
    with Image.open(source) as opened:
        if opened.format == "JPEG":  # decode at a reduced scale when it is enough: faster
            opened.draft("RGB", _drafted(opened, largest))
        upright = ImageOps.exif_transpose(opened)
        pixels = _bare(_srgb(upright))
    sizes: dict[int, Image.Image] = {}
    for variant in sorted(variants, key=lambda v: -v.width):
        if variant.width not in sizes:  # each width from the next larger one: faster, as sharp
            sizes[variant.width] = pixels = pixels.resize(
                (variant.width, variant.height), Image.Resampling.LANCZOS, reducing_gap=2.0
            )
        resized = sizes[variant.width]
        buffer = io.BytesIO()
        _save(resized, variant.format, buffer, quality[variant.format])
        with open(os.path.join(folder, posixpath.basename(variant.path)), "wb") as handle:
            handle.write(buffer.getvalue())


def _drafted(image: Image.Image, largest: tuple[int, int]) -> tuple[int, int]:
    """The size asked of the JPEG decoder: the largest variant, in the file's own orientation."""
    turned = image.getexif().get(0x0112) in (5, 6, 7, 8)
    return (largest[1], largest[0]) if turned else largest


def _srgb(image: Image.Image) -> Image.Image:
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"),
                                         outputMode=image.mode)  # fmt: skip
    except (ImageCms.PyCMSError, OSError):
        return image  # an unreadable profile: keep the pixels as they are


def _bare(image: Image.Image) -> Image.Image:
    """The pixels alone, in RGB or RGBA: a new image carries no metadata."""
    alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if alpha else "RGB"
    converted = image.convert(mode)
    bare = Image.new(mode, converted.size)
    bare.paste(converted)
    return bare


def _save(image: Image.Image, fmt: str, buffer, quality: int) -> None:
    if fmt == "jpeg":
        if image.mode == "RGBA":  # JPEG has no transparency: lay the image on white
            white = Image.new("RGB", image.size, (255, 255, 255))
            white.paste(image, mask=image.getchannel("A"))
            image = white
        image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    elif fmt == "avif":
        image.save(buffer, "AVIF", quality=quality, speed=8)
    else:
        image.save(buffer, "WEBP", quality=quality, method=4)
