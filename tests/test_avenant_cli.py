"""``convgen avenant``, and the avenant as a document, through the command line: exit
statuses, the YAML it writes and reads back, git revisions, the deliberation that
approves an avenant, the build of an avenant and its review."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from convgen.cli import main
from convgen.rendering.ooxml import document_paragraphs

from conftest import DELIBERATION, FIXTURES, ROOT, dump

AVENANT = FIXTURES / "avenant"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def _project(tmp_path: Path) -> Path:
    """A copy of the project's avenant fixtures and the annexes they join, in their
    places: the avenant written there stays inside its project."""
    folder = tmp_path / "tests" / "fixtures" / "avenant"
    shutil.copytree(AVENANT, folder)
    shutil.copytree(ROOT / "conventions" / "annexes", tmp_path / "conventions" / "annexes")
    (tmp_path / "convgen.toml").write_text("", encoding="utf-8")
    return folder


def _text(docx: Path) -> list[str]:
    return [" ".join(p.replace("’", "'").split()) for p in document_paragraphs(docx.read_bytes())]


def test_the_avenant_is_written_and_reads_back(tmp_path: Path) -> None:
    folder = _project(tmp_path)
    signed, amended = folder / "saint-dizier-signee.yaml", folder / "saint-dizier-modifiee.yaml"
    docx, written = tmp_path / "avenant.docx", folder / "avenant-1.yaml"
    result = invoke("avenant", str(signed), str(amended), "-o", str(docx), "--yaml", str(written))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:4] == [
        "  Article 1er : Modification de l'article 3.2 de la Convention",
        "  Article 2 : Insertion d'un article 6 ter dans la Convention",
        "  Article 3 : Modification de l'article 7 de la Convention",
    ]
    assert "Prouvé : ses 5 modifications appliquées au texte signé" in result.stdout
    text = _text(docx)
    assert (
        "À l'article 7 de la Convention, les mots « trois mois » sont remplacés par les mots "
        "« six mois »." in text
    )
    assert "Le présent avenant est établi en sept (7) exemplaires originaux." in text
    assert "Les autres stipulations de la Convention demeurent inchangées." in text
    # the YAML it wrote is an avenant like any: checked clean, built into the same document
    assert invoke("check", str(written)).exit_code == 0
    again = tmp_path / "again.docx"
    built = invoke("build", str(written), "-o", str(again))
    assert built.exit_code == 0, built.output
    assert again.read_bytes() == docx.read_bytes()


def test_exit_statuses(tmp_path: Path) -> None:
    folder = _project(tmp_path)
    signed, amended = folder / "saint-dizier-signee.yaml", folder / "saint-dizier-modifiee.yaml"
    draft = ROOT / "conventions" / "saint-dizier.yaml"
    refused = invoke("avenant", str(draft), str(amended), "-o", str(tmp_path / "a.docx"))
    assert refused.exit_code == 1
    assert "avenant refusé : SIGNEE" in refused.stderr and "est un projet" in refused.stderr
    assert not (tmp_path / "a.docx").exists()
    same = invoke("avenant", str(signed), str(signed), "-o", str(tmp_path / "a.docx"))
    assert same.exit_code == 1 and "même texte" in same.stderr
    missing = invoke("avenant", str(signed), str(folder / "absente.yaml"), "-o", "a.docx")
    assert missing.exit_code == 2
    nowhere = invoke("avenant", str(signed), str(amended))
    assert nowhere.exit_code == 2 and "-o avenant.docx" in nowhere.stderr
    over = invoke("avenant", str(signed), str(amended), "-o", str(signed))
    assert over.exit_code == 2
    assert signed.read_text(encoding="utf-8").startswith("# yaml-language-server")
    assert (
        invoke("avenant", str(signed), str(amended), "-o", "a.docx", "--number", "0").exit_code == 2
    )


def test_a_git_revision_is_the_signed_version(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git n'est pas installé")
    folder = _project(tmp_path)
    convention = folder / "saint-dizier.yaml"
    shutil.copy(folder / "saint-dizier-signee.yaml", convention)

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "juriste@example.invalid")
    git("config", "user.name", "Juriste")
    git("add", ".")
    git("commit", "-qm", "Convention signée")
    git("tag", "signee")
    shutil.copy(folder / "saint-dizier-modifiee.yaml", convention)
    revision = "signee:tests/fixtures/avenant/saint-dizier.yaml"
    written = folder / "avenant-1.yaml"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "convgen",
            "avenant",
            revision,
            "tests/fixtures/avenant/saint-dizier.yaml",
            "--yaml",
            str(written),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"amends: {revision}" in written.read_text(encoding="utf-8")
    # checked from elsewhere, the revision is read in the avenant's own repository
    assert invoke("check", str(written)).exit_code == 0
    broken = written.read_text(encoding="utf-8").replace("signee:", "inconnue:")
    written.write_text(broken, encoding="utf-8")
    checked = invoke("check", str(written))
    assert checked.exit_code == 1 and "CG901" in checked.stdout and "révision" in checked.stdout


def test_a_deliberation_approves_an_avenant(tmp_path: Path) -> None:
    folder = _project(tmp_path)
    shutil.copy(FIXTURES / "valid" / "avenant-saint-dizier.yaml", folder / "avenant-1.yaml")
    text = (folder / "avenant-1.yaml").read_text(encoding="utf-8")
    (folder / "avenant-1.yaml").write_text(
        text.replace("amends: ../avenant/", "amends: "), encoding="utf-8"
    )
    deliberation = copy.deepcopy(DELIBERATION)
    deliberation["authority"] = {
        "name": "Communauté d'Agglomération de Saint-Dizier, Der & Blaise",
        "gender": "f",
        "assembly": "conseil communautaire",
        "party": "agglomeration",
    }
    deliberation["session"]["date"] = "2023-03-09"
    deliberation["session"]["convocation"] = "2023-03-02"
    deliberation["session"]["president"] = {"name": "M. Quentin BRIERE", "quality": "Président"}
    deliberation["attendance"]["present"][0] = "M. Quentin BRIERE"
    deliberation["secretary"] = "Mme Claire PETIT"
    deliberation["decision"] = [
        "D'approuver l'avenant n° 1.",
        "D'autoriser le Président à le signer.",
    ]
    deliberation["signature"]["date"] = "2023-03-10"
    deliberation["publicity"]["transmission"] = "2023-03-13"
    deliberation["publicity"]["publication"] = "2023-03-13"
    deliberation["publicity"]["teletransmission_id"] = "052-123456789-20230309-2023_03_09_001-DE"
    deliberation["act"]["number"] = "2023-03-09-001"
    deliberation["act"].pop("object", None)
    deliberation["approves"] = "avenant-1.yaml"
    source = folder / "deliberation.yaml"
    source.write_text(dump(deliberation), encoding="utf-8")
    checked = invoke("check", str(source))
    assert "CG611" not in checked.stdout and "CG613" not in checked.stdout, checked.stdout
    target = tmp_path / "deliberation.docx"
    built = invoke("build", str(source), "-o", str(target))
    assert built.exit_code == 0, built.output
    text = _text(target)
    assert any("Approbation de l'avenant n° 1" in p for p in text), text[:12]
    assert any("Avenant n° 1 — au contrat territorial pluriannuel" in p for p in text)


def test_two_versions_of_an_avenant_are_compared(tmp_path: Path) -> None:
    folder = _project(tmp_path)
    old = folder / "avenant-1.yaml"
    shutil.copy(FIXTURES / "valid" / "avenant-saint-dizier.yaml", old)
    old.write_text(
        old.read_text(encoding="utf-8").replace("amends: ../avenant/", "amends: "),
        encoding="utf-8",
    )
    new = folder / "avenant-1-v2.yaml"
    new.write_text(old.read_text(encoding="utf-8").replace("six mois", "neuf mois"), "utf-8")
    result = invoke("diff", str(old), str(new), "--docx", str(tmp_path / "relecture.docx"))
    assert result.exit_code == 1, result.output
    assert "Modifications" in result.stdout
    assert "Modification n° 4 (article 7) : par les mots" in result.stdout
    assert (tmp_path / "relecture.docx").is_file()


def test_the_avenant_schema_is_printed(tmp_path: Path) -> None:
    result = invoke("schema", "avenant")
    assert result.exit_code == 0
    assert '"title": "Avenant"' in result.stdout


_SAMPLE_COMMAND = (
    "convgen avenant tests/fixtures/avenant/saint-dizier-signee.yaml "
    "tests/fixtures/avenant/saint-dizier-modifiee.yaml -o avenant-1.docx"
)


@pytest.mark.parametrize("document", ["README.md", "docs/avenant.md"])
def test_the_avenant_samples_are_the_real_output(document: str, tmp_path: Path) -> None:
    import re

    text = (ROOT / document).read_text(encoding="utf-8")
    sample = re.search(rf"```console\n\$ {re.escape(_SAMPLE_COMMAND)}\n(.*?)```", text, re.S)
    assert sample is not None
    _project(tmp_path)
    completed = subprocess.run(
        [sys.executable, "-m", "convgen", *_SAMPLE_COMMAND.split()[1:]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == sample.group(1)
    assert (tmp_path / "avenant-1.docx").is_file()


def test_the_guide_s_avenant_checks_clean(tmp_path: Path) -> None:
    import re

    guide = (ROOT / "docs" / "avenant.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(# yaml-language-server.*?)```", guide, re.S)
    assert block is not None
    folder = _project(tmp_path)
    (tmp_path / "schemas").mkdir()
    source = folder / "avenant-1.yaml"
    source.write_text(block.group(1), encoding="utf-8")
    result = invoke("check", str(source))
    assert result.exit_code == 0, result.output
    assert " erreur " not in result.output and "avertissement CG" not in result.output


def test_a_signed_convention_that_does_not_say_when(tmp_path: Path) -> None:
    """CG903: the avenant cites the date of the signature; a warning in a draft, an
    error in a final version."""
    folder = _project(tmp_path)
    text = (folder / "saint-dizier-signee.yaml").read_text(encoding="utf-8")
    start, end = text.index("signature:\n"), text.index("annexes:\n")
    undated = (
        "signature:\n  copies: 7\n  signatories: [prefecture, region, rectorat, agglomeration, "
        "banque-des-territoires, cnam-grand-est, cnam]\n\n"
    )
    (folder / "sans-date.yaml").write_text(text[:start] + undated + text[end:], encoding="utf-8")
    avenant = folder / "avenant.yaml"
    body = "\n".join(
        [
            "document: avenant",
            "status: {status}",
            "amends: sans-date.yaml",
            "changes:",
            "  - article: 7",
            "    replace: {{words: trois mois, by: six mois}}",
            "signature:",
            "  place: Saint-Dizier",
            "  date: 2023-04-03",
            "  copies: 7",
            "  signatories: [prefecture, region, rectorat, agglomeration, "
            "banque-des-territoires, cnam-grand-est, cnam]",
            "",
        ]
    )
    avenant.write_text(body.format(status="draft"), encoding="utf-8")
    draft = invoke("check", str(avenant))
    assert draft.exit_code == 0 and "avertissement CG903" in draft.stdout, draft.output
    avenant.write_text(body.format(status="final"), encoding="utf-8")
    final = invoke("check", str(avenant))
    assert final.exit_code == 1 and "erreur CG903" in final.stdout
    assert "ne dit pas quand elle a été signée" in final.stdout


def test_the_build_of_an_avenant_follows_the_text_it_amends(tmp_path: Path) -> None:
    folder = _project(tmp_path)
    source = folder / "avenant-1.yaml"
    text = (FIXTURES / "valid" / "avenant-saint-dizier.yaml").read_text(encoding="utf-8")
    source.write_text(text.replace("amends: ../avenant/", "amends: "), encoding="utf-8")
    out = tmp_path / "sortie"
    assert invoke("build", str(source), "-o", f"{out}/").exit_code == 0
    assert "À jour" in invoke("build", str(source), "-o", f"{out}/").stdout
    signed = folder / "saint-dizier-signee.yaml"
    later = time.time() + 60
    os.utime(signed, (later, later))  # the signed text changed after the build
    assert "Document écrit" in invoke("build", str(source), "-o", f"{out}/").stdout
    # a change that no longer applies: a draft is built with its error, a final refused
    broken = source.read_text(encoding="utf-8").replace("words: trois mois", "words: neuf mois")
    source.write_text(broken, encoding="utf-8")
    draft = invoke("build", str(source), "-o", f"{out}/")
    assert draft.exit_code == 0 and "CG905" in draft.stdout
    source.write_text(broken.replace("status: draft", "status: final"), encoding="utf-8")
    final = invoke("build", str(source), "-o", f"{out}/", "--force")
    assert final.exit_code == 1 and "CG905" in final.stdout
