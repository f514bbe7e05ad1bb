"""Development settings: what `invoke build` and `invoke serve` use.

Production overrides live in publishconf.py. Settings added by our plugins are
documented in docs/developers/plugins.md, each with its default. The plugins and the
model are this project's installed package (pyproject.toml; ./bootstrap.sh installs it).
"""

import logging

from catalyst.model.typography.plain import plain_text

AUTHOR = "ANIS / Catalyst"
SITENAME = "Catalyst Publications"
SITESUBTITLE = "Acteurs de l’innovation numérique et sociale en communs, Hauts-de-France"
SITEURL = ""
SITE_HOST = "catalyst.anis.asso.fr"

PATH = "content"
THEME = "theme"
# Every template escapes what it prints (letter/email.txt, a text file, turns it off for
# itself). A value is text unless it is Markup: the HTML plugins.content_reader made and
# checked (titles, bodies, summaries), the HTML our plugins build (theme/templates/base.html).
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
}

# `plain`: an HTML value as text (tags removed, entities decoded, typographic spaces kept),
# escaped once when printed; `striptags` would decode entities too but lose the spaces.
JINJA_FILTERS = {"plain": plain_text}
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Explicit list: an installed namespace plugin is otherwise auto-loaded. The order is the
# pipeline: receivers of one signal run in this order.
PLUGIN_PATHS: list[str] = []
PLUGINS = [
    "plugins.content_reader",  # readers_init: each .md read once (header, values, HTML, typography)
    "plugins.french_dates",  # content_object_init: « 17 janvier 2013 »
    "plugins.licensing",  # content_object_init: licence; all_generators_finalized: JSON-LD
    "plugins.typography_fr",  # generator_init: the `typo` filter for templates
    "plugins.template_cache",  # generator_init: templates compiled once, kept in CACHE_PATH
    "plugins.syndication",  # get_writer: feeds with every author and the licence
    "plugins.content_collections",  # get_generators: guestbook, projects, events; cross-links
    "plugins.newsletter",  # get_generators, after collections: the weekly letter's issues
    "plugins.sitemap",  # get_generators: sitemap.xml from the outputs registry
    "plugins.site_search",  # get_generators: the search page; finalized: Pagefind's index
    "plugins.web_editor",  # get_generators: Decap CMS at /admin/, forms from the content model
    "plugins.navigation",  # all_generators_finalized: the menu and every page's breadcrumbs
    "plugins.content_validation",  # all_generators_finalized: checks across files
    "plugins.addresses",  # all_generators_finalized: each item's url and save_as computed once
    "plugins.edit_links",  # all_generators_finalized, after addresses: « Modifier », « Signaler »
    "plugins.images",  # get_generators, after the readers: cited photos encoded, originals kept;
    # all_generators_finalized, after every check: a stopped build reports failed encodings too
    "plugins.content_checks",  # all_generators_finalized, last: one French report, or stop
]
# Pelican's own warning for an image without alt text: plugins.content_reader reports it
# in French, with the file and line.
LOG_FILTER = [(logging.WARNING, "Empty alt attribute for image %s in %s")]

# Content layout: articles and pages by folder.
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra"]
ARTICLE_EXCLUDES: list[str] = []
PAGE_EXCLUDES: list[str] = []
# Never read nor copied. Pelican's default ("**/.*") never matches a file name.
IGNORE_FILES = [".*", "*~", "Thumbs.db", "desktop.ini"]
READERS = {"html": None, "htm": None, "rst": None}
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.footnotes": {"BACKLINK_TITLE": "Revenir à l’appel de note %d"},
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.sane_lists": {},
        "catalyst.model.reader.embeds": {},  # !vidéo[Titre](https://…)
        "catalyst.model.reader.footnote_calls": {},  # « mot.¹ », the call against its word
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
PAGINATED_TEMPLATES = {"tag": None, "category": None, "author": None}  # the home page shows a few

# Feeds: one distinct folder per kind, so that an author and a category with
# the same slug never overwrite each other.
# Feeds need absolute links even in development (publishconf.py sets the real one).
FEED_DOMAIN = "http://localhost:8000"
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
FEED_ATOM = None
FEED_RSS = None
# A category, author or tag feed says what is new there: Atom only (every reader reads it),
# summaries, the latest ten (plugins.syndication); the site's feed has the full texts.
CATEGORY_FEED_ATOM = "feeds/categories/{slug}.atom.xml"
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = "feeds/auteurs/{slug}.atom.xml"
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = "feeds/mots-cles/{slug}.atom.xml"
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
FEED_MAX_ITEMS = 50
RSS_FEED_SUMMARY_ONLY = False

# Menu: pages carry `Order:`; the theme adds the listings.
DISPLAY_PAGES_ON_MENU = True
DISPLAY_CATEGORIES_ON_MENU = False

# Our plugins' settings (see docs/developers/plugins.md).
NEWSLETTER_NAME = "La lettre de Catalyst"
# The first issue really sent: the week of Monday 7 December 2026, sent at its end. No issue
# of an earlier week (the seed content's, 2001–2013) is built; tests that need one set None.
NEWSLETTER_FIRST_ISSUE = "2026-s50"
LICENSING_DEFAULT = "CC BY-SA 4.0"
SYNDICATION_ATTRIBUTION = True

# Content types, articles and pages included, are declared once each in content_types/*.toml
# (catalyst.model); adding a type is a declaration plus its templates. The « Proposer… »
# links of collections (plugins.content_collections) open files in this repository:
COLLECTIONS_REPOSITORY = "anis-catalyst/catalyst-publications"  # GitHub "owner/name"
COLLECTIONS_BRANCH = "main"
# plugins.edit_links (« Modifier cette page ») uses the same two unless EDIT_LINKS_* are set.
COLLECTIONS_EMAIL = "contact@anis.asso.fr"

# Pelican's own cache stays off: plugins.content_reader keeps each file's result by content hash.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
CONTENT_READER_CACHE = True
IMAGES_CACHE = True
DELETE_OUTPUT_DIRECTORY = False
