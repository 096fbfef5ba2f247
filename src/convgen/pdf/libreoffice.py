"""Converting Word documents to PDF with LibreOffice in headless mode.

LibreOffice is found through ``CONVGEN_SOFFICE`` or on ``PATH``. Every call
starts one LibreOffice process for up to 200 documents (starting it costs
about a second, converting a document a tenth of that; LibreOffice ignores
arguments past its 255th), with a private, throw-away user profile: it
neither disturbs nor waits for a LibreOffice the user has open, and two
conversions can run side by side.

LibreOffice never outlives convgen. It runs in a session of its own, under a
small guard process: a timeout, Ctrl-C or any exception kills the whole
session, and on Linux the guard kills it too when convgen itself dies, even by
``kill -9`` (the kernel tells it: ``PR_SET_PDEATHSIG``). The temporary folder
(profile, copies of the documents, PDFs) is removed on every way out; its
name, ``convgen-pdf-<pid>-…``, lets :func:`sweep_stale_temporaries` remove
the folders of a convgen that was killed before it could.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from convgen.foundation.errors import ConversionError

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
# Temporary folders: « convgen-<what>-<pid>-<random> », in tempfile.gettempdir().
TEMPORARY_PREFIX = "convgen-"
_TEMPORARY = re.compile(r"^convgen-[a-z]+-(\d+)-")
STALE_SECONDS = 600  # a folder touched this recently is left alone, whoever made it


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
        # a structure tree (headings, lists, tables, header rows, artifacts for the
        # running headers and footers), kept by the assembly: PDF/UA-1, PDF/A-2a
        "UseTaggedPDF": {"type": "boolean", "value": "true"},
        "PDFUACompliance": {"type": "boolean", "value": "true"},
    }
    if pdfa:
        options["SelectPdfVersion"] = {"type": "long", "value": "2"}  # PDF/A-2
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


# The guard between convgen and LibreOffice (POSIX): leader of LibreOffice's session,
# it kills the session when convgen dies (Linux: the kernel signals it), and exits with
# LibreOffice's status otherwise. Run with ``python -c``, it imports nothing of convgen.
_GUARD = """
import os, signal, subprocess, sys
parent = int(sys.argv[1])
def stop(*_):
    os.killpg(0, signal.SIGKILL)
signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGHUP, stop)
if sys.platform.startswith("linux"):
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass
if os.getppid() != parent:  # convgen died before the guard could ask to be told
    stop()
try:
    child = subprocess.Popen(sys.argv[2:])
except OSError as exc:
    sys.stderr.write(f"LibreOffice ne démarre pas ({sys.argv[2]}) : {exc.strerror}\\n")
    sys.exit(127)
sys.exit(child.wait())
"""


def _guarded(command: list[str]) -> list[str]:
    if sys.platform == "win32":
        return command
    return [sys.executable, "-c", _GUARD, str(os.getpid()), *command]


def _kill(process: subprocess.Popen[str]) -> None:
    """Kill ``process`` and its whole session (LibreOffice starts helpers of its own)."""
    if sys.platform == "win32":
        process.kill()
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


class _Processes:
    """The LibreOffice processes of one conversion: stopped together, at once, on any
    failure or interruption, so that none is left behind and no new one starts."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._live: set[subprocess.Popen[str]] = set()
        self._stopped = False

    def start(self, command: list[str]) -> subprocess.Popen[str]:
        with self._lock:
            if self._stopped:
                raise ConversionError("conversion interrompue")
            process = subprocess.Popen(
                _guarded(command),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                text=True,
                errors="replace",
                # a session of its own: killed as a whole, and Ctrl-C in the terminal
                # reaches convgen only, which then stops it
                start_new_session=sys.platform != "win32",
            )
            self._live.add(process)
            return process

    def done(self, process: subprocess.Popen[str]) -> None:
        _kill(process)  # a helper LibreOffice left running
        with self._lock:
            self._live.discard(process)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            live = list(self._live)
        for process in live:
            _kill(process)


def _run(
    command: list[str], timeout: float, processes: _Processes | None = None
) -> subprocess.CompletedProcess[str]:
    processes = processes or _Processes()
    process = processes.start(command)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _kill(process)
        process.communicate()
        raise ConversionError(
            f"LibreOffice n'a pas terminé la conversion en {timeout:.0f} s"
        ) from exc
    except BaseException:  # Ctrl-C, or a conversion next to this one failed
        _kill(process)
        with contextlib.suppress(Exception):
            process.communicate(timeout=10)
        raise
    finally:
        processes.done(process)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


@contextlib.contextmanager
def temporary_folder(what: str = "pdf") -> Iterator[Path]:
    """A private temporary folder, « convgen-<what>-<pid>-… », removed on every way out
    (exception, Ctrl-C); :func:`sweep_stale_temporaries` removes it if convgen is killed."""
    folder = tempfile.mkdtemp(prefix=f"{TEMPORARY_PREFIX}{what}-{os.getpid()}-")
    try:
        yield Path(folder)
    finally:
        _remove(folder)


def _remove(folder: str | Path) -> None:
    for _ in range(3):  # a process just killed may still be closing a file in it
        shutil.rmtree(folder, ignore_errors=True)
        if not os.path.lexists(folder):
            return
        time.sleep(0.1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    except OSError:
        return True
    return True


def sweep_stale_temporaries(
    folder: str | Path | None = None, *, min_age: float = STALE_SECONDS
) -> list[Path]:
    """Remove the temporary folders of convgen processes that are gone; the folders removed.

    Looks in ``folder`` (by default :func:`tempfile.gettempdir`) for directories
    named by :func:`temporary_folder`, owned by the current user, whose process
    (the pid in the name) no longer runs and that nothing touched for
    ``min_age`` seconds (a process of another PID namespace sharing the folder
    still writes in its own). A symbolic link is never followed. Call it at the
    start of a build; it never raises.
    """
    if sys.platform == "win32":  # os.kill(pid, 0) is not a probe there
        return []
    root = Path(folder) if folder is not None else Path(tempfile.gettempdir())
    removed: list[Path] = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = _TEMPORARY.match(entry.name)
        if match is None:
            continue
        pid = int(match[1])
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
                continue
            if pid == os.getpid() or _alive(pid):
                continue
            touched = max(
                [info.st_mtime]
                + [
                    child.stat(follow_symlinks=False).st_mtime
                    for child in os.scandir(entry.path)
                    if child.is_dir(follow_symlinks=False)
                ]
            )
        except OSError:
            continue
        if now - touched < min_age:
            continue
        _remove(entry.path)
        if not os.path.lexists(entry.path):
            removed.append(Path(entry.path))
    return removed


# Where LibreOffice makes the socket of a named pipe (osl: /tmp, else /var/tmp).
_PIPE_FOLDERS = ("/tmp", "/var/tmp")
READY_POLL_SECONDS = 0.05


class Office:
    """A LibreOffice kept running for one command, so that its start-up (about a second)
    is paid once, while convgen checks and renders the documents.

    Started at once, in the background, with a private profile and an empty text file
    open (without an open document, LibreOffice quits after the first conversion handed
    to it). Each conversion is then a short ``soffice --convert-to`` with the same
    profile: LibreOffice's own single-instance pipe hands it to the running office,
    which converts and answers, and the short process exits. Whether it is up is known
    from the named pipe it listens on (``--accept``) once its start-up is over; one that
    did not start, or died, is replaced by a conversion in a process of its own, as
    without it. Like every LibreOffice convgen starts, it runs under the guard and is
    killed, its folder removed, on every way out (:meth:`close`).
    """

    def __init__(self, executable: str | None = None) -> None:
        self.executable = executable or find_soffice()
        self._live = _Processes()
        self._folder = Path(tempfile.mkdtemp(prefix=f"{TEMPORARY_PREFIX}office-{os.getpid()}-"))
        self.profile = self._folder / "profile"
        self._pipe = f"convgen-{os.getpid()}-{secrets.token_hex(6)}"
        keep = self._folder / "ouvert.txt"
        keep.write_bytes(b"")
        self._ready: bool | None = None
        self._lock = threading.Lock()
        try:
            self._process: subprocess.Popen[str] | None = self._live.start(
                [
                    self.executable,
                    f"-env:UserInstallation={self.profile.as_uri()}",
                    "--headless",
                    "--invisible",
                    "--nologo",
                    "--norestore",
                    "--nolockcheck",
                    f"--accept=pipe,name={self._pipe};urp;",
                    str(keep),
                ]
            )
        except OSError:
            self._process = None

    def __enter__(self) -> Office:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _sockets(self) -> list[Path]:
        uid = os.getuid() if hasattr(os, "getuid") else 0
        return [Path(folder) / f"OSL_PIPE_{uid}_{self._pipe}" for folder in _PIPE_FOLDERS]

    def ready(self, timeout: float = STARTUP_SECONDS) -> bool:
        """Whether the office is up (waiting for the end of its start-up)."""
        with self._lock:
            if self._ready is not None:
                return self._ready
            deadline = time.monotonic() + timeout
            ready = False
            while self._process is not None and sys.platform != "win32":
                if self._process.poll() is not None:
                    break
                if any(socket.exists() for socket in self._sockets()):
                    ready = True
                    break
                if time.monotonic() > deadline:
                    break
                time.sleep(READY_POLL_SECONDS)
            self._ready = ready
            return ready

    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def convert(self, documents: Sequence[bytes], *, pdfa: bool) -> list[bytes | None]:
        """:func:`convert` by this office, or by a process of its own if it is not up."""
        if not documents:
            return []
        profile = self.profile if self.ready() and self.alive() else None
        return _convert(list(documents), self.executable, pdfa, self._live, profile)

    def close(self) -> None:
        # killed, LibreOffice leaves its pipes' sockets in /tmp: those of its session go too
        sockets = _session_sockets(self._process.pid) if self._process is not None else []
        self._live.stop()
        if self._process is not None:
            with contextlib.suppress(Exception):
                self._process.communicate(timeout=10)
        for socket in [*self._sockets(), *sockets]:
            with contextlib.suppress(OSError):
                socket.unlink()
        _remove(self._folder)


def _session_sockets(session: int) -> list[Path]:
    """The named sockets (LibreOffice's pipes, « OSL_PIPE_… ») the processes of a session
    hold open (Linux: read from /proc; elsewhere, none)."""
    proc = Path("/proc")
    if not (proc / "net" / "unix").is_file():
        return []
    inodes: set[str] = set()
    try:
        entries = [entry for entry in os.listdir(proc) if entry.isdigit()]
    except OSError:
        return []
    for entry in entries:
        try:
            fields = (proc / entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) != session:  # the fields after the name: state, ppid, pgrp, sid
                continue
            for fd in os.listdir(proc / entry / "fd"):
                target = os.readlink(proc / entry / "fd" / fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except (OSError, IndexError, ValueError):
            continue
    found = []
    try:
        lines = (proc / "net" / "unix").read_text().splitlines()[1:]
    except OSError:
        return []
    for line in lines:
        columns = line.split()
        if len(columns) >= 8 and columns[6] in inodes and "/OSL_PIPE_" in columns[7]:
            found.append(Path(columns[7]))
    return found


def convert(
    documents: Sequence[bytes],
    *,
    pdfa: bool = False,
    soffice: str | None = None,
    processes: int = 1,
    offices: Sequence[Office] = (),
) -> list[bytes | None]:
    """Convert .docx packages to PDF, with as few LibreOffice starts as possible.

    One process converts up to :data:`FILES_PER_PROCESS` documents (LibreOffice
    silently ignores the files after its 255th command-line argument); the
    documents a process leaves unconverted (a crash on one of them) are given
    to one more process. With ``processes`` > 1, the documents are shared
    between that many LibreOffice processes running side by side. Returns one
    PDF per document, in order, or None for a document LibreOffice could not
    convert. Raises :class:`ConversionError` when LibreOffice is missing,
    cannot start, or converts nothing at all. Whatever happens (Ctrl-C
    included), no LibreOffice process and no temporary folder is left behind.
    With ``offices`` (already running, see :class:`Office`), the documents are
    shared between them instead.
    """
    if not documents:
        return []
    if offices:
        return _by_offices(list(documents), list(offices), pdfa)
    executable = soffice or find_soffice()
    live = _Processes()
    try:
        if processes <= 1 or len(documents) < 2:
            return _convert(list(documents), executable, pdfa, live)
        from concurrent.futures import ThreadPoolExecutor

        size = -(-len(documents) // processes)
        chunks = [list(documents[i : i + size]) for i in range(0, len(documents), size)]
        # threads: the work is in the subprocesses
        with ThreadPoolExecutor(max_workers=len(chunks)) as pool:
            futures = [pool.submit(_convert, c, executable, pdfa, live) for c in chunks]
            try:
                return [pdf for future in futures for pdf in future.result()]
            except BaseException:
                live.stop()  # the other conversions too, before the pool waits for them
                raise
    finally:
        live.stop()


def _by_offices(documents: list[bytes], offices: list[Office], pdfa: bool) -> list[bytes | None]:
    count = min(len(offices), len(documents))
    if count == 1:
        return offices[0].convert(documents, pdfa=pdfa)
    from concurrent.futures import ThreadPoolExecutor

    size = -(-len(documents) // count)
    chunks = [documents[i : i + size] for i in range(0, len(documents), size)]
    with ThreadPoolExecutor(max_workers=len(chunks)) as pool:
        futures = [
            pool.submit(office.convert, chunk, pdfa=pdfa)
            for office, chunk in zip(offices, chunks, strict=False)
        ]
        return [pdf for future in futures for pdf in future.result()]


def _convert(
    documents: list[bytes],
    executable: str,
    pdfa: bool,
    live: _Processes,
    profile: Path | None = None,
) -> list[bytes | None]:
    """Convert ``documents`` in a LibreOffice of their own, or, with ``profile`` (the
    profile of a running :class:`Office`), by that office."""
    results: list[bytes | None] = [None] * len(documents)
    with temporary_folder("pdf") as work:
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
                    executable,
                    profile or work / "profile",
                    [names[i] for i in batch],
                    outputs,
                    pdfa,
                    live,
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
    executable: str,
    profile: Path,
    files: list[Path],
    outputs: Path,
    pdfa: bool,
    live: _Processes | None = None,
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
        return _run(command, STARTUP_SECONDS + SECONDS_PER_DOCUMENT * len(files), live)
    except OSError as exc:
        raise ConversionError(f"LibreOffice ne démarre pas ({executable}) : {exc}") from exc
