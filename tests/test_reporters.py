"""The reporters' registries: each format one class, chosen by name; the command line
offers exactly the registry's names, and starts without importing the library."""

import json
import subprocess
import sys
from pathlib import Path

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

from conftest import CHAUMONT, ROOT


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


@pytest.mark.parametrize(("document", "reads_a_pdf"), [("cpom", False), ("chaumont", True)])
def test_pypdf_is_loaded_only_by_a_check_that_reads_a_pdf(document: str, reads_a_pdf: bool) -> None:
    """pypdf (and the cryptography it loads) is a fifth of a check's start: a document
    without PDF annex does not pay it; Chaumont's model joins one."""
    path = {
        "cpom": ROOT / "conventions" / "cpom" / "cpom-relais-familles-2025-2027.yaml",
        "chaumont": ROOT / "conventions" / "chaumont.yaml",
    }[document]
    code = (
        "import sys; from pathlib import Path; from convgen.checking.check import check_file; "
        f"check_file(Path({str(path)!r})); print('pypdf' in sys.modules)"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == str(reads_a_pdf)


def test_a_models_finding_is_one_sarif_result_with_the_documents_that_inherit_it() -> None:
    from convgen.checking.check import check_file
    from convgen.reporting.reports import format_sarif

    cities = [ROOT / "conventions" / f"{city}.yaml" for city in ("chaumont", "epinal", "verdun")]
    log = json.loads(format_sarif([check_file(city) for city in cities]))
    run = log["runs"][0]
    annex = [
        r for r in run["results"]
        if r["ruleId"] == "CG704"
        and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
            "models/maison-des-competences.yaml"
        )
    ]  # fmt: skip
    # once per way the cities number it (Verdun drops an annex: « Annexe 2 » there), not
    # once per city; together they name each city once
    assert len(annex) == len({r["message"]["text"] for r in annex}) == 2
    related = [location for r in annex for location in r["relatedLocations"]]
    uris = [r["physicalLocation"]["artifactLocation"]["uri"] for r in related]
    assert sorted(Path(u).name for u in uris) == ["chaumont.yaml", "epinal.yaml", "verdun.yaml"]
    for location in related:  # index and uri name the same artifact
        artifact = location["physicalLocation"]["artifactLocation"]
        assert run["artifacts"][artifact["index"]]["location"]["uri"] == artifact["uri"]
    # a city's own finding has no related location
    own = [r for r in run["results"] if "epinal" in json.dumps(r["locations"])]
    assert own and all("relatedLocations" not in r for r in own)
