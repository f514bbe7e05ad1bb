"""« Modifier cette page » and « Signaler une erreur »: each item's way back to its source file.

A reader who spots a typo, or a volunteer who wants to complete a page, should
not have to find which of several hundred files under `content/` the page was
made from. Once every generator has read its content (`all_generators_finalized`),
each item built from a file under `content/` (articles, pages, every collection's
items, drafts and translations included) gets an `edit_links` attribute, an
`EditLinks` with two addresses on the repository host:

* `edit_url`: the host's editing page of exactly that file (GitHub offers a
  fork and a pull request to whoever has no write access);
* `report_url`: a new issue, its title naming the page and its body giving the
  page's public address and the source file's path.

`edit_links` is None when no repository is set (`EDIT_LINKS_REPOSITORY = None`):
the theme then shows no link at all. Listings, tag pages, archives and the
letter are not made from one file, so they have none.

The report's address is worked out from the item when a template asks for it,
not stored: the preview's quick page (catalyst/tools/quick_page.py) puts a saved
text's new title in place of the old one in the same item, and the issue must
name the page as it now is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from pelican import signals
from pelican.contents import Content, Static

from catalyst.model.addresses import public_base
from catalyst.model.settings_spec import (
    COLLECTIONS_BRANCH,
    COLLECTIONS_REPOSITORY,
    SameAs,
    Setting,
    value,
)
from catalyst.model.typography.plain import plain_text

NBSP, NNBSP = "\u00a0", "\u202f"  # before « : » ; inside « »
SETTINGS = (
    Setting(
        "EDIT_LINKS_REPOSITORY",
        SameAs(COLLECTIONS_REPOSITORY),
        'the repository, `"owner/name"`; `None`: no links',
    ),
    Setting(
        "EDIT_LINKS_BRANCH",
        SameAs(COLLECTIONS_BRANCH),
        "the branch that is edited and published",
    ),
    Setting("EDIT_LINKS_HOST", "https://github.com", "the repository host's address"),
    Setting(
        "EDIT_LINKS_CONTENT_PATH",
        "content",
        "the folder of the sources in the repository (the build may read them from elsewhere)",
    ),
)


@dataclass(frozen=True)
class Options:
    repository: str | None  # "owner/name"; None: no links
    branch: str
    host: str
    folder: str  # where the sources are in the repository
    site: str  # the site's absolute address, without the final slash


def read_options(settings: dict) -> Options:
    """The settings, with their defaults (`SETTINGS`)."""
    repository = value(settings, SETTINGS, "EDIT_LINKS_REPOSITORY")  # None: no links
    site = public_base(settings)
    return Options(
        repository=repository or None,
        branch=value(settings, SETTINGS, "EDIT_LINKS_BRANCH", empty_is_default=True),
        host=value(settings, SETTINGS, "EDIT_LINKS_HOST", empty_is_default=True).rstrip("/"),
        folder=value(settings, SETTINGS, "EDIT_LINKS_CONTENT_PATH").strip("/"),
        site=site.rstrip("/"),  # as the theme's sharing box has it (base.html)
    )


@dataclass(frozen=True)
class EditLinks:
    """What templates see as `item.edit_links`."""

    item: Content = field(repr=False, compare=False)
    path: str  # the source file in the repository: "content/articles/2013/slug.md"
    options: Options = field(repr=False)

    @property
    def edit_url(self) -> str:
        o = self.options
        return f"{o.host}/{o.repository}/edit/{quote(o.branch)}/{quote(self.path)}"

    @property
    def report_url(self) -> str:
        o = self.options
        title = plain_text(getattr(self.item, "title", "")) or self.path
        body = (
            f"Page{NBSP}: {o.site}/{self.item.url}\n"
            f"Fichier source{NBSP}: {self.path}\n\n"
            f"Ce qui ne va pas{NBSP}:\n\n"
            f"Ce qu’il faudrait écrire à la place{NBSP}:\n"
        )
        query = {"title": f"Erreur sur la page «{NNBSP}{title}{NNBSP}»", "body": body}
        return f"{o.host}/{o.repository}/issues/new?{urlencode(query, quote_via=quote)}"


def edit_links(item, source: str, options: Options) -> EditLinks | None:
    """The links of `item`, read from `source` (its path under the content folder)."""
    if not options.repository:
        return None
    return EditLinks(item, f"{options.folder}/{source}" if options.folder else source, options)


def give_links(generators) -> None:
    if not generators:
        return
    context = generators[0].context
    options = read_options(generators[0].settings)
    for source, item in list(context.get("generated_content", {}).items()):
        if isinstance(item, Content) and not isinstance(item, Static):
            item.edit_links = edit_links(item, source, options)


def register() -> None:
    signals.all_generators_finalized.connect(give_links)
