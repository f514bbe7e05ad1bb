"""Categories, tags and people spelt two ways across files.

Pelican files « Vie du collectif » and « vie du Collectif », or « Évènement »
and « Evenement », under one slug: one spelling silently wins on every page.
The spellings that differ from the most used one are reported where they
are written. Names too long to become a file name are refused too.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from pelican.utils import slugify

from catalyst.model.reader.source import Issue

MAX_NAME_LENGTH = 100  # a name becomes a folder name, a feed name and a menu entry
SPACES = {"category": "la catégorie", "tags": "le mot-clé", "authors": "la personne"}


def check_names(files: dict, settings: dict, *, prefix: str = "") -> dict[str, list[Issue]]:
    """Problems by file (relative to content/); `prefix` turns such a path into a shown one."""
    subs = settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
    uses: dict[tuple, list[tuple[str, int, str]]] = defaultdict(list)
    problems: dict[str, list[Issue]] = defaultdict(list)
    for rel, result in sorted(files.items()):
        for space, name, line in result.names:
            if len(name) > MAX_NAME_LENGTH:
                problems[rel].append(_too_long(line, name))
                continue
            uses[(space, slugify(name, regex_subs=subs))].append((rel, line, name))
    for (space, _slug), found in uses.items():
        spellings = Counter(name for _, _, name in found)
        if len(spellings) < 2:
            continue
        first = {name: (rel, line) for rel, line, name in reversed(found)}
        best = max(spellings, key=lambda n: (spellings[n], -found.index(_at(found, n))))
        where = "{}{}:{}".format(prefix, *first[best])
        for rel, line, name in found:
            if name != best:
                problems[rel].append(
                    Issue(
                        line,
                        f"{SPACES[space]} « {name} » s’écrit « {best} » ailleurs "
                        f"({where}) : les deux seraient fusionnés sous une seule forme",
                        f"écrivez « {best} », comme dans les autres fichiers",
                    )
                )
    return problems


def _at(found: list, name: str):
    return next(use for use in found if use[2] == name)


def _too_long(line: int, name: str) -> Issue:
    return Issue(
        line,
        f"nom trop long ({len(name)} caractères, {MAX_NAME_LENGTH} au plus) : « {name[:40]}… »",
        "raccourcissez-le ; une phrase a sa place dans le texte",
    )
