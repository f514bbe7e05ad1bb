"""Development settings: what `invoke build` and `invoke serve` use.

Production overrides live in publishconf.py. Settings added by our plugins are
documented in README.md, each with its default.
"""

import logging
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
# Every template escapes what it prints (letter/email.txt, a text file, turns it off for
# itself). A value is text unless it is Markup: the HTML plugins.content_reader made and
# checked (titles, bodies, summaries), the HTML our plugins build (theme/templates/base.html).
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
}

from catalyst.model.typography.plain import plain_text  # noqa: E402 (the plugins folder is on the path)

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
    "plugins.licensing",  # content_object_init: licence and JSON-LD of every item
    "plugins.typography_fr",  # generator_init: the `typo` filter for templates
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
        "plugins.content_reader.embeds": {},  # !vidéo[Titre](https://…)
        "plugins.content_reader.footnote_calls": {},  # « mot.¹ », the call against its word
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

# Our plugins' settings (see README.md).
NEWSLETTER_NAME = "La lettre de Catalyst"
LICENSING_DEFAULT = "CC BY-SA 4.0"
SYNDICATION_ATTRIBUTION = True

# Collections: content types beyond articles and pages (plugins.content_collections).
# Adding a type is an entry here plus its templates; see README.md.
COLLECTIONS_REPOSITORY = "anis-catalyst/catalyst-publications"  # GitHub "owner/name"
COLLECTIONS_BRANCH = "main"
# plugins.edit_links (« Modifier cette page ») uses the same two unless EDIT_LINKS_* are set.
COLLECTIONS_EMAIL = "contact@anis.asso.fr"
PROJECT_STAGES = ["idée", "en incubation", "en activité", "essaimé", "terminé"]
# The content model of each collection (catalyst.model): fields with their French
# label, help and example; the « proposer » templates are made from the examples.
COLLECTIONS = {
    "events": {
        "label": "Événements",
        "item": "événement",  # one item, in French: `invoke new evenement`
        "path": "events",
        "fields": {
            "title": {"required": True, "jsonld": "name", "label": "Titre",
                      "help": "le nom de l’événement", "example": "Nom de l’événement"},
            "start": {"type": "datetime", "required": True, "jsonld": "startDate",
                      "label": "Début", "help": "`AAAA-MM-JJ` ou `AAAA-MM-JJ HH:MM`",
                      "example": "2026-01-31 18:30"},
            "end": {"type": "datetime", "jsonld": "endDate", "label": "Fin",
                    "help": "`AAAA-MM-JJ` ou `AAAA-MM-JJ HH:MM`", "example": "2026-01-31 21:00"},
            "place": {"required": True, "jsonld": "location.name", "label": "Lieu",
                      "help": "le nom du lieu", "example": "Nom du lieu"},
            "address": {"jsonld": "location.address", "label": "Adresse",
                        "help": "l’adresse, avec la ville", "example": "Adresse, ville"},
            "speakers": {"type": "list", "jsonld": "performer", "label": "Intervenants",
                         "help": "les personnes qui sont intervenues, séparées par des virgules",
                         "personal": True, "example": "Prénom Nom, Prénom Nom"},
            "media": {"type": "urls", "label": "Médias",
                      "help": "adresses de vidéos ou d’enregistrements, séparées par des virgules"},
            "image": {"type": "image", "label": "Photo",
                      "help": "une photo rangée dans content/images/ (`images/nom.jpg`)"},
            "tags": {"type": "tags", "label": "Mots-clés", "help": "séparés par des virgules",
                     "example": "innovation sociale"},
            "summary": {"type": "summary", "label": "Résumé",
                        "help": "une phrase qui résume l’événement",
                        "example": "Une phrase qui résume l’événement."},
        },
        "date_from": "start",
        "sort_by": "start",
        "url": "evenements/{slug}/",
        "save_as": "evenements/{slug}/index.html",
        "template": "event",
        "index_url": "evenements/",
        "index_template": "events",
        "feed_atom": "feeds/evenements.atom.xml",
        "feed_rss": "feeds/evenements.rss.xml",
        "calendar": "events.ics",
        "item_calendar": "evenements/{slug}/{slug}.ics",
        "jsonld_type": "Event",
        "jsonld_nested": {"location": "Place"},
        "propose": {
            "label": "Proposer un compte rendu",
            "filename": "content/events/2026/nom-de-l-evenement.md",
            "body": "Le compte rendu : ce qui s’est dit, ce qu’on en retient.\n",
        },
    },
    "guestbook": {
        "label": "Livre d’or",
        "item": "témoignage",
        "path": "guestbook",
        "fields": {
            "author": {"required": True, "jsonld": "author.name", "label": "Auteur ou autrice",
                       "help": "votre prénom et votre nom", "personal": True,
                       "example": "Prénom Nom"},
            "role": {"jsonld": "author.jobTitle", "label": "Rôle",
                     "help": "votre rôle ou fonction", "example": "Votre rôle ou fonction"},
            "organisation": {"jsonld": "author.affiliation.name", "label": "Structure",
                             "help": "votre association, entreprise ou collectivité",
                             "example": "Votre structure"},
            "event": {"type": "ref", "collection": "events", "required": True,
                      "jsonld": "itemReviewed", "label": "Événement",
                      "help": "l’adresse de l’événement (`roumics-2012`)", "example": "{group}"},
            "date": {"type": "date", "required": True, "label": "Date",
                     "help": "la date du témoignage, `AAAA-MM-JJ`", "example": "2026-01-31"},
        },
        "title": "Témoignage de {author}",
        "card": "includes/testimonial.html",
        "url": "livre-d-or/{event}/#{slug}",
        "save_as": "",
        "template": "guestbook_event",
        "index_url": "livre-d-or/",
        "index_template": "guestbook",
        "groups": [
            {
                "by": "event",
                "url": "livre-d-or/{value}/",
                "save_as": "livre-d-or/{value}/index.html",
                "template": "guestbook_event",
                "title": "Livre d’or : {value}",
            }
        ],
        "jsonld_type": "Review",
        "jsonld_nested": {"author": "Person", "affiliation": "Organization"},
        "jsonld_body": "reviewBody",
        "propose": {
            "label": "Ajouter un témoignage",
            "filename": "content/guestbook/{group}/prenom-nom.md",
            "body": "Votre témoignage, en quelques phrases.\n",
        },
    },
    "projects": {
        "label": "Projets",
        "item": "projet",
        "path": "projects",
        "fields": {
            "title": {"required": True, "jsonld": "name", "label": "Nom",
                      "help": "le nom du projet", "example": "Nom du projet"},
            "summary": {"type": "summary", "label": "Résumé",
                        "help": "une phrase qui dit ce que fait le projet",
                        "example": "Une phrase qui dit ce que fait le projet."},
            # `Stage`, not `Status`: Pelican's `Status` says whether an item is a draft.
            "stage": {"type": "choice", "choices": PROJECT_STAGES, "required": True,
                      "label": "État", "help": "où en est le projet", "example": "idée"},
            "place": {"jsonld": "location", "label": "Lieu", "help": "la ville ou le quartier",
                      "example": "Lille"},
            "started": {"type": "date", "jsonld": "foundingDate", "label": "Lancé le",
                        "help": "date de lancement, `AAAA-MM-JJ`"},
            "programme": {"type": "ref", "collection": "projects", "jsonld": "parentOrganization",
                          "label": "Programme", "help": "l’adresse du projet qui l’accueille"},
            "contact": {"label": "Contact", "help": "la personne à contacter", "personal": True,
                        "example": "Prénom Nom"},
            "email": {"type": "email", "jsonld": "email", "label": "Courriel",
                      "help": "une adresse de contact", "personal": True,
                      "example": "contact@example.org"},
            "phone": {"type": "phone", "jsonld": "telephone", "label": "Téléphone",
                      "help": "un numéro de contact", "personal": True},
            "website": {"type": "url", "jsonld": "url", "label": "Site web",
                        "help": "l’adresse complète, https://…"},
            "image": {"type": "image", "label": "Photo",
                      "help": "une photo rangée dans content/images/ (`images/nom.jpg`)"},
            "tags": {"type": "tags", "label": "Mots-clés", "help": "séparés par des virgules",
                     "example": "innovation sociale"},
        },
        "sort_by": "title",
        "reverse": False,
        "date_from": "started",
        "url": "projets/{slug}/",
        "save_as": "projets/{slug}/index.html",
        "template": "project",
        "index_url": "projets/",
        "index_template": "projects",
        "groups": [
            {
                "by": "stage",
                "url": "projets/statut/{value}/",
                "save_as": "projets/statut/{value}/index.html",
                "template": "projects_group",
                "title": "Projets : {value}",
            },
            {
                "by": "programme",
                "url": "projets/programme/{value}/",
                "save_as": "projets/programme/{value}/index.html",
                "template": "projects_group",
                "title": "Programme : {value}",
            },
            {
                "by": "tags",
                "url": "projets/mot-cle/{value}/",
                "save_as": "projets/mot-cle/{value}/index.html",
                "template": "projects_group",
                "title": "Projets : {value}",
            },
        ],
        "jsonld_type": "Project",
        "propose": {
            "label": "Proposer un projet",
            "filename": "content/projects/nom-du-projet.md",
            "body": (
                "## Genèse\n\nComment le projet est né.\n\n"
                "## Comment faire\n\nCe qu’il faut pour le refaire ailleurs.\n\n"
                "## Réussites\n\nCe qui a marché.\n\n"
                "## Difficultés\n\nCe qui a coincé, et comment vous l’avez surmonté.\n"
            ),
        },
    },
}  # fmt: skip

# Pelican's own cache stays off: plugins.content_reader keeps each file's result by content hash.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
CONTENT_READER_CACHE = True
IMAGES_CACHE = True
DELETE_OUTPUT_DIRECTORY = False
