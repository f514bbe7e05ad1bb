"""The files a collection will write, declared in the outputs registry before writing.

The output-clash check and the sitemap read them (catalyst.model.outputs):
item pages, drafts, the index, one page per group value, feeds and calendars.
"""

from __future__ import annotations

from catalyst.model.outputs import Output, declare


def declare_outputs(collection, context: dict) -> None:
    ctype = collection.type
    label = f"« {ctype.label or ctype.name} »"
    declare(
        context, Output(ctype.index_save_as, f"la page d’index de {label}", url=ctype.index_url)
    )
    for item in collection.written:
        kind = "page" if item in collection.items else item.status  # "hidden", "draft"
        declare(
            context,
            Output(item.save_as, _shown(item), kind, item.url, item.source_path, _lastmod(item)),
        )
    for path, kind in (
        (ctype.feed_atom, "feed"),
        (ctype.feed_rss, "feed"),
        (ctype.calendar, "calendar"),
    ):
        if path:
            declare(context, Output(path, f"un fichier de {label}", kind))
    for groups in collection.groups.values():
        for group in groups:
            declare(
                context,
                Output(group.save_as, f"la page « {group.value} » de {label}", url=group.url),
            )
    if ctype.item_calendar:
        for item in collection.items:
            path = ctype.item_calendar.format(slug=item.slug)
            declare(context, Output(path, f"le calendrier de {item.slug}", "calendar"))


def _shown(item) -> str:
    return item.relative_source_path


def _lastmod(item) -> str | None:
    moment = getattr(item, "modified", None) or getattr(item, "date", None)
    return moment.date().isoformat() if moment else None
