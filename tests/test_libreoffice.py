"""LibreOffice opens the built document and reads the same text.

Skipped where LibreOffice is not installed, except in CI where ``.ci/run``
installs it and sets ``CONVGEN_REQUIRE_LIBREOFFICE=1``.
"""

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from convgen.building.build import build_file

from conftest import CHAUMONT, SAINT_DIZIER, soffice_or_skip, uno_python_or_skip

SOFFICE = soffice_or_skip()


def _as_text(docx: Path, workdir: Path) -> str:
    profile = workdir / "profile"
    completed = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            str(workdir),
            str(docx),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    output = workdir / (docx.stem + ".txt")
    assert completed.returncode == 0 and output.exists(), completed.stderr
    return output.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("source", [SAINT_DIZIER, CHAUMONT], ids=lambda p: p.stem)
def test_libreoffice_opens_the_document(source: Path, tmp_path: Path) -> None:
    result = build_file(source, output=tmp_path / f"{source.stem}.docx")
    assert result.output is not None
    text = _as_text(result.output, tmp_path)
    assert "IL EST ARRÊTÉ ET CONVENU CE QUI SUIT" in text
    assert "Article 1er\u00a0: Objet" in text
    if source == SAINT_DIZIER:
        assert "Article 6 bis\u00a0: Avenant modification la convention en cours d’exercice" in text
        assert "de ...\u00a0% du coût total" in text
        assert "• " in text or "•\t" in text  # real Word lists, rendered with their bullet
    else:
        assert "165\u202f150\u00a0€" in text


def test_libreoffice_sees_the_tracked_changes(tmp_path: Path) -> None:
    """Converted to flat ODT, the redline keeps its revisions as LibreOffice changed regions."""
    from convgen.review import redline, review

    from review_cases import write_pair

    old, new = write_pair(tmp_path, "rates-and-notice")
    marked = redline(review(str(old), str(new)), author="Relecture", date="2026-11-22T00:00:00Z")
    source = tmp_path / "relecture.docx"
    source.write_bytes(marked.data)
    completed = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "fodt", "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    flat = (tmp_path / "relecture.fodt").read_text(encoding="utf-8")
    assert completed.returncode == 0, completed.stderr
    assert flat.count("<text:changed-region") == 6
    assert flat.count("<text:insertion>") == 3 and flat.count("<text:deletion>") == 3
    assert "<dc:creator>Relecture</dc:creator>" in flat


def test_an_office_kept_running_converts_each_time_and_leaves_nothing(tmp_path: Path) -> None:
    """The LibreOffice of a command: converts what it is handed, again and again, and is
    gone, with its folder and its pipes' sockets, once closed."""
    import os

    from convgen.checking.check import check_file
    from convgen.pdf import libreoffice
    from convgen.rendering import render

    docx, _ = render(check_file(CHAUMONT).convention)
    office = libreoffice.Office(SOFFICE)
    try:
        assert office.ready()
        for _ in range(2):
            (converted,) = office.convert([docx], pdfa=False)
            assert converted is not None and converted.startswith(b"%PDF")
        assert office.alive()  # still there for the next document
        folder = office.profile.parent
        sockets = libreoffice._session_sockets(office._process.pid)
        if os.path.isdir("/proc"):
            assert len(sockets) >= 2  # its single-instance pipe and its --accept pipe
    finally:
        office.close()
    assert not office.alive() and not folder.exists()
    assert not any(socket.exists() for socket in sockets)


def _draft_with_comments(folder: Path) -> bytes:
    result = build_file(SAINT_DIZIER, output=folder / "projet.docx")  # its gaps commented
    assert result.output is not None
    docx = result.output.read_bytes()
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        assert "word/comments.xml" in package.namelist()
    return docx


def test_an_office_converts_over_its_uno_bridge(tmp_path: Path, monkeypatch) -> None:
    """Handed over LibreOffice's UNO bridge, documents convert one after the other with
    no process started, a draft with comments included (loaded from the bridge's own
    thread, Writer aborts on its comments' windows: the worker loads on the office's
    main thread)."""
    from convgen.pdf import libreoffice

    uno_python_or_skip()
    log = tmp_path / "lancements.log"
    wrapper = tmp_path / "soffice"
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{SOFFICE}" "$@"\n')
    wrapper.chmod(0o755)
    draft = _draft_with_comments(tmp_path)
    office = libreoffice.Office(str(wrapper))
    try:
        assert office.ready() and office.streaming
        first = office.convert([draft, draft], pdfa=False)
        again = office.convert([draft], pdfa=True)
        assert office.streaming and office.alive()
    finally:
        office.close()
    assert all(pdf is not None and pdf.startswith(b"%PDF") for pdf in [*first, *again])
    assert b"pdfaid:part" in (again[0] or b"") and b"pdfaid:part" not in (first[0] or b"")
    assert len(log.read_text().splitlines()) == 1  # the office itself, nothing more


@pytest.mark.parametrize("python", [sys.executable, "/bin/false"], ids=["sans-uno", "immediat"])
def test_an_office_without_uno_is_handed_documents_on_its_command_line(
    tmp_path: Path, monkeypatch, python: str
) -> None:
    """A Python without the uno module (here convgen's own), or a client that fails at
    once, before LibreOffice has made its profile: the office is started again, with a
    profile of its own and a file open, and each conversion is a short soffice handing
    it over."""
    from convgen.pdf import libreoffice

    if not Path(python).exists():
        pytest.skip(f"{python} absent")
    monkeypatch.setenv("CONVGEN_UNO_PYTHON", python)
    docx = _draft_with_comments(tmp_path)
    office = libreoffice.Office(SOFFICE)
    try:
        assert office.ready() and not office.streaming
        for _ in range(2):
            (converted,) = office.convert([docx], pdfa=False)
            assert converted is not None and converted.startswith(b"%PDF")
        assert office.alive()  # the file it keeps open: it did not quit after the first
    finally:
        office.close()


def test_an_office_that_dies_leaves_the_next_documents_converted(tmp_path: Path) -> None:
    """LibreOffice killed between two conversions: the UNO client says so, and what is
    left converts in a LibreOffice of its own."""
    import os
    import signal

    from convgen.pdf import libreoffice

    uno_python_or_skip()
    docx = _draft_with_comments(tmp_path)
    office = libreoffice.Office(SOFFICE)
    try:
        assert office.ready() and office.streaming
        (first,) = office.convert([docx], pdfa=False)
        os.killpg(office._process.pid, signal.SIGKILL)
        office._process.wait(timeout=30)
        second, third = office.convert([docx, docx], pdfa=False)
        assert not office.streaming
    finally:
        office.close()
    assert all(pdf is not None and pdf.startswith(b"%PDF") for pdf in (first, second, third))
