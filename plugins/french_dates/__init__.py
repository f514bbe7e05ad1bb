"""Dates in French (« 17 janvier 2013 ») without any system locale.

The build machines only have the C locale, so Pelican's strftime-based
`locale_date` would print English month names. Babel carries its own CLDR data:
we format each content object's dates once, when the object is created, and
give templates a `date_fr` filter for the dates they compute themselves
(archives by year, feeds of events...).
"""

from __future__ import annotations

from pelican import signals

from catalyst.model.dates import DEFAULT_FORMAT, format_french
from catalyst.model.settings_spec import Setting, value

SETTINGS = (
    Setting("FRENCH_DATES_ENABLED", True, "set `False` to keep Pelican's strftime dates"),
    Setting("FRENCH_DATES_FORMAT", DEFAULT_FORMAT, "CLDR pattern for `locale_date`"),
)


def _locale(lang: str | None) -> str:
    return (lang or "fr").replace("-", "_")


def localise_content_dates(instance) -> None:
    settings = instance.settings
    if not value(settings, SETTINGS, "FRENCH_DATES_ENABLED"):
        return
    pattern = value(settings, SETTINGS, "FRENCH_DATES_FORMAT")
    lang = _locale(getattr(instance, "lang", None) or settings.get("DEFAULT_LANG"))
    if hasattr(instance, "date"):
        instance.locale_date = format_french(instance.date, pattern, lang)
    if hasattr(instance, "modified"):
        instance.locale_modified = format_french(instance.modified, pattern, lang)


def add_filter(generator) -> None:
    generator.env.filters.setdefault("date_fr", format_french)


def register() -> None:
    signals.content_object_init.connect(localise_content_dates)
    signals.generator_init.connect(add_filter)
