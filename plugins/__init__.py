"""Catalyst Publications' own Pelican plugins, one concern per sub-package.

Each sub-package exposes `register()` and is listed by dotted name in
`PLUGINS` (pelicanconf.py).
"""
