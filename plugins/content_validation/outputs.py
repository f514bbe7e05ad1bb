"""No two things may be written to the same output file.

Pelican opens each output path as it writes it: an article whose `Save_as`
(or slug, or translation) lands on a page's path overwrites it, a page called
`archives.md` replaces the archives, and the second writer of a path stops the
build halfway through. Once every generator has read its content (and before
anything is written), every path that will be written is listed with its
owner; each clash is reported on the content files involved, naming the other
owner. Paths that only differ by case (they clash on macOS and Windows
checkouts) and file names too long for a file system are refused too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from catalyst.model.outputs import declared

NAME_MAX = 255  # bytes in one file or folder name, on every common file system


@dataclass(frozen=True)
class Owner:
    label: str  # « content/pages/archives.md », « la page des archives »
    source: str | None = None  # absolute source path, for content


@dataclass(frozen=True)
class Clash:
    source: str  # absolute path of the content file to report on
    message: str
    fix: str


def planned_outputs(
    context: dict, settings: dict, shown, attached: set[str]
) -> dict[str, list[Owner]]:
    """Every output path the build will write, with who writes it; `shown(path)` names a file,
    `attached` are the static files that `{attach}` links move beside their text."""
    owners: dict[str, list[Owner]] = defaultdict(list)

    def add(path, owner: Owner) -> None:
        known = owners[str(path).lstrip("/")] if path else []
        if path and not (owner.source and any(o.source == owner.source for o in known)):
            known.append(owner)

    for content in context.get("generated_content", {}).values():
        if content is not None:
            add(content.save_as, Owner(shown(content.source_path), content.source_path))
    for rel, content in context.get("static_content", {}).items():
        if content is not None:  # never read a static file's `save_as`: it fixes its place
            add(
                static_path(rel, settings, attached),
                Owner(shown(content.source_path), content.source_path),
            )
    for name in settings.get("DIRECT_TEMPLATES", ()):
        add(settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html"), Owner(f"la page « {name} »"))
    for kind, label in (
        ("category", "la catégorie"),
        ("tag", "le mot-clé"),
        ("author", "la personne"),
    ):
        for wrapper, _ in context.get(f"{kind}s" if kind != "category" else "categories", []):
            add(wrapper.save_as, Owner(f"la page de {label} « {wrapper} »"))
            for feed in ("ATOM", "RSS"):
                pattern = settings.get(f"{kind.upper()}_FEED_{feed}")
                if pattern:
                    add(
                        pattern.format(slug=wrapper.slug),
                        Owner(f"le flux de {label} « {wrapper} »"),
                    )
    for setting in ("FEED_ALL_ATOM", "FEED_ALL_RSS", "FEED_ATOM", "FEED_RSS"):
        add(settings.get(setting), Owner(f"le flux {setting}"))
    for output in declared(context):
        add(output.path, Owner(output.owner, output.source))
    return owners


def static_path(rel: str, settings: dict, attached: set[str]) -> str | None:
    """Where a static file is copied, without asking Pelican (asking would stop `{attach}` from
    moving it beside its text); None when it is not known before writing."""
    if settings.get("STATIC_SAVE_AS", "{path}") != "{path}" or rel in attached:
        return None
    return rel


def url_clashes(context: dict, shown) -> list[Clash]:
    """Two texts announcing the same address (`URL:`): links to one would lead to the other."""
    by_url: dict[str, list] = defaultdict(list)
    for content in context.get("generated_content", {}).values():
        if content is not None and getattr(content, "url", ""):
            by_url[content.url].append(content)
    found = []
    for url, contents in by_url.items():
        for content in contents:
            elsewhere = [c for c in contents if c.save_as != content.save_as]
            if not elsewhere:
                continue  # same file written twice: clashes() says so
            others = " et ".join(shown(c.source_path) for c in elsewhere)
            found.append(
                Clash(
                    content.source_path,
                    f"l’adresse « /{url} » est aussi celle de {others}",
                    "changez « URL: » (ou le nom du fichier) de l’un des deux",
                )
            )
    return found


def clashes(owners: dict[str, list[Owner]], *, theme_dir: str = "theme") -> list[Clash]:
    found = []
    by_folded: dict[str, list[str]] = defaultdict(list)
    for path, who in owners.items():
        by_folded[path.casefold()].append(path)
        if len(who) > 1:
            found += _same_path(path, who)
        for owner in who:
            if owner.source is None:
                continue
            if path == theme_dir or path.startswith(theme_dir.rstrip("/") + "/"):
                found.append(
                    Clash(
                        owner.source,
                        f"« {path} » écraserait les fichiers du thème",
                        "changez Slug:, Save_as: ou le nom du fichier",
                    )
                )
            long = [p for p in path.split("/") if len(p.encode()) > NAME_MAX]
            if long:
                found.append(
                    Clash(
                        owner.source,
                        f"nom de fichier trop long pour le disque "
                        f"({len(long[0].encode())} octets) : « {long[0][:40]}… »",
                        "raccourcissez le nom du fichier ou Slug:",
                    )
                )
    for paths in by_folded.values():
        if len(paths) > 1:
            found += _same_but_case(paths, owners)
    return found


def _same_path(path: str, who: list[Owner]) -> list[Clash]:
    found = []
    for owner in who:
        if owner.source is None:
            continue
        others = " et ".join(o.label for o in who if o is not owner)
        found.append(
            Clash(
                owner.source,
                f"l’adresse « {path} » est aussi celle de {others} : l’un écraserait l’autre",
                "changez le nom du fichier (ou Slug:, Save_as:, URL:) de l’un des deux",
            )
        )
    return found


def _same_but_case(paths: list[str], owners: dict[str, list[Owner]]) -> list[Clash]:
    found = []
    for path in paths:
        for owner in owners[path]:
            if owner.source is None:
                continue
            others = " et ".join(f"« {p} »" for p in paths if p != path)
            found.append(
                Clash(
                    owner.source,
                    f"l’adresse « {path} » ne diffère de {others} que par les majuscules",
                    "écrivez les adresses en minuscules",
                )
            )
    return found
