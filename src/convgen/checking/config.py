"""What a project tells convgen about its findings.

Two sources:

* project configuration, in ``convgen.toml`` or in the ``[tool.convgen]``
  table of ``pyproject.toml``, found in the current directory or the nearest
  parent: which rules to run (``select``, ``ignore``, by code or prefix) and
  at what severity (``[tool.convgen.severity]``);
* inline suppressions in a YAML file, for one finding with its reason::

      copies: 6  # convgen: ignore CG301 -- la Préfecture signe sur l'exemplaire de l'État

  A comment alone on its line applies to the value that starts on the next
  line (all of it, for a long paragraph).

Codes whose errors prevent a faithful rendering (``blocking``) can be neither
ignored nor lowered: the document would come out wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from convgen.checking.rules import REGISTRY
from convgen.foundation.codes import GAP_CODES, SUPPRESSION
from convgen.foundation.errors import UsageError
from convgen.foundation.findings import Finding, Severity
from convgen.foundation.paths import nearest_settings, settings_in
from convgen.loading.reader import Position, SourceDocument, value_at

# « shared-folders » is read by convgen.foundation.paths, from the project's own configuration.
_KEYS = {"select", "ignore", "severity", "strict", "shared-folders"}


@dataclass(frozen=True)
class Config:
    """Rule selection and severities for a project."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    strict: bool = False
    source: Path | None = None

    def enabled(self, code: str) -> bool:
        """Whether findings of ``code`` are reported."""
        if self.select and not any(code.startswith(p) for p in self.select):
            return False
        return not any(code.startswith(p) for p in self.ignore)

    def apply(self, findings: Iterable[Finding], *, final: bool) -> list[Finding]:
        """Drop what is not selected and set the configured severities.

        A gap in a final document stays an error whatever the configuration.
        """
        out = []
        for finding in findings:
            if not self.enabled(finding.code):
                continue
            wanted = self.severity.get(finding.code)
            if wanted is not None and not (final and finding.code in GAP_CODES):
                finding = finding.with_severity(wanted)
            out.append(finding)
        return out


def _codes(value: Any, key: str, where: Path) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f'« {key} » doit être une liste de codes ("CG301", "CG4"…)', file=where)
    for prefix in value:
        if not re.fullmatch(r"CG\d{0,3}", prefix) or not any(
            c.startswith(prefix) for c in REGISTRY
        ):
            raise UsageError(f"« {key} » : code inconnu « {prefix} »", file=where)
    return tuple(value)


def parse(table: Mapping[str, Any], where: Path) -> Config:
    """A :class:`Config` from a ``[tool.convgen]`` table (``where`` names it in errors)."""
    unknown = set(table) - _KEYS
    if unknown:
        raise UsageError(
            f"réglage inconnu « {sorted(unknown)[0]} » (réglages possibles : "
            f"{', '.join(sorted(_KEYS))})",
            file=where,
        )
    select = _codes(table.get("select", []), "select", where)
    ignore = _codes(table.get("ignore", []), "ignore", where)
    for prefix in ignore:
        blocking = [c for c, r in REGISTRY.items() if c.startswith(prefix) and r.blocking]
        if blocking:
            raise UsageError(
                f"« ignore » : {blocking[0]} ne peut pas être ignoré, le document ne pourrait "
                "pas être généré fidèlement",
                file=where,
            )
    severities: dict[str, Severity] = {}
    raw = table.get("severity", {})
    if not isinstance(raw, Mapping):
        raise UsageError("« severity » doit être une table code = niveau", file=where)
    for code, level in raw.items():
        if code not in REGISTRY:
            raise UsageError(f"« severity » : code inconnu « {code} »", file=where)
        try:
            severity = Severity.parse(str(level))
        except ValueError as exc:
            raise UsageError(
                f"« severity » : niveau « {level} » inconnu pour {code} (error, warning ou info)",
                file=where,
            ) from exc
        if REGISTRY[code].blocking and severity < Severity.ERROR:
            raise UsageError(f"« severity » : {code} reste une erreur", file=where)
        severities[code] = severity
    strict = table.get("strict", False)
    if not isinstance(strict, bool):
        raise UsageError("« strict » doit valoir true ou false", file=where)
    return Config(select, ignore, severities, strict, where)


def load(explicit: str | Path | None = None, start: str | Path | None = None) -> Config:
    """The project configuration: ``explicit`` if given, else the nearest one from ``start``
    (read by :mod:`convgen.foundation.paths`, which reads ``shared-folders`` the same way)."""
    if explicit is not None:
        path = Path(explicit)
        return parse(settings_in(path) or {}, path)
    found = nearest_settings(Path(start or Path.cwd()))
    if found is None:
        return Config()
    table, path = found
    return parse(table, path)


# --- inline suppressions -----------------------------------------------------------------

_INLINE = re.compile(
    r"#\s*convgen:\s*ignore\b\s*(?P<codes>[A-Z]{2}\d{3}(?:\s*,\s*[A-Z]{2}\d{3})*)?(?P<rest>.*)$"
)


@dataclass
class Suppression:
    """One ``# convgen: ignore`` comment."""

    line: int  # where the comment is
    column: int
    codes: tuple[str, ...]
    reason: str
    first: int  # the lines of the file it covers
    last: int
    used: bool = False


def _covered(doc: SourceDocument, line: int) -> int:
    """The last line of the values that start on ``line``."""
    last = line
    for path, start in doc.value_positions.items():
        if start.line != line or path not in doc.value_ends:
            continue
        first_item = doc.value_positions.get((*path, 0))
        if isinstance(value_at(doc.data, path), list) and first_item and first_item.line == line:
            continue  # a block list starts on its first item's line: the comment is the item's
        last = max(last, doc.value_ends[path].line)
    for path, start in doc.key_positions.items():
        if start.line == line and path in doc.value_ends:
            last = max(last, doc.value_ends[path].line)
    return last


def suppressions(doc: SourceDocument) -> list[Suppression]:
    """Every ``# convgen: ignore`` comment of ``doc`` and the lines it covers."""
    lines = doc.text.splitlines()
    found = []
    for index, text in enumerate(lines, start=1):
        match = _INLINE.search(text)
        if match is None or _inside_text(doc, Position(index, match.start() + 1)):
            continue
        codes = tuple(re.split(r"\s*,\s*", match["codes"])) if match["codes"] else ()
        reason = match["rest"].strip().lstrip("-—–:").strip()
        alone = not text[: match.start()].strip()
        target = index
        if alone:
            target = next(
                (n for n in range(index + 1, len(lines) + 1) if lines[n - 1].strip()
                 and not lines[n - 1].lstrip().startswith("#")),
                index,
            )  # fmt: skip
        found.append(
            Suppression(index, match.start() + 1, codes, reason, target, _covered(doc, target))
        )
    return found


def _inside_text(doc: SourceDocument, where: Position) -> bool:
    """Whether ``where`` falls inside a text value (a « # » there is not a comment)."""
    for path, start in doc.value_positions.items():
        end = doc.value_ends.get(path)
        if end is not None and start < where < end and isinstance(value_at(doc.data, path), str):
            return True
    return False


def apply_suppressions(doc: SourceDocument, findings: list[Finding]) -> list[Finding]:
    """Mark the findings an inline comment suppresses; report comments that are wrong or unused.

    For a document composed from a model and shared parties, the comments of
    each file apply to the findings in that file.
    """
    out = list(findings)
    for part in doc.parts or [doc]:
        mine = [f for f in out if f.file == str(part.file)]
        others = [f for f in out if f.file != str(part.file)]
        out = others + _suppress(part, mine)
    return out


def _suppress(doc: SourceDocument, findings: list[Finding]) -> list[Finding]:
    comments = suppressions(doc)
    out: list[Finding] = []
    problems: list[Finding] = []

    def problem(comment: Suppression, message: str, severity: Severity = Severity.ERROR) -> None:
        problems.append(
            Finding(
                code=SUPPRESSION,
                severity=severity,
                message=message,
                file=str(doc.file),
                line=comment.line,
                column=comment.column,
                subject="Commentaire « convgen: ignore »",
            )
        )

    usable = []
    for comment in comments:
        if not comment.codes:
            problem(comment, "indiquez le code à ignorer : « # convgen: ignore CG301 -- motif »")
        elif not comment.reason:
            problem(comment, "motif manquant : « # convgen: ignore CG301 -- motif »")
        elif unknown := [c for c in comment.codes if c not in REGISTRY]:
            problem(comment, f"code inconnu « {unknown[0]} »")
        elif blocking := [c for c in comment.codes if REGISTRY[c].blocking]:
            problem(
                comment,
                f"{blocking[0]} ne peut pas être ignoré : le document ne pourrait pas être "
                "généré fidèlement",
            )
        else:
            usable.append(comment)
    for finding in findings:
        for comment in usable:
            if finding.code in comment.codes and comment.first <= finding.line <= comment.last:
                comment.used = True
                finding = replace(finding, suppressed=comment.reason)
                break
        out.append(finding)
    for comment in usable:
        if not comment.used:
            problem(
                comment,
                f"rien à ignorer ici ({', '.join(comment.codes)}) : retirez ce commentaire",
                Severity.WARNING,
            )
    return out + problems
