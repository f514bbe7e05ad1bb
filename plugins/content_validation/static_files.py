"""Each file of content/images/, content/extra/ or beside a text: published as it is, or refused.

A file is published only if static_types.py allows its type in its folder and
its first bytes are that type (an HTML page renamed `.jpg` is refused); a
drawing must also pass svg.py, a document be what its name says and hold no
macros. Everything else is refused, one French message per file that says
what to do instead. One cached verdict, used twice: by the inventory, which
reports (checks.py), and where Pelican has listed what it will copy
(`static_generator_finalized`), which drops what is refused even if no report
stops the build.
"""

from __future__ import annotations

import os
import re
import zipfile
from functools import lru_cache

from catalyst.model.problems import report, shown_path
from catalyst.model.reader.source import Issue
from catalyst.model.settings_spec import value
from catalyst.model.typography.spacing import french_spacing

from .inventory import Item
from .options import SETTINGS
from .static_types import FORMATS, HTML, REFUSED, TEXTS, folder_of, read_policy, where_of
from .svg import check_svg

SIGNATURES = (  # a signature of letters only counts in a binary file
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE"),
    (b"MZ", "PROGRAM"),
    (b"\x7fELF", "PROGRAM"),
    (b"\xca\xfe\xba\xbe", "PROGRAM"),
    (b"\xcf\xfa\xed\xfe", "PROGRAM"),
    (b"#!", "PROGRAM"),
    (b"\x00asm", "PROGRAM"),
    (b"FWS", "FLASH"),
    (b"CWS", "FLASH"),
    (b"ZWS", "FLASH"),
)
# What browsers take for HTML (the WHATWG sniffing rules), after spaces, comments and a BOM.
HTML_START = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|iframe|h1|div|font|table|a|style|title|b|br|p"
    rb"|!--)[\s>]",
    re.IGNORECASE,
)
BINARY = re.compile(rb"[\x00-\x08\x0e-\x1f]")  # control characters no text holds
COMMENTS = re.compile(rb"\s*<!--.*?-->", re.DOTALL)  # a drawing program's signature, first
AVIF, HEIF = (
    {b"avif", b"avis"},
    {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"},
)
OFFICE = {  # extension: the ODF mimetype, or the OOXML folder of its main part
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/",
}  # fmt: skip
GOOGLE = re.compile(r"google[0-9a-z]+\.html")


def check_static_files(items: dict[str, Item], settings: dict, *, prefix: str) -> None:
    """Refuse each static or attached file (after the links marked them) this policy refuses."""
    policy, static = read_policy(settings), settings.get("STATIC_PATHS", ())
    for item in items.values():
        if item.role not in ("static", "attached"):
            continue
        folder = folder_of(item.rel, static)
        issue = static_refusal(
            item.path, item.rel, folder, where_of(item.rel, folder, prefix), policy
        )
        if issue:
            item.role = "error"
            item.issues.append(issue)


def static_refusal(path: str, rel: str, folder: str, where: str, policy) -> Issue | None:
    """Why the file at `path` cannot be published from `folder`, or None."""
    try:
        stat = os.stat(path)
    except OSError:
        return None  # a broken link: the inventory says so
    return _refusal(path, rel, folder, where, policy, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=4096)
def _refusal(path, rel, folder, where, policy, _size, _mtime) -> Issue | None:
    name = rel.rpartition("/")[2]
    stem, ext = os.path.splitext(name)
    ext = ext.lower()
    kind = policy.type_of(ext)
    if kind is None or folder not in kind.folders:
        return _not_here(name, ext, kind, folder, where, policy)
    try:
        with open(path, "rb") as handle:
            data = handle.read() if kind.name == "svg" else handle.read(4096)
    except OSError as error:
        return _issue(
            f"fichier illisible ({error.strerror})",
            "vérifiez qu’il s’ouvre sur votre ordinateur, puis remplacez-le",
        )
    if kind.name == "google" and not _google(data, name):
        return _issue(*HTML, where=where)
    found = identify(data[:4096])
    if found not in kind.formats:
        return _not_what_it_says(name, stem, found, folder, where, policy)
    if kind.name == "svg":
        refusal = check_svg(data)
        return refusal and Issue(
            refusal.line, french_spacing(refusal.message), french_spacing(refusal.fix)
        )
    if kind.name == "office":
        return _office(path, ext)
    return None


def _not_here(name, ext, kind, folder, where, policy) -> Issue:
    if ext in REFUSED and (kind is None or kind.name == "google"):
        return _issue(*REFUSED[ext], where=where)
    if kind is not None and kind.folders:
        there = " ou ".join(
            "à côté du texte qui le cite" if f == TEXTS else f"dans content/{f}/"
            for f in kind.folders
        )
        return _issue(
            f"{kind.label} ne se publie pas depuis {where}",
            f"rangez ce fichier {there} (et corrigez les liens qui y mènent)",
        )
    allowed = policy.extensions_in(folder)
    what = f"type de fichier « {ext} »" if ext else "fichier sans extension"
    return _issue(
        f"{what} : il n’est pas publié depuis {where}",
        f"extensions publiées ici : {', '.join(allowed)}"
        if allowed
        else "aucun fichier n’est publié depuis ce dossier : retirez-le",
    )


def _not_what_it_says(name, stem, found, folder, where, policy) -> Issue:
    what, usual = FORMATS[found]
    message = f"« {name} » n’est pas ce que dit son extension : c’est {what}"
    if usual in policy.extensions_in(folder) and found != "TEXT":
        return _issue(message, f"renommez-le « {stem}{usual} » (et les liens qui y mènent)")
    if usual in REFUSED:
        return _issue(message, REFUSED[usual][1])
    return _issue(message, "remplacez-le par un vrai fichier de ce type, ou retirez-le")


def identify(head: bytes) -> str | None:
    """What the first bytes of a file say it is (a format of FORMATS), or None."""
    binary = BINARY.search(head) is not None
    for signature, found in SIGNATURES:
        if head.startswith(signature) and (binary or not signature.isalpha()):
            return found
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:8] == b"ftyp":
        size = int.from_bytes(head[:4], "big")
        brands = {head[8:12]} | {head[i : i + 4] for i in range(16, min(size, len(head)), 4)}
        return "AVIF" if brands & AVIF else "HEIF" if brands & HEIF else None
    if binary:
        return None
    text = COMMENTS.sub(b"", head.removeprefix(b"\xef\xbb\xbf")).lstrip()
    if text.startswith(b"<?xml"):
        return "SVG" if b"<svg" in head.lower() else "XML"
    if text[:4].lower() == b"<svg" or text[:13].lower() == b"<!doctype svg":
        return "SVG"
    if HTML_START.match(text[:64] + b" "):
        return "HTML"
    return "XML" if text[:9].lower() == b"<!doctype" else "TEXT"


def _office(path: str, ext: str) -> Issue | None:
    wanted = OFFICE[ext]
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if wanted.endswith("/"):
                right = "[Content_Types].xml" in names and any(n.startswith(wanted) for n in names)
            else:
                right = (
                    "mimetype" in names
                    and archive.read("mimetype")[:100].decode("ascii", "replace").strip() == wanted
                )
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
        right, names = False, []
    if not right:
        return _issue(
            f"document abîmé, ou qui n’est pas un « {ext} »",
            "ouvrez-le dans son logiciel et réenregistrez-le (ou en PDF)",
        )
    macros = [
        n
        for n in names
        if n.lower().endswith("vbaproject.bin")
        or n.startswith("Scripts/")
        or re.match(r"Basic/[^/]+/(?!script-lb|dialog-lb)", n)
    ]
    if macros:
        return _issue(
            "document à macros : un programme y est caché, il n’est pas publié",
            "enregistrez-le en PDF, ou sans macros",
        )
    return None


def _google(head: bytes, name: str) -> bool:
    """Google's site verification file: its name, and the one line that repeats it."""
    return (
        bool(GOOGLE.fullmatch(name))
        and head.strip() == f"google-site-verification: {name}".encode()
    )


def _issue(message: str, fix: str, *, where: str = "") -> Issue:
    return Issue(None, french_spacing(message.format(where=where)), french_spacing(fix))


def withhold(generator) -> None:
    """`static_generator_finalized`: what is refused is never copied, whatever else runs."""
    settings = generator.settings
    policy, static = read_policy(settings), settings.get("STATIC_PATHS", ())
    content = os.path.realpath(generator.path)
    prefix = shown_path(generator.path, settings) + "/"
    kept = []
    for item in generator.staticfiles:
        rel = item.relative_source_path.replace(os.sep, "/")
        folder = folder_of(rel, static)
        refused = _leaves(item.source_path, content) or static_refusal(
            item.source_path, rel, folder, where_of(rel, folder, prefix), policy
        )
        if not refused:
            kept.append(item)
        elif not value(
            settings, SETTINGS, "CONTENT_VALIDATION_ENABLED"
        ):  # else the inventory says it
            report(
                generator.context,
                item.source_path,
                refused.message,
                fix=refused.fix,
                line=refused.line,
            )
    generator.staticfiles = generator.context["staticfiles"] = kept
    static_content, known = generator.context.get("static_content", {}), set(map(id, kept))
    for rel in [r for r, s in static_content.items() if s is not None and id(s) not in known]:
        del static_content[rel]


def _leaves(path: str, content: str) -> Issue | None:
    """Its real place is outside content/, or under a hidden name there (through a link)."""
    real = os.path.realpath(path)
    inside = os.path.commonpath([real, content]) == content
    if inside and not any(p.startswith(".") for p in os.path.relpath(real, content).split(os.sep)):
        return None
    return _issue(
        "fichier atteint par un lien symbolique qui sort de content/ ou mène à un nom caché",
        "remplacez le lien par une copie du fichier, rangée dans content/",
    )
