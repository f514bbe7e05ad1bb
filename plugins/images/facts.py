"""What a source image is, read from its header: format, displayed size, or why it is refused.

The reader needs an image's width and height to write its `<picture>` (the
browser reserves the space: no layout shift), and a volunteer needs to hear
at the line that cites it that a photo is too heavy, is not what its name
says, or is not an image at all. Opening an image reads its header only, so
this is cheap; decoding happens once, in the encoding step (variants.py).
HEIC and HEIF, the format of iPhones, are read through pillow-heif.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, UnidentifiedImageError
from pillow_heif import register_heif_opener

from .options import PROCESSED, ImageOptions

register_heif_opener()

FORMATS = {  # extension: the formats Pillow may find behind it
    ".jpg": ("JPEG", "MPO"), ".jpeg": ("JPEG", "MPO"), ".png": ("PNG",), ".webp": ("WEBP",),
    ".avif": ("AVIF",), ".heic": ("HEIF",), ".heif": ("HEIF",),
}  # fmt: skip
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
    return _inspect(path, rel, stat.st_size, stat.st_mtime_ns, options.max_bytes,
                    options.max_pixels)  # fmt: skip


@lru_cache(maxsize=4096)
def _inspect(path: str, rel: str, size: int, _mtime: int, max_bytes: int, max_pixels: int):
    name = rel.rsplit("/", 1)[-1]
    if size > max_bytes:
        return ImageFacts(rel, bytes=size, problem=(
            f"image trop lourde ({_mb(size)} ; au plus {_mb(max_bytes)})",
            "réduisez-la avant de l’ajouter : exportez-la en JPEG d’environ 3 000 pixels de "
            "large, ou envoyez-la par courriel en « taille moyenne »",
        ))  # fmt: skip
    try:
        with Image.open(path) as image:
            found, (width, height) = image.format, image.size
            turned = image.getexif().get(ORIENTATION) in (5, 6, 7, 8)
    except Image.DecompressionBombError:
        return ImageFacts(rel, bytes=size, problem=_too_big(None, max_pixels))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return ImageFacts(rel, bytes=size, problem=_not_an_image(path, name))
    if width * height > max_pixels:
        return ImageFacts(rel, bytes=size, problem=_too_big((width, height), max_pixels))
    ext = os.path.splitext(name)[1].lower()
    if found not in FORMATS.get(ext, ()):
        right = os.path.splitext(name)[0] + EXTENSION.get(found, "." + str(found).lower())
        return ImageFacts(rel, bytes=size, problem=(
            f"« {name} » est en réalité une image {found}, pas ce que dit son extension",
            f"renommez le fichier « {right} » (et le lien avec lui)"
            if found in EXTENSION and EXTENSION[found] in FORMATS else CONVERT,
        ))  # fmt: skip
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


def _too_big(size: tuple[int, int] | None, max_pixels: int) -> tuple[str, str]:
    shown = f" ({size[0]} × {size[1]} pixels)" if size else ""
    return (
        f"image trop grande{shown} : au plus {max_pixels // 1_000_000} millions de pixels",
        "réduisez-la à environ 3 000 pixels de large avant de l’ajouter",
    )


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} Mo".replace(".", ",")
