"""Sending the weekly letter that the build writes as `output/lettre/<ID>/<ID>.eml`.

The build side (plugins/newsletter) writes each issue once; this package delivers it,
one message per subscriber, resumably, and keeps the subscribers' file. One module
per concern: `config` (the environment), `subscribers` and `roster` (the CSV and the
commands that change it), `issue` (the released issue and the copy a send keeps),
`message` (each recipient's copy and its list headers), `journal` (who has it
already), `smtp` (the server's answers), `plan` (who receives this run), `control`
(pace, Ctrl-C, progress), `send` (the loop), `french` (what the operator reads);
`python -m catalyst.tools.newsletter` is the command line that tasks.py wraps.
"""
