"""Rates, financing plan and amounts in words (CG4xx)."""

from convgen.foundation.findings import Severity


def _money(result):
    # the rates of these tests have no base amount on purpose: CG428 is tested on its own
    return [f for f in result.findings if f.code.startswith("CG4") and f.code != "CG428"]


def _commit(minimal, party_index: int, text: str, figures: dict) -> None:
    minimal["articles"][1]["commitments"][party_index]["items"] = [
        {"text": text, "figures": figures}
    ]


def _budget(minimal, **changes) -> None:
    minimal["budget"] = {
        "title": "Plan de financement",
        "basis": "period",
        "lines": [
            {"key": "invest", "label": "Investissement", "amount": 50000,
             "shares": {"ville": 20000, "cnam": 30000}},
            {"key": "fonct", "label": "Fonctionnement", "amount": 10000,
             "shares": {"ville": 4000, "cnam": 6000}},
        ],
        "total": 60000,
        "party_totals": {"ville": 24000, "cnam": 36000},
        "ceiling": 80000,
        **changes,
    }  # fmt: skip
    minimal["annexes"] = [{"key": "plan", "title": "Plan", "body": [{"table": "budget"}]}]


def test_rates_between_0_and_100(minimal, check_data) -> None:
    _commit(minimal, 0, "Prendre en charge @{taux} du coût.", {"taux": {"percent": 100}})
    assert _money(check_data(minimal)) == []
    _commit(minimal, 0, "Prendre en charge @{taux} du coût.", {"taux": {"percent": 200}})
    [finding] = _money(check_data(minimal))
    assert finding.code == "CG401"
    assert finding.message == "taux de 200\u00a0% : un taux doit être compris entre 0 et 100 %"
    assert finding.path[-1] == "percent"


def test_shares_of_one_base_above_100(minimal, check_data) -> None:
    base = "besoins de financement de fonctionnement"
    _commit(minimal, 0, "Financer @{taux} des besoins.", {"taux": {"percent": 60, "base": base}})
    _commit(minimal, 1, "Financer @{taux} des besoins.", {"taux": {"percent": 40, "base": base}})
    assert _money(check_data(minimal)) == []
    _commit(minimal, 1, "Financer @{taux} des besoins.", {"taux": {"percent": 50, "base": base}})
    [finding] = _money(check_data(minimal))
    assert finding.code == "CG402"
    assert finding.message == (
        "les parts de « besoins de financement de fonctionnement » dépassent 100 % : "
        "ville 60\u00a0% + cnam 50\u00a0% = 110\u00a0%"
    )


def test_a_sound_budget(minimal, check_data) -> None:
    _budget(minimal)
    assert _money(check_data(minimal)) == []


def test_budget_line_total_against_shares(minimal, check_data) -> None:
    _budget(minimal)
    minimal["budget"]["lines"][1]["amount"] = 11000
    minimal["budget"]["total"] = 61000
    found = [f for f in _money(check_data(minimal)) if f.code in ("CG403", "CG408")]
    assert [(f.code, f.path) for f in found] == [("CG408", ("budget", "lines", 1, "amount"))]
    assert found[0].message == (
        "« Plan de financement », ligne « Fonctionnement », colonne « Total » : "
        "11\u202f000\u00a0€ déclarés, 10\u202f000\u00a0€ en additionnant les colonnes "
        "« Ville d'Essai » et « Cnam Grand Est »"
    )


def test_budget_column_and_grand_totals(minimal, check_data) -> None:
    _budget(minimal, total=65000, party_totals={"ville": 24000, "cnam": 35000})
    found = sorted(
        (f for f in _money(check_data(minimal)) if f.code in ("CG403", "CG408")),
        key=lambda f: f.path,
    )
    assert [(f.code, f.path) for f in found] == [
        ("CG403", ("budget", "party_totals", "cnam")),
        ("CG403", ("budget", "total")),
    ]
    assert found[0].message == (
        "« Plan de financement », ligne de total, colonne « Cnam Grand Est » : "
        "35\u202f000\u00a0€ déclarés, 36\u202f000\u00a0€ en additionnant les lignes"
    )
    assert found[1].message == (
        "« Plan de financement », ligne de total, colonne « Total » : "
        "65\u202f000\u00a0€ déclarés, 60\u202f000\u00a0€ en additionnant les lignes"
    )


def test_budget_declared_totals_that_do_not_add_up(minimal, check_data) -> None:
    # each party total is its column's sum, the grand total is the lines' sum, but one
    # party total is missing and the grand total is not the sum of the written ones
    _budget(minimal, party_totals={"ville": 24000})
    assert _money(check_data(minimal)) == []


def test_budget_ceiling(minimal, check_data) -> None:
    _budget(minimal, ceiling=55000)
    [finding] = _money(check_data(minimal))
    assert finding.code == "CG404"
    assert finding.path == ("budget", "ceiling")
    assert finding.message == (
        "« Plan de financement », colonne « Total » : le total de 60\u202f000\u00a0€ dépasse "
        "le plafond de 55\u202f000\u00a0€ de 5\u202f000\u00a0€"
    )


def test_commitment_figures_agree_with_the_budget(minimal, check_data) -> None:
    _budget(minimal)
    _commit(minimal, 0, "Verser @{m}.", {"m": {"amount": 20000, "line": "invest"}})
    _commit(
        minimal, 1, "Financer @{t} de l'investissement.", {"t": {"percent": 60, "line": "invest"}}
    )
    assert _money(check_data(minimal)) == []
    _commit(minimal, 0, "Verser @{m}.", {"m": {"amount": 25000, "line": "invest"}})
    _commit(
        minimal, 1, "Financer @{t} de l'investissement.", {"t": {"percent": 50, "line": "invest"}}
    )
    messages = [f.message for f in _money(check_data(minimal))]
    assert messages == [
        "engagement de 25\u202f000\u00a0€, mais « Plan de financement » attribue "
        "20\u202f000\u00a0€ à « ville » sur la ligne « Investissement »",
        "taux de 50\u00a0%, mais la part de « cnam » sur la ligne « Investissement » de « Plan "
        "de financement » est de 30\u202f000\u00a0€ sur 50\u202f000\u00a0€, soit 60\u00a0%",
    ]


def test_unknown_budget_line(minimal, check_data) -> None:
    _commit(minimal, 0, "Verser @{m}.", {"m": {"amount": 100, "line": "inconnu"}})
    [finding] = _money(check_data(minimal))
    assert finding.code == "CG405"
    assert finding.message == "« inconnu » : aucun plan de financement (tableaux : aucun)"
    _budget(minimal)
    [finding] = _money(check_data(minimal))
    assert finding.message == (
        "ligne « inconnu » inconnue (lignes de « Plan de financement » : invest, fonct)"
    )


def test_amounts_in_words_must_match(minimal, check_data) -> None:
    minimal["articles"][0]["body"] = [
        "La Ville verse 115 150 € (cent quinze mille cent cinquante euros).",
        "Le Cnam verse la somme de cent-quinze-mille euros (115 000 €).",
        "Une avance de 1 000 000 € (un million d'euros) puis 2,50 € (deux euros et cinquante centimes).",
    ]
    assert _money(check_data(minimal)) == []
    minimal["articles"][0]["body"] = [
        "La Ville verse 115 150 € (cent quinze mille cinq cent cinquante euros).",
        "Le Cnam verse la somme de dix mille euros (100 000 €).",
    ]
    found = _money(check_data(minimal))
    assert [f.code for f in found] == ["CG406", "CG406"]
    assert found[0].severity == Severity.ERROR
    assert found[0].message == (
        "« 115 150 € » et « cent quinze mille cinq cent cinquante euros » ne disent pas la même "
        "somme : 115\u202f150\u00a0€ s'écrit « cent quinze mille cent cinquante euros », et « cent "
        "quinze mille cinq cent cinquante euros » vaut 115\u202f550\u00a0€"
    )
    assert found[1].message.startswith("« 100 000 € » et « dix mille euros »")


def test_a_rate_commits_money_only_with_a_base_amount_or_a_ceiling(minimal, check_data) -> None:
    item = {
        "key": "subvention",
        "text": "Verser une subvention de @{taux} du coût total de l'action.",
        "figures": {"taux": {"percent": 20, "base": "coût total de l'action"}},
    }
    minimal["articles"][1]["commitments"][0]["items"] = [item]
    [finding] = [f for f in check_data(minimal).findings if f.code == "CG428"]
    assert finding.severity == Severity.ERROR  # a final version: refused
    assert finding.message.startswith(
        "taux sans montant de base ni plafond (base : « coût total de l'action ») : "
    )
    minimal["status"] = "draft"
    [finding] = [f for f in check_data(minimal).findings if f.code == "CG428"]
    assert finding.severity == Severity.WARNING
    # a ceiling declared beside the rate bounds the commitment
    item["text"] += " dans la limite de @{plafond}"
    item["figures"]["plafond"] = {"amount": 50000}
    assert [f for f in check_data(minimal).findings if f.code == "CG428"] == []
