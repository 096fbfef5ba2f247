"""The check pipeline: load, schema, rules; findings as data.

``check_file`` never raises for a problem in the document: an unreadable
file becomes a :class:`CheckResult` carrying the :class:`ConvgenError` that
stopped it, so that checking a directory goes on past a broken file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from convgen.checking import characters, rules
from convgen.checking.config import Config, apply_suppressions
from convgen.checking.placing import make_finding
from convgen.checking.schema import validate
from convgen.foundation import codes
from convgen.foundation.errors import ConvgenError, InputError
from convgen.foundation.findings import Finding, Path_, Severity, has_errors
from convgen.foundation.gaps import is_gap
from convgen.foundation.paths import project_root, resolve
from convgen.foundation.resources import KINDS, SHARED_KINDS
from convgen.loading.cache import RunCache
from convgen.loading.compose import compose, shown
from convgen.loading.reader import SourceDocument, load, value_at
from convgen.loading.revisions import is_revision, read_revision
from convgen.model.annexes import annex_sources
from convgen.model.avenant import AmendedConvention, Avenant, AvenantOutline
from convgen.model.avenant import build as build_avenant
from convgen.model.convention import Convention
from convgen.model.convention import build as build_convention
from convgen.model.deliberation import ApprovedConvention, Deliberation, DeliberationOutline
from convgen.model.deliberation import build as build_deliberation
from convgen.model.documents import AnnexedDocument, document_written_in, written_document
from convgen.model.outline import Describes, Outline

YAML_SUFFIXES = (".yaml", ".yml")

Document = Convention | Deliberation | Avenant
# What a stage above checking adds to a document's findings: an avenant's changes tried
# on the text as the signed document prints it (convgen.building.verification).
Verifier = Callable[[Document], list[Finding]]

# For each kind of document: what names a path for messages, and what builds the model.


@dataclass
class CheckResult:
    """What checking one file gave."""

    file: Path
    findings: list[Finding] = field(default_factory=list)
    error: ConvgenError | None = None  # set when the file could not be read at all
    document: SourceDocument | None = None
    model: Document | None = None  # set when the structure was sound enough to model

    @property
    def convention(self) -> Convention | None:
        """The convention, or an avenant's text (its document, convention-shaped): what
        a deliberation approves, what is rendered and signed."""
        if isinstance(self.model, Avenant):
            return self.model.text
        return self.model if isinstance(self.model, Convention) else None

    @property
    def avenant(self) -> Avenant | None:
        return self.model if isinstance(self.model, Avenant) else None

    @property
    def deliberation(self) -> Deliberation | None:
        return self.model if isinstance(self.model, Deliberation) else None

    @property
    def readable(self) -> bool:
        return self.error is None

    @property
    def has_errors(self) -> bool:
        return self.error is not None or has_errors(self.findings)

    def count(self, severity: Severity) -> int:
        """Findings at ``severity`` that are not suppressed."""
        return sum(1 for f in self.findings if f.severity == severity and f.suppressed is None)

    @property
    def suppressed(self) -> int:
        return sum(1 for f in self.findings if f.suppressed is not None)


def _duplicate_key_findings(doc: SourceDocument, outline: Describes) -> Iterator[Finding]:
    for dup in doc.duplicate_keys:
        message = (
            f"clé « {dup.key} » écrite deux fois dans le même bloc (lignes {dup.first.line} et "
            f"{dup.second.line}) : une seule valeur serait retenue, l'autre perdue sans "
            "avertissement"
        )
        finding = make_finding(doc, outline, codes.DUPLICATE_KEY, Severity.ERROR, message, dup.path)
        for here in (dup.first, dup.second):
            yield replace(finding, line=here.line, column=here.column)


class _SharedOutline:
    """Names what a finding in a model or a shared party is about."""

    def __init__(self, doc: SourceDocument) -> None:
        data = doc.data if isinstance(doc.data, dict) else {}
        if doc.kind == "party":
            self.subject, self.party = f"Partie partagée « {data.get('id', '?')} »", data.get("id")
        else:
            self.subject, self.party = f"Modèle {doc.file.name}", None
        self.model = Outline(data) if doc.kind == "model" else None

    def describe(self, path: Path_) -> tuple[str, str | None]:
        if self.model is not None and path:
            subject, party = self.model.describe(path)
            return f"{self.subject} — {subject}", party
        return self.subject, self.party


def _check_shared(doc: SourceDocument) -> list[Finding]:
    """A shared party against its schema; a model against the convention schema, except
    for the fields only a city's file gives (a model need not be complete)."""
    outline = _SharedOutline(doc)
    findings = list(_duplicate_key_findings(doc, outline))
    findings.extend(characters.findings(doc, outline, final=False))
    if doc.kind == "party":
        findings.extend(validate(doc, outline, Severity.WARNING).findings)
        return findings
    as_convention = replace(doc, data={**doc.data, "document": "convention"})
    schema_result = validate(as_convention, outline, Severity.WARNING, kind="convention")
    findings.extend(
        f for f in schema_result.findings if f.code != codes.REQUIRED and f.path != ("document",)
    )
    return findings


def check_document(
    doc: SourceDocument,
    *,
    strict: bool = False,
    config: Config | None = None,
    follow_approvals: bool = True,
    cache: RunCache | None = None,
    annexing: tuple[Path, ...] = (),
    verify: Verifier | None = None,
) -> CheckResult:
    """Check an already loaded document.

    A deliberation's approved conventions are checked too (``follow_approvals``),
    but not the documents they would in turn refer to. ``cache`` is the run's (what
    its documents share), or one for this document alone. The documents a convention
    annexes (``document:``) are checked too, and theirs in turn; ``annexing`` is the
    chain of documents whose annexes led here, so that a cycle is reported, not
    followed. ``verify`` adds the findings a later stage makes of the model (an
    avenant tried on the printed text it amends), placed, configured and suppressed as
    the rules' are.
    """
    config = config or Config()
    cache = cache or RunCache()
    result = CheckResult(file=doc.file, document=doc)
    composition = compose(doc, cache)
    if composition.findings:
        result.findings = sorted(composition.findings, key=Finding.sort_key)
        return result
    doc = result.document = composition.document
    if doc.kind in SHARED_KINDS:
        findings = apply_suppressions(doc, _check_shared(doc))
        result.findings = sorted(findings, key=Finding.sort_key)
        return result
    if doc.kind not in KINDS:
        found = "un document vide" if doc.data is None else "aucun champ « document »"
        if isinstance(doc.data, dict) and "document" in doc.data:
            found = f"« document: {doc.data['document']} »"
        result.findings.append(
            Finding(
                code=codes.NOT_A_DOCUMENT,
                severity=Severity.ERROR,
                message=(
                    f"ce fichier n'est pas un document convgen ({found}) ; il doit commencer "
                    "par « document: convention », « document: deliberation », "
                    "« document: avenant », « document: model » ou « document: party »"
                ),
                file=str(doc.file),
                line=doc.position(("document",), key=True).line,
                column=1,
                subject="Document",
            )
        )
        return result
    status = doc.data.get("status")
    gap_severity = Severity.ERROR if status == "final" else Severity.WARNING
    outline: Outline | DeliberationOutline | AvenantOutline = (
        DeliberationOutline(doc.data)
        if doc.kind == "deliberation"
        else AvenantOutline(doc.data)
        if doc.kind == "avenant"
        else Outline(doc.data)
    )
    findings = list(_duplicate_key_findings(doc, outline))
    findings.extend(characters.findings(doc, outline, final=status == "final"))
    schema_result = validate(doc, outline, gap_severity)
    findings.extend(schema_result.findings)
    if schema_result.structural:
        if isinstance(outline, DeliberationOutline):
            result.model = build_deliberation(doc, outline)
        elif isinstance(outline, AvenantOutline):
            amended = _amended(doc, config, cache)
            result.model = build_avenant(doc, outline, amended)
            if result.model.text is not None:
                annex_sources(result.model.text, cache)  # the annexes the avenant joins
        else:
            result.model = build_convention(doc, outline)
        if isinstance(result.model, Deliberation) and follow_approvals:
            result.model.approved = _approvals(result.model, config, cache, verify)
        if isinstance(result.model, Convention):
            annex_sources(result.model, cache)  # once, for the rules, the build and the PDF
            chain = (*annexing, doc.file.resolve())
            _annexed_documents(result.model, config, cache, chain)
        findings.extend(rules.run(result.model))
        if verify is not None:
            findings.extend(verify(result.model))
    findings = config.apply(findings, final=status == "final")
    findings = apply_suppressions(doc, findings)
    if strict or config.strict:
        findings = [
            f.with_severity(Severity.ERROR) if f.severity == Severity.WARNING else f
            for f in findings
        ]
    result.findings = sorted(findings, key=Finding.sort_key)
    return result


def _approvals(
    deliberation: Deliberation, config: Config, cache: RunCache, verify: Verifier | None
) -> list[ApprovedConvention]:
    """Check the conventions (or avenants) a deliberation approves (paths relative to the
    deliberation)."""
    approved = []
    source = deliberation.source
    for written, path in deliberation.approves:
        if is_gap(written):
            continue  # still to be named: reported as a gap
        # the path as written: the model's cleaned text would hide a NUL in it
        raw = value_at(source.data, path)
        reference = resolve(
            source.file_of(source.position(path)), raw if isinstance(raw, str) else written
        )
        if not reference.usable:
            approved.append(ApprovedConvention(written, path, refused=reference.problem))
            continue
        target = source.file.parent / written  # as written: reports show it so
        result = (
            check_file(target, config=config, follow_approvals=False, cache=cache, verify=verify)
            if target.is_file()
            else None
        )
        approved.append(ApprovedConvention(written, path, result))
    return approved


def _amended(doc: SourceDocument, config: Config, cache: RunCache) -> AmendedConvention:
    """Check the convention an avenant amends: a file relative to the avenant, within the
    project, or a git revision ``REV:chemin`` of one (read in the avenant's repository)."""
    path: Path_ = ("amends",)
    raw = value_at(doc.data, path)
    written = raw if isinstance(raw, str) else ""
    if not written or is_gap(written):
        return AmendedConvention(written, path)  # still to be named: a gap
    reference = resolve(doc.file_of(doc.position(path)), written)
    if reference.usable and reference.path.is_file():
        target = doc.file.parent / written  # as written: reports show it so
        checked = check_file(target, config=config, follow_approvals=False, cache=cache)
        return AmendedConvention(written, path, checked)
    if is_revision(written) and not Path(written.partition(":")[0]).exists():
        try:
            signed = read_revision(written, doc.file.parent)
        except InputError as exc:
            return AmendedConvention(written, path, refused=exc.message)
        checked = check_document(signed, config=config, follow_approvals=False, cache=cache)
        return AmendedConvention(written, path, checked)
    if not reference.usable:
        return AmendedConvention(written, path, refused=reference.problem)
    return AmendedConvention(written, path)


def _annexed_documents(
    convention: Convention, config: Config, cache: RunCache, chain: tuple[Path, ...]
) -> None:
    """Check the documents the annexes of ``convention`` name (``document:``, relative to
    the file it is written in, within the project), keeping on each annex what was found
    (:class:`~convgen.model.documents.AnnexedDocument`, read by rules CG707-CG719)."""
    project = cache.project(project_root(convention.source.file))
    for annex in convention.annexes:
        written = annex.document
        if written is None or is_gap(written):
            continue  # no document, or one still to be named: a gap
        path = (*annex.path, "document")
        raw = written_document(convention.source, annex.path)
        written_in = document_written_in(convention.source, annex.path)
        reference = resolve(written_in, raw if raw is not None else written, project)
        if not reference.usable:
            annex.annexed = AnnexedDocument(written, path, refused=reference.problem)
            continue
        target = reference.path
        if not target.is_file():
            annex.annexed = AnnexedDocument(written, path, file=target, missing=True)
            continue
        if target in chain:
            cycle = (*chain[chain.index(target) :], target)
            annex.annexed = AnnexedDocument(written, path, file=target, cycle=cycle)
            continue
        shown = written_in.parent / written  # as written: messages show it so
        checked = check_file(
            shown, config=config, follow_approvals=False, cache=cache, annexing=chain
        )
        annex.annexed = AnnexedDocument(written, path, file=target, result=checked)


def _name_problem(path: Path) -> InputError | None:
    """A file name that is not UTF-8 (``caf\\xe9.yaml`` from an old archive): it could be
    read, but shown nowhere, neither in a terminal nor in a JSON or SARIF report."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        shown = re.sub("[\udc80-\udcff]", lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", str(path))
        shown = shown.encode("utf-8", "backslashreplace").decode("utf-8")
        return InputError(
            "nom de fichier qui n'est pas en UTF-8 : renommez le fichier (ses accents ont "
            "été écrits dans un autre encodage)",
            file=shown,
        )
    return None


def check_file(
    file: str | Path,
    *,
    strict: bool = False,
    config: Config | None = None,
    follow_approvals: bool = True,
    cache: RunCache | None = None,
    annexing: tuple[Path, ...] = (),
    verify: Verifier | None = None,
) -> CheckResult:
    """Load and check one file (``cache``, ``annexing``, ``verify``: see
    :func:`check_document`)."""
    path = Path(file)
    problem = _name_problem(path)
    if problem is not None:
        return CheckResult(file=path, error=problem)
    try:
        doc = load(path)
    except InputError as exc:
        return CheckResult(file=path, error=exc)
    return check_document(
        doc,
        strict=strict,
        config=config,
        follow_approvals=follow_approvals,
        cache=cache,
        annexing=annexing,
        verify=verify,
    )


@dataclass(frozen=True)
class Source:
    """A file to check or build: named, or found in a folder named."""

    file: Path
    # for a file found in a folder: its path relative to that folder (``sub/x.yaml``)
    name: Path | None = None


_UNREADABLE = "?"
_DOCUMENT = re.compile(r"^document:\s*[\"']?([A-Za-z]+)", re.MULTILINE)


def declared_kind(path: Path) -> str | None:
    """The ``document:`` a file declares, read without parsing it (a folder is scanned
    before anything is checked); ``"?"`` for a file that cannot be read."""
    try:
        head = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return _UNREADABLE
    match = _DOCUMENT.search(head)
    return match.group(1) if match else None


def yaml_files(folder: Path) -> list[Path]:
    """The YAML files under ``folder``, at any depth, in a stable order."""
    return sorted(p for p in folder.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())


def discover(paths: Iterable[str | Path], kinds: Collection[str] | None = None) -> list[Source]:
    """What ``check`` and ``build`` work on: the files named, whatever they are, and the
    YAML files found under the folders named, in a stable order.

    With ``kinds``, a file found in a folder is kept only when it declares one of them
    (``build``: conventions and deliberations, not shared parties, models or other
    YAML); one that cannot be read is kept too, so that it is reported, not skipped.
    """
    found: list[Source] = []
    for item in paths:
        path = Path(item)
        if not path.is_dir():
            found.append(Source(path))
            continue
        for file in yaml_files(path):
            if kinds is None or declared_kind(file) in (*kinds, _UNREADABLE):
                found.append(Source(file, file.relative_to(path)))
    return found


def check_paths(
    paths: Iterable[str | Path],
    *,
    strict: bool = False,
    config: Config | None = None,
    skip_other_yaml: bool = False,
    with_dependents: bool = False,
    verify: Verifier | None = None,
) -> list[CheckResult]:
    """Check every file named or found under the directories named.

    With ``skip_other_yaml``, YAML files that do not declare ``document:`` at all (a CI
    configuration, say, even one convgen could not parse) are left out. With
    ``with_dependents``, a model or a shared party is followed by every document of its
    project that uses it (:func:`dependents`), not named already.
    """
    results = []
    cache = RunCache()  # this run's: the models and shared parties its documents share
    sources = discover(paths)
    shared = [s.file for s in sources if declared_kind(s.file) in SHARED_KINDS]
    if with_dependents and shared:
        named = {_identity(s.file) for s in sources}
        for file in shared:
            for dependent in dependents(file, cache):
                if _identity(dependent) not in named:
                    named.add(_identity(dependent))
                    sources.append(Source(dependent))
    for source in sources:
        # Another tool's YAML need not be YAML convgen reads (mkdocs' !!python/name, a
        # CloudFormation !Sub, Kubernetes' several documents): one that declares no
        # ``document:`` is left out before it is parsed.
        if skip_other_yaml and declared_kind(source.file) is None:
            continue
        result = check_file(source.file, strict=strict, config=config, cache=cache, verify=verify)
        if skip_other_yaml and _not_a_document(result):
            continue
        results.append(result)
    return results


def _not_a_document(result: CheckResult) -> bool:
    data = result.document.data if result.document is not None else None
    return result.error is None and not (isinstance(data, dict) and "document" in data)


# What documents a model or a shared party may be used by (a model extending it is not
# checked on its own: the documents extending that model are found through it).
DEPENDENT_KINDS = ("convention", "deliberation")


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, ValueError):
        return path


def _hidden(file: Path, root: Path) -> bool:
    """Whether ``file`` lies in a hidden folder of the project (``.git``, ``.venv``,
    ``.tox``): tools' files, never a project's documents."""
    return any(part.startswith(".") for part in file.relative_to(root).parts[:-1])


def dependents(shared: Path, cache: RunCache | None = None) -> list[Path]:
    """The documents of the project of ``shared`` (a model or a shared party) composed
    from it (``extends``, ``- use:``, through the models they extend), as findings name
    them, in the order ``convgen check`` finds them in the project folder.

    A change to a model (its ``copies``, a clause) or to a shared party can break every
    city while the file itself stays valid: checking it alone would pass.
    """
    cache = cache or RunCache()
    target = _identity(shared)
    root = project_root(shared)
    found = []
    for source in discover([root], kinds=DEPENDENT_KINDS):
        if _hidden(source.file, root) or _name_problem(source.file) is not None:
            continue
        try:
            doc = load(source.file)
        except InputError:
            continue  # unreadable: it uses nothing that can be told
        if any(_identity(used) == target for used in compose(doc, cache).uses):
            found.append(shown(source.file))
    return found
