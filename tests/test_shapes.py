"""The six kinds of conventions of conventions/ (docs/shapes.md, « Les exemples du projet »),
through the command line as a user runs it:

- each example folder checks clean (exit status 0, no error, no warning);
- each builds into a .docx whose text has the passages of its kind (the « dûment
  habilité » mention, the visas, the table figures, « au gymnase »…);
- each realistic defect of tests/fixtures/shapes/<kind>/ trips exactly the codes its
  header declares (``# expect: CG420``, ``# exit: 1``, then the defect in French), as the
  negative fixtures of tests/fixtures/invalid do.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from convgen.rendering.ooxml import document_paragraphs

from conftest import FIXTURES, ROOT, fixture_header

CONVENTIONS = ROOT / "conventions"
DEFECTS = FIXTURES / "shapes"

# What a juriste looks for in each kind, as the document prints it (spaces and
# apostrophes normalised: « 18 500 € », « l'article 3 »).
PASSAGES: dict[str, dict[str, list[str]]] = {
    "contrat-territorial": {
        "contrat-territorial-val-de-sorne": [
            "représentée par sa Présidente, Madame Claire DUVIVIER, dûment habilitée par "
            "délibération de la Commission permanente n° CP 24-11-087 du 22 novembre 2024, "
            "ci-après dénommée « la Région »",
            "représenté par Monsieur Hervé LEMONNIER, préfet de la Sorne, nommé par décret du "
            "Président de la République du 4 septembre 2023",
            "SIREN 248 902 173, dont le siège est situé 14 avenue de la Gare, 89460 SORNAY",
            "Ci-après ensemble dénommées « les Parties ».",
            "VU le code du travail, notamment son article L. 6121-1 ;",
            "Article 2.2 : Engagements de l'État",
            "Madame Nadia FERRAND, cheffe de projet du contrat à la CCVS",
            "Financements prévisionnels par partenaire et par année",
            "275 000 €",
            "605 000 €",
            "Le présent contrat prend effet à compter du 1er janvier 2025 pour une durée de "
            "trois ans. Il prend fin le 31 décembre 2027.",
            "Fiche action n° 1 — Lieu de formation de Sornay",
            "établie en cinq (5) exemplaires originaux",
            "Fait à Sornay, le 16 décembre 2024",
        ],
    },
    "association": {
        "convention-ateliers-du-lien-2025": [
            "représentée par son Maire, Monsieur Thierry VASSEUR, dûment habilité par "
            "délibération du Conseil municipal n° 2025-041 du 6 février 2025",
            "association régie par la loi du 1er juillet 1901, SIREN 784 512 394",
            "VU la loi n° 2000-321 du 12 avril 2000",
            "Considérant que",
            "une subvention de fonctionnement d'un montant de 18 500 € (dix-huit mille cinq "
            "cents euros)",
            "une avance de 60 %, soit 11 100 €, dans le mois qui suit la signature",
            "le solde de 40 %, soit 7 400 €, après réception du compte rendu financier",
            "dans un délai de six mois",
            "est reversée à la Ville",
            "sous réserve du vote des crédits correspondants",
            "chapitre 65, article 6574, fonction 523",
            "Article 6 : Assurance et responsabilité",
            "à l'expiration d'un délai d'un mois suivant l'envoi d'une mise en demeure",
            "tribunal administratif de Dijon",
            "établie en deux (2) exemplaires originaux",
        ],
    },
    "cadre": {
        "convention-cadre-lecture-publique": [
            "Article 2 : Objectifs partagés",
            # the articles the convention d'application cites by number
            "Article 3 : Programme d'actions",
            "Article 6 : Conventions d'application",
            "Fiche action n° 1 — Catalogue commun et carte unique",
            "Fiche action n° 2 — Navette documentaire",
            "le directeur de la médiathèque départementale",
            "Elle prend fin le 31 décembre 2028.",
            "établie en trois (3) exemplaires originaux",
        ],
        "convention-application-2025": [
            "VU les articles 3 et 6 de la convention-cadre de partenariat pour la lecture "
            "publique en Val-de-Sorne 2025-2028 signée le 20 décembre 2024, jointe en annexe ;",
            "L'article 3 de la convention-cadre arrête un programme de trois fiches actions",
            "de la convention-cadre jointe à l'annexe 1",
            "une subvention d'investissement de 40 % du coût hors taxes",
            "(62 500 €), soit 25 000 €",
            "une avance de 30 %, soit 7 500 €",
            "Annexe 1 : Convention-cadre de partenariat pour la lecture publique en "
            "Val-de-Sorne 2025-2028",
        ],
    },
    "cpom": {
        "cpom-relais-familles-2025-2027": [
            "Convention pluriannuelle d'objectifs et de moyens",
            "Objectifs, indicateurs et valeurs cibles",
            "Nombre de familles différentes accueillies",
            "d'un montant de 132 000 €",
            "2025 : 42 000 € ; 2026 : 44 000 € ; 2027 : 46 000 €",
            "Budget prévisionnel du programme — charges",
            "64 — Charges de personnel",
            "Salaires bruts",
            "226 800 €",
            "Total des charges",
            "283 800 €",
            "Article 6 : Évaluation",
            "résiliée de plein droit",
            "Fait à Sornay, le 27 janvier 2025",
            "Fait à Vaudemont-sur-Sorne, le 3 février 2025",
        ],
    },
    "mise-a-disposition": {
        "mise-a-disposition-gymnase-des-tilleuls": [
            "dûment habilitée par arrêté du Maire de Sornay n° 2024-AG-017 du 2 septembre 2024",
            "à titre précaire et révocable",
            "situés au gymnase des Tilleuls",
            "du premier étage de l'espace Lucie-Aubrac",
            "Les clés du gymnase des Tilleuls et de l'espace Lucie-Aubrac",
            "Créneaux attribués pendant la période scolaire",
            "18 h 00 – 20 h 00",
            "14 200 € (quatorze mille deux cents euros) par an",
            "Article 5 : Assurance et responsabilité",
            "État des lieux d'entrée dressé contradictoirement le 3 juillet 2025",
            "Elle prend fin le 31 août 2026, sans reconduction tacite.",
        ],
    },
    "avenant": {
        "avenant-1-ateliers-du-lien-2025": [
            "Avenant n° 1",
            "VU la convention d'objectifs et de financement conclue le 17 février 2025",
            "dûment habilité par délibération du Conseil municipal n° 2025-112 du 30 juin 2025",
            "Exposé préalable",
            "Cela exposé,",
            "il est convenu ce qui suit :",
            "Article 3 : Modification de l'article 3 de la Convention (dispositions financières)",
            "est porté de 18 500 € à 21 500 € (vingt et un mille cinq cents euros)",
            "demeurent inchangées et continuent de s'appliquer",
            "Article 5 : Entrée en vigueur",
            "Fait à Sornay, le 7 juillet 2025",
            "Fait à Sornay, le 10 juillet 2025",
        ],
    },
}

FIXTURE_FILES = sorted(DEFECTS.rglob("*.yaml"))


def convgen(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """``convgen …`` run from the repository, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "convgen", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        check=False,
    )


def _findings(completed: subprocess.CompletedProcess[str]) -> list[dict]:
    report = json.loads(completed.stdout)
    return [f for file in report["files"] for f in file["findings"]]


def _normalised(text: str) -> str:
    return re.sub(r"[\u00a0\u202f]", " ", text).replace("\u2019", "'")


def test_the_six_kinds_have_their_folder_and_their_defects() -> None:
    for shape, documents in PASSAGES.items():
        assert sorted(p.stem for p in (CONVENTIONS / shape).glob("*.yaml")) == sorted(documents)
        assert (
            (CONVENTIONS / shape / f"{next(iter(documents))}.yaml")
            .read_text(encoding="utf-8")
            .startswith("# yaml-language-server: $schema=../../schemas/convention.schema.json\n")
        )
        assert 2 <= len(list((DEFECTS / shape).glob("*.yaml"))) <= 4, shape
    assert sorted(p.name for p in DEFECTS.iterdir()) == sorted(PASSAGES)


@pytest.mark.parametrize("shape", sorted(PASSAGES))
def test_each_example_checks_clean(shape: str) -> None:
    completed = convgen("check", "--format", "json", f"conventions/{shape}")
    findings = [
        f"{f['file']}:{f['line']}: {f['code']} {f['message']}"
        for f in _findings(completed)
        if f["suppressed"] is None and f["severity"] in ("error", "warning")
    ]
    assert findings == []
    assert completed.returncode == 0, completed.stdout + completed.stderr


@pytest.mark.parametrize("shape", sorted(PASSAGES))
def test_each_example_builds_with_the_passages_of_its_kind(shape: str, tmp_path: Path) -> None:
    completed = convgen("build", f"conventions/{shape}", "-o", tmp_path)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    for name, passages in PASSAGES[shape].items():
        written = tmp_path / f"{name}.docx"
        text = _normalised("\n".join(document_paragraphs(written.read_bytes())))
        assert "PROJET" not in text  # a version to sign, not a draft
        missing = [p for p in passages if p not in text]
        assert missing == [], f"{name}.docx"


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_each_defect_trips_its_codes(path: Path) -> None:
    expected = set((fixture_header(path, "expect") or "").split())
    expected_exit = int(fixture_header(path, "exit") or 1)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[2].startswith("# Défaut : ")  # the defect, said in French
    assert expected and all(re.fullmatch(r"CG\d{3}", code) for code in expected)
    completed = convgen("check", "--format", "json", path.relative_to(ROOT))
    found = {
        f["code"]
        for f in _findings(completed)
        if f["suppressed"] is None and f["severity"] in ("error", "warning")
    }
    assert found == expected
    assert completed.returncode == expected_exit, completed.stderr
