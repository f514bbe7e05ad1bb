"""Every item carries a licence, shown to readers and machines.

CC BY-SA 4.0 by default (`LICENSING_DEFAULT`); an item may declare another
known licence with `License:` (plugins.content_reader refuses an unknown
value, with the file and line). Each content object gets, once at creation:
`licence` (a `Licence`), `source_url` / `source_name` for republished pieces,
and `jsonld` (its schema.org description, ready for a <script> tag). Templates
also see `site_licence` for listing pages.
"""

from __future__ import annotations

from pelican import signals

from catalyst.model import licences
from catalyst.model.jsonld import describe, to_script
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
    instance.jsonld_data = describe(instance, instance.licence)
    instance.jsonld = to_script(instance.jsonld_data)


def add_globals(generator) -> None:
    generator.env.globals["site_licence"] = default_licence(generator.settings)


def register() -> None:
    signals.content_object_init.connect(attach_licence)
    signals.generator_init.connect(add_globals)
