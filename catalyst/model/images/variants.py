"""The files published for one source image: a few widths in a modern format, two in JPEG.

`plan()` names them (the reader writes their addresses before any is encoded);
`encode()` makes them. Encoding decodes the source once, brings it down to the
largest variant, turns it upright (EXIF orientation), brings its colours to
sRGB, then copies the pixels alone into a new image: no EXIF (GPS, the phone's
serial), XMP, IPTC, ICC profile or comment can reach a published file, whatever
the source's format.

Memory, for one photo: the decoded source (a JPEG is decoded at a reduced
scale when that is enough), plus one RGB or RGBA copy of it when its mode is
another (Pillow keeps 4 bytes a pixel), plus the largest variant; at most
about 8 bytes per source pixel, 400 MB at `IMAGES_MAX_PIXELS` (50 million).
Each worker process encodes one photo at a time.
"""

from __future__ import annotations

import io
import os
import posixpath
from dataclasses import dataclass

from PIL import Image, ImageCms

from .facts import orientation, pixel_limit
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
        Variant(
            w,
            max(1, round(height * w / width)),
            fmt,
            f"{options.output_path}/{stem}-{w}.{SUFFIX[fmt]}",
        )
        for fmt, widths in ((options.format, options.widths), ("jpeg", options.fallback_widths))
        for w in _widths(width, widths)
    )


def _widths(original: int, wanted: tuple[int, ...]) -> list[int]:
    """The wanted widths narrower than the original, and the largest one it allows."""
    largest = min(original, max(wanted))
    return sorted({w for w in wanted if w < largest} | {largest})


def encode(
    source: str,
    variants: tuple[Variant, ...],
    folder: str,
    quality: dict[str, int],
    *,
    max_pixels: int,
) -> None:
    """Write each variant into `folder`, named after its file name in the output."""
    largest = max(v.width for v in variants), max(v.height for v in variants)
    with pixel_limit(max_pixels), Image.open(source) as opened:
        turn = orientation(opened)
        stored = (largest[1], largest[0]) if turn in (5, 6, 7, 8) else largest
        if opened.format in ("JPEG", "MPO"):  # decode at a reduced scale when it is enough
            opened.draft("RGB", stored)
        profile = opened.info.get("icc_profile") if opened.mode in ("RGB", "RGBA") else None
        pixels = _working(opened).resize(stored, Image.Resampling.LANCZOS, reducing_gap=2.0)
    pixels = _bare(_srgb(_upright(pixels, turn), profile))
    sizes: dict[int, Image.Image] = {}
    for variant in sorted(variants, key=lambda v: -v.width):
        if variant.width not in sizes:  # each width from the next larger one: faster, as sharp
            sizes[variant.width] = pixels = pixels.resize(
                (variant.width, variant.height), Image.Resampling.LANCZOS, reducing_gap=2.0
            )
        buffer = io.BytesIO()
        _save(sizes[variant.width], variant.format, buffer, quality[variant.format])
        _write(os.path.join(folder, posixpath.basename(variant.path)), buffer.getvalue())


def _write(path: str, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)


def _working(image: Image.Image) -> Image.Image:
    """The pixels in RGB or RGBA, the modes the rest works in (a copy only if needed)."""
    alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N"):  # 16 bits: the 8 high ones
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    mode = "RGBA" if alpha else "RGB"
    return image if image.mode == mode else image.convert(mode)


_TURNS = {  # EXIF orientation: what turns the stored picture upright (as ImageOps does)
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_90,
}  # fmt: skip


def _upright(image: Image.Image, turn: int) -> Image.Image:
    return image.transpose(_TURNS[turn]) if turn in _TURNS else image


def _srgb(image: Image.Image, profile: bytes | None) -> Image.Image:
    if not profile:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        converted = ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode
        )
        assert converted is not None  # None only when converting in place
        return converted
    except (ImageCms.PyCMSError, OSError):
        return image  # an unreadable profile: keep the pixels as they are


def _bare(image: Image.Image) -> Image.Image:
    """The pixels alone (RGB or RGBA): a new image carries no metadata."""
    bare = Image.new(image.mode, image.size)
    bare.paste(image)
    return bare


def _save(image: Image.Image, fmt: str, buffer: io.BytesIO, quality: int) -> None:
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
