"""The signature-ready PDF of a document: what goes into it, in which order.

A convention's PDF is the convention, then each annex in the declared order:
its printed content (rendered in the Word document, on pages of its own), its
file (a PDF as given, a DOCX converted), or, in a draft, a « pièce non
jointe » page where an annex is missing. An annex that is another document of
the project (``document:``) is that document's own PDF, with its annexes. A
deliberation's PDF is the deliberation, then each convention it approves, built with
its own annexes.

Every Word document to convert, for every document of a build, goes to one
LibreOffice process; the pages are then put together by :mod:`convgen.pdf.assembly`.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from convgen.foundation import french
from convgen.foundation.errors import ConversionError
from convgen.loading.pdffile import PdfCache
from convgen.model.annexes import DOCUMENT, annex_sources
from convgen.model.deliberation import Deliberation
from convgen.pdf import assembly as pdf
from convgen.pdf import libreoffice
from convgen.pdf.signatures import Signer
from convgen.pdf.source import open_pdf, outline
from convgen.rendering.annexed import annex_title
from convgen.rendering.comments import docx_stamp, printed_notes, without_comments
from convgen.rendering.ooxml import replace_body, reproducible_zip

if TYPE_CHECKING:  # imported where the pool is made, only when one is
    from concurrent.futures import Future

_ANNEX_HEADING = re.compile(r"^Annexe\s+(\d+)\s*:")


@dataclass
class PdfOutcome:
    """The PDF of one document, or why there is none."""

    data: bytes = b""
    pages: int = 0
    placeholders: list[str] = field(default_factory=list)  # « Annexe 2 : … (fichier introuvable) »
    error: str = ""
    # active content removed from an annex: « Annexe 2 (annexes/x.pdf) : JavaScript »
    removed: list[str] = field(default_factory=list)
    conformance: str = ""  # what the PDF declares: « PDF/UA-1, PDF/A-2a »
    # why it declares no more: « PDF/A-2u et non 2a : Annexe 2 (x.pdf) n'est pas balisé »
    notes: list[str] = field(default_factory=list)
    signatures: int = 0  # signature fields
    unplaced: list[str] = field(default_factory=list)  # signers without a field


@dataclass
class _Source:
    """Pages of an annex: from a PDF file, from a converted document, or from the
    printed content of the annex in the main document."""

    pdf: bytes | None = None
    name: str | None = None  # « Annexe 2 (annexes/x.pdf) », for messages
    job: int | None = None
    body: bool = False
    keep_headings: bool = True
    nested: _Plan | None = None
    origin: str = "pdf"  # Part.origin: « convgen », « word » or « pdf »


@dataclass
class _Annex:
    number: int | None  # None for the single convention a deliberation approves
    label: str  # « Annexe 2 »
    title: str
    sources: list[_Source] = field(default_factory=list)


@dataclass
class _Plan:
    job: int
    metadata: pdf.Metadata
    annexes: list[_Annex] = field(default_factory=list)
    final: bool = False  # no « pièce non jointe » page: the PDF is refused instead
    placeholders: list[str] = field(default_factory=list)
    error: str = ""
    signers: list[Signer] = field(default_factory=list)


class _Jobs:
    """The Word documents one LibreOffice process converts, each once: across a
    programme, many conventions join the same annex; and the annexed PDFs read to plan
    them (``pdfs``: the run's, or one for this publication)."""

    def __init__(self, pdfs: PdfCache | None = None) -> None:
        self.pdfs = pdfs or PdfCache()
        self.documents: list[bytes] = []
        self.results: list[bytes | None] = []
        self._known: dict[bytes, int] = {}

    def add(self, data: bytes) -> int:
        digest = hashlib.sha256(data).digest()
        if digest not in self._known:
            self._known[digest] = len(self.documents)
            self.documents.append(data)
        return self._known[digest]


def metadata(model: Any, docx: bytes = b"") -> pdf.Metadata:
    """The PDF metadata of a convention or a deliberation, dated by the document; what
    its ``docx`` carries as comments is recorded (their :func:`docx_stamp`)."""
    from convgen.rendering import document_properties

    properties = document_properties(model)
    try:
        day = french.as_date(properties.date) if properties.date else None
    except ValueError:
        day = None  # a date still to be written: no date rather than the clock's
    return pdf.Metadata(
        title=properties.title,
        subject=properties.subject,
        author=properties.author,
        keywords=properties.keywords,
        date=day,
        status=properties.status,
        draft=not model.is_final,
        comments=docx_stamp(docx) if docx else "",
    )


def signers(model: Any) -> list[Signer]:
    """Who signs the document, in the order of its signature blocks: a convention's
    signatories, a deliberation's signatory (for its authority)."""
    if isinstance(model, Deliberation):
        authority = model.authority
        key = authority.party or "autorite"
        return [Signer(key, authority.name or "l'autorité", model.signatory.name.bare)]
    found = []
    for signatory in model.signature.signatories:
        party = model.party(signatory.party)
        if party is None:
            continue
        person = signatory.signer or party.representative
        found.append(Signer(party.id, party.name, person.full_name))
    return found


# Word fields that print a page number: the PDF's own numbering replaces them.
_PAGE_FIELD = re.compile(r"^\s*(PAGE|NUMPAGES|SECTIONPAGES)\b", re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADER_OR_FOOTER = re.compile(r"^word/(header|footer)\d*\.xml$")


def _without_page_numbers(xml: bytes) -> bytes:
    from lxml import etree

    try:
        tree = etree.fromstring(xml)
    except etree.XMLSyntaxError:
        return xml
    removed = False
    for paragraph in list(tree.iter(f"{_W}p")):
        instructions = [node.text or "" for node in paragraph.iter(f"{_W}instrText")]
        instructions += [node.get(f"{_W}instr") or "" for node in paragraph.iter(f"{_W}fldSimple")]
        if any(_PAGE_FIELD.match(text) for text in instructions):
            parent = paragraph.getparent()
            if parent is not None:
                parent.remove(paragraph)
                removed = True
    if not removed:
        return xml
    for container in (tree, *tree.iter(f"{_W}tc", f"{_W}txbxContent")):
        # a header, a footer and a table cell end with a paragraph
        if container.tag in (f"{_W}hdr", f"{_W}ftr", f"{_W}tc") and not any(
            child.tag == f"{_W}p" for child in container
        ):
            etree.SubElement(container, f"{_W}p")
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)


def for_pdf(docx: bytes) -> bytes:
    """A document convgen rendered, as it is converted for the PDF: the paragraphs of its
    headers and footers that print a page number are left out, since the PDF numbers its
    pages itself across the whole file, annexes included (« Page 8 sur 9 »)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        names = [name for name in package.namelist() if _HEADER_OR_FOOTER.match(name)]
    if not names:
        return docx
    return reproducible_zip(docx, dict.fromkeys(names, _without_page_numbers))


# What the « pièce non jointe » page tells its reader, by finding code.
MISSING_APPROVAL = "La convention est introuvable."
UNBUILT_APPROVAL = "La convention approuvée n'a pas pu être générée."


@dataclass
class Approval:
    """A convention a deliberation approves, as the build prepared it: checked, refused
    or rendered once (``convention`` and ``docx``), and titled as the extract names it."""

    title: str
    convention: Any | None = None  # the convention's model, when it is joined
    docx: bytes | None = field(default=None, repr=False)
    reason: str | None = None  # why it is not joined
    page: str | None = None  # the sentence of its « pièce non jointe » page
    annexed: dict[int, AnnexedPdf] = field(default_factory=dict)  # its annexed documents


@dataclass
class PdfDocument:
    """One document to publish: its model, its rendered .docx, for a deliberation the
    conventions it joins, and for a convention the documents of the project its annexes
    name (``annexed``, by annex number)."""

    model: Any
    docx: bytes = field(repr=False)
    approvals: list[Approval] = field(default_factory=list)
    annexed: dict[int, AnnexedPdf] = field(default_factory=dict)


# What the « pièce non jointe » page of an annexed document tells its reader.
MISSING_DOCUMENT = "Le document annexé est introuvable ou ne peut pas être joint."
UNBUILT_DOCUMENT = "Le document annexé n'a pas pu être généré."


@dataclass
class AnnexedPdf:
    """Another convgen document an annex names (``document:``), as the build prepared
    it: rendered once (``document``, with its own annexes), or why it is not joined."""

    document: PdfDocument | None = None
    reason: str | None = None
    page: str | None = None


PAGE_REASONS = {
    "CG701": "Le fichier de cette annexe est introuvable.",
    "CG702": "Le fichier de cette annexe ne peut pas être joint.",
    "CG703": "Le fichier de cette annexe ne peut pas être joint.",
    "CG704": "Cette annexe n'a pas encore été fournie.",
    "CG705": "Le fichier de cette annexe ne peut pas être joint.",
    "CG706": "Le fichier de cette annexe ne peut pas être joint.",
}


# The placeholder's own properties never reach the PDF: blank ones let the same page,
# in every convention of a programme, be converted once.
_NO_PROPERTIES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    b'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"/>'
)


def _placeholder(docx: bytes, heading: str, page_reason: str) -> bytes:
    page = replace_body(
        without_comments(docx),
        [
            (heading, "AnnexHeading", None),
            ("Pièce non jointe à ce projet", "BodyText", "Lacune"),
            (page_reason, "BodyText", None),
            ("Elle doit être jointe avant la signature.", "BodyText", None),
        ],
    )
    return for_pdf(reproducible_zip(page, {"docProps/core.xml": lambda _: _NO_PROPERTIES}))


def _missing(
    plan: _Plan,
    docx: bytes,
    annex: _Annex,
    reason: str,
    page_reason: str,
    jobs: _Jobs,
) -> None:
    """A « pièce non jointe » page in a draft; in a final version, no PDF at all."""
    where = f"{annex.label} « {annex.title} »"
    if plan.final:
        plan.error = plan.error or f"{where} ne peut pas être jointe : {reason}"
        return
    job = jobs.add(_placeholder(docx, f"{annex.label} : {annex.title}", page_reason))
    annex.sources.append(_Source(job=job, keep_headings=False, origin="convgen"))
    plan.placeholders.append(f"{where} — {reason}")


def _plan(document: PdfDocument, jobs: _Jobs, *, final: bool = False) -> _Plan:
    model, docx = document.model, document.docx
    # a convention approved by a final deliberation is signed as it is: no placeholder
    # a draft's comments printed: LibreOffice would export them as screen annotations;
    # its own page-number fields left out (the PDF numbers its pages itself)
    plan = _Plan(
        jobs.add(for_pdf(printed_notes(docx))),
        metadata(model, docx),
        final=final or model.is_final,
    )
    plan.signers = signers(model)
    if isinstance(model, Deliberation):
        _plan_approvals(plan, model, document, jobs)
        return plan
    for source in annex_sources(model):
        title = annex_title(source.annex)
        annex = _Annex(source.annex.number, f"Annexe {source.annex.number}", title)
        plan.annexes.append(annex)
        if source.annex.body:
            annex.sources.append(_Source(body=True))
        problem, code = source.problem, source.code
        if source.kind == DOCUMENT:
            _plan_document(plan, document, annex, jobs)
            continue
        if source.file is not None:
            written = source.annex.file
            try:
                data = source.file.read_bytes()
            except OSError as exc:
                problem, code = f"{written} : lecture impossible ({exc.strerror})", "CG703"
            else:
                if source.kind == "pdf":
                    # read whole now: a damaged annex is this document's problem, named
                    unusable = jobs.pdfs.annex_problem(data)
                    if unusable is not None:
                        problem, code = f"{written} : {unusable}", "CG703"
                    else:
                        name = f"{annex.label} ({written})"
                        annex.sources.append(_Source(pdf=data, name=name))
                else:
                    annex.sources.append(_Source(job=jobs.add(data), origin="word"))
        if problem is not None:
            page_reason = PAGE_REASONS.get(code or "", PAGE_REASONS["CG704"])
            _missing(plan, docx, annex, problem, page_reason, jobs)
    return plan


def _plan_document(plan: _Plan, document: PdfDocument, annex: _Annex, jobs: _Jobs) -> None:
    """An annex that is another document of the project: its own plan (with its annexes),
    or a « pièce non jointe » page."""
    prepared = document.annexed.get(annex.number or 0)
    if prepared is None or prepared.document is None:
        reason = (prepared.reason if prepared else None) or "document non joint"
        page = (prepared.page if prepared else None) or MISSING_DOCUMENT
        _missing(plan, document.docx, annex, reason, page, jobs)
        return
    nested = _plan(prepared.document, jobs, final=plan.final)
    if nested.error:
        plan.error = plan.error or f"{annex.label} « {annex.title} » : {nested.error}"
    plan.placeholders.extend(f"{annex.label}, {p}" for p in nested.placeholders)
    annex.sources.append(_Source(nested=nested))


def _plan_approvals(
    plan: _Plan, deliberation: Deliberation, document: PdfDocument, jobs: _Jobs
) -> None:
    single = len(document.approvals) == 1
    for index, approval in enumerate(document.approvals, start=1):
        label = "Annexe" if single else f"Annexe {index}"
        annex = _Annex(None if single else index, label, approval.title)
        plan.annexes.append(annex)
        if approval.convention is None or approval.docx is None:
            reason = approval.reason or "convention non jointe"
            _missing(plan, document.docx, annex, reason, approval.page or MISSING_APPROVAL, jobs)
            continue
        approved = PdfDocument(approval.convention, approval.docx, annexed=approval.annexed)
        nested = _plan(approved, jobs, final=plan.final)
        if nested.error:
            plan.error = plan.error or f"{annex.label} « {approval.title} » : {nested.error}"
        plan.placeholders.extend(f"convention approuvée, {p}" for p in nested.placeholders)
        annex.sources.append(_Source(nested=nested))


def _converted(results: dict[int, bytes | None], job: int, what: str) -> bytes:
    result = results.get(job)
    if result is None:
        raise ConversionError(f"LibreOffice n'a pas pu convertir {what}")
    return result


def _assemble(
    plan: _Plan,
    results: dict[int, bytes | None],
    *,
    pdfa: bool,
    removed: list[str],
    cache: PdfCache,
    outer: bool = True,
    signatures: bool = True,
) -> pdf.Assembled:
    main = _converted(results, plan.job, "le document")
    document = open_pdf(main, "le document")
    tree, total = outline(document), len(document.pages)
    # Printed annexes start on a page of their own, under a heading « Annexe N : … ».
    starts = {
        int(match.group(1)): heading
        for heading in tree
        if (match := _ANNEX_HEADING.match(heading.title))
    }
    boundaries = sorted({h.page for h in starts.values()} | {total})
    end_of_document = boundaries[0]
    parts = [
        pdf.Part(main, pages=range(end_of_document), headings=tree, origin="convgen", numbered=True)
    ]
    for annex in plan.annexes:
        first = True
        stamp = f"{annex.label} — {annex.title}"
        for source in annex.sources:
            headings = None
            marks = None
            origin, numbered = source.origin, False
            if source.body:
                heading = starts.get(annex.number or 0)
                if heading is None:
                    continue  # a template without outline levels: left in the document
                end = next(b for b in boundaries if b > heading.page)
                data, pages, headings = main, range(heading.page, end), heading.children
                origin, numbered = "convgen", True
            elif source.nested is not None:
                nested: list[str] = []
                inner = _assemble(
                    source.nested,
                    results,
                    pdfa=pdfa,
                    removed=nested,
                    cache=cache,
                    outer=False,
                    signatures=False,
                )
                data, pages, marks = inner.data, None, inner.marks
                removed.extend(f"{annex.label}, {line}" for line in nested)
            elif source.job is not None:
                data, pages = _converted(results, source.job, f"{annex.label}"), None
                if not source.keep_headings:
                    headings = []
                numbered = origin == "convgen"
            else:
                data, pages = source.pdf or b"", None
            parts.append(
                pdf.Part(
                    data,
                    title=f"{annex.label} : {annex.title}",
                    label=annex.label,
                    pages=pages,
                    headings=headings,
                    continues=not first,
                    name=source.name,
                    origin=origin,
                    stamp=stamp,
                    numbered=numbered,
                    marks=marks,
                )
            )
            first = False
    return pdf.join(
        parts,
        plan.metadata,
        pdfa=pdfa,
        removed=removed,
        cache=cache,
        stamps=outer,
        signers=plan.signers if signatures else (),
    )


# Below this many documents per process, a second LibreOffice start costs more than it saves.
_PER_PROCESS = 8


def offices_for(documents: int, processes: int) -> int:
    """How many LibreOffice processes convert ``documents`` with ``processes`` allowed:
    one per :data:`_PER_PROCESS` documents, and one processor left to the rendering and
    the assembly (a LibreOffice converting keeps a processor busy; on two processors, a
    second one only takes the processor from the documents it is to convert)."""
    spare = max(1, (os.cpu_count() or 1) - 1)
    return max(1, min(processes, documents // _PER_PROCESS, spare))


def _convert(
    documents: list[bytes],
    *,
    pdfa: bool,
    soffice: str | None,
    processes: int,
    offices: Sequence[libreoffice.Office] = (),
) -> list[bytes | None]:
    if offices:
        # running already: sharing a batch between them costs no start
        count = min(len(offices), len(documents))
        return libreoffice.convert(documents, pdfa=pdfa, offices=offices[:count])
    count = offices_for(len(documents), processes)
    return libreoffice.convert(documents, pdfa=pdfa, soffice=soffice, processes=count)


def publish(
    documents: Sequence[PdfDocument],
    *,
    pdfa: bool = False,
    soffice: str | None = None,
    processes: int = 1,
    cache: PdfCache | None = None,
    signatures: bool = True,
    offices: Sequence[libreoffice.Office] = (),
) -> list[PdfOutcome]:
    """The PDF of each document (its model and rendered .docx), converting every Word
    document at once, in ``processes`` LibreOffice processes at most.

    A document whose PDF cannot be made (an unreadable annex, a failure of the
    assembly) gets its reason in its outcome; the others are made all the same.
    ``cache`` holds the PDFs the run has already read (the check's annexes), if any.
    ``offices``, LibreOffice processes already running for the command
    (:class:`~convgen.pdf.libreoffice.Office`), convert instead of new ones;
    ``signatures`` puts a signature field on each signatory's block.
    """
    publisher = Publisher(
        pdfa=pdfa,
        soffice=soffice,
        processes=processes,
        cache=cache,
        signatures=signatures,
        offices=offices,
    )
    for document in documents:
        publisher.add(document)
    return publisher.finish()


class Publisher:
    """The PDFs of documents given one by one, as they are rendered (:func:`publish`).

    With running offices, the Word documents each one needs are converted in the
    background as they come (a thread hands them to the office: one at a time over its
    UNO bridge, or all those waiting in one short process), while the next documents
    are checked and rendered; :meth:`finish` waits
    for the last conversions and assembles. Without, everything is converted in
    :meth:`finish`, in as few LibreOffice starts as possible.
    """

    def __init__(
        self,
        *,
        pdfa: bool = False,
        soffice: str | None = None,
        processes: int = 1,
        cache: PdfCache | None = None,
        signatures: bool = True,
        offices: Sequence[libreoffice.Office] = (),
    ) -> None:
        import threading

        self.pdfa, self.soffice, self.processes = pdfa, soffice, processes
        self.signatures, self.offices = signatures, list(offices)
        self.jobs = _Jobs(cache)
        self.plans: list[_Plan] = []
        self._sent = 0  # jobs handed to the background conversion
        self._results: dict[int, bytes | None] = {}
        self._error: BaseException | None = None
        self._wake = threading.Condition()
        self._closed = False
        self._thread: threading.Thread | None = None

    def add(self, document: PdfDocument) -> None:
        import threading

        with self._wake:
            self.plans.append(_safe_plan(document, self.jobs))
            self._wake.notify()
        if self.offices and self._thread is None:
            # started with the first document, not before: the processes a build forks
            # to render (-j) are started by then, and never copy a thread's locks
            self._thread = threading.Thread(
                target=self._convert_as_they_come, name="convgen-pdf", daemon=True
            )
            self._thread.start()

    def _convert_as_they_come(self) -> None:
        # the documents rendered while LibreOffice starts go together, in one hand-over
        for office in self.offices:
            office.ready()
        while True:
            with self._wake:
                while self._sent == len(self.jobs.documents) and not self._closed:
                    self._wake.wait()
                start = self._sent
                end = start + _batch(len(self.jobs.documents) - start, self._closed, self.offices)
                batch = self.jobs.documents[start:end]
                self._sent = end
                if not batch and self._closed:
                    return
            try:
                converted = _convert(
                    batch,
                    pdfa=self.pdfa,
                    soffice=self.soffice,
                    processes=self.processes,
                    offices=self.offices,
                )
            except BaseException as exc:  # said by finish(), in the caller's thread
                with self._wake:
                    self._error = exc
                    self._closed = True
                return
            with self._wake:
                self._results.update(zip(range(start, end), converted, strict=True))
                self._wake.notify_all()

    def _converted(self, plan: _Plan) -> dict[int, bytes | None]:
        """The conversions ``plan`` needs, once the background has made them all."""
        needed = _needed(plan)
        with self._wake:
            while not needed <= self._results.keys() and self._error is None:
                self._wake.wait()
            if self._error is not None:
                raise self._error
            return {i: self._results[i] for i in needed}

    def finish(self) -> list[PdfOutcome]:
        """The outcome of each document added, in order: each assembled as soon as its
        Word documents are converted."""
        if self._thread is not None:
            with self._wake:
                self._closed = True
                self._wake.notify_all()
            try:
                return self._assemble_as_they_come()
            finally:
                self._thread.join()
        else:
            self.jobs.results = _convert(
                self.jobs.documents,
                pdfa=self.pdfa,
                soffice=self.soffice,
                processes=self.processes,
            )
        plans, jobs, pdfa, signatures = self.plans, self.jobs, self.pdfa, self.signatures
        if self.processes > 1 and len(plans) > 1:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(
                max_workers=min(self.processes, len(plans)), initializer=_start_assembler
            ) as pool:
                futures = [
                    pool.submit(
                        _finish,
                        plan,
                        {i: jobs.results[i] for i in _needed(plan)},
                        pdfa,
                        None,
                        signatures,
                    )
                    for plan in plans
                ]
                return [_outcome(future, plan) for future, plan in zip(futures, plans, strict=True)]
        results = dict(enumerate(jobs.results))
        return [_finish(plan, results, pdfa, jobs.pdfs, signatures) for plan in plans]

    def _assemble_as_they_come(self) -> list[PdfOutcome]:
        # here, in order, each as soon as its pieces are converted: the assembly runs
        # beside the conversion of the next documents (the conversions are the longer
        # part), where a pool of processes would wait for them all first
        return [
            _finish(plan, self._converted(plan), self.pdfa, self.jobs.pdfs, self.signatures)
            for plan in self.plans
        ]


def _batch(waiting: int, closed: bool, offices: Sequence[libreoffice.Office]) -> int:
    """How many of the ``waiting`` Word documents to hand to the running offices at once.

    To offices converting through their UNO bridge, one each: a hand-over costs
    nothing, and each PDF is assembled as soon as its pieces are converted, beside the
    conversion of the next. To offices handed documents on the command line (a short
    process, some 70 ms each), while documents are still being rendered, all those
    waiting; once all are rendered (``closed``), half of them (per office): what is
    converted is assembled while the rest converts, and the last PDF waits for one
    small conversion, not for a long one whose documents would all be assembled after it.
    """
    count = max(1, len(offices))
    if offices and all(office.streaming for office in offices):
        return min(waiting, count)
    size = waiting if not closed else count * max(1, -(-waiting // (2 * count)))
    return min(waiting, size, libreoffice.FILES_PER_PROCESS)


def _safe_plan(document: PdfDocument, jobs: _Jobs) -> _Plan:
    model, docx = document.model, document.docx
    try:
        return _plan(document, jobs)
    except ConversionError as exc:
        plan = _Plan(jobs.add(docx), metadata(model))
        plan.error = exc.message
        return plan
    except Exception as exc:  # one document's failure must not take the others' PDFs
        plan = _Plan(jobs.add(docx), metadata(model))
        plan.error = _internal(exc)
        return plan


def _internal(exc: BaseException) -> str:
    return f"erreur interne de convgen ({type(exc).__name__} : {exc}) : merci de la signaler"


def _outcome(future: Future[PdfOutcome], plan: _Plan) -> PdfOutcome:
    try:
        return future.result()
    except Exception as exc:  # a worker that died (memory): this document only
        return PdfOutcome(placeholders=plan.placeholders, error=_internal(exc))


def _needed(plan: _Plan) -> set[int]:
    """The conversions a plan's PDF is made of."""
    needed = {plan.job}
    for annex in plan.annexes:
        for source in annex.sources:
            if source.job is not None:
                needed.add(source.job)
            if source.nested is not None:
                needed |= _needed(source.nested)
    return needed


# The PDFs an assembling worker process has read, for its lifetime: a programme's
# conventions join the same annexes. Set only in a worker, by its pool's initializer:
# the worker is the run that owns it.
_WORKER_CACHE: PdfCache | None = None


def _start_assembler() -> None:
    global _WORKER_CACHE
    _WORKER_CACHE = PdfCache()


def _finish(
    plan: _Plan,
    results: dict[int, bytes | None],
    pdfa: bool,
    cache: PdfCache | None = None,
    signatures: bool = True,
) -> PdfOutcome:
    """The PDF of one plan, once its Word documents are converted (``cache``: the PDFs
    already read; in a worker process, the worker's)."""
    cache = cache or _WORKER_CACHE or PdfCache()
    if plan.error:
        return PdfOutcome(placeholders=plan.placeholders, error=plan.error)
    removed: list[str] = []
    try:
        assembled = _assemble(
            plan, results, pdfa=pdfa, removed=removed, cache=cache, signatures=signatures
        )
        claims = assembled.claims
        problems = (
            pdf.pdfa_problems(assembled.data, cache, claims.level or pdf.PDFA_CONFORMANCE)
            if pdfa
            else []
        )
    except ConversionError as exc:
        return PdfOutcome(placeholders=plan.placeholders, error=exc.message)
    except Exception as exc:  # one document's failure must not take the others' PDFs
        return PdfOutcome(placeholders=plan.placeholders, error=_internal(exc))
    if problems:
        error = f"le PDF/A produit n'est pas conforme : {' ; '.join(problems)}"
        return PdfOutcome(placeholders=plan.placeholders, error=error)
    placed = len(plan.signers) - len(assembled.unplaced) if signatures else 0
    return PdfOutcome(
        assembled.data,
        len(assembled.marks),
        plan.placeholders,
        removed=removed,
        conformance=claims.label(),
        notes=list(claims.notes),
        signatures=placed,
        unplaced=assembled.unplaced,
    )
