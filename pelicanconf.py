"""Development settings: what `invoke build` and `invoke serve` use.

Production overrides live in publishconf.py. Settings added by our plugins are
documented in README.md, each with its default.
"""

import sys
from pathlib import Path

# Our plugins are the `plugins` package beside this file.
sys.path.insert(0, str(Path(__file__).resolve().parent))

AUTHOR = "ANIS / Catalyst"
SITENAME = "Catalyst Publications"
SITESUBTITLE = "Acteurs de l’innovation numérique et sociale en communs, Hauts-de-France"
SITEURL = ""
SITE_HOST = "catalyst.anis.asso.fr"

PATH = "content"
THEME = "theme"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Explicit list: an installed namespace plugin is otherwise auto-loaded.
PLUGIN_PATHS: list[str] = []
PLUGINS = [
    "plugins.content_checks",
    "plugins.french_dates",
    "plugins.licensing",
    "plugins.syndication",
]

# Content layout: articles and pages by folder.
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra"]
ARTICLE_EXCLUDES: list[str] = []
PAGE_EXCLUDES: list[str] = []
READERS = {"html": None, "htm": None, "rst": None}
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.footnotes": {"BACKLINK_TITLE": "Revenir à l’appel de note %d"},
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}
SLUGIFY_SOURCE = "basename"  # the file name is the address: predictable for volunteers
TYPOGRIFY = False  # plugins.typography_fr applies French rules instead
SUMMARY_MAX_LENGTH = 60

# Clean URLs, one folder per item.
ARTICLE_URL = "{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{slug}/index.html"
ARTICLE_LANG_URL = "{date:%Y}/{slug}-{lang}/"
ARTICLE_LANG_SAVE_AS = "{date:%Y}/{slug}-{lang}/index.html"
DRAFT_URL = "brouillons/{slug}/"
DRAFT_SAVE_AS = "brouillons/{slug}/index.html"
DRAFT_LANG_URL = "brouillons/{slug}-{lang}/"
DRAFT_LANG_SAVE_AS = "brouillons/{slug}-{lang}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{slug}-{lang}/"
PAGE_LANG_SAVE_AS = "{slug}-{lang}/index.html"
DRAFT_PAGE_URL = "brouillons/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = "brouillons/pages/{slug}/index.html"
CATEGORY_URL = "categories/{slug}/"
CATEGORY_SAVE_AS = "categories/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAG_URL = "mots-cles/{slug}/"
TAG_SAVE_AS = "mots-cles/{slug}/index.html"
TAGS_URL = "mots-cles/"
TAGS_SAVE_AS = "mots-cles/index.html"
AUTHOR_URL = "auteurs/{slug}/"
AUTHOR_SAVE_AS = "auteurs/{slug}/index.html"
AUTHORS_URL = "auteurs/"
AUTHORS_SAVE_AS = "auteurs/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "categories", "tags", "authors", "archives", "404"]
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None, "author": None}

# Feeds: one distinct folder per kind, so that an author and a category with
# the same slug never overwrite each other.
# Feeds need absolute links even in development (publishconf.py sets the real one).
FEED_DOMAIN = "http://localhost:8000"
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
FEED_ATOM = None
FEED_RSS = None
CATEGORY_FEED_ATOM = "feeds/categories/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/categories/{slug}.rss.xml"
AUTHOR_FEED_ATOM = "feeds/auteurs/{slug}.atom.xml"
AUTHOR_FEED_RSS = "feeds/auteurs/{slug}.rss.xml"
TAG_FEED_ATOM = "feeds/mots-cles/{slug}.atom.xml"
TAG_FEED_RSS = "feeds/mots-cles/{slug}.rss.xml"
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
FEED_MAX_ITEMS = 50
RSS_FEED_SUMMARY_ONLY = False

# Menu: pages carry `Order:`; the theme adds the listings.
DISPLAY_PAGES_ON_MENU = True
DISPLAY_CATEGORIES_ON_MENU = False

# Our plugins' settings (see README.md).
LICENSING_DEFAULT = "CC BY-SA 4.0"
SYNDICATION_ATTRIBUTION = True

CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
CHECK_MODIFIED_METHOD = "sha256"
DELETE_OUTPUT_DIRECTORY = False
