"""Vanilla Pelican 4.12, the yardstick of `invoke bench`: default theme, typogrify on, no plugins.

It reads the same articles as this project (the synthetic corpus's `articles/`
folder) with Pelican's defaults otherwise: its Markdown reader, its feeds
(Atom for everything, RSS for authors), its theme.
"""

SITENAME = "Vanilla"
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS: list[str] = []
STATIC_PATHS = ["images"]
PLUGINS: list[str] = []  # none (an empty list also stops namespace plugins from loading)
TYPOGRIFY = True
