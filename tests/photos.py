"""Photos like a phone's, made by the tests: EXIF with GPS and a serial, turned, HEIC, huge.

The seeds have no photos and none are added that are not real: each test
makes the files it needs, with the metadata a phone writes.
"""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFilter
from PIL.TiffImagePlugin import IFDRational
from pillow_heif import register_heif_opener

register_heif_opener()

GPS_IFD = 0x8825
ORIENTATION = 0x0112
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/><city>Lille</city></x:xmpmeta>'


def scene(width: int, height: int, *, seed: int = 1) -> Image.Image:
    """A picture as hard to compress as a photo: gradients, shapes, grain."""
    rng = random.Random(seed)
    base = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    blotches = Image.effect_noise((max(1, width // 4), max(1, height // 4)), 60)
    image = Image.blend(base, blotches.resize((width, height)).convert("RGB"), 0.5)
    draw = ImageDraw.Draw(image)
    for _ in range(max(20, width * height // 40_000)):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(10, width // 8 + 11)
        draw.ellipse((x, y, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    grain = Image.effect_noise((width, height), 25).convert("RGB")
    return Image.blend(image.filter(ImageFilter.GaussianBlur(2)), grain, 0.15)


def phone_exif(*, orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15"  # Model
    exif[0xA431] = "SN-1234567890"  # BodySerialNumber
    exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[3] = "N", "E"  # Lille: 50.6292 N, 3.0573 E
    gps[2] = (IFDRational(50), IFDRational(37), IFDRational(4512, 100))
    gps[4] = (IFDRational(3), IFDRational(3), IFDRational(2628, 100))
    return exif


def phone_jpeg(width: int = 1600, height: int = 1200, *, orientation: int = 1, seed: int = 1,
               quality: int = 90) -> bytes:  # fmt: skip
    """A JPEG as a phone writes it: GPS, serial, XMP, a comment, an orientation."""
    buffer = io.BytesIO()
    scene(width, height, seed=seed).save(
        buffer, "JPEG", quality=quality, exif=phone_exif(orientation=orientation), xmp=XMP,
        comment=b"taken at 50.6292 N 3.0573 E",
    )  # fmt: skip
    return buffer.getvalue()


def phone_heic(width: int = 1200, height: int = 900, *, orientation: int = 1) -> bytes:
    buffer = io.BytesIO()
    scene(width, height).save(buffer, "HEIF", quality=80, exif=phone_exif(orientation=orientation))
    return buffer.getvalue()


def png(width: int = 640, height: int = 480, *, alpha: bool = False) -> bytes:
    buffer = io.BytesIO()
    image = scene(width, height)
    if alpha:
        image.putalpha(Image.linear_gradient("L").resize((width, height)))
    image.save(buffer, "PNG", pnginfo=_text_chunk())
    return buffer.getvalue()


def _text_chunk():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Location", "Lille, 50.6292 N 3.0573 E")
    return info


def metadata_of(data: bytes) -> dict:
    """Every kind of metadata Pillow finds in an image file, by name; empty when there is none."""
    with Image.open(io.BytesIO(data)) as image:
        found = {k: v for k, v in image.info.items() if k not in _HARMLESS}
        if len(image.getexif()):
            found["exif (parsed)"] = dict(image.getexif())
        markers = [m for m, _ in getattr(image, "applist", []) if m != "APP0"]
        if markers:
            found["JPEG markers"] = markers
    return found


# What Pillow reports of a file's own encoding, not metadata about the picture or its taker.
_HARMLESS = frozenset({
    "jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "progressive", "progression",
    "loop", "duration", "background", "transparency", "aspect", "gamma", "lossless",
})  # fmt: skip
