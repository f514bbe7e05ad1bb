"""The code's three layers (catalyst/__init__.py), as import-linter reads pyproject.toml.

Imports go down only: the tools, then the Pelican glue (`plugins/`), then the model; the model
uses Pelican only for its slugs; no plugin imports another, with no exception (what two plugins
share lives in the model). Scratch copies with one forbidden import show that each contract
can fail; one of them is a plugin importing another where a debt once let it.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import ROOT, copy_of_the_code, run_checker

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return run_checker([str(LINT_IMPORTS), "--no-cache"], root)


def test_every_contract_is_kept_and_every_listed_debt_still_exists():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout
    assert "No matches" not in result.stdout  # a debt paid off leaves the list


def test_every_plugin_is_held_to_the_independence_contract_without_exception():
    [independence] = [c for c in CONFIG["importlinter"]["contracts"] if c["type"] == "independence"]
    plugins = {f"plugins.{p.parent.name}" for p in (ROOT / "plugins").glob("*/__init__.py")}
    assert set(independence["modules"]) == plugins
    assert "ignore_imports" not in independence  # what two plugins share goes into the model


@pytest.fixture
def scratch(tmp_path) -> Path:
    return copy_of_the_code(tmp_path, ("catalyst", "plugins", "quality"))


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("catalyst/model/fields.py", "import plugins.images", "Imports go down"),
    ("catalyst/model/keys.py", "import catalyst.tools.release", "Imports go down"),
    ("plugins/sitemap/__init__.py", "import catalyst.tools.build", "Imports go down"),
    ("catalyst/model/licences.py", "import pelican.signals", "nothing of Pelican"),
    ("plugins/sitemap/__init__.py", "import plugins.edit_links", "No plugin imports another"),
    ("plugins/content_reader/__init__.py", "import plugins.images", "No plugin imports another"),
])  # fmt: skip
def test_one_forbidden_import_breaks_its_contract(scratch, module, line, contract):
    path = scratch / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = lint_imports(scratch)
    assert result.returncode == 1, result.stdout
    broken = [row for row in result.stdout.splitlines() if " BROKEN" in row]
    assert [row for row in broken if contract in row], result.stdout  # (more, when indirect)
