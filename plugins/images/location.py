"""Where a photo was taken, found in its file and blanked there, its pixels untouched.

Phones write where a photo was taken in its EXIF (the GPS IFD); photo software
writes it in XMP (`exif:GPSLatitude`, `photoshop:City`, `Iptc4xmpCore:Location`,
…) and IPTC (city, country, …). The site never publishes any of it (the model's
variants.py copies the pixels alone), but the original file is committed to a public
repository: the pre-commit hook (catalyst.tools.strip_location) takes the location
out of it, and the build warns about a photo that still has one (with the
production settings, refuses it).

Both call `clean()`. Every change it makes is the same length as what it
replaces (a GPS IFD zeroed and unlinked from its parent IFD, an XMP property
or an IPTC value turned into spaces), so no offset moves: JPEG (and MPO's
other pictures), TIFF, WebP, HEIC and AVIF keep every other byte, and PNG's
changed chunks get their CRC recomputed. The image data is never touched: the
pixels decode exactly as before. A location left where this cannot reach it
(Pillow still finds GPS coordinates after the cleaning) raises `Unsupported`.
"""

from __future__ import annotations

import binascii
import io
import os
import struct
import warnings
import zlib
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image

from catalyst.model.images.facts import pixel_limit

from .metadata import GPS_IFD, POSITION, Malformed, iptc, resources, tiff, u, within, xmp

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Location:
    """What a photo says of where it was taken."""

    gps: bool = False  # coordinates
    place: bool = False  # a place's name: city, country, …

    def __bool__(self) -> bool:
        return self.gps or self.place


class Unsupported(ValueError):
    """A location this module finds no way to remove without re-encoding the photo."""


def clean(data: bytes) -> tuple[bytes, Location]:
    """`data` without the place it was taken, and what there was; `data` itself if nothing."""
    found: set[str] = set()
    buf = bytearray(data)
    try:
        cleaned = _clean(buf, found)
    except (struct.error, IndexError, ValueError, zlib.error, binascii.Error):
        cleaned = buf  # what was done so far stands (each change is whole); Pillow checks the rest
        if buf.startswith(PNG_SIGNATURE):  # PNG's changes are in a copy: none was made
            found.clear()
    if not found:
        cleaned = data
    if _gps_left(bytes(cleaned)):
        raise Unsupported(
            "sa position GPS est dans une partie du fichier que l’outil ne sait pas modifier"
        )
    return bytes(cleaned), Location("gps" in found, "place" in found)


def location_of(path: str) -> Location:
    """The location a photo file gives (read again only when its size or time changes)."""
    stat = os.stat(path)
    return _location_of(path, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=4096)
def _location_of(path: str, _size: int, _mtime: int) -> Location:
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        return clean(data)[1]
    except Unsupported:
        return Location(gps=True)


def _clean(buf: bytearray, found: set[str]) -> bytearray:
    if buf.startswith(b"\xff\xd8"):
        _jpeg(buf, found)
        return buf
    if buf.startswith(PNG_SIGNATURE):
        return _png(buf, found)
    if buf.startswith(b"RIFF") and buf[8:12] == b"WEBP":
        _webp(buf, found)
    elif buf[:4] in (b"II*\x00", b"MM\x00*"):
        tiff(buf, 0, len(buf), found)
    elif buf[4:8] == b"ftyp":
        _heif(buf, found)
    xmp(buf, 0, len(buf), found)  # kept whole, uncompressed: TIFF, WebP, HEIF, GIF
    return buf


def _jpeg(buf: bytearray, found: set[str]) -> None:
    """JPEG: the metadata segments of the picture, and of an MPO's other pictures."""
    pictures, done = [0], set()
    while pictures:
        picture = pictures.pop()
        done.add(picture)
        for marker, start, end in _jpeg_segments(buf, picture):
            payload = bytes(buf[start : start + 29])
            if marker == 0xE1 and payload.startswith(b"Exif\x00\x00"):
                tiff(buf, start + 6, end, found)
            elif marker == 0xE1 and payload.startswith(b"http://ns.adobe.com/xap/1.0/\x00"):
                xmp(buf, start + 29, end, found)  # within its segment: never across another
            elif marker == 0xED and payload.startswith(b"Photoshop 3.0\x00"):
                resources(buf, start + 14, end, found)
            elif marker == 0xE2 and payload.startswith(b"MPF\x00") and picture == 0:
                pictures += [at for at in _mpo_pictures(buf, start + 4, end) if at not in done]


def _jpeg_segments(buf: bytearray, at: int):
    """(marker, start, end) of each segment before the picture's data, from its SOI at `at`."""
    if buf[at : at + 2] != b"\xff\xd8":
        raise Malformed("JPEG")
    at += 2
    while at + 4 <= len(buf) and buf[at] == 0xFF:
        marker = buf[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0xDA, 0xD9):  # the picture's data, or its end
            return
        end = within(at + 2 + struct.unpack_from(">H", buf, at + 2)[0], len(buf))
        yield marker, at + 4, end
        at = end


def _mpo_pictures(buf: bytearray, start: int, end: int) -> list[int]:
    """Where an MPO's other pictures start: its MP entries (a TIFF structure in APP2)."""
    endian = {b"II": "<", b"MM": ">"}.get(bytes(buf[start : start + 2]))
    if endian is None:
        raise Malformed("MPF")
    ifd = start + u(buf, endian + "I", start + 4, end)
    for i in range(u(buf, endian + "H", ifd, end)):
        tag, _kind, count, value = struct.unpack_from(endian + "HHII", buf, ifd + 2 + 12 * i)
        if tag == 0xB002:  # MPEntry: 16 bytes a picture, its offset from the TIFF header
            entries = within(start + value + count, end)
            return [
                start + u(buf, endian + "I", at + 8, end)
                for at in range(start + value, entries, 16)
                if u(buf, endian + "I", at + 8, end)
            ]
    return []


def _webp(buf: bytearray, found: set[str]) -> None:
    for kind, start, end in _riff_chunks(buf):
        if kind == b"EXIF":
            tiff(buf, start + 6 if buf[start : start + 6] == b"Exif\x00\x00" else start, end, found)


def _riff_chunks(buf: bytearray):
    at = 12
    while at + 8 <= len(buf):
        kind, size = bytes(buf[at : at + 4]), struct.unpack_from("<I", buf, at + 4)[0]
        if at + 8 + size > len(buf):
            raise Malformed("chunk")
        yield kind, at + 8, at + 8 + size
        at += 8 + size + (size & 1)


def _png(buf: bytearray, found: set[str]) -> bytearray:
    """PNG: EXIF (eXIf), XMP and ImageMagick's « Raw profile » text chunks; lengths may change
    (a compressed chunk, a dropped profile): PNG has no offsets, only each chunk's CRC."""
    out, at = bytearray(buf[:8]), 8
    while at + 12 <= len(buf):
        size, kind = struct.unpack_from(">I4s", buf, at)
        stop = within(at + 12 + size, len(buf))
        data = bytearray(buf[at + 8 : at + 8 + size])
        if kind == b"eXIf":
            tiff(data, 6 if data.startswith(b"Exif\x00\x00") else 0, len(data), found)
        elif kind in (b"tEXt", b"zTXt", b"iTXt"):
            data = _png_text(kind, data, found)
        if data is None:  # a profile with a location: dropped whole
            pass
        elif data == buf[at + 8 : at + 8 + size]:
            out += buf[at:stop]
        else:
            out += struct.pack(">I4s", len(data), kind) + data
            out += struct.pack(">I", zlib.crc32(kind + data))
        at = stop
        if kind == b"IEND":
            break
    return out + buf[at:]


def _png_text(kind: bytes, data: bytearray, found: set[str]) -> bytearray | None:
    keyword, _, rest = bytes(data).partition(b"\x00")
    if kind == b"iTXt" and keyword == b"XML:com.adobe.xmp":
        compressed, method = rest[0], rest[1]
        language, _, rest2 = rest[2:].partition(b"\x00")
        translated, _, text = rest2.partition(b"\x00")
        packet = bytearray(zlib.decompress(text) if compressed else text)
        seen: set[str] = set()
        xmp(packet, 0, len(packet), seen)
        if not seen:
            return data
        found |= seen
        text = zlib.compress(bytes(packet)) if compressed else bytes(packet)
        return bytearray(
            b"\x00".join([keyword, bytes([compressed, method]) + language, translated, text])
        )
    if not keyword.startswith(b"Raw profile type "):
        return data
    if kind == b"zTXt":
        rest = zlib.decompress(rest[1:])
    elif kind == b"iTXt":  # flag, method, language, translated keyword, text
        flag, text = rest[0], rest[2:].split(b"\x00", 2)[2]
        rest = zlib.decompress(text) if flag else text
    lines = rest.strip().split(b"\n", 2)  # ImageMagick's: name, length, then hexadecimal
    profile = (
        bytearray(binascii.unhexlify(b"".join(lines[2].split())))
        if len(lines) == 3
        else bytearray()
    )
    seen: set[str] = set()
    _clean(profile if profile[:4] != b"Exif" else profile[6:], seen)
    if profile.startswith(b"8BIM"):
        resources(profile, 0, len(profile), seen)
    elif profile[:1] == b"\x1c":
        iptc(profile, 0, len(profile), seen)
    found |= seen
    return None if seen else data


def _heif(buf: bytearray, found: set[str]) -> None:
    """HEIC and AVIF: each EXIF item, found through the `meta` box's item list and locations."""
    for start, end in _heif_exif_items(buf):
        tiff(buf, start + 4 + u(buf, ">I", start, end), end, found)


def _heif_exif_items(buf: bytearray) -> list[tuple[int, int]]:
    meta = next(((s, e) for kind, s, e in _boxes(buf, 0, len(buf)) if kind == b"meta"), None)
    if meta is None:
        return []
    boxes = {kind: (s, e) for kind, s, e in _boxes(buf, meta[0] + 4, meta[1])}
    exif_ids = set()
    if b"iinf" in boxes:
        start, end = boxes[b"iinf"]
        first = start + (6 if buf[start] == 0 else 8)
        for kind, s, _e in _boxes(buf, first, end):
            version = buf[s]
            if kind == b"infe" and version >= 2:
                item, at = (
                    (u(buf, ">H", s + 4, end), s + 6)
                    if version == 2
                    else (u(buf, ">I", s + 4, end), s + 8)
                )
                if buf[at + 2 : at + 6] == b"Exif":
                    exif_ids.add(item)
    if not exif_ids or b"iloc" not in boxes:
        return []
    return [extent for item, extent in _iloc(buf, *boxes[b"iloc"]) if item in exif_ids]


def _iloc(buf: bytearray, start: int, end: int):
    version, at = buf[start], start + 4
    offset_size, length_size = buf[at] >> 4, buf[at] & 15
    base_size, index_size = buf[at + 1] >> 4, (buf[at + 1] & 15) if version in (1, 2) else 0
    wide = version == 2
    count, at = _read(buf, at + 2, 4 if wide else 2, end)
    for _ in range(count):
        item, at = _read(buf, at, 4 if wide else 2, end)
        method = 0
        if version in (1, 2):
            method, at = _read(buf, at, 2, end)
            method &= 15
        _reference, at = _read(buf, at, 2, end)
        base, at = _read(buf, at, base_size, end)
        extents, at = _read(buf, at, 2, end)
        places = []
        for _ in range(extents):
            _index, at = _read(buf, at, index_size, end)
            offset, at = _read(buf, at, offset_size, end)
            length, at = _read(buf, at, length_size, end)
            places.append((base + offset, base + offset + (length or len(buf) - base - offset)))
        if method == 0 and len(places) == 1:
            yield item, places[0]


def _boxes(buf: bytearray, start: int, end: int):
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack_from(">I4s", buf, at)
        header = 8
        if size == 1:
            size, header = struct.unpack_from(">Q", buf, at + 8)[0], 16
        elif size == 0:
            size = end - at
        if size < header or at + size > end:
            raise Malformed("box")
        yield kind, at + header, at + size
        at += size


def _read(buf: bytearray, at: int, size: int, end: int) -> tuple[int, int]:
    if size == 0:
        return 0, at
    within(at + size, end)
    return int.from_bytes(buf[at : at + size], "big"), at + size


def _gps_left(data: bytes) -> bool:
    """Whether Pillow still reads coordinates (EXIF or XMP) in the header: the safety net."""
    try:
        with pixel_limit(None), warnings.catch_warnings(), Image.open(io.BytesIO(data)) as image:
            warnings.simplefilter("ignore")  # a damaged tag: Pillow's own remark, not ours
            raw = image.info.get("exif")
            exif = Image.Exif()
            if isinstance(raw, bytes | bytearray):
                exif.load(bytes(raw))
            elif image.format == "TIFF":  # read from the header; PNG's would decode the image
                exif = image.getexif()
            packet = image.info.get("xmp") or b""
    except Exception:  # whatever a damaged header makes Pillow raise: then it cannot tell
        return False
    leftover: set[str] = set()
    packet = bytearray(packet.encode() if isinstance(packet, str) else packet)
    xmp(packet, 0, len(packet), leftover)
    return bool(POSITION & set(exif.get_ifd(GPS_IFD))) or "gps" in leftover
