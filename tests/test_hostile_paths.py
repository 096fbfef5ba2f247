"""Paths written in a document that name no usable file: a NUL character, a name or a
path too long for the system, symbolic links that loop, and whatever is not a regular
file (a folder, a named pipe, a device, a socket). For annexes (``file``), models
(``extends``), shared parties (``use``) and approved conventions (``approves``), each
is a finding at the path's position, in French — never a traceback, an « erreur
interne », nor a read that blocks (a named pipe waits for a writer forever; /dev/zero
never ends). Cases with a named pipe run in a subprocess with a timeout, so that a
regression fails instead of hanging the suite.

The cases that can live in git are in tests/bad/ (path-*, model-*), with their
expectations in tests/bad/expected-paths.json.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from convgen.cli import main
from convgen.foundation.paths import INVALID, OUTSIDE, SPECIAL, resolve
from convgen.loading.compose import MAX_MODEL_DEPTH, _annotate, compose
from convgen.loading.reader import SourceDocument, load

from conftest import ROOT

pytestmark = pytest.mark.skipif(os.name == "nt", reason="named pipes, symbolic links")

TIMEOUT = 20  # seconds: a check that blocks on a named pipe fails instead of hanging
BASE = (ROOT / "tests" / "bad" / "annex-outside.yaml").read_text(encoding="utf-8")
ANNEX_LINE = "  file: ../../../../../../../../etc/passwd\n"  # line 71, the value at column 9


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``convgen ARGS`` in a subprocess that may not take more than TIMEOUT seconds."""
    return subprocess.run(
        [sys.executable, "-m", "convgen", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=cwd,
        check=False,
    )


def _clean(output: str) -> None:
    assert "Traceback" not in output
    assert "erreur interne" not in output


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder (it has a convgen.toml) holding the sample conventions."""
    root = tmp_path / "projet"
    shutil.copytree(ROOT / "conventions", root / "conventions")
    (root / "convgen.toml").write_text("", encoding="utf-8")
    return root


def _convention_with_annex(root: Path, written: str, name: str = "annexe.yaml") -> Path:
    target = root / name
    target.write_text(BASE.replace(ANNEX_LINE, f"  file: {written}\n"), encoding="utf-8")
    return target


def _replace(path: Path, by: str, *, target: Path | None = None) -> Path:
    """``path`` replaced by a named pipe, a folder, a link to ``target`` or a looping link."""
    if path.exists() or path.is_symlink():
        path.unlink()
    if by == "fifo":
        os.mkfifo(path)
    elif by == "folder":
        path.mkdir()
    elif by == "link":
        assert target is not None
        path.symlink_to(target)
    elif by == "loop":
        path.symlink_to(path.name)
    elif by == "loop-of-two":
        other = path.with_name(path.name + ".autre")
        other.symlink_to(path.name)
        path.symlink_to(other.name)
    return path


# --- paths.resolve: every refusal has its family and a French reason ---------------------------


def test_resolve_names_what_is_wrong_without_raising(tmp_path: Path) -> None:
    (tmp_path / "convgen.toml").write_text("")
    document = tmp_path / "c.yaml"
    document.write_text("document: convention\n")
    (tmp_path / "dossier").mkdir()
    (tmp_path / "boucle.pdf").symlink_to("boucle.pdf")
    (tmp_path / "plan.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    cases = {
        "plan\0.pdf": (INVALID, "chemin invalide : caractère nul"),
        "a" * 256 + ".pdf": (INVALID, "nom de fichier trop long"),
        "é" * 128 + ".pdf": (INVALID, "nom de fichier trop long"),  # 256 bytes in UTF-8
        "d/" * 2100 + "x.pdf": (INVALID, "chemin trop long"),
        "boucle.pdf": (INVALID, "lien symbolique qui boucle"),
        "boucle.pdf/x.pdf": (INVALID, "lien symbolique qui boucle"),
        "dossier": (SPECIAL, "« dossier » n'est pas un fichier ordinaire mais un dossier"),
        "/dev/zero": (OUTSIDE, "chemin absolu"),
        "../ailleurs.pdf": (OUTSIDE, "le chemin sort du dossier du projet"),
    }
    for written, (family, words) in cases.items():
        reference = resolve(document, written)
        assert not reference.usable, written
        assert reference.family == family, (written[:20], reference)
        assert words in reference.problem, (written[:20], reference.problem)
    fine = resolve(document, "plan.pdf")
    assert fine.usable and fine.family is None and fine.path == (tmp_path / "plan.pdf")
    missing = resolve(document, "absent.pdf")  # each caller says « introuvable » its own way
    assert missing.usable and not missing.path.exists()
    assert resolve(document, "a" * 250 + ".pdf").usable  # 254 bytes: a name the system takes


# --- annexes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ('"plan\\0.pdf"', "chemin invalide : caractère nul"),
        ("b" * 300 + ".pdf", "nom de fichier trop long"),
        ("annexes/" * 600 + "plan.pdf", "chemin trop long : 4"),
        ("boucle.pdf", "lien symbolique qui boucle"),
        ("deux.pdf", "lien symbolique qui boucle"),
        ("boucle.pdf/plan.pdf", "lien symbolique qui boucle"),
    ],
)
def test_an_annex_path_that_names_no_file_is_cg705(project: Path, written: str, words: str) -> None:
    _replace(project / "boucle.pdf", "loop")
    _replace(project / "deux.pdf", "loop-of-two")
    file = _convention_with_annex(project, written)
    result = invoke("check", str(file))
    output = result.output
    _clean(output)
    assert result.exit_code == 1, output
    assert f"{file}:71:9: erreur CG705" in output or "annexe.yaml:71:9: erreur CG705" in output
    assert words in output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        ("fifo", "n'est pas un fichier ordinaire mais un tube nommé (FIFO)"),
        ("link-to-fifo", "n'est pas un fichier ordinaire mais un tube nommé (FIFO)"),
        ("folder", "n'est pas un fichier ordinaire mais un dossier"),
        ("socket", "n'est pas un fichier ordinaire mais une socket"),
    ],
)
def test_an_annex_that_is_not_a_regular_file_is_cg706_and_never_opened(
    project: Path, make: str, words: str
) -> None:
    target = project / "plan.pdf"
    if make == "fifo":
        _replace(target, "fifo")
    elif make == "link-to-fifo":
        _replace(project / "tube", "fifo")
        _replace(target, "link", target=project / "tube")
    elif make == "folder":
        _replace(target, "folder")
    else:
        if len(str(target)) > 100:
            pytest.skip("socket path too long for AF_UNIX")
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(target))
        server.close()
    file = _convention_with_annex(project, "plan.pdf")
    completed = run("check", file.name, cwd=project)
    output = completed.stdout + completed.stderr
    _clean(output)
    assert completed.returncode == 1, output
    assert "annexe.yaml:71:9: erreur CG706 Annexe 1 — Plan — « plan.pdf » " + words in output


def test_a_named_pipe_as_annex_does_not_block_a_build(project: Path, tmp_path: Path) -> None:
    _replace(project / "plan.pdf", "fifo")
    file = _convention_with_annex(project, "plan.pdf")
    completed = run("build", file.name, "-o", str(tmp_path / "annexe.docx"), cwd=project)
    _clean(completed.stdout + completed.stderr)
    assert completed.returncode in (0, 1), completed.stderr


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_link_to_a_device_is_refused(project: Path, device: str) -> None:
    _replace(project / "plan.pdf", "link", target=Path(device))
    file = _convention_with_annex(project, "plan.pdf")
    completed = run("check", file.name, cwd=project)
    output = completed.stdout + completed.stderr
    _clean(output)
    assert completed.returncode == 1
    assert "annexe.yaml:71:9: erreur CG702" in output  # outside the project
    # even from a folder the project shares, a device is no file
    (project / "convgen.toml").write_text('shared-folders = ["/dev"]\n', encoding="utf-8")
    completed = run("check", file.name, cwd=project)
    output = completed.stdout + completed.stderr
    _clean(output)
    assert "annexe.yaml:71:9: erreur CG706" in output
    assert "n'est pas un fichier ordinaire mais un périphérique" in output


def test_an_annex_in_a_model_is_refused_at_its_line_in_the_model(project: Path) -> None:
    conventions = project / "conventions"
    _replace(conventions / "annexes" / "note-skillshub.docx", "fifo")
    completed = run("check", "conventions/chaumont.yaml", cwd=project)
    output = completed.stdout + completed.stderr
    _clean(output)
    assert "conventions/models/maison-des-competences.yaml:247:11: erreur CG706" in output
    assert "« ../annexes/note-skillshub.docx » n'est pas un fichier ordinaire" in output


def test_a_regular_annex_is_still_joined(project: Path) -> None:
    shutil.copy(project / "conventions" / "annexes" / "cahier-des-charges-locaux.pdf", project)
    link = project / "lien.pdf"
    link.symlink_to("cahier-des-charges-locaux.pdf")  # a link inside the project is fine
    for written in ("cahier-des-charges-locaux.pdf", "lien.pdf", "./lien.pdf"):
        file = _convention_with_annex(project, written)
        result = invoke("check", str(file))
        assert result.exit_code == 0, result.output
        assert "CG70" not in result.output


# --- models (extends) -----------------------------------------------------------------------


MODEL = "conventions/models/maison-des-competences.yaml"


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (
            "fifo",
            "modèle refusé : « models/maison-des-competences.yaml » n'est pas un fichier "
            "ordinaire mais un tube nommé (FIFO)",
        ),
        ("link-to-fifo", "n'est pas un fichier ordinaire mais un tube nommé (FIFO)"),
        ("folder", "n'est pas un fichier ordinaire mais un dossier"),
        ("loop", "modèle refusé : lien symbolique qui boucle"),
        ("loop-of-two", "modèle refusé : lien symbolique qui boucle"),
        ("link-to-zero", "modèle refusé : le chemin sort du dossier du projet"),
    ],
)
def test_a_model_that_is_not_a_regular_file_is_cg020(project: Path, make: str, words: str) -> None:
    model = project / MODEL
    if make == "link-to-fifo":
        _replace(project / "tube", "fifo")
        _replace(model, "link", target=project / "tube")
    elif make == "link-to-zero":
        _replace(model, "link", target=Path("/dev/zero"))
    else:
        _replace(model, make)
    completed = run("check", "conventions/chaumont.yaml", cwd=project)
    output = completed.stdout + completed.stderr
    _clean(output)
    assert completed.returncode == 1, output
    assert "conventions/chaumont.yaml:7:1: erreur CG020" in output
    assert words in output


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ('"models/a\\0b.yaml"', "modèle refusé : chemin invalide : caractère nul"),
        ("models/" + "m" * 300 + ".yaml", "modèle refusé : nom de fichier trop long"),
        ("models/" * 700 + "m.yaml", "modèle refusé : chemin trop long"),
    ],
)
def test_a_model_path_that_names_no_file_is_cg020(project: Path, written: str, words: str) -> None:
    city = project / "conventions" / "chaumont.yaml"
    text = city.read_text(encoding="utf-8")
    city.write_text(
        text.replace("extends: models/maison-des-competences.yaml", f"extends: {written}"),
        encoding="utf-8",
    )
    result = invoke("check", str(city))
    _clean(result.output)
    assert result.exit_code == 1, result.output
    assert "chaumont.yaml:7:1: erreur CG020" in result.output
    assert words in result.output


def _chain(root: Path, length: int) -> Path:
    """A convention extending m0.yaml, which extends m1.yaml… up to m{length-1}.yaml, the
    last one holding the whole convention as a model."""
    models = root / "models"
    models.mkdir()
    for index in range(length - 1):
        (models / f"m{index}.yaml").write_text(
            f"document: model\nextends: m{index + 1}.yaml\n", encoding="utf-8"
        )
    whole = BASE.replace(ANNEX_LINE, "  file: ../plan.pdf\n")
    whole = whole.replace("document: convention\n", "document: model\n", 1)
    (models / f"m{length - 1}.yaml").write_text(whole, encoding="utf-8")
    (root / "plan.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    city = root / "ville.yaml"
    city.write_text("document: convention\nextends: models/m0.yaml\nstatus: draft\n")
    return city


def test_a_chain_of_1500_models_is_refused_at_the_extends_that_goes_too_far(
    tmp_path: Path,
) -> None:
    (tmp_path / "convgen.toml").write_text("")
    city = _chain(tmp_path, 1500)
    result = invoke("check", str(city))
    output = result.output
    _clean(output)
    assert "RecursionError" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1, output
    last = MAX_MODEL_DEPTH - 1  # m0 … m31 are read; m31 extends the one too many
    assert f"m{last}.yaml:2:1: erreur CG020" in output
    assert f"trop de modèles en chaîne (au plus {MAX_MODEL_DEPTH} sous ville.yaml" in output
    assert f"« m{last + 1}.yaml » en serait le {MAX_MODEL_DEPTH + 1}e" in output


def test_a_chain_of_models_within_the_limit_composes(tmp_path: Path) -> None:
    (tmp_path / "convgen.toml").write_text("")
    city = _chain(tmp_path, MAX_MODEL_DEPTH)
    composition = compose(load(city))
    assert composition.findings == []
    assert composition.document.data["title"]["name"] == "Essai"
    assert len(composition.files) == MAX_MODEL_DEPTH + 1
    result = invoke("check", str(city))
    assert result.exit_code == 0, result.output
    assert "CG020" not in result.output


def test_a_loop_of_models_is_still_named(tmp_path: Path) -> None:
    (tmp_path / "convgen.toml").write_text("")
    (tmp_path / "a.yaml").write_text("document: model\nextends: b.yaml\n")
    (tmp_path / "b.yaml").write_text("document: model\nextends: a.yaml\n")
    city = tmp_path / "ville.yaml"
    city.write_text("document: convention\nextends: a.yaml\n")
    result = invoke("check", str(city))
    _clean(result.output)
    assert "les modèles s'étendent en boucle : ville.yaml → a.yaml → b.yaml → a.yaml" in (
        result.output
    )


def test_a_block_that_contains_itself_does_not_recurse_forever(tmp_path: Path) -> None:
    """The loader refuses recursive aliases; composing stops on one all the same."""
    data: dict = {"document": "model", "parties": []}
    data["parties"].append(data)
    data["self"] = data
    doc = SourceDocument(file=tmp_path / "m.yaml", text="", data=data)
    node = _annotate(doc, data, ())
    assert node.value["self"].value == {}
    assert node.value["parties"].value[0].value == {}


def test_a_model_reached_twice_through_aliases_composes(tmp_path: Path) -> None:
    """An alias used several times in a model is a shared value, not a loop."""
    (tmp_path / "convgen.toml").write_text("")
    whole = BASE.replace(ANNEX_LINE, "  file: plan.pdf\n").replace(
        "document: convention\n", "document: model\n", 1
    )
    whole = whole.replace("  period:\n", "  alias-test: &p\n    a: [1, 2]\n  period:\n", 1)
    (tmp_path / "m.yaml").write_text(whole + "extra: [*p, *p, *p]\n", encoding="utf-8")
    city = tmp_path / "ville.yaml"
    city.write_text("document: convention\nextends: m.yaml\nstatus: draft\n")
    composition = compose(load(city))
    assert composition.findings == []
    assert composition.document.data["extra"] == [{"a": [1, 2]}] * 3


# --- shared parties (use) ---------------------------------------------------------------------

PARTY = "conventions/parties/rectorat-reims.yaml"


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (
            "fifo",
            "partie partagée refusée : « parties/rectorat-reims.yaml » n'est pas un "
            "fichier ordinaire mais un tube nommé (FIFO)",
        ),
        ("link-to-fifo", "n'est pas un fichier ordinaire mais un tube nommé (FIFO)"),
        ("folder", "n'est pas un fichier ordinaire mais un dossier"),
        ("loop", "partie partagée refusée : lien symbolique qui boucle"),
        ("loop-of-two", "partie partagée refusée : lien symbolique qui boucle"),
        ("link-to-zero", "mène hors du dossier du projet"),
    ],
)
def test_a_shared_party_that_is_not_a_regular_file_is_cg021(
    project: Path, make: str, words: str
) -> None:
    party = project / PARTY
    if make == "link-to-fifo":
        _replace(project / "tube", "fifo")
        _replace(party, "link", target=project / "tube")
    elif make == "link-to-zero":
        _replace(party, "link", target=Path("/dev/zero"))
    else:
        _replace(party, make)
    completed = run("check", "conventions/chaumont.yaml", cwd=project)
    output = completed.stdout + completed.stderr
    _clean(output)
    assert completed.returncode == 1, output
    assert "conventions/chaumont.yaml:17:5: erreur CG021" in output
    assert words in output


def test_a_shared_party_id_too_long_for_a_file_name_is_cg021(project: Path) -> None:
    city = project / "conventions" / "chaumont.yaml"
    text = city.read_text(encoding="utf-8")
    city.write_text(text.replace("use: rectorat-reims", "use: " + "r" * 300), encoding="utf-8")
    result = invoke("check", str(city))
    _clean(result.output)
    assert result.exit_code == 1
    assert "chaumont.yaml:17:5: erreur CG021" in result.output
    assert "identifiant de partie partagée trop long (300 caractères, au plus 250)" in (
        result.output
    )
    assert invoke("check", str(ROOT / "conventions" / "chaumont.yaml")).exit_code == 0


# --- approved conventions (approves) ---------------------------------------------------------

DELIBERATION = "conventions/saint-dizier-deliberation.yaml"


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (
            "fifo",
            "convention approuvée refusée : « saint-dizier.yaml » n'est pas un fichier "
            "ordinaire mais un tube nommé (FIFO)",
        ),
        ("link-to-fifo", "n'est pas un fichier ordinaire mais un tube nommé (FIFO)"),
        ("folder", "n'est pas un fichier ordinaire mais un dossier"),
        ("loop", "convention approuvée refusée : lien symbolique qui boucle"),
        ("link-to-zero", "convention approuvée refusée : le chemin sort du dossier du projet"),
    ],
)
def test_an_approved_convention_that_is_not_a_regular_file_is_cg611(
    project: Path, make: str, words: str
) -> None:
    approved = project / "conventions" / "saint-dizier.yaml"
    if make == "link-to-fifo":
        _replace(project / "tube", "fifo")
        _replace(approved, "link", target=project / "tube")
    elif make == "link-to-zero":
        _replace(approved, "link", target=Path("/dev/zero"))
    else:
        _replace(approved, make)
    completed = run("check", DELIBERATION, cwd=project)
    output = completed.stdout + completed.stderr
    _clean(output)
    assert completed.returncode == 1, output
    assert f"{DELIBERATION}:39:11: erreur CG611" in output
    assert words in output


def test_an_approved_convention_that_is_a_regular_file_is_followed(project: Path) -> None:
    result = invoke("check", str(project / DELIBERATION))
    # followed and checked: the act authorises M. LAMBERTIN, M. BRIERE signs (CG613)
    assert result.exit_code == 1, result.output
    assert "CG611" not in result.output
    assert "CG613" in result.output


# --- the project's own configuration ---------------------------------------------------------


def test_shared_folders_that_name_no_folder_allow_nothing_and_break_nothing(
    project: Path,
) -> None:
    (project / "boucle").symlink_to("boucle")
    (project / "convgen.toml").write_text(
        'shared-folders = ["a\\u0000b", "boucle", "' + "x" * 300 + '"]\n', encoding="utf-8"
    )
    shutil.copy(project / "conventions" / "annexes" / "cahier-des-charges-locaux.pdf", project)
    file = _convention_with_annex(project, "cahier-des-charges-locaux.pdf")
    result = invoke("check", str(file))
    _clean(result.output)
    assert "CG70" not in result.output
    outside = _convention_with_annex(project, "../dehors.pdf", name="dehors.yaml")
    result = invoke("check", str(outside))
    _clean(result.output)
    assert "dehors.yaml:71:9: erreur CG702" in result.output


def test_a_file_the_system_will_not_examine_is_refused_with_its_reason(
    project: Path, monkeypatch
) -> None:
    """(Simulated: the tests may run as root, whom rights do not stop.)"""
    import convgen.foundation.paths as paths_module

    real = os.stat

    def refused(path, *args, **kwargs):
        if str(path).endswith("secret.pdf"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(paths_module.os, "stat", refused)
    file = _convention_with_annex(project, "secret.pdf")
    reference = resolve(file, "secret.pdf")
    assert reference.family == "unreadable"
    assert reference.problem == "lecture refusée (droits d'accès)"
    result = invoke("check", str(file))
    _clean(result.output)
    assert "annexe.yaml:71:9: avertissement CG703" in result.output
    assert "secret.pdf : lecture refusée (droits d'accès)" in result.output
