"""What a source image is, read from its header: format, displayed size, or why it is refused.

The reader needs an image's width and height to write its `<picture>` (the
browser reserves the space: no layout shift), and a volunteer needs to hear
at the line that cites it that a photo is too heavy, too large, animated, not
what its name says, or not an image at all. Opening an image reads its header
only, so this is cheap; decoding happens once, in the encoding step
(variants.py). HEIC and HEIF, the format of iPhones, are read through
pillow-heif.

Decompression bombs: a 168 KB PNG can say it is 30,000 × 30,000 pixels, which
decode to 900 MB. The size is compared with `IMAGES_MAX_PIXELS` here, from the
header, before anything is decoded (Pillow's own check is off while the header
is read, so that the refusal can give the dimensions); the encoding step runs
under `pixel_limit(IMAGES_MAX_PIXELS)`, where Pillow's `DecompressionBombWarning`
is an error, in case a file changed in between.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from PIL import Image, UnidentifiedImageError
from pillow_heif import register_heif_opener

from .options import PROCESSED, ImageOptions

register_heif_opener()

FORMATS = {  # extension: the formats Pillow may find behind it
    ".jpg": ("JPEG", "MPO"), ".jpeg": ("JPEG", "MPO"), ".jfif": ("JPEG", "MPO"),
    ".jpe": ("JPEG", "MPO"), ".png": ("PNG",), ".webp": ("WEBP",), ".avif": ("AVIF",),
    ".heic": ("HEIF",), ".heif": ("HEIF",), ".tif": ("TIFF",), ".tiff": ("TIFF",),
    ".gif": ("GIF",), ".bmp": ("BMP",),
}  # fmt: skip
ANIMATED = frozenset({"GIF", "PNG", "WEBP", "AVIF"})  # an animation would lose all but one frame
NBSP, NNBSP = "\u00a0", "\u202f"  # before « : » ; before ; ! ? and inside « »
EXTENSION = {"JPEG": ".jpg", "MPO": ".jpg", "PNG": ".png", "WEBP": ".webp", "AVIF": ".avif",
             "HEIF": ".heic", "GIF": ".gif", "TIFF": ".tif", "BMP": ".bmp"}  # fmt: skip
SIGNATURES = (  # what a file that is not an image usually is
    (b"%PDF", "un document PDF"), (b"PK\x03\x04", "une archive ZIP ou un document Office"),
    (b"<!DOCTYPE", "une page web"), (b"<html", "une page web"), (b"<svg", "un dessin SVG"),
    (b"<?xml", "un fichier XML"), (b"\xd0\xcf\x11\xe0", "un document Office"),
)  # fmt: skip
CONVERT = (
    "ouvrez-la dans un logiciel de photos et exportez-la en JPEG (« Exporter » ou « Enregistrer "
    "sous »), puis remplacez le fichier"
)
ORIENTATION = 0x0112  # EXIF: 5 to 8 turn the picture a quarter


@dataclass(frozen=True)
class ImageFacts:
    rel: str  # path under content/
    width: int = 0  # as displayed, orientation applied
    height: int = 0
    format: str = ""  # Pillow's name: JPEG, PNG, WEBP, AVIF, HEIF
    bytes: int = 0
    problem: tuple[str, str] | None = None  # (message, fix), in French

    @property
    def usable(self) -> bool:
        return self.problem is None


def is_processed(rel: str) -> bool:
    return os.path.splitext(rel)[1].lower() in PROCESSED


def inspect(root: str, rel: str, options: ImageOptions) -> ImageFacts | None:
    """The facts of `content/<rel>`, or None if there is no such file."""
    path = os.path.join(root, rel)
    try:
        stat = os.stat(path)
    except OSError:
        return None
    if not os.path.isfile(path):
        return None
    return _inspect(
        path, rel, stat.st_size, stat.st_mtime_ns, options.max_bytes, options.max_pixels
    )


@lru_cache(maxsize=4096)
def _inspect(
    path: str, rel: str, size: int, _mtime: int, max_bytes: int, max_pixels: int
) -> ImageFacts:
    name = rel.rsplit("/", 1)[-1]
    if size > max_bytes:
        return ImageFacts(
            rel,
            bytes=size,
            problem=(
                f"image trop lourde ({_mb(size)} ; au plus {_mb(max_bytes)})",
                "réduisez-la avant de l’ajouter : exportez-la en JPEG d’environ 3 000 pixels de "
                "large, ou envoyez-la par courriel en « taille moyenne »",
            ),
        )
    try:
        with pixel_limit(None), Image.open(path) as image:  # the header only: nothing decoded
            found, (width, height) = image.format, image.size
            if width * height > max_pixels:
                return ImageFacts(rel, bytes=size, problem=too_big(name, image.size, max_pixels))
            turned = orientation(image) in (5, 6, 7, 8)
            animated = found in ANIMATED and getattr(image, "is_animated", False)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        return ImageFacts(rel, bytes=size, problem=_not_an_image(path, name))
    if animated:
        return ImageFacts(
            rel,
            bytes=size,
            problem=(
                f"«{NNBSP}{name}{NNBSP}» est une image animée{NBSP}: le site ne publie que des "
                "images fixes",
                "exportez-en une seule image, en JPEG ou en PNG, et remplacez le fichier",
            ),
        )
    ext = os.path.splitext(name)[1].lower()
    if found not in FORMATS.get(ext, ()):
        right = os.path.splitext(name)[0] + EXTENSION.get(found or "", "." + str(found).lower())
        return ImageFacts(
            rel,
            bytes=size,
            problem=(
                f"« {name} » est en réalité une image {found}, pas ce que dit son extension",
                f"renommez le fichier « {right} » (et le lien avec lui)"
                if found in EXTENSION and EXTENSION[found] in FORMATS
                else CONVERT,
            ),
        )
    if turned:
        width, height = height, width
    return ImageFacts(rel, width, height, found, size)


def _not_an_image(path: str, name: str) -> tuple[str, str]:
    try:
        with open(path, "rb") as handle:
            start = handle.read(512).lstrip()
    except OSError:
        start = b""
    what = next((w for sig, w in SIGNATURES if start[: len(sig)].lower() == sig.lower()), None)
    if what:
        return (f"« {name} » n’est pas une image : c’est {what}", CONVERT)
    return (f"« {name} » n’est pas une image lisible (fichier abîmé ou format inconnu)", CONVERT)


def orientation(image: Image.Image) -> int:
    """The EXIF orientation (1: upright), read without decoding: a PNG's EXIF is trusted only
    before its pixels (Pillow would decode the whole image to look for one after them)."""
    if image.format == "PNG" and "exif" not in image.info:
        return 1
    return image.getexif().get(ORIENTATION) or 1


@contextmanager
def pixel_limit(limit: int | None) -> Iterator[None]:
    """Pillow's decompression-bomb check at `limit` pixels, its warning an error (`None`: no
    check, for reading a header and comparing its size ourselves)."""
    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = limit
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    finally:
        Image.MAX_IMAGE_PIXELS = previous


def too_big(name: str, size: tuple[int, int], max_pixels: int) -> tuple[str, str]:
    width, height = (_number(n) for n in size)
    return (
        f"«{NNBSP}{name}{NNBSP}» est trop grande ({width} × {height} pixels, soit "
        f"{_millions(size[0] * size[1])}){NBSP}: au plus {_millions(max_pixels)}",
        f"réduisez-la à environ 3{NNBSP}000 pixels de large («{NNBSP}Redimensionner{NNBSP}» ou "
        f"«{NNBSP}Exporter{NNBSP}» dans un logiciel de photos), puis remplacez le fichier",
    )


class Located(Protocol):
    """What a photo says of where it was taken (plugins.images.location's `Location`)."""

    @property
    def gps(self) -> bool: ...


def located(location: Located, *, preview: bool) -> tuple[str, str]:
    """What to say of a photo that tells where it was taken (a `location.Location`)."""
    what = "la position GPS de l’endroit" if location.gps else "le nom du lieu (ville, pays…)"
    said = f"cette photo contient {what} où elle a été prise"
    if preview:
        said += " (l’aperçu l’accepte, la publication la refusera)"
    return said, (
        f"retirez-la avant de l’envoyer{NBSP}: sur téléphone, partagez la photo avec l’option "
        f"qui retire la position (iPhone{NBSP}: «{NNBSP}Options{NNBSP}», puis désactivez "
        f"«{NNBSP}Position{NNBSP}»{NNBSP}; Android{NBSP}: selon le téléphone, «{NNBSP}Supprimer "
        f"les données de localisation{NNBSP}») et envoyez la copie{NNBSP}; sur ordinateur, "
        f"avec le logiciel libre ExifCleaner, ou depuis le dépôt{NBSP}: python -m "
        "catalyst.tools.strip_location <fichier>"
    )


def _number(value: int) -> str:
    return f"{value:,}".replace(",", NNBSP)


def _millions(pixels: int) -> str:
    return (
        f"{pixels / 1_000_000:.0f} millions de pixels"
        if pixels >= 2_000_000
        else f"{_number(pixels)} pixels"
    )


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} Mo".replace(".", ",")
