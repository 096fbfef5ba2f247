"""Findings: what a check reports about a document, as plain data."""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

Path_ = tuple[str | int, ...]


def _visible(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


class Severity(enum.IntEnum):
    """How serious a finding is; ordered so that ``max()`` gives the worst."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        """The lower-case English name used in machine formats (``error``)."""
        return self.name.lower()

    @property
    def french(self) -> str:
        """The French word shown to people."""
        return {Severity.INFO: "info", Severity.WARNING: "avertissement", Severity.ERROR: "erreur"}[
            self
        ]

    @classmethod
    def parse(cls, value: str) -> Severity:
        """Read ``error``/``warning``/``info`` (or their French names)."""
        wanted = value.strip().lower()
        for member in cls:
            if wanted in (member.label, member.french):
                return member
        raise ValueError(value)


@dataclass(frozen=True)
class Finding:
    """One problem found in one document, at one place.

    ``path`` is the location inside the document (``("parties", 2, "name")``);
    ``line`` and ``column`` are 1-based positions in ``file``. ``subject`` names
    who or what is concerned, in French (« Article 3.2 — Engagement de la
    Préfecture »), so that a reader does not need to decode ``path``.
    ``party`` is the id of the party concerned, when there is one. ``words`` are the
    words of the value the finding is about, when it is about a part of a text: its
    position points at them, and a draft's comment is anchored on them.
    """

    code: str
    severity: Severity
    message: str
    file: str
    line: int = 0
    column: int = 0
    path: Path_ = ()
    subject: str = ""
    party: str | None = None
    suppressed: str | None = None  # the reason given in a « # convgen: ignore » comment
    summary: str = ""  # a few words for summaries (« taux à compléter »); the rule title if empty
    # the words of a long text the finding is about (« 2919-2023 »), as the rule found them
    words: str = ""

    def __post_init__(self) -> None:
        # A finding quotes the document: an invisible direction control quoted in a
        # message would reorder the report itself on the reader's terminal.
        for name in ("message", "subject"):
            text = getattr(self, name)
            if not text.isascii():
                object.__setattr__(self, name, _visible(text))

    @property
    def path_text(self) -> str:
        """``parties[2].name`` style rendering of :attr:`path`."""
        return format_path(self.path)

    def with_severity(self, severity: Severity) -> Finding:
        """The same finding at another severity."""
        return replace(self, severity=severity)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)


def format_path(path: Path_) -> str:
    """Render a document path as ``articles[2].commitments[0].items[3]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def has_errors(findings: Iterable[Finding]) -> bool:
    """True when at least one finding that is not suppressed is at error level."""
    return any(f.severity >= Severity.ERROR and f.suppressed is None for f in findings)
