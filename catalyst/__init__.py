"""Catalyst Publications' code in three layers; imports only go down (import-linter checks it).

- `catalyst.tools`: the command lines (build, release, preview, new, check, captures, the
  letter's sending); tasks.py and the workflows only call them. `quality/` is a tool too.
- `plugins/` (top level, beside this package): the Pelican glue, one plugin per folder, which
  adapts the model's results to Pelican's objects and signals.
- `catalyst.model`: the content model (types, fields, licences) and the rules every layer
  shares (problems, the outputs registry); no Pelican beyond `slugify`.
"""
