"""The reporters' registries: each format one class, chosen by name; the command line
offers exactly the registry's names, and starts without importing the library."""

import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from convgen.cli import main
from convgen.foundation.errors import UsageError
from convgen.reporting import (
    FORMATS,
    REPORTERS,
    REVIEW_FORMATS,
    REVIEW_REPORTERS,
    RULES_FORMATS,
    reporter,
    review_reporter,
    rules_reporter,
)

from conftest import CHAUMONT


def _choices(*command: str, option: str = "output_format") -> tuple[str, ...]:
    group: click.Command = main
    for name in command:
        assert isinstance(group, click.Group)
        group = group.commands[name]
    [param] = [p for p in group.params if p.name == option]
    assert isinstance(param.type, click.Choice)
    return tuple(param.type.choices)


def test_the_formats_are_the_registry_s_names() -> None:
    assert FORMATS == ("text", "json", "github", "sarif") == tuple(REPORTERS)
    assert REVIEW_FORMATS == ("text", "markdown", "json") == tuple(REVIEW_REPORTERS)
    assert _choices("check") == FORMATS
    assert _choices("template", "check") == FORMATS
    assert _choices("diff") == REVIEW_FORMATS
    assert _choices("rules") == RULES_FORMATS
    assert all(REPORTERS[name].name == name for name in FORMATS)


def test_an_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="format inconnu : « yaml »"):
        reporter("yaml")
    with pytest.raises(UsageError):
        review_reporter("sarif")


def test_only_the_text_formats_have_colours() -> None:
    assert reporter("text", colour=True).colour
    assert not reporter("text", colour=False).colour
    assert not any(reporter(name, colour=True).colour for name in FORMATS if name != "text")


def test_a_reporter_says_what_the_command_prints() -> None:
    from convgen.checking.check import check_paths

    results = check_paths([str(CHAUMONT)])
    for name in FORMATS:
        printed = CliRunner().invoke(main, ["check", "--format", name, str(CHAUMONT)]).stdout
        assert printed == reporter(name).report(results) + "\n"
    assert json.loads(reporter("json").report(results))["format"] == "convgen-check"
    assert rules_reporter("text").report(None).startswith("CG0")


def test_help_imports_no_stage_but_the_reporters_names() -> None:
    code = (
        "import sys, convgen.cli; print(sorted(m for m in sys.modules if m.startswith('convgen.')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert eval(loaded) == [
        "convgen.cli",
        "convgen.foundation",
        "convgen.foundation.errors",
        "convgen.reporting",
        "convgen.reporting.terminal",
    ]
