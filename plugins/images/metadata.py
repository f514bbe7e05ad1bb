"""Where a place is said inside a photo's metadata blocks, and how it is blanked there.

location.py finds the blocks in each file format; this module edits inside
them, each change the same length as what it replaces: a TIFF structure's GPS
IFD (EXIF is one) zeroed and unlinked, an IPTC place name or an XMP location
property turned into spaces. `found` collects what there was: "gps" for
coordinates, "place" for a place's name.
"""

from __future__ import annotations

import re
import struct

GPS_IFD = 0x8825
IPTC_TAG, PHOTOSHOP_TAG = 33723, 34377  # TIFF tags holding IPTC, raw or in Photoshop's resources
POSITION = frozenset({2, 4, 20, 22, 28})  # GPS IFD: latitude, longitude, destination's, area name
IPTC_PLACES = frozenset({26, 27, 90, 92, 95, 100, 101})  # record 2: location, city, …, country
TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
XMP_GPS = frozenset({b"GPSLatitude", b"GPSLongitude", b"GPSDestLatitude", b"GPSDestLongitude",
                     b"GPSAreaInformation"})  # fmt: skip
_NAME = (
    rb"[A-Za-z_][\w.-]*:(?:GPS\w+|City|State|Country|CountryCode|CountryName|ProvinceState"
    rb"|Sublocation|Location|LocationCreated|LocationShown|WorldRegion)\b"
)
_XMP_PROPERTY = re.compile(  # an attribute, an empty element, or an element and its content
    rb"\s(?P<attribute>" + _NAME + rb")\s*=\s*(?:\"[^\"]*\"|'[^']*')"
    rb"|<(?P<empty>" + _NAME + rb")(?:\s[^>]*)?/>"
    rb"|<(?P<element>" + _NAME + rb")(?:\s[^>]*)?(?<!/)>.*?</(?P=element)\s*>",
    re.S,
)
_RDF = re.compile(rb"<rdf:RDF\b.*?</rdf:RDF\s*>", re.S)
_VALUES = re.compile(rb"([\w.-]+:[\w.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


class Malformed(ValueError):
    pass


def tiff(buf: bytearray, start: int, end: int, found: set[str]) -> None:
    """The TIFF structure at buf[start:end] (a TIFF file, or EXIF): its GPS IFD zeroed and
    unlinked, IPTC place names blanked. Offsets are relative to `start`."""
    order = bytes(buf[start : start + 2])
    endian = {b"II": "<", b"MM": ">"}.get(order)
    if endian is None or end > len(buf) or u(buf, endian + "H", start + 2, end) != 42:
        raise Malformed("TIFF")

    def entries(ifd: int) -> list[tuple[int, int, int, int]]:
        count = u(buf, endian + "H", start + ifd, end)
        within(start + ifd + 2 + 12 * count + 4, end)
        return [
            (
                *struct.unpack_from(endian + "HHI", buf, start + ifd + 2 + 12 * i),
                start + ifd + 2 + 12 * i + 8,
            )
            for i in range(count)
        ]

    def data(kind: int, count: int, field: int) -> tuple[int, int]:
        size = TYPE_SIZES.get(kind, 1) * count
        at = field if size <= 4 else start + u(buf, endian + "I", field, end)
        return at, within(at + size, end)

    ifd, seen = u(buf, endian + "I", start + 4, end), set()
    while ifd and ifd not in seen and len(seen) < 64:
        seen.add(ifd)
        listed = entries(ifd)
        for tag, kind, count, field in listed:
            if tag == IPTC_TAG:
                iptc(buf, *data(kind, count, field), found)
            elif tag == PHOTOSHOP_TAG:
                resources(buf, *data(kind, count, field), found)
        for index, (tag, _kind, _count, field) in enumerate(listed):
            gps = u(buf, endian + "I", field, end) if tag == GPS_IFD else 0
            gps_entries = entries(gps) if gps else []
            if any(entry[0] in POSITION for entry in gps_entries):
                for _tag, kind, count, entry_field in gps_entries:
                    at, stop = data(kind, count, entry_field)
                    if at != entry_field:  # a value kept outside the IFD
                        buf[at:stop] = bytes(stop - at)
                buf[start + gps : start + gps + 6 + 12 * len(gps_entries)] = bytes(
                    6 + 12 * len(gps_entries)
                )
                _unlink(buf, endian, start + ifd, index, len(listed))
                found.add("gps")
                break
        ifd = u(buf, endian + "I", start + ifd + 2 + 12 * len(entries(ifd)), end)


def _unlink(buf: bytearray, endian: str, ifd: int, index: int, count: int) -> None:
    """Entry `index` taken out of the IFD at `ifd`: the next ones and the link to the next IFD
    move up, the freed 12 bytes are zeros."""
    first, last = ifd + 2 + 12 * index, ifd + 2 + 12 * count + 4
    buf[first : last - 12] = buf[first + 12 : last]
    buf[last - 12 : last] = bytes(12)
    struct.pack_into(endian + "H", buf, ifd, count - 1)


def resources(buf: bytearray, start: int, end: int, found: set[str]) -> None:
    """Photoshop's image resources: the IPTC record (resource 0x0404) of each."""
    at = start
    while at + 12 <= end and buf[at : at + 4] == b"8BIM":
        name = 1 + buf[at + 6]
        size_at = at + 6 + name + name % 2
        size = u(buf, ">I", size_at, end)
        begin = size_at + 4
        within(begin + size, end)
        if struct.unpack_from(">H", buf, at + 4)[0] == 0x0404:
            iptc(buf, begin, begin + size, found)
        at = begin + size + size % 2


def iptc(buf: bytearray, start: int, end: int, found: set[str]) -> None:
    """IPTC datasets: the values of record 2's place names turned into spaces."""
    at = start
    while at + 5 <= end and buf[at] == 0x1C:
        record, dataset, size = buf[at + 1], buf[at + 2], u(buf, ">H", at + 3, end)
        if size & 0x8000 or at + 5 + size > end:
            return  # an extended length (large binary data): no place name beyond
        value = slice(at + 5, at + 5 + size)
        if record == 2 and dataset in IPTC_PLACES and bytes(buf[value]).strip():
            buf[value] = b" " * size
            found.add("place")
        at += 5 + size


def xmp(buf: bytearray, start: int, end: int, found: set[str]) -> None:
    """Every XMP packet's location properties turned into spaces (still well-formed XML)."""
    for packet in _RDF.finditer(buf, start, end):
        spans, kinds = [], set()
        for match in _XMP_PROPERTY.finditer(buf, packet.start(), packet.end()):
            name = match["attribute"] or match["empty"] or match["element"]
            local = name.split(b":", 1)[1]
            if _said(match).strip() and (local in XMP_GPS or not local.startswith(b"GPS")):
                kinds.add("gps" if local.startswith(b"GPS") else "place")
            spans.append(match.span())
        if kinds:  # a packet with only, say, GPSAltitude says nothing of where: left alone
            for begin, stop in spans:
                buf[begin:stop] = b" " * (stop - begin)
            found |= kinds


def _said(match: re.Match) -> bytes:
    """What a property holds: its value, or its elements' text and attribute values."""
    if match["attribute"]:
        return match[0].split(b"=", 1)[1].strip()[1:-1]
    values = [a or b for name, a, b in _VALUES.findall(match[0]) if not name.startswith(b"rdf:")]
    return b" ".join([re.sub(rb"<[^>]*>", b"", match[0]), *values])


def u(buf: bytearray, fmt: str, at: int, end: int) -> int:
    within(at + struct.calcsize(fmt), end)
    return struct.unpack_from(fmt, buf, at)[0]


def within(at: int, end: int) -> int:
    if at > end:
        raise Malformed("offset")
    return at
