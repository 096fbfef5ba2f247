"""convgen build on a folder: every document, side by side, each on its own, skipped when up to date."""

import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from convgen.building.build import BuildOptions, build_paths, sources_of
from convgen.cli import main
from convgen.foundation.errors import UsageError

from conftest import CHAUMONT, ROOT, SHAPES

# The six kinds of conventions of conventions/ (tests/test_shapes.py), not the programme.

CITIES = ["chaumont", "epinal", "verdun"]
NOW = time.time()


@pytest.fixture(autouse=True)
def settled_tool(monkeypatch, tmp_path_factory) -> None:
    """convgen's own files and its Word templates count as inputs; here they are older
    than everything (a fresh checkout would make them younger than the aged outputs)."""
    monkeypatch.setattr("convgen.building.build.tool_stamp", lambda: 0.0)
    folder = tmp_path_factory.mktemp("modeles")
    for kind in ("convention", "deliberation"):
        copy = folder / f"{kind}.docx"
        shutil.copy(ROOT / "templates" / f"{kind}.docx", copy)
        os.utime(copy, (NOW - 3600, NOW - 3600))
    monkeypatch.setattr(
        "convgen.building.build.template_path", lambda kind: folder / f"{kind}.docx"
    )


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    """The repository's conventions/ folder, copied into a project of its own."""
    (tmp_path / "convgen.toml").write_text("", encoding="utf-8")
    shutil.copytree(
        ROOT / "conventions",
        tmp_path / "conventions",
        # the programme only: the six kinds of conventions/ (tests/test_shapes.py) stay out
        ignore=shutil.ignore_patterns("*.docx", "*.pdf", *SHAPES),
    )
    shutil.copytree(
        ROOT / "conventions" / "annexes", tmp_path / "conventions" / "annexes", dirs_exist_ok=True
    )
    return tmp_path / "conventions"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def age(path: Path, seconds: float) -> None:
    """Date ``path`` ``seconds`` before the start of the tests (one clock for all files)."""
    os.utime(path, (NOW - seconds, NOW - seconds))


def test_a_folder_builds_its_conventions_and_deliberations_only(programme: Path) -> None:
    names = [path.name for path, _ in sources_of([programme])]
    assert names == [
        "chaumont.yaml",
        "epinal.yaml",
        "saint-dizier-deliberation.yaml",
        "saint-dizier.yaml",
        "verdun.yaml",
    ]  # fmt: skip  (no shared party, no model, no annex)


def test_build_a_folder_with_a_summary(programme: Path, tmp_path: Path) -> None:
    out = tmp_path / "sorties"
    result = invoke("build", str(programme), "-o", str(out))
    assert result.exit_code == 0, result.output  # saint-dizier's error does not refuse a draft
    lines = result.stdout.splitlines()
    assert any(
        line.endswith(
            "erreur CG301 Signature — la convention est établie en 6 exemplaires "
            "originaux pour 7 signataires : il manque 1 original (un par signataire)"
        )
        for line in lines
    )
    header = next(i for i, line in enumerate(lines) if line.startswith("document "))
    assert lines[header].split() == [
        "document",
        "résultat",
        "erreurs",
        "avertissements",
        "fichiers",
    ]
    rows = {Path(line.split()[0]).name: line.split() for line in lines[header + 2 : header + 7]}
    assert rows["chaumont.yaml"][1:4] == ["écrit", "0", "6"]
    assert rows["saint-dizier.yaml"][1:4] == ["écrit", "1", "13"]
    assert (
        lines[header + 7] == "5 documents : 5 écrits, aucun à jour, aucun refusé, 36 avertissements"
    )
    assert sorted(p.name for p in out.iterdir()) == [f"{n}.docx" for n in (
        "chaumont", "epinal", "saint-dizier-deliberation", "saint-dizier", "verdun")]  # fmt: skip


def test_up_to_date_outputs_are_skipped_until_an_input_changes(programme: Path) -> None:
    first = build_paths([programme])
    assert all(not r.up_to_date and r.output for r in first)
    for result in first:  # the outputs are older than... nothing: all up to date
        assert result.output is not None
    again = build_paths([programme])
    assert all(r.up_to_date for r in again)
    # a shared party used by the three cities changes: they, and only they, are rebuilt
    for result in again:
        age(result.output, 60)
    for path in programme.rglob("*.yaml"):
        age(path, 120)
    (programme / "parties" / "cnam.yaml").touch()
    third = {r.source.name: r.up_to_date for r in build_paths([programme])}
    assert third == {
        "chaumont.yaml": False, "epinal.yaml": False, "verdun.yaml": False,
        "saint-dizier.yaml": True, "saint-dizier-deliberation.yaml": True,
    }  # fmt: skip
    # the model changes: the cities again; --rebuild: everything
    for path in programme.rglob("*.docx"):
        age(path, 60)
    (programme / "models" / "maison-des-competences.yaml").touch()
    assert sum(not r.up_to_date for r in build_paths([programme])) == 3
    assert sum(not r.up_to_date for r in build_paths([programme], BuildOptions(rebuild=True))) == 5


def test_an_approved_convention_that_changes_rebuilds_its_deliberation(programme: Path) -> None:
    build_paths([programme])
    for path in programme.rglob("*"):
        age(path, 120)
    (programme / "saint-dizier.yaml").touch()
    rebuilt = {r.source.name for r in build_paths([programme]) if not r.up_to_date}
    assert rebuilt == {"saint-dizier.yaml", "saint-dizier-deliberation.yaml"}


def test_parallel_builds_give_the_same_documents(programme: Path, tmp_path: Path) -> None:
    seen = []
    serial = build_paths([programme], BuildOptions(output=tmp_path / "un", rebuild=True))
    parallel = build_paths(
        [programme],
        BuildOptions(output=tmp_path / "deux", rebuild=True),
        jobs=2,
        progress=seen.append,
    )
    assert len(seen) == 5
    assert [r.source for r in serial] == [r.source for r in parallel]  # the order of the sources
    for one, two in zip(serial, parallel, strict=True):
        assert one.output.read_bytes() == two.output.read_bytes()
        assert one.check.findings == two.check.findings


def test_failures_do_not_stop_the_others(programme: Path, tmp_path: Path) -> None:
    (programme / "cassé.yaml").write_text("document: convention\nparties: [a,\n", encoding="utf-8")
    final = CHAUMONT.read_text(encoding="utf-8").replace("copies: 3", "copies: 2")
    (programme / "finale.yaml").write_text(final, encoding="utf-8")
    result = invoke("build", str(programme), "-o", str(tmp_path / "sorties"), "-j", "2")
    assert result.exit_code == 2  # an unreadable file
    assert "convgen : " in result.stderr and "cassé.yaml" in result.stderr
    rows = {Path(line.split()[0]).name: line.split()[1] for line in result.stdout.splitlines()
            if line.startswith(str(programme))}  # fmt: skip
    assert rows["cassé.yaml"] == "illisible" and rows["finale.yaml"] == "refusé"
    assert rows["chaumont.yaml"] == rows["verdun.yaml"] == "écrit"
    assert "finale.yaml : génération refusée : version finale avec des erreurs" in result.stdout
    (programme / "cassé.yaml").unlink()
    assert invoke("build", str(programme), "-o", str(tmp_path / "sorties")).exit_code == 1


def test_files_in_sub_folders_keep_their_place(programme: Path, tmp_path: Path) -> None:
    sub = programme / "vague-2"
    sub.mkdir()
    shutil.copy(programme / "chaumont.yaml", sub / "chaumont.yaml")
    (sub / "chaumont.yaml").write_text(
        (sub / "chaumont.yaml")
        .read_text(encoding="utf-8")
        .replace("extends: models/", "extends: ../models/"),
        encoding="utf-8",
    )
    results = build_paths([programme], BuildOptions(output=tmp_path / "sorties"))
    outputs = sorted(str(r.output.relative_to(tmp_path / "sorties")) for r in results)
    assert "vague-2/chaumont.docx" in outputs and "chaumont.docx" in outputs


def test_two_sources_for_one_output_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    shutil.copy(CHAUMONT, tmp_path / "a" / "c.yaml")
    shutil.copy(CHAUMONT, tmp_path / "c.yaml")
    with pytest.raises(UsageError, match="deux documents écriraient le même fichier"):
        build_paths(
            [tmp_path / "c.yaml", tmp_path / "a" / "c.yaml"], BuildOptions(output=tmp_path / "o")
        )


def test_a_shared_file_named_alone_is_not_built(programme: Path) -> None:
    result = invoke("build", str(programme / "parties" / "cnam.yaml"))
    assert result.exit_code == 1
    assert (
        "Génération refusée : c'est une partie partagée : il n'est pas généré seul" in result.stdout
    )


def test_nothing_to_build(tmp_path: Path) -> None:
    result = invoke("build", str(tmp_path))
    assert result.exit_code == 2
    assert "aucune convention ni délibération à générer" in result.stderr


def test_a_progress_bar_on_a_terminal(programme: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("convgen.reporting.terminal.interactive", lambda stream: True)
    result = invoke("build", str(programme), "-o", str(tmp_path / "sorties"), "-j", "1")
    assert result.exit_code == 0
    assert "Génération" in result.stderr  # click draws the bar itself only on a real terminal
