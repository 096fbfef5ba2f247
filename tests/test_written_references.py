"""Annexes named by hand (CG217-CG219) and totals written in the prose (CG414): the real
defects of a dossier, and the sentences of real conventions that must raise nothing."""

from __future__ import annotations

from typing import Any

import pytest

from convgen.checking.rules.annex_mentions import _numbers

from conftest import MINIMAL, dump

CODES = ("CG217", "CG218", "CG219", "CG414")

ANNEXES = [
    {"key": "actions", "title": "Fiches actions", "body": ["Action 1 : accueil."]},
    {"key": "budget", "title": "Budget prévisionnel", "body": [{"table": "budget-annuel"}]},
    {"key": "locaux", "title": "Cahier des charges des locaux", "body": ["Deux salles."]},
]

BUDGET = {
    "key": "budget-annuel",
    "title": "Budget prévisionnel",
    "columns": [
        {"key": "poste", "type": "text"},
        {"key": "2025", "type": "amount"},
        {"key": "2026", "type": "amount"},
        {"key": "total", "type": "amount", "sum_of": ["2025", "2026"]},
    ],
    "rows": [
        {"cells": {"poste": "Charges de personnel", "2025": 50000, "2026": 52000}},
        {"cells": {"poste": "Loyer et charges locatives", "2025": 8500, "2026": 8000}},
    ],
}  # 58 500 € en 2025, 60 000 € en 2026, 118 500 € en tout

SUBSIDY = {
    "key": "subvention",
    "party": "cnam",
    "beneficiary": "ville",
    "amount": 40000,
    "ceiling": 45000,
    "years": {"2025": 20000, "2026": 20000},
}


def _with_dossier(data: dict[str, Any]) -> dict[str, Any]:
    data["annexes"] = [dict(annex) for annex in ANNEXES]
    data["tables"] = [BUDGET]
    data["financing"] = [SUBSIDY]
    data["articles"].append({"key": "financement", "clause": "financing"})
    return data


def _codes(minimal, check_data, sentences: list[str], *, annex_text: str | None = None):
    data = _with_dossier(minimal)
    data["articles"][0]["body"] = sentences
    if annex_text is not None:
        data["annexes"][1]["body"] = [annex_text, {"table": "budget-annuel"}]
    return [(f.code, f.message) for f in check_data(data).findings if f.code in CODES]


# Sentences of real conventions, all about this convention's dossier or another text's,
# none of which names a wrong annex or a wrong total.
MUST_NOT_FIRE = [
    "Le budget détaillé figure en annexe.",
    "Le budget détaillé (Cf. Annexe 2) est arrêté chaque année.",
    "Les actions sont décrites aux annexes 1 et 2.",
    "Les fiches actions de l'annexe 1 précisent les indicateurs.",
    "Les locaux sont décrits à l'annexe 3.",
    "Les pièces du dossier sont jointes aux annexes 1 à 3.",
    "Le plan de financement figure à l'annexe financière.",
    "L'annexe 2 de la convention-cadre précitée fixe les objectifs communs.",
    "L'aide respecte l'annexe I du règlement (UE) n° 651/2014 de la Commission.",
    "Le règlement (UE) n° 651/2014, notamment son annexe 4, s'applique.",
    "La liste des bénéficiaires est annexée à la délibération du conseil municipal.",
    "L'annexe 5 du compte administratif retrace les subventions versées.",
    "L'annexe financière de la convention du 3 février 2022 demeure applicable.",
    "Le budget prévisionnel s'élève au total à 118 500 €.",
    "Le budget prévisionnel de l'annexe 2, soit un total de 118 500 €, est indicatif.",
    "Total 2025 : 58 500 €.",
    "Le budget total des charges de personnel s'élève à 102 000 €.",
    "Le Cnam verse une subvention d'un montant total de 40 000 €.",
    "La subvention est versée dans la limite de 45 000 €.",
    "La subvention est versée dans la limite de 20 000 € par an.",
    "Le montant annuel de la subvention dépasse 23 000 €, seuil de la loi du 12 avril 2000.",
    "Une aide d'un montant total inférieur à 23 000 € n'est pas soumise à convention.",
    "Le total des aides de minimis ne peut excéder 300 000 € sur trois exercices.",
    "Le loyer, au total de 15 € par heure d'utilisation, est dû chaque mois.",
    "La Ville verse une participation de 5 000 € au titre de l'animation.",
    "Le montant de la subvention est porté de 18 500 € à 21 500 €.",
    "Le coût global de l'opération, hors présente convention, est de 2 300 000 €.",
    "Les lecteurs de codes et les postes, d'un coût total de 14 500 €, sont acquis en 2025.",
    "Le total des charges de personnel (annexe 2) s'élève à 102 000 €.",
    "Le total de l'année 2026 figurant à l'annexe 2 est de 60 000 €.",
]

MUST_FIRE = [
    (
        "Le budget détaillé (Cf. Annexe 1) est arrêté chaque année.",
        "CG218",
        "« Annexe 1 » : cette phrase parle du financement mais l'annexe 1 est « Fiches "
        "actions » ; le financement est traité à l'annexe 2 « Budget prévisionnel » "
        "(écrivez @{annexe:budget})",
    ),
    (
        "Les locaux sont décrits à l'annexe 4.",
        "CG217",
        "« annexe 4 » : aucune annexe ne porte le numéro 4 (annexes déclarées : "
        "1 « Fiches actions », 2 « Budget prévisionnel », 3 « Cahier des charges des "
        "locaux » ; écrivez @{annexe:clé} pour un renvoi qui suit la numérotation)",
    ),
    (
        "Les pièces sont jointes aux annexes 2 à 5.",
        "CG217",
        None,
    ),
    (
        "Le budget prévisionnel, soit un total de 120 000 €, figure à l'annexe 2.",
        "CG414",
        "120 000 € écrits, 118 500 € au tableau « Budget prévisionnel »",
    ),
    (
        "Le budget prévisionnel figurant à l'@{annexe:budget} s'élève au total à 119 000 €.",
        "CG414",
        "119 000 € écrits, 118 500 € au tableau « Budget prévisionnel »",
    ),
    (
        "Le Cnam Grand Est verse une subvention d'un montant total de 42 000 €.",
        "CG414",
        "42 000 € écrits, 40 000 € au financement « subvention »",
    ),
    (
        "Le Cnam Grand Est verse sa subvention dans la limite de 50 000 €.",
        "CG414",
        "50 000 € écrits, 45 000 € au plafond du financement « subvention »",
    ),
]


def _normalised(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.mark.parametrize("sentence", MUST_NOT_FIRE)
def test_sentences_of_real_conventions_raise_no_false_alarm(minimal, check_data, sentence):
    assert _codes(minimal, check_data, [sentence]) == []


@pytest.mark.parametrize(("sentence", "code", "message"), MUST_FIRE)
def test_the_real_defects_beside_them_are_found(minimal, check_data, sentence, code, message):
    found = _codes(minimal, check_data, [sentence])
    assert [c for c, _ in found] == [code] * len(found) and found
    if message is not None:
        assert [_normalised(m) for _, m in found] == [message]


def test_a_range_of_annexes_reports_each_missing_number(minimal, check_data) -> None:
    found = _codes(minimal, check_data, ["Les pièces sont jointes aux annexes 2 à 5."])
    assert [m.split(" : ")[1][:40] for _, m in found] == [
        "aucune annexe ne porte le numéro 4 (anne",
        "aucune annexe ne porte le numéro 5 (anne",
    ]


def test_written_annex_numbers_are_read_as_written() -> None:
    assert _numbers("1 et 2") == [1, 2]
    assert _numbers("1 à 3") == [1, 2, 3]
    assert _numbers("II") == [2]
    assert _numbers("n° 2, 4") == [2, 4]


def test_a_total_written_in_the_annex_of_its_table_is_compared_with_it(minimal, check_data) -> None:
    found = _codes(minimal, check_data, [], annex_text="Total budget annuel : 61 000 €.")
    assert [(c, _normalised(m)) for c, m in found] == [
        (
            "CG414",
            "61 000 € écrits, 58 500 € pour 2025 au tableau « Budget prévisionnel » ou "
            "60 000 € pour 2026 au tableau « Budget prévisionnel »",
        )
    ]
    assert _codes(minimal, check_data, [], annex_text="Total budget annuel : 60 000 €.") == []


def test_a_total_naming_a_row_is_its_row_total(minimal, check_data) -> None:
    found = _codes(
        minimal,
        check_data,
        [],
        annex_text="Le total des charges de personnel est de 100 000 €.",
    )
    assert [_normalised(m) for _, m in found] == [
        "100 000 € écrits, 102 000 € à la ligne « Charges de personnel » du tableau "
        "« Budget prévisionnel »"
    ]


def test_a_total_written_with_a_figure_of_the_commitment_is_read(minimal, check_data) -> None:
    data = _with_dossier(minimal)
    data["articles"][1]["commitments"][1]["items"] = [
        {
            "text": "Verser une subvention d'un montant total de @{montant}.",
            "figures": {"montant": {"amount": 41000}},
        }
    ]
    found = [f for f in check_data(data).findings if f.code == "CG414"]
    assert [_normalised(f.message) for f in found] == [
        "41 000 € écrits, 40 000 € au financement « subvention »"
    ]


def test_a_named_annex_the_list_lacks_is_reported(minimal, check_data) -> None:
    data = _with_dossier(minimal)
    data["annexes"] = [ANNEXES[0], ANNEXES[2]]
    data["articles"][0]["body"] = ["Le détail figure dans l'annexe financière jointe."]
    [finding] = [f for f in check_data(data).findings if f.code in CODES]
    assert finding.code == "CG219"
    assert finding.message == (
        "le texte renvoie à « l'annexe financière » mais aucune annexe ne traite du "
        "financement (annexes déclarées : 1 « Fiches actions », 2 « Cahier des charges "
        "des locaux »)"
    )


def test_without_annexes_a_numbered_annex_is_unknown(minimal, check_data) -> None:
    minimal["articles"][0]["body"] = ["Le programme figure à l'annexe 1."]
    [finding] = [f for f in check_data(minimal).findings if f.code in CODES]
    assert finding.code == "CG217" and "la convention ne déclare aucune annexe" in finding.message


def test_the_finding_points_at_the_line_of_the_sentence(check_text) -> None:
    text = dump(MINIMAL).replace(
        "La convention a pour objet un essai.",
        "La convention a pour objet un essai.\n      - Le programme figure à l'annexe 2.",
    )
    result = check_text(text)
    [finding] = [f for f in result.findings if f.code == "CG217"]
    assert text.splitlines()[finding.line - 1].strip().endswith("figure à l'annexe 2.")
