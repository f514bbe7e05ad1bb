"""Every item carries a licence, shown to readers and machines.

CC BY-SA 4.0 by default (`LICENSING_DEFAULT`); an item may declare another
known licence with `License:`. An unknown value is refused with a French
message naming the file and line. Each content object gets, once at creation:
`licence` (a `Licence`), `source_url` / `source_name` for republished pieces,
and `jsonld` (its schema.org description, ready for a <script> tag). Templates
also see `site_licence` for listing pages.
"""

from __future__ import annotations

from pelican import signals

from plugins.content_checks import report

from . import licences
from .jsonld import describe, to_script

DEFAULT = "CC BY-SA 4.0"


def default_licence(settings: dict) -> licences.Licence:
    value = settings.get("LICENSING_DEFAULT", DEFAULT)
    licence = licences.find(value)
    if licence is None:
        raise ValueError(
            f"licensing: LICENSING_DEFAULT doit être une licence connue "
            f"({licences.known_keys()}), reçu {value!r}"
        )
    return licence


def attach_licence(instance) -> None:
    settings = instance.settings
    if "LICENSING_DEFAULT" not in settings:
        return  # plugin not enabled for this build
    licence = default_licence(settings)
    declared = instance.metadata.get("license")
    if declared:
        found = licences.find(str(declared))
        if found is None:
            report(
                instance,
                f"licence inconnue « {declared} »",
                fix=f"écrivez l’une de : {licences.known_keys()}, "
                "ou retirez la ligne pour la licence par défaut",
                key="License",
            )
        else:
            licence = found
    instance.licence = licence
    instance.source_url = instance.metadata.get("source")
    instance.source_name = instance.metadata.get("source-name") or instance.source_url
    instance.jsonld_data = describe(instance, licence)
    instance.jsonld = to_script(instance.jsonld_data)


def add_globals(generator) -> None:
    if "LICENSING_DEFAULT" in generator.settings:
        generator.env.globals["site_licence"] = default_licence(generator.settings)


def register() -> None:
    signals.content_object_init.connect(attach_licence)
    signals.generator_init.connect(add_globals)
