"""``convgen new KIND NAME`` with any NAME: the skeleton always reads back, and
``convgen check`` on it lists only what remains to be written (gaps), never a syntax
error nor a character finding; the file name made from NAME stays a usable name."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convgen.building.skeleton import MAX_NAME, MAX_SLUG, clean_name, skeleton, slug, write_skeleton
from convgen.checking.check import check_file
from convgen.cli import main
from convgen.foundation.errors import OutputError
from convgen.loading.reader import load

# What a fresh skeleton may report: gaps (CG101, CG102) and, in a convention, its one
# annex still to provide (CG704) — the same as for a plain name (tests/test_cli.py).
ONLY_GAPS = {"convention": {"CG101", "CG102", "CG704"}, "deliberation": {"CG101", "CG102"}}


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def _codes(path: Path) -> set[str]:
    result = check_file(path)
    assert result.error is None, result.error
    return {f.code for f in result.findings}


# --- normal names are kept as they were ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "file"),
    [
        ("Maison des compétences de Chaumont", "maison-des-competences-de-chaumont"),
        ("Maison des compétences de Langres", "maison-des-competences-de-langres"),
        ("Au cœur des territoires", "au-coeur-des-territoires"),
        ("Troyes", "troyes"),
        ("Approbation du contrat", "approbation-du-contrat"),
        ("Maison de l'emploi", "maison-de-l-emploi"),
        ("Contrat 2024_bis", "contrat-2024_bis"),
    ],
)
def test_a_normal_name_is_kept(tmp_path: Path, name: str, file: str) -> None:
    assert clean_name(name) == name
    assert slug(name, "convention") == file
    written = write_skeleton("convention", name, tmp_path).path
    assert written == tmp_path / f"{file}.yaml"
    assert load(written).data["title"]["name"] == name


# --- hostile names, one by one ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ('Le "grand" projet', "Le 'grand' projet"),
        ("C:\\dossier\\projet", "C:\\dossier\\projet"),
        ("ligne un\nligne deux\r\nfin", "ligne un ligne deux fin"),
        ("sépa\u2028rateur\u2029et\x85nel", "sépa rateur et nel"),
        ("tab\tet\x07cloche\x00nul", "tab etclochenul"),
        ("Saint\u202eDizier\u200b", "SaintDizier"),
        ("clé: valeur # pas un commentaire", "clé: valeur # pas un commentaire"),
        ("- [liste] {carte} &ancre *alias !étiquette | > % @ `", None),
        ("'", "'"),
        ("---", "---"),
        ("...", "..."),
        ("{{ 7*7 }} {% raw %}", "{{ 7*7 }} {% raw %}"),
        ("   ", "À définir"),
        ("\x00\x01\x02", "À définir"),
        ("lone \udcff surrogate", "lone surrogate"),
    ],
)
@pytest.mark.parametrize("kind", ["convention", "deliberation"])
def test_a_hostile_name_gives_a_skeleton_with_only_gaps(
    tmp_path: Path, kind: str, name: str, kept: str | None
) -> None:
    written = write_skeleton(kind, name, tmp_path / "doc.yaml").path
    document = load(written)
    value = document.data["title"]["name"] if kind == "convention" else None
    if kind == "deliberation":
        value = document.data["act"]["object"]
    assert value == (kept if kept is not None else name)
    assert _codes(written) <= ONLY_GAPS[kind]


def test_a_long_name_is_cut_at_a_word(tmp_path: Path) -> None:
    name = " ".join(["Convention pluriannuelle de partenariat territorial"] * 10)
    cleaned = clean_name(name)
    assert len(cleaned) <= MAX_NAME
    assert name.startswith(cleaned) and name[len(cleaned)] == " "  # a whole word
    one_word = "a" * 5000
    assert clean_name(one_word) == "a" * MAX_NAME
    written = write_skeleton("convention", one_word, tmp_path).path
    assert len(written.name.encode()) < 255
    assert written.name == "a" * MAX_SLUG + ".yaml"
    assert _codes(written) <= ONLY_GAPS["convention"]


def test_a_long_name_in_wide_characters_makes_a_file_name_that_fits(tmp_path: Path) -> None:
    name = "𝔠𝔬𝔫𝔳𝔢𝔫𝔱𝔦𝔬𝔫 " * 40  # four bytes a character in UTF-8
    written = write_skeleton("convention", name, tmp_path).path
    assert len(written.name.encode()) <= 205
    assert _codes(written) <= ONLY_GAPS["convention"]


def test_the_cli_accepts_any_name_and_check_lists_only_gaps(tmp_path: Path) -> None:
    name = 'Projet "test"\n\tavec\\antislash: et # dièse' + "x" * 300
    result = invoke("new", "convention", name, "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    [written] = tmp_path.glob("*.yaml")
    check = invoke("check", str(written))
    assert check.exit_code == 0, check.output
    assert set(re.findall(r" (CG\d{3}) ", check.stdout)) <= ONLY_GAPS["convention"]
    assert "Traceback" not in check.output + result.output


def test_an_output_path_with_a_line_break_does_not_break_the_comment(tmp_path: Path) -> None:
    target = tmp_path / "deux\nlignes: [x.yaml"
    written = write_skeleton("convention", "Essai", target).path
    assert written == target
    assert load(written).data["title"]["name"] == "Essai"
    assert _codes(written) <= ONLY_GAPS["convention"]


def test_an_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    result = invoke("new", "convention", "Essai", "-o", str(tmp_path / ("x" * 300 + ".yaml")))
    assert result.exit_code == 2
    assert "écriture impossible : nom de fichier trop long" in result.stderr
    assert "Traceback" not in result.output
    # (a command line cannot carry a NUL character: only a caller in Python can)
    with pytest.raises(OutputError, match=r"chemin invalide \(caractère nul\)"):
        write_skeleton("convention", "Essai", tmp_path / "a\x00b.yaml")


def test_an_existing_link_is_not_written_through(tmp_path: Path) -> None:
    elsewhere = tmp_path / "ailleurs.yaml"
    link = tmp_path / "essai.yaml"
    link.symlink_to(elsewhere)  # dangling: writing would create the file it points to
    result = invoke("new", "convention", "Essai", "-o", str(link))
    assert result.exit_code == 2
    assert "le fichier existe déjà" in result.stderr
    assert not elsewhere.exists()


# --- any text at all ---------------------------------------------------------------------------

names = st.text(
    alphabet=st.characters(codec=None, exclude_categories=()),
    max_size=300,
) | st.text(alphabet=st.sampled_from(list("\"'\\:#-[]{}&*!|>%@`,?\n\r\t \x85\u2028é«»")))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=names, kind=st.sampled_from(["convention", "deliberation"]))
def test_any_name_gives_a_skeleton_that_reads_back_with_only_gaps(
    tmp_path: Path, name: str, kind: str
) -> None:
    folder = tmp_path / uuid.uuid4().hex
    folder.mkdir()
    written = write_skeleton(kind, name, folder).path
    assert written.parent == folder
    assert 0 < len(written.name.encode("utf-8")) <= MAX_SLUG * 4 + len(".yaml")
    document = load(written)  # never an InputError
    value = (
        document.data["title"]["name"] if kind == "convention" else document.data["act"]["object"]
    )
    assert value == clean_name(name)
    assert 0 < len(value) <= MAX_NAME
    assert _codes(written) <= ONLY_GAPS[kind]


@given(name=names)
def test_the_skeleton_text_is_the_same_yaml_for_any_name(name: str) -> None:
    text = skeleton("convention", name, Path("essai.yaml"))
    assert text.count("\n") == skeleton("convention", "Essai", Path("essai.yaml")).count("\n")


def test_an_output_under_a_looping_link_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "boucle").symlink_to("boucle")
    result = invoke("new", "convention", "Essai", "-o", str(tmp_path / "boucle" / "x.yaml"))
    assert result.exit_code == 2, result.output
    assert "écriture impossible" in result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
