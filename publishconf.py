"""Production settings: `invoke publish` builds with these.

Everything in pelicanconf.py, plus the public address, absolute links in feeds
and no drafts at all in the output.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403

SITEURL = "https://catalyst.anis.asso.fr"
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False

# A warning (an image without alt text, a link to a draft) fails the published build.
CONTENT_CHECKS_WARNINGS_FATAL = True

# Drafts are previewed locally under /brouillons/ but never published.
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
