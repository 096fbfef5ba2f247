"""Positive and negative fixture files, each checked through the command line.

A negative fixture declares in its first comments the codes it must trip
(``# expect: CG101 CG102``, no other code may appear) and the exit status
(``# exit: 1``).
"""

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from convgen.cli import main

from conftest import FIXTURES, fixture_header

VALID = sorted((FIXTURES / "valid").glob("*.yaml"))
INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_fixtures_have_no_error(path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert " erreur " not in result.output


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_fixtures_trip_exactly_their_codes(path: Path) -> None:
    expected_exit = int(fixture_header(path, "exit") or 1)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == expected_exit, result.output
    found = set(re.findall(r": (?:erreur|avertissement) (CG\d{3}) ", result.stdout))
    expected = set((fixture_header(path, "expect") or "").split())
    assert found == expected
    if expected_exit == 2:
        assert result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1
