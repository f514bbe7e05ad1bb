"""typography_fr — French typography for Pelican content (replaces TYPOGRIFY).

Enable with ``PLUGIN_PATHS = ["plugins"]`` and ``PLUGINS = ["typography_fr"]``.
Settings: ``TYPOGRAPHY_ENABLED`` (default True) and ``TYPOGRAPHY_IGNORE_TAGS``
(extra tag names whose text is left alone, default ``()``).  The rules live in
:mod:`typography_fr.rules` (``typeset(html, lang="fr")``).
"""


def register():
    """Connect the content receiver and the ``typo`` Jinja filter."""
    from pelican import signals

    from .rules import add_jinja_filter, typeset_content

    signals.content_object_init.connect(typeset_content)
    signals.generator_init.connect(add_jinja_filter)
