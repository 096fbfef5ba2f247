"""``convgen build``: check a document, then render it unless it is refused.

A draft is built with its gaps highlighted and its errors listed, so that it
can circulate for review. A document is refused, and nothing is written, when
it cannot be rendered faithfully (a structure the schema rejects, a reference
to nothing), and when it is a ``final`` version with any error (a single gap
is one). ``--strict`` refuses a draft with errors too.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .check import CheckResult, check_file
from .config import Config
from .errors import OutputError, UsageError
from .findings import Severity
from .rules import REGISTRY


@dataclass
class BuildResult:
    """What building one file gave: the check, what was written, or why not."""

    check: CheckResult
    output: Path | None = None  # the .docx written
    pdf: Path | None = None  # the .pdf written
    reason: str = ""  # why nothing was written
    pdf_error: str = ""  # why the PDF was not written, when the rest was
    gaps: int = 0
    pages: int = 0  # pages of the PDF
    placeholders: list[str] = field(default_factory=list)  # annexes not joined

    @property
    def refused(self) -> bool:
        """Nothing was written."""
        return self.output is None and self.pdf is None

    @property
    def failed(self) -> bool:
        """Something asked for was not written."""
        return self.refused or bool(self.pdf_error)


def default_output(source: Path) -> Path:
    """The .docx beside the YAML file, same name."""
    return source.with_suffix(".docx")


def resolve_output(source: Path, output: str | Path | None, *, folder: bool = False) -> Path:
    """``-o`` may name a file or a directory (an existing one, one written with a final
    separator, or any with ``folder``): the file is then named after the source."""
    if output is None:
        return default_output(source)
    target = Path(output)
    if folder or _is_folder(output):
        return target / default_output(source).name
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
) -> list[BuildResult]:
    """Check each of ``sources`` and, unless refused, render it: the .docx, and with
    ``pdf`` the signature-ready PDF beside it (``docx=False``: the PDF only).

    All the PDFs are converted by one LibreOffice process. Raises
    :class:`~convgen.errors.ConversionError` before writing anything when a PDF
    is asked for and LibreOffice cannot be found; :class:`TemplateError` or
    :class:`OutputError` when the template cannot be used or an output cannot be
    written. A refused document is a result, not an error.
    """
    from .render import render  # docxtpl is slow to import; `check` does not need it

    pdf = pdf or pdfa
    if pdf:
        from . import libreoffice

        soffice = libreoffice.find_soffice()
    several = len(sources) > 1
    if several and output is not None and Path(output).is_file():
        raise UsageError("avec plusieurs fichiers, -o doit désigner un dossier", file=output)
    results: list[BuildResult] = []
    rendered: list[tuple[BuildResult, bytes, Path]] = []
    for source in sources:
        path = Path(source)
        check = check_file(path, strict=strict, config=config)
        reason = _refusal(check, strict)
        if reason is not None:
            results.append(BuildResult(check, reason=reason))
            continue
        data, gaps = render(check.model, template)
        target = resolve_output(path, output, folder=several)
        result = BuildResult(check, gaps=gaps)
        if docx:
            write_atomically(target, data)
            result.output = target
        results.append(result)
        rendered.append((result, data, target))
    if pdf and rendered:
        from .publish import publish

        pdfs = publish(
            [(r.check.model, data) for r, data, _ in rendered],
            strict=strict,
            config=config,
            pdfa=pdfa,
            soffice=soffice,
        )
        for (result, _, target), outcome in zip(rendered, pdfs, strict=True):
            result.placeholders = outcome.placeholders
            if outcome.error:
                result.pdf_error = outcome.error
                continue
            destination = target.with_suffix(".pdf")
            write_atomically(destination, outcome.data)
            result.pdf, result.pages = destination, outcome.pages
    return results


def _is_folder(output: str | Path) -> bool:
    return Path(output).is_dir() or str(output).endswith(os.sep)


def build_file(
    source: str | Path,
    *,
    output: str | Path | None = None,
    template: str | Path | None = None,
    strict: bool = False,
    config: Config | None = None,
    docx: bool = True,
    pdf: bool = False,
    pdfa: bool = False,
) -> BuildResult:
    """:func:`build_files` for one file."""
    return build_files(
        [source],
        output=output,
        template=template,
        strict=strict,
        config=config,
        docx=docx,
        pdf=pdf,
        pdfa=pdfa,
    )[0]
