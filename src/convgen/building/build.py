"""``convgen build``: check documents, then render those that are not refused.

A draft is built with its gaps highlighted and its errors listed, so that it
can circulate for review. A document is refused, and nothing is written, when
it cannot be rendered faithfully (a structure the schema rejects, a reference
to nothing), and when it is a ``final`` version with any error (a single gap
is one). ``--strict`` refuses a draft with errors too.

Many documents (a folder of a programme's conventions) are built side by side
(``jobs``), each independently: one that fails does not stop the others. An
output newer than everything it is made from (the file, its model and shared
parties, the template, the annexes for a PDF, convgen itself) is up to date
and left alone.
"""

from __future__ import annotations

import contextlib
import copy as copy_module
import dataclasses
import errno
import multiprocessing
import os
import re
import signal
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from convgen.building.verification import findings
from convgen.checking.check import YAML_SUFFIXES, CheckResult, check_file, discover, yaml_files
from convgen.checking.config import Config
from convgen.checking.readiness import refusal
from convgen.foundation.errors import ConvgenError, OutputError, TemplateError, UsageError
from convgen.foundation.findings import Finding, Severity
from convgen.foundation.resources import SHARED_KINDS, template_path
from convgen.loading.cache import RunCache
from convgen.loading.reader import SourceDocument
from convgen.model.avenant import Avenant
from convgen.model.convention import Convention
from convgen.model.deliberation import CheckedConvention, Deliberation
from convgen.model.documents import ANNEXABLE_KINDS, AnnexedDocument
from convgen.pdf.libreoffice import FILES_PER_PROCESS, Office, sweep_stale_temporaries
from convgen.pdf.plan import (
    MISSING_APPROVAL,
    MISSING_DOCUMENT,
    UNBUILT_APPROVAL,
    UNBUILT_DOCUMENT,
    AnnexedPdf,
    Approval,
    PdfDocument,
    Publisher,
    offices_for,
)


@dataclass
class BuildResult:
    """What building one file gave: the check, what was written, or why not."""

    check: CheckResult
    output: Path | None = None  # the .docx written (or up to date)
    pdf: Path | None = None  # the .pdf written (or up to date)
    reason: str = ""  # why nothing was written
    pdf_error: str = ""  # why the PDF was not written, when the rest was
    gaps: int = 0
    comments: int = 0  # findings written into the .docx as comments
    pages: int = 0  # pages of the PDF
    placeholders: list[str] = field(default_factory=list)  # annexes not joined
    # active content taken out of annexed PDFs (« Annexe 2 (x.pdf) : JavaScript »)
    removed: list[str] = field(default_factory=list)
    conformance: str = ""  # what the PDF declares: « PDF/UA-1, PDF/A-2a »
    notes: list[str] = field(default_factory=list)  # why it declares no more
    signatures: int = 0  # empty signature fields in the PDF
    unplaced: list[str] = field(default_factory=list)  # signatories without a field
    up_to_date: bool = False  # nothing to do: the outputs are newer than the inputs
    unwritable: bool = False  # an output could not be written (rights, full disk…)

    @property
    def source(self) -> Path:
        return self.check.file

    @property
    def refused(self) -> bool:
        """Nothing was written, nor was anything up to date."""
        return self.output is None and self.pdf is None

    @property
    def failed(self) -> bool:
        """Something asked for was not written."""
        return self.refused or bool(self.pdf_error)


# What ``--comments`` takes: the least severe findings a draft carries as comments.
COMMENT_LEVELS: dict[str, Severity | None] = {
    "errors": Severity.ERROR,
    "warnings": Severity.WARNING,
    "all": Severity.INFO,
    "none": None,
}


@dataclass(frozen=True)
class BuildOptions:
    """How to build: what to write, where, with which template."""

    output: str | Path | None = None
    template: str | Path | None = None
    strict: bool = False
    config: Config | None = None
    docx: bool = True
    pdf: bool = False
    pdfa: bool = False
    rebuild: bool = False  # build even what is up to date
    force: bool = False  # replace an output built from a final version
    signature_fields: bool = True  # one empty signature field per signatory in the PDF
    # the least severe findings a draft carries as Word comments (None: no comment)
    comments: Severity | None = Severity.WARNING


def default_output(source: Path) -> Path:
    """The .docx beside the YAML file, same name."""
    return source.with_suffix(".docx")


def _is_folder(output: str | Path) -> bool:
    return Path(output).is_dir() or str(output).endswith(os.sep)


def resolve_output(
    source: Path, output: str | Path | None, *, folder: bool = False, name: Path | None = None
) -> Path:
    """``-o`` may name a file or a directory (an existing one, one written with a final
    separator, or any with ``folder``): the file is then named after the source, or
    ``name`` (a path relative to the folder, for files found in sub-folders)."""
    if output is None:
        return default_output(source)
    target = Path(output)
    if folder or _is_folder(output):
        return target / (name or Path(default_output(source).name))
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Temporary files are named after the process that writes them, so that a later run can
# tell the leftovers of a killed one (kill -9, power cut) from those of a run in progress.
_TEMPORARY = re.compile(r"^\..+\.convgen-(\d+)-[A-Za-z0-9_]*\.tmp$")
_STALE_SECONDS = 24 * 3600  # whatever the process, no write lasts that long
_PENDING: set[str] = set()  # temporary files this process is writing

_OUTPUT_PROBLEMS = {
    errno.EACCES: "écriture refusée (droits d'accès)",
    errno.EPERM: "écriture refusée (droits d'accès)",
    errno.ENOSPC: "disque plein",
    errno.EDQUOT: "quota disque dépassé",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EISDIR: "c'est un dossier",
    errno.EIO: "erreur d'entrée-sortie du disque",
    errno.ELOOP: "lien symbolique qui boucle sur lui-même",
    errno.EEXIST: "un fichier porte déjà le nom d'un dossier du chemin",
}


def output_problem(exc: OSError) -> str:
    """Why a file could not be written, in French."""
    return _OUTPUT_PROBLEMS.get(exc.errno or 0) or f"erreur système n° {exc.errno}"


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file, so no half-written file remains.

    The temporary file is removed whatever stops the write (an error, Ctrl-C, the
    process terminated); one left by a process killed outright is removed by the
    next build into the same folder (:func:`sweep_temporary`)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.convgen-{os.getpid()}-", suffix=".tmp"
        )
        _PENDING.add(temporary)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            # mkstemp creates the file readable by its owner only; give it the
            # permissions any new file would have, so colleagues can open it.
            os.chmod(temporary, 0o666 & ~_umask())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        finally:
            _PENDING.discard(temporary)
    except OSError as exc:
        raise OutputError(f"écriture impossible : {output_problem(exc)}", file=target) from exc


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":  # os.kill(pid, 0) would terminate it there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        pass  # another user's process
    try:  # a zombie (exited, not yet reaped: common in containers) is over
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


def sweep_temporary(folders: Iterable[Path]) -> list[Path]:
    """Remove from ``folders`` the temporary files of convgen runs that are over (their
    process is gone, or they are a day old); returns what was removed."""
    removed = []
    for folder in {Path(f) for f in folders}:
        try:
            names = os.listdir(folder)
        except OSError:
            continue  # not there yet, or not readable: writing will tell
        for name in names:
            match = _TEMPORARY.match(name)
            if match is None:
                continue
            path = folder / name
            try:
                old = time.time() - path.lstat().st_mtime > _STALE_SECONDS
                if old or not _alive(int(match.group(1))):
                    path.unlink()
                    removed.append(path)
            except OSError:
                continue
    return removed


# --- outputs that would replace what they are made from -----------------------------------


def _place(path: str | Path) -> str:
    """Where ``path`` is written: its folder resolved, its own name kept (a symbolic link
    there is replaced, not followed)."""
    absolute = os.path.abspath(path)
    return os.path.join(os.path.realpath(os.path.dirname(absolute)), os.path.basename(absolute))


def replaced_input(target: str | Path, sources: Iterable[str | Path]) -> Path | None:
    """The file of ``sources`` that writing ``target`` would replace, or None."""
    where = _place(target)
    link = os.path.islink(target)
    for source in sources:
        if where in (_place(source), os.path.realpath(source)):
            return Path(source)
        try:
            if not link and os.path.samefile(target, source):
                return Path(source)  # another name for it (case-insensitive disk, hard link)
        except (OSError, ValueError):
            continue
    return None


def same_output(first: str | Path, second: str | Path) -> bool:
    """Whether two outputs name the same file."""
    if _place(first) == _place(second):
        return True
    try:
        return os.path.samefile(first, second)
    except (OSError, ValueError):
        return False


def refuse_input(target: str | Path, sources: Iterable[str | Path], option: str = "-o") -> None:
    """Raise :class:`UsageError` when writing ``target`` would replace one of ``sources``."""
    source = replaced_input(target, sources)
    if source is not None:
        shown = str(target) if str(target) == str(source) else f"{target} ({source})"
        raise UsageError(
            f"{option} : {shown} est un des fichiers dont le document est fait ; il ne "
            "sera pas remplacé : choisissez un autre nom de sortie"
        )


def refuse_yaml(target: Path, option: str = "-o") -> None:
    """Raise :class:`UsageError` for an output named like a YAML file: most likely a
    document of the project, which a .docx would replace."""
    if target.suffix.lower() in YAML_SUFFIXES:
        raise UsageError(
            f"{option} : {target} porte le nom d'un fichier YAML : une sortie ne remplace "
            "jamais un document (nommez-la .docx, .pdf ou .html)"
        )


def guard_outputs(
    outputs: Sequence[tuple[str, str | Path]], sources: Iterable[str | Path], *, force: bool
) -> None:
    """Refuse, before anything is written, outputs (``(option, path)``) that would replace
    an input, the same file twice, or one built from a final version without ``force``."""
    sources = list(sources)
    for index, (option, target) in enumerate(outputs):
        refuse_yaml(Path(target), option)
        refuse_input(target, sources, option)
        for other_option, other in outputs[:index]:
            if same_output(target, other):
                raise UsageError(
                    f"{other_option} et {option} désignent le même fichier ({target}) : "
                    "donnez-leur des noms différents"
                )
        if not force and built_from_final(Path(target)):
            raise UsageError(f"{option} : {_protected(Path(target))}")


# --- what a document is made from ------------------------------------------------------------


def tool_stamp() -> float:
    """When convgen itself last changed: a new version may render differently. Read once
    per build (:class:`BuildRun`), by the parent process."""
    package = Path(__file__).parent.parent  # the whole convgen package
    files = [*package.rglob("*.py"), *package.glob("templates/*.docx")]
    return max(f.stat().st_mtime for f in files)


def _document_files(result: CheckResult) -> list[Path]:
    document = result.document
    if document is None:
        return [result.file]
    return [part.file for part in document.parts] or [document.file]


def _checked(result: CheckedConvention | None) -> CheckResult | None:
    """An approved convention's check, as the check stage made it: the model only names
    what it reads of it (a Protocol), the build needs the whole result."""
    if result is None:
        return None
    assert isinstance(result, CheckResult), type(result)
    return result


def _annexed_checks(model: object) -> list[CheckResult]:
    """The checks of the documents a convention annexes (``document:``), at any depth."""
    found: list[CheckResult] = []
    if not isinstance(model, Convention):
        return found
    for annex in model.annexes:
        checked = _checked_document(annex.annexed)
        if checked is not None:
            found.append(checked)
            found.extend(_annexed_checks(checked.model))
    return found


def _checked_document(annexed: AnnexedDocument | None) -> CheckResult | None:
    """An annexed document's check, as the check stage made it (see :func:`_checked`)."""
    if annexed is None or annexed.result is None:
        return None
    assert isinstance(annexed.result, CheckResult), type(annexed.result)
    return annexed.result


def inputs(result: CheckResult, template: str | Path | None, *, pdf: bool) -> list[Path]:
    """Every file the outputs of ``result`` are made from."""
    from convgen.model.annexes import annex_sources

    files = _document_files(result)
    kind = (result.document.kind if result.document is not None else None) or "convention"
    files.append(Path(template) if template else template_path(kind))
    model = result.model
    if isinstance(model, Deliberation):
        for approved in model.approved:
            checked = _checked(approved.result)
            if checked is not None:
                files.extend(_document_files(checked))
                files.append(template_path("convention"))
                if pdf and checked.convention is not None:
                    files.extend(s.file for s in annex_sources(checked.convention) if s.file)
    elif pdf and result.convention is not None:  # an avenant's: those it joins
        files.extend(s.file for s in annex_sources(result.convention) if s.file)
    if isinstance(model, Avenant):
        amended = _checked(model.amends.result)
        if amended is not None:  # what the avenant quotes and its check compares
            files.extend(_document_files(amended))
    # the documents its annexes name: their title is in the .docx, their PDF (with their
    # own annexes) joined to its PDF
    for checked in _annexed_checks(model):
        files.extend(_document_files(checked))
        if not pdf:
            continue
        annexed_kind = checked.document.kind if checked.document else None
        files.append(template_path(annexed_kind or "convention"))
        if isinstance(checked.model, Convention):
            files.extend(s.file for s in annex_sources(checked.model) if s.file)
    return files


def _fresh(output: Path, sources: Iterable[Path], stamp: float) -> bool:
    try:
        built = output.stat().st_mtime
        newest = max([stamp, *(Path(s).stat().st_mtime for s in sources)])
    except (OSError, ValueError):
        return False
    return built >= newest


# --- one document ----------------------------------------------------------------------------


def built_from_final(output: Path) -> bool:
    """Whether ``output`` (a .docx or .pdf convgen wrote) was built from a final version:
    what was, or will be, signed is not replaced by accident."""
    from convgen.rendering.base import STATUS_FINAL

    if not output.is_file():
        return False
    try:
        if output.suffix == ".pdf":
            from convgen.pdf import assembly as pdf

            return pdf.label(output.read_bytes()) == STATUS_FINAL
        with zipfile.ZipFile(output) as package:
            core = package.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, ConvgenError):
        return False
    return f"<cp:contentStatus>{STATUS_FINAL}</cp:contentStatus>" in core


def _protected(output: Path) -> str:
    return (
        f"{output} a été généré d'une version finale : il n'est pas remplacé sans --force "
        "(renommez-le ou déplacez-le s'il a été signé)"
    )


@dataclass
class BuildRun:
    """What one build shares between its documents: the files they are made from, read
    once (:class:`~convgen.loading.cache.RunCache`), and when convgen itself last
    changed (:func:`tool_stamp`, read by the parent, handed to the workers). Each worker
    process has its own, for the documents it builds."""

    tool_stamp: float = 0.0
    cache: RunCache = field(default_factory=RunCache)


@dataclass
class _Built:
    """A document built, as a worker sends it back: its result, and the rendered .docx
    when its PDF is still to be made (nothing else of the render)."""

    result: BuildResult
    docx: bytes = b""


def _build_one(source: Path, target: Path, options: BuildOptions, run: BuildRun) -> _Built:
    """Check and render one document; write its .docx. The PDF is made afterwards, for
    all documents at once."""
    check = check_file(
        source, strict=options.strict, config=options.config, cache=run.cache, verify=findings
    )
    reason = _not_built(check, options.strict)
    if reason is not None:
        return _Built(BuildResult(check, reason=reason))
    want_docx, want_pdf = _still_to_write(check, target, options, run.tool_stamp)
    result = BuildResult(check)
    if not options.rebuild and not want_docx and not want_pdf:
        result.up_to_date = True
        result.output = target if options.docx else None
        result.pdf = target.with_suffix(".pdf") if (options.pdf or options.pdfa) else None
        return _Built(result)
    if not options.force:
        if want_docx and built_from_final(target):
            return _Built(BuildResult(check, reason=_protected(target)))
        if want_pdf and built_from_final(target.with_suffix(".pdf")):
            result.pdf_error = _protected(target.with_suffix(".pdf"))
            want_pdf = False
            if not want_docx:
                return _Built(result)
    return _render(result, target, options, want_docx=want_docx, want_pdf=want_pdf)


def _not_built(check: CheckResult, strict: bool) -> str | None:
    """Why the checked document is not built at all: a model or a shared party (built with
    the conventions), or a refusal (:func:`~convgen.checking.readiness.refusal`)."""
    document = check.document
    if check.error is None and document is not None and document.kind in SHARED_KINDS:
        what = "une partie partagée" if document.kind == "party" else "un modèle"
        return f"c'est {what} : il n'est pas généré seul, mais avec les conventions"
    return refusal(check, strict)


def _still_to_write(
    check: CheckResult, target: Path, options: BuildOptions, stamp: float
) -> tuple[bool, bool]:
    """Whether the .docx and the PDF are to be written: asked for, and not up to date
    (unless ``rebuild``). Raises :class:`UsageError` when one would replace what the
    document is made from."""
    pdf_target = target.with_suffix(".pdf")
    want_docx, want_pdf = options.docx, options.pdf or options.pdfa
    # what the document is made from is never replaced, be it up to date or not; the
    # annexes count even without --pdf (a Word annex is as precious as the YAML)
    made_from = inputs(check, options.template, pdf=True)
    for wanted, output in ((want_docx, target), (want_pdf, pdf_target)):
        if wanted:
            refuse_input(output, made_from)
    if options.rebuild:
        return want_docx, want_pdf
    docx_inputs = inputs(check, options.template, pdf=False)
    # an output is up to date when it carries the comments this build would write: the
    # configuration or --comments may have changed them
    comments = _comments_stamp(check, options)
    return (
        want_docx
        and not (_fresh(target, docx_inputs, stamp) and _docx_comments(target) == comments),
        want_pdf
        and not (_fresh(pdf_target, made_from, stamp) and _pdf_comments(pdf_target) == comments),
    )


def commented_findings(check: CheckResult, options: BuildOptions) -> list[Finding]:
    """The findings the draft ``check`` is about carries as Word comments; a final
    version carries none."""
    from convgen.rendering.comments import commented

    model = check.model
    if model is None or getattr(model, "is_final", True):
        return []
    return commented(check.findings, options.comments)


def _comments_stamp(check: CheckResult, options: BuildOptions) -> str:
    from convgen.rendering.comments import findings_stamp

    return findings_stamp(commented_findings(check, options))


def _docx_comments(output: Path) -> str | None:
    """The stamp of the comments a .docx carries; None when it cannot be read."""
    from convgen.rendering.comments import docx_stamp

    try:
        return docx_stamp(output.read_bytes())
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None
    except Exception:  # a damaged file is rebuilt, never a failure of the build
        return None


def _pdf_comments(output: Path) -> str | None:
    """The stamp of the comments a PDF of convgen prints; None when it cannot be read."""
    from convgen.pdf import assembly

    try:
        return assembly.comments_stamp(output.read_bytes())
    except (OSError, ConvgenError):
        return None
    except Exception:  # a damaged file is rebuilt, never a failure of the build
        return None


def _render(
    result: BuildResult, target: Path, options: BuildOptions, *, want_docx: bool, want_pdf: bool
) -> _Built:
    """Render the checked document; write its .docx if wanted, keep it for the PDF if
    that is wanted."""
    from convgen.rendering import render  # docxtpl is slow to import; `check` does not need it

    findings = commented_findings(result.check, options)
    try:
        data, result.gaps = render(result.check.model, options.template, findings=findings)
        result.comments = len(findings)
        if want_docx:
            write_atomically(target, data)
        if options.docx:
            result.output = target
    except OutputError as exc:
        result.reason = str(exc)
        result.output = None
        result.unwritable = True
        return _Built(result)
    if want_pdf:
        return _Built(result, data)
    if options.pdf or options.pdfa:
        result.pdf = target.with_suffix(".pdf")  # up to date
    return _Built(result)


# --- many documents --------------------------------------------------------------------------

BUILT_KINDS = ("convention", "deliberation", "avenant")


def sources_of(paths: Iterable[str | Path]) -> list[tuple[Path, Path | None]]:
    """The documents to build (:func:`~convgen.checking.check.discover`): files named, and
    under folders named the YAML files that declare a convention or a deliberation (not
    shared parties, models or other YAML).

    Each comes with its output name relative to ``-o`` for a file found in a folder
    (``sub/x.docx``), so that two files of the same name do not collide.
    """
    return [
        (source.file, default_output(source.name) if source.name is not None else None)
        for source in discover(paths, BUILT_KINDS)
    ]


def max_jobs() -> int:
    """The most documents built side by side: a few per processor (more would only
    compete for them, and each process holds a template and LibreOffice)."""
    return JOBS_PER_CPU * (os.cpu_count() or 1)


JOBS_PER_CPU = 4


def _static_inputs(
    paths: Sequence[str | Path],
    sources: list[tuple[Path, Path | None]],
    template: str | Path | None,
) -> list[Path]:
    """What the outputs are made from that is known before any document is checked: the
    files named, every YAML file of the folders named (models, shared parties), the
    templates."""
    files = [source for source, _ in sources]
    for item in paths:
        path = Path(item)
        if path.is_dir():
            files.extend(yaml_files(path))
    files.extend(Path(template) if template else template_path(kind) for kind in BUILT_KINDS)
    return files


def build_paths(
    paths: Sequence[str | Path],
    options: BuildOptions = BuildOptions(),
    *,
    jobs: int = 1,
    progress: Callable[[BuildResult], None] | None = None,
) -> list[BuildResult]:
    """Build every document named or found under the folders named (see :func:`sources_of`).

    ``jobs`` documents (at most :func:`max_jobs`) are checked and rendered side by
    side (while LibreOffice converts, no more than the processors it leaves); every
    PDF is converted in ``jobs`` LibreOffice processes at most.
    ``progress`` is called with each result as it comes. Raises
    :class:`~convgen.foundation.errors.ConversionError` before writing anything when a PDF is
    asked for and LibreOffice is missing, :class:`UsageError` when the request makes
    no sense (an output that would replace one of the inputs); a document that
    cannot be built is a result, not an error. Interrupted (Ctrl-C), it starts no
    other document, stops its worker processes and leaves no temporary file.
    """
    if jobs < 1:
        raise UsageError("-j : au moins 1 document à la fois")
    jobs = min(jobs, max_jobs())
    sources = sources_of(paths)
    if not sources:
        raise UsageError("aucune convention ni délibération à générer")
    soffice = None
    if options.pdf or options.pdfa:
        from convgen.pdf import libreoffice

        soffice = libreoffice.find_soffice()
    several = len(sources) > 1
    if several and options.output is not None and Path(options.output).is_file():
        raise UsageError(
            "avec plusieurs fichiers, -o doit désigner un dossier", file=options.output
        )
    targets = [
        resolve_output(source, options.output, folder=several, name=name)
        for source, name in sources
    ]
    duplicate = _first_duplicate(targets)
    if duplicate is not None:
        raise UsageError(f"deux documents écriraient le même fichier : {duplicate}")
    known = _static_inputs(paths, sources, options.template)
    if options.config is not None and options.config.source is not None:
        known.append(options.config.source)  # convgen.toml or pyproject.toml
    for target in targets:
        if options.docx:
            refuse_yaml(target)
            refuse_input(target, known)
        if options.pdf or options.pdfa:
            refuse_input(target.with_suffix(".pdf"), known)
    sweep_temporary(target.parent for target in targets)
    offices: list[Office] = []
    if options.pdf or options.pdfa:
        sweep_stale_temporaries()  # LibreOffice's folders left by a run that was killed
        # started now, LibreOffice gets up while the documents are checked and rendered
        count = offices_for(len(sources), jobs)
        offices = [Office(soffice) for _ in range(count)]
    try:
        return _build_all(sources, targets, options, soffice, jobs, offices, progress)
    finally:
        for office in offices:
            office.close()


def _build_all(
    sources: list[tuple[Path, Path | None]],
    targets: list[Path],
    options: BuildOptions,
    soffice: str | None,
    jobs: int,
    offices: list[Office],
    progress: Callable[[BuildResult], None] | None,
) -> list[BuildResult]:
    results: list[_Built | None] = [None] * len(sources)
    run = BuildRun(tool_stamp() if not options.rebuild else 0.0)
    # with LibreOffice running, each document's PDF is planned, and its Word documents
    # converted, as soon as it is rendered, while the next ones are checked and rendered
    publisher = _publisher(options, soffice, jobs, run, offices) if offices else None
    streamed: list[_Built] = []

    def done(index: int, built: _Built) -> None:
        results[index] = built
        if publisher is not None and built.docx and len(streamed) < _slice(jobs):
            publisher.add(pdf_document(built.result.check, built.docx, strict=options.strict))
            streamed.append(built)
        if progress is not None:
            progress(built.result)

    work = [(source, target) for (source, _), target in zip(sources, targets, strict=True)]
    renderers = _renderers(jobs, len(offices))
    if renderers > 1 and len(sources) > 1:
        _build_side_by_side(work, options, run.tool_stamp, min(renderers, len(sources)), done)
    else:
        for index, (source, target) in enumerate(work):
            try:
                built = _build_one(source, target, options, run)
            except (TemplateError, UsageError):
                raise  # the template is everyone's, an input at risk stops all
            except Exception as exc:
                built = _Built(_crashed(source, exc))
            done(index, built)
    finished = [b for b in results if b is not None]
    where = {source: target for (source, _), target in zip(sources, targets, strict=True)}
    if publisher is not None:
        _publish_slice(streamed, where, options, soffice, jobs, run, offices, publisher)
    taken = {id(b) for b in streamed}
    pending = [b for b in finished if b.docx and id(b) not in taken]
    _publish(pending, where, options, soffice, jobs, run, offices)
    return [b.result for b in finished]


def _renderers(jobs: int, offices: int) -> int:
    """How many documents are checked and rendered side by side: ``jobs``, but, while
    LibreOffice converts, no more than the processors it leaves (each office keeps one
    busy: a second renderer on the last processor only slows the conversions down)."""
    if not offices:
        return jobs
    return max(1, min(jobs, (os.cpu_count() or 1) - offices))


def _slice(jobs: int) -> int:
    """How many documents' PDFs are made together: a slice fills every LibreOffice start
    it makes, and a programme of thousands of documents does not hold all its PDFs in
    memory at once."""
    return FILES_PER_PROCESS * max(1, jobs)


def _publisher(
    options: BuildOptions, soffice: str | None, jobs: int, run: BuildRun, offices: list[Office]
) -> Publisher:
    return Publisher(
        pdfa=options.pdfa,
        soffice=soffice,
        processes=jobs,
        cache=run.cache.pdfs,
        signatures=options.signature_fields,
        offices=offices,
    )


def _build_side_by_side(
    work: list[tuple[Path, Path]],
    options: BuildOptions,
    stamp: float,
    workers: int,
    done: Callable[[int, _Built], None],
) -> None:
    stop = multiprocessing.Event()
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=_worker_start, initargs=(os.getpid(), stop, stamp)
    )
    try:
        futures: dict[Future[_Built | None], int] = {
            pool.submit(_build_in_worker, source, target, options): index
            for index, (source, target) in enumerate(work)
        }
        for future in as_completed(futures):
            index = futures[future]
            try:
                result = future.result()
            except (TemplateError, UsageError):
                raise
            except Exception as exc:  # a crash in one document must not stop the others
                result = _Built(_crashed(work[index][0], exc))
            if result is not None:
                done(index, result)
    except BaseException:
        # Ctrl-C, or an error that stops everything: no document is started any more
        _stop(pool, stop)
        raise
    pool.shutdown(wait=True)


STOP_GRACE_SECONDS = 10  # for the documents under way to be finished, before workers are killed


def _stop(pool: ProcessPoolExecutor, stop: Any) -> None:
    """Stop ``pool`` at once: what is queued is cancelled, what a worker would take next is
    skipped (``stop``), what is under way finishes (a document takes well under a second)
    and the workers leave. Only a worker still there after :data:`STOP_GRACE_SECONDS` is
    terminated: killing one as it sends its result would leave the pool's reader, and the
    interpreter's exit, waiting forever for the rest of the message."""
    stop.set()
    processes = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
    for process in processes:
        if process.is_alive():
            process.terminate()  # it removes the temporary file it was writing
            process.join(2)
        if process.is_alive():
            process.kill()
            process.join(1)
    if manager is not None:
        manager.join(max(1.0, deadline - time.monotonic()))
        if not manager.is_alive():
            # Python 3.11 would wake it once more at exit, through a pipe it has closed
            # (« Exception ignored … Bad file descriptor »): it is gone, forget it
            from concurrent.futures import process as futures_process

            getattr(futures_process, "_threads_wakeups", {}).pop(manager, None)


# --- the worker processes --------------------------------------------------------------------

_PR_SET_PDEATHSIG = 1


@dataclass
class _Worker:
    """A worker process of one build: ``stop``, set by the parent when the build is
    interrupted, and the run it builds its documents in."""

    stop: Any
    run: BuildRun


_WORKER: _Worker | None = None  # in a worker process only: the build it works for


def _worker_start(parent: int, stop: Any, stamp: float) -> None:
    """Set up a worker of :func:`build_paths`: Ctrl-C is the parent's to handle; asked to
    stop (SIGTERM), or orphaned, it removes what it was writing and exits at once."""
    global _WORKER
    _WORKER = _Worker(stop, BuildRun(stamp))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _terminated)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watchdog below does it, a little later
    if os.getppid() != parent:
        _terminated()  # the parent died before the line above
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="convgen-parent").start()


def _build_in_worker(source: Path, target: Path, options: BuildOptions) -> _Built | None:
    """:func:`_build_one`, unless the build was interrupted meanwhile (then None); what
    goes back to the parent leaves out the text of the YAML files (only the check
    needed it)."""
    worker = _WORKER or _Worker(None, BuildRun())
    if worker.stop is not None and worker.stop.is_set():
        return None
    built = _build_one(source, target, options, worker.run)
    built.result.check = without_text(built.result.check)
    return built


def without_text(check: CheckResult) -> CheckResult:
    """``check`` with the text of its YAML files left out (a copy: the worker's run keeps
    its models and shared parties whole); positions, data and findings stay."""
    copies: dict[int, SourceDocument] = {}

    def slim(document: SourceDocument) -> SourceDocument:
        copy = copies.get(id(document))
        if copy is None:
            copy = copies[id(document)] = dataclasses.replace(document, text="", parts=[])
            copy.parts = [slim(part) for part in document.parts]
        return copy

    model = check.model
    if model is not None:
        model = copy_module.copy(model)  # its annexes, found by the check, come along
        model.source = slim(model.source)
        if isinstance(model, Deliberation):
            model.approved = [
                dataclasses.replace(a, result=without_text(checked))
                if (checked := _checked(a.result)) is not None
                else a
                for a in model.approved
            ]
    document = slim(check.document) if check.document is not None else None
    return dataclasses.replace(check, document=document, model=model)


def _watch(parent: int) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            _terminated()


def _terminated(*_: object) -> None:
    for temporary in list(_PENDING):
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    os._exit(128 + signal.SIGTERM)


def _crashed(source: Path, exc: Exception) -> BuildResult:
    return BuildResult(
        CheckResult(file=source),
        reason=f"erreur interne de convgen ({type(exc).__name__} : {exc}) : merci de la signaler",
    )


def _first_duplicate(targets: list[Path]) -> Path | None:
    seen: set[Path] = set()
    for target in targets:
        key = target.resolve()
        if key in seen:
            return target
        seen.add(key)
    return None


def _publish(
    pending: list[_Built],
    where: dict[Path, Path],
    options: BuildOptions,
    soffice: str | None,
    jobs: int,
    run: BuildRun,
    offices: list[Office],
) -> None:
    size = _slice(jobs)
    for start in range(0, len(pending), size):
        _publish_slice(pending[start : start + size], where, options, soffice, jobs, run, offices)


def _publish_slice(
    pending: list[_Built],
    where: dict[Path, Path],
    options: BuildOptions,
    soffice: str | None,
    jobs: int,
    run: BuildRun,
    offices: list[Office],
    publisher: Publisher | None = None,
) -> None:
    """Make and write the PDFs of ``pending``: by ``publisher``, when they were given to
    it as they were rendered, else all at once."""
    if publisher is None:
        publisher = _publisher(options, soffice, jobs, run, offices)
        for built in pending:
            publisher.add(pdf_document(built.result.check, built.docx, strict=options.strict))
    outcomes = publisher.finish()
    for built, outcome in zip(pending, outcomes, strict=True):
        built.docx = b""
        result = built.result
        result.placeholders = outcome.placeholders
        result.removed = outcome.removed
        result.conformance = outcome.conformance
        result.notes = outcome.notes
        result.signatures = outcome.signatures
        result.unplaced = outcome.unplaced
        if outcome.error:
            result.pdf_error = outcome.error
            continue
        destination = where[result.source].with_suffix(".pdf")
        try:
            write_atomically(destination, outcome.data)
        except OutputError as exc:
            result.pdf_error = str(exc)
            result.unwritable = True
            continue
        result.pdf, result.pages = destination, outcome.pages


def pdf_document(result: CheckResult, docx: bytes, *, strict: bool) -> PdfDocument:
    """What the PDF stage needs of one built document: its model and .docx, and for a
    deliberation each approved convention, refused or rendered here, once. An approved
    convention is rendered with the shipped template: ``--template`` is the
    deliberation's."""
    from convgen.rendering import render
    from convgen.rendering.deliberation import DeliberationRenderer

    model = result.convention if isinstance(result.model, Avenant) else result.model
    document = PdfDocument(model, docx)
    if isinstance(model, Convention):
        document.annexed = annexed_pdfs(model, strict=strict)
    if not isinstance(model, Deliberation):
        return document
    titles = DeliberationRenderer(model).approved_titles()
    for approved, title in zip(model.approved, titles, strict=True):
        if approved.result is None:
            reason = approved.refused or f"{approved.written} introuvable"
            document.approvals.append(Approval(title, reason=reason, page=MISSING_APPROVAL))
            continue
        checked = _checked(approved.result)
        assert checked is not None
        refused = refusal(checked, strict)
        if refused is not None:
            reason = f"convention non générée : {refused}"
            document.approvals.append(Approval(title, reason=reason, page=UNBUILT_APPROVAL))
            continue
        # an approved avenant is printed, and joins its annexes, as its text
        convention = checked.convention if isinstance(checked.model, Avenant) else checked.model
        convention_docx, _ = render(convention, None)
        annexed = (
            annexed_pdfs(convention, strict=strict) if isinstance(convention, Convention) else {}
        )
        document.approvals.append(Approval(title, convention, convention_docx, annexed=annexed))
    return document


def annexed_pdfs(convention: Convention, *, strict: bool) -> dict[int, AnnexedPdf]:
    """The documents of the project the annexes of ``convention`` name, by annex number:
    each rendered once (with the shipped template: ``--template`` is the convention's),
    with its own annexed documents, or why it is not joined. A cycle was cut by the
    check (CG712): the document it leads back to has no check, so this ends."""
    from convgen.rendering import render

    prepared: dict[int, AnnexedPdf] = {}
    for annex in convention.annexes:
        annexed = annex.annexed
        if annex.document is None or annexed is None:
            continue  # no document, or one still to be named (a gap, CG101)
        checked = _checked_document(annexed)
        if annexed.cycle:
            reason = "les documents s'annexent en boucle"
            prepared[annex.number] = AnnexedPdf(reason=reason, page=MISSING_DOCUMENT)
            continue
        if checked is None or checked.error is not None or annexed.kind not in ANNEXABLE_KINDS:
            reason = annexed.refused or f"{annexed.written} introuvable ou illisible"
            if checked is not None and checked.error is None:
                reason = f"{annexed.written} n'est ni une convention ni une délibération"
            prepared[annex.number] = AnnexedPdf(reason=reason, page=MISSING_DOCUMENT)
            continue
        refused = refusal(checked, strict)
        if refused is not None:
            reason = f"document non généré : {refused}"
            prepared[annex.number] = AnnexedPdf(reason=reason, page=UNBUILT_DOCUMENT)
            continue
        data, _ = render(checked.model, None)
        nested = PdfDocument(checked.model, data)
        if isinstance(checked.model, Convention):
            nested.annexed = annexed_pdfs(checked.model, strict=strict)
        prepared[annex.number] = AnnexedPdf(nested)
    return prepared


def build_files(
    sources: Sequence[str | Path],
    *,
    output: str | Path | None = None,
    template: str | Path | None = None,
    strict: bool = False,
    config: Config | None = None,
    docx: bool = True,
    pdf: bool = False,
    pdfa: bool = False,
    rebuild: bool = True,
    signature_fields: bool = True,
    comments: Severity | None = Severity.WARNING,
) -> list[BuildResult]:
    """Build the files ``sources`` (see :func:`build_paths`); by default, whether or not
    their outputs are up to date."""
    options = BuildOptions(
        output,
        template,
        strict,
        config,
        docx,
        pdf,
        pdfa,
        rebuild,
        comments=comments,
        signature_fields=signature_fields,
    )
    return build_paths(sources, options)


def build_file(source: str | Path, **options: object) -> BuildResult:
    """:func:`build_files` for one file."""
    return build_files([source], **options)[0]  # type: ignore[arg-type]
