"""Sending the weekly letter that the build writes as `output/lettre/<ID>/<ID>.eml`.

The build side (plugins/newsletter) writes each issue once; this package delivers it,
one message per subscriber, resumably, and keeps the subscribers' base. It is meant
for small lists; a large one belongs on a real list server. One module per concern:
`config` (the environment), `subscribers` (the SQLite base), `csvfile` (importing and
exporting it as CSV), `roster` (the commands that change it), `issue` (the released
issue and the copy a send keeps), `message` (each recipient's copy and its list
headers), `journal` (who has it already), `smtp` (the server's answers), `plan` (who
receives this run), `control` (pace, Ctrl-C, progress), `send` (the loop), `settle`
(the operator's word on a delivery whose reply was lost), `french` (what the operator
reads); `python -m catalyst.tools.newsletter` is the command line that tasks.py wraps.
"""
