"""Dates in French (« 17 janvier 2013 ») without any system locale, for every layer.

The build machines only have the C locale, so strftime would print English month names; Babel
carries its own CLDR data. plugins.french_dates formats each content object's dates with it and
gives templates the `date_fr` filter; the letter (plugins.newsletter) writes its weeks' spans
with it too, so it lives here, below both.
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_datetime

DEFAULT_FORMAT = "d MMMM y"


def format_french(value: date | datetime, pattern: str = DEFAULT_FORMAT, lang: str = "fr") -> str:
    """Format a date with a CLDR pattern in the given language."""
    if isinstance(value, datetime):
        return format_datetime(value, pattern, locale=lang)
    return format_date(value, pattern, locale=lang)
