"""Counted words in the findings' messages agree with their number (« 1 exemplaire
original », « 2 originaux », « 1 jour franc »): no « (s) », no « originalx »."""

import re
from pathlib import Path

import pytest

from convgen.checking.check import check_paths

from conftest import ROOT


def _messages(result, code: str) -> list[str]:
    return [f.message for f in result.findings if f.code == code]


@pytest.mark.parametrize(
    ("copies", "signatories", "message"),
    [
        (1, 2, "établie en 1 exemplaire original pour 2 signataires : il manque 1 original "),
        (1, 3, "établie en 1 exemplaire original pour 3 signataires : il manque 2 originaux "),
        (2, 4, "établie en 2 exemplaires originaux pour 4 signataires : il manque 2 originaux "),
        (3, 1, "3 exemplaires originaux pour 1 signataire : 2 de plus que de signataires"),
    ],
)
def test_originals(minimal, check_data, copies, signatories, message) -> None:
    minimal["signature"]["copies"] = copies
    signing = minimal["signature"]["signatories"]
    while len(signing) < signatories:
        extra = {**minimal["parties"][0], "id": f"p{len(signing)}"}
        minimal["parties"].append(extra)
        signing.append({"party": extra["id"]})
    del signing[signatories:]
    [found] = _messages(check_data(minimal), "CG301")
    assert message in found


@pytest.mark.parametrize(
    ("convocation", "days"),
    [("2022-03-08", "1 jour franc"), ("2022-03-09", "0 jour franc"), ("2022-03-07", "2 jours")],
)
def test_clear_days(deliberation, check_data, convocation, days) -> None:
    deliberation["session"]["convocation"] = convocation
    [found] = _messages(check_data(deliberation), "CG609")
    assert f" : {days}" in found
    if days == "2 jours":
        assert " : 2 jours francs ; " in found


@pytest.mark.parametrize(
    ("vote", "said"),
    [
        ({"against": ["M. Paul DURAND"]}, "1 voix contre"),
        ({"abstentions": ["M. Paul DURAND"]}, "1 abstention"),
        (
            {"against": ["M. Paul DURAND"], "abstentions": ["Mme Julie BLANC", "M. Luc ROUX"]},
            "1 voix contre et 2 abstentions",
        ),
    ],
)
def test_unanimity_contradicted(deliberation, check_data, vote, said) -> None:
    deliberation["vote"] = {**vote, "unanimous": True}
    messages = _messages(check_data(deliberation), "CG607")
    assert f"unanimité déclarée, mais le décompte porte {said}" in messages


def test_schema_counts(minimal, check_data) -> None:
    minimal["parties"] = minimal["parties"][:1]
    messages = " ".join(f.message for f in check_data(minimal).findings)
    assert "au moins 2 éléments attendus, 1 trouvé" in messages


_HACKS = re.compile(r"\w\((?:s|e|es|x)\)|originalx|\b[01] (?:exemplaires|signataires|erreurs)\b")


def test_no_plural_hack_in_any_message_of_the_corpus(tmp_path: Path) -> None:
    """Every message the conventions and the fixtures give, good and bad."""
    results = check_paths([ROOT / "conventions", ROOT / "tests" / "fixtures"])
    assert len(results) > 50
    wrong = [
        f"{f.file}:{f.line}: {f.message}"
        for r in results
        for f in r.findings
        if _HACKS.search(f.message)
    ]
    assert wrong == []
