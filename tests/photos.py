"""Photos like a phone's, made by the tests: EXIF with GPS and a serial, turned, HEIC, huge.

The seeds have no photos and none are added that are not real: each test
makes the files it needs, with the metadata a phone writes.
"""

from __future__ import annotations

import io
import random
import struct
import zlib

from PIL import Image, ImageDraw, ImageFilter
from PIL.TiffImagePlugin import IFDRational
from pillow_heif import register_heif_opener

register_heif_opener()

GPS_IFD = 0x8825
ORIENTATION = 0x0112
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/><city>Lille</city></x:xmpmeta>'
# XMP as photo software writes it: coordinates, the city, the phone (exif:, photoshop:, tiff:).
PLACE_XMP = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description'
    b' rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/"'
    b' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
    b' xmlns:tiff="http://ns.adobe.com/tiff/1.0/" exif:GPSLatitude="50,37.752N"'
    b' tiff:Make="PhoneMaker"><tiff:Model>Phone 15</tiff:Model>'
    b"<exif:GPSLongitude>3,3.438E</exif:GPSLongitude><photoshop:City>Lille</photoshop:City>"
    b'</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
)
# x265's fastest preset: a 12-megapixel HEIC in 5 s instead of 50 (the same kind of file, a
# little larger); the tests need a phone's HEIC, not its compression.
HEIF_FAST = {"preset": "ultrafast"}
# Where each extension's photo is written, by Pillow's format name.
SAVED_AS = {
    ".jpg": "JPEG", ".jpeg": "JPEG", ".jfif": "JPEG", ".jpe": "JPEG", ".png": "PNG",
    ".webp": "WEBP", ".avif": "AVIF", ".heic": "HEIF", ".heif": "HEIF", ".tif": "TIFF",
    ".tiff": "TIFF", ".gif": "GIF", ".bmp": "BMP",
}  # fmt: skip


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


def phone_jpeg(
    width: int = 1600, height: int = 1200, *, orientation: int = 1, seed: int = 1, quality: int = 90
) -> bytes:
    """A JPEG as a phone writes it: GPS, serial, XMP, a comment, an orientation."""
    buffer = io.BytesIO()
    scene(width, height, seed=seed).save(
        buffer,
        "JPEG",
        quality=quality,
        exif=phone_exif(orientation=orientation),
        xmp=XMP,
        comment=b"taken at 50.6292 N 3.0573 E",
    )
    return buffer.getvalue()


def phone_heic(width: int = 1200, height: int = 900, *, orientation: int = 1) -> bytes:
    buffer = io.BytesIO()
    image = scene(width, height)
    image.save(
        buffer, "HEIF", quality=80, exif=phone_exif(orientation=orientation), enc_params=HEIF_FAST
    )
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


def located_photo(extension: str, width: int = 480, height: int = 360, *, seed: int = 1) -> bytes:
    """A photo in the format `extension` names, with all the metadata that format can hold of
    where it was taken and with what: EXIF (GPS, Make, Model, serial), XMP with coordinates
    and the city, a comment. BMP holds none; GIF holds XMP and a comment, no EXIF."""
    image, fmt, buffer = scene(width, height, seed=seed), SAVED_AS[extension], io.BytesIO()
    exif = phone_exif()
    if fmt == "PNG":
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_itxt("XML:com.adobe.xmp", PLACE_XMP.decode(), zip=True)
        image.save(buffer, "PNG", exif=exif, pnginfo=info)
    elif fmt == "TIFF":
        exif[GPS_IFD] = exif.get_ifd(GPS_IFD)  # Pillow writes a TIFF's IFDs it is given as tags
        exif[0x02BC] = PLACE_XMP  # XMP's TIFF tag
        image.save(buffer, "TIFF", exif=exif)
    elif fmt == "GIF":
        image.convert("P").save(buffer, "GIF", comment=b"Phone 15, Lille")
        return gif_with_xmp(buffer.getvalue(), PLACE_XMP)
    elif fmt == "BMP":
        image.save(buffer, "BMP")
    else:
        extra = {"comment": b"taken at 50.6292 N 3.0573 E"} if fmt == "JPEG" else {}
        extra = {"enc_params": HEIF_FAST} if fmt == "HEIF" else extra
        image.save(buffer, fmt, exif=exif, xmp=PLACE_XMP, **extra)
    return buffer.getvalue()


def gif_with_xmp(gif: bytes, xmp: bytes) -> bytes:
    """`gif` with an XMP application extension after its colour table, as the XMP
    specification writes it (the packet raw, then the 258-byte « magic trailer »)."""
    flags = gif[10]
    table = 3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0
    at = 13 + table
    trailer = bytes([1, *range(255, -1, -1), 0])
    return gif[:at] + b"\x21\xff\x0bXMP DataXMP" + xmp + trailer + gif[at:]


def png_bomb(width: int = 30_000, height: int = 30_000, *, depth: int = 1) -> bytes:
    """A small PNG that decodes to `width` × `height` grey pixels of `depth` bits (1 or 8), all
    alike: a few rows compressed once, their deflate blocks repeated (about 150 KB for 900
    million pixels, made in a blink, without ever holding the picture)."""
    row = b"\x00" + b"\xc0" * ((width * depth + 7) // 8)  # no filter, then the pixels
    rows = 100 if height % 100 == 0 else 1
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: blocks that can be repeated
    blocks = squeeze.compress(row * rows) + squeeze.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(height // rows):
        checksum = zlib.adler32(row * rows, checksum)
    stream = b"\x78\xda" + blocks * (height // rows) + b"\x03\x00" + struct.pack(">I", checksum)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, depth, 0, 0, 0, 0)  # grey
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", stream) + chunk(b"IEND", b"")
    )


def pixels_of(data: bytes) -> bytes:
    """The decoded pixels, in RGBA, upright as stored: to compare two files' pictures."""
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGBA").tobytes()
