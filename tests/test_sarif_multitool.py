"""The SARIF log against Microsoft's own validator, @microsoft/sarif-multitool (npm):
what GitHub's code scanning and the SARIF viewers read.

The tool comes from the npm lock at the repository root (``npm ci`` puts it in
node_modules/.bin), or from CONVGEN_SARIF_MULTITOOL (a path to it). Without it the test
is skipped, unless CONVGEN_REQUIRE_SARIF=1, where its absence fails."""

import json
import os
import subprocess
from pathlib import Path

import pytest

from convgen.checking.check import check_paths
from convgen.reporting.reports import format_sarif

from conftest import ROOT


def _multitool() -> Path:
    for candidate in (
        os.environ.get("CONVGEN_SARIF_MULTITOOL"),
        ROOT / "node_modules" / ".bin" / "sarif-multitool",
    ):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    if os.environ.get("CONVGEN_REQUIRE_SARIF") == "1":
        pytest.fail("@microsoft/sarif-multitool introuvable : lancez « npm ci » à la racine")
    pytest.skip("@microsoft/sarif-multitool absent (npm ci à la racine)")


def test_the_sarif_log_of_the_conventions_passes_the_sarif_multitool(tmp_path: Path) -> None:
    tool = _multitool()
    broken = tmp_path / "cassé.yaml"
    broken.write_text("document: convention\nparties: [a,\n", encoding="utf-8")
    log = tmp_path / "convgen.sarif"
    log.write_text(format_sarif(check_paths([ROOT / "conventions", broken])), encoding="utf-8")
    verdict = tmp_path / "verdict.sarif"
    run = subprocess.run(
        [str(tool), "validate", str(log), "--output", str(verdict)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    found = json.loads(verdict.read_text(encoding="utf-8"))["runs"][0]["results"]
    problems = [r for r in found if r.get("level", "warning") == "error"]
    assert problems == [], [r["message"] for r in problems]
    # the one remark allowed: an artifacts array holding only locations (SARIF2004), which
    # the index of each result needs
    assert {r["ruleId"] for r in found} <= {"SARIF2004"}
