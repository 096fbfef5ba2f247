"""Findings placed where a person will look: the line and column in the file (the
model's or a shared party's for their values), and the article or party concerned."""

from __future__ import annotations

from convgen.foundation.findings import Finding, Path_, Severity
from convgen.loading.reader import SourceDocument
from convgen.model.outline import Describes


def make_finding(
    doc: SourceDocument,
    outline: Describes,
    code: str,
    severity: Severity,
    message: str,
    path: Path_,
    *,
    key: bool = False,
    words: str = "",
    summary: str = "",
) -> Finding:
    """A finding at ``path`` of ``doc``: its position (of the key, or of ``words`` inside a
    long text), and the article or party it concerns."""
    position = doc.locate(path, words) if words else doc.position(path, key=key)
    subject, party = outline.describe(path)
    return Finding(
        code=code,
        severity=severity,
        message=message,
        file=str(doc.file_of(position)),
        line=position.line,
        column=position.column,
        path=path,
        subject=subject,
        party=party,
        summary=summary,
        words=words,
    )
