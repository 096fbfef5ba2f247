"""The exceptions convgen raises when work cannot go on.

Problems *in* a document (gaps, inconsistencies, schema violations) are not
exceptions: they are :class:`convgen.foundation.findings.Finding` values. Exceptions are
kept for input that cannot be read at all, templates that cannot render and
outputs that cannot be written. Every exception carries a French message fit
to be shown as is on one line.
"""

from __future__ import annotations

from pathlib import Path


class ConvgenError(Exception):
    """Root of every error convgen raises on purpose."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column

    def __reduce__(self) -> tuple[object, ...]:
        # keep the position when a result crosses processes (convgen build -j)
        return (_rebuild, (type(self), self.message, self.file, self.line, self.column))

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line:
                where += f":{self.line}"
                if self.column:
                    where += f":{self.column}"
            where += ": "
        return f"{where}{self.message}"


class InputError(ConvgenError):
    """A file that cannot be read as a document: missing, not UTF-8, not YAML, too big."""


class UsageError(ConvgenError):
    """A request that makes no sense (an option without its companion, a wrong path kind)."""


class TemplateError(ConvgenError):
    """A Word template that cannot be read or that refers to an unknown variable."""


class OutputError(ConvgenError):
    """An output file that cannot be written."""


class ConversionError(ConvgenError):
    """A PDF that cannot be produced: LibreOffice missing, failing, or an annex unusable."""


def _rebuild(
    cls: type[ConvgenError], message: str, file: str | None, line: int | None, column: int | None
) -> ConvgenError:
    return cls(message, file=file, line=line, column=column)
