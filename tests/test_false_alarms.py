"""A corpus of sentences found in real conventions: those that must not raise a finding
(other texts' articles, numbers of acts, dates in visas) beside those that must."""

from __future__ import annotations

import pytest

# codes whose false alarms this corpus measures
CODES = ("CG210", "CG211", "CG504", "CG217", "CG219", "CG414")

MUST_NOT_FIRE = [
    "Vu la loi n° 84-52 du 26 janvier 1984 sur l'enseignement supérieur, notamment son article 43.",
    "Vu le code général des collectivités territoriales, et notamment ses articles L. 1611-4 et "
    "L. 2121-29.",
    "Conformément à l'article L. 2121-20 du CGCT, un conseiller peut donner pouvoir.",
    "Conformément à l'article 10 de la loi du 12 avril 2000 relative aux droits des citoyens.",
    "L'article 9 de la loi n° 2000-321 du 12 avril 2000 s'applique à la présente subvention.",
    "L'article 12 du décret n° 2009-1421 du 19 novembre 2009 fixe les modalités.",
    "Vu le décret n° 2009-1421 du 19 novembre 2009 relatif à l'organisation des services.",
    "Vu l'arrêté n° 2019-0815 du préfet de région.",
    "Vu la délibération n° 2021-12-16-045 du conseil communautaire du 16 décembre 2021.",
    "L'article 4 de la convention du 3 février 2022 est modifié comme suit.",
    "L'article 6 de la convention-cadre précitée définit les engagements communs.",
    "Les stipulations de l'article 3 du contrat de ville 2015-2022 demeurent applicables.",
    "Le règlement intérieur, notamment son article 5, s'applique aux usagers.",
    "Le programme couvre les années 2024-2026.",
    "Le Conservatoire a été fondé en 1794 par l'abbé Grégoire.",
    "Les ressources de l'association figurent en annexe (exercice 2025).",
    "L'aide respecte l'annexe I du règlement (UE) n° 651/2014 de la Commission.",
    "L'annexe 2 de la convention-cadre précitée fixe les objectifs communs.",
    "La liste des membres est annexée à la délibération du 16 décembre 2021.",
    "Une subvention d'un montant total inférieur à 23 000 € n'est pas soumise à convention.",
    "Le total des aides de minimis ne peut excéder 300 000 € sur trois exercices fiscaux.",
]

MUST_FIRE = [
    ("La convention peut être résiliée dans les conditions de l'article 9.", "CG210"),
    ("Le contrat quinquennal 2919-2023 s'applique.", "CG504"),
    ("Le programme couvre la période 2026-2024.", "CG504"),
    ("Le présent article 9 de la présente convention s'applique.", "CG210"),
    ("Le programme d'actions figure à l'annexe 2.", "CG217"),
    ("Le plan de financement est joint en annexe financière.", "CG219"),
]


def _findings(minimal, check_data, sentence: str) -> list[str]:
    minimal["articles"][0]["body"] = [sentence]
    return [f.code for f in check_data(minimal).findings if f.code in CODES]


@pytest.mark.parametrize("sentence", MUST_NOT_FIRE)
def test_sentences_of_real_conventions_raise_no_false_alarm(
    minimal, check_data, sentence: str
) -> None:
    assert _findings(minimal, check_data, sentence) == []


@pytest.mark.parametrize(("sentence", "code"), MUST_FIRE)
def test_the_real_defects_beside_them_are_found(minimal, check_data, sentence, code) -> None:
    assert _findings(minimal, check_data, sentence) == [code]


# Articles added to the minimal convention (objet 1, engagements 2, durée 3, résiliation 4)
# for the subject check: 5 évaluation, 6 données personnelles, 7 litiges.
EXTRA_ARTICLES = [
    {"key": "evaluation", "title": "Évaluation", "body": ["Un bilan est dressé chaque année."]},
    {"key": "donnees", "title": "Protection des données personnelles", "body": ["Le RGPD."]},
    {"key": "litiges", "title": "Règlement des litiges", "body": ["À l'amiable."]},
]

SUBJECT_NOT_FIRING = [
    "La convention peut être résiliée dans les conditions prévues à l'article 4.",
    "Le versement de la subvention prévue à l'article 2 intervient en deux fois.",
    "La reconduction prévue à l'article 3 est expresse.",
    "Le bilan prévu à l'article 5 est transmis au comité.",
    "Les données collectées sont traitées selon l'article 6.",
    "Tout différend est porté devant le tribunal dans les conditions de l'article 7.",
]

SUBJECT_FIRING = [
    (
        "La convention peut être résiliée dans les conditions prévues à l'article 5.",
        "cette phrase parle de la résiliation mais renvoie à l'article 5 « Évaluation » ; "
        "la résiliation est traitée à l'article 4",
    ),
    (
        "Tout litige est réglé selon l'article 6.",
        "cette phrase parle des litiges mais renvoie à l'article 6 « Protection des données "
        "personnelles » ; les litiges sont traités à l'article 7",
    ),
    (
        "Le bilan annuel prévu à l'article 7 est remis aux parties.",
        "cette phrase parle de l'évaluation mais renvoie à l'article 7 « Règlement des "
        "litiges » ; l'évaluation est traitée à l'article 5",
    ),
]


def _subject_findings(minimal, check_data, sentence: str) -> list[str]:
    minimal["articles"].extend(EXTRA_ARTICLES)
    minimal["articles"][0]["body"] = [sentence]
    return [f.message for f in check_data(minimal).findings if f.code in CODES]


@pytest.mark.parametrize("sentence", SUBJECT_NOT_FIRING)
def test_a_reference_to_the_article_of_its_subject_is_fine(minimal, check_data, sentence) -> None:
    assert _subject_findings(minimal, check_data, sentence) == []


@pytest.mark.parametrize(("sentence", "message"), SUBJECT_FIRING)
def test_a_reference_to_an_article_on_another_subject_names_the_right_one(
    minimal, check_data, sentence, message
) -> None:
    assert _subject_findings(minimal, check_data, sentence) == [message]
