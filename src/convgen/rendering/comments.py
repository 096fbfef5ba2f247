"""The findings of a draft, written into its .docx as Word comments.

Reviewers read a draft in Word or LibreOffice, not in a terminal: each finding of the
check becomes a comment, authored « convgen », on the words it concerns — the value a
finding names (the « ... % » of a rate to fill in, the « 2919-2023 » of a period), else
what prints the part of the document it names (an article's heading, the « établie en
six (6) exemplaires originaux » of the signature, an annex in the list of annexes), the
title as a last resort: a finding is never left out.

Two steps. :func:`anchor` decides where a finding goes, from the places the renderer
marked (:mod:`convgen.rendering.marks`): the mark that prints the finding's path, or
the closest one; :func:`write_comments` is the operation on the Word package: it finds
the marked words in ``word/document.xml`` across runs and non-breaking hyphens, splits
runs where a comment starts or ends, writes ``word/comments.xml`` with its relationship
and content type, and removes the marks. Comments carry no date: two builds of the same
files give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from convgen.foundation import french
from convgen.foundation.findings import Finding, Path_, Severity
from convgen.loading.reader import value_at
from convgen.rendering.marks import MARK_ID_BASE, MARK_PREFIX, Marks
from convgen.rendering.ooxml import W_NS, XML_SPACE, W, is_text_part, keep_hyphens, write_package

AUTHOR = "convgen"
INITIALS = "CG"
COMMENTS_PART = "word/comments.xml"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
COMMENTS_RELATIONSHIP = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
)
_RELATIONSHIPS = "word/_rels/document.xml.rels"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_DOCUMENT = "word/document.xml"


# --- what a comment is ------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A marked piece of text (the ``N`` of mark ``_convgen_N``) and, inside it, the words a
    comment concerns: the first of ``words`` found there (none found, or none given: the
    whole piece)."""

    mark: int
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Anchor:
    """Where a comment goes: tiers of targets, best first. Within a tier, the target
    printed first in the document wins; a tier none of whose targets is printed gives way
    to the next. When no target is printed, the comment goes on the first marked text of
    the body (the title), or its first paragraph."""

    tiers: tuple[tuple[Target, ...], ...] = ()


@dataclass(frozen=True)
class Comment:
    """One comment: its paragraphs, the first opening with ``lead`` in bold; ``unplaced``:
    paragraphs added when it cannot go where it belongs (it then says what it is about)."""

    anchor: Anchor
    paragraphs: tuple[str, ...]
    lead: str = ""
    unplaced: tuple[str, ...] = ()


@dataclass(frozen=True)
class WrittenComment:
    """A comment as a .docx carries it: who wrote it, its text, the words it is anchored on."""

    id: int
    author: str
    initials: str
    text: str
    anchor: str
    date: str | None = None


# --- which findings, and their words ------------------------------------------------------------


def commented(findings: Iterable[Finding], lowest: Severity | None) -> list[Finding]:
    """The findings a draft carries as comments: those at ``lowest`` or above (``None``:
    none), except those suppressed by a « # convgen: ignore »."""
    if lowest is None:
        return []
    return [f for f in findings if f.suppressed is None and f.severity >= lowest]


def comment_paragraphs(finding: Finding) -> tuple[str, str]:
    """The lead (« CG102 — avertissement ») and the first paragraph of ``finding``'s
    comment."""
    lead = f"{finding.code} — {finding.severity.french}"
    # a message quotes the document: nothing in it an XML part cannot carry
    text = french.without_control_characters(f"{lead} — {finding.message}")
    return lead, french.typography(text)


def comment_for(finding: Finding, anchor_: Anchor, party: str | None = None) -> Comment:
    """The comment of ``finding`` at ``anchor_``, naming ``party`` (the party's name)."""
    lead, first = comment_paragraphs(finding)
    paragraphs = [first]
    if party:
        paragraphs.append(
            french.typography(f"Concerne : {french.without_control_characters(party)}")
        )
    unplaced = (french.typography(f"À propos de : {finding.subject}"),) if finding.subject else ()
    return Comment(anchor_, tuple(paragraphs), lead=lead, unplaced=_xml_safe(unplaced))


def _xml_safe(texts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(french.without_control_characters(text) for text in texts)


def _common(first: Path_, second: Path_) -> int:
    count = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        count += 1
    return count


def _printed(value: Any) -> str:
    """The words a value is printed with, when they can be told without its context: a
    text as written, the name of what it describes."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        for key in ("name", "text", "title", "label"):
            if isinstance(value.get(key), str):
                return str(value[key]).strip()
    return ""


def anchor(finding: Finding, marks: Marks, data: Any = None) -> Anchor:
    """Where ``finding`` goes, among the places the renderer ``marks`` (``data``: the
    document's data, to read the value at the finding's path).

    A mark is scored by the paths it prints: the longer the start they share with the
    finding's path, the better; at equal length, a mark that prints the finding's path
    (or a value above it) before one that prints only a part of it. Inside the mark, the
    comment goes on the finding's own words (« 2919-2023 »), else on the words the mark
    says print the path (« la Ville de Saint-Dizier » in the list of the committee's
    members), else on the value at the path as written."""
    path = finding.path
    best: dict[int, tuple[tuple[int, int, int], tuple[str, ...]]] = {}
    for number, where in enumerate(marks.places):
        for mark_path, mark_words in where.items():
            common = _common(mark_path, path)
            if common == 0:
                continue
            related = common in (len(mark_path), len(path))
            covers = related and len(mark_path) <= len(path)
            score = (common, int(related), int(covers))
            if number in best and best[number][0] >= score:
                continue
            candidates = [finding.words]
            if covers:
                if len(mark_path) < len(path) and data is not None:
                    candidates.append(_printed(value_at(data, path)))
                candidates.append(mark_words or "")
            best[number] = (score, tuple(w for w in candidates if w))
    tiers: dict[tuple[int, int, int], list[Target]] = {}
    for number, (score, words) in best.items():
        tiers.setdefault(score, []).append(Target(number, words))
    return Anchor(tuple(tuple(tiers[score]) for score in sorted(tiers, reverse=True)))


# --- reading a body's text ----------------------------------------------------------------------

_NO_BREAK_HYPHEN = f"{W}noBreakHyphen"
_ATOM_TAGS = {f"{W}t", _NO_BREAK_HYPHEN, f"{W}tab", f"{W}br", f"{W}cr"}
# how printed text and words compare: spaces, apostrophes and hyphens of every kind alike
_SAME = str.maketrans(
    {"\u00a0": " ", "\u202f": " ", "\t": " ", "\n": " ", "\u2019": "'", "\u2011": "-"}
)


def _atom_text(element: etree._Element, offset: int) -> str:
    if element.tag == f"{W}t":
        return (element.text or "")[offset]
    return {_NO_BREAK_HYPHEN: "-", f"{W}tab": "\t"}.get(element.tag, "\n")


@dataclass
class _Body:
    """The characters of a body in order, each as (element, offset), and where each mark
    starts and ends among them."""

    atoms: list[tuple[etree._Element, int]] = field(default_factory=list)
    marks: dict[int, tuple[int, int]] = field(default_factory=dict)
    elements: list[etree._Element] = field(default_factory=list)  # the marks' bookmarks

    def text(self, start: int, end: int) -> str:
        return "".join(_atom_text(*atom) for atom in self.atoms[start:end])


def _read_body(root: etree._Element) -> _Body:
    body = _Body()
    opened: dict[str, tuple[int, int]] = {}  # bookmark id → mark number, first character
    ids: set[str] = set()  # the bookmark ids of the marks
    for element in root.iter():
        tag = element.tag
        if tag in _ATOM_TAGS:
            if tag == f"{W}t":
                count = len(element.text or "")
                body.atoms.extend(zip(itertools.repeat(element, count), range(count), strict=True))
            else:
                body.atoms.append((element, 0))
        elif tag == f"{W}bookmarkStart":
            name = element.get(f"{W}name") or ""
            ident = element.get(f"{W}id") or ""
            if name.startswith(MARK_PREFIX) and ident.isdigit() and int(ident) >= MARK_ID_BASE:
                body.elements.append(element)
                ids.add(ident)
                number = int(ident) - MARK_ID_BASE
                # a piece the template prints twice is found where it is printed first
                if number not in body.marks and all(n != number for n, _ in opened.values()):
                    opened[ident] = (number, len(body.atoms))
        elif tag == f"{W}bookmarkEnd":
            ident = element.get(f"{W}id") or ""
            if ident in opened:
                number, start = opened.pop(ident)
                body.marks[number] = (start, len(body.atoms))
            if ident in ids:
                body.elements.append(element)
    return body


def _find(text: str, words: str) -> tuple[int, int] | None:
    """Where ``words`` are in ``text``, spaces, apostrophes, hyphens and, failing that,
    case aside; typography applied to the words or not."""
    printed = text.translate(_SAME)
    wanted = [words.strip(), french.typography(words.strip())]
    for needle in (w.translate(_SAME) for w in wanted):
        if needle and (found := printed.find(needle)) >= 0:
            return found, found + len(needle)
    lowered = printed.lower()
    if len(lowered) == len(printed):
        for needle in (w.translate(_SAME).lower() for w in wanted):
            if needle and len(needle) and (found := lowered.find(needle)) >= 0:
                return found, found + len(needle)
    return None


def _place(body: _Body, comment: Comment) -> tuple[int, int, bool] | None:
    """The characters ``comment`` is anchored on, and whether that is where it belongs."""
    order = {number: start for number, (start, end) in body.marks.items() if end > start}
    for tier in comment.anchor.tiers:
        printed = [t for t in tier if t.mark in order]
        if not printed:
            continue
        target = min(printed, key=lambda t: (order[t.mark], t.mark))
        start, end = body.marks[target.mark]
        text = body.text(start, end)
        for words in target.words:
            if (found := _find(text, words)) is not None:
                return start + found[0], start + found[1], True
        return start, end, True
    if order:  # the first marked text of the body: the title in the shipped templates
        first = min(order, key=lambda n: (order[n], n))
        start, end = body.marks[first]
        return start, end, False
    return _first_paragraph(body)


def _first_paragraph(body: _Body) -> tuple[int, int, bool] | None:
    if not body.atoms:
        return None
    paragraph = _paragraph_of(body.atoms[0][0])
    end = 0
    while end < len(body.atoms) and _paragraph_of(body.atoms[end][0]) is paragraph:
        end += 1
    return 0, end, False


def _paragraph_of(element: etree._Element) -> etree._Element | None:
    for ancestor in element.iterancestors(f"{W}p"):
        return ancestor
    return None


# --- splitting runs -----------------------------------------------------------------------------


def _split_text(body: _Body, index: int) -> None:
    """Make character ``index`` the first of its ``w:t`` (the ``w:t`` split in two)."""
    element, offset = body.atoms[index]
    if element.tag != f"{W}t" or offset == 0:
        return
    text = element.text or ""
    tail = etree.Element(f"{W}t")
    tail.text = text[offset:]
    tail.set(XML_SPACE, "preserve")
    element.text = text[:offset]
    element.set(XML_SPACE, "preserve")
    element.addnext(tail)
    for moved in range(index, index + len(text) - offset):
        body.atoms[moved] = (tail, body.atoms[moved][1] - offset)


def _split_run(child: etree._Element) -> None:
    """Split the run of ``child`` so that a new run starts with it."""
    run = child.getparent()
    if run is None or run.tag != f"{W}r":
        return
    siblings = list(run)
    position = siblings.index(child)
    if all(s.tag == f"{W}rPr" for s in siblings[:position]):
        return  # it starts its run already
    fresh = etree.Element(f"{W}r")
    properties = run.find(f"{W}rPr")
    if properties is not None:
        fresh.append(_copy(properties))
    for moved in siblings[position:]:
        fresh.append(moved)
    run.addnext(fresh)


def _copy(element: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(element))


def _cut(body: _Body, boundaries: Iterable[int]) -> None:
    """Split runs so that each character of ``boundaries`` starts a run, from the last
    (a run split keeps the characters before in place)."""
    for index in sorted(set(boundaries), reverse=True):
        if 0 < index < len(body.atoms):
            _split_text(body, index)
            _split_run(body.atoms[index][0])


def _run_of(element: etree._Element) -> etree._Element:
    parent = element.getparent()
    return parent if parent is not None and parent.tag == f"{W}r" else element


# --- the package --------------------------------------------------------------------------------


def _element(tag: str, **attributes: str) -> etree._Element:
    node = etree.Element(f"{W}{tag}")
    for name, value in attributes.items():
        node.set(f"{W}{name}", value)
    return node


def _comment_element(ident: int, comment: Comment, placed: bool) -> etree._Element:
    node = _element("comment", id=str(ident), author=AUTHOR, initials=INITIALS)
    paragraphs = list(comment.paragraphs) + ([] if placed else list(comment.unplaced))
    for index, text in enumerate(paragraphs):
        paragraph = etree.SubElement(node, f"{W}p")
        if index == 0:
            reference = etree.SubElement(paragraph, f"{W}r")
            etree.SubElement(reference, f"{W}annotationRef")
        lead = comment.lead if index == 0 and text.startswith(comment.lead) else ""
        for piece, bold in ((lead, True), (text[len(lead) :], False)):
            if not piece:
                continue
            run = etree.SubElement(paragraph, f"{W}r")
            if bold:
                etree.SubElement(etree.SubElement(run, f"{W}rPr"), f"{W}b")
            node_text = etree.SubElement(run, f"{W}t")
            node_text.text = piece
            node_text.set(XML_SPACE, "preserve")
    return node


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _without_marks(xml: bytes) -> bytes:
    if MARK_PREFIX.encode() not in xml:
        return xml
    root = etree.fromstring(xml)
    _remove(_read_body(root).elements)
    return _xml(root)


def _remove(elements: Iterable[etree._Element]) -> None:
    for element in elements:
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)


def _relationships(xml: bytes | None) -> tuple[bytes, str]:
    """The document's relationships with one to the comments, and the comments' part."""
    root = (
        etree.fromstring(xml)
        if xml
        else etree.Element(f"{{{_RELS_NS}}}Relationships", nsmap={None: _RELS_NS})  # type: ignore[dict-item]
    )
    for relation in root:
        if relation.get("Type") == COMMENTS_RELATIONSHIP:
            target = (relation.get("Target") or "comments.xml").lstrip("/")
            return (xml or _xml(root)), target if target.startswith("word/") else f"word/{target}"
    known = {relation.get("Id") for relation in root}
    number = 1
    while f"rIdConvgen{number}" in known:
        number += 1
    etree.SubElement(
        root,
        f"{{{_RELS_NS}}}Relationship",
        Id=f"rIdConvgen{number}",
        Type=COMMENTS_RELATIONSHIP,
        Target="comments.xml",
    )
    return _xml(root), COMMENTS_PART


def _content_types(xml: bytes, part: str) -> bytes:
    root = etree.fromstring(xml)
    name = f"/{part}"
    if any(o.get("PartName") == name for o in root.iter(f"{{{_TYPES_NS}}}Override")):
        return xml
    etree.SubElement(root, f"{{{_TYPES_NS}}}Override", PartName=name, ContentType=COMMENTS_TYPE)
    return _xml(root)


def write_comments(data: bytes, comments: Sequence[Comment]) -> bytes:
    """The .docx ``data`` with ``comments`` anchored where they belong, and without the
    renderer's marks (:mod:`convgen.rendering.marks`). The comments are numbered after
    those the document may already carry; with none to write, only the marks go."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    root = etree.fromstring(parts[_DOCUMENT])
    body = _read_body(root)
    placed = [_place(body, comment) for comment in comments]
    _cut(body, [b for where in placed if where is not None for b in where[:2]])
    _remove(body.elements)
    written = []
    if comments:
        relationships, comments_part = _relationships(parts.get(_RELATIONSHIPS))
        existing = parts.get(comments_part)
        target = (
            etree.fromstring(existing)
            if existing
            else etree.Element(f"{W}comments", nsmap={"w": W_NS})
        )
        first = 1 + max((int(c.get(f"{W}id") or 0) for c in target.iter(f"{W}comment")), default=-1)
        for offset, (comment, where) in enumerate(zip(comments, placed, strict=True)):
            ident = first + offset
            target.append(_comment_element(ident, comment, where is not None and where[2]))
            if where is None:  # an empty body: the comment is in the list, anchored nowhere
                continue
            start, end, _ = where
            _run_of(body.atoms[start][0]).addprevious(_element("commentRangeStart", id=str(ident)))
            last = _run_of(body.atoms[end - 1][0])
            reference = _element("r")
            reference.append(_element("commentReference", id=str(ident)))
            last.addnext(reference)
            last.addnext(_element("commentRangeEnd", id=str(ident)))
        written = [
            (_RELATIONSHIPS, relationships),
            (comments_part, keep_hyphens(_xml(target))),
        ]
        parts["[Content_Types].xml"] = _content_types(parts["[Content_Types].xml"], comments_part)
    parts[_DOCUMENT] = _xml(root)
    for name in parts:
        if name != _DOCUMENT and is_text_part(name):
            parts[name] = _without_marks(parts[name])
    for name, content in written:
        parts[name] = content
    return write_package(parts.items())


def stamp(first_paragraphs: Iterable[str]) -> str:
    """A short fingerprint of a document's comments, from the first paragraph of each in
    order (``""`` for none): what a PDF records of the comments it prints, and what a
    build compares to tell whether an output carries the comments it would write."""
    texts = list(first_paragraphs)
    if not texts:
        return ""
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]


def findings_stamp(findings: Iterable[Finding]) -> str:
    """The :func:`stamp` of the comments ``findings`` give."""
    return stamp(comment_paragraphs(finding)[1] for finding in findings)


def docx_stamp(data: bytes) -> str:
    """The :func:`stamp` of the comments a .docx carries."""
    return stamp(comment.text.split("\n", 1)[0] for comment in read_comments(data))


# --- reading comments back ----------------------------------------------------------------------


def read_comments(data: bytes) -> list[WrittenComment]:
    """The comments of a .docx, in the order of ``word/comments.xml``, each with the text
    between its ``w:commentRangeStart`` and ``w:commentRangeEnd`` (« » when unanchored)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())
        if COMMENTS_PART not in names:
            return []
        comments = etree.fromstring(package.read(COMMENTS_PART))
        root = etree.fromstring(package.read(_DOCUMENT))
    open_: dict[str, list[str]] = {}
    anchors: dict[str, str] = {}
    for element in root.iter():
        tag = element.tag
        if tag == f"{W}commentRangeStart":
            open_[element.get(f"{W}id") or ""] = []
        elif tag == f"{W}commentRangeEnd":
            ident = element.get(f"{W}id") or ""
            anchors[ident] = "".join(open_.pop(ident, []))
        elif tag in _ATOM_TAGS:
            text = (element.text or "") if tag == f"{W}t" else _atom_text(element, 0)
            for pieces in open_.values():
                pieces.append(text)
    out = []
    for node in comments.iter(f"{W}comment"):
        ident = node.get(f"{W}id") or ""
        text = "\n".join(
            "".join(
                (t.text or "") if t.tag == f"{W}t" else "-"
                for t in p.iter(f"{W}t", _NO_BREAK_HYPHEN)
            )
            for p in node.iter(f"{W}p")
        )
        out.append(
            WrittenComment(
                id=int(ident) if ident.isdigit() else -1,
                author=node.get(f"{W}author") or "",
                initials=node.get(f"{W}initials") or "",
                text=text,
                anchor=anchors.get(ident, ""),
                date=node.get(f"{W}date"),
            )
        )
    return out


_COMMENT_MARKUP = {f"{W}commentRangeStart", f"{W}commentRangeEnd"}


def without_comments(data: bytes) -> bytes:
    """The .docx ``data`` without its comments (part, relationship, content type and
    anchors); the same bytes when it has none."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if COMMENTS_PART not in package.namelist():
            return data
        parts = {info.filename: package.read(info) for info in package.infolist()}
    del parts[COMMENTS_PART]
    root = etree.fromstring(parts[_DOCUMENT])
    doomed = [e for e in root.iter() if e.tag in _COMMENT_MARKUP]
    for reference in root.iter(f"{W}commentReference"):
        run = reference.getparent()
        alone = run is not None and all(c.tag in (f"{W}rPr", reference.tag) for c in run)
        doomed.append(run if alone and run is not None else reference)
    _remove(doomed)
    parts[_DOCUMENT] = _xml(root)
    if _RELATIONSHIPS in parts:
        relations = etree.fromstring(parts[_RELATIONSHIPS])
        _remove(r for r in list(relations) if r.get("Type") == COMMENTS_RELATIONSHIP)
        parts[_RELATIONSHIPS] = _xml(relations)
    types = etree.fromstring(parts["[Content_Types].xml"])
    _remove(
        o
        for o in list(types.iter(f"{{{_TYPES_NS}}}Override"))
        if o.get("PartName") == f"/{COMMENTS_PART}"
    )
    parts["[Content_Types].xml"] = _xml(types)
    return write_package(parts.items())


# --- comments on paper ----------------------------------------------------------------------
#
# LibreOffice 7.4 exports comments to PDF only as annotations: a screen's sticky notes,
# which paper does not print and PDF/A-2b refuses without an appearance (LibreOffice
# gives them none); its « comments in the margin » came later. The PDF of a draft is
# made from a copy whose comments are printed instead: the words a comment is anchored
# on underlined, a note call after them and the comment as a footnote, where a reader of
# the printed draft looks for it.

NOTE_COLOUR = "C00000"
NOTE_SIZE = "18"  # half-points: 9 pt, the size of a note
_FOOTNOTES_PART = "word/footnotes.xml"
_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_FOOTNOTES_RELATIONSHIP = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
)
# what follows w:u in a w:rPr (ECMA-376, CT_RPr): w:u goes before the first of them
_AFTER_UNDERLINE = {
    f"{W}{name}"
    for name in [
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    ]
}


def _properties(run: etree._Element) -> etree._Element:
    properties = run.find(f"{W}rPr")
    if properties is None:
        properties = etree.Element(f"{W}rPr")
        run.insert(0, properties)
    return properties


def _underline(run: etree._Element) -> None:
    properties = _properties(run)
    for old in properties.findall(f"{W}u"):
        properties.remove(old)
    mark = _element("u", val="single", color=NOTE_COLOUR)
    later = next((c for c in properties if c.tag in _AFTER_UNDERLINE), None)
    if later is not None:
        later.addprevious(mark)
    else:
        properties.append(mark)


def _note_run(text: str, *, bold: bool = False, superscript: bool = False) -> etree._Element:
    run = _element("r")
    properties = etree.SubElement(run, f"{W}rPr")
    if bold:
        etree.SubElement(properties, f"{W}b")
    properties.append(_element("color", val=NOTE_COLOUR if bold or superscript else "000000"))
    properties.append(_element("sz", val=NOTE_SIZE))
    if superscript:
        properties.append(_element("vertAlign", val="superscript"))
    node = etree.SubElement(run, f"{W}t")
    node.text = text
    node.set(XML_SPACE, "preserve")
    return run


def _separators() -> etree._Element:
    root = etree.Element(f"{W}footnotes", nsmap={"w": W_NS})
    for ident, kind, mark in (
        ("-1", "separator", "separator"),
        ("0", "continuationSeparator", "continuationSeparator"),
    ):
        note = etree.SubElement(root, f"{W}footnote")
        note.set(f"{W}type", kind)
        note.set(f"{W}id", ident)
        paragraph = etree.SubElement(note, f"{W}p")
        etree.SubElement(etree.SubElement(paragraph, f"{W}r"), f"{W}{mark}")
    return root


def _comment_paragraphs(node: etree._Element) -> list[list[tuple[str, bool]]]:
    """A comment's paragraphs, each as (text, bold) pieces."""
    out = []
    for paragraph in node.iter(f"{W}p"):
        pieces = []
        for run in paragraph.iter(f"{W}r"):
            text = "".join(
                (t.text or "") if t.tag == f"{W}t" else "\u2011"
                for t in run.iter(f"{W}t", _NO_BREAK_HYPHEN)
            )
            if text:
                pieces.append((text, run.find(f"{W}rPr/{W}b") is not None))
        out.append(pieces)
    return out


def printed_notes(data: bytes) -> bytes:
    """The .docx ``data`` with its comments printed, for its PDF: the words each one is
    anchored on underlined, a note call after them and its text as a footnote, numbered
    in the order of the document. The same bytes when it has no comment."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if COMMENTS_PART not in package.namelist():
            return data
        parts = {info.filename: package.read(info) for info in package.infolist()}
    texts = {
        node.get(f"{W}id") or "": _comment_paragraphs(node)
        for node in etree.fromstring(parts[COMMENTS_PART]).iter(f"{W}comment")
    }
    root = etree.fromstring(parts[_DOCUMENT])
    existing = parts.get(_FOOTNOTES_PART)
    notes = etree.fromstring(existing) if existing else _separators()
    ident = 1 + max((int(n.get(f"{W}id") or 0) for n in notes.iter(f"{W}footnote")), default=0)
    open_ranges: set[str] = set()
    for element in list(root.iter()):
        tag = element.tag
        if tag == f"{W}commentRangeStart":
            open_ranges.add(element.get(f"{W}id") or "")
        elif tag == f"{W}commentRangeEnd":
            open_ranges.discard(element.get(f"{W}id") or "")
        elif tag == f"{W}r" and open_ranges and element.find(f"{W}t") is not None:
            _underline(element)
        elif tag == f"{W}commentReference":
            comment = element.get(f"{W}id") or ""
            run = element.getparent()
            reference = _note_run("", superscript=True)
            reference.replace(reference[1], _element("footnoteReference", id=str(ident)))
            if run is not None and (parent := run.getparent()) is not None:
                run.addprevious(reference)
                parent.remove(run)
            note = etree.SubElement(notes, f"{W}footnote")
            note.set(f"{W}id", str(ident))
            for index, pieces in enumerate(texts.get(comment) or [[]]):
                paragraph = etree.SubElement(note, f"{W}p")
                layout = etree.SubElement(paragraph, f"{W}pPr")
                layout.append(_element("spacing", before="0", after="0"))
                layout.append(_element("jc", val="left"))
                if index == 0:
                    number = _note_run("", superscript=True)
                    number.replace(number[1], _element("footnoteRef"))
                    paragraph.append(number)
                    paragraph.append(_note_run(" "))
                for text, bold in pieces:
                    paragraph.append(_note_run(text, bold=bold))
            ident += 1
    _remove([e for e in root.iter() if e.tag in _COMMENT_MARKUP])
    parts[_DOCUMENT] = _xml(root)
    parts[_FOOTNOTES_PART] = _xml(notes)
    del parts[COMMENTS_PART]
    relations = etree.fromstring(parts[_RELATIONSHIPS])
    _remove(r for r in list(relations) if r.get("Type") == COMMENTS_RELATIONSHIP)
    if not any(r.get("Type") == _FOOTNOTES_RELATIONSHIP for r in relations):
        etree.SubElement(
            relations,
            f"{{{_RELS_NS}}}Relationship",
            Id="rIdConvgenNotes",
            Type=_FOOTNOTES_RELATIONSHIP,
            Target="footnotes.xml",
        )
    parts[_RELATIONSHIPS] = _xml(relations)
    types = etree.fromstring(parts["[Content_Types].xml"])
    _remove(
        o
        for o in list(types.iter(f"{{{_TYPES_NS}}}Override"))
        if o.get("PartName") == f"/{COMMENTS_PART}"
    )
    if not any(
        o.get("PartName") == f"/{_FOOTNOTES_PART}" for o in types.iter(f"{{{_TYPES_NS}}}Override")
    ):
        etree.SubElement(
            types,
            f"{{{_TYPES_NS}}}Override",
            PartName=f"/{_FOOTNOTES_PART}",
            ContentType=_FOOTNOTES_TYPE,
        )
    parts["[Content_Types].xml"] = _xml(types)
    return write_package(parts.items())
