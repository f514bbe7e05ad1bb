"""Every file under content/ gets a role, or an error that says where it should be.

Pelican reads what its generators ask for and ignores the rest without a
word: a `.markdown` file, an article in `content/article/`, a Word document
dropped beside a text. Here every file is classified: content (article, page
or collection item, by folder), static asset (`STATIC_PATHS`), ignored (`IGNORE_FILES`),
or an error naming the closest valid folder or extension. Symbolic links
that lead outside the repository (under content/ or the theme) are refused:
they would publish files that nobody reviewed. Under content/, a link must
also stay inside content/ and never lead to a hidden name (`.git/config`
holds the CI's token, `.env` passwords); a hidden file or folder under
content/ itself is ignored (IGNORE_FILES: editors' and systems' own files),
listed as such by `invoke check --inventory`, never published.
"""

from __future__ import annotations

import difflib
import fnmatch
import os
from dataclasses import dataclass, field

from catalyst.model import ContentModel, ContentType
from catalyst.model.reader.source import Issue
from catalyst.model.typography.spacing import french_spacing

IMAGES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif"})
TEXTS = frozenset({".markdown", ".mdown", ".mkd", ".txt", ".text", ".md"})
DOCUMENTS = frozenset({".docx", ".doc", ".odt", ".rtf", ".pages", ".html", ".htm", ".rst"})


@dataclass
class Item:
    path: str  # absolute
    rel: str  # relative to content/, with "/"
    role: str  # "content", "static", "attached", "ignored", "loose" (not yet linked), "error"
    type: ContentType | None = None
    status: str = ""  # for content: published, draft, hidden, refused
    url: str = ""
    linked: bool = False  # a text links to it with {filename}, {static} or {attach}
    issues: list[Issue] = field(default_factory=list)


@dataclass(frozen=True)
class Layout:
    """Which folder of content/ holds which content type, from the model and the settings."""

    model: ContentModel
    static: tuple[str, ...]
    ignore: tuple[str, ...]

    def is_static(self, rel: str) -> bool:
        return any(_inside(rel, folder) for folder in self.static)

    def ignored(self, name: str) -> bool:
        """Pelican's rule: IGNORE_FILES patterns match the file name alone."""
        return any(fnmatch.fnmatch(name, pattern) for pattern in self.ignore)


def _inside(rel: str, folder: str) -> bool:
    folder = folder.strip("/")
    return not folder or rel == folder or rel.startswith(folder + "/")


def take_inventory(content: str, layout: Layout, *, root: str) -> dict[str, Item]:
    items: dict[str, Item] = {}
    for path, problem in walk(content, root=root, within=content):
        rel = os.path.relpath(path, content).replace(os.sep, "/")
        item = Item(path, rel, "error") if problem else classify(path, rel, layout)
        if problem:
            item.issues.append(problem)
        items[rel] = item
    return items


def walk(top: str, *, root: str, within: str | None = None):
    """Yield (file path, problem or None), refusing symlinks that leave `root`, or `within`
    (when given) or lead to a hidden name there."""
    root = os.path.realpath(root)
    within = os.path.realpath(within) if within else None
    seen = set()
    for dirpath, dirs, files in os.walk(top, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        for name in list(dirs):
            path = os.path.join(dirpath, name)
            problem = link_problem(path, root, within) or _loop(dirpath, name)
            if problem:
                dirs.remove(name)
                yield path, problem
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            yield path, link_problem(path, root, within)


def _loop(dirpath: str, name: str) -> Issue | None:
    """A link to a folder that contains it: Pelican would read the same files forever."""
    path = os.path.join(dirpath, name)
    if not os.path.islink(path):
        return None
    target, parent = os.path.realpath(path), os.path.realpath(dirpath)
    if os.path.commonpath([target, parent]) != target:
        return None
    return Issue(
        None,
        f"lien symbolique qui boucle sur un dossier qui le contient (« {os.readlink(path)} »)",
        "supprimez ce lien",
    )


def link_problem(path: str, root: str, within: str | None = None) -> Issue | None:
    if not os.path.islink(path):
        return None
    target, written = os.path.realpath(path), os.readlink(path)
    if not os.path.exists(target):
        return Issue(
            None,
            f"lien symbolique cassé (vers « {written} »)",
            "supprimez-le, ou remplacez-le par le fichier lui-même",
        )
    if within and _hidden(written, target, within):
        return Issue(
            None,
            french_spacing(
                f"lien symbolique vers un nom caché (« {written} ») : un nom qui commence par "
                "un point (.git, .env, .ssh…) garde la configuration, des mots de passe ou des "
                "jetons, et n’est jamais publié"
            ),
            french_spacing(
                "supprimez ce lien ; si le fichier doit être publié, copiez-le dans content/ "
                "sous un nom sans point"
            ),
        )
    if os.path.commonpath([root, target]) != root:
        return Issue(
            None,
            f"lien symbolique vers l’extérieur du dépôt (« {target} ») : il "
            "publierait un fichier que personne n’a relu",
            "remplacez le lien par une copie du fichier, ajoutée au dépôt",
        )
    if within and os.path.commonpath([within, target]) != within:
        return Issue(
            None,
            french_spacing(
                f"lien symbolique vers « {written} », hors de content/ : il publierait un fichier "
                "du dépôt que personne n’a relu pour le site"
            ),
            french_spacing("remplacez le lien par une copie du fichier, rangée dans content/"),
        )
    return None


def _hidden(written: str, target: str, within: str) -> bool:
    """The link's text or its real target (under `within`) passes through a hidden name."""
    parts = written.replace("\\", "/").split("/")
    if os.path.commonpath([within, target]) == within:
        parts += os.path.relpath(target, within).split(os.sep)
    return any(p.startswith(".") and p not in (".", "..") for p in parts)


def classify(path: str, rel: str, layout: Layout) -> Item:
    name = rel.rsplit("/", 1)[-1]
    stem, ext = os.path.splitext(name)
    if any(layout.ignored(part) for part in rel.split("/")):  # Pelican skips such folders too
        return Item(path, rel, "ignored")
    if layout.is_static(rel):
        item = Item(path, rel, "static")
        if ext.lower() in (".md", ".markdown"):
            item.role = "error"
            item.issues.append(_text_in_static(rel))
        return item
    ctype = layout.model.type_for(rel)
    if ctype is not None and ext == ".md":
        return Item(path, rel, "content", ctype)
    item = Item(path, rel, "error", ctype)
    if ctype is not None:
        item.issues.append(_wrong_extension(stem, ext, rel))
        if ext and ext.lower() not in TEXTS | DOCUMENTS:
            item.role = "loose"  # fine once a text links to it with {static} or {attach}
    else:
        item.issues.append(_wrong_folder(rel, ext, layout))
    return item


def _wrong_extension(stem: str, ext: str, rel: str) -> Issue:
    lowered = ext.lower()
    if lowered in TEXTS or not ext:
        return Issue(
            None,
            f"extension « {ext or '(aucune)'} » : seuls les fichiers « .md » sont publiés",
            f"renommez le fichier en « {stem}.md »",
        )
    if lowered in DOCUMENTS:
        return Issue(
            None,
            f"les fichiers « {ext} » ne sont pas publiés",
            f"copiez le texte en Markdown dans « {stem}.md » (voir les modèles de "
            "CONTRIBUTING.md), puis supprimez ce fichier",
        )
    where = "images" if lowered in IMAGES else "extra"
    return Issue(
        None,
        f"fichier « {ext} » qu’aucun texte ne cite",
        f"liez-le depuis le texte avec {{static}}{rel.rsplit('/', 1)[-1]}, ou rangez-le "
        f"dans content/{where}/",
    )


def _text_in_static(rel: str) -> Issue:
    return Issue(
        None,
        f"texte Markdown dans un dossier de fichiers ({rel.split('/', 1)[0]}/) : il serait "
        "copié tel quel, jamais publié comme une page",
        "déplacez-le dans content/articles/<année>/ (article) ou content/pages/ (page)",
    )


def _wrong_folder(rel: str, ext: str, layout: Layout) -> Issue:
    folders = layout.model.folders + list(layout.static)
    if "/" not in rel:
        return Issue(
            None,
            "fichier posé à la racine de content/, hors de tout dossier",
            "placez-le dans content/articles/<année>/ (article) ou content/pages/ (page)"
            if ext == ".md"
            else "placez-le dans content/images/ ou content/extra/",
        )
    top = rel.split("/", 1)[0]
    guess = difflib.get_close_matches(top.lower(), folders, n=1, cutoff=0.5)
    fix = (
        f"vouliez-vous dire « {guess[0]} » ? déplacez le fichier dans content/{guess[0]}/"
        if guess
        else f"dossiers possibles : {', '.join(folders)}"
    )
    return Issue(None, f"dossier inconnu « {top} » : ce fichier ne serait pas publié", fix)
