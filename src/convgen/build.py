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
from dataclasses import dataclass
from pathlib import Path

from .check import CheckResult, check_file
from .config import Config
from .errors import OutputError
from .findings import Severity
from .rules import REGISTRY


@dataclass
class BuildResult:
    """What building one file gave: the check, and the output or why there is none."""

    check: CheckResult
    output: Path | None = None
    reason: str = ""
    gaps: int = 0

    @property
    def refused(self) -> bool:
        return self.output is None


def default_output(source: Path) -> Path:
    """The .docx beside the YAML file, same name."""
    return source.with_suffix(".docx")


def resolve_output(source: Path, output: str | Path | None) -> Path:
    """``-o`` may name a file or an existing directory (the file is then named after the source)."""
    if output is None:
        return default_output(source)
    target = Path(output)
    if target.is_dir() or str(output).endswith(os.sep):
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


def build_file(
    source: str | Path,
    *,
    output: str | Path | None = None,
    template: str | Path | None = None,
    strict: bool = False,
    config: Config | None = None,
) -> BuildResult:
    """Check ``source`` (a convention or a deliberation) and, unless refused, render it.

    Raises :class:`~convgen.errors.TemplateError` or
    :class:`~convgen.errors.OutputError` when the template cannot be used or
    the output cannot be written; a refused document is a result, not an error.
    """
    from .render import render  # docxtpl is slow to import; `check` does not need it

    path = Path(source)
    result = check_file(path, strict=strict, config=config)
    if result.error is not None:
        return BuildResult(result, reason=str(result.error))
    model = result.model
    if model is None:
        return BuildResult(
            result, reason="la structure du document n'est pas valide (voir les erreurs)"
        )
    errors = [f for f in result.findings if f.severity >= Severity.ERROR and f.suppressed is None]
    blocking = [f for f in errors if (entry := REGISTRY.get(f.code)) and entry.blocking]
    if blocking:
        return BuildResult(result, reason="des références ne mènent nulle part (voir les erreurs)")
    if errors and (model.is_final or strict):
        what = "version finale" if model.is_final else "document (--strict)"
        return BuildResult(
            result, reason=f"{what} avec des erreurs : corrigez-les avant de générer"
        )
    data, gap_count = render(model, template)
    target = resolve_output(path, output)
    write_atomically(target, data)
    return BuildResult(result, output=target, gaps=gap_count)
