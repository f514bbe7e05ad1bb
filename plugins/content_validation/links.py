"""Every `{filename}`, `{static}` and `{attach}` link must reach a file that is published.

Pelican only warns about a link whose target is missing, and publishes a link
to a draft that production never writes. Checked once every file is read,
from the reader's results and the inventory: the target exists, has the right kind for the link, and
is published whenever the text linking to it is. A file beside a text that a
`{static}` or `{attach}` link names is published with it ("attached").
"""

from __future__ import annotations

import difflib

from catalyst.model.reader.body import Link
from catalyst.model.reader.source import Issue

from .inventory import Item


def check_links(items: dict[str, Item], files: dict) -> None:
    """Add link problems to the items, and mark linked files as attached."""
    for rel, result in files.items():
        item = items.get(rel)
        if item is None:
            continue
        for link in result.links:
            issue = _check(link, item, items)
            if issue:
                item.issues.append(issue)


def _check(link: Link, item: Item, items: dict[str, Item]) -> Issue | None:
    target = items.get(link.target) if link.target else None
    if target is None or target.role == "ignored":
        return _missing(link, items)
    target.linked = True
    if link.what == "filename" and target.role != "content":
        _attach(target)
        fixed = link.written.replace("filename", "static", 1)
        return Issue(
            link.line,
            f"« {link.written} » désigne un fichier, pas un texte",
            f"écrivez « {fixed} »",
        )
    if link.what != "filename" and target.role == "content":
        fixed = link.written.replace(link.written[1 : 1 + len(link.what)], "filename", 1)
        return Issue(
            link.line,
            f"« {link.written} » désigne un texte, pas un fichier",
            f"écrivez « {fixed} »",
        )
    _attach(target)
    if target.status == "draft" and item.status != "draft":
        return Issue(
            link.line,
            f"lien vers un brouillon (« {link.written} ») : il ne mène "
            "nulle part sur le site publié",
            "publiez ce texte (retirez « Status: draft ») ou retirez le lien",
            "avertissement",
        )
    return None


def _attach(target: Item) -> None:
    if target.role == "loose":
        target.role = "attached"
        target.issues.clear()


def _missing(link: Link, items: dict[str, Item]) -> Issue:
    wanted = "content" if link.what == "filename" else None
    candidates = [rel for rel, i in items.items() if wanted is None or i.role == wanted]
    guess = difflib.get_close_matches(link.target or "", candidates, n=1, cutoff=0.6)
    prefix = link.written[: 2 + len(link.what)]
    fix = (
        f"vouliez-vous dire « {prefix}/{guess[0]} » ?"
        if guess
        else "vérifiez le chemin : il part du dossier de ce fichier, ou de content/ s’il "
        "commence par « / »"
    )
    return Issue(link.line, f"lien vers un fichier qui n’existe pas : « {link.written} »", fix)
