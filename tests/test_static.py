"""The code as CI reads it: ruff's lint and format, and mypy in strict mode over the
whole package (configuration in pyproject.toml). Run with the suite, so that the
README's one test command checks them too."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} n'est pas installé : lancez la commande de test du README")
    return found


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing() -> None:
    completed = _run(_tool("ruff"), "check", "src", "tests", "tools", "benchmarks")
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_the_code_is_formatted() -> None:
    completed = _run(_tool("ruff"), "format", "--check", "src", "tests", "tools", "benchmarks")
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_mypy_strict_passes() -> None:
    completed = _run(_tool("mypy"))
    assert completed.returncode == 0, completed.stdout[-6000:] + completed.stderr
