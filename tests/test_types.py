"""The model (catalyst/model, the bottom layer) type-checks, as mypy reads pyproject.toml.

Everything else stands on the model's types, fields and problems: a wrong type there is a bug
in every plugin that uses it. mypy checks every module of the model, strictly ([tool.mypy]);
scratch copies with one wrong function show that the check fails, at that function's line.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_of_the_code, run_checker

MODEL = "catalyst/model"


def mypy(root: Path) -> subprocess.CompletedProcess:
    return run_checker([sys.executable, "-m", "mypy"], root)


def test_every_module_of_the_model_type_checks():
    result = mypy(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    modules = len(list((ROOT / MODEL).rglob("*.py")))
    assert f"Success: no issues found in {modules} source files" in result.stdout


@pytest.fixture
def scratch(tmp_path) -> Path:
    return copy_of_the_code(tmp_path, ("catalyst",))


@pytest.mark.parametrize(("module", "code", "flagged", "error"), [
    ("catalyst/model/fields.py", 'def broken() -> int:\n    return "x"\n', '    return "x"',
     "return-value"),
    ("catalyst/model/typography/rules.py", "def untyped(s):\n    return s\n", "def untyped(s):",
     "no-untyped-def"),  # pyproject's strictness is read: mypy's default lets it pass
])  # fmt: skip
def test_one_wrong_function_fails_the_check_at_its_line(scratch, module, code, flagged, error):
    path = scratch / module
    text = path.read_text(encoding="utf-8") + f"\n\n{code}"
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index(flagged) + 1
    result = mypy(scratch)
    assert result.returncode == 1, result.stdout + result.stderr
    errors = [row for row in result.stdout.splitlines() if ": error: " in row]
    assert len(errors) == 1, result.stdout
    assert errors[0].startswith(f"{module}:{line}: error: "), result.stdout
    assert errors[0].endswith(f"[{error}]"), result.stdout
