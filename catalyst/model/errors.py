"""The one error for a setting the site cannot use, whoever reads the settings.

Its message names the plugin, the setting and the value, for the maintainer who set it.
"""

from __future__ import annotations


class SettingsError(ValueError):
    """A value of pelicanconf.py or publishconf.py that the site cannot use."""
