"""Assembling the signature-ready PDF: the document, then its annexes, with an
outline, page labels, metadata and, on request, the PDF/A-2b declaration.

The pages come from PDFs LibreOffice wrote (the document, DOCX annexes,
placeholder pages) and from PDF annexes as given. They are copied into a new
file in the order of the annexes as declared, whatever produced them. The
outline is rebuilt from the documents' own bookmarks (one per heading), under
one entry per annex. The metadata is written twice, consistently, as the PDF
Information dictionary and as the XMP packet PDF/A requires, and never takes
the clock: the dates are the document's, and the file identifier is a digest
of the content, so that building twice gives the same bytes.

Annex PDFs are input from elsewhere: reading them is bounded (pypdf's own
limits, a page count, recursion) and any failure is a :class:`ConversionError`
naming the annex, never a traceback. What could act on the reader's machine —
JavaScript, actions run on opening or on an event, launching a program,
submitting a form, links to other files, embedded files, multimedia — is
removed from every PDF convgen writes; internal links and the outline stay.

The parts are read (bounded, as annexes are checked) with pypdf, for their bookmarks,
declarations and the text of the signature page; their pages and structure are copied,
and the file written, by qpdf (pikepdf), which parses only what it copies.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, PageLocation, Pdf
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from convgen import __version__
from convgen.foundation.errors import ConversionError
from convgen.loading.pdffile import (
    Heading,
    PdfCache,
    annex_problem,
    headings,
    read_pdf,
    reading,
)
from convgen.pdf.signatures import Signer, add_fields, place
from convgen.pdf.source import open_pdf, outline
from convgen.pdf.stamps import Stamp, font_object, stamp_page
from convgen.pdf.structure import MAX_ELEMENTS, StructureMerger, foreign, is_tagged

PDFA_PART, PDFA_CONFORMANCE = "2", "B"
# The Information entry that records the comments a draft's PDF prints (their stamp): a
# key of convgen's own, with no XMP counterpart, which PDF/A admits.
COMMENTS_KEY = "/ConvgenComments"

__all__ = [
    "Assembled",
    "Claims",
    "Heading",
    "Metadata",
    "PageMark",
    "Part",
    "PdfCache",
    "Signer",
    "annex_problem",
    "assemble",
    "headings",
    "join",
]


@dataclass
class Part:
    """A run of pages of the final PDF: the document, or one annex.

    ``pages`` selects pages of ``pdf`` (all by default). ``title`` is the
    outline entry for the part (None for the document itself, whose headings
    go at the top level) and the title of its structure element; ``label``
    names its annex (« Annexe 2 »). ``stamp`` is what its pages print at their
    top (« Annexe 2 — Cahier des charges des locaux »), ``numbered`` whether
    convgen prints « Page k sur n » at their foot (a page convgen made, without
    page-number field of its own), ``marks`` what the pages of an assembly
    joined here print (:class:`PageMark`). ``origin`` says what the PDF is:
    « convgen » (a document convgen rendered, converted with LibreOffice's
    tagged export), « word » (a Word annex converted likewise) or « pdf » (a
    file as given, whose own declarations tell what it is).
    """

    pdf: bytes
    title: str | None = None
    label: str | None = None
    pages: range | None = None
    headings: list[Heading] | None = None  # default: the PDF's own bookmarks
    continues: bool = False  # more pages of the previous part's annex (same entry, labels)
    name: str | None = None  # how messages name it: « Annexe 2 (annexes/x.pdf) »
    origin: str = "pdf"
    stamp: str | None = None
    numbered: bool = False
    marks: list[PageMark] | None = None


@dataclass(frozen=True)
class Metadata:
    """What a PDF reader shows in the document properties."""

    title: str
    subject: str
    author: str
    keywords: str
    date: dt.date | None  # the document's date; None leaves the dates out
    language: str = "fr-FR"
    status: str = ""  # « Version finale » or « Projet », as the XMP label
    draft: bool = False  # « PROJET » on the annexed files' pages
    comments: str = ""  # the stamp of the comments printed (rendering.comments.stamp)

    @property
    def creator(self) -> str:
        return f"convgen {__version__}"

    @property
    def producer(self) -> str:
        return "LibreOffice, qpdf"


def _packet(data: bytes | PdfReader | Pdf) -> str | None:
    """The XMP packet of a PDF, or None."""
    if isinstance(data, Pdf):
        stream = data.Root.get("/Metadata")
        if not isinstance(stream, pikepdf.Stream):
            return None
        return stream.read_bytes().decode("utf-8", "replace")
    reader = data if isinstance(data, PdfReader) else read_pdf(data, "document")
    metadata = cast(DictionaryObject, reader.trailer["/Root"]).get("/Metadata")
    if metadata is None:
        return None
    return str(metadata.get_object().get_data().decode("utf-8", "replace"))


def pdfa_declaration(data: bytes | PdfReader | Pdf) -> str | None:
    """The PDF/A part and conformance a PDF declares in its XMP packet (« 2B »), or None."""
    packet = _packet(data)
    if packet is None:
        return None
    found = {}
    for name in ("part", "conformance"):
        # attribute form (pdfaid:part="2") or element form (<pdfaid:part>2</pdfaid:part>)
        match = re.search(rf'pdfaid:{name}\s*=\s*"([^"]*)"|<pdfaid:{name}>\s*([^<\s]*)', packet)
        if match:
            found[name] = (match.group(1) or match.group(2) or "").strip()
    if "part" not in found:
        return None
    return found["part"] + found.get("conformance", "").upper()


def _pdf_date(day: dt.date) -> str:
    return day.strftime("D:%Y%m%d000000Z")


def _xmp_date(day: dt.date) -> str:
    return day.strftime("%Y-%m-%dT00:00:00Z")


# PDF/A accepts only the XMP properties of its predefined schemas: PDF/UA's
# identification is declared in an extension schema (ISO 14289-1, 5, and its example).
_PDFUA_EXTENSION = (
    '<rdf:Description rdf:about="" '
    'xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" '
    'xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" '
    'xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">'
    '<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">'
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>"
    "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>"
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"
    '<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">'
    "<pdfaProperty:name>part</pdfaProperty:name>"
    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>"
    "<pdfaProperty:category>internal</pdfaProperty:category>"
    "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed"
    "</pdfaProperty:description>"
    "</rdf:li></rdf:Seq></pdfaSchema:property>"
    "</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>"
)


def xmp_packet(
    metadata: Metadata,
    *,
    pdfa: bool,
    document_id: str,
    conformance: str = PDFA_CONFORMANCE,
    ua: bool = False,
) -> bytes:
    """The XMP metadata packet, consistent with the Information dictionary: with
    ``pdfa``, the PDF/A-2 ``conformance`` claimed; with ``ua``, PDF/UA-1."""
    e = escape
    dates = ""
    if metadata.date is not None:
        stamp = _xmp_date(metadata.date)
        dates = (
            f"<xmp:CreateDate>{stamp}</xmp:CreateDate>"
            f"<xmp:ModifyDate>{stamp}</xmp:ModifyDate>"
            f"<xmp:MetadataDate>{stamp}</xmp:MetadataDate>"
        )
    pdfaid = (
        '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">'
        f"<pdfaid:part>{PDFA_PART}</pdfaid:part>"
        f"<pdfaid:conformance>{conformance}</pdfaid:conformance></rdf:Description>"
        if pdfa
        else ""
    )
    if ua:
        pdfaid += (
            '<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
            "<pdfuaid:part>1</pdfuaid:part></rdf:Description>" + _PDFUA_EXTENSION
        )
    language = e(metadata.language)
    label = f"<xmp:Label>{e(metadata.status)}</xmp:Label>" if metadata.status else ""
    body = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f"{pdfaid}"
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<dc:format>application/pdf</dc:format>"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(metadata.title)}</rdf:li>'
        "</rdf:Alt></dc:title>"
        f"<dc:creator><rdf:Seq><rdf:li>{e(metadata.author)}</rdf:li></rdf:Seq></dc:creator>"
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(metadata.subject)}'
        "</rdf:li></rdf:Alt></dc:description>"
        f"<dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>"
        "</rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        f"<pdf:Producer>{e(metadata.producer)}</pdf:Producer>"
        f"<pdf:Keywords>{e(metadata.keywords)}</pdf:Keywords></rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
        f"<xmp:CreatorTool>{e(metadata.creator)}</xmp:CreatorTool>{dates}{label}"
        "</rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">'
        f"<xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>"
        f"<xmpMM:InstanceID>uuid:{document_id}</xmpMM:InstanceID></rdf:Description>"
        "</rdf:RDF></x:xmpmeta>"
    )
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>' + body + '<?xpacket end="w"?>'
    ).encode("utf-8")


def _information(metadata: Metadata) -> dict[str, str]:
    info = {
        "/Title": metadata.title,
        "/Subject": metadata.subject,
        "/Author": metadata.author,
        "/Keywords": metadata.keywords,
        "/Creator": metadata.creator,
        "/Producer": metadata.producer,
    }
    if metadata.date is not None:
        info["/CreationDate"] = info["/ModDate"] = _pdf_date(metadata.date)
    if metadata.comments:
        info[COMMENTS_KEY] = metadata.comments
    return info


def _uuid(digest: bytes) -> str:
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def _headings(items: Sequence[Heading], pages: dict[int, int]) -> list[OutlineItem]:
    entries = []
    for item in items:
        if item.page not in pages:
            continue
        # a heading's non-breaking hyphens (« 2021-2026 ») are for line breaks; a bookmark
        # does not break, and a reader searching its titles types an ordinary hyphen
        title = item.title.replace("\u2011", "-")
        if item.top is not None:
            entry = OutlineItem(title, pages[item.page], PageLocation.XYZ, top=item.top)
        else:
            entry = OutlineItem(title, pages[item.page], PageLocation.Fit)
        entry.is_closed = True
        entry.children.extend(_headings(item.children, pages))
        entries.append(entry)
    return entries


@dataclass(frozen=True)
class PageMark:
    """What is printed on one page of an assembled PDF, once the whole is known: the
    annex it belongs to (« Annexe 2 — Cahier des charges des locaux ») and its place in
    it, whether convgen prints the page number at its foot (a page convgen made, whose
    own page-number fields were left out) and whether « PROJET » goes at its top (an
    annexed file of a draft: convgen's pages say it in their header)."""

    annex: str | None = None
    index: int = 1
    count: int = 1
    numbered: bool = False
    draft: bool = False


@dataclass(frozen=True)
class Claims:
    """What an assembled PDF declares, and why not more."""

    ua: bool  # PDF/UA-1
    level: str | None  # PDF/A-2 conformance (« A », « U », « B »), with --pdfa
    tagged: bool
    notes: tuple[str, ...] = ()  # « PDF/A-2u et non 2a : Annexe 2 (x.pdf) n'est pas balisée »

    def label(self) -> str:
        """« PDF/UA-1, PDF/A-2a », as the build report prints it."""
        shown = []
        if self.ua:
            shown.append("PDF/UA-1")
        if self.level:
            shown.append(f"PDF/A-{PDFA_PART}{self.level.lower()}")
        return ", ".join(shown)


@dataclass
class Assembled:
    """An assembled PDF, with what each of its pages is to print (for an assembly that is
    itself joined to another: a convention annexed to a deliberation) and its claims."""

    data: bytes
    marks: list[PageMark]
    claims: Claims
    unplaced: list[str] = field(default_factory=list)  # signers whose block was not found


_LEVELS = "BUA"  # from weakest to strongest


def _part_claims(part: Part, source: Pdf) -> tuple[bool, str | None, bool, str]:
    """(PDF/UA, PDF/A conformance, tagged, why not more) for one part."""
    what = part.name or part.title or "le document"
    tagged = is_tagged(source)
    if part.origin in ("convgen", "word"):
        if not tagged:  # pragma: no cover - LibreOffice's tagged export always tags
            return False, "B", False, f"{what} n'est pas balisé"
        if part.origin == "word" and _figure_without_text(source):
            return False, "A", True, f"{what} a une image sans texte de remplacement"
        return True, "A", True, ""
    declared = pdfa_declaration(source) or ""
    conformance = declared[1:2] if declared[:1] in ("1", "2", "3") else ""
    ua = tagged and pdfua_declaration(source)
    level = conformance if conformance in ("A", "U", "B") else None
    if level == "A" and not tagged:
        level = "U" if declared[:1] != "1" else "B"
    reasons = []
    if not tagged:
        reasons.append(f"{what} n'est pas un PDF balisé")
    elif not ua:
        reasons.append(f"{what} ne se déclare pas PDF/UA")
    if level in ("U", "B") and tagged:
        reasons.append(f"{what} se déclare PDF/A-{declared.lower()}")
    return ua, level, tagged, " ; ".join(reasons)


def _figure_without_text(pdf: Pdf) -> bool:
    """Whether a structure tree has an image (Figure) without alternative text."""
    stack: list[Any] = [pdf.Root.get("/StructTreeRoot")]
    seen = 0
    while stack and seen < MAX_ELEMENTS:
        node = stack.pop()
        seen += 1
        if isinstance(node, Array):
            stack.extend(node)
        elif isinstance(node, Dictionary):
            if node.get("/S") == Name.Figure and "/Alt" not in node and "/ActualText" not in node:
                return True
            if "/K" in node:
                stack.append(node.K)
    return False


def pdfua_declaration(data: bytes | PdfReader | Pdf) -> bool:
    """Whether a PDF declares PDF/UA-1 (``pdfuaid:part`` 1) in its XMP packet."""
    packet = _packet(data)
    if packet is None:
        return False
    return bool(re.search(r'pdfuaid:part\s*=\s*"1"|<pdfuaid:part>\s*1\s*<', packet))


def assemble(
    parts: Sequence[Part],
    metadata: Metadata,
    *,
    pdfa: bool = False,
    removed: list[str] | None = None,
    cache: PdfCache | None = None,
) -> bytes:
    """One PDF of ``parts`` in order (see :func:`join`), stamped, without signature field."""
    return join(parts, metadata, pdfa=pdfa, removed=removed, cache=cache).data


# How qpdf writes the file: the parts' streams as they are (LibreOffice compressed them;
# an annex's are not convgen's to recode), no object streams (the identifier is patched
# in the trailer once the file is written), the XMP packet as convgen wrote it.
_SAVE: dict[str, Any] = {
    "static_id": True,
    "compress_streams": False,
    "stream_decode_level": pikepdf.StreamDecodeLevel.none,
    "object_stream_mode": pikepdf.ObjectStreamMode.disable,
    "fix_metadata_version": False,
}
_FILE_ID = re.compile(rb"/ID\s*\[\s*<[0-9a-fA-F]{32}>\s*<[0-9a-fA-F]{32}>\s*\]")


def _identified(data: bytes) -> bytes:
    """``data`` with its identifier (the file's and the XMP document's) a digest of its
    content written with blank ones: same content, same identifier, same bytes."""
    trailer = data.rindex(b"trailer")
    head, tail = data[:trailer], data[trailer:]
    written = _FILE_ID.search(tail)
    blank_uuid = _uuid(bytes(16)).encode()
    if written is None or head.count(blank_uuid) != 2:
        raise ConversionError("identifiant du PDF introuvable à l'écriture")  # pragma: no cover
    blank = b"<" + bytes(16).hex().encode() + b">"
    tail = tail[: written.start()] + b"/ID [" + blank + b" " + blank + b"]" + tail[written.end() :]
    digest = hashlib.md5(head + tail, usedforsecurity=False).digest()
    identifier = b"<" + digest.hex().encode() + b">"
    return head.replace(blank_uuid, _uuid(digest).encode()) + tail.replace(blank, identifier)


def join(
    parts: Sequence[Part],
    metadata: Metadata,
    *,
    pdfa: bool = False,
    removed: list[str] | None = None,
    cache: PdfCache | None = None,
    stamps: bool = True,
    signers: Sequence[Signer] = (),
) -> Assembled:
    """One PDF of ``parts`` in order, with outline, page labels, metadata, the parts'
    structure trees joined, stamps (``stamps``: not for an assembly that is joined to
    another, whose pages are stamped there) and a signature field per signer.

    With ``pdfa``, every part must itself declare PDF/A (LibreOffice's output
    does when asked); the result declares PDF/A-2a, 2u or 2b, the most its parts
    allow (:class:`Claims`), and PDF/UA-1 when every part is accessible. Active
    content is removed from every part (see :func:`strip_active_content`);
    ``removed``, when given, receives one line per part that had some (« Annexe 2
    (x.pdf) : JavaScript, fichier joint »). ``cache`` holds the parts already
    parsed, if any.
    """
    cache = cache or PdfCache()
    opened: dict[bytes, Pdf] = {}  # one qpdf file per PDF given, shared by its parts
    used: dict[bytes, set[int]] = {}
    sources: list[Pdf] = []
    for part in parts:
        what = part.name or part.title or "document"
        if part.origin == "pdf":
            cache.read(part.pdf, what)  # a file from elsewhere: read bounded first
        key = hashlib.sha1(part.pdf, usedforsecurity=False).digest()
        if key not in opened:
            opened[key], used[key] = open_pdf(part.pdf, what), set()
        taken = set(part.pages if part.pages is not None else range(len(opened[key].pages)))
        if used[key] & taken:
            # the same PDF joined twice (the same annex in two places): copied twice
            opened[key], used[key] = open_pdf(part.pdf, what), set()
        used[key] |= taken
        source = opened[key]
        sources.append(source)
        if pdfa and not (pdfa_declaration(source) or "").startswith(("1", "2", "3")):
            raise ConversionError(
                f"{part.title or 'document'} : ce PDF n'est pas au format PDF/A ; joignez-le en "
                "PDF/A ou en .docx, ou générez sans --pdfa"
            )
    out = pikepdf.new()
    covered: dict[int, set[int]] = {}  # the pages copied from each source
    stripped: set[int] = set()  # the sources some active content was removed from
    groups: list[list[int]] = []  # [first, last, index of the part] per annex
    copied: list[tuple[int, dict[int, int]]] = []  # (part, its pages: theirs → ours)
    bookmarks: list[OutlineItem] = []
    entry: OutlineItem | None = None
    for index, (part, source) in enumerate(zip(parts, sources, strict=True)):
        what = part.name or part.title or "document"
        wanted = part.pages if part.pages is not None else range(len(source.pages))
        first = len(out.pages)
        pages: dict[int, int] = {}
        with reading(what):
            for number in wanted:
                pages[number] = len(out.pages)
                out.pages.append(source.pages[number])
            found = strip_active_content([out.pages[new].obj for new in pages.values()])
        if not pages:
            if part.pages is None:  # pragma: no cover - _reader refuses a PDF with no page
                raise ConversionError(f"{what} : le PDF n'a aucune page")
            continue
        covered.setdefault(id(source), set()).update(pages)
        if found:
            stripped.add(id(source))
            if removed is not None:
                removed.append(f"{what} : {', '.join(found)}")
        copied.append((index, pages))
        own = part.headings if part.headings is not None else outline(source)
        if part.continues and groups:
            groups[-1][1] = len(out.pages) - 1
            target = entry.children if entry is not None else bookmarks
        else:
            entry = None
            target = bookmarks
            if part.title is not None:
                entry = OutlineItem(part.title, first, PageLocation.Fit)
                entry.is_closed = True
                bookmarks.append(entry)
                target = entry.children
            groups.append([first, len(out.pages) - 1, index])
        target.extend(_headings(own, pages))

    kept = {
        annotation.objgen
        for page in out.pages
        for annotation in (page.obj.get("/Annots") or [])
        if isinstance(annotation, pikepdf.Object) and annotation.is_indirect
    }
    structure = StructureMerger(out)
    with reading("structure du document"):
        for index, pages in copied:
            part = parts[index]
            source = sources[index]
            structure.add(
                source,
                pages,
                title=part.title,
                continues=part.continues,
                what=part.name or part.title or "document",
                annotations=kept,
                whole_copy=part.origin in ("convgen", "word")
                and len(covered[id(source)]) == len(source.pages)
                and id(source) not in stripped,
            )
    claims = _claims(parts, sources, [index for index, _ in copied], pdfa=pdfa)
    marks = _marks(parts, copied, groups, len(out.pages), draft=metadata.draft)
    unplaced: list[str] = []
    if signers:
        # the text of the document's own pages, read in the PDF LibreOffice wrote
        document = [
            (new, sources[index].pages[number])
            for index, pages in copied
            if parts[index].title is None
            for number, new in pages.items()
        ]
        with reading("blocs de signature"):
            placements = place(document, list(signers))
        add_fields(out, placements, structure)
        placed = {p.signer for p in placements}
        unplaced = [s.party for s in signers if s not in placed]
    if stamps:
        _stamp(out, marks)
    for one in out.pages:
        if one.obj.get("/Annots"):
            one.obj.Tabs = Name.S  # tab order: the structure's (PDF/UA)
    structure.finish(metadata.language)
    if bookmarks:
        with out.open_outline() as tree:
            tree.root.extend(bookmarks)
    if len(out.pages):
        out.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D)]))

    root = out.Root
    if pdfa:
        intents = sources[0].Root.get("/OutputIntents")
        if intents is None:
            raise ConversionError("le PDF de LibreOffice n'a pas de profil de sortie PDF/A")
        root.OutputIntents = _fixed_intents(intents, out, metadata.date)
    root.Lang = pikepdf.String(metadata.language)
    root.PageMode = Name.UseOutlines
    root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    info = out.docinfo
    for entry_name, text in _information(metadata).items():
        info[entry_name] = pikepdf.String(text)
    packet = xmp_packet(
        metadata,
        pdfa=pdfa,
        document_id=_uuid(bytes(16)),
        conformance=claims.level or PDFA_CONFORMANCE,
        ua=claims.ua,
    )
    metadata_stream = pikepdf.Stream(out, packet)
    metadata_stream.Type = Name.Metadata
    metadata_stream.Subtype = Name.XML
    root.Metadata = out.make_indirect(metadata_stream)
    version = max((str(source.pdf_version) for source in sources), default="1.7")
    written = io.BytesIO()
    with reading("PDF assemblé"):
        out.save(written, min_version=version, **_SAVE)
    return Assembled(_identified(written.getvalue()), marks, claims, unplaced)


def _claims(parts: Sequence[Part], sources: list[Pdf], used: list[int], *, pdfa: bool) -> Claims:
    ua, tagged, level = True, True, "A"
    notes: list[str] = []
    for index in used:
        part_ua, part_level, part_tagged, why = _part_claims(parts[index], sources[index])
        ua, tagged = ua and part_ua, tagged and part_tagged
        if part_level is None or _LEVELS.index(part_level) < _LEVELS.index(level):
            level = part_level or "B"
        if why:
            notes.append(why)
    shown = []
    if not ua:
        shown.append("PDF/UA-1 non déclaré")
    if pdfa and level != "A":
        shown.append(f"PDF/A-{PDFA_PART}{level.lower()} et non {PDFA_PART}a")
    lines = tuple(f"{', '.join(shown)} : {note}" for note in notes) if shown else ()
    return Claims(ua, level if pdfa else None, tagged, lines)


def _marks(
    parts: Sequence[Part],
    copied: list[tuple[int, dict[int, int]]],
    groups: list[list[int]],
    total: int,
    *,
    draft: bool,
) -> list[PageMark]:
    marks = [PageMark() for _ in range(total)]
    spans = {index: (first, last) for first, last, index in groups}
    group, current = (0, 0), None
    for index, pages in copied:
        part = parts[index]
        if index in spans:
            group, current = spans[index], part.stamp
        first, last = group
        stamp = part.stamp or (current if part.continues else None)
        inner = part.marks or []
        for position, new in enumerate(sorted(pages.values())):
            nested = inner[position] if position < len(inner) else PageMark(numbered=part.numbered)
            if stamp is None:
                marks[new] = PageMark(numbered=nested.numbered or part.numbered)
                continue
            annex, number, count = stamp, new - first + 1, last - first + 1
            if nested.annex:
                # an annex of the annexed document: « Annexe › Annexe 1 — Note »
                annex = f"{part.label or stamp} › {nested.annex}"
                number, count = nested.index, nested.count
            numbered = nested.numbered or (part.numbered and not inner)
            marks[new] = PageMark(
                annex, number, count, numbered, (draft and not numbered) or nested.draft
            )
    return marks


def _stamp(out: Pdf, marks: list[PageMark]) -> None:
    total = len(marks)
    font: pikepdf.Object | None = None
    for number, (page, mark) in enumerate(zip(out.pages, marks, strict=True), start=1):
        lines = []
        if mark.annex:
            lines.append(Stamp(f"{mark.annex} (p. {mark.index}/{mark.count})", top=True))
        if mark.numbered:
            lines.append(Stamp(f"Page {number} sur {total}", top=False, align="center", offset=38))
        elif mark.annex:
            where = f"page {number} sur {total}"
            shown = f"PROJET — {where}" if mark.draft else where[0].upper() + where[1:]
            lines.append(Stamp(shown, top=True, align="right"))
        if not lines:
            continue
        if font is None:
            font = font_object(out)
        stamp_page(out, page, lines, font)


# Actions by type (PDF 2.0, 12.6.4). Only moving inside the document and opening a web
# page or an e-mail stay; any other action is removed with what triggers it.
_ACTIONS = {
    "/GoTo": None,
    "/URI": None,  # kept for http(s) and mailto only
    "/Named": None,  # kept for page navigation only
    "/JavaScript": "JavaScript",
    "/Launch": "lancement de programme",
    "/SubmitForm": "envoi de formulaire",
    "/ImportData": "import de données",
    "/ResetForm": "action de formulaire",
    "/Hide": "action de formulaire",
    "/GoToR": "lien vers un autre fichier",
    "/GoToE": "lien vers un fichier incorporé",
    "/GoToDp": "lien vers une autre pièce",
    "/Thread": "lien vers un article",
    "/Rendition": "contenu multimédia",
    "/Sound": "contenu multimédia",
    "/Movie": "contenu multimédia",
    "/GoTo3DView": "contenu multimédia",
    "/RichMediaExecute": "contenu multimédia",
    "/SetOCGState": "action sur les calques",
    "/Trans": "action de transition",
}
_SAFE_URI = re.compile(r"\s*(https?|mailto):", re.IGNORECASE)
_SAFE_NAMED = {"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"}
# Annotations that carry a file or play something.
_ANNOTATIONS = {
    "/FileAttachment": "fichier joint",
    "/RichMedia": "contenu multimédia",
    "/Movie": "contenu multimédia",
    "/Sound": "contenu multimédia",
    "/Screen": "contenu multimédia",
    "/3D": "contenu multimédia",
}
# Keys removed wherever they are: automatic actions, scripts, embedded files.
_KEYS = {
    "/AA": "action automatique",
    "/OpenAction": "action à l'ouverture",
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/EmbeddedFiles": "fichier incorporé",
    "/EF": "fichier incorporé",
    "/RichMediaContent": "contenu multimédia",
    "/XFA": "formulaire XFA",
}


def _active(value: object) -> str | None:
    """What ``value`` (an action, an annotation) would do that convgen removes, or None."""
    if not isinstance(value, Dictionary):
        return None
    kind = str(value.get("/S", ""))
    if kind in _ACTIONS and str(value.get("/Type", "/Action")) == "/Action":
        if kind == "/URI":
            uri = value.get("/URI")
            text = str(uri) if isinstance(uri, pikepdf.String) else None
            return None if text is not None and _SAFE_URI.match(text) else "lien non web"
        if kind == "/Named":
            return None if str(value.get("/N", "")) in _SAFE_NAMED else "action nommée"
        return _ACTIONS[kind]
    subtype = str(value.get("/Subtype", ""))
    if subtype in _ANNOTATIONS and str(value.get("/Type", "/Annot")) == "/Annot":
        return _ANNOTATIONS[subtype]
    return None


def _container(value: object) -> bool:
    return isinstance(value, Dictionary | Array | pikepdf.Stream)


def strip_active_content(roots: Sequence[Any]) -> list[str]:
    """Remove from what ``roots`` (pages just copied) reach what could act on the
    reader's machine; the kinds removed, in French, sorted.

    JavaScript, automatic actions (``/AA``, ``/OpenAction``), every action but
    internal links, web links and page navigation (and what triggers them), file
    attachment and multimedia annotations, embedded files, XFA forms. Internal
    links (``/GoTo``, ``/Dest``) and the outline stay. A page's parent (the page
    tree) is not followed: the other pages are stripped as they are copied; a
    widget's parent (its form field) is.
    """
    found: set[str] = set()
    stack: list[Any] = list(roots)
    seen: set[tuple[int, int]] = set()
    while stack:
        node = stack.pop()
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        if isinstance(node, Array):
            for position in range(len(node) - 1, -1, -1):
                item = node[position]
                reason = _active(item)
                if reason is not None:
                    found.add(reason)
                    del node[position]
                elif _container(item):
                    stack.append(item)
            continue
        page = node.get("/Type") in (Name.Page, Name.Pages)
        for key in list(node.keys()):
            if key in _KEYS:
                del node[key]
                found.add(_KEYS[key])
                continue
            if key == "/Parent" and page:
                continue
            value = node.get(key)
            reason = _active(value)
            if reason is not None:
                del node[key]
                found.add(reason)
            elif _container(value):
                stack.append(value)
    return sorted(found)


def fixed_icc_profile(profile: bytes, day: dt.date | None) -> bytes:
    """``profile`` stamped with ``day`` instead of the moment LibreOffice wrote it.

    An ICC profile header holds its creation date and time (bytes 24-35) and,
    when set, an MD5 identifier of the profile (bytes 84-99) computed with the
    flags, rendering intent and identifier fields zeroed (ICC.1:2010, 7.2.18).
    """
    if len(profile) < 128 or profile[36:40] != b"acsp":
        return profile
    when = day or dt.date(2000, 1, 1)
    stamp = b"".join(n.to_bytes(2, "big") for n in (when.year, when.month, when.day, 0, 0, 0))
    fixed = bytearray(profile)
    fixed[24:36] = stamp
    if any(fixed[84:100]):
        blank = bytearray(fixed)
        blank[44:48] = blank[64:68] = bytes(4)
        blank[84:100] = bytes(16)
        fixed[84:100] = hashlib.md5(bytes(blank), usedforsecurity=False).digest()
    return bytes(fixed)


def _fixed_intents(intents: Any, out: Pdf, day: dt.date | None) -> Array:
    """The output intents, their ICC profiles made reproducible."""
    fixed = Array()
    for source in intents:
        intent = Dictionary()
        for key, value in source.items():
            if key != "/DestOutputProfile":
                intent[key] = foreign(out, value)
                continue
            profile = pikepdf.Stream(out, b"")
            for name, entry in value.items():
                if name not in ("/Filter", "/DecodeParms", "/Length"):
                    profile[name] = foreign(out, entry)
            data = fixed_icc_profile(value.read_bytes(), day)
            profile.write(zlib.compress(data), filter=Name.FlateDecode)
            intent[key] = out.make_indirect(profile)
        fixed.append(out.make_indirect(intent))
    return fixed


def label(data: bytes, cache: PdfCache | None = None) -> str | None:
    """The XMP label (« Version finale », « Projet ») a PDF carries, if any."""
    reader = read_pdf(data, "document", cache)
    metadata = cast(DictionaryObject, reader.trailer["/Root"]).get("/Metadata")
    if metadata is None:
        return None
    found = re.search(r"<xmp:Label>([^<]*)</xmp:Label>", metadata.get_object().get_data().decode())
    return found[1] if found else None


def comments_stamp(data: bytes, cache: PdfCache | None = None) -> str:
    """The stamp of the comments a PDF of convgen prints (``""``: none)."""
    info: dict[Any, Any] = read_pdf(data, "document", cache).metadata or {}
    return str(info.get(COMMENTS_KEY) or "")


def pdfa_problems(
    data: bytes, cache: PdfCache | None = None, conformance: str = PDFA_CONFORMANCE
) -> list[str]:
    """What keeps ``data`` from being a PDF/A-2 file of ``conformance`` (« B », « U »,
    « A ») as far as convgen can see.

    Not a full validator: it checks what convgen's assembly could break — the
    declaration, the output intent, embedded fonts, metadata consistency, the
    identifier, no encryption.
    """
    reader = read_pdf(data, "document", cache)
    problems = []
    declared = pdfa_declaration(reader)
    if declared != PDFA_PART + conformance:
        problems.append(f"déclaration PDF/A : {declared or 'absente'}")
    root = cast(DictionaryObject, reader.trailer["/Root"])
    intents = root.get("/OutputIntents")
    if not intents or not any(i.get_object().get("/S") == "/GTS_PDFA1" for i in intents):
        problems.append("pas de profil de sortie PDF/A (OutputIntents)")
    if "/ID" not in reader.trailer:
        problems.append("pas d'identifiant de fichier (/ID)")
    metadata = root.get("/Metadata")
    if metadata is not None and "/Filter" in metadata.get_object():
        problems.append("métadonnées XMP compressées")
    info: dict[Any, Any] = reader.metadata or {}
    packet = metadata.get_object().get_data().decode("utf-8") if metadata is not None else ""
    title = info.get("/Title")
    if title and escape(str(title)) not in packet:
        problems.append("titre différent entre les métadonnées et le dictionnaire d'information")
    for number, page in enumerate(reader.pages, start=1):
        fonts = page.get("/Resources", {}).get("/Font", {})
        for name, font in fonts.items():
            if not _embedded(font.get_object()):
                problems.append(f"page {number} : police {name} non incorporée")
    return problems


def _embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True
    if font.get("/Subtype") == "/Type0":
        font = cast(ArrayObject, font["/DescendantFonts"])[0].get_object()
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
