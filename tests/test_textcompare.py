"""Unit tests for the OCR-tolerant text comparison helpers in ``textcompare``."""

from __future__ import annotations

from pathlib import Path

import pytest

from textcompare import Comparison, normalise, seed_paragraphs, similarity

SEED = Path("/work/shared/seeds/000_e2bc99c289da0625.txt")

PROPER = [
    "Article 1er\u00a0: Objet",
    "Cette convention a pour objet de définir les modalités d’accompagnement stratégique, "
    "institutionnel, organisationnel et financier de la mise en œuvre d’une Maison des "
    "compétences sur le territoire de l’Agglomération, à Saint-Dizier.",
    "Article 2\u00a0: Objectif",
    "Les différentes parties s’accordent à développer une «\u202fMaison des compétences\u202f», "
    "selon la note annexée. La formation en sera l’une des composantes.",
]


@pytest.mark.parametrize(
    ("ocr", "proper"),
    [
        ("public a caractére scientifique", "public à caractère scientifique"),
        ("ci-aprés désigné", "ci-après désigné"),
        ("ETANT PREALABLEMENT EXPOSE QUE :", "Étant préalablement exposé que\u00a0:"),
        ("« Au Cceur des Territoires »", "«\u00a0Au Cœur des territoires\u00a0»"),
        ("Action Coeur de Ville", "Action Cœur de Ville"),
        ("la mise en ceuvre", "la mise en œuvre"),
        ("dédié a I'enseignement", "dédié à l’enseignement"),
        ("I’Abbé Grégoire", "l’Abbé Grégoire"),
        ("la vision d’'un « Progrés »", "la vision d’un «\u202fProgrès\u202f»"),
        ("le territoire de ’Agglomération", "le territoire de l’Agglomération"),
        ("le diagnostic et 'accompagnement", "le diagnostic et l’accompagnement"),
        ("Dans ce contexte, le Chnam a proposé", "Dans ce contexte, le Cnam a proposé"),
        ("les centres Cham en région", "les centres Cnam en région"),
        ("de ... % du co(t total", "de ... % du coût total"),
        ("de ..... % du colt total", "de ..... % du coût total"),
        ("la Promotion Supérieure du Travalil", "la Promotion Supérieure du Travail"),
        ("pour une durée de cing ans", "pour une durée de cinq ans"),
        ('compter du 1" trimestre 2022', "compter du 1er trimestre 2022"),
        ("compter du 1 er trimestre", "compter du 1ᵉʳ trimestre"),
        ("Article 1 : Objet", "Article 1er\u00a0: Objet"),
        ("Saint-Martin — 75003 PARIS", "Saint-Martin - 75003 Paris"),
        ("La Préfecture s’engage a:", "La Préfecture s'engage à\u00a0:"),
        ("d’hommes; aire de transmission", "d’hommes\u202f; aire de transmission"),
        ("le réle humaniste", "le rôle humaniste"),
        ("la tracabilité", "la traçabilité"),
        ("représentée par Mme Josiane CHEVALIER", "représentée par Mme Josiane Chevalier"),
    ],
)
def test_normalise_cancels_ocr_noise(ocr: str, proper: str) -> None:
    assert normalise(ocr) == normalise(proper)


def test_normalise_output_shape() -> None:
    assert normalise("  L’Œuvre — «\u00a0Cœur\u00a0» ;  Été ! ") == "oeuvre coeur ete"


def test_normalise_keeps_real_words() -> None:
    # Word-level fixes must not touch words that merely contain the OCR spellings.
    assert normalise("chambre coltine cingler a à") == "chambre coltine cingler a a"


def test_bullets_start_new_paragraphs() -> None:
    text = (
        "La Collectivité s’engage a :\n\n"
        "¢ Inclure le Centre Cnam dans les instances\nde pilotage,\n"
        "e Participer au comité de pilotage,\n"
        "• Organiser des mises en relation\n"
        "- Venir en appui a la communication\n"
    )
    assert seed_paragraphs(text) == [
        "La Collectivité s’engage a :",
        "Inclure le Centre Cnam dans les instances de pilotage,",
        "Participer au comité de pilotage,",
        "Organiser des mises en relation",
        "Venir en appui a la communication",
    ]


def test_lines_rejoined_and_headings_split() -> None:
    text = (
        "Le centre Cnam souhaite une implantation a Saint-\nDizier, en lien étroit.\n\n"
        "Ceci précisé,\nIL EST ARRETE ET CONVENU CE QUI SUIT :\nArticle 1 : Objet\n\n"
        "Cette convention a pour objet.\nArticle 8 : Attribution de juridiction\n"
    )
    assert seed_paragraphs(text) == [
        "Le centre Cnam souhaite une implantation a Saint-Dizier, en lien étroit.",
        "Ceci précisé,",
        "IL EST ARRETE ET CONVENU CE QUI SUIT :",
        "Article 1 : Objet",
        "Cette convention a pour objet.",
        "Article 8 : Attribution de juridiction",
    ]


def test_page_break_rejoined() -> None:
    text = (
        "Les parties résolvent tout différend lié a l'exécution des\n\n"
        "clauses de la présente convention.\n\n\n\n"
        "e Soutenir la Maison des Compétences de\n\n"
        "Saint-Dizier par une subvention.\n"
        "e Participer au financement de la\n\n\n"
        "Maison des compétences.\n\n"
        "Article 4 : Comité\n\n"
        "Et\n\n"
        "Le Conservatoire national des arts et métiers\n"
    )
    assert seed_paragraphs(text) == [
        "Les parties résolvent tout différend lié a l'exécution des clauses de la présente "
        "convention.",
        "Soutenir la Maison des Compétences de Saint-Dizier par une subvention.",
        "Participer au financement de la Maison des compétences.",
        "Article 4 : Comité",
        "Et",
        "Le Conservatoire national des arts et métiers",
    ]


def test_identical_texts() -> None:
    result = similarity(PROPER, PROPER)
    assert isinstance(result, Comparison)
    assert result.ratio == 1.0
    assert result.coverage == 1.0
    assert [score for score, _ in result.paragraphs] == [1.0] * len(PROPER)
    assert result.paragraphs[0][1] == PROPER[0][:60]


def test_ocr_and_proper_versions_match_fully() -> None:
    ocr = [
        "Article 1 : Objet",
        "Cette convention a pour objet de définir les modalités d’accompagnement stratégique, "
        "institutionnel, organisationnel et financier de la mise en ceuvre et du développement "
        "d’'une Maison des compétences sur le territoire de ’Agglomération, a Saint-Dizier.",
    ]
    proper = [*PROPER[:1], PROPER[1].replace("œuvre d’une", "œuvre et du développement d’une")]
    assert similarity(ocr, proper).ratio == 1.0


def test_half_the_words_removed() -> None:
    words = " ".join(PROPER).split()
    result = similarity(PROPER, [" ".join(words[::2])])
    assert result.ratio < 0.8
    assert result.coverage < 0.6


def test_extra_rendered_paragraphs_lower_ratio_not_coverage() -> None:
    rendered = ["PROJET", "D’une part,", *PROPER, "Fait à Saint-Dizier, le 3 mars 2022"]
    result = similarity(PROPER, rendered)
    assert result.coverage == 1.0
    assert result.ratio < 1.0


def test_empty_inputs() -> None:
    assert similarity([], []).ratio == 1.0
    assert similarity(["..."], ["Texte"]).paragraphs == [(1.0, "...")]
    assert similarity(["Texte"], []).ratio == 0.0


def test_report_flags_low_paragraphs() -> None:
    result = similarity(["Article 1 : Objet", "Tout autre chose ici"], ["Article 1er : Objet"])
    report = result.report()
    lines = report.splitlines()
    assert len(lines) == 1 + 2 + 2
    assert "<<<" not in lines[1] and "Article 1 : Objet" in lines[1]
    assert "<<<" in lines[2] and "Tout autre chose" in lines[2]
    assert lines[-1].startswith("ratio: ")


@pytest.mark.skipif(not SEED.exists(), reason="seed document not available")
def test_real_seed_paragraphs() -> None:
    paragraphs = seed_paragraphs(SEED.read_text(encoding="utf-8"))
    assert "Article 1 : Objet" in paragraphs
    assert "Article 8 : Attribution de juridiction" in paragraphs
    assert "IL EST ARRETE ET CONVENU CE QUI SUIT :" in paragraphs
    soutenir = [p for p in paragraphs if p.startswith("Soutenir la montée en puissance")]
    assert len(soutenir) == 3
    assert all("subvention d" in p or "mise a disposition" in p for p in soutenir)
    assert sum("subvention d" in p for p in soutenir) == 2
    # Paragraph cut by a page break ("... de I'exécution des" / "clauses de la ...").
    assert any("exécution des clauses de la présente convention" in p for p in paragraphs)
    # Bullet markers are removed, and no paragraph starts with one.
    assert not any(p.startswith(("e ", "¢ ", "- ")) for p in paragraphs)
    assert all(p.strip() for p in paragraphs)
    # Seed against itself: a perfect match.
    assert similarity(paragraphs, paragraphs).ratio == 1.0
