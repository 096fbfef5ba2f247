"""Models and shared parties: merge rules, positions in the right file, and what goes wrong."""

import shutil
from pathlib import Path

import pytest
import yaml

from convgen.checking.check import check_file
from convgen.loading.compose import compose
from convgen.loading.reader import load
from convgen.rendering import render
from convgen.rendering.ooxml import document_paragraphs

from conftest import ROOT, codes

PROGRAMME = ROOT / "conventions"


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    """A copy of the programme (model, shared parties, cities, annexes) in a project."""
    (tmp_path / "convgen.toml").write_text("", encoding="utf-8")
    target = tmp_path / "conventions"
    target.mkdir()
    for name in ("models", "parties", "annexes"):
        shutil.copytree(PROGRAMME / name, target / name)
    for city in ("chaumont", "epinal", "verdun"):
        shutil.copy(PROGRAMME / f"{city}.yaml", target)
    return target


def write(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def composed(path: Path) -> dict:
    result = compose(load(path))
    assert result.findings == []
    return result.document.data


def test_the_three_cities_check_clean_but_for_their_gaps() -> None:
    for city in ("chaumont", "epinal", "verdun"):
        result = check_file(PROGRAMME / f"{city}.yaml")
        assert result.model is not None, result.findings
        assert not result.has_errors, [f.message for f in result.findings]
        # CG306: no seed gives the representatives' authority to sign (information in a draft);
        # CG428: the model's rates have neither base amount nor ceiling
        assert set(codes(result)) <= {"CG101", "CG306", "CG428", "CG704"}


def test_a_city_gets_the_model_and_its_differences(programme: Path) -> None:
    data = composed(programme / "epinal.yaml")
    assert data["document"] == "convention" and "extends" not in data
    assert data["title"] == {
        "kind": "Contrat territorial pluriannuel",  # from the model
        "period": {"from": 2022, "to": 2027},
        "name": "Maison des compétences d'Épinal",  # from the city
        "subject": data["title"]["subject"],
    }
    # shared parties in the model's order, the city's two placed with « after »
    assert [p["id"] for p in data["parties"]] == [
        "prefecture", "region", "rectorat", "agglomeration",
        "banque-des-territoires", "cnam-grand-est", "cnam",
    ]  # fmt: skip
    rectorat = data["parties"][2]
    assert rectorat["name"] == "Rectorat de l'académie de Nancy-Metz"  # used under another id
    assert "after" not in data["parties"][3]
    prefecture = data["articles"][2]["commitments"][0]
    assert [item.get("key") if isinstance(item, dict) else None for item in prefecture["items"]] == [
        None, "subvention-investissement", "participation-fonctionnement",
    ]  # fmt: skip
    assert prefecture["items"][1]["figures"]["taux"] == {
        "percent": 20,
        "base": "coût total des investissements à caractère pédagogique",
    }  # the city's rate, the model's base
    assert prefecture["items"][1]["text"].startswith("Soutenir la montée en puissance")
    local = data["articles"][2]["commitments"][3]["items"]
    assert [i["key"] for i in local if isinstance(i, dict)] == ["locaux", "locaux-provisoires"]


def test_removing_an_item(programme: Path) -> None:
    data = composed(programme / "verdun.yaml")
    assert [a["key"] for a in data["annexes"]] == ["note-skillshub", "annexe-financiere"]


def test_findings_point_at_the_file_and_line_where_the_value_was_written(programme: Path) -> None:
    result = check_file(programme / "epinal.yaml")
    by_file = {}
    for finding in result.findings:
        if finding.code == "CG306":  # no authority to sign: at each shared representative
            lines = Path(finding.file).read_text(encoding="utf-8").splitlines()
            assert lines[finding.line - 1].strip() == "representative:", finding
            continue
        by_file.setdefault(Path(finding.file).name, []).append(finding)
    assert set(by_file) == {
        "epinal.yaml",
        "rectorat-nancy-metz.yaml",
        "maison-des-competences.yaml",
    }
    [annex] = by_file["maison-des-competences.yaml"]
    model_lines = (programme / "models" / "maison-des-competences.yaml").read_text().splitlines()
    assert (
        annex.code == "CG704" and model_lines[annex.line - 1].strip() == "- key: annexe-financiere"
    )
    party_lines = (programme / "parties" / "rectorat-nancy-metz.yaml").read_text().splitlines()
    for finding in by_file["rectorat-nancy-metz.yaml"]:
        assert "[" in party_lines[finding.line - 1]
    city_lines = (programme / "epinal.yaml").read_text().splitlines()
    for finding in by_file["epinal.yaml"]:
        # a gap « [NOM] » where it is written, or the rate Épinal sets (without a base, CG428)
        expected = "percent" if finding.code == "CG428" else "["
        assert expected in city_lines[finding.line - 1], finding


def test_a_gap_in_the_model_is_reported_in_the_model(programme: Path) -> None:
    model = programme / "models" / "maison-des-competences.yaml"
    text = model.read_text(encoding="utf-8")
    model.write_text(
        text.replace("d'un rapport annuel", "d'un rapport ... annuel"), encoding="utf-8"
    )
    result = check_file(programme / "chaumont.yaml")
    [gap] = [
        f
        for f in result.findings
        if f.code == "CG101" and f.file.endswith("maison-des-competences.yaml")
    ]
    lines = model.read_text(encoding="utf-8").splitlines()
    assert lines[gap.line].strip().startswith("Le comité de pilotage fixe")  # the paragraph
    assert gap.subject.startswith("Article 4 — Comité de pilotage")


def test_changing_a_shared_party_changes_every_convention(programme: Path) -> None:
    party = programme / "parties" / "cnam.yaml"
    party.write_text(
        party.read_text(encoding="utf-8")
        .replace("first_name: Olivier", "first_name: Élodie")
        .replace("last_name: Faron", "last_name: Martin")
        .replace("civility: M.", "civility: Mme"),
        encoding="utf-8",
    )
    for city in ("chaumont", "epinal", "verdun"):
        text = "\n".join(
            document_paragraphs(render(check_file(programme / f"{city}.yaml").model)[0])
        )
        assert "Madame\u00a0Élodie MARTIN" in text and "FARON" not in text


def test_a_suppression_in_the_model_applies_to_its_findings(programme: Path) -> None:
    model = programme / "models" / "maison-des-competences.yaml"
    text = model.read_text(encoding="utf-8")
    model.write_text(
        text.replace(
            "  - key: annexe-financiere\n",
            "  - key: annexe-financiere  # convgen: ignore CG704 -- jointe par chaque ville plus tard\n",
        ),
        encoding="utf-8",
    )
    result = check_file(programme / "chaumont.yaml")
    [annex] = [f for f in result.findings if f.code == "CG704"]
    assert annex.suppressed == "jointe par chaque ville plus tard"


def test_model_and_party_files_checked_on_their_own(programme: Path) -> None:
    model = check_file(programme / "models" / "maison-des-competences.yaml")
    assert not model.has_errors  # incomplete by design: no « champ obligatoire manquant »
    assert set(codes(model)) <= {"CG102", "CG704"}
    party = programme / "parties" / "cnam.yaml"
    party.write_text(
        party.read_text(encoding="utf-8").replace("gender: m", "genre: m"), encoding="utf-8"
    )
    found = check_file(party)
    assert {"CG010", "CG011"} <= set(codes(found))
    unknown = next(f for f in found.findings if f.code == "CG011")
    assert "vouliez-vous dire « gender »" in unknown.message
    assert unknown.subject == "Partie partagée « cnam »"


# --- what goes wrong ---------------------------------------------------------------------


def city(programme: Path, **changes) -> Path:
    data = yaml.safe_load((programme / "chaumont.yaml").read_text(encoding="utf-8"))
    data.update(changes)
    return write(programme / "ville.yaml", data)


def single(result, code: str):
    [finding] = result.findings
    assert finding.code == code, finding
    return finding


def test_model_not_found(programme: Path) -> None:
    result = check_file(city(programme, extends="models/absent.yaml"))
    finding = single(result, "CG020")
    assert "fichier introuvable" in finding.message and finding.line == 2
    assert result.model is None


def test_model_outside_the_project(programme: Path) -> None:
    finding = single(check_file(city(programme, extends="../../modele.yaml")), "CG020")
    assert "sort du dossier du projet" in finding.message


def test_a_convention_is_not_a_model(programme: Path) -> None:
    finding = single(check_file(city(programme, extends="epinal.yaml")), "CG020")
    assert (
        "n'est pas un modèle" in finding.message and "« document: convention »" in finding.message
    )


def test_models_extending_each_other_in_a_loop(programme: Path) -> None:
    models = programme / "models"
    write(models / "a.yaml", {"document": "model", "extends": "b.yaml"})
    write(models / "b.yaml", {"document": "model", "extends": "a.yaml"})
    finding = single(check_file(city(programme, extends="models/a.yaml")), "CG020")
    assert "en boucle : ville.yaml → a.yaml → b.yaml → a.yaml" in finding.message


def test_shared_party_not_found_or_wrong(programme: Path) -> None:
    data = yaml.safe_load((programme / "chaumont.yaml").read_text(encoding="utf-8"))
    data["parties"][0]["use"] = "rectorat-lille"
    finding = single(check_file(write(programme / "ville.yaml", data)), "CG021")
    assert "partie partagée « rectorat-lille » introuvable" in finding.message
    data["parties"][0]["use"] = "../secret"
    finding = single(check_file(write(programme / "ville.yaml", data)), "CG021")
    assert "minuscules, chiffres, tirets" in finding.message
    (programme / "parties" / "rectorat-lille.yaml").write_text(
        "document: party\nid: autre\n", encoding="utf-8"
    )
    data["parties"][0]["use"] = "rectorat-lille"
    finding = single(check_file(write(programme / "ville.yaml", data)), "CG021")
    assert "définit la partie « autre », pas « rectorat-lille »" in finding.message


def test_merge_instructions_that_cannot_apply(programme: Path) -> None:
    finding = single(check_file(city(programme, annexes=[{"remove": "absente"}])), "CG022")
    assert "rien à retirer : aucun élément « absente »" in finding.message
    data = yaml.safe_load((programme / "chaumont.yaml").read_text(encoding="utf-8"))
    data["parties"][1]["after"] = "mairie"
    finding = single(check_file(write(programme / "ville.yaml", data)), "CG022")
    assert "« after: mairie » : aucun élément « mairie »" in finding.message
    finding = single(check_file(city(programme, preamble=[{"remove": "x"}])), "CG022")
    assert "dont les éléments n'ont pas d'identifiant" in finding.message


def test_a_list_without_identities_is_replaced(programme: Path) -> None:
    data = composed(city(programme, preamble=["Un seul paragraphe."]))
    assert data["preamble"] == ["Un seul paragraphe."]


def test_reports_name_the_file_of_each_finding(programme: Path) -> None:
    import json

    from convgen.reporting.reports import format_check

    result = check_file(programme / "epinal.yaml")
    text = format_check([result], "text", colour=False)
    party = programme / "parties" / "rectorat-nancy-metz.yaml"
    assert f"    - prénom à compléter ({party}, ligne 13)" in text  # to settle in the party's file
    assert "    - prénom à compléter (ligne 29)" in text  # the city's own
    run = json.loads(format_check([result], "sarif", colour=False))["runs"][0]
    uris = [a["location"]["uri"] for a in run["artifacts"]]
    for item in run["results"]:
        location = item["locations"][0]["physicalLocation"]["artifactLocation"]
        assert uris[location["index"]] == location["uri"]
    # the city, the model, and the five shared parties whose representative's authority to
    # sign is not given (CG306): the rectorat's and four others
    shared = {"prefecture", "region", "banque-des-territoires", "cnam-grand-est", "cnam"}
    assert len(uris) == 3 + len(shared)
    readiness = json.loads(format_check([result], "json", colour=False))["files"][0]["readiness"]
    assert {i["file"] for p in readiness["parties"] for i in p["items"]} == {
        str(programme / "epinal.yaml"),
        str(party),
        *(str(programme / "parties" / f"{name}.yaml") for name in shared),
    }


def test_a_finding_of_the_model_is_reported_once_in_machine_formats(programme: Path) -> None:
    import json
    from collections import Counter

    from convgen.checking.check import check_paths
    from convgen.reporting.reports import format_github, format_sarif, format_text

    model = programme / "models" / "maison-des-competences.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace("copies: 7", "copies: 3"))
    results = check_paths([programme])
    per_city = [f for r in results for f in r.findings if f.code == "CG301"]
    assert len(per_city) == 3 and {f.file for f in per_city} == {str(model)}
    run = json.loads(format_sarif(results))["runs"][0]
    assert [i["ruleId"] for i in run["results"]].count("CG301") == 1
    prints = Counter(i["partialFingerprints"]["convgenFinding/v1"] for i in run["results"])
    assert max(prints.values()) == 1
    uris = [a["location"]["uri"] for a in run["artifacts"]]
    for item in run["results"]:
        location = item["locations"][0]["physicalLocation"]["artifactLocation"]
        assert uris[location["index"]] == location["uri"]
    annotations = [line for line in format_github(results).splitlines() if line.startswith("::")]
    assert len([a for a in annotations if "CG301" in a]) == 1
    assert len(annotations) == len(set(annotations))
    # each city's summary still counts its error, and the text report keeps it per city
    assert format_github(results).count(" : 1 erreur") == 3
    assert format_text(results).count("CG301") == 3


def test_of_equal_findings_the_most_severe_and_unsuppressed_is_kept(programme: Path) -> None:
    from dataclasses import replace

    from convgen.checking.check import CheckResult
    from convgen.foundation.findings import Finding, Severity
    from convgen.reporting.reports import unique_findings

    gap = Finding("CG101", Severity.WARNING, "mention à compléter", "m.yaml", 3, 5, "Objet")
    final = replace(gap, severity=Severity.ERROR)
    quiet = replace(final, suppressed="motif")
    other = replace(gap, line=4)
    results = [
        CheckResult(Path("a.yaml"), [gap, other]),
        CheckResult(Path("b.yaml"), [quiet]),
        CheckResult(Path("c.yaml"), [final, gap]),
    ]
    assert unique_findings(results) == [final, other]
