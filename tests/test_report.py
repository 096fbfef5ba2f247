"""Report formats: text, JSON (against its schema), GitHub annotations, SARIF 2.1.0."""

import json
from pathlib import Path

import jsonschema
import pytest

from convgen.checking.check import check_file, check_paths
from convgen.reporting.reports import (
    fingerprint,
    format_github,
    format_json,
    format_rules_markdown,
    format_sarif,
    format_text,
    pointer,
)

from conftest import CHAUMONT, ROOT, SAINT_DIZIER


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rapport")
    broken = folder / "cassé.yaml"
    broken.write_text("document: convention\nparties: [a,\n", encoding="utf-8")
    return check_paths([SAINT_DIZIER, CHAUMONT, broken])


def test_json_report_follows_its_schema(results) -> None:
    report = json.loads(format_json(results))
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(report, schema)
    assert report["summary"] == {
        "files": 3,
        "unreadable": 1,
        "errors": 2,
        "warnings": 13,
        "info": 12,
        "suppressed": 0,
    }
    saint_dizier, chaumont, broken = report["files"]
    assert saint_dizier["status"] == "draft" and saint_dizier["kind"] == "convention"
    copies = next(f for f in saint_dizier["findings"] if f["code"] == "CG301")
    assert copies["pointer"] == "/signature/copies" and copies["line"] == 441
    assert copies["rule"] == "copies" and copies["severity"] == "error"
    assert chaumont["readiness"]["ready"] is True  # a final version: nothing left to provide
    assert saint_dizier["readiness"]["ready"] is False
    assert broken["readable"] is False and broken["readiness"] is None
    assert broken["findings"][0]["code"] == "CG001"
    assert broken["error"]["line"] == 2  # the bracket left open, not past the end


def test_readiness_in_json(results) -> None:
    readiness = json.loads(format_json(results))["files"][0]["readiness"]
    prefecture = readiness["parties"][0]
    assert prefecture["id"] == "prefecture"
    assert [i["what"] for i in prefecture["items"]] == [
        "qualité du représentant à préciser",
        "habilitation du représentant à préciser",
        "montant de base ou plafond du taux à préciser",
        "taux à compléter",
        "montant de base ou plafond du taux à préciser",
        "taux à compléter",
    ]
    assert [i["code"] for i in readiness["document"]] == ["CG303", "CG301", "CG704"]


def test_text_report_has_findings_summaries_and_readiness(results) -> None:
    readable = [r for r in results if r.error is None]
    text = format_text(readable)
    assert "conventions/saint-dizier.yaml:441:11: erreur CG301 Signature — " in text
    assert "Avant signature :" in text
    assert "2 fichiers vérifiés : 1 erreur, 13 avertissements" in text


def test_github_annotations(results) -> None:
    lines = format_github(results).splitlines()
    annotation = next(line for line in lines if "CG301" in line)
    assert annotation.startswith(f"::error file={SAINT_DIZIER},line=441,col=11,title=CG301 ")
    assert "::Signature — la convention est établie en 6 exemplaires" in annotation
    assert any(line.startswith("::notice ") and "CG305" in line for line in lines)
    assert any("title=CG001 Fichier illisible::" in line for line in lines)
    assert all("\n" not in line for line in lines)


def test_github_escaping(minimal, check_data) -> None:
    minimal["articles"][0]["body"] = ["Voir l'@{article:absent}, 100%\nsûr."]
    result = check_data(minimal, name="a,b:c.yaml")
    [line] = [x for x in format_github([result]).splitlines() if x.startswith("::")]
    assert "file=a%2Cb%3Ac.yaml," in line


def test_sarif_log(results) -> None:
    log = json.loads(format_sarif(results))
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    rules = driver["rules"]
    assert driver["name"] == "convgen" and driver["language"] == "fr-FR"
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert run["columnKind"] == "unicodeCodePoints"
    assert len(run["artifacts"]) == 3
    for result in run["results"]:
        rule = rules[result["ruleIndex"]]
        assert rule["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"]
        [location] = result["locations"]
        physical = location["physicalLocation"]
        assert physical["region"]["startLine"] >= 1 and physical["region"]["startColumn"] >= 1
        assert (
            run["artifacts"][physical["artifactLocation"]["index"]]["location"]["uri"]
            == (physical["artifactLocation"]["uri"])
        )
        assert len(result["partialFingerprints"]["convgenFinding/v1"]) == 32
    uris = {a["location"]["uri"] for a in run["artifacts"]}
    assert any(uri.endswith("cass%C3%A9.yaml") for uri in uris)


def test_sarif_suppressions_and_stable_fingerprints(minimal, check_text) -> None:
    from conftest import dump

    minimal["signature"]["copies"] = 1
    text = dump(minimal).replace("  copies: 1\n", "  copies: 1  # convgen: ignore CG301 -- voulu\n")
    result = check_text(text)
    [item] = json.loads(format_sarif([result]))["runs"][0]["results"]
    assert item["suppressions"] == [{"kind": "inSource", "justification": "voulu"}]
    moved = check_text("# une ligne de plus\n" + text)
    assert fingerprint(moved.findings[0]) == fingerprint(result.findings[0])
    assert moved.findings[0].line == result.findings[0].line + 1


def test_pointer_escapes() -> None:
    assert pointer(("budget", "party_totals", "a/b~c")) == "/budget/party_totals/a~1b~0c"
    assert pointer(()) == ""


def test_docs_rules_md_is_up_to_date() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == format_rules_markdown() + "\n", (
        "run: convgen rules --format markdown > docs/rules.md"
    )


def test_every_code_of_the_registry_is_documented() -> None:
    text = format_rules_markdown()
    from convgen.checking.rules import catalogue

    for entry in catalogue():
        assert f"### {entry.code}" in text and entry.doc in text


def test_unreadable_file_position_comes_from_the_error(tmp_path: Path) -> None:
    broken = tmp_path / "x.yaml"
    broken.write_text("a:\n\tb: 1\n")
    report = json.loads(format_json([check_file(broken)]))
    [finding] = report["files"][0]["findings"]
    assert (finding["code"], finding["line"], finding["column"]) == ("CG001", 2, 1)
    assert "tabulation" in finding["message"]
