"""The web editor's « pelican » file format keeps every content file as it is.

Decap CMS reads a file with the format's fromFile and writes it back with toFile
(plugins/web_editor/admin/pelican-format.js). Opening and saving a text must not
change a byte of it, and a new text must be written in the header format the
reader accepts. The checks are in tests/web_editor_format.test.cjs, run by Node's
own test runner with the options the build writes into editor.js.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

from pelican.settings import read_settings

from catalyst.model import read_model
from conftest import DEV_SETTINGS, ROOT
from plugins.web_editor import format_options, read_options
from plugins.web_editor.config import editor_config

TESTS = ROOT / "tests" / "web_editor_format.test.cjs"


def test_every_content_file_saved_unchanged_and_a_testimonial_written_as_the_reader_expects():
    node = shutil.which("node")
    assert node, "Node.js is missing: run ./bootstrap.sh (Debian's npm brings it)"
    settings = read_settings(str(DEV_SETTINGS))
    model = read_model(settings)
    options = format_options(model)
    assert {"tags", "authors", "speakers"} <= set(options["lists"])
    assert options["multiline"] == ["summary"]
    config = editor_config(model, read_options(settings))
    forms = {c["folder"]: [f["name"] for f in c["fields"]] for c in config["collections"]}
    env = dict(
        os.environ,
        WEB_EDITOR_FORMAT=json.dumps(options),
        WEB_EDITOR_FORMS=json.dumps(forms),
        WEB_EDITOR_CONTENT=str(ROOT / "content"),
    )
    result = subprocess.run(
        [node, "--test", "--test-reporter=tap", str(TESTS)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    files = sum(1 for _ in (ROOT / "content").rglob("*.md"))
    assert f"round trips: {files} files" in output, output
    assert "# pass 4" in output and "# fail 0" in output, output
