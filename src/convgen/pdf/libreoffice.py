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
from collections.abc import Callable, Iterator, Sequence
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
WRITER_PDF = "writer_pdf_Export"  # the PDF export filter of Writer


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


def export_options(*, pdfa: bool) -> dict[str, bool | int]:
    """The options of Writer's PDF export convgen converts with."""
    options: dict[str, bool | int] = {
        # bookmarks from the headings' outline levels: the PDF outline is built on them
        "ExportBookmarks": True,
        "ExportNotes": False,
        # a structure tree (headings, lists, tables, header rows, artifacts for the
        # running headers and footers), kept by the assembly: PDF/UA-1, PDF/A-2a
        "UseTaggedPDF": True,
        "PDFUACompliance": True,
    }
    if pdfa:
        options["SelectPdfVersion"] = 2  # PDF/A-2
    return options


def filter_options(*, pdfa: bool) -> str:
    """The ``--convert-to`` argument: Writer's PDF export with its options."""
    typed = {
        name: (
            {"type": "boolean", "value": str(value).lower()}
            if isinstance(value, bool)
            else {"type": "long", "value": str(value)}
        )
        for name, value in export_options(pdfa=pdfa).items()
    }
    return f"pdf:{WRITER_PDF}:" + json.dumps(typed, separators=(",", ":"))


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
PIPE_SECONDS = 5.0  # LibreOffice opens its single-instance pipe early in its start


# Where LibreOffice's own Python is, beside soffice (Windows, macOS, LibreOffice's builds).
_BUNDLED_PYTHONS = ("python", "python.exe", "../Resources/python")
# A system Python that distributions give LibreOffice's uno module (Debian: python3-uno).
_SYSTEM_PYTHONS = ("/usr/bin/python3",)
UNO_PYTHON_VARIABLE = "CONVGEN_UNO_PYTHON"
_WORKER = Path(__file__).with_name("uno_worker.py")


def uno_python(executable: str) -> str | None:
    """The Python that converts over LibreOffice's UNO bridge (:class:`Office`): the one
    ``CONVGEN_UNO_PYTHON`` names (empty: none), else LibreOffice's own, else the
    system's. Whether it has the ``uno`` module is known when it runs."""
    explicit = os.environ.get(UNO_PYTHON_VARIABLE)
    if explicit is not None:
        return explicit or None
    program = Path(os.path.realpath(executable)).parent
    for candidate in [*(program / name for name in _BUNDLED_PYTHONS), *map(Path, _SYSTEM_PYTHONS)]:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


class Office:
    """A LibreOffice kept running for one command, so that its start-up (about a second)
    is paid once, while convgen checks and renders the documents.

    Started at once, in the background, with a private profile, beside a small client
    of its UNO bridge (:mod:`convgen.pdf.uno_worker`, in a Python that has
    LibreOffice's ``uno`` module, :func:`uno_python`): each document is handed to the
    client and converted by the office at once, with nothing started. Without that
    module, the office is started again with an empty text file open (without an open
    document, LibreOffice quits after the first conversion handed to it on its command
    line), and each conversion is a short ``soffice --convert-to`` with the same
    profile: LibreOffice's own single-instance pipe hands it to the running office,
    and the short process exits (some 70 ms each).
    Whether the office is up is known from the client, or from the named pipe it
    listens on (``--accept``) once its start-up is over; one that did not start, or
    died, is replaced by a conversion in a process of its own, as without it. Like
    every LibreOffice convgen starts, it runs under the guard and is killed, its
    folder removed, on every way out (:meth:`close`).
    """

    def __init__(self, executable: str | None = None) -> None:
        self.executable = executable or find_soffice()
        self._live = _Processes()
        self._folder = Path(tempfile.mkdtemp(prefix=f"{TEMPORARY_PREFIX}office-{os.getpid()}-"))
        self.profile = self._folder / "profile"
        self._pipe = f"convgen-{os.getpid()}-{secrets.token_hex(6)}"
        self._ready: bool | None = None
        self._lock = threading.Lock()
        self._converting = threading.Lock()
        self.streaming = False  # documents go to the office through its UNO bridge
        python = uno_python(self.executable)
        self._worker = _Worker.start(python, self._pipe) if python else None
        # Handed its documents over UNO, the office needs none open: it starts faster
        # (on a new profile, LibreOffice opening a file restarts itself once: some 0.4 s)
        self._process = self._start(keep_open=self._worker is None)

    def _start(self, *, keep_open: bool) -> subprocess.Popen[str] | None:
        last = [f"--accept=pipe,name={self._pipe};urp;", "--nodefault"]
        if keep_open:
            keep = self._folder / "ouvert.txt"
            keep.write_bytes(b"")
            last[1] = str(keep)
        try:
            return self._live.start(
                [
                    self.executable,
                    f"-env:UserInstallation={self.profile.as_uri()}",
                    "--headless",
                    "--invisible",
                    "--nologo",
                    "--norestore",
                    "--nolockcheck",
                    *last,
                ]
            )
        except OSError:
            return None

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
            if self._worker is not None:
                uno = self._worker.answer(deadline, self.alive)
                if uno is not None and uno.get("uno") is True:
                    answer = self._worker.answer(deadline, self.alive)
                    self.streaming = answer is not None and answer.get("ready") is True
                    if not self.streaming:
                        self._worker.stop()
                        self._worker = None
                    self._ready = self.streaming
                    return self._ready
                # no uno module: documents handed on the command line, to an office
                # that keeps a file open so as not to quit after the first
                self._worker.stop()
                self._worker = None
                self._stop(pipes_first=True)
                # a profile of its own: the one it was killed in the middle of making
                # would stop the next office
                self.profile = self._folder / "profile-2"
                self._process = self._start(keep_open=True)
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
        with self._converting:
            if self.ready() and self.streaming:
                return self._stream(list(documents), pdfa)
            profile = self.profile if self.ready() and self.alive() else None
            return _convert(list(documents), self.executable, pdfa, self._live, profile)

    def _stream(self, documents: list[bytes], pdfa: bool) -> list[bytes | None]:
        """Each document converted by the office through the UNO client; those it could
        not convert, again as :func:`convert` would (its reasons, its retry)."""
        results: list[bytes | None] = [None] * len(documents)
        options = export_options(pdfa=pdfa)
        with temporary_folder("pdf") as work:
            for index, data in enumerate(documents):
                source = work / f"{index:05d}.docx"
                target = source.with_suffix(".pdf")
                source.write_bytes(data)
                answer = self._ask(
                    {
                        "source": str(source),
                        "target": str(target),
                        "filter": WRITER_PDF,
                        "data": options,
                        "seconds": SECONDS_PER_DOCUMENT,
                    }
                )
                if answer is None:
                    break  # the office is gone, or hangs: killed, what is left goes below
                if answer.get("ok") is True and target.is_file():
                    results[index] = target.read_bytes()
                source.unlink()
        left = [index for index, result in enumerate(results) if result is None]
        if left:
            # in a LibreOffice of their own: handed on its command line, the office, which
            # keeps no file open, would quit after them
            try:
                again = _convert([documents[i] for i in left], self.executable, pdfa, self._live)
            except ConversionError:
                if len(left) == len(documents):
                    raise  # nothing converted at all: LibreOffice's reason is the one to say
                again = [None] * len(left)
            for index, result in zip(left, again, strict=True):
                results[index] = result
        return results

    def _ask(self, request: dict[str, object]) -> dict[str, object] | None:
        """The UNO client's answer; None, the client and the office stopped, when the
        office died or stopped answering (it converts in processes of its own then)."""
        worker = self._worker
        answer = None
        if worker is not None and worker.send(request):
            deadline = time.monotonic() + SECONDS_PER_DOCUMENT + 10
            answer = worker.answer(deadline, self.alive)
        if answer is None or answer.get("fatal") is True:
            self.streaming = False
            if worker is not None:
                worker.stop()
            self._stop()
            return None
        return answer

    def _stop(self, *, pipes_first: bool = False) -> None:
        """Kill the office, its whole session, and remove the sockets its pipes leave in
        /tmp (killed, LibreOffice does not). ``pipes_first``: an office just started is
        let open its single-instance pipe first (its socket is known only while open)."""
        if self._process is None:
            return
        sockets = _session_sockets(self._process.pid)
        deadline = time.monotonic() + PIPE_SECONDS
        while pipes_first and not sockets and self.alive() and time.monotonic() < deadline:
            time.sleep(READY_POLL_SECONDS)
            sockets = _session_sockets(self._process.pid)
        self._live.done(self._process)  # killed, with its session
        with contextlib.suppress(Exception):
            self._process.communicate(timeout=10)
        for socket in [*self._sockets(), *sockets]:
            with contextlib.suppress(OSError):
                socket.unlink()

    def close(self) -> None:
        if self._worker is not None:
            self._worker.stop()
        self._stop()
        self._live.stop()  # the short processes handing it documents, if any
        _remove(self._folder)


class _Worker:
    """The UNO client of an :class:`Office` (:mod:`convgen.pdf.uno_worker`): requests
    written on its input, its answers read by a thread of their own."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        import queue

        self.process = process
        self._answers: queue.Queue[dict[str, object] | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, name="convgen-uno", daemon=True)
        self._reader.start()

    @classmethod
    def start(cls, python: str, pipe: str) -> _Worker | None:
        try:
            process = subprocess.Popen(
                [python, str(_WORKER), pipe, str(STARTUP_SECONDS)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,  # what it has to say, it answers
                text=True,
                encoding="utf-8",
                # Ctrl-C reaches convgen only, which stops it
                start_new_session=sys.platform != "win32",
            )
        except OSError:
            return None
        return cls(process)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            try:
                answer = json.loads(line)
            except ValueError:
                continue  # not one of its answers
            if isinstance(answer, dict):
                self._answers.put(answer)
        self._answers.put(None)  # its output closed: it is gone

    def send(self, request: dict[str, object]) -> bool:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
        except (OSError, ValueError):  # gone, or stopped
            return False
        return True

    def answer(self, deadline: float, alive: Callable[[], bool]) -> dict[str, object] | None:
        """The next answer, None if the client is gone, or before ``deadline`` none came,
        or the office died (``alive``)."""
        import queue

        while time.monotonic() < deadline:
            try:
                return self._answers.get(timeout=READY_POLL_SECONDS)
            except queue.Empty:
                if not alive():
                    return None
        return None

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            if self.process.stdin is not None:
                self.process.stdin.close()
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.process.wait(timeout=10)


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
