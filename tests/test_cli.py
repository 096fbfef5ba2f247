"""End-to-end through the command line (click's CliRunner)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from convgen.cli import main
from convgen.rendering.ooxml import document_paragraphs

from conftest import CHAUMONT, ROOT, SAINT_DIZIER, dump

FINDING = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>erreur|avertissement) (?P<code>CG\d{3}) "
)


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_check_saint_dizier_lists_gaps_and_inconsistencies_with_their_lines() -> None:
    result = invoke("check", str(SAINT_DIZIER))
    assert result.exit_code == 1  # six originals for seven signatories is an error
    findings = [m for m in map(FINDING.match, result.stdout.splitlines()) if m]
    assert len([m for m in findings if m["code"] in ("CG101", "CG102")]) == 6
    assert all(m["file"] == str(SAINT_DIZIER) and int(m["line"]) > 0 for m in findings)
    # informations: five qualities (CG305) and seven authorities to sign (CG306) not given
    assert (
        f"{SAINT_DIZIER} : 1 erreur, 13 avertissements, 12 informations (projet)" in result.stdout
    )
    assert "Avant signature :" in result.stdout
    assert "  CNAM en Grand Est (cnam-grand-est) : 1 point à régler" in result.stdout
    assert "    - habilitation du représentant à préciser (ligne 90)" in result.stdout


def test_strict_makes_warnings_errors() -> None:
    assert invoke("check", "--strict", str(CHAUMONT)).exit_code == 0
    result = invoke("check", "--strict", str(SAINT_DIZIER))
    assert result.exit_code == 1
    assert "14 erreurs, aucun avertissement, 12 informations" in result.stdout


def test_check_a_directory(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.yaml").write_text(CHAUMONT.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.yml").write_text(SAINT_DIZIER.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("pas du YAML")
    result = invoke("check", str(tmp_path))
    assert result.exit_code == 1
    # b.yml is away from the annex files saint-dizier.yaml joins: two CG701 more
    assert "2 fichiers vérifiés : 1 erreur, 15 avertissements" in result.stdout


def test_unreadable_input_exits_2_with_one_line(tmp_path: Path) -> None:
    result = invoke("check", str(tmp_path / "absent.yaml"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"convgen : {tmp_path / 'absent.yaml'}: fichier introuvable"
    empty = tmp_path / "vide"
    empty.mkdir()
    result = invoke("check", str(empty))
    assert result.exit_code == 2
    assert "aucun fichier YAML" in result.stderr


def test_one_unreadable_file_does_not_hide_the_others(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [1,\n")
    result = invoke("check", str(bad), str(CHAUMONT))
    assert result.exit_code == 2
    assert "bad.yaml:1:4: syntaxe YAML : crochet « [ » ouvert ici et jamais fermé" in result.stderr
    assert "chaumont-final.yaml : aucune erreur" in result.stdout


def test_usage_errors_exit_2() -> None:
    assert invoke("check").exit_code == 2
    assert invoke("build").exit_code == 2
    assert invoke("frobnicate").exit_code == 2
    assert invoke("build", str(CHAUMONT), "--template", "absent.docx").exit_code == 2


def test_build_a_draft_writes_the_document(tmp_path: Path) -> None:
    target = tmp_path / "out" / "sd.docx"
    result = invoke("build", str(SAINT_DIZIER), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert (
        f"Document écrit : {target} (1 erreur à corriger avant la version finale, "
        "13 avertissements, lacunes surlignées, 14 constats en commentaires)"
    ) in result.stdout
    paragraphs = document_paragraphs(target.read_bytes())
    assert paragraphs[0] == "Contrat territorial pluriannuel"
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask  # not the 0600 of a temporary file
    assert (
        "Article 6 bis\u00a0: Avenant modification la convention en cours d’exercice" in paragraphs
    )


def test_build_into_a_directory_and_beside_the_source(tmp_path: Path) -> None:
    result = invoke("build", str(CHAUMONT), "-o", str(tmp_path))
    assert result.exit_code == 0
    assert (tmp_path / "chaumont-final.docx").is_file()
    source = tmp_path / "copie.yaml"
    source.write_text(CHAUMONT.read_text(encoding="utf-8"), encoding="utf-8")
    assert invoke("build", str(source)).exit_code == 0
    assert (tmp_path / "copie.docx").is_file()


def test_a_final_document_with_errors_is_refused(tmp_path: Path) -> None:
    data = yaml.safe_load(CHAUMONT.read_text(encoding="utf-8"))
    data["articles"][1]["commitments"][1]["items"][0]["figures"]["part"]["percent"] = "..."
    source = tmp_path / "refusee.yaml"
    source.write_text(dump(data), encoding="utf-8")
    result = invoke("build", str(source))
    assert result.exit_code == 1
    assert "erreur CG102" in result.stdout
    assert "Génération refusée : version finale avec des erreurs" in result.stdout
    assert not (tmp_path / "refusee.docx").exists()
    assert list(tmp_path.iterdir()) == [source]  # no temporary file left behind


def test_a_broken_template_is_one_line_on_stderr(tmp_path: Path) -> None:
    fake = tmp_path / "faux.docx"
    fake.write_text("x")
    result = invoke("build", str(CHAUMONT), "-o", str(tmp_path / "x.docx"), "--template", str(fake))
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("convgen : ")
    assert "pas un modèle Word" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_build_of_unreadable_input_exits_2(tmp_path: Path) -> None:
    result = invoke("build", str(tmp_path / "absent.yaml"))
    assert result.exit_code == 2
    assert "fichier introuvable" in result.stderr


def test_help_and_version() -> None:
    result = invoke("--help")
    assert result.exit_code == 0 and "check" in result.stdout and "build" in result.stdout
    assert invoke("--version").stdout.startswith("convgen, version ")


def test_convgen_alone_shows_its_help_in_french() -> None:
    # a newcomer's first command: the list of commands, not « usage incorrect »
    completed = subprocess.run(
        [sys.executable, "-m", "convgen"], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("Utilisation : convgen [OPTIONS] COMMANDE")
    assert "build" in completed.stdout and "Usage:" not in completed.stdout


def test_module_entry_point() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "convgen", "check", str(CHAUMONT)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "aucune erreur" in completed.stdout


def test_builds_are_byte_identical_across_processes(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        target = tmp_path / f"sd-{seed}.docx"
        subprocess.run(
            [sys.executable, "-m", "convgen", "build", str(SAINT_DIZIER), "-o", str(target)],
            capture_output=True,
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


def test_check_formats(tmp_path: Path) -> None:
    result = invoke("check", "--format", "json", str(SAINT_DIZIER))
    assert result.exit_code == 1
    assert json.loads(result.stdout)["summary"]["errors"] == 1
    result = invoke("check", "--format", "sarif", str(CHAUMONT))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["version"] == "2.1.0"
    result = invoke("check", "--format", "github", str(SAINT_DIZIER))
    assert any(line.startswith("::error file=") for line in result.stdout.splitlines())
    assert invoke("check", "--format", "xml", str(CHAUMONT)).exit_code == 2


def test_unreadable_files_in_machine_formats_are_in_the_report(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [1,\n")
    result = invoke("check", "--format", "json", str(bad))
    assert result.exit_code == 2
    assert json.loads(result.stdout)["files"][0]["findings"][0]["code"] == "CG001"


def test_check_with_a_configuration(tmp_path: Path) -> None:
    settings = tmp_path / "convgen.toml"
    settings.write_text('ignore = ["CG301", "CG305"]\n')
    result = invoke("check", "--config", str(settings), str(SAINT_DIZIER))
    assert result.exit_code == 0
    assert "CG301" not in result.stdout and "CG305" not in result.stdout
    settings.write_text('ignore = ["CG201"]\n')
    result = invoke("check", "--config", str(settings), str(SAINT_DIZIER))
    assert result.exit_code == 2
    assert "CG201 ne peut pas être ignoré" in result.stderr


def test_configuration_is_found_from_the_current_directory(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.convgen]\nignore = ["CG301"]\n')
    monkeypatch.chdir(tmp_path)
    result = invoke("check", str(SAINT_DIZIER))
    assert result.exit_code == 0 and "CG301" not in result.stdout


def test_skip_other_yaml(tmp_path: Path) -> None:
    (tmp_path / ".gitlab-ci.yml").write_text("job:\n  script: [make]\n")
    result = invoke("check", "--skip-other-yaml", str(tmp_path / ".gitlab-ci.yml"), str(CHAUMONT))
    assert result.exit_code == 0
    assert "gitlab" not in result.stdout
    assert invoke("check", str(tmp_path / ".gitlab-ci.yml")).exit_code == 1


def test_rules_command() -> None:
    result = invoke("rules")
    assert result.exit_code == 0
    assert "CG301  erreur        Nombre d'exemplaires originaux" in result.stdout
    assert invoke("rules", "--format", "markdown").stdout.startswith("# Les règles de convgen")


def test_schema_command() -> None:
    result = invoke("schema")
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    assert printed["title"] == "Convention multipartite"
    # self-contained: every reference stays inside the printed file
    refs = re.findall(r'"\$ref": "([^"]*)"', result.stdout)
    assert refs and all(ref.startswith("#") for ref in refs)
    assert "common.schema.json" in printed["$defs"]
    shipped = json.loads((ROOT / "schemas" / "convention.schema.json").read_text("utf-8"))
    assert printed["properties"].keys() == shipped["properties"].keys()


def test_new_convention_is_valid_and_lists_what_to_write(tmp_path: Path) -> None:
    result = invoke("new", "convention", "Maison des compétences de Chaumont", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    written = tmp_path / "maison-des-competences-de-chaumont.yaml"
    assert written.is_file()
    assert written.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    check = invoke("check", str(written))
    assert check.exit_code == 0, check.stdout  # only gaps, which are warnings in a draft
    codes = set(re.findall(r" (CG\d{3}) ", check.stdout))
    assert codes == {"CG101", "CG102", "CG704"}  # gaps, and an annex still to provide
    assert invoke("new", "convention", "Autre", "-o", str(written)).exit_code == 2  # no overwrite
    build = invoke("build", str(written), "-o", str(tmp_path / "squelette.docx"))
    assert build.exit_code == 0


def test_new_uses_the_projects_schema_copy(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "convention.schema.json").write_text("{}")
    (tmp_path / "conventions").mkdir()
    monkeypatch.chdir(tmp_path / "conventions")
    assert invoke("new", "convention", "Troyes").exit_code == 0
    first = (tmp_path / "conventions" / "troyes.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/convention.schema.json"


def test_pre_commit_hook_runs_as_pre_commit_would(tmp_path: Path) -> None:
    """Run the hook's entry on staged-like files the way pre-commit does."""
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "convgen-check" and hook["language"] == "python"
    assert "yaml" in hook["types"]
    other = tmp_path / "config.yaml"
    other.write_text("unrelated: true\n")
    entry = hook["entry"].split()
    assert entry[0] == "convgen"
    command = [sys.executable, "-m", "convgen", *entry[1:]]
    ok = subprocess.run([*command, str(CHAUMONT), str(other)], capture_output=True, check=False)
    assert ok.returncode == 0, ok.stdout
    failing = subprocess.run([*command, str(SAINT_DIZIER)], capture_output=True, check=False)
    assert failing.returncode == 1
    assert b"CG301" in failing.stdout


def test_new_deliberation_is_valid_and_builds(tmp_path: Path) -> None:
    result = invoke("new", "deliberation", "Approbation du contrat", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    written = tmp_path / "approbation-du-contrat.yaml"
    check = invoke("check", str(written))
    assert check.exit_code == 0, check.stdout
    assert set(re.findall(r" (CG\d{3}) ", check.stdout)) == {"CG101", "CG102"}  # only gaps
    assert invoke("build", str(written), "-o", str(tmp_path / "d.docx")).exit_code == 0
    assert json.loads(invoke("schema", "deliberation").stdout)["title"] == (
        "Extrait du registre des délibérations"
    )


def test_check_the_conventions_folder(tmp_path: Path) -> None:
    result = invoke("check", "--format", "json", str(ROOT / "conventions"))
    report = json.loads(result.stdout)
    kinds = {Path(f["file"]).name: f["kind"] for f in report["files"]}
    assert kinds == {
        "saint-dizier-deliberation.yaml": "deliberation",
        "saint-dizier.yaml": "convention",
        "chaumont.yaml": "convention",
        "epinal.yaml": "convention",
        "verdun.yaml": "convention",
        "maison-des-competences.yaml": "model",  # checked, not built
        **{
            p.name: "convention"
            for p in (ROOT / "conventions").glob("*/*.yaml")
            if p.parent.name not in ("parties", "models")
        },  # the six kinds (test_shapes.py)
        **{p.name: "party" for p in (ROOT / "conventions" / "parties").glob("*.yaml")},
    }
    assert result.exit_code == 1  # saint-dizier.yaml: six originals for seven signatories


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["build"], "convgen build : argument manquant : SOURCES"),
        (["check", "--nope"], "convgen check : option inconnue --nope"),
        (["check", "x", "--format", "xml"], "valeurs permises : text, json, github, sarif"),
        (["build", "-j", "abc", "x"], "-j/--jobs (un nombre entier attendu)"),
        (["frobnicate"], "convgen : commande inconnue ; commandes : avenant, build, check"),
        (["rules", "extra"], "convgen rules : argument en trop"),
        (["schema", "foo"], "convgen schema : valeur invalide pour TYPE ; valeurs permises"),
    ],
)
def test_usage_errors_are_said_in_french(args: list[str], words: str) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "convgen", *args], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 2
    assert words in completed.stderr, completed.stderr
    for english in ("Usage:", "Error:", "Try '", "No such", "Missing"):
        assert english not in completed.stderr


@pytest.mark.parametrize(
    "command",
    [[], ["check"], ["build"], ["diff"], ["new"], ["schema"], ["rules"], ["template"],
     ["template", "check"]],
)  # fmt: skip
def test_help_is_said_in_french(command: list[str]) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "convgen", *command, "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0
    assert completed.stdout.startswith(f"Utilisation : convgen {' '.join(command)}".rstrip())
    assert "Afficher cette aide et quitter." in completed.stdout
    for english in (r"Usage:", r"Show this message", r"default:", r"\[required\]",
                    r"Commands:", r"\bPATH\b", r"\bINTEGER\b", r"\bTEXT\b", r"\bCOMMAND\b",
                    r"\bARGS\b"):  # fmt: skip
        assert not re.search(english, completed.stdout), (english, completed.stdout)


def _programme(tmp_path: Path) -> Path:
    """A copy of the programme (model, shared parties, three cities) in its own project."""
    import shutil

    project = tmp_path / "programme"
    for folder in ("models", "parties", "annexes"):
        shutil.copytree(ROOT / "conventions" / folder, project / "conventions" / folder)
    for city in ("chaumont.yaml", "epinal.yaml", "verdun.yaml"):
        shutil.copy(ROOT / "conventions" / city, project / "conventions" / city)
    (project / "convgen.toml").write_text("")
    (project / ".venv").mkdir()  # a tool's folder: its YAML is no project document
    (project / ".venv" / "x.yaml").write_text("document: convention\nextends: nope.yaml\n")
    return project


def test_dependents_of_a_model_and_of_a_shared_party(tmp_path: Path) -> None:
    from convgen.checking.check import dependents

    conventions = _programme(tmp_path) / "conventions"
    cities = [conventions / c for c in ("chaumont.yaml", "epinal.yaml", "verdun.yaml")]
    model = conventions / "models" / "maison-des-competences.yaml"
    assert [p.resolve() for p in dependents(model)] == cities
    assert [p.resolve() for p in dependents(conventions / "parties" / "cnam.yaml")] == cities
    unused = conventions / "parties" / "unused.yaml"
    unused.write_text("document: party\nid: unused\nname: Personne\n")
    assert dependents(unused) == []


def test_a_city_whose_model_no_longer_composes_still_depends_on_it(tmp_path: Path) -> None:
    from convgen.checking.check import dependents

    conventions = _programme(tmp_path) / "conventions"
    model = conventions / "models" / "maison-des-competences.yaml"
    model.write_text("document: model\nparties: [\n")  # not YAML any more
    assert len(dependents(model)) == 3


def test_check_with_dependents_reports_a_model_that_breaks_every_city(tmp_path: Path) -> None:
    conventions = _programme(tmp_path) / "conventions"
    model = conventions / "models" / "maison-des-competences.yaml"
    model.write_text(
        model.read_text(encoding="utf-8").replace("\n  copies: 7\n", "\n  copies: 3\n")
    )
    alone = invoke("check", str(model))
    assert alone.exit_code == 0 and "CG301" not in alone.stdout  # the model alone is valid
    result = invoke("check", "--with-dependents", str(model), str(conventions / "epinal.yaml"))
    assert result.exit_code == 1
    assert "4 fichiers vérifiés : 3 erreurs" in result.stdout  # epinal.yaml checked once
    assert result.stdout.count("epinal.yaml : 1 erreur") == 1
