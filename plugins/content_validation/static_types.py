"""What each folder of content/ may publish as it is: the one table that says it.

Pelican copies every file of `STATIC_PATHS` (content/images/, content/extra/),
and every file a text links to, byte for byte to the site. STATIC_TYPES says
which types may be published from which folder and how each reaches the site;
static_files.py checks each file against it (its bytes must be its type), and
refuses anything else with the French words of REFUSED.

A file's folder is the `STATIC_PATHS` entry it is under, or TEXTS: beside the
text that links to it with `{static}` or `{attach}`. The photo extensions are
the photos' own (`PROCESSED`, catalyst.model.images.options): what plugins.images
re-encodes without metadata.
`CONTENT_VALIDATION_STATIC_TYPES` changes the folders of a type
(`{"pdf": ["extra", "images", "texts"]}`; `[]` refuses it everywhere).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from catalyst.model.errors import SettingsError
from catalyst.model.images.options import PROCESSED
from catalyst.model.settings_spec import value

from .options import SETTINGS

TEXTS = "texts"  # beside a text that links to the file


@dataclass(frozen=True)
class StaticType:
    name: str
    label: str  # French, with its article
    extensions: tuple[str, ...]
    formats: frozenset[str]  # what its bytes may be (static_files.identify)
    folders: tuple[str, ...]
    published: str  # how it reaches the site (docs/developers/plugins.md)


RASTER = frozenset({"JPEG", "PNG", "GIF", "WEBP", "AVIF", "HEIF", "TIFF", "BMP"})
STATIC_TYPES = (  # which photo format is which is plugins.images' to say, at the citing line
    StaticType("photo", "une photo", tuple(sorted(PROCESSED)), RASTER, ("images", "extra", TEXTS),
               "re-encoded without metadata by plugins.images when a text cites it, else not "
               "published"),
    StaticType("svg", "un dessin SVG", (".svg",), frozenset({"SVG", "XML"}),
               ("images", "extra", TEXTS), "copied once svg.py finds nothing that runs or loads"),
    StaticType("pdf", "un document PDF", (".pdf",), frozenset({"PDF"}), ("extra", TEXTS),
               "copied"),
    StaticType("office", "un document bureautique",
               (".odt", ".ods", ".odp", ".docx", ".xlsx", ".pptx"), frozenset({"ZIP"}),
               ("extra", TEXTS), "copied if it is what its name says and holds no macros"),
    StaticType("text", "un texte ou un tableau", (".txt", ".csv"), frozenset({"TEXT"}),
               ("extra", TEXTS), "copied"),
    StaticType("google", "un fichier de vérification Google", (".html",), frozenset({"TEXT"}),
               ("extra",), "copied: only `google….html` holding its one line"),
)  # fmt: skip
SETTING = "CONTENT_VALIDATION_STATIC_TYPES"

HTML = (
    "une page HTML ne peut pas être publiée telle quelle depuis {where}",
    "écrivez-la en Markdown dans content/pages/",
)
PROGRAM = (
    "un programme ne peut pas être publié depuis {where}",
    "retirez-le : le site ne publie que des images et des documents",
)
MEDIA = (
    "les vidéos et les sons ne sont pas publiés depuis le dépôt (trop lourds)",
    "déposez-la sur une plateforme vidéo, puis intégrez-la avec !vidéo[Titre](adresse)",
)
REFUSED = {  # extension no type takes: what a volunteer reads, beyond « not published here »
    **dict.fromkeys((".html", ".htm", ".xhtml", ".xht", ".shtml"), HTML),
    **dict.fromkeys((".js", ".mjs", ".cjs"), (
        "un script JavaScript ne peut pas être publié depuis {where}",
        "retirez-le : une carte, une vidéo ou un formulaire se montrent par un lien")),
    ".css": ("une feuille de style ne peut pas être publiée depuis {where}",
             "la mise en forme du site est dans theme/ : proposez-y le changement"),
    **dict.fromkeys((".xml", ".xsl", ".xslt", ".rss", ".atom"), (
        "un fichier XML ne peut pas être publié depuis {where}",
        "les flux et le plan du site sont produits par le site : retirez ce fichier")),
    **dict.fromkeys((".swf", ".exe", ".msi", ".dll", ".bat", ".cmd", ".com", ".scr", ".sh",
                     ".ps1", ".vbs", ".jar", ".apk", ".dmg", ".php", ".py", ".pl", ".cgi",
                     ".wasm"), PROGRAM),
    **dict.fromkeys((".zip", ".7z", ".rar", ".tar", ".gz", ".tgz", ".bz2", ".xz"), (
        "une archive ne peut pas être publiée : personne ne peut relire ce qu’elle contient",
        "publiez les fichiers eux-mêmes (PDF, images) dans content/extra/")),
    **dict.fromkeys((".doc", ".xls", ".ppt", ".rtf", ".docm", ".xlsm", ".pptm"), (
        "ancien format Office ou document à macros : il n’est pas publié",
        "enregistrez-le en PDF (ou en .odt, .docx, .xlsx sans macros)")),
    **dict.fromkeys((".tif", ".tiff", ".bmp"), (
        "les navigateurs n’affichent pas ce format d’image",
        "exportez-la en JPEG ou en PNG, puis remplacez le fichier")),
    **dict.fromkeys((".jfif", ".jpe"), (
        "photo JPEG sous une extension que le site ne traite pas",
        "renommez-la en « .jpg » (et les liens qui y mènent)")),
    **dict.fromkeys((".mp4", ".mov", ".avi", ".mkv", ".webm", ".m4v", ".mp3", ".wav", ".ogg",
                     ".m4a", ".flac"), MEDIA),
    ".ico": ("icône : celle du site est dans theme/static/", "retirez ce fichier"),
}  # fmt: skip
FORMATS = {  # what identify() finds: (French, the usual extension)
    "JPEG": ("une photo JPEG", ".jpg"), "PNG": ("une image PNG", ".png"),
    "GIF": ("une image GIF", ".gif"), "WEBP": ("une image WebP", ".webp"),
    "TIFF": ("une image TIFF", ".tif"), "BMP": ("une image BMP", ".bmp"),
    "AVIF": ("une image AVIF", ".avif"), "HEIF": ("une photo HEIF", ".heic"),
    "PDF": ("un document PDF", ".pdf"), "SVG": ("un dessin SVG", ".svg"),
    "HTML": ("une page web (HTML)", ".html"), "XML": ("un fichier XML", ".xml"),
    "ZIP": ("une archive ZIP ou un document bureautique", ".zip"),
    "OLE": ("un ancien document Office", ".doc"), "PROGRAM": ("un programme", ".exe"),
    "FLASH": ("une animation Flash", ".swf"), "TEXT": ("du texte", ".txt"),
    None: ("un fichier d’un format inconnu", ""),
}  # fmt: skip


@dataclass(frozen=True)
class StaticPolicy:
    types: tuple[StaticType, ...]

    def type_of(self, ext: str) -> StaticType | None:
        return next((t for t in self.types if ext in t.extensions), None)

    def extensions_in(self, folder: str) -> list[str]:
        return [e for t in self.types if folder in t.folders for e in t.extensions]


def read_policy(settings: dict) -> StaticPolicy:
    """The table, with the folders `CONTENT_VALIDATION_STATIC_TYPES` gives some types."""
    override = value(settings, SETTINGS, SETTING, empty_is_default=True)
    names = [t.name for t in STATIC_TYPES]
    if not isinstance(override, dict) or set(override) - set(names):
        raise SettingsError(
            f"content_validation: {SETTING} should map some of {names} to "
            f"lists of folders, received {override!r}"
        )
    types = []
    for kind in STATIC_TYPES:
        folders = override.get(kind.name, kind.folders)
        if not isinstance(folders, list | tuple) or not all(isinstance(f, str) for f in folders):
            raise SettingsError(
                f"content_validation: {SETTING}[{kind.name!r}] should be a "
                f"list of folders, received {folders!r}"
            )
        types.append(replace(kind, folders=tuple(f.strip("/") for f in folders)))
    return StaticPolicy(tuple(types))


def folder_of(rel: str, static_paths) -> str:
    """The `STATIC_PATHS` entry a file is under (the deepest), or TEXTS."""
    found = [f.strip("/") for f in static_paths if rel.startswith(f.strip("/") + "/")]
    return max(found, key=len) if found else TEXTS


def where_of(rel: str, folder: str, prefix: str) -> str:
    shown = folder if folder != TEXTS else rel.rpartition("/")[0]
    return f"{prefix}{shown}/" if shown else prefix
