"""Converting Word documents to PDF with LibreOffice in headless mode.

LibreOffice is found through ``CONVGEN_SOFFICE`` or on ``PATH``. Every call
starts one LibreOffice process for up to 200 documents (starting it costs
about a second, converting a document a tenth of that; LibreOffice ignores
arguments past its 255th), with a private, throw-away user profile: it
neither disturbs nor waits for a LibreOffice the user has open, and two
conversions can run side by side.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import ConversionError

ENVIRONMENT_VARIABLE = "CONVGEN_SOFFICE"
INSTALL_HINT = (
    "installez LibreOffice (Debian, Ubuntu : sudo apt-get install libreoffice-writer-nogui "
    "fonts-liberation) ou donnez le chemin de soffice dans CONVGEN_SOFFICE"
)
_CANDIDATES = ("soffice", "libreoffice")
_PLATFORM_PATHS = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)
STARTUP_SECONDS = 120  # generous: a first start on a cold disk can take long
# LibreOffice reads at most 255 command-line arguments, and drops the rest without a word.
FILES_PER_PROCESS = 200
SECONDS_PER_DOCUMENT = 30


def find_soffice() -> str:
    """The LibreOffice executable; raises :class:`ConversionError` saying how to install it."""
    explicit = os.environ.get(ENVIRONMENT_VARIABLE)
    if explicit:
        if not (os.path.isfile(explicit) and os.access(explicit, os.X_OK)):
            raise ConversionError(
                f"{ENVIRONMENT_VARIABLE}={explicit} : ce n'est pas un programme exécutable"
            )
        return explicit
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    for path in _PLATFORM_PATHS:
        if os.path.isfile(path):
            return path
    raise ConversionError(f"LibreOffice est introuvable : {INSTALL_HINT}")


def available() -> bool:
    """Whether LibreOffice can be found."""
    try:
        find_soffice()
    except ConversionError:
        return False
    return True


def filter_options(*, pdfa: bool) -> str:
    """The ``--convert-to`` argument: Writer's PDF export with its options."""
    options: dict[str, dict[str, str]] = {
        # bookmarks from the headings' outline levels: the PDF outline is built on them
        "ExportBookmarks": {"type": "boolean", "value": "true"},
        "ExportNotes": {"type": "boolean", "value": "false"},
    }
    if pdfa:
        options["SelectPdfVersion"] = {"type": "long", "value": "2"}  # PDF/A-2b
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


def _run(command: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    # a new session, so that a timeout kills LibreOffice and the helpers it spawns
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=sys.platform != "win32",
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        if sys.platform != "win32":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.communicate()
        raise ConversionError(
            f"LibreOffice n'a pas terminé la conversion en {timeout:.0f} s"
        ) from exc
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def convert(
    documents: Sequence[bytes], *, pdfa: bool = False, soffice: str | None = None
) -> list[bytes | None]:
    """Convert .docx packages to PDF, with as few LibreOffice starts as possible.

    One process converts up to :data:`FILES_PER_PROCESS` documents (LibreOffice
    silently ignores the files after its 255th command-line argument); the
    documents a process leaves unconverted (a crash on one of them) are given
    to one more process. Returns one PDF per document, in order, or None for a
    document LibreOffice could not convert. Raises :class:`ConversionError`
    when LibreOffice is missing, cannot start, or converts nothing at all.
    """
    if not documents:
        return []
    executable = soffice or find_soffice()
    results: list[bytes | None] = [None] * len(documents)
    with tempfile.TemporaryDirectory(prefix="convgen-pdf-") as folder:
        work = Path(folder)
        inputs = work / "docx"
        inputs.mkdir()
        # numbered names: two documents called alike cannot overwrite each other's PDF
        names = [inputs / f"{index:05d}.docx" for index in range(len(documents))]
        for name, data in zip(names, documents, strict=True):
            name.write_bytes(data)
        completed = None
        pending = list(range(len(documents)))
        for attempt in range(2):
            batches = [
                pending[i : i + FILES_PER_PROCESS]
                for i in range(0, len(pending), FILES_PER_PROCESS)
            ]
            for number, batch in enumerate(batches):
                outputs = work / f"pdf-{attempt}-{number}"
                completed = _convert_batch(
                    executable, work / "profile", [names[i] for i in batch], outputs, pdfa
                )
                for index in batch:
                    pdf = outputs / names[index].with_suffix(".pdf").name
                    if pdf.is_file():
                        results[index] = pdf.read_bytes()
            left = [i for i in pending if results[i] is None]
            if not left or len(left) == len(pending):
                break  # all done, or a second try would fail the same way
            pending = left
    if all(result is None for result in results):
        assert completed is not None
        detail = (completed.stderr or completed.stdout).strip().splitlines()
        reason = next((line for line in reversed(detail) if "javaldx" not in line), "")
        raise ConversionError(
            f"LibreOffice n'a converti aucun document (code {completed.returncode})"
            + (f" : {reason}" if reason else "")
        )
    return results


def _convert_batch(
    executable: str, profile: Path, files: list[Path], outputs: Path, pdfa: bool
) -> subprocess.CompletedProcess[str]:
    command = [
        executable,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        "--norestore",
        "--convert-to",
        filter_options(pdfa=pdfa),
        "--outdir",
        str(outputs),
        *map(str, files),
    ]
    try:
        return _run(command, STARTUP_SECONDS + SECONDS_PER_DOCUMENT * len(files))
    except OSError as exc:
        raise ConversionError(f"LibreOffice ne démarre pas ({executable}) : {exc}") from exc
