from pathlib import Path

import pytest

from convgen.errors import InputError
from convgen.loader import MAX_DEPTH, Position, load, parse

TEXT = """\
document: convention
parties:
  - id: ville
    name: "Ville"
  - id: cnam
    address: {city: Nancy}
"""


def test_positions_of_values_and_keys() -> None:
    doc = parse(TEXT, Path("x.yaml"))
    assert doc.value_positions[("parties", 1, "id")] == Position(5, 9)
    assert doc.key_positions[("parties", 1, "id")] == Position(5, 5)
    assert doc.value_positions[("parties", 0, "name")] == Position(4, 11)
    assert doc.value_positions[("parties", 1, "address", "city")] == Position(6, 21)


def test_position_falls_back_to_nearest_ancestor() -> None:
    doc = parse(TEXT, Path("x.yaml"))
    assert doc.position(("parties", 1, "representative", "name")) == Position(5, 5)
    assert doc.position(("nowhere",)) == Position(1, 1)
    assert doc.position(("parties", 1, "id"), key=True) == Position(5, 5)


def test_duplicate_keys_are_recorded_at_both_lines_and_last_value_kept() -> None:
    doc = parse("a: 1\nb: 2\na: 3\n", Path("x.yaml"))
    assert doc.data == {"a": 3, "b": 2}
    [dup] = doc.duplicate_keys
    assert (dup.key, dup.first.line, dup.second.line) == ("a", 1, 3)
    assert doc.value_positions[("a",)] == Position(3, 4)


def test_scalars_follow_yaml_1_2_core_schema() -> None:
    doc = parse(
        "a: no\nb: on\nc: 01000\nd: 2021-12-16\ne: 1:30\nf: 3.5\ng: true\nh: ~\ni: 52100\n"
        "j: ...\nk: -4\nl: 1e3\n",
        Path("x.yaml"),
    )
    assert doc.data == {
        "a": "no",
        "b": "on",
        "c": "01000",
        "d": "2021-12-16",
        "e": "1:30",
        "f": 3.5,
        "g": True,
        "h": None,
        "i": 52100,
        "j": "...",
        "k": -4,
        "l": 1000.0,
    }


def test_empty_document_has_no_data() -> None:
    assert parse("# rien\n", Path("x.yaml")).data is None


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("a:\n\t- b\n", 2, 1, "tabulation"),
        ("a: b: c\n", 1, 5, "guillemets"),
        ("a: [1, 2\n", 2, 1, "crochet non fermé"),
        ('a: "non fermé\n', 2, 1, "guillemet non fermé"),
        ("a: &x 1\nb: &x 2\n", 2, 4, "ancre (&nom) définie deux fois"),
        ("a:\n  - b\n c: 1\n", 3, 2, "indentation incohérente"),
        ("- a\nb: 2\n", 2, 1, "élément de liste"),
        ("a:\n  b: 1\n\tc: 2\n", 3, 1, "tabulation"),
        ("a: *nulle\n", 1, 4, "alias"),
    ],
)
def test_syntax_errors_have_position_and_french_message(text, line, column, words) -> None:
    with pytest.raises(InputError) as caught:
        parse(text, Path("t.yaml"))
    error = caught.value
    assert (error.line, error.column) == (line, column)
    assert words in error.message
    assert str(error).startswith(f"t.yaml:{line}:{column}: ")


def test_control_characters_are_refused_with_their_position() -> None:
    with pytest.raises(InputError, match="U\\+0001") as caught:
        parse('document: convention\nname: "a\x01b"\n', Path("t.yaml"))
    assert (caught.value.line, caught.value.column) == (2, 9)


def test_unsupported_tags_are_refused() -> None:
    with pytest.raises(InputError, match="non prise en charge"):
        parse("a: !!python/object:os.system x\n", Path("t.yaml"))
    with pytest.raises(InputError, match="non prise en charge"):
        parse("a: !!binary aGVsbG8=\n", Path("t.yaml"))


def test_alias_expansion_is_bounded() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    with pytest.raises(InputError, match="alias"):
        parse("\n".join(lines) + "\n", Path("bomb.yaml"))


def test_nesting_is_bounded() -> None:
    deep = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    with pytest.raises(InputError, match="imbrication"):
        parse(deep, Path("deep.yaml"))


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="introuvable"):
        load(tmp_path / "absent.yaml")
    with pytest.raises(InputError, match="dossier"):
        load(tmp_path)
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("a: ok\nb: Préfecture\n".encode("latin-1"))
    with pytest.raises(InputError, match="UTF-8") as caught:
        load(latin1)
    assert (caught.value.line, caught.value.column) == (2, 6)
    utf16 = tmp_path / "utf16.yaml"
    utf16.write_bytes("a: 1\n".encode("utf-16"))
    with pytest.raises(InputError, match="UTF-16"):
        load(utf16)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load(bom).data == {"a": 1}


def test_locate_words_inside_a_folded_paragraph() -> None:
    text = "a:\n  b: >-\n    Dans la droite ligne de son\n    contrat quinquennal 2919-2023, le\n    Cnam.\n"
    doc = parse(text, Path("x.yaml"))
    assert doc.data["a"]["b"].startswith("Dans la droite")
    assert doc.locate(("a", "b"), "2919-2023") == Position(4, 25)
    assert doc.locate(("a", "b"), "absent") == Position(2, 6)
    assert doc.locate(("a", "b"), "son contrat") == Position(2, 6)  # folded: not on one line
