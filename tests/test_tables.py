"""Tables anywhere: the model (the financing plan is a table too), the rules CG403-CG413,
the rendering of a detailed budget and of a fiche action, and the command line."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from convgen.checking.check import check_file
from convgen.cli import main
from convgen.foundation.findings import Severity
from convgen.model.tables import LABEL_COLUMN, TOTAL_COLUMN
from convgen.rendering import Renderer, render
from convgen.rendering.contract import conformity
from convgen.rendering.ooxml import document_paragraphs
from convgen.rendering.tables import column_widths

from conftest import CHAUMONT, FIXTURES

TABLES = FIXTURES / "valid" / "tables-final.yaml"
NNBSP, NBSP = "\u202f", "\u00a0"


def _euros(text: str) -> str:
    """``text`` with its amounts (« 30 000 € ») spaced as convgen writes them."""
    return re.sub(
        r"\d{1,3}(?: \d{3})* €",
        lambda m: m[0].replace(" ", NNBSP)[:-2] + f"{NBSP}€",
        text,
    )


def _detail() -> dict[str, Any]:
    return {
        "key": "detail",
        "title": "Budget prévisionnel",
        "columns": [
            {"key": "poste", "label": "Poste", "type": "text"},
            {"key": 2024, "label": "2024", "type": "amount"},
            {"key": 2025, "label": "2025", "type": "amount"},
            {"key": "total", "label": "Total", "type": "amount", "sum_of": [2024, 2025]},
            {"key": "ville", "type": "amount", "party": "ville"},
        ],
        "rows": [
            {
                "key": "fonctionnement",
                "cells": {"poste": "Fonctionnement", "2024": 30000, "2025": 35000},
                "rows": [
                    {"cells": {"poste": "Personnel", "2024": 20000, "2025": 25000, "ville": 5}},
                    {"cells": {"poste": "Fournitures", "2024": 10000, "2025": 10000}},
                ],
            },
        ],
        "total": {"poste": "Total", "2024": 30000},
    }


def _with_table(minimal: dict[str, Any], table: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(minimal)
    data["tables"] = [table]
    data["articles"][0]["body"].append({"table": table["key"]})
    return data


def _codes(result, prefix: str = "CG4") -> list[str]:
    return [f.code for f in result.findings if f.code.startswith(prefix)]


# --- the model --------------------------------------------------------------------------


def test_the_financing_plan_is_a_table_with_the_same_columns() -> None:
    convention = check_file(CHAUMONT).convention
    plan = convention.table("budget")
    assert plan is not None and plan.from_budget
    assert [c.key for c in plan.columns] == [
        LABEL_COLUMN,
        "ville",
        "agence",
        "cnam-grand-est",
        TOTAL_COLUMN,
    ]
    assert [c.label for c in plan.columns] == [
        "Poste",
        "Ville de Chaumont",
        "Agence",
        "Cnam Grand Est",
        "Total",
    ]
    assert plan.column(TOTAL_COLUMN).sum_of == ["ville", "agence", "cnam-grand-est"]
    assert plan.column_sum(TOTAL_COLUMN) == 165150
    assert plan.column_total("cnam-grand-est") == 100150
    assert plan.ceilings[TOTAL_COLUMN].path == ("budget", "ceiling")


def test_values_of_rows_sub_lines_and_sums(minimal, check_data) -> None:
    convention = check_data(_with_table(minimal, _detail())).convention
    table = convention.table("detail")
    assert [c.key for c in table.columns][:3] == ["poste", "2024", "2025"]  # years as keys
    assert [c.label for c in table.columns][-1] == "Ville d'Essai"  # a party's name
    parent = table.row("fonctionnement")
    assert [child.depth for child in parent.children] == [1, 1]
    assert table.value(parent, "total") == 65000  # its columns' sum, none written
    assert table.value(parent, "ville") == 5  # its sub-lines' sum
    assert table.column_sum("2025") == 35000
    assert table.column_total("2024") == 30000  # declared


# --- the rules --------------------------------------------------------------------------


def test_a_sound_table_has_no_finding(minimal, check_data) -> None:
    assert _codes(check_data(_with_table(minimal, _detail()))) == []


def test_sub_lines_and_row_sums_are_checked_at_the_faulty_value(minimal, check_data) -> None:
    table = _detail()
    table["rows"][0]["cells"]["2025"] = 36000
    table["rows"][0]["rows"][1]["cells"]["total"] = 19000
    result = check_data(_with_table(minimal, table))
    found = {f.code: f for f in result.findings if f.code.startswith("CG4")}
    assert set(found) == {"CG407", "CG408"}
    assert found["CG407"].path == ("tables", 0, "rows", 0, "cells", "2025")
    assert found["CG407"].message == _euros(
        "« Budget prévisionnel », ligne « Fonctionnement », colonne « 2025 » : "
        "36 000 € déclarés, 35 000 € en additionnant les sous-lignes"
    )
    assert found["CG408"].path == ("tables", 0, "rows", 0, "rows", 1, "cells", "total")
    assert found["CG408"].message == _euros(
        "« Budget prévisionnel », ligne « Fournitures », colonne « Total » : "
        "19 000 € déclarés, 20 000 € en additionnant les colonnes « 2024 » et « 2025 »"
    )
    assert result.document.position(found["CG408"].path).line == found["CG408"].line


def test_declared_totals_and_ceilings(minimal, check_data) -> None:
    table = _detail()
    table["total"] = {"poste": "Total", "2024": 31000, "total": 65000}
    table["ceilings"] = {"2025": 30000, "total": 70000}
    table["rows"][0]["ceilings"] = {"2024": 25000}
    found = {f.code: f for f in check_data(_with_table(minimal, table)).findings}
    assert found["CG403"].message == _euros(
        "« Budget prévisionnel », ligne de total, colonne « 2024 » : 31 000 € déclarés, "
        "30 000 € en additionnant les lignes"
    )
    assert found["CG404"].path == ("tables", 0, "ceilings", "2025")
    assert found["CG404"].message == _euros(
        "« Budget prévisionnel », colonne « 2025 » : le total de 35 000 € dépasse le plafond "
        "de 30 000 € de 5 000 €"
    )
    assert found["CG409"].path == ("tables", 0, "rows", 0, "ceilings", "2024")
    assert sorted(_codes(check_data(_with_table(minimal, table)))) == ["CG403", "CG404", "CG409"]


def test_a_gap_is_a_gap_not_a_type_error_and_an_error_in_a_final_version(
    minimal, check_data
) -> None:
    table = _detail()
    table["rows"][0]["rows"][0]["cells"]["2024"] = "..."
    result = check_data(_with_table(minimal, table))
    [gap] = [f for f in result.findings if f.code.startswith(("CG1", "CG4"))]
    assert gap.code == "CG101" and gap.severity == Severity.ERROR  # status: final
    assert gap.path == ("tables", 0, "rows", 0, "rows", 0, "cells", "2024")
    assert result.has_errors  # a final version with a gap is not built
    draft = _with_table(minimal, table)
    draft["status"] = "draft"
    [gap] = [f for f in check_data(draft).findings if f.code.startswith(("CG1", "CG4"))]
    assert gap.severity == Severity.WARNING


def test_cells_of_the_wrong_type_unknown_columns_and_percentages(minimal, check_data) -> None:
    table = _detail()
    table["columns"].append({"key": "part", "label": "Part", "type": "percent"})
    table["rows"][0]["cells"].update({"2024": "trente mille", "part": 150, "2026": 1})
    found = [f for f in check_data(_with_table(minimal, table)).findings if f.code >= "CG410"]
    assert sorted((f.code, f.path[-1]) for f in found if f.code.startswith("CG41")) == [
        ("CG410", "2024"),
        ("CG411", "2026"),
        ("CG412", "part"),
    ]
    messages = {f.code: f.message for f in found}
    assert messages["CG410"].startswith(
        "« Budget prévisionnel », ligne « Fonctionnement », colonne « 2024 » : « trente mille » "
        "n'est pas un montant"
    )
    assert (
        "colonne « 2026 » inconnue (colonnes : poste, 2024, 2025, total, ville, part)"
        in (messages["CG411"])
    )


def test_unknown_tables_are_refused_and_unprinted_ones_reported(minimal, check_data) -> None:
    data = _with_table(minimal, _detail())
    data["articles"][1]["commitments"][0]["closing"] = [{"table": "detial"}]
    result = check_data(data)
    [unknown] = [f for f in result.findings if f.code == "CG208"]
    assert unknown.message == (
        "« table: detial » : aucun tableau n'a cette clé dans « tables » (tableaux : detail) "
        "(vouliez-vous dire « detail » ?)"
    )
    data["articles"][0]["body"].pop()  # now printed nowhere
    data["articles"][1]["commitments"][0]["closing"] = []
    assert "CG413" in _codes(check_data(data))


def test_duplicate_keys_and_unknown_party_columns(minimal, check_data) -> None:
    table = _detail()
    table["columns"][4]["party"] = "vile"
    table["rows"][0]["rows"][0]["key"] = "fonctionnement"
    result = check_data(_with_table(minimal, table))
    codes = {f.code: f.message for f in result.findings}
    assert "partie « vile » inconnue dans le tableau « Budget prévisionnel »" in codes["CG201"]
    assert (
        "clé de ligne du tableau « Budget prévisionnel » « fonctionnement » en double"
        in (codes["CG206"])
    )


def test_committed_figures_refer_to_rows_of_any_table(minimal, check_data) -> None:
    data = _with_table(minimal, _detail())
    data["articles"][1]["commitments"][0]["items"] = [
        {"text": "Verser @{m}.", "figures": {"m": {"amount": 5, "line": "detail.fonctionnement"}}}
    ]
    assert _codes(check_data(data)) == []
    data["articles"][1]["commitments"][0]["items"][0]["figures"]["m"]["amount"] = 6
    [finding] = [f for f in check_data(data).findings if f.code == "CG405"]
    assert finding.message == (
        "engagement de 6\u00a0€, mais « Budget prévisionnel » attribue 5\u00a0€ à « ville » "
        "sur la ligne « Fonctionnement »"
    )
    data["articles"][1]["commitments"][0]["items"][0]["figures"]["m"]["line"] = "autre.x"
    [finding] = [f for f in check_data(data).findings if f.code == "CG405"]
    assert finding.message == "« autre.x » : tableau « autre » inconnu (tableaux : detail)"


# --- rendering --------------------------------------------------------------------------


def _paragraphs(path: Path) -> list[str]:
    return document_paragraphs(render(check_file(path).convention)[0])


def test_a_detailed_budget_a_fiche_action_and_the_plan_are_printed() -> None:
    paragraphs = _paragraphs(TABLES)
    text = "\n".join(paragraphs)
    for expected in (
        "Budget prévisionnel de l’action",
        "Montants en euros TTC.",
        "Personnel",
        _euros("65 000 €"),
        "61,5\u00a0%",
        "31\u00a0décembre\u00a02024",
        "—",
        "Fiche action n°\u00a01",
        "OBJECTIFS",
        "Accueillir trente apprentis par an\u202f; les accompagner jusqu’au diplôme.",
        "Montants pour toute la durée de la convention, en euros. Plafond\u00a0: "
        + _euros("25 000 €."),
    ):
        assert expected in paragraphs or expected in text, expected
    # the header row of the fiche action is left out: its rubriques come first
    fiche = paragraphs.index("Fiche action n°\u00a01")
    assert paragraphs[fiche + 1] == "TITRE"


def test_rows_carry_their_kind_and_cells_their_style() -> None:
    convention = check_file(TABLES).convention
    context = Renderer(convention).context()
    assert conformity(context, "convention") == []
    table = next(el["table"] for el in context["body"] if el["style"] == "table")
    assert [row["kind"] for row in table["rows"]] == [
        "subtotal",
        "subline",
        "subline",
        "line",
        "total",
    ]
    assert [c["style"] for c in table["rows"][1]["cells"]][:2] == ["indented", "amount"]
    assert {c["style"] for c in table["rows"][-1]["cells"]} == {"strong", "strong_amount"}
    assert len(table["widths"]) == 6 and sum(table["widths"]) <= 9070


def test_the_plan_prints_as_before() -> None:
    paragraphs = _paragraphs(CHAUMONT)
    start = paragraphs.index("Plan de financement prévisionnel")
    assert paragraphs[start + 1 : start + 6] == [
        "Poste",
        "Ville de Chaumont",
        "Agence",
        "Cnam Grand Est",
        "Total",
    ]
    assert paragraphs[start + 6 : start + 11] == [
        "Investissements pédagogiques",
        "—",
        _euros("20 000 €"),
        _euros("30 000 €"),
        _euros("50 000 €"),
    ]
    assert paragraphs[start + 16 : start + 22] == [
        "Total",
        _euros("45 000 €"),
        _euros("20 000 €"),
        _euros("100 150 €"),
        _euros("165 150 €"),
        "Montants pour toute la durée de la convention, en euros. Plafond\u00a0: "
        + _euros("200 000 €."),
    ]


def test_a_gap_in_a_cell_is_highlighted(minimal, check_data) -> None:
    table = _detail()
    table["rows"][0]["rows"][0]["cells"]["2024"] = "..."
    data = _with_table(minimal, table)
    data["status"] = "draft"
    content, gaps = render(check_data(data).convention)
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        body = package.read("word/document.xml").decode()
    assert gaps == 1 and body.count('<w:rStyle w:val="Lacune"/>') == 1


def test_widths_follow_what_columns_hold() -> None:
    convention = check_file(TABLES).convention
    fiche = column_widths(convention.table("fiche-action-1"))
    assert fiche[0] < fiche[1] / 3  # « OBJECTIFS » beside a sentence


# --- the command line ---------------------------------------------------------------------


def test_check_and_build_through_the_command_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(TABLES)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "tables.docx"
    result = CliRunner().invoke(main, ["build", str(TABLES), "-o", str(out)])
    assert result.exit_code == 0, result.output
    paragraphs = document_paragraphs(out.read_bytes())
    assert "Fiche action n°\u00a01" in paragraphs and _euros("70 000 €") in paragraphs
    broken = yaml.safe_load(TABLES.read_text(encoding="utf-8"))
    broken["tables"][0]["rows"][0]["cells"]["total"] = 60000
    source = tmp_path / "faux.yaml"
    source.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(source)])
    assert result.exit_code == 1
    assert "erreur CG408" in result.output and "erreur CG407" in result.output
