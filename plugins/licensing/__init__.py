"""Every item carries a licence, shown to readers and machines, and its one JSON-LD.

CC BY-SA 4.0 by default (`LICENSING_DEFAULT`); an item may declare another
known licence with `License:` (plugins.content_reader refuses an unknown
value, with the file and line). Each content object gets, once at creation:
`licence` (a `Licence`) and `source_url` / `source_name` for republished pieces.
Templates also see `site_licence` for listing pages.

Structured data is made here and nowhere else: `describe_item()` gathers an item's
inputs and calls `catalyst.model.jsonld.describe()`, which sets `jsonld_data` (the
description, a dict) and `jsonld` (ready for a <script> tag, what templates print).
It reads only what is documented:

- the item's own facts: `title`, `url`, `lang`, `authors`, `date`, `modified`, the
  metadata `summary`, `source`, `source-name` and `image` (a photo as
  catalyst.model.images describes it), and its `licence`;
- for a collection item (plugins.content_collections): `jsonld_declaration`, its
  type's `[jsonld]` (None when it declares none), with `fields` (the typed values
  plugins.content_reader read), `jsonld_references` (its resolved references) and
  its body, `content`;
- the context key `jsonld_groups` (plugins.content_collections): the group pages
  to describe, each with `title`, `url` and `items`; each gets `jsonld`.

The final description is made once every generator has built its context
(`all_generators_finalized`, before any page is written): references are resolved
and bodies' links can be, and no address changes any more. Each item is also
described when it is created (`content_object_init`), through the same function,
from what it knows of itself (no references, no body: reading `content` then would
keep its links unresolved): an item read again into a finished context, as the
preview does for a saved text (catalyst/tools/quick_page.py), thus has its new
description at once.
"""

from __future__ import annotations

from pelican import signals
from pelican.contents import Article, Content, Static

from catalyst.model import licences
from catalyst.model.images.markup import Cover
from catalyst.model.jsonld import Facts, Person, describe, describe_group, to_script
from catalyst.model.settings_spec import Setting
from catalyst.model.site_licence import DEFAULT, default_licence

SETTINGS = (  # read by catalyst.model.site_licence, for the feeds and the letter too
    Setting(
        "LICENSING_DEFAULT",
        DEFAULT,
        "the licence of items that declare none (may be left out)",
    ),
)


def attach_licence(instance) -> None:
    """`content_object_init`: the reader has checked `License:`; here it becomes a `Licence`."""
    declared = instance.metadata.get("license")
    found = licences.find(str(declared)) if declared else None
    instance.licence = found or default_licence(instance.settings)
    instance.source_url = instance.metadata.get("source")
    instance.source_name = instance.metadata.get("source-name") or instance.source_url
    describe_item(instance, final=False)


def describe_item(instance, *, final: bool = True) -> None:
    """The one place an item's JSON-LD is made; `final` once every item is read."""
    declaration = getattr(instance, "jsonld_declaration", None)
    body = instance.content if final and declaration is not None and declaration.body else None
    instance.jsonld_data = describe(
        _facts(instance),
        instance.licence,
        instance.settings,
        declaration=declaration,
        values=getattr(instance, "fields", None),
        references=getattr(instance, "jsonld_references", None) if final else None,
        body=body,
    )
    instance.jsonld = to_script(instance.jsonld_data)


def _facts(instance) -> Facts:
    metadata = instance.metadata
    cover = metadata.get("image")
    return Facts(
        kind="Article" if isinstance(instance, Article) else "WebPage",
        title=getattr(instance, "title", ""),
        url=instance.url,
        lang=getattr(instance, "lang", instance.settings.get("DEFAULT_LANG", "fr")),
        authors=[Person(str(a), a.url) for a in getattr(instance, "authors", None) or ()],
        published=getattr(instance, "date", None),
        modified=getattr(instance, "modified", None),
        summary=metadata.get("summary") or None,
        source=metadata.get("source") or None,
        source_name=metadata.get("source-name") or None,
        image=cover.og.path if isinstance(cover, Cover) else None,  # the page's photo, resized
    )


def describe_all(generators) -> None:
    """`all_generators_finalized`: every item's final description, then every group page's."""
    if not generators:
        return
    context, settings = generators[0].context, generators[0].settings
    for item in list(context.get("generated_content", {}).values()):
        if isinstance(item, Content) and not isinstance(item, Static):
            describe_item(item)
    for group in context.get("jsonld_groups", ()):
        parts = [i.jsonld_data.get("mainEntity", {}) for i in group.items]
        licence = group.items[0].licence  # the first item's, as the page shows it
        group.jsonld = to_script(describe_group(group.title, group.url, licence, parts, settings))


def add_globals(generator) -> None:
    generator.env.globals["site_licence"] = default_licence(generator.settings)


def register() -> None:
    signals.content_object_init.connect(attach_licence)
    signals.generator_init.connect(add_globals)
    signals.all_generators_finalized.connect(describe_all)
