"""Period, notices, dates and years (CG5xx)."""

import datetime as dt

import pytest

from convgen.checking.rules.time import add, in_months
from convgen.foundation.findings import Severity


def _time(result):
    return [f for f in result.findings if f.code.startswith("CG5")]


def test_date_arithmetic() -> None:
    assert add(dt.date(2022, 1, 31), {"months": 1}) == dt.date(2022, 2, 28)
    assert add(dt.date(2024, 2, 29), {"years": 1}) == dt.date(2025, 2, 28)
    assert add(dt.date(2022, 4, 1), {"years": 3}) == dt.date(2025, 4, 1)
    assert add(dt.date(2022, 4, 1), {"months": -6}) == dt.date(2021, 10, 1)
    assert add(dt.date(2022, 4, 1), {"weeks": 2, "days": 1}) == dt.date(2022, 4, 16)
    assert in_months({"years": 1, "months": 6}) == 18


@pytest.mark.parametrize(
    ("first", "last", "ok"),
    [(2022, 2025, True), (2022, 2024, True), (2022, 2026, False), (2022, 2023, False)],
)
def test_period_against_duration_when_start_is_the_unknown_signature_date(
    minimal, check_data, first, last, ok
) -> None:
    minimal["title"]["period"] = {"from": first, "to": last}  # three years from an unknown date
    found = _time(check_data(minimal))
    assert (found == []) is ok
    if not ok:
        assert found[0].code == "CG501"
        assert "pour une durée de trois ans : attendu 2022-2025 ou 2022-2024" in found[0].message


def test_period_against_a_known_start(minimal, check_data) -> None:
    minimal["terms"]["start"] = "2022-04-01"
    minimal["title"]["period"] = {"from": 2022, "to": 2025}
    assert _time(check_data(minimal)) == []
    minimal["terms"]["start"] = "2022-01-01"
    [finding] = _time(check_data(minimal))
    assert finding.code == "CG501"
    assert finding.message == (
        "le titre annonce 2022-2025, mais la convention court du 1er janvier 2022 au "
        "31 décembre 2024 (2022-2024)"
    )


def test_notice_longer_than_the_duration(minimal, check_data) -> None:
    minimal["terms"]["termination"]["notice"] = {"years": 3}
    [finding] = _time(check_data(minimal))
    assert finding.code == "CG502"
    assert finding.message == (
        "préavis de résiliation de trois ans pour une convention de trois ans : "
        "le préavis doit être plus court que la durée"
    )


def test_renewal_notices(minimal, check_data) -> None:
    minimal["terms"]["renewal"] = {"kind": "express", "notice": {"months": 6}}
    assert _time(check_data(minimal)) == []
    minimal["terms"]["renewal"] = {"kind": "express"}
    [finding] = _time(check_data(minimal))
    assert (finding.code, finding.severity) == ("CG502", Severity.WARNING)
    assert finding.message.startswith("la reconduction doit être notifiée avant l'échéance")
    minimal["terms"]["renewal"] = {"kind": "tacit", "notice": {"years": 1}, "length": {"years": 1}}
    [finding] = _time(check_data(minimal))
    assert finding.message == (
        "délai de dénonciation d’un an pour des périodes reconduites d’un an : "
        "il doit être plus court"
    )
    minimal["terms"]["renewal"] = {"kind": "none"}
    assert _time(check_data(minimal)) == []


def test_renewal_deadline_before_signature(minimal, check_data) -> None:
    minimal["title"]["period"] = {"from": 2022, "to": 2022}
    minimal["terms"]["duration"] = {"months": 10}
    minimal["terms"]["start"] = "2022-01-01"
    minimal["terms"]["renewal"] = {"kind": "express", "notice": {"months": 6}}
    minimal["signature"]["date"] = "2022-09-01"
    messages = [f.message for f in _time(check_data(minimal)) if f.code == "CG502"]
    assert (
        "la reconduction devait être notifiée avant le 1er mai 2022, date antérieure à la "
        "signature (1er septembre 2022)"
    ) in messages


def test_implausible_structured_dates(minimal, check_data) -> None:
    minimal["title"]["period"] = {"from": 2919, "to": 2922}
    minimal["signature"]["date"] = "1899-05-01"
    minimal["terms"]["start"] = "2022-01-01"
    found = {f.message for f in _time(check_data(minimal)) if f.code == "CG503"}
    assert "année 2919 invraisemblable" in found
    assert "année 2922 invraisemblable" in found
    assert "date de signature 1er mai 1899 invraisemblable" in found


def test_reversed_period_and_retroactive_start(minimal, check_data) -> None:
    minimal["title"]["period"] = {"from": 2025, "to": 2022}
    minimal["terms"]["start"] = "2022-01-01"
    minimal["signature"]["date"] = "2022-03-01"
    found = {(f.message, f.severity) for f in _time(check_data(minimal)) if f.code == "CG503"}
    assert ("période 2025-2022 à l'envers", Severity.ERROR) in found
    assert (
        "prise d'effet le 1er janvier 2022, avant la signature du 1er mars 2022 : effet rétroactif",
        Severity.WARNING,
    ) in found


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "son contrat quinquennal 2919-2023,",
            "année 2919 invraisemblable dans « quinquennal 2919-2023 » ; vouliez-vous écrire 2019-2023 ?",
        ),
        (
            "le contrat quinquennal 2019-2022 du Cnam",
            "« quinquennal 2019-2022 » compte 4 années, pas cinq ; vouliez-vous écrire 2018-2022 ?",
        ),
        ("sur la période 2024-2021.", "période 2024-2021 à l'envers dans « 2024-2021 »"),
        ("à compter de l'exercice 2202.", "année 2202 invraisemblable dans « exercice 2202 »"),
        ("signée le 31 février 2022.", "la date « 31 février 2022 » n'existe pas"),
    ],
)
def test_implausible_years_in_texts(minimal, check_data, text, message) -> None:
    minimal["articles"][0]["body"] = [f"Dans la droite ligne de {text}"]
    [finding] = _time(check_data(minimal))
    assert (finding.code, finding.message) == ("CG504", message)


@pytest.mark.parametrize(
    "text",
    [
        "fondateur du Conservatoire national des arts et métiers en 1794",
        "le contrat quinquennal 2019-2023",
        "la période 2021-2026",
        "le 29 février 2024",
        "un montant de 2919,50 euros",
        "au 52100 Saint-Dizier",
    ],
)
def test_plausible_years_in_texts(minimal, check_data, text) -> None:
    minimal["articles"][0]["body"] = [f"Comme {text}."]
    assert _time(check_data(minimal)) == []


@pytest.mark.parametrize(
    ("period", "duration", "end", "expected"),
    [
        # the end alone is wrong: once, at the end date
        ((2024, 2026), {"years": 3}, "2025-12-31", [("CG505", ("terms", "end"))]),
        # the duration alone is wrong (the end and the title agree): at the duration
        ((2024, 2025), {"years": 3}, "2025-12-31", [("CG505", ("terms", "duration"))]),
        # the title alone is wrong: at the title's period
        ((2024, 2027), {"years": 3}, "2026-12-31", [("CG501", ("title", "period"))]),
        # all three agree
        ((2024, 2026), {"years": 3}, "2026-12-31", []),
    ],
)
def test_each_time_contradiction_is_reported_once_at_the_odd_value(
    minimal, check_data, period, duration, end, expected
) -> None:
    minimal["title"]["period"] = {"from": period[0], "to": period[1]}
    minimal["terms"] |= {"start": "2024-01-01", "duration": duration, "end": end}
    found = [(f.code, f.path) for f in check_data(minimal).findings if f.code in ("CG501", "CG505")]
    assert found == expected


def test_a_wrong_duration_says_the_arithmetic(minimal, check_data) -> None:
    minimal["title"]["period"] = {"from": 2024, "to": 2025}
    minimal["terms"] |= {"start": "2024-01-01", "duration": {"years": 3}, "end": "2025-12-31"}
    [finding] = [f for f in check_data(minimal).findings if f.code == "CG505"]
    assert finding.message == (
        "trois ans à compter du 1er janvier 2024 mènent au 31 décembre 2026, mais la "
        "convention prend fin le 31 décembre 2025, comme l'annonce le titre (2024-2025) : du "
        "1er janvier 2024 au 31 décembre 2025, la durée est de deux ans"
    )
