"""How a message names a task, so that the command works on the terminal that reads it.

`invoke` is installed in the project's virtualenv (bootstrap.sh), which volunteers rarely
activate: README tells them to type `.venv/bin/invoke reserve`, and a message saying
« invoke build » would answer « command not found ». A message names plain `invoke` when
the `invoke` on the PATH is this environment's (activated, or a CI runner's own Python),
else the path of this environment's, relative to where the command was started.
"""

from __future__ import annotations

import os
import shutil
import sys
from functools import cache
from pathlib import Path


@cache
def invoke_command() -> str:
    ours = Path(sys.executable).with_name("invoke")
    found = shutil.which("invoke")
    if found is not None and (not ours.exists() or Path(found).resolve() == ours.resolve()):
        return "invoke"
    if not ours.exists():
        return "invoke"
    shown = os.path.relpath(ours, Path.cwd())
    return shown if not shown.startswith("..") else str(ours)


def invoke(task: str) -> str:
    """`invoke TASK` as it works here: « .venv/bin/invoke build » or « invoke build »."""
    return f"{invoke_command()} {task}"
