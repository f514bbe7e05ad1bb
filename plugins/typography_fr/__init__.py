"""typography_fr — French typography for Pelican content (replaces TYPOGRIFY).

The rules live in :mod:`typography_fr.rules` (``typeset(html, lang="fr")``);
plugins.content_reader applies them to every item's body, title and summary
as it reads the file (once, cached). This plugin gives templates the ``typo``
filter. Settings: ``TYPOGRAPHY_ENABLED`` (default True) and
``TYPOGRAPHY_IGNORE_TAGS`` (extra tag names whose text is left alone).
"""


def register():
    """Connect the ``typo`` Jinja filter."""
    from pelican import signals

    from .rules import add_jinja_filter

    signals.generator_init.connect(add_jinja_filter)
