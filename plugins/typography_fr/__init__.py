"""typography_fr — French typography for Pelican's templates (replaces TYPOGRIFY).

The rules live in catalyst.model.typography (``typeset(html, lang="fr")``);
plugins.content_reader applies them to every item's body, title and summary
as it reads the file (once, cached). This plugin gives templates the ``typo``
filter. Settings: ``SETTINGS`` (read by the model's ``typography_options``).
"""

from __future__ import annotations

from functools import lru_cache

from catalyst.model.settings_spec import Setting
from catalyst.model.typography.rules import typeset, typography_options

SETTINGS = (  # read by catalyst.model.typography.rules.typography_options, for the reader too
    Setting(
        "TYPOGRAPHY_ENABLED",
        True,
        "`False` turns typography off (the reader and the `typo` filter leave text unchanged)",
    ),
    Setting(
        "TYPOGRAPHY_IGNORE_TAGS",
        (),
        'extra HTML tags whose text is never changed, e.g. `("q", "abbr")`',
    ),
)


def add_jinja_filter(generator) -> None:
    """``generator_init`` receiver: expose ``typeset`` as the Jinja filter ``typo``."""
    env = getattr(generator, "env", None)
    if env is None:
        return
    enabled, lang, ignore = typography_options(generator.settings)

    @lru_cache(maxsize=65536)  # a title is set again on every listing that shows it
    def typed(text: str, lang: str) -> str:
        return typeset(text, lang=lang, ignore_tags=ignore)

    def typo(value, lang: str = lang) -> str:
        if value is None:
            return ""
        if not enabled:
            return value
        text = typed(str(value), lang)
        return type(value)(text) if hasattr(value, "__html__") else text

    env.filters["typo"] = typo


def register():
    """Connect the ``typo`` Jinja filter."""
    from pelican import signals

    signals.generator_init.connect(add_jinja_filter)
