"""French typography, as rules over HTML text (`rules.typeset`) and plain text (`plain`).

The reader applies them to every item as it reads the file; plugins.typography_fr gives the
templates the `typo` filter; messages to volunteers use `french` for their spacing.
"""
