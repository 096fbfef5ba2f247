"""French formatting: each formatter, with examples and properties."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from convgen.foundation import french
from convgen.foundation.french import NBSP, NNBSP

E = f"{NBSP}€"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-04-01", "1er avril 2019"),
        ("2021-12-16", "16 décembre 2021"),
        (dt.date(2022, 2, 2), "2 février 2022"),
        (dt.datetime(2023, 8, 31, 10, 0), "31 août 2023"),
    ],
)
def test_format_date(value, expected) -> None:
    assert french.format_date(value) == expected


def test_dates_with_weekday_and_in_words() -> None:
    assert french.format_date("2021-12-16", weekday=True) == "jeudi 16 décembre 2021"
    assert french.date_in_words("2021-12-16") == "seize décembre deux mille vingt et un"
    assert french.date_in_words("2019-04-01") == "premier avril deux mille dix-neuf"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("18:30", "dix-huit heures trente"),
        ("01:00", "une heure"),
        ("21:01", "vingt et une heures une"),
        ("12:00", "midi"),
        ("00:00", "minuit"),
    ],
)
def test_time_in_words(value, expected) -> None:
    assert french.time_in_words(value) == expected


def test_format_time() -> None:
    assert french.format_time("18:30") == f"18{NBSP}h{NBSP}30"
    assert french.format_time("09:00") == f"9{NBSP}h"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (115150, f"115{NNBSP}150{E}"),
        (2500.5, f"2{NNBSP}500,50{E}"),
        (Decimal("1000000.00"), f"1{NNBSP}000{NNBSP}000{E}"),
        (0, f"0{E}"),
        (999, f"999{E}"),
        (12.345, f"12,35{E}"),
    ],
)
def test_format_amount(value, expected) -> None:
    assert french.format_amount(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (115150, "cent quinze mille cent cinquante euros"),
        (1, "un euro"),
        (80, "quatre-vingts euros"),
        (81, "quatre-vingt-un euros"),
        (200, "deux cents euros"),
        (201, "deux cent un euros"),
        (80000, "quatre-vingt mille euros"),
        (1000000, "un million d’euros"),
        (2000000, "deux millions d’euros"),
        (1200000, "un million deux cent mille euros"),
        (1000000000, "un milliard d’euros"),
        (2.5, "deux euros et cinquante centimes"),
        (0.01, "un centime"),
        (0, "zéro euro"),
    ],
)
def test_amount_in_words(value, expected) -> None:
    assert french.amount_in_words(value) == expected


def test_negative_amounts_have_no_wording() -> None:
    with pytest.raises(ValueError):
        french.amount_in_words(-1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(20, f"20{NBSP}%"), (12.5, f"12,5{NBSP}%"), (20.0, f"20{NBSP}%"), (100, f"100{NBSP}%")],
)
def test_format_percent(value, expected) -> None:
    assert french.format_percent(value) == expected


def test_numbers_and_ordinals() -> None:
    assert french.format_number(115150) == f"115{NNBSP}150"
    assert french.number_in_words(21) == "vingt et un"
    assert french.number_in_words(21, feminine=True) == "vingt et une"
    assert french.number_in_words(1, feminine=True) == "une"
    assert [french.ordinal(n) for n in (1, 2, 21)] == ["1er", "2e", "21e"]
    assert french.ordinal(1, feminine=True) == "1re"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"years": 5}, "cinq ans"),
        ({"years": 1}, "un an"),
        ({"months": 3}, "trois mois"),
        ({"months": 1}, "un mois"),
        ({"years": 1, "months": 6}, "un an et six mois"),
        ({"weeks": 1}, "une semaine"),
        ({"weeks": 2, "days": 3}, "deux semaines et trois jours"),
        ({"days": 15}, "quinze jours"),
    ],
)
def test_format_duration(value, expected) -> None:
    assert french.format_duration(value) == expected


def test_empty_duration_is_refused() -> None:
    with pytest.raises(ValueError):
        french.format_duration({"years": 0})


def test_times_per_year() -> None:
    assert french.times_per_year(1) == "une fois par an"
    assert french.times_per_year(2) == "deux fois par an"


def test_of_elides() -> None:
    assert french.of("un an") == "d’un an"
    assert french.of("trois mois") == "de trois mois"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("La Préfecture s'engage à:", f"La Préfecture s’engage à{NBSP}:"),
        ("valeurs communes :", f"valeurs communes{NBSP}:"),
        ("territoire ; aire", f"territoire{NNBSP}; aire"),
        ("Pourquoi ?", f"Pourquoi{NNBSP}?"),
        ("Enfin!", f"Enfin{NNBSP}!"),
        ("le «Progrès»", f"le «{NBSP}Progrès{NBSP}»"),
        ("le « Progrès »", f"le «{NBSP}Progrès{NBSP}»"),
        ("http://cnam.fr et 18:30", "http://cnam.fr et 18:30"),
        ("l'« Europe »", f"l’«{NBSP}Europe{NBSP}»"),
        ("deux  espaces", "deux espaces"),
        ("articles L. 5211-1 et R. 2122", f"articles L.{NBSP}5211-1 et R.{NBSP}2122"),
        ("délibération n° 45", f"délibération n°{NBSP}45"),
    ],
)
def test_typography(text, expected) -> None:
    assert french.typography(text) == expected


@given(st.text(alphabet="ab ':;!?«»\u00a0\u202f", max_size=30))
def test_typography_is_idempotent(text: str) -> None:
    once = french.typography(text)
    assert french.typography(once) == once


def test_articles_and_agreement() -> None:
    assert french.definite("Préfecture", "f") == "la Préfecture"
    assert french.definite("Conseil régional", "m", form="de") == "du Conseil régional"
    assert french.definite("Agence", "f", form="de") == "de l’Agence"
    assert french.definite("État", "m", form="à") == "à l’État"
    assert french.definite("Conseil", "m", form="à", capital=True) == "Au Conseil"
    assert french.definite("Haut-Commissariat", "m", elision=False) == "le Haut-Commissariat"
    assert french.agree("représenté", "f") == "représentée"
    assert french.agree("représenté", "m") == "représenté"
    assert french.agree("désigné", "f") == "désignée"


def test_join_words_and_names() -> None:
    assert french.join_words(["a"]) == "a"
    assert french.join_words(["a", "b", "c"]) == "a, b et c"
    assert french.upper_name("Brière") == "BRIÈRE"
    assert french.upper_name("de La Tour") == "de LA TOUR"
    assert french.upper_name("d'Ornano") == "d'ORNANO"


def test_jinja_filters_are_the_formatters() -> None:
    filters = french.jinja_filters()
    assert filters["montant"](115150) == f"115{NNBSP}150{E}"
    assert filters["date_fr"]("2019-04-01") == "1er avril 2019"
    assert all(callable(f) for f in filters.values())


@given(st.integers(min_value=0, max_value=10**9))
def test_every_amount_up_to_a_billion_has_a_wording(value: int) -> None:
    words = french.amount_in_words(value)
    assert words.endswith(("euro", "euros"))
    assert "  " not in words and words == words.strip()


@given(st.integers(min_value=0, max_value=10**12))
def test_grouped_amounts_read_back_to_their_value(value: int) -> None:
    text = french.format_amount(value)
    assert int(text.removesuffix(E).replace(NNBSP, "")) == value


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)))
def test_every_date_formats(day: dt.date) -> None:
    text = french.format_date(day)
    assert text.endswith(str(day.year))
    assert text.startswith("1er " if day.day == 1 else f"{day.day} ")


@pytest.mark.parametrize(
    ("before", "noun", "gender", "options", "expected"),
    [
        (
            "mis à disposition à ",
            "gymnase Jean-Moulin",
            "m",
            {},
            ("mis à disposition ", "au gymnase Jean-Moulin"),
        ),
        ("les clés de ", "gymnase Jean-Moulin", "m", {}, ("les clés ", "du gymnase Jean-Moulin")),
        ("à ", "salle des fêtes", "f", {}, ("", "à la salle des fêtes")),
        ("de ", "salle des fêtes", "f", {}, ("", "de la salle des fêtes")),
        ("à ", "espace Coluche", "m", {}, ("", "à l’espace Coluche")),
        ("de ", "hôtel de ville", "m", {}, ("", "de l’hôtel de ville")),
        ("à ", "hall des sports", "m", {"elision": False}, ("", "au hall des sports")),
        ("dans ", "salle des fêtes", "f", {}, ("dans ", "la salle des fêtes")),
        ("", "salle des fêtes", "f", {"at_start": True}, ("", "La salle des fêtes")),
        ("", "salle des fêtes", "f", {}, ("", "la salle des fêtes")),
        ("Fin. ", "salle des fêtes", "f", {}, ("Fin. ", "La salle des fêtes")),
        ("À ", "salle des fêtes", "f", {}, ("", "À la salle des fêtes")),
        ("fin le ", "31 décembre 2018", "m", {"elision": False}, ("fin ", "le 31 décembre 2018")),
        ("jusqu’au ", "31 décembre 2018", "m", {}, ("jusqu’", "au 31 décembre 2018")),
        (
            "à compter de la ",
            "date de sa signature",
            "f",
            {},
            ("à compter ", "de la date de sa signature"),
        ),
        ("un ", "comité de suivi", "m", {}, ("un ", "comité de suivi")),
        ("à ", "Marseille", "f", {"article": False}, ("à ", "Marseille")),
        ("de ", "Aix-en-Provence", "f", {"article": False}, ("", "d’Aix-en-Provence")),
        ("durée de ", "un an", "m", {"article": False}, ("durée ", "d’un an")),
        ("durée de ", "huit mois", "m", {"article": False}, ("durée ", "de huit mois")),
        ("durée d'", "trois ans", "m", {"article": False}, ("durée ", "de trois ans")),
        ("Nicole", "x", "f", {}, ("Nicole", "la x")),
    ],
)
def test_a_cited_noun_contracts_with_the_preposition_before_it(
    before: str, noun: str, gender: str, options: dict, expected: tuple[str, str]
) -> None:
    assert french.with_preposition(before, noun, gender, **options) == expected


def test_may_elide_before_a_vowel_or_an_h_only() -> None:
    assert french.may_elide("Agence") and french.may_elide("« État »")
    assert french.may_elide("Haut-Commissariat")  # an aspirated h: the drafter says so
    assert not french.may_elide("Communauté d'agglomération")
    assert not french.may_elide("« CFA »")
