"""Outputs that must not be written, and what may not reach a terminal (issue 12).

Every output that would replace an input of the command is refused before anything is
written; so are two outputs naming the same file, and an output built from a final
version without --force. Git revisions never reach git as options. Control characters
in a document are shown, never sent raw to a terminal. -j is bounded. A configuration,
an input or an output that cannot be used, and a file name that is not UTF-8, give one
French line and status 2, never a traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from convgen.building import build as build_module
from convgen.building.build import (
    BuildOptions,
    build_paths,
    max_jobs,
    replaced_input,
    same_output,
    sweep_temporary,
    write_atomically,
)
from convgen.checking.check import CheckResult
from convgen.checking.config import load
from convgen.cli import main
from convgen.foundation.errors import OutputError, UsageError
from convgen.foundation.findings import Finding, Severity
from convgen.reporting.reports import (
    format_finding,
    format_github,
    format_json,
    format_sarif,
    format_text,
    visible,
)
from convgen.review.sources import french_git_error

from conftest import CHAUMONT, ROOT, SHAPES
from review_cases import write_pair

ESC = "\x1b"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def run(*args: str | bytes, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "convgen", *args], cwd=cwd, capture_output=True, check=False
    )


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    """The repository's programme (conventions/ but the example kinds), in a project."""
    (tmp_path / "convgen.toml").write_text("", encoding="utf-8")
    shutil.copytree(
        ROOT / "conventions",
        tmp_path / "conventions",
        ignore=shutil.ignore_patterns("*.docx", *SHAPES),
    )
    shutil.copy(
        ROOT / "conventions" / "annexes" / "note-skillshub.docx",
        tmp_path / "conventions" / "annexes" / "note-skillshub.docx",
    )
    return tmp_path / "conventions"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def one_french_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("convgen : "), lines
    assert "Traceback" not in result.output and "Error:" not in result.stderr
    return lines[0]


# --- 1. build: no output replaces an input ------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "chaumont.yaml",  # the file itself
        "models/maison-des-competences.yaml",  # its model (extends)
        "parties/region.yaml",  # a shared party it uses
        "saint-dizier.yaml",  # another document of the project
        "annexes/note-skillshub.docx",  # one of its annexes
    ],
)
@pytest.mark.parametrize("rebuild", [False, True])
def test_build_never_replaces_an_input(programme: Path, target: str, rebuild: bool) -> None:
    before = snapshot(programme)
    arguments = ["build", str(programme / "chaumont.yaml"), "-o", str(programme / target)]
    result = invoke(*arguments, *(["--rebuild"] if rebuild else []))
    assert result.exit_code == 2, result.output
    assert "Document écrit" not in result.stdout and "À jour" not in result.stdout
    line = one_french_line(result)
    assert target.split("/")[-1] in line
    assert snapshot(programme) == before  # nothing written, nothing replaced


def test_the_approved_convention_is_not_replaced(programme: Path) -> None:
    before = snapshot(programme)
    deliberation = programme / "saint-dizier-deliberation.yaml"
    for target in ("saint-dizier.yaml", "./saint-dizier.yaml"):
        result = invoke("build", str(deliberation), "-o", str(programme / target))
        assert result.exit_code == 2
        one_french_line(result)
    assert snapshot(programme) == before


def test_the_template_is_not_replaced(programme: Path, tmp_path: Path) -> None:
    template = tmp_path / "modele.docx"
    shutil.copy(ROOT / "templates" / "convention.docx", template)
    before = template.read_bytes()
    result = invoke(
        "build", str(programme / "chaumont.yaml"), "--template", str(template), "-o", str(template)
    )
    assert result.exit_code == 2
    assert "modele.docx" in one_french_line(result)
    assert template.read_bytes() == before


def test_a_folder_build_never_replaces_an_input(programme: Path) -> None:
    """-o DIR: the template named is where chaumont.docx would go; nothing is written."""
    template = programme / "chaumont.docx"
    shutil.copy(ROOT / "templates" / "convention.docx", template)
    before = snapshot(programme)
    result = invoke("build", str(programme), "--template", str(template), "-o", str(programme))
    assert result.exit_code == 2, result.output
    one_french_line(result)
    assert snapshot(programme) == before


def test_an_input_reached_through_a_linked_folder_is_recognised(programme: Path, tmp_path: Path):
    link = tmp_path / "lien"
    link.symlink_to(programme, target_is_directory=True)
    source = programme / "parties" / "region.yaml"
    assert replaced_input(link / "parties" / "region.yaml", [source]) == source
    assert replaced_input(tmp_path / "lien" / "parties" / ".." / "chaumont.yaml", [
        programme / "chaumont.yaml"
    ])  # fmt: skip
    hard = tmp_path / "dur.yaml"
    os.link(source, hard)
    assert replaced_input(hard, [source]) == source  # another name of the same file
    # a symbolic link at the place of an output is replaced, not followed: no input at risk
    pointer = tmp_path / "sortie.docx"
    pointer.symlink_to(source)
    assert replaced_input(pointer, [source]) is None
    assert replaced_input(tmp_path / "autre.docx", [source]) is None


def test_outputs_are_still_written_beside_the_inputs(programme: Path) -> None:
    result = invoke("build", str(programme / "chaumont.yaml"))
    assert result.exit_code == 0, result.output
    assert (programme / "chaumont.docx").is_file()
    again = invoke("build", str(programme / "chaumont.yaml"))  # up to date, or rebuilt
    assert again.exit_code == 0, again.output


# --- 2. diff: the same rules -----------------------------------------------------------


def test_diff_never_replaces_a_version(tmp_path: Path) -> None:
    old, new = write_pair(tmp_path, "rates-and-notice")
    before = snapshot(tmp_path)
    for option, target in [
        ("--html", new),
        ("--docx", new),
        ("--html", old),
        ("--docx", tmp_path / "saint-dizier.yaml"),  # what the versions approve or extend
    ]:
        result = invoke("diff", str(old), str(new), option, str(target))
        assert result.exit_code == 2, (option, target, result.output)
        assert option in one_french_line(result)
    assert snapshot(tmp_path) == before


def test_diff_docx_and_html_must_differ(tmp_path: Path) -> None:
    old, new = write_pair(tmp_path, "rates-and-notice")
    same = tmp_path / "relecture"
    result = invoke("diff", str(old), str(new), "--docx", str(same), "--html", str(same))
    assert result.exit_code == 2
    assert "même fichier" in one_french_line(result)
    assert not same.exists()
    other = tmp_path / "." / "relecture"
    result = invoke("diff", str(old), str(new), "--docx", str(same), "--html", str(other))
    assert result.exit_code == 2 and not same.exists()


def test_diff_keeps_a_final_output_without_force(tmp_path: Path) -> None:
    final = tmp_path / "finale.docx"
    assert invoke("build", str(CHAUMONT), "-o", str(final)).exit_code == 0
    signed = final.read_bytes()
    old = CHAUMONT
    new = tmp_path / "nouvelle.yaml"
    new.write_text(CHAUMONT.read_text(encoding="utf-8").replace("Chaumont", "Chaumond"), "utf-8")
    for option in ("--docx", "--html"):
        result = invoke("diff", str(old), str(new), option, str(final))
        assert result.exit_code == 2, result.output
        assert "--force" in one_french_line(result)
        assert final.read_bytes() == signed
    forced = invoke("diff", str(old), str(new), "--docx", str(final), "--force")
    assert forced.exit_code == 1, forced.output
    assert final.read_bytes() != signed


# --- 3. git revisions are never options --------------------------------------------------


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git n'est pas installé")
    repo = tmp_path / "depot"
    repo.mkdir()
    write_pair(repo, "rates-and-notice")
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "relecture@example.invalid")
    _git(repo, "config", "user.name", "Relecture")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "projet")
    return repo


@pytest.mark.parametrize(
    "revision", ["--output=../fuite:new.yaml", "-o../fuite:new.yaml", "--help:new.yaml"]
)
def test_a_revision_is_never_an_option(repository: Path, revision: str) -> None:
    completed = run("diff", "--", revision, "new.yaml", cwd=repository)
    stderr = completed.stderr.decode()
    assert completed.returncode == 2, stderr
    assert stderr.strip().startswith("convgen : ") and len(stderr.strip().splitlines()) == 1
    assert "ne commence pas par « - »" in stderr
    assert not list(repository.parent.glob("fuite*"))


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("HEAD~5:new.yaml", "git : révision inconnue : HEAD~5"),
        ("HEAD:absent.yaml", "git : absent.yaml n'existe pas dans la révision HEAD"),
        ("nimporte:new.yaml", "git : révision inconnue : nimporte"),
    ],
)
def test_git_errors_are_french(repository: Path, spec: str, words: str) -> None:
    completed = run("diff", spec, "new.yaml", cwd=repository)
    stderr = completed.stderr.decode()
    assert completed.returncode == 2
    assert stderr.strip() == f"convgen : {words}"
    assert "fatal" not in stderr


def test_a_revision_outside_a_repository(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git n'est pas installé")
    old, _ = write_pair(tmp_path, "rates-and-notice")
    completed = run("diff", "HEAD:old.yaml", str(old), cwd=tmp_path)
    assert completed.returncode == 2
    assert "pas dans un dépôt git" in completed.stderr.decode()


def test_french_git_error() -> None:
    assert french_git_error("fatal: git cat-file HEAD:x: bad file\n") == (
        "git : ce chemin n'est pas un fichier dans cette révision"
    )
    assert french_git_error("") == "git : échec, sans message"
    assert french_git_error("fatal: something new\nmore\n") == "git : échec (something new)"


def test_a_revision_that_is_not_utf8(repository: Path) -> None:
    (repository / "latin.yaml").write_bytes(
        "document: convention\ntitle: Épinal\n".encode("latin-1")
    )
    _git(repository, "add", ".")
    _git(repository, "commit", "-qm", "latin")
    completed = run("diff", "HEAD:latin.yaml", "new.yaml", cwd=repository)
    stderr = completed.stderr.decode()
    assert completed.returncode == 2 and "Traceback" not in stderr
    assert "invalide en UTF-8" in stderr


# --- 4. nothing in a document drives the terminal ------------------------------------------


def test_visible() -> None:
    assert visible("a\x1b[2Jb") == "a␛[2Jb"
    assert visible("\x07\x00\t\n\r\x7f") == "␇␀␉␊␍␡"
    assert visible("\x9b31m") == "\\x9b31m"  # C1: CSI on its own
    assert visible("caf\udce9.yaml") == "caf\\xe9.yaml"  # a byte of a name not in UTF-8
    assert visible("Saint\u202eDizier") == "Saint⟨U+202E⟩Dizier"
    assert visible("Épinal — « 20 % »") == "Épinal — « 20 % »"


@pytest.fixture
def escaping(tmp_path: Path) -> Path:
    """A convention whose party name clears the screen and retitles the terminal."""
    text = CHAUMONT.read_text(encoding="utf-8")
    name = "Agence régionale de l'innovation"
    assert name in text
    hostile = text.replace(name, '"Agence \\e[2J\\e]0;pwn\\a [NOM]"', 1)
    target = tmp_path / "hostile.yaml"
    target.write_text(hostile, encoding="utf-8")
    return target


def test_text_and_github_reports_show_control_characters(escaping: Path) -> None:
    for output_format in ("text", "github"):
        result = invoke("check", "--format", output_format, str(escaping))
        assert result.exit_code in (0, 1), result.output
        assert ESC not in result.output and "\x07" not in result.output
        assert "pwn" in result.stdout


HOSTILE = Finding(
    code="CG101",
    severity=Severity.WARNING,
    message="dans « Agence \x1b[2J\x1b]0;pwn\x07 »",
    file="conventions/a\x1b[31m.yaml",
    line=3,
    column=4,
    subject="Partie « \x9b31m »",
    suppressed="motif \x1b[0m",
)


def test_the_reporters_never_print_a_control_character() -> None:
    line = format_finding(HOSTILE)
    assert line == (
        "conventions/a␛[31m.yaml:3:4: avertissement CG101 Partie « \\x9b31m » — "
        "dans « Agence ␛[2J␛]0;pwn␇ » [ignoré : motif ␛[0m]"
    )
    coloured = format_finding(HOSTILE, colour=True)
    assert coloured.count(ESC) == 3  # colour and weight of the severity, and their end: ours
    result = CheckResult(file=Path(HOSTILE.file), findings=[replace(HOSTILE, suppressed=None)])
    for text in (format_github([result]), format_text([result])):
        assert ESC not in text and "\x07" not in text and "\x9b" not in text
        assert "␛[2J" in text
    for text in (format_json([result]), format_sarif([result])):
        assert ESC not in text and "\\u001b[2J" in text
        json.loads(text)


def test_machine_reports_escape_control_characters(escaping: Path) -> None:
    for output_format in ("json", "sarif"):
        result = invoke("check", "--format", output_format, str(escaping))
        assert ESC not in result.stdout
        json.loads(result.stdout)


def test_build_reports_show_control_characters(escaping: Path, tmp_path: Path) -> None:
    result = invoke("build", str(escaping), "-o", str(tmp_path / "sortie.docx"))
    assert ESC not in result.output
    batch = tmp_path / "lot"
    batch.mkdir()
    shutil.copy(escaping, batch / "a.yaml")
    shutil.copy(escaping, batch / "b.yaml")
    result = invoke("build", str(batch), "-o", str(tmp_path / "sorties"), "-j", "1")
    assert ESC not in result.output


def test_diff_reports_show_control_characters(escaping: Path, tmp_path: Path) -> None:
    new = tmp_path / "nouvelle.yaml"
    new.write_text(escaping.read_text(encoding="utf-8").replace("[NOM]", "[AUTRE] \\e[5m"), "utf-8")
    for output_format in ("text", "markdown"):
        result = invoke("diff", "--format", output_format, str(escaping), str(new))
        assert result.exit_code == 1, result.output
        assert ESC not in result.output and "␛" in result.stdout


def test_a_file_name_with_an_escape_is_shown(tmp_path: Path) -> None:
    target = tmp_path / "a\x1b[2Jb.yaml"
    target.write_text("a: [1,\n", encoding="utf-8")
    result = invoke("check", str(target))
    assert result.exit_code == 2
    assert ESC not in result.stderr and "a␛[2Jb.yaml" in result.stderr


# --- 7. -j is bounded --------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["0", "-1", "-1000"])
def test_jobs_must_be_positive(jobs: str) -> None:
    result = invoke("build", str(CHAUMONT), "-j", jobs, "-o", "/nonexistent/x.docx")
    assert result.exit_code == 2
    assert "-j" in one_french_line(result)


def test_jobs_are_bounded(programme: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert max_jobs() == 4
    started: list[int] = []
    real = build_module.ProcessPoolExecutor

    def recording(*args, **kwargs):
        started.append(kwargs["max_workers"])
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "ProcessPoolExecutor", recording)
    for _ in range(3):  # five documents: four side by side at most
        shutil.copy(programme / "chaumont.yaml", programme / f"copie-{_}.yaml")
    results = build_paths([programme], BuildOptions(output=tmp_path / "out"), jobs=1000)
    assert started == [4]
    assert len(results) == 8
    with pytest.raises(UsageError):
        build_paths([programme], BuildOptions(output=tmp_path / "out"), jobs=0)


def test_the_help_says_how_many_jobs() -> None:
    result = invoke("build", "--help")
    assert "au plus quatre par processeur" in result.stdout


# --- 8. what cannot be read or written: one French line, status 2 ----------------------------


def test_a_configuration_not_in_utf8(tmp_path: Path) -> None:
    settings = tmp_path / "convgen.toml"
    settings.write_bytes(b'ignore = ["CG301"] # \xe9t\xe9\n')
    result = invoke("check", "--config", str(settings), str(CHAUMONT))
    assert result.exit_code == 2
    assert "invalide en UTF-8" in one_french_line(result)
    (tmp_path / "projet").mkdir()
    found = run("check", str(CHAUMONT), cwd=tmp_path / "projet")
    assert found.returncode == 2, found.stderr
    assert found.stderr.decode().startswith("convgen : ") and b"Traceback" not in found.stderr


def test_a_binary_configuration(tmp_path: Path) -> None:
    settings = tmp_path / "convgen.toml"
    settings.write_bytes(b"\xff\xfe\x00\x01" * 10)
    with pytest.raises(UsageError, match="configuration illisible"):
        load(settings)


def test_a_configuration_that_cannot_be_read(tmp_path: Path, monkeypatch) -> None:
    settings = tmp_path / "convgen.toml"
    settings.write_text("", encoding="utf-8")

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refused)
    with pytest.raises(UsageError, match="lecture refusée"):
        load(settings)


def test_a_pyproject_whose_tool_is_not_a_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('tool = 1\n[project]\nname = "x"\n', encoding="utf-8")
    assert load(start=tmp_path).source is None
    (tmp_path / "pyproject.toml").write_text("[tool]\nconvgen = 3\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"tool\.convgen"):
        load(start=tmp_path)


def test_an_output_that_cannot_be_written(tmp_path: Path, monkeypatch) -> None:
    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(build_module.tempfile, "mkstemp", refused)
    result = invoke("build", str(CHAUMONT), "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 2, result.output
    assert "écriture refusée (droits d'accès)" in one_french_line(result)
    assert "Génération refusée" not in result.stdout


def test_a_full_disk_is_said_in_french(tmp_path: Path, monkeypatch) -> None:
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_module.os, "replace", full)
    with pytest.raises(OutputError, match="disque plein"):
        write_atomically(tmp_path / "x.docx", b"data")
    assert list(tmp_path.iterdir()) == []  # the temporary file went with the failure


NOT_UTF8 = b"caf\xe9.yaml"


@pytest.mark.parametrize("output_format", ["text", "json", "github", "sarif"])
@pytest.mark.parametrize("given", ["file", "folder"])
def test_a_file_name_that_is_not_utf8(tmp_path: Path, output_format: str, given: str) -> None:
    folder = tmp_path / "lot"
    folder.mkdir()
    name = os.fsencode(folder) + b"/" + NOT_UTF8
    with open(name, "wb") as handle:
        handle.write(CHAUMONT.read_bytes())
    target = name if given == "file" else os.fsencode(folder)
    completed = run("check", "--format", output_format, target, cwd=tmp_path)
    stderr = completed.stderr.decode("utf-8")  # itself UTF-8: the name is shown \xe9
    assert completed.returncode == 2, stderr
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("convgen : "), stderr
    assert "caf\\xe9.yaml" in lines[0] and "pas en UTF-8" in lines[0]
    completed.stdout.decode("utf-8")
    if output_format in ("json", "sarif"):
        json.loads(completed.stdout)


@pytest.mark.parametrize("given", ["file", "folder"])
def test_building_a_file_name_that_is_not_utf8(tmp_path: Path, given: str) -> None:
    folder = tmp_path / "lot"
    folder.mkdir()
    name = os.fsencode(folder) + b"/" + NOT_UTF8
    with open(name, "wb") as handle:
        handle.write(CHAUMONT.read_bytes())
    target = name if given == "file" else os.fsencode(folder)
    completed = run("build", target, "-o", str(tmp_path / "out") + "/", cwd=tmp_path)
    stderr = completed.stderr.decode("utf-8")
    assert completed.returncode == 2, stderr
    assert "Traceback" not in stderr and "pas en UTF-8" in stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


# --- temporary files of runs that are over --------------------------------------------------


def test_stale_temporary_files_are_swept(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".chaumont.docx.convgen-{dead.pid}-abc123.tmp"
    mine = tmp_path / f".epinal.docx.convgen-{os.getpid()}-def456.tmp"
    other = tmp_path / ".notes.tmp"  # not convgen's
    for path in (stale, mine, other):
        path.write_bytes(b"partiel")
    assert sweep_temporary([tmp_path, tmp_path / "absent"]) == [stale]
    assert not stale.exists() and mine.exists() and other.exists()


def test_a_build_sweeps_its_output_folder(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    out = tmp_path / "out"
    out.mkdir()
    stale = out / f".x.docx.convgen-{dead.pid}-zz.tmp"
    stale.write_bytes(b"partiel")
    assert invoke("build", str(CHAUMONT), "-o", str(out / "x.docx")).exit_code == 0
    assert not stale.exists()
    assert sorted(p.name for p in out.iterdir()) == ["x.docx"]


def test_temporary_files_are_named_after_their_process(tmp_path: Path, monkeypatch) -> None:
    seen: list[str] = []
    real = build_module.os.replace

    def spy(source, target):
        seen.append(Path(source).name)
        return real(source, target)

    monkeypatch.setattr(build_module.os, "replace", spy)
    write_atomically(tmp_path / "x.docx", b"data")
    assert seen and seen[0].startswith(f".x.docx.convgen-{os.getpid()}-")
    assert build_module._TEMPORARY.match(seen[0])
    assert same_output(tmp_path / "x.docx", tmp_path / "." / "x.docx")


def test_the_configuration_is_not_replaced(programme: Path, tmp_path: Path) -> None:
    settings = tmp_path / "convgen.toml"
    odd = tmp_path / "reglages"  # named without a suffix, so only its role protects it
    odd.write_text("", encoding="utf-8")
    for config in (settings, odd):
        before = config.read_bytes()
        result = invoke(
            "build", str(programme / "chaumont.yaml"), "--config", str(config), "-o", str(config)
        )
        assert result.exit_code == 2, result.output
        one_french_line(result)
        assert config.read_bytes() == before
    (tmp_path / "diff").mkdir()
    old, new = write_pair(tmp_path / "diff", "rates-and-notice")
    result = invoke("diff", str(old), str(new), "--config", str(odd), "--html", str(odd))
    assert result.exit_code == 2
    assert odd.read_bytes() == b""


def test_a_file_of_a_folder_that_cannot_be_read_is_reported(programme: Path, monkeypatch) -> None:
    """Not skipped as if it were not a document: it is built, hence reported (status 2,
    see test_faults.py for the real thing)."""
    blocked = programme / "epinal.yaml"
    real_read = Path.read_text

    def read_text(self, *args, **kwargs):
        if self == blocked:
            raise PermissionError(13, "Permission denied")
        return real_read(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", read_text)
    names = [path.name for path, _ in build_module.sources_of([programme])]
    assert "epinal.yaml" in names


def test_the_pdf_never_replaces_an_annex(programme: Path, monkeypatch) -> None:
    """chaumont's model joins annexes/cahier-des-charges-locaux.pdf: a .docx named after
    it would put the PDF in its place. Refused before LibreOffice is started."""
    monkeypatch.setattr("convgen.pdf.libreoffice.find_soffice", lambda: "soffice")
    annex = programme / "annexes" / "cahier-des-charges-locaux.pdf"
    before = annex.read_bytes()
    for flag in ("--pdf", "--pdf-only"):
        result = invoke(
            "build", str(programme / "chaumont.yaml"), flag, "-o", str(annex.with_suffix(".docx"))
        )
        assert result.exit_code == 2, result.output
        assert "cahier-des-charges-locaux.pdf" in one_french_line(result)
    assert annex.read_bytes() == before
    assert not annex.with_suffix(".docx").exists()
