"""LibreOffice opens the avenant convgen writes, without repair, and its PDF reads as a
juriste would sign it: the issue's Saint-Dizier avenant.

Skipped where LibreOffice is not installed, except in CI (``CONVGEN_REQUIRE_LIBREOFFICE=1``).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from click.testing import CliRunner

from convgen.cli import main

from conftest import FIXTURES, soffice_or_skip

SOFFICE = soffice_or_skip()
AVENANT = FIXTURES / "avenant"


def _converted(docx: Path, workdir: Path, target: str) -> Path:
    profile = workdir / "profile"
    completed = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(workdir),
            str(docx),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    output = workdir / f"{docx.stem}.{target.split(':')[0]}"
    assert completed.returncode == 0 and output.exists(), completed.stderr
    return output


def test_libreoffice_opens_the_avenant_and_its_pdf_reads_right(tmp_path: Path) -> None:
    docx = tmp_path / "avenant-1.docx"
    result = CliRunner().invoke(
        main,
        [
            "avenant",
            str(AVENANT / "saint-dizier-signee.yaml"),
            str(AVENANT / "saint-dizier-modifiee.yaml"),
            "-o",
            str(docx),
            "--pdf",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "PDF écrit" in result.stdout
    text = _converted(docx, tmp_path, "txt:Text (encoded):UTF8").read_text(encoding="utf-8-sig")
    for odd, plain in (("\u00a0", " "), ("\u202f", " "), ("’", "'"), ("\u2011", "-")):
        text = text.replace(odd, plain)
    flat = " ".join(text.split())
    for words in (
        "Avenant n° 1 au contrat territorial pluriannuel « Maison des compétences de "
        "Saint-Dizier, Der & Blaise » signé le 16 décembre 2021",
        "VU le contrat territorial pluriannuel 2021-2026",
        "signé le 16 décembre 2021 (ci-après « la Convention »), notamment son article 6 bis",
        "Article 1er : Modification de l'article 3.2 de la Convention",
        "Au quatrième alinéa, les mots « dont le taux, rapporté au » sont remplacés par les "
        "mots « de 20 % du »",
        "Après l'article 6 bis de la Convention, il est inséré un article 6 ter ainsi rédigé",
        "« Article 6 ter : Évaluation à mi-parcours",
        "institué à l'article 4 une évaluation",
        "À l'article 7 de la Convention, les mots « trois mois » sont remplacés par les mots "
        "« six mois ».",
        "Les autres stipulations de la Convention demeurent inchangées.",
        "Le présent avenant entre en vigueur à la date de sa signature par la dernière des parties.",
        "Le présent avenant est établi en sept (7) exemplaires originaux.",
        "Pour le CNAM, L'administrateur général en exercice, Olivier FARON",
    ):
        assert words in flat, words
    if shutil.which("pdftotext"):
        pdf = docx.with_suffix(".pdf")
        completed = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        )
        printed = " ".join(completed.stdout.replace("’", "'").split())
        assert "AVENANT N° 1" in printed
        assert "les mots « trois mois » sont remplacés par les mots « six mois »" in printed
        assert "PROJET" in printed  # a draft until its parties sign it
