"""Invisible characters: found where they are written, kept out of documents."""

from convgen.checking import characters
from convgen.foundation.findings import Severity

from conftest import codes


def test_format_characters_are_found_and_stripped() -> None:
    text = "20\u202e000 €\u200b et\u00ad demi"
    assert [c for _, c in characters.hidden(text)] == ["\u202e", "\u200b", "\u00ad"]
    assert characters.visible(text) == "20000 € et demi"
    assert (
        characters.visible("espaces\u00a0insécables\u202fgardées")
        == "espaces\u00a0insécables\u202fgardées"
    )
    assert characters.describe("\u202e") == "U+202E RIGHT-TO-LEFT OVERRIDE"


def test_bidi_is_an_error_invisible_a_warning_in_a_draft(minimal, check_data) -> None:
    minimal["status"] = "draft"
    minimal["parties"][0]["name"] = "Ville\u202e d'Essai"
    minimal["articles"][0]["body"] = ["Un mot\u200bcoupé."]
    result = check_data(minimal)
    found = {f.code: f for f in result.findings if f.code in ("CG030", "CG031")}
    assert found["CG030"].severity == Severity.ERROR
    assert found["CG031"].severity == Severity.WARNING
    assert found["CG030"].path == ("parties", 0, "name")
    assert "\u202e" not in found["CG030"].message + found["CG030"].subject


def test_invisible_characters_are_errors_in_a_final_version(minimal, check_data) -> None:
    minimal["articles"][0]["body"] = ["Un mot\u2060collé."]
    assert "CG031" in codes(check_data(minimal))
    [finding] = [f for f in check_data(minimal).findings if f.code == "CG031"]
    assert finding.severity == Severity.ERROR


def test_a_key_with_an_invisible_character(minimal, check_data) -> None:
    minimal["parties"][0]["na\u200bme"] = minimal["parties"][0].pop("name")
    found = [f for f in check_data(minimal).findings if f.code == "CG031"]
    assert found and "dans la clé" in found[0].message
