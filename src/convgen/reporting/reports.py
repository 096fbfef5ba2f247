"""Check and build results written for people and for machines: the code of the
reporters :mod:`convgen.reporting` registers (they return text; they never print).
Formats:

* ``text``: one line per finding (``file:line:col: sévérité CODE sujet — message``),
  a summary per file and, for conventions, what each party still has to provide;
* ``json``: a stable, versioned document, described in ``docs/json.md`` and
  ``schemas/report.schema.json``;
* ``github``: GitHub Actions workflow commands, which annotate the lines of
  a pull request;
* ``sarif``: SARIF 2.1.0, for code-scanning dashboards.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import click

from convgen import __version__
from convgen.checking.readiness import Item, Readiness, readiness
from convgen.checking.rules import REGISTRY, Rule, catalogue
from convgen.checking.rules.registry import FAMILIES
from convgen.foundation.codes import UNREADABLE
from convgen.foundation.findings import Finding, Severity, format_path
from convgen.reporting.terminal import visible

if TYPE_CHECKING:
    from convgen.building.build import BuildResult
    from convgen.checking.check import CheckResult

JSON_FORMAT_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
DOCS_URI = "https://github.com/convgen/convgen/blob/main/docs/rules.md"

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_FEMININE = {"erreur", "information"}


def _plural(count: int, word: str, plural: str | None = None) -> str:
    """« aucune erreur », « 1 avertissement », « 6 avertissements »."""
    if count == 0:
        return f"{'aucune' if word in _FEMININE else 'aucun'} {word}"
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def unreadable_finding(result: CheckResult) -> Finding:
    """The error of a file that could not be read, as a finding (for machine formats)."""
    error = result.error
    assert error is not None
    return Finding(
        code=UNREADABLE,
        severity=Severity.ERROR,
        message=error.message,
        file=_name(result.file),
        line=error.line or 1,
        column=error.column or 1,
        subject="Fichier",
    )


def _all_findings(result: CheckResult) -> list[Finding]:
    return [unreadable_finding(result)] if result.error is not None else list(result.findings)


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _key(finding: Finding) -> tuple[str, int, int, str, str, str]:
    return (
        finding.file,
        finding.line,
        finding.column,
        finding.code,
        finding.subject,
        finding.message,
    )


def unique_findings(results: Sequence[CheckResult]) -> list[Finding]:
    """Every finding of ``results`` once, in order: a finding of a model or a shared party
    comes with each city checked (the same file, place, code and message), but it is one
    defect, to annotate once (GitHub limits the annotations of a step, and code scanning
    takes equal fingerprints for one alert). Of equal findings the most severe is kept (a
    gap of the model is an error in a final city, a warning in a draft), and an unsuppressed
    one before a suppressed one."""
    kept: dict[tuple[str, int, int, str, str, str], Finding] = {}
    for result in results:
        for finding in _all_findings(result):
            key = _key(finding)
            held = kept.get(key)
            rank = (_RANK[finding.severity], finding.suppressed is not None)
            if held is None or rank < (_RANK[held.severity], held.suppressed is not None):
                kept[key] = finding  # (a dict keeps the first one's place)
    return list(kept.values())


def inheriting_documents(results: Sequence[CheckResult]) -> dict[tuple[Any, ...], list[str]]:
    """For each finding of another file than the document checked (a model's or a shared
    party's), the documents that carry it, in the order they were checked."""
    out: dict[tuple[Any, ...], list[str]] = {}
    for result in results:
        path = str(result.file)
        for finding in _all_findings(result):
            documents = out.setdefault(_key(finding), [])
            if finding.file != path and path not in documents:
                documents.append(path)
    return out


# --- text --------------------------------------------------------------------------------


def format_finding(finding: Finding, *, colour: bool = False) -> str:
    """``file:line:col: avertissement CG101 Partie « rectorat » — message``."""
    severity = finding.severity.french
    if colour:
        severity = click.style(severity, fg=_COLOURS[finding.severity], bold=True)
    subject = f"{visible(finding.subject)} — " if finding.subject else ""
    line = (
        f"{visible(finding.file)}:{finding.line}:{finding.column}: {severity} {finding.code} "
        f"{subject}{visible(finding.message)}"
    )
    if finding.suppressed is not None:
        line += f" [ignoré : {visible(finding.suppressed)}]"
    return line


def summary_line(result: CheckResult) -> str:
    """« conventions/x.yaml : 2 erreurs, 6 avertissements (projet) »."""
    if result.error is not None:
        return f"{visible(result.file)} : illisible"
    counts = [
        _plural(result.count(Severity.ERROR), "erreur"),
        _plural(result.count(Severity.WARNING), "avertissement"),
    ]
    if result.count(Severity.INFO):
        counts.append(_plural(result.count(Severity.INFO), "information"))
    if result.suppressed:
        counts.append(_plural(result.suppressed, "constat ignoré", "constats ignorés"))
    status = ""
    if result.document is not None and isinstance(result.document.data, dict):
        status = {"draft": " (projet)", "final": " (version finale)"}.get(
            str(result.document.data.get("status")), ""
        )
    return f"{visible(result.file)} : {', '.join(counts)}{status}"


def _item_line(item: Item, file: str) -> str:
    where = f"{visible(item.subject)} : " if item.subject else ""
    # a value taken from a model or a shared party is to settle in that file
    place = (
        f"ligne {item.line}" if item.file == file else f"{visible(item.file)}, ligne {item.line}"
    )
    return f"    - {where}{visible(item.what)} ({place})"


def format_readiness(summary: Readiness, file: str) -> list[str]:
    """« Avant signature » : what each party, and the document, still need."""
    if summary.ready:
        return ["  Prête pour la signature : rien ne reste à compléter."]
    lines = []
    for party in summary.parties:
        name = f"{visible(party.name)} ({visible(party.id)})"
        if party.ready:
            lines.append(f"  {name} : rien à fournir")
            continue
        lines.append(f"  {name} : {_plural(len(party.items), 'point')} à régler")
        lines.extend(_item_line(item, file) for item in party.items)
    if summary.document:
        lines.append(f"  Document : {_plural(len(summary.document), 'point')} à régler")
        lines.extend(_item_line(item, file) for item in summary.document)
    return lines


def format_text(results: Sequence[CheckResult], *, colour: bool = False) -> str:
    """The text report of ``convgen check``."""
    lines: list[str] = []
    for result in results:
        lines.extend(format_finding(f, colour=colour) for f in result.findings)
    for result in results:
        lines.append(summary_line(result))
        summary = readiness(result)
        if summary is not None and result.findings:
            lines.append("Avant signature :")
            lines.extend(format_readiness(summary, str(result.file)))
    if len(results) > 1:
        errors = sum(r.count(Severity.ERROR) for r in results)
        warnings = sum(r.count(Severity.WARNING) for r in results)
        unreadable = sum(1 for r in results if r.error is not None)
        total = f"{len(results)} fichiers vérifiés : {_plural(errors, 'erreur')}, "
        total += _plural(warnings, "avertissement")
        if unreadable:
            total += f", {_plural(unreadable, 'fichier illisible', 'fichiers illisibles')}"
        lines.append(total)
    return "\n".join(lines)


def format_build(result: BuildResult, *, colour: bool = False, pdfa: bool = False) -> str:
    """The text report of ``convgen build``: findings, then what was written or why not.

    An output that could not be written (``unwritable``) is not reported here: the
    command says so on its error output."""
    findings = [format_finding(f, colour=colour) for f in result.check.findings]
    lines: list[str] = []
    if result.refused and not result.pdf_error:
        if not result.unwritable:
            lines.append(f"Génération refusée : {result.reason}")
        return "\n".join([*findings, *map(visible, lines)])
    if result.up_to_date:
        written = ", ".join(str(p) for p in (result.output, result.pdf) if p is not None)
        lines.append(f"À jour : {written} (rien n'a changé ; --rebuild pour régénérer)")
        return "\n".join([*findings, *map(visible, lines)])
    if result.output is not None:
        errors = result.check.count(Severity.ERROR)
        warnings = result.check.count(Severity.WARNING)
        done = f"Document écrit : {result.output}"
        notes = []
        if errors:
            notes.append(f"{_plural(errors, 'erreur')} à corriger avant la version finale")
        if warnings:
            notes.append(_plural(warnings, "avertissement"))
        if result.gaps:
            notes.append("lacunes surlignées")
        if result.comments:
            notes.append(_plural(result.comments, "constat", "constats") + " en commentaires")
        if notes:
            done += f" ({', '.join(notes)})"
        lines.append(done)
    for placeholder in result.placeholders:
        lines.append(f"Pièce non jointe : {placeholder}")
    for removed in result.removed:
        lines.append(f"Contenu actif retiré : {removed}")
    if result.pdf is not None:
        details = [_plural(result.pages, "page")]
        if result.conformance:
            details.append(result.conformance)
        elif pdfa:
            details.append("PDF/A-2b")
        if result.signatures:
            details.append(_plural(result.signatures, "champ de signature", "champs de signature"))
        lines.append(f"PDF écrit : {result.pdf} ({', '.join(details)})")
        lines.extend(f"Conformité : {note}" for note in result.notes)
        lines.extend(
            f"Champ de signature non placé : {party} (bloc de signature introuvable)"
            for party in result.unplaced
        )
    elif result.pdf_error and not result.unwritable:
        lines.append(f"PDF non écrit : {result.pdf_error}")
    return "\n".join([*findings, *map(visible, lines)])


def _state(result: BuildResult) -> str:
    if result.check.error is not None:
        return "illisible"
    if result.refused:
        return "non écrit" if result.unwritable else "refusé"
    if result.pdf_error:
        return "PDF non écrit"
    return "à jour" if result.up_to_date else "écrit"


def format_batch(
    results: Sequence[BuildResult], *, colour: bool = False, pdfa: bool = False
) -> str:
    """The text report of a build of many documents: the errors and why a document was
    refused, then one line per document and the totals."""
    lines: list[str] = []
    for result in results:
        errors = [
            f
            for f in result.check.findings
            if f.severity >= Severity.ERROR and f.suppressed is None
        ]
        lines.extend(format_finding(f, colour=colour) for f in errors)
        if result.check.error is None and result.refused:
            what = "non écrit" if result.unwritable else "génération refusée"
            lines.append(visible(f"{result.source} : {what} : {result.reason}"))
        if result.pdf_error:
            lines.append(visible(f"{result.source} : PDF non écrit : {result.pdf_error}"))
    if lines:
        lines.append("")
    rows = [
        (
            visible(r.source),
            _state(r),
            str(r.check.count(Severity.ERROR)),
            str(r.check.count(Severity.WARNING)),
            visible(", ".join(str(p) for p in (r.output, r.pdf) if p is not None) or "—"),
        )
        for r in results
    ]
    header = ("document", "résultat", "erreurs", "avertissements", "fichiers")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    right = (False, False, True, True)

    def line(row: tuple[str, ...]) -> str:
        cells = [row[i].rjust(widths[i]) if right[i] else row[i].ljust(widths[i]) for i in range(4)]
        return "  ".join([*cells, row[4]]).rstrip()

    table = [line(header), "  ".join("-" * w for w in [*widths, len(header[4])])]
    table.extend(line(row) for row in rows)
    if colour:
        table[0] = click.style(table[0], bold=True)
    lines.extend(table)
    states = [_state(r) for r in results]
    totals = [
        _plural(states.count("écrit"), "écrit"),
        _plural(states.count("à jour"), "à jour", "à jour"),
        _plural(sum(s in ("refusé", "illisible") for s in states), "refusé"),
    ]
    if states.count("non écrit"):
        totals.append(f"{states.count('non écrit')} non écrits (écriture impossible)")
    if states.count("PDF non écrit"):
        totals.append(f"{states.count('PDF non écrit')} sans PDF")
    warnings = sum(r.check.count(Severity.WARNING) for r in results)
    totals.append(_plural(warnings, "avertissement"))
    lines.append(f"{_plural(len(results), 'document')} : {', '.join(totals)}")
    if warnings:
        lines.append("Le détail des avertissements : convgen check")
    return "\n".join(lines)


# --- json --------------------------------------------------------------------------------


def pointer(path: Sequence[str | int]) -> str:
    """RFC 6901 JSON Pointer of a document path."""
    parts = (str(p).replace("~", "~0").replace("/", "~1") for p in path)
    return "".join(f"/{p}" for p in parts)


def finding_json(finding: Finding) -> dict[str, Any]:
    entry = REGISTRY.get(finding.code)
    return {
        "code": finding.code,
        "rule": entry.name if entry else None,
        "severity": finding.severity.label,
        "message": finding.message,
        "file": _name(finding.file),
        "line": finding.line,
        "column": finding.column,
        "path": format_path(finding.path),
        "pointer": pointer(finding.path),
        "subject": finding.subject,
        "party": finding.party,
        "suppressed": finding.suppressed,
    }


def _counts(findings: Sequence[Finding]) -> dict[str, int]:
    active = [f for f in findings if f.suppressed is None]
    return {
        "errors": sum(1 for f in active if f.severity == Severity.ERROR),
        "warnings": sum(1 for f in active if f.severity == Severity.WARNING),
        "info": sum(1 for f in active if f.severity == Severity.INFO),
        "suppressed": len(findings) - len(active),
    }


def _item_json(item: Item) -> dict[str, Any]:
    return {
        "code": item.code,
        "severity": item.severity.label,
        "subject": item.subject,
        "what": item.what,
        "line": item.line,
        "file": item.file,
    }


def readiness_json(summary: Readiness | None) -> dict[str, Any] | None:
    if summary is None:
        return None
    return {
        "ready": summary.ready,
        "parties": [
            {
                "id": party.id,
                "name": party.name,
                "ready": party.ready,
                "items": [_item_json(i) for i in party.items],
            }
            for party in summary.parties
        ],
        "document": [_item_json(i) for i in summary.document],
    }


def result_json(result: CheckResult) -> dict[str, Any]:
    findings = _all_findings(result)
    data = result.document.data if result.document is not None else None
    error = None
    if result.error is not None:
        error = {
            "message": result.error.message,
            "line": result.error.line,
            "column": result.error.column,
        }
    return {
        "file": _name(result.file),
        "kind": result.document.kind if result.document is not None else None,
        "status": data.get("status") if isinstance(data, dict) else None,
        "readable": result.error is None,
        "error": error,
        "summary": _counts(findings),
        "findings": [finding_json(f) for f in findings],
        "readiness": readiness_json(readiness(result)),
    }


def format_json(results: Sequence[CheckResult]) -> str:
    """The JSON report (shape documented in docs/json.md)."""
    files = [result_json(r) for r in results]
    summary = {"files": len(files), "unreadable": sum(1 for f in files if not f["readable"])}
    for key in ("errors", "warnings", "info", "suppressed"):
        summary[key] = sum(f["summary"][key] for f in files)
    document = {
        "format": "convgen-check",
        "version": JSON_FORMAT_VERSION,
        "tool": {"name": "convgen", "version": __version__},
        "summary": summary,
        "files": files,
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


# --- github ------------------------------------------------------------------------------


def _name(file: str | Path) -> str:
    """A file name as machine formats carry it: the bytes of a name that is not UTF-8,
    which no JSON text can hold, written \\xNN."""
    return re.sub("[\udc80-\udcff]", lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", str(file))


def _escape_data(text: str) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return visible(text)


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(results: Sequence[CheckResult]) -> str:
    """GitHub Actions workflow commands: one annotation per finding, then a summary."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for finding in unique_findings(results):
        if finding.suppressed is not None:
            continue
        entry = REGISTRY.get(finding.code)
        title = f"{finding.code} {entry.title}" if entry else finding.code
        properties = ",".join(
            [
                f"file={_escape_property(finding.file)}",
                f"line={finding.line}",
                f"col={finding.column}",
                f"title={_escape_property(title)}",
            ]
        )
        subject = f"{finding.subject} — " if finding.subject else ""
        message = _escape_data(f"{subject}{finding.message}")
        lines.append(f"::{level[finding.severity]} {properties}::{message}")
    lines.extend(summary_line(result) for result in results)
    return "\n".join(lines)  # (summary_line makes its file name visible)


# --- sarif -------------------------------------------------------------------------------


def _sarif_level(severity: Severity) -> str:
    return {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}[severity]


def _uri(file: str) -> str:
    path = Path(_name(file))
    if path.is_absolute():
        return "file://" + quote(path.as_posix())
    return quote(path.as_posix())


def _rule_json(entry: Rule) -> dict[str, Any]:
    return {
        "id": entry.code,
        "name": "".join(part.capitalize() for part in entry.name.split("-")),
        "shortDescription": {"text": entry.title},
        "fullDescription": {"text": entry.doc},
        "help": {"text": entry.doc},
        "helpUri": f"{DOCS_URI}#{entry.code.lower()}",
        "defaultConfiguration": {"level": _sarif_level(entry.severity)},
        "properties": {"tags": [entry.family], "blocking": entry.blocking},
    }


def fingerprint(finding: Finding) -> str:
    """A stable identity for a finding: its code, file and place in the document, not its line."""
    key = "\0".join([finding.code, Path(finding.file).as_posix(), pointer(finding.path)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def format_sarif(results: Sequence[CheckResult]) -> str:
    """A SARIF 2.1.0 log with one run."""
    rules = catalogue()
    index = {entry.code: i for i, entry in enumerate(rules)}
    # every file a finding is in: a convention's, and its model's and shared parties'
    uris = {_uri(str(r.file)): None for r in results}
    uris.update({_uri(f.file): None for r in results for f in _all_findings(r)})
    artifact_index = {uri: i for i, uri in enumerate(uris)}
    artifacts = [{"location": {"uri": uri}} for uri in uris]
    sarif_results = []
    inheritors = inheriting_documents(results)
    for finding in unique_findings(results):
        artifact = artifact_index[_uri(finding.file)]
        subject = f"{finding.subject} — " if finding.subject else ""
        item: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": _sarif_level(finding.severity),
            "message": {"text": f"{subject}{finding.message}"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(finding.file), "index": artifact},
                        "region": {"startLine": finding.line, "startColumn": finding.column},
                    },
                    "logicalLocations": [
                        {"fullyQualifiedName": format_path(finding.path) or "document"}
                    ],
                }
            ],
            "partialFingerprints": {"convgenFinding/v1": fingerprint(finding)},
        }
        # a model's or a shared party's finding, once, with the documents that inherit it
        related = [
            {
                "id": number,
                "physicalLocation": {
                    "artifactLocation": {
                        "uri": _uri(document),
                        "index": artifact_index[_uri(document)],
                    }
                },
                "message": {"text": "document qui hérite de ce constat"},
            }
            for number, document in enumerate(inheritors.get(_key(finding), []))
        ]
        if related:
            item["relatedLocations"] = related
        if finding.suppressed is not None:
            item["suppressions"] = [{"kind": "inSource", "justification": finding.suppressed}]
        sarif_results.append(item)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "convgen",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": DOCS_URI,
                        "language": "fr-FR",
                        "rules": [_rule_json(entry) for entry in rules],
                    }
                },
                "artifacts": artifacts,
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2)


def format_check(results: Sequence[CheckResult], output_format: str, *, colour: bool) -> str:
    """The report of a check in ``output_format``, unreadable files included.

    Kept for the callers of this module: the formats are chosen from the registry,
    :func:`convgen.reporting.reporter` (which this module may not import: it imports
    this one)."""
    if output_format == "text":
        return format_text(results, colour=colour)
    writers = {"json": format_json, "github": format_github, "sarif": format_sarif}
    return writers[output_format](results)


# --- the rules themselves ------------------------------------------------------------


def format_rules_text() -> str:
    """One line per code: code, default severity, title."""
    return "\n".join(
        f"{entry.code}  {entry.severity.french:<13} {entry.title}" for entry in catalogue()
    )


def format_rules_markdown() -> str:
    """``docs/rules.md``: every code with its documentation, grouped by family."""
    lines = [
        "# Les règles de convgen",
        "",
        "Ce fichier est produit par `convgen rules --format markdown` à partir du catalogue des",
        "codes (`src/convgen/foundation/codes.py`) et des règles (`src/convgen/checking/rules/`) ;",
        "un test vérifie qu'il est à jour. Chaque constat porte",
        "l'un de ces codes. Les sévérités sont celles par défaut : un projet peut les changer",
        "(voir « Configuration » dans le README), sauf pour les erreurs marquées **bloquantes**,",
        "qui empêchent de générer fidèlement le document, même un projet.",
        "",
    ]
    for prefix, family in FAMILIES.items():
        entries = [e for e in catalogue() if e.code[2] == prefix]
        if not entries:
            continue
        lines += [f"## {family}", "", "| code | nom | sévérité | titre |", "|---|---|---|---|"]
        for entry in entries:
            severity = entry.severity.french + (" (bloquante)" if entry.blocking else "")
            lines.append(
                f"| [{entry.code}](#{entry.code.lower()}) | `{entry.name}` | {severity} "
                f"| {entry.title} |"
            )
        lines.append("")
        for entry in entries:
            lines += [f"### {entry.code}", "", f"**{entry.title}** (`{entry.name}`)", "", entry.doc]
            lines.append("")
    return "\n".join(lines)
