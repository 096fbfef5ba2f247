"""Faults during a build, the command run as a user would run it (a subprocess).

Ctrl-C stops a batch at once: no new document, the workers gone, no temporary file
left, « convgen : interrompu » and status 130. A parent killed outright takes its
workers with it, and the next run sweeps what they left. Two builds of the same folder
into the same place both finish with whole files. A full disk, a folder that may not
be written, a file or a configuration that may not be read: one French line, status 2.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT

COPIES = 40
CONVGEN = [sys.executable, "-m", "convgen"]

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="processus observés par /proc (Linux)"
)


def make_programme(folder: Path, copies: int = COPIES) -> Path:
    """A project with the repository's model and shared parties and ``copies`` conventions."""
    (folder / "convgen.toml").write_text("", encoding="utf-8")
    conventions = folder / "conventions"
    shutil.copytree(ROOT / "conventions" / "models", conventions / "models")
    shutil.copytree(ROOT / "conventions" / "parties", conventions / "parties")
    shutil.copytree(ROOT / "conventions" / "annexes", conventions / "annexes")
    text = (ROOT / "conventions" / "chaumont.yaml").read_text(encoding="utf-8")
    for index in range(copies):
        (conventions / f"ville-{index:03d}.yaml").write_text(text, encoding="utf-8")
    return conventions


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    return make_programme(tmp_path)


def start(*args: str, cwd: Path) -> subprocess.Popen[str]:
    # a session of its own, as a terminal gives: Ctrl-C goes to the whole group
    return subprocess.Popen(
        [*CONVGEN, *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()  # state, ppid, …


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) and fields[1] == str(pid):
            found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] not in ("Z", "X")  # a zombie has exited


def wait_for(condition, timeout: float, step: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def docx_in(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.docx")) if folder.is_dir() else []


def temporary_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob(".*") if p.name.endswith(".tmp"))


def assert_whole(files: list[Path]) -> None:
    for file in files:
        with zipfile.ZipFile(file) as package:
            assert package.testzip() is None, file
            assert "word/document.xml" in package.namelist()


def _workers_started(process: subprocess.Popen[str], out: Path) -> list[int]:
    assert wait_for(lambda: docx_in(out), 120), process.communicate()
    workers = children(process.pid)
    assert workers, "no worker process"
    return workers


# --- Ctrl-C ----------------------------------------------------------------------------------


def test_ctrl_c_stops_a_batch_at_once(programme: Path, tmp_path: Path) -> None:
    out = tmp_path / "sorties"
    process = start("build", str(programme), "-j", "2", "-o", str(out), cwd=tmp_path)
    workers = _workers_started(process, out)
    os.killpg(process.pid, signal.SIGINT)
    interrupted = time.monotonic()
    _, stderr = process.communicate(timeout=30)
    elapsed = time.monotonic() - interrupted
    assert process.returncode == 130, stderr
    assert stderr.strip() == "convgen : interrompu"
    assert "Aborted" not in stderr and "Traceback" not in stderr
    assert elapsed < 10  # not the rest of the batch
    assert wait_for(lambda: not any(running(w) for w in workers), 5), "workers left behind"
    assert temporary_in(out) == []
    written = docx_in(out)
    assert 0 < len(written) < COPIES
    assert_whole(written)


def test_ctrl_c_one_document_at_a_time(programme: Path, tmp_path: Path) -> None:
    out = tmp_path / "sorties"
    process = start("build", str(programme), "-j", "1", "-o", str(out), cwd=tmp_path)
    assert wait_for(lambda: docx_in(out), 120)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130 and stderr.strip() == "convgen : interrompu"
    assert temporary_in(out) == [] and len(docx_in(out)) < COPIES


def test_sigterm_cleans_up_like_ctrl_c(programme: Path, tmp_path: Path) -> None:
    out = tmp_path / "sorties"
    process = start("build", str(programme), "-j", "2", "-o", str(out), cwd=tmp_path)
    workers = _workers_started(process, out)
    process.terminate()  # the parent only, as a service manager would
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 143, stderr
    assert stderr.strip().startswith("convgen : arrêté")
    assert wait_for(lambda: not any(running(w) for w in workers), 5)
    assert temporary_in(out) == []


# --- the parent killed outright ------------------------------------------------------------


def test_workers_die_with_their_parent(programme: Path, tmp_path: Path) -> None:
    out = tmp_path / "sorties"
    process = start("build", str(programme), "-j", "2", "-o", str(out), cwd=tmp_path)
    workers = _workers_started(process, out)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)
    assert wait_for(lambda: not any(running(w) for w in workers), 5), "orphaned workers"
    # the next run sweeps what a killed run may have left, and builds everything
    stale = out / f".ville-000.docx.convgen-{workers[0]}-abcdef.tmp"
    stale.write_bytes(b"partiel")
    again = subprocess.run(
        [*CONVGEN, "build", str(programme), "-j", "2", "-o", str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    assert temporary_in(out) == []
    assert len(docx_in(out)) == COPIES
    assert_whole(docx_in(out))


# --- two builds at once --------------------------------------------------------------------


def test_concurrent_builds_of_the_same_folder(tmp_path: Path) -> None:
    programme = make_programme(tmp_path, copies=12)
    out = tmp_path / "sorties"
    arguments = ("build", str(programme), "-j", "2", "--rebuild", "-o", str(out))
    first, second = start(*arguments, cwd=tmp_path), start(*arguments, cwd=tmp_path)
    results = [p.communicate(timeout=300) for p in (first, second)]
    for process, (_, stderr) in zip((first, second), results, strict=True):
        assert process.returncode == 0, stderr
        assert "Traceback" not in stderr
    assert len(docx_in(out)) == 12
    assert_whole(docx_in(out))
    assert temporary_in(out) == []


# --- a full disk ---------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("un disque plein se simule par un tmpfs de 100 Kio, monté en root")
    mountpoint = tmp_path / "petit-disque"
    mountpoint.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=100k", "tmpfs", str(mountpoint)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"montage d'un tmpfs refusé ici : {mounted.stderr.strip()}")
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], check=False)


def test_a_full_disk(small_disk: Path, tmp_path: Path) -> None:
    programme = make_programme(tmp_path, copies=12)  # ≈ 36 Kio each: the disk fills up
    completed = subprocess.run(
        [*CONVGEN, "build", str(programme), "-j", "2", "-o", str(small_disk)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2, completed.stdout + completed.stderr
    assert "Traceback" not in completed.stderr
    lines = completed.stderr.strip().splitlines()
    assert lines and all(line.startswith("convgen : ") for line in lines)
    assert all("disque plein" in line for line in lines), lines
    assert temporary_in(small_disk) == []
    written = docx_in(small_disk)
    assert len(written) < 12
    assert_whole(written)


# --- rights ----------------------------------------------------------------------------------


@pytest.fixture
def unprivileged() -> Iterator[tuple[list[str], Path]]:
    """A command prefix that runs as « nobody » (root reads and writes everything), and a
    folder that user may enter."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("les droits d'accès se vérifient en root, avec setpriv, au nom de nobody")
    folder = Path(tempfile.mkdtemp(prefix="convgen-droits-"))
    folder.chmod(0o755)
    prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    probe = subprocess.run([*prefix, *CONVGEN, "--version"], capture_output=True, check=False)
    if probe.returncode != 0:
        shutil.rmtree(folder)
        pytest.skip("nobody ne peut pas lancer convgen ici")
    try:
        yield prefix, folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _as_nobody(prefix: list[str], folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, *CONVGEN, *args], cwd=folder, capture_output=True, text=True, check=False
    )


def _one_line(completed: subprocess.CompletedProcess[str], words: str) -> None:
    assert completed.returncode == 2, completed.stdout + completed.stderr
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("convgen : "), completed.stderr
    assert words in lines[0], lines[0]
    assert "Traceback" not in completed.stdout + completed.stderr


def test_an_output_folder_that_may_not_be_written(unprivileged) -> None:
    prefix, folder = unprivileged
    shutil.copy(ROOT / "tests" / "fixtures" / "valid" / "chaumont-final.yaml", folder / "c.yaml")
    (folder / "c.yaml").chmod(0o644)
    closed = folder / "ferme"
    closed.mkdir(mode=0o555)
    closed.chmod(0o555)
    completed = _as_nobody(prefix, folder, "build", "c.yaml", "-o", "ferme/c.docx")
    _one_line(completed, "écriture refusée (droits d'accès)")
    assert list(closed.iterdir()) == []
    batch = _as_nobody(prefix, folder, "build", ".", "-o", "ferme/sous-dossier/")
    _one_line(batch, "écriture refusée (droits d'accès)")


def test_an_input_that_may_not_be_read(unprivileged) -> None:
    prefix, folder = unprivileged
    secret = folder / "c.yaml"
    shutil.copy(ROOT / "tests" / "fixtures" / "valid" / "chaumont-final.yaml", secret)
    secret.chmod(0o600)
    for output_format in ("text", "json", "github", "sarif"):
        completed = _as_nobody(prefix, folder, "check", "--format", output_format, "c.yaml")
        _one_line(completed, "lecture refusée")
    completed = _as_nobody(prefix, folder, "build", "c.yaml", "-o", "/tmp/jamais.docx")
    _one_line(completed, "lecture refusée")
    out = folder / "sorties"
    out.mkdir()
    out.chmod(0o777)
    found = _as_nobody(prefix, folder, "build", ".", "-o", "sorties/")  # found in a folder
    _one_line(found, "lecture refusée")
    assert list(out.iterdir()) == []


def test_a_configuration_that_may_not_be_read(unprivileged) -> None:
    prefix, folder = unprivileged
    shutil.copy(ROOT / "tests" / "fixtures" / "valid" / "chaumont-final.yaml", folder / "c.yaml")
    (folder / "c.yaml").chmod(0o644)
    settings = folder / "convgen.toml"
    settings.write_text('ignore = ["CG301"]\n', encoding="utf-8")
    settings.chmod(0o600)
    for output_format in ("text", "json", "github", "sarif"):
        completed = _as_nobody(prefix, folder, "check", "--format", output_format, "c.yaml")
        _one_line(completed, "configuration illisible : lecture refusée (droits d'accès)")
