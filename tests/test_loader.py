from pathlib import Path

import pytest

from convgen.foundation.errors import InputError
from convgen.loading.reader import MAX_DEPTH, Position, load, parse

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
        ("a: [1, 2\n", 1, 4, "crochet « [ » ouvert ici et jamais fermé"),
        ("a: [1, 2\nb: 3\n", 2, 2, "crochet non fermé"),
        ('a: "non fermé\n', 1, 4, "guillemet ouvert ici et jamais fermé"),
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


# --- every problem libyaml and PyYAML can report has its French ------------------------

_PROBLEM_STARTS = (
    "found ",
    "did not find",
    "could not find",
    "expected ",
    "mapping ",
    "block sequence",
    "control characters",
    "special characters",
    "unacceptable",
    "invalid ",
    "incomplete ",
    "unexpected low",
    "exceeded",
    "input is too long",
    "but found",
    "second occurrence",
)


def _installed_problems() -> set[str]:
    """The problem strings of the installed PyYAML: read from libyaml as linked into
    PyYAML's C extension, and from the pure-Python reader, scanner, parser and composer."""
    import re

    import yaml

    found: set[str] = set()
    if yaml.__with_libyaml__:
        import yaml._yaml as c_yaml

        binary = Path(c_yaml.__file__).read_bytes()
        for raw in re.findall(rb"[\x20-\x7e]{6,}", binary):
            text = raw.decode("ascii")
            if text.startswith(_PROBLEM_STARTS) and not any(
                c in text for c in ("_", "&&", "->", "vtable")
            ):  # identifiers and assertions of the C code are not problems
                found.add(text)
    sources = Path(yaml.__file__).parent
    for module in ("reader.py", "scanner.py", "parser.py", "composer.py"):
        for literal in re.findall(r'"([^"\n]+)"', (sources / module).read_text()):
            if literal.startswith(_PROBLEM_STARTS):
                found.add(literal.split("%")[0].rstrip())
    return found


def test_every_libyaml_and_pyyaml_problem_is_said_in_french() -> None:
    from convgen.loading.reader import french_problem

    problems = _installed_problems()
    assert len(problems) > 60  # the extraction itself works
    untranslated = sorted(p for p in problems if french_problem(p) is None)
    assert untranslated == []


def test_unknown_problems_are_never_shown_in_english() -> None:
    import yaml

    from convgen.loading.reader import _syntax_error

    exc = yaml.MarkedYAMLError(problem="some wording of a release to come")
    assert str(_syntax_error(Path("f.yaml"), "a: 1\n", exc)) == (
        "f.yaml: syntaxe YAML : texte YAML incorrect à cet endroit"
    )


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("loop: &x [*x]\n", 1, 11, "alias récursif *x"),
        ("a: &x {a: *x}\n", 1, 11, "alias récursif *x"),
        ("a: &x\n  b: [1, *x]\n", 2, 10, "alias récursif *x"),
        ("a: &x\n  - b: {c: [*x]}\n", 2, 13, "alias récursif *x"),
        ("a: b\n---\nc: d\n", 2, 1, "plusieurs documents"),
        ("x: " + "[" * 1200 + "]" * 1200 + "\n", 1, 67, "imbrication trop profonde"),
        ("a: 'x\n", 1, 4, "guillemet ouvert ici et jamais fermé"),
    ],
)
def test_structural_problems_have_their_position(
    text: str, line: int, column: int, words: str
) -> None:
    with pytest.raises(InputError) as caught:
        parse(text, Path("f.yaml"))
    assert (caught.value.line, caught.value.column) == (line, column)
    assert words in caught.value.message


def test_a_shared_anchor_is_not_recursive() -> None:
    doc = parse("a: &y [1]\nb: [*y, *y]\nc: {d: *y}\n", Path("f.yaml"))
    assert doc.data == {"a": [1], "b": [[1], [1]], "c": {"d": [1]}}


def test_only_regular_files_are_read(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "tube.yaml"
    os.mkfifo(fifo)  # opening it for reading would block: it must be refused unopened
    with pytest.raises(InputError, match="tube nommé"):
        load(fifo)
    with pytest.raises(InputError, match="périphérique"):
        load("/dev/zero")
    with pytest.raises(InputError, match="dossier"):
        load(tmp_path)
    loop = tmp_path / "boucle.yaml"
    loop.symlink_to(loop)
    with pytest.raises(InputError, match="boucle"):
        load(loop)
    with pytest.raises(InputError, match="trop long"):
        load(tmp_path / ("x" * 300 + ".yaml"))
    with pytest.raises(InputError, match="caractère nul"):
        load(str(tmp_path / "a\x00b.yaml"))


def test_the_size_limit_does_not_trust_the_file_system(tmp_path: Path) -> None:
    from convgen.loading.reader import MAX_BYTES, read_bytes

    big = tmp_path / "gros.yaml"
    big.write_bytes(b"a" * (MAX_BYTES + 10))
    with pytest.raises(InputError, match="trop volumineux"):
        read_bytes(big)
    assert read_bytes(big, limit=MAX_BYTES + 10) == b"a" * (MAX_BYTES + 10)
