"""Where each page belongs: the menu's sections and the trail of parents of any address."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from catalyst.model.addresses import linked
from catalyst.model.jsonld import to_script
from catalyst.model.problems import report
from catalyst.model.typography.plain import plain_text

HOME = "Accueil"


@dataclass
class Entry:
    label: str
    url: str
    children: list[Entry] = field(default_factory=list)

    def contains(self, url: str) -> bool:
        """Whether the page at `url` is this section or inside it (for aria-current)."""
        return any(url == u or (u and url.startswith(u)) for u in self.urls)

    @property
    def urls(self) -> list[str]:
        return [self.url, *(c.url for c in self.children)]


@dataclass
class Navigation:
    menu: list[Entry]
    parents: dict[str, tuple[str, str]]  # url → (label, parent url); "" is the home page
    settings: dict = field(repr=False, default_factory=dict)

    def section(self, url: str) -> Entry | None:
        """The menu section a page belongs to (the first whose addresses it starts with)."""
        chain = [url, *(u for _, u in self.crumbs(url))]
        return next((e for e in self.menu for u in chain if u and e.contains(u)), None)

    def crumbs(self, url: str) -> list[tuple[str, str]]:
        """(label, url) from the home page down to the parent of `url`."""
        trail, seen = [], {url}
        current = self._parent_of(url)
        while current is not None and current not in seen:
            seen.add(current)
            label, parent = self.parents.get(current, (HOME, None))
            trail.append((label, current))
            current = parent if current else None
        return list(reversed(trail))

    def _parent_of(self, url: str) -> str | None:
        if url == "":
            return None
        if url in self.parents:
            return self.parents[url][1]
        known = [u for u in self.parents if u and url.startswith(u)]  # a listing's own pages
        return max(known, key=len) if known else ""

    def crumbs_jsonld(self, url: str, title: str) -> Markup:
        """schema.org's BreadcrumbList down to `url`, whose `title` is HTML (Markup, or the
        reader's); the trail's labels are text already."""
        trail = [*self.crumbs(url), (plain_text(title), url)]
        items = [
            {"@type": "ListItem", "position": n, "name": label, "item": linked(self.settings, link)}
            for n, (label, link) in enumerate(trail, start=1)
        ]
        data = {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": items,
        }
        return to_script(data)


def build_navigation(context: dict, settings: dict) -> Navigation:
    parents: dict[str, tuple[str, str]] = {"": (HOME, None)}
    pages = {p.slug: p for p in context.get("pages", [])}
    for page in pages.values():
        parent = getattr(page, "parent", None)
        if parent and parent not in pages:
            report(
                context,
                page.source_path,
                f"« Parent: {parent} » ne correspond à aucune page",
                fix=f"pages possibles : {', '.join(sorted(pages))}",
                line=page.metadata.get("header_lines", {}).get("parent"),
            )
            parent = None
        parents[page.url] = (_label(page), pages[parent].url if parent else "")
    archives = settings.get("ARCHIVES_URL", "archives/")
    parents[archives] = ("Articles", "")
    for article in context.get("articles", []):
        parents[article.url] = (_label(article), archives)
    for kind, label in (
        ("CATEGORIES", "Catégories"),
        ("TAGS", "Mots-clés"),
        ("AUTHORS", "Auteurs et autrices"),
    ):
        if settings.get(f"{kind}_URL"):
            parents[settings[f"{kind}_URL"]] = (label, "")
    for collection in (context.get("collections") or {}).values():
        parents[collection.url] = (collection.type.label, "")
        for item in collection.written:
            if item.save_as:
                parents[item.url] = (_label(item), collection.url)
        for groups in collection.groups.values():
            for group in groups:
                parents[group.url] = (plain_text(group.title), collection.url)
    letter = context.get("letter")
    if letter is not None:
        parents[letter.url] = (letter.options.name, "")
        for issue in letter.issues:
            parents[issue.url] = (plain_text(issue.title), letter.url)
    return Navigation(_menu(context, settings, pages, archives), parents, settings)


def _menu(context: dict, settings: dict, pages: dict, archives: str) -> list[Entry]:
    """Top pages (by `Order`), with their sub-pages; the articles; each collection; the letter."""
    ordered = sorted(
        (p for p in pages.values() if getattr(p, "order", None) is not None), key=lambda p: p.order
    )
    menu = []
    for page in (p for p in ordered if not getattr(p, "parent", None)):
        children = [
            Entry(_menu_label(c), c.url) for c in ordered if getattr(c, "parent", None) == page.slug
        ]
        menu.append(Entry(_menu_label(page), page.url, children))
    menu.append(Entry("Articles", archives))
    for collection in (context.get("collections") or {}).values():
        menu.append(Entry(collection.type.label, collection.url))
    letter = context.get("letter")
    if letter is not None:
        menu.append(Entry("La lettre", letter.url))
    return menu


def _label(item) -> str:
    return plain_text(getattr(item, "title", "") or item.slug)


def _menu_label(page) -> str:
    return plain_text(getattr(page, "menu_title", None) or page.title)
