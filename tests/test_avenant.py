"""The avenant written from two versions, and its proof.

Each scenario edits a signed convention into an amended one, writes the avenant with
``write_avenant``, then proves it again **from the YAML file alone**: the file is read
back as any avenant is (``check_file``), its operations applied to the signed text by
:func:`convgen.model.amendments.apply`, and the result compared with the amended
convention's own printed text — the numbering the amended file gives itself (an
inserted article written ``inserted: true``), never the writer's.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from convgen.checking.check import check_file
from convgen.checking.config import Config
from convgen.loading.reader import load
from convgen.model.amendments import (
    NUMBERING,
    WORDS,
    AddAnnex,
    AddParagraphs,
    AddParty,
    AmendmentError,
    InsertArticle,
    RemoveArticle,
    RemoveParagraph,
    RemoveParty,
    RenameParty,
    ReplaceAnnex,
    ReplaceWords,
    RetitleArticle,
    apply,
    attempt,
)
from convgen.model.consolidated import ArticleText, LegalText, Para, PartyText, differences
from convgen.rendering.consolidated import legal_text
from convgen.rendering.ooxml import document_paragraphs
from convgen.review.avenant import AvenantRun, write_avenant

from conftest import FIXTURES, ROOT, blank_pdf, dump

ASSOCIATION = ROOT / "conventions" / "association" / "convention-ateliers-du-lien-2025.yaml"
SIGNED = FIXTURES / "avenant" / "saint-dizier-signee.yaml"
AMENDED = FIXTURES / "avenant" / "saint-dizier-modifiee.yaml"

Edit = Callable[[dict[str, Any]], None]
CONFIG = Config()


def _article(data: dict[str, Any], key: str) -> dict[str, Any]:
    return next(a for a in data["articles"] if a["key"] == key)


def _commitments(data: dict[str, Any], party: str) -> dict[str, Any]:
    for article in data["articles"]:
        for entry in article.get("commitments", []):
            if entry["party"] == party:
                return entry
    raise KeyError(party)


def _scenario(
    tmp_path: Path, edit: Edit, base: Path = ASSOCIATION
) -> tuple[AvenantRun, LegalText, LegalText]:
    """The avenant of ``edit``, and (the signed text amended by the avenant as read back
    from its file, the amended convention's own text)."""
    old = load(base).data
    for annex in old.get("annexes", []):  # the fixtures' annexes, from the copies
        if "file" in annex:
            annex["file"] = os.path.relpath((base.parent / annex["file"]).resolve(), tmp_path)
    new = copy.deepcopy(old)
    edit(new)
    signed, amended = tmp_path / "signee.yaml", tmp_path / "modifiee.yaml"
    signed.write_text(dump(old), encoding="utf-8")
    amended.write_text(dump(new), encoding="utf-8")
    shared = os.path.relpath(ROOT / "conventions", tmp_path)  # the fixtures' annexes
    (tmp_path / "convgen.toml").write_text(f'shared-folders = ["{shared}"]\n', encoding="utf-8")
    run = write_avenant(
        str(signed), str(amended), yaml_out=tmp_path / "avenant.yaml", config=CONFIG
    )
    assert run.refused is None, run.refused
    checked = check_file(tmp_path / "avenant.yaml", config=CONFIG)
    avenant = checked.avenant
    assert avenant is not None and avenant.text is not None, checked.findings
    signed_text = legal_text(check_file(signed, config=CONFIG).convention)
    amended_convention = check_file(amended, config=CONFIG).convention
    assert amended_convention is not None
    return run, apply(avenant.operations, signed_text), legal_text(amended_convention)


def _proved(tmp_path: Path, edit: Edit, base: Path = ASSOCIATION) -> AvenantRun:
    run, result, expected = _scenario(tmp_path, edit, base)
    assert differences(expected, result) == []
    assert result == expected
    return run


def _kinds(run: AvenantRun) -> list[str]:
    return [type(op).__name__ for op in run.operations]


def _printed(run: AvenantRun) -> list[str]:
    assert run.check is not None and run.check.avenant is not None
    text = run.check.avenant.text
    assert text is not None
    return [block.text for article in text.articles for block in article.body]


# --- the scenarios -----------------------------------------------------------------------------


def test_words(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        body = _article(data, "controle")["body"]
        body[0] = body[0].replace("30 juin 2026", "31 août 2026")

    run = _proved(tmp_path, edit)
    assert run.operations == [ReplaceWords("4", None, "30 juin 2026", "31 août 2026")]
    assert _printed(run)[0] == (
        "À l'article 4 de la Convention, les mots « 30 juin 2026 » sont remplacés par les mots "
        "« 31 août 2026 »."
    )


def test_a_duration_written_out_with_its_elision(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["terms"]["termination"]["notice"] = {"months": 2}

    run = _proved(tmp_path, edit)
    assert run.operations == [ReplaceWords("9", None, "d'un mois", "de deux mois")]


def test_a_figure_of_the_financing_clause(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["financing"][0]["amount"] = 21500

    run = _proved(tmp_path, edit)
    assert {type(op) for op in run.operations} == {ReplaceWords}
    words = " ".join(op.by for op in run.operations if isinstance(op, ReplaceWords))
    assert "21 500" in words


def test_a_change_inside_a_commitment_of_a_party(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        items = _commitments(data, "association")["items"]
        items[1] = items[1].replace("deux permanences", "trois permanences")

    run = _proved(tmp_path, edit)
    assert run.operations == [ReplaceWords("2.1", 3, "deux permanences", "trois permanences")]
    assert _printed(run) == [
        "Au troisième alinéa de l'article 2.1 de la Convention, les mots « deux permanences » "
        "sont remplacés par les mots « trois permanences ».",
        "Les autres stipulations de la Convention demeurent inchangées.",
        "Le présent avenant entre en vigueur à la date de sa signature par la dernière des "
        "Parties.",
    ]


def test_several_changes_in_one_paragraph(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        body = _article(data, "controle")["body"]
        body[0] = (
            body[0]
            .replace("30 juin 2026", "31 août 2026")
            .replace("qualitatif et quantitatif", "quantitatif")
        )

    run = _proved(tmp_path, edit)
    assert _kinds(run) == ["ReplaceWords", "ReplaceWords"]
    [sentence, *_] = _printed(run)
    assert sentence == (
        "À l'article 4 de la Convention, les mots « qualitatif et » sont supprimés et les mots "
        "« 30 juin 2026 » sont remplacés par les mots « 31 août 2026 »."
    )


def test_an_article_inserted_after_article_6(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        index = data["articles"].index(_article(data, "assurance"))
        data["articles"].insert(
            index + 1,
            {
                "key": "donnees",
                "title": "Données personnelles",
                "inserted": True,
                "body": ["Les relevés tenus par l'@{article:engagements} sont anonymisés."],
            },
        )

    run = _proved(tmp_path, edit)
    [op] = run.operations
    assert isinstance(op, InsertArticle) and (op.after, op.number) == ("6", "6 bis")
    assert op.article.paragraphs == (Para("Les relevés tenus par l'article 2 sont anonymisés."),)
    assert _printed(run)[:3] == [
        "Après l'article 6 de la Convention, il est inséré un article 6 bis ainsi rédigé :",
        "« Article 6 bis : Données personnelles",
        "« Les relevés tenus par l'article 2 sont anonymisés. »",
    ]


def test_an_article_inserted_after_an_inserted_one(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        index = data["articles"].index(_article(data, "assurance"))
        for offset, key in enumerate(("donnees", "benevoles")):
            data["articles"].insert(
                index + 1 + offset,
                {"key": key, "title": key.title(), "inserted": True, "body": [f"Texte {key}."]},
            )

    run = _proved(tmp_path, edit)
    numbers = [(op.after, op.number) for op in run.operations if isinstance(op, InsertArticle)]
    assert numbers == [("6", "6 bis"), ("6 bis", "6 ter")]


def test_an_article_added_at_the_end_takes_the_next_number(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["articles"].append({"key": "fin", "title": "Dispositions finales", "body": ["Fin."]})

    run = _proved(tmp_path, edit)
    [op] = run.operations
    assert isinstance(op, InsertArticle) and (op.after, op.number) == ("10", "11")


def test_a_removed_article_leaves_the_others_their_numbers(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["articles"].remove(_article(data, "controle"))

    run, result, expected = _scenario(tmp_path, edit)
    assert run.operations == [RemoveArticle("4")]
    assert _printed(run)[0] == "L'article 4 de la Convention est abrogé."
    # the amended file renumbers itself (5 becomes 4…); the signed text, amended, does not
    assert [a.number for a in result.articles] == ["1er", "2", "3", *map(str, range(5, 11))]
    assert [a.title for a in result.articles] == [a.title for a in expected.articles]
    for after, before in zip(result.articles, expected.articles, strict=True):
        assert after.paragraphs == before.paragraphs


def test_a_moved_article_is_abrogated_and_inserted(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        assurance = _article(data, "assurance")
        data["articles"].remove(assurance)
        data["articles"].insert(data["articles"].index(_article(data, "controle")) + 1, assurance)

    run, result, _ = _scenario(tmp_path, edit)
    removed = [op for op in run.operations if isinstance(op, RemoveArticle)]
    inserted = [op for op in run.operations if isinstance(op, InsertArticle)]
    assert len(removed) == 1 and len(inserted) == 1
    assert inserted[0].number.endswith(" bis")
    titles = [a.title for a in result.articles]
    assert titles.index("Assurance et responsabilité") == titles.index("Contrôle et évaluation") + 1


def test_a_party_joins_with_its_commitments(tmp_path: Path) -> None:
    caf = {
        "id": "caf",
        "name": "Caisse d'allocations familiales de la Sorne",
        "gender": "f",
        "address": {"street": "2 rue des Lilas", "postal_code": "89000", "city": "Auxerre"},
        "short_name": {"name": "Caf", "gender": "f"},
        "representative": {
            "civility": "Mme",
            "first_name": "Claire",
            "last_name": "Morel",
            "quality": "sa Directrice",
            "authority": {
                "kind": "delegation",
                "body": "Conseil d'administration",
                "date": "2025-01-20",
            },
        },
    }

    def edit(data: dict[str, Any]) -> None:
        data["parties"].append(caf)
        data["sides"][1].append("caf")
        _article(data, "engagements")["commitments"].append(
            {"party": "caf", "items": ["Relayer le programme auprès des allocataires."]}
        )
        data["signature"]["signatories"].append("caf")
        data["signature"]["copies"] = 3

    run = _proved(tmp_path, edit)
    assert _kinds(run) == ["AddParty", "InsertArticle"]
    assert isinstance(run.operations[1], InsertArticle) and run.operations[1].number == "2.3"
    printed = _printed(run)
    assert printed[0] == (
        "La Caisse d'allocations familiales de la Sorne devient partie à la Convention à "
        "compter de l'entrée en vigueur du présent avenant."
    )
    assert run.check is not None and run.check.convention is not None
    assert [p.id for p in run.check.convention.parties] == ["ville", "association", "caf"]
    assert "caf" in run.text and "join: caf" in run.text


def test_a_party_leaves_and_still_signs(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["parties"] = [p for p in data["parties"] if p["id"] != "rectorat"]
        data["sides"][0].remove("rectorat")
        engagements = _article(data, "engagements")
        engagements["commitments"] = [
            c for c in engagements["commitments"] if c["party"] != "rectorat"
        ]
        data["governance"]["members"].remove("rectorat")
        data["signature"]["signatories"] = [
            s for s in data["signature"]["signatories"] if s["party"] != "rectorat"
        ]
        data["signature"]["copies"] = 6

    run, result, expected = _scenario(tmp_path, edit, SIGNED)
    # the amended file renumbers its sub-articles (3.4 becomes 3.3…); the signed text keeps
    # its numbers, 3.3 abrogated
    numbers = [a.number for a in result.articles[2].children]
    assert numbers == ["3.1", "3.2", "3.4", "3.5", "3.6", "3.7", "3.8"]
    assert [(a.title, a.paragraphs) for a in result.walk()] == [
        (a.title, a.paragraphs) for a in expected.walk()
    ]
    assert {p.id for p in result.parties} == {p.id for p in expected.parties}
    assert RemoveParty("rectorat") in run.operations
    assert RemoveArticle("3.3") in run.operations
    assert run.check is not None and run.check.convention is not None
    signing = [s.party for s in run.check.convention.signature.signatories]
    assert "rectorat" in signing and len(signing) == 7  # Code civil, art. 1193


def test_a_party_renamed(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        region = next(p for p in data["parties"] if p["id"] == "region")
        region["name"] = "Région Grand Est"
        region["gender"] = "f"

    run = _proved(tmp_path, edit, SIGNED)
    assert RenameParty("region", "Région Grand Est") in run.operations


def test_a_sub_article(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        common = _article(data, "engagements")["articles"][0]
        common["body"][0] = (
            common["body"][0]
            .replace("1er\n", "1er ")
            .replace("1er trimestre 2022", "2e trimestre 2022")
        )

    run = _proved(tmp_path, edit, SIGNED)
    [op] = run.operations
    assert isinstance(op, ReplaceWords) and op.article == "3.1"


def test_alineas_added_removed_and_a_title(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        _article(data, "communication")["body"].append(
            "Le logo de la Ville figure aussi sur le site de l'Association."
        )
        _article(data, "assurance")["body"].pop()
        _article(data, "controle")["title"] = "Contrôle, évaluation et bilan"

    run = _proved(tmp_path, edit)
    kinds = {type(op) for op in run.operations}
    assert kinds == {AddParagraphs, RemoveParagraph, RetitleArticle}
    printed = _printed(run)
    assert "L'article 5 de la Convention est complété par un alinéa ainsi rédigé :" in printed
    assert "Le deuxième alinéa de l'article 6 de la Convention est supprimé." in printed
    assert (
        "L'intitulé de l'article 4 de la Convention est remplacé par l'intitulé suivant : "
        "« Contrôle, évaluation et bilan »."
    ) in printed


def test_annexes_replaced_and_added(tmp_path: Path) -> None:
    folder = tmp_path / "annexes"
    folder.mkdir()
    for name, pages in (("budget-2025.pdf", 1), ("budget-2025-v2.pdf", 2), ("charte.pdf", 3)):
        (folder / name).write_bytes(blank_pdf(pages))
    base = tmp_path / "base.yaml"
    data = load(ASSOCIATION).data
    data["annexes"] = [{"key": "budget", "title": "Budget", "file": "annexes/budget-2025.pdf"}]
    base.write_text(dump(data), encoding="utf-8")

    def edit(data: dict[str, Any]) -> None:
        data["annexes"][0]["file"] = "annexes/budget-2025-v2.pdf"
        data["annexes"].append(
            {"key": "charte", "title": "Charte graphique", "file": "annexes/charte.pdf"}
        )

    run = _proved(tmp_path, edit, base)
    assert _kinds(run) == ["ReplaceAnnex", "AddAnnex"]
    replaced, added = run.operations
    assert isinstance(replaced, ReplaceAnnex) and replaced.file == "annexes/budget-2025-v2.pdf"
    assert isinstance(added, AddAnnex) and added.number == 2
    assert _printed(run)[:2] == [
        "L'annexe 1 de la Convention est remplacée par l'annexe 1 du présent avenant.",
        "La Convention est complétée par une annexe 2, intitulée « Charte graphique », qui "
        "figure en annexe 2 du présent avenant.",
    ]
    assert run.check is not None and run.check.convention is not None
    assert [a.title for a in run.check.convention.annexes] == ["Budget", "Charte graphique"]


def test_the_saint_dizier_avenant(tmp_path: Path) -> None:
    """The issue's own: the Préfecture's two rates, the notice 3 → 6 months, an article
    inserted after article 6 (6 bis exists: 6 ter)."""
    written = FIXTURES / "valid" / "avenant-saint-dizier.yaml"
    run = write_avenant(str(SIGNED), str(AMENDED), yaml_out=written)
    assert run.refused is None
    avenant = check_file(written).avenant
    assert avenant is not None
    signed = legal_text(check_file(SIGNED).convention)
    amended = legal_text(check_file(AMENDED).convention)
    assert apply(avenant.operations, signed) == amended
    assert len(run.operations) == 5
    printed = _printed(run)
    assert (
        "À l'article 7 de la Convention, les mots « trois mois » sont remplacés par les mots "
        "« six mois »."
    ) in printed
    assert (
        "Après l'article 6 bis de la Convention, il est inséré un article 6 ter ainsi rédigé :"
    ) in printed
    assert any("« de 20 % du »" in line for line in printed)
    assert any("15 %" in line for line in printed)


# --- refusals --------------------------------------------------------------------------------


def test_a_draft_is_not_amended(tmp_path: Path) -> None:
    run = write_avenant(str(ROOT / "conventions" / "saint-dizier.yaml"), str(AMENDED))
    assert run.refused is not None
    assert "SIGNEE" in run.refused


def test_the_same_text_needs_no_avenant(tmp_path: Path) -> None:
    run = write_avenant(str(SIGNED), str(SIGNED), yaml_out=tmp_path / "a.yaml")
    assert run.refused is not None and "même texte" in run.refused
    assert not (tmp_path / "a.yaml").exists()


def test_an_article_between_6_and_6_bis_is_refused(tmp_path: Path) -> None:
    new = load(SIGNED).data
    index = new["articles"].index(_article(new, "duree"))
    new["articles"].insert(index + 1, {"key": "x", "title": "Entre deux", "body": ["Texte."]})
    amended = FIXTURES / "avenant" / "entre-deux.yaml"
    amended.write_text(dump(new), encoding="utf-8")
    try:
        run = write_avenant(str(SIGNED), str(amended), output=tmp_path / "a.docx", config=CONFIG)
    finally:
        amended.unlink()
    assert run.refused is not None
    assert "entre l'article 6 et l'article 6 bis" in run.refused


# --- apply, on its own -------------------------------------------------------------------------

TEXT = LegalText(
    (PartyText("ville", "Ville"), PartyText("cnam", "Cnam")),
    (
        ArticleText("1er", "Objet", (Para("Un préavis de trois mois, trois fois."),)),
        ArticleText("6", "Durée", (Para("Cinq ans."),)),
        ArticleText("6 bis", "Avenant", (Para("Par avenant."),)),
        ArticleText("7", "Fin", (Para("Trois mois."), Para("Par lettre.", "bullet"))),
    ),
)


@pytest.mark.parametrize(
    ("op", "kind", "said"),
    [
        (ReplaceWords("1", None, "quatre mois", "six mois"), WORDS, "ne figurent pas"),
        (ReplaceWords("1", 1, "trois", "deux"), WORDS, "figure 2 fois"),
        (ReplaceWords("1", 1, "préav", "x"), WORDS, "ne figure pas"),  # whole words only
        (ReplaceWords("9", None, "a", "b"), "missing", "l'article 9 n'existe pas"),
        (RemoveParagraph("7", 3), "missing", "n'a pas de troisième alinéa (il compte 2"),
        (
            InsertArticle("6 bis", None, ArticleText("7", "X")),
            NUMBERING,
            "déjà celui d'un article",
        ),
        (
            InsertArticle("6 bis", None, ArticleText("6 quater", "X")),
            NUMBERING,
            "doit être numéroté 6 ter",
        ),
        (InsertArticle("6", None, ArticleText("6 ter", "X")), NUMBERING, "aucun numéro"),
        (AddParty("ville", "Ville"), "missing", "déjà partie"),
        (AddAnnex(3, "Charte", ""), NUMBERING, "numérotée 1"),
    ],
)
def test_apply_refuses_what_does_not_apply(op: Any, kind: str, said: str) -> None:
    with pytest.raises(AmendmentError) as raised:
        apply([op], TEXT)
    assert raised.value.kind == kind
    assert said in raised.value.message


def test_apply_finds_words_typed_with_ordinary_spaces() -> None:
    text = LegalText((), (ArticleText("2", "T", (Para("un taux de 20 % l'an"),)),))
    amended = apply([ReplaceWords("2", 1, "20 % l’an", "25 % l’an")], text)
    assert amended.articles[0].paragraphs[0].text == "un taux de 25 % l'an"


def test_a_struck_word_takes_one_space_with_it() -> None:
    text = LegalText((), (ArticleText("2", "T", (Para("a b c"),)),))
    for words, left in (("a", "b c"), ("b", "a c"), ("c", "a b")):
        assert apply([ReplaceWords("2", 1, words, "")], text).articles[0].paragraphs[0].text == left


def test_an_abrogated_number_is_never_given_again() -> None:
    amended = apply([RemoveArticle("7")], TEXT)
    with pytest.raises(AmendmentError, match="article abrogé"):
        apply([InsertArticle("6 bis", None, ArticleText("7", "X"))], amended)
    after = apply([InsertArticle("6 bis", None, ArticleText("6 ter", "X"))], amended)
    assert [a.number for a in after.articles] == ["1er", "6", "6 bis", "6 ter"]


def test_attempt_reports_every_failure_and_applies_the_rest() -> None:
    result, failures = attempt(
        [
            ReplaceWords("9", None, "a", "b"),
            ReplaceWords("6", None, "Cinq ans", "Six ans"),
            ReplaceWords("1", 1, "quatre", "deux"),
        ],
        TEXT,
    )
    assert [f.error.kind for f in failures] == ["missing", WORDS]
    assert result.articles[1].paragraphs[0].text == "Six ans."


def test_differences_say_what_differs_in_french() -> None:
    other = apply(
        [ReplaceWords("7", 1, "Trois", "Six"), RemoveArticle("6 bis"), RemoveParty("cnam")], TEXT
    )
    assert differences(TEXT, other) == [
        "partie « cnam » (Cnam) manquante",
        "article 6 bis manquant",
        "article 7, premier alinéa : « Six mois. » au lieu de « Trois mois. »",
    ]


# --- the built avenant ---------------------------------------------------------------------------


def test_the_avenant_builds_like_any_document(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from convgen.cli import main

    source = FIXTURES / "valid" / "avenant-saint-dizier.yaml"
    target = tmp_path / "avenant.docx"
    result = CliRunner().invoke(main, ["build", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    paragraphs = [" ".join(p.split()) for p in document_paragraphs(target.read_bytes())]
    assert paragraphs[:2] == [
        "Avenant n° 1",
        "au contrat territorial pluriannuel « Maison des compétences de Saint-Dizier, Der & "
        "Blaise » signé le 16 décembre 2021",
    ]
    assert "Le présent avenant est établi en sept (7) exemplaires originaux." in paragraphs
    assert "Article 3 : Modification de l’article 7 de la Convention" in paragraphs
    assert any(p.startswith("VU le contrat territorial pluriannuel 2021-2026") for p in paragraphs)
    again = tmp_path / "again.docx"
    CliRunner().invoke(main, ["build", str(source), "-o", str(again)])
    assert again.read_bytes() == target.read_bytes()  # reproducible
