"""Orchestration that is not a Pelican plugin: building, checking, releasing.

`build` runs Pelican in this process and turns its outcome into French for
volunteers; `release` stages a build and switches the served site atomically.
`python -m catalyst` is their command line; tasks.py only wraps them.
"""
