"""The tools: command lines that build, release, preview, create, check and send.

`build` runs Pelican in this process and turns its outcome into French for volunteers;
`release` stages a build and switches the served site atomically; `cli` is
`python -m catalyst build|check`. tasks.py only wraps them.
"""
