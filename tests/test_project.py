"""The project itself: a clean clone builds with `invoke build`; the code is ruff clean."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import ROOT


def test_invoke_build_works_from_a_clean_checkout(tmp_path):
    """Only what git ships (tracked or not ignored) and this .venv's Python, which is what
    ./bootstrap.sh installs without --dev: no output, no cache, nothing from npm."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    checkout = tmp_path / "checkout"
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (checkout / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, checkout / name)
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "build"],
        cwd=checkout,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (checkout / "output/index.html").is_file()
    assert (checkout / "output/2013/territoires-en-reseaux/index.html").is_file()


def test_code_is_ruff_clean():
    for args in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_a_plugin_that_fails_to_load_fails_the_build(make_site):
    from pelican.settings import read_settings

    from conftest import DEV_SETTINGS

    plugins = read_settings(str(DEV_SETTINGS))["PLUGINS"] + ["plugins.does_not_exist"]
    build = make_site(
        {"pages/a.md": "Title: A\n\nTexte.\n"},
        PLUGINS=plugins,
    )
    assert build.returncode != 0
    assert "plugins.does_not_exist" in build.log


def test_messages_name_invoke_as_it_works_on_the_terminal_that_reads_them(tmp_path):
    """README's `.venv/bin/invoke`, unless this environment's `invoke` is on the PATH."""
    code = "from catalyst.tools.commands import invoke; print(invoke('build'))"
    system = os.pathsep.join(p for p in ("/usr/local/bin", "/usr/bin", "/bin") if os.path.isdir(p))
    venv_bin = os.path.dirname(sys.executable)
    said = {
        path: subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**os.environ, "PATH": path},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for path in (system, venv_bin + os.pathsep + system)
    }
    assert said[system] == os.path.relpath(os.path.join(venv_bin, "invoke"), ROOT) + " build"
    assert said[venv_bin + os.pathsep + system] == "invoke build"
