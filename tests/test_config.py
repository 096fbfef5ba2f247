"""Project configuration and inline suppressions."""

from pathlib import Path

import pytest

from convgen.checking import config
from convgen.foundation.errors import UsageError
from convgen.foundation.findings import Severity

from conftest import codes, dump


def test_no_configuration_means_every_rule(tmp_path: Path) -> None:
    found = config.load(start=tmp_path)
    assert found.select == () and found.ignore == () and found.source is None


def test_pyproject_table_is_found_from_a_sub_directory(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.convgen]\nignore = ["CG305"]\n'
        '[tool.convgen.severity]\nCG303 = "error"\n',
        encoding="utf-8",
    )
    sub = tmp_path / "conventions" / "2022"
    sub.mkdir(parents=True)
    found = config.load(start=sub)
    assert found.ignore == ("CG305",)
    assert found.severity == {"CG303": Severity.ERROR}
    assert found.source == tmp_path / "pyproject.toml"


def test_convgen_toml_wins_over_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.convgen]\nignore = ["CG305"]\n')
    (tmp_path / "convgen.toml").write_text('select = ["CG1", "CG3"]\nstrict = true\n')
    found = config.load(start=tmp_path)
    assert found.select == ("CG1", "CG3") and found.strict


def test_pyproject_without_a_convgen_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert config.load(start=tmp_path).source is None


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ("ignore = ['CG999']", "code inconnu « CG999 »"),
        ("ignore = 'CG305'", "doit être une liste"),
        ("ignore = ['CG201']", "CG201 ne peut pas être ignoré"),
        ("severity = {CG201 = 'warning'}", "CG201 reste une erreur"),
        ("severity = {CG303 = 'grave'}", "niveau « grave » inconnu"),
        ("couleur = true", "réglage inconnu « couleur »"),
        ("strict = 'oui'", "« strict » doit valoir true ou false"),
        ("ignore = [", "configuration illisible"),
    ],
)
def test_configuration_errors_say_what_is_wrong(tmp_path: Path, table: str, words: str) -> None:
    path = tmp_path / "convgen.toml"
    path.write_text(table + "\n", encoding="utf-8")
    with pytest.raises(UsageError, match=words) as caught:
        config.load(path)
    assert caught.value.file == str(path)


def test_select_ignore_and_severities_apply(minimal, check_data) -> None:
    minimal["status"] = "draft"  # CG305 is an error in a final version
    minimal["signature"]["copies"] = 3  # CG301 warning
    del minimal["parties"][0]["representative"]["quality"]  # CG305 info
    assert sorted(codes(check_data(minimal))) == ["CG301", "CG305"]
    only = config.Config(ignore=("CG305",))
    result = check_data(minimal, config=only)
    assert codes(result) == ["CG301"]
    stricter = config.Config(severity={"CG301": Severity.ERROR}, select=("CG3",))
    found = {f.code: f.severity for f in check_data(minimal, config=stricter).findings}
    assert found == {"CG301": Severity.ERROR, "CG305": Severity.INFO}


def test_gaps_stay_errors_in_a_final_document(minimal, check_data) -> None:
    minimal["title"]["name"] = "À définir"
    lenient = config.Config(severity={"CG101": Severity.INFO})
    assert [f.severity for f in check_data(minimal, config=lenient).findings] == [Severity.ERROR]
    minimal["status"] = "draft"
    assert [f.severity for f in check_data(minimal, config=lenient).findings] == [Severity.INFO]


def _yaml_with(minimal, comment: str) -> str:
    minimal["signature"]["copies"] = 1
    text = dump(minimal)
    return text.replace("  copies: 1\n", f"  copies: 1  {comment}\n")


def test_inline_suppression_with_a_reason(minimal, check_text) -> None:
    text = _yaml_with(minimal, "# convgen: ignore CG301 -- l'Agglomération signe sur la copie")
    result = check_text(text)
    [finding] = result.findings
    assert finding.code == "CG301"
    assert finding.suppressed == "l'Agglomération signe sur la copie"
    assert not result.has_errors
    assert result.count(Severity.ERROR) == 0 and result.suppressed == 1


def test_a_comment_alone_covers_the_next_value(minimal, check_text) -> None:
    minimal["signature"]["copies"] = 1
    text = dump(minimal).replace(
        "  copies: 1\n", "  # convgen: ignore CG301 — motif donné\n\n  copies: 1\n"
    )
    assert [f.suppressed for f in check_text(text).findings] == ["motif donné"]


def test_a_comment_above_a_long_paragraph_covers_all_of_it(minimal, check_text) -> None:
    minimal["articles"][0]["body"] = ["PLACEHOLDER"]
    text = dump(minimal).replace(
        "  - PLACEHOLDER\n",
        "  # convgen: ignore CG504 -- citation historique\n"
        "  - >-\n    Premier alinéa,\n    puis le contrat quinquennal 2919-2023 cité tel quel.\n",
    )
    [finding] = check_text(text).findings
    assert (finding.code, finding.suppressed) == ("CG504", "citation historique")


def test_a_comment_on_a_list_items_line_covers_that_item_not_the_list(minimal, check_text) -> None:
    minimal["articles"][0]["body"] = ["PLACEHOLDER"]
    text = dump(minimal).replace(
        "  - PLACEHOLDER\n",
        "  - Le contrat quinquennal 2919-2023, cité tel quel.  # convgen: ignore CG504 -- cité\n"
        "  - Le plan 2919-2024, une faute à signaler.\n",
    )
    found = [(f.code, f.line, f.suppressed) for f in check_text(text).findings]
    first = text.splitlines().index(next(t for t in text.splitlines() if "2919-2023" in t)) + 1
    assert found == [("CG504", first, "cité"), ("CG504", first + 1, None)]


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        ("# convgen: ignore CG301", "motif manquant"),
        ("# convgen: ignore", "indiquez le code à ignorer"),
        ("# convgen: ignore CG999 -- x", "code inconnu « CG999 »"),
        ("# convgen: ignore CG201 -- x", "CG201 ne peut pas être ignoré"),
    ],
)
def test_wrong_suppressions_are_errors_and_suppress_nothing(
    minimal, check_text, comment, message
) -> None:
    result = check_text(_yaml_with(minimal, comment))
    found = {f.code: f for f in result.findings}
    assert found["CG301"].suppressed is None
    assert message in found["CG004"].message
    assert found["CG004"].severity == Severity.ERROR


def test_unused_suppression_is_a_warning(minimal, check_text) -> None:
    text = dump(minimal).replace("  copies: 2\n", "  copies: 2  # convgen: ignore CG301 -- x\n")
    [finding] = check_text(text).findings
    assert (finding.code, finding.severity) == ("CG004", Severity.WARNING)
    assert finding.message == "rien à ignorer ici (CG301) : retirez ce commentaire"


def test_a_comment_inside_a_quoted_text_is_not_a_suppression(minimal, check_text) -> None:
    minimal["articles"][0]["body"] = ["Écrire « # convgen: ignore CG301 » n'ignore rien."]
    assert codes(check_text(dump(minimal))) == []
