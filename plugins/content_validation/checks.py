"""The checks across files, once per build, over what the reader found in each file.

Every file under content/ gets a role (inventory); the links each text makes
must reach a published file; a category, tag or person must be spelt one way;
two texts must not share a slug, an address or an output file; symbolic links
must not leave the repository; a static file must be of a type its folder
publishes (static_files.py). Every problem goes to the build's report
(plugins.content_checks); the inventory goes to the context for `invoke check
--inventory`.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass

from catalyst.model import read_model, slug_of
from catalyst.model.images.facts import is_processed
from catalyst.model.problems import report, shown_path
from catalyst.model.reader.source import Issue
from catalyst.model.settings_spec import value

from .inventory import Item, Layout, take_inventory, walk
from .links import check_links
from .names import check_names
from .options import SETTINGS
from .outputs import clashes, planned_outputs, static_path, url_clashes
from .static_files import check_static_files

STATES = {
    "published": "publié", "draft": "brouillon", "hidden": "masqué", "refused": "refusé",
    "static": "statique", "attached": "joint", "ignored": "ignoré", "error": "refusé",
    "loose": "refusé", "image": "image", "unused": "inutilisée",
}  # fmt: skip


@dataclass(frozen=True)
class Row:
    """One line of `invoke check --inventory`."""

    shown: str
    state: str
    url: str = ""
    note: str = ""


def check_everything(context: dict, settings: dict) -> None:
    content = os.path.abspath(settings.get("PATH") or "content")
    root = value(settings, SETTINGS, "CONTENT_VALIDATION_ROOT") or os.path.dirname(content)
    root = os.path.realpath(root)
    layout = Layout(
        read_model(settings),
        tuple(settings.get("STATIC_PATHS", ())),
        tuple(settings.get("IGNORE_FILES", ())),
    )
    items = take_inventory(content, layout, root=root)
    files = context.get("content_files", {})
    for rel, result in files.items():
        if rel in items:
            items[rel].status = "refused" if result.refused else result.status
    check_links(items, files)
    prefix = shown_path(content, settings) + "/"
    check_static_files(items, settings, prefix=prefix)  # once links have marked attached files
    for rel, issues in check_names(files, settings, prefix=prefix).items():
        items[rel].issues += issues
    _same_slug(files, items, prefix, settings)
    for item in items.values():
        for issue in item.issues:
            _report(context, item.path, issue)
    theme = os.path.abspath(settings.get("THEME") or "")
    if os.path.isdir(theme):
        for path, problem in walk(theme, root=root):
            if problem:
                _report(context, path, problem)
    _check_outputs(context, settings, items, files)
    context["content_inventory"] = _rows(items, settings, context.get("images", {}))


def _same_slug(files: dict, items: dict[str, Item], prefix: str, settings: dict) -> None:
    """Two texts of one kind with one slug and language: Pelican takes them for translations."""
    by_slug: dict[tuple, list[str]] = defaultdict(list)
    default_lang = settings.get("DEFAULT_LANG", "en")
    for rel, result in files.items():
        if result.refused or result.type not in ("article", "page") or rel not in items:
            continue
        stem = os.path.splitext(rel.rsplit("/", 1)[-1])[0]
        slug = result.raw.get("slug") or slug_of(stem, settings)  # as Pelican makes it
        by_slug[(result.type, slug, result.values.get("lang", default_lang))].append(rel)
    for (_type, slug, _lang), rels in by_slug.items():
        for rel in rels if len(rels) > 1 else ():
            others = " et ".join(prefix + r for r in rels if r != rel)
            items[rel].issues.append(
                Issue(
                    None,
                    f"même adresse (« {slug} ») et même langue que {others} : Pelican les "
                    "prendrait pour des traductions l’une de l’autre",
                    "renommez l’un des fichiers (ou changez son « Slug: ») : le nom du fichier "
                    "fait l’adresse",
                )
            )


def _check_outputs(context: dict, settings: dict, items: dict, files: dict) -> None:
    content = os.path.abspath(settings.get("PATH") or "content")

    def relative(path: str) -> str:
        return os.path.relpath(path, content).replace(os.sep, "/")

    for rel, obj in context.get("generated_content", {}).items():
        if rel in items and obj is not None:
            items[rel].url = getattr(obj, "url", "") or ""
    attached = {link.target for r in files.values() for link in r.links if link.what == "attach"}
    for rel, obj in context.get("static_content", {}).items():
        if rel in items and obj is not None:
            items[rel].url = static_path(rel, settings, attached) or ""

    def shown(path: str) -> str:
        return shown_path(path, settings)

    found = clashes(
        planned_outputs(context, settings, shown, attached),
        theme_dir=settings.get("THEME_STATIC_DIR", "theme"),
    )
    reported = {(c.source, c.message) for c in found}
    found += [c for c in url_clashes(context, shown) if (c.source, c.message) not in reported]
    for clash in found:
        result = files.get(relative(clash.source))
        line = next(
            (result.lines[n] for n in ("save_as", "url", "slug") if result and n in result.lines),
            None,
        )
        report(context, clash.source, clash.message, fix=clash.fix, line=line)


def _report(context: dict, path: str, issue: Issue) -> None:
    report(context, path, issue.message, fix=issue.fix, line=issue.line, severity=issue.severity)


def _rows(items: dict[str, Item], settings: dict, images: dict) -> list[Row]:
    """`images` is plugins.images' context key: {path under content/: Published}."""
    rows = []
    for item in sorted(items.values(), key=lambda i: i.rel):
        key = item.status or "published" if item.role == "content" else item.role
        note = "cité" if item.linked and item.role == "static" else ""
        url = item.url
        photo = item.role in ("static", "attached") and is_processed(item.rel)
        if photo and item.rel in images:
            variants = images[item.rel].variants
            widths = sorted({v.width for v in variants})
            formats = " et ".join(sorted({v.format.upper() for v in variants}))
            key, url = "image", variants[-1].path
            note = f"{', '.join(map(str, widths))} px, {formats}"
        elif photo and not item.linked:
            key, note = "unused", "aucun texte ne la cite : elle n’est pas publiée"
        rows.append(Row(shown_path(item.path, settings), STATES.get(key, key), url, note))
    return rows
