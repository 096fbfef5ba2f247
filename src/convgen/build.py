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

import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .check import YAML_SUFFIXES, CheckResult, check_file
from .config import Config
from .errors import ConvgenError, OutputError, TemplateError, UsageError
from .findings import Severity
from .libreoffice import FILES_PER_PROCESS
from .resources import SHARED_KINDS, template_path
from .rules import REGISTRY


@dataclass
class BuildResult:
    """What building one file gave: the check, what was written, or why not."""

    check: CheckResult
    output: Path | None = None  # the .docx written (or up to date)
    pdf: Path | None = None  # the .pdf written (or up to date)
    reason: str = ""  # why nothing was written
    pdf_error: str = ""  # why the PDF was not written, when the rest was
    gaps: int = 0
    pages: int = 0  # pages of the PDF
    placeholders: list[str] = field(default_factory=list)  # annexes not joined
    up_to_date: bool = False  # nothing to do: the outputs are newer than the inputs
    data: bytes = field(default=b"", repr=False)  # the rendered .docx, for the PDF

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


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file, so no half-written file remains."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
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
    except OSError as exc:
        raise OutputError(f"écriture impossible : {exc.strerror}", file=target) from exc


def _refusal(result: CheckResult, strict: bool) -> str | None:
    """Why ``result``'s document may not be built, or None."""
    if result.error is not None:
        return str(result.error)
    model = result.model
    if model is None:
        return "la structure du document n'est pas valide (voir les erreurs)"
    errors = [f for f in result.findings if f.severity >= Severity.ERROR and f.suppressed is None]
    if any((entry := REGISTRY.get(f.code)) and entry.blocking for f in errors):
        return "des références ne mènent nulle part (voir les erreurs)"
    if errors and (model.is_final or strict):
        what = "version finale" if model.is_final else "document (--strict)"
        return f"{what} avec des erreurs : corrigez-les avant de générer"
    return None


# --- what a document is made from ------------------------------------------------------------


@cache
def _tool_stamp() -> float:
    """When convgen itself last changed: a new version may render differently."""
    package = Path(__file__).parent
    files = [*package.rglob("*.py"), *package.glob("templates/*.docx")]
    return max(f.stat().st_mtime for f in files)


def _document_files(result: CheckResult) -> list[Path]:
    document = result.document
    if document is None:
        return [result.file]
    return [part.file for part in document.parts] or [document.file]


def inputs(result: CheckResult, template: str | Path | None, *, pdf: bool) -> list[Path]:
    """Every file the outputs of ``result`` are made from."""
    from .annexes import annex_sources
    from .deliberation import Deliberation

    files = _document_files(result)
    files.append(Path(template) if template else template_path(result.document.kind))
    model = result.model
    if isinstance(model, Deliberation):
        for approved in model.approved:
            if approved.result is not None:
                files.extend(_document_files(approved.result))
                files.append(template_path("convention"))
                if pdf and approved.result.convention is not None:
                    files.extend(
                        s.file for s in annex_sources(approved.result.convention) if s.file
                    )
    elif pdf and model is not None:
        files.extend(s.file for s in annex_sources(model) if s.file)
    return files


def _fresh(output: Path, sources: Iterable[Path]) -> bool:
    try:
        built = output.stat().st_mtime
        newest = max([_tool_stamp(), *(Path(s).stat().st_mtime for s in sources)])
    except (OSError, ValueError):
        return False
    return built >= newest


# --- one document ----------------------------------------------------------------------------


def built_from_final(output: Path) -> bool:
    """Whether ``output`` (a .docx or .pdf convgen wrote) was built from a final version:
    what was, or will be, signed is not replaced by accident."""
    from .render.base import STATUS_FINAL

    if not output.is_file():
        return False
    try:
        if output.suffix == ".pdf":
            from . import pdf

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


def _build_one(source: Path, target: Path, options: BuildOptions) -> BuildResult:
    """Check and render one document; write its .docx. The PDF is made afterwards, for
    all documents at once."""
    from .render import render  # docxtpl is slow to import; `check` does not need it

    check = check_file(source, strict=options.strict, config=options.config)
    if check.error is None and check.document is not None and check.document.kind in SHARED_KINDS:
        what = "une partie partagée" if check.document.kind == "party" else "un modèle"
        return BuildResult(
            check, reason=f"c'est {what} : il n'est pas généré seul, mais avec les conventions"
        )
    reason = _refusal(check, options.strict)
    if reason is not None:
        return BuildResult(check, reason=reason)
    result = BuildResult(check)
    pdf_target = target.with_suffix(".pdf")
    want_docx, want_pdf = options.docx, options.pdf or options.pdfa
    if not options.rebuild:
        docx_inputs = inputs(check, options.template, pdf=False)
        pdf_inputs = inputs(check, options.template, pdf=True) if want_pdf else []
        want_docx = want_docx and not _fresh(target, docx_inputs)
        want_pdf = want_pdf and not _fresh(pdf_target, pdf_inputs)
        if not want_docx and not want_pdf:
            result.up_to_date = True
            result.output = target if options.docx else None
            result.pdf = pdf_target if (options.pdf or options.pdfa) else None
            return result
    if not options.force:
        if want_docx and built_from_final(target):
            return BuildResult(check, reason=_protected(target))
        if want_pdf and built_from_final(pdf_target):
            result.pdf_error = _protected(pdf_target)
            want_pdf = False
            if not want_docx:
                return result
    try:
        data, result.gaps = render(check.model, options.template)
        if want_docx:
            write_atomically(target, data)
        if options.docx:
            result.output = target
    except OutputError as exc:
        result.reason = str(exc)
        result.output = None
        return result
    if want_pdf:
        result.data = data
    elif options.pdf or options.pdfa:
        result.pdf = pdf_target  # up to date
    return result


# --- many documents --------------------------------------------------------------------------

_DOCUMENT = re.compile(r"^document:\s*[\"']?([A-Za-z]+)", re.MULTILINE)


def _declared_kind(path: Path) -> str | None:
    """The ``document:`` a file declares, read without parsing it (a folder is scanned
    before anything is checked)."""
    try:
        head = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    match = _DOCUMENT.search(head)
    return match.group(1) if match else None


def sources_of(paths: Iterable[str | Path]) -> list[tuple[Path, Path | None]]:
    """The documents to build: files named, and under folders named the YAML files that
    declare a convention or a deliberation (not shared parties, models or other YAML).

    Each comes with its output name relative to ``-o`` for a file found in a folder
    (``sub/x.docx``), so that two files of the same name do not collide.
    """
    found: list[tuple[Path, Path | None]] = []
    for item in paths:
        path = Path(item)
        if not path.is_dir():
            found.append((path, None))
            continue
        for file in sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file()):
            if _declared_kind(file) in ("convention", "deliberation"):
                found.append((file, default_output(file.relative_to(path))))
    return found


def build_paths(
    paths: Sequence[str | Path],
    options: BuildOptions = BuildOptions(),
    *,
    jobs: int = 1,
    progress: Callable[[BuildResult], None] | None = None,
) -> list[BuildResult]:
    """Build every document named or found under the folders named (see :func:`sources_of`).

    ``jobs`` documents are checked and rendered side by side; every PDF is then
    converted in ``jobs`` LibreOffice processes at most. ``progress`` is called
    with each result as it comes. Raises :class:`~convgen.errors.ConversionError`
    before writing anything when a PDF is asked for and LibreOffice is missing,
    :class:`UsageError` when the request makes no sense; a document that cannot
    be built is a result, not an error.
    """
    sources = sources_of(paths)
    if not sources:
        raise UsageError("aucune convention ni délibération à générer")
    soffice = None
    if options.pdf or options.pdfa:
        from . import libreoffice

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
    results: list[BuildResult | None] = [None] * len(sources)

    def done(index: int, result: BuildResult) -> None:
        results[index] = result
        if progress is not None:
            progress(result)

    if jobs > 1 and len(sources) > 1:
        with ProcessPoolExecutor(max_workers=min(jobs, len(sources))) as pool:
            futures = {
                pool.submit(_build_one, source, target, options): index
                for index, ((source, _), target) in enumerate(zip(sources, targets, strict=True))
            }
            for future in as_completed(futures):
                index = futures[future]
                try:
                    result = future.result()
                except TemplateError:
                    raise  # the template is everyone's: nothing can be built
                except Exception as exc:  # a crash in one document must not stop the others
                    result = _crashed(sources[index][0], exc)
                done(index, result)
    else:
        for index, ((source, _), target) in enumerate(zip(sources, targets, strict=True)):
            try:
                result = _build_one(source, target, options)
            except TemplateError:
                raise
            except Exception as exc:
                result = _crashed(source, exc)
            done(index, result)
    built = [r for r in results if r is not None]
    _publish([r for r in built if r.data], targets, sources, options, soffice, jobs)
    return built


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
    pending: list[BuildResult],
    targets: list[Path],
    sources: list[tuple[Path, Path | None]],
    options: BuildOptions,
    soffice: str | None,
    jobs: int,
) -> None:
    if not pending:
        return
    where = {source: target for (source, _), target in zip(sources, targets, strict=True)}
    # by slices, so that a programme of thousands of documents does not hold all its PDFs
    # in memory at once; a slice fills every LibreOffice start it makes
    size = FILES_PER_PROCESS * max(1, jobs)
    for start in range(0, len(pending), size):
        _publish_slice(pending[start : start + size], where, options, soffice, jobs)


def _publish_slice(
    pending: list[BuildResult],
    where: dict[Path, Path],
    options: BuildOptions,
    soffice: str | None,
    jobs: int,
) -> None:
    from .publish import publish

    outcomes = publish(
        [(r.check.model, r.data) for r in pending],
        strict=options.strict,
        config=options.config,
        pdfa=options.pdfa,
        soffice=soffice,
        processes=jobs,
    )
    for result, outcome in zip(pending, outcomes, strict=True):
        result.data = b""
        result.placeholders = outcome.placeholders
        if outcome.error:
            result.pdf_error = outcome.error
            continue
        destination = where[result.source].with_suffix(".pdf")
        try:
            write_atomically(destination, outcome.data)
        except OutputError as exc:
            result.pdf_error = str(exc)
            continue
        result.pdf, result.pages = destination, outcome.pages


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
) -> list[BuildResult]:
    """Build the files ``sources`` (see :func:`build_paths`); by default, whether or not
    their outputs are up to date."""
    options = BuildOptions(output, template, strict, config, docx, pdf, pdfa, rebuild)
    return build_paths(sources, options)


def build_file(source: str | Path, **options: object) -> BuildResult:
    """:func:`build_files` for one file."""
    return build_files([source], **options)[0]  # type: ignore[arg-type]
