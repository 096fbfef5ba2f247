"""A Word document with genuine tracked changes between two builds.

The NEW build is the base: its paragraphs are aligned with those of the OLD
build (by text and style, tables row by row); a paragraph present in both
gets word-level insertions (``w:ins``) and deletions (``w:del``), a paragraph
only in NEW is inserted whole, a paragraph only in OLD is copied in, deleted
whole. Every revision carries an author and a date, so Word and LibreOffice
list them and can accept or reject them: accepting all gives the text of the
NEW build, rejecting all the text of the OLD one.
"""

from __future__ import annotations

import copy
import difflib
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from convgen.rendering.comments import without_comments
from convgen.rendering.ooxml import (
    NO_BREAK_HYPHEN,
    XML_SPACE,
    W,
    paragraph_text,
    reproducible_zip,
)
from convgen.review import words

_PARTS_PREFIXES = ("word/document.xml", "word/header", "word/footer")
MATCH = 0.4  # two paragraphs this similar are one paragraph that changed


def _tag(element: etree._Element) -> str:
    return etree.QName(element).localname


@dataclass
class _Marks:
    """Who and when, and the next revision id (unique across the document)."""

    author: str
    date: str
    next_id: int = 1
    count: int = 0

    def attributes(self) -> dict[str, str]:
        identifier = self.next_id
        self.next_id += 1
        return {f"{W}id": str(identifier), f"{W}author": self.author, f"{W}date": self.date}

    def wrapper(self, kind: str) -> etree._Element:
        self.count += 1
        return etree.Element(f"{W}{kind}", self.attributes())

    def marker(self, kind: str) -> etree._Element:
        return etree.Element(f"{W}{kind}", self.attributes())


# --- paragraphs as atoms: one character (or tab, break) with its run properties ---------------


@dataclass
class _Atom:
    text: str  # one character, "\t" for w:tab, "\n" for w:br
    properties: etree._Element | None


def _atoms(paragraph: etree._Element) -> list[_Atom]:
    atoms: list[_Atom] = []
    for run in paragraph.iter(f"{W}r"):
        properties = run.find(f"{W}rPr")
        for node in run:
            tag = _tag(node)
            if tag in ("t", "delText"):
                atoms.extend(_Atom(c, properties) for c in node.text or "")
            elif tag == "tab":
                atoms.append(_Atom("\t", properties))
            elif tag in ("br", "cr"):
                atoms.append(_Atom("\n", properties))
            elif tag == "noBreakHyphen":
                atoms.append(_Atom(NO_BREAK_HYPHEN, properties))
    return atoms


def _runs(atoms: list[_Atom], *, deleted: bool) -> list[etree._Element]:
    """Runs for ``atoms``, one per stretch of equal properties."""
    runs: list[etree._Element] = []
    text_tag = f"{W}delText" if deleted else f"{W}t"
    current: etree._Element | None = None
    current_key: bytes | None = None
    buffer = ""

    def flush() -> None:
        nonlocal buffer
        if current is not None and buffer:
            text = etree.SubElement(current, text_tag)
            text.text = buffer
            text.set(XML_SPACE, "preserve")
        buffer = ""

    for atom in atoms:
        key = etree.tostring(atom.properties) if atom.properties is not None else b""
        if current is None or key != current_key:
            flush()
            current = etree.Element(f"{W}r")
            if atom.properties is not None:
                current.append(copy.deepcopy(atom.properties))
            current_key = key
            runs.append(current)
        if atom.text in ("\t", "\n", NO_BREAK_HYPHEN):
            flush()
            tag = {"\t": "tab", "\n": "br", NO_BREAK_HYPHEN: "noBreakHyphen"}[atom.text]
            etree.SubElement(current, f"{W}{tag}")
        else:
            buffer += atom.text
    flush()
    return runs


def _properties(paragraph: etree._Element) -> etree._Element:
    properties = paragraph.find(f"{W}pPr")
    if properties is None:
        properties = etree.Element(f"{W}pPr")
        paragraph.insert(0, properties)
    return properties


def _mark_paragraph(paragraph: etree._Element, kind: str, marks: _Marks) -> None:
    """Mark the paragraph mark itself inserted or deleted (whole-paragraph revisions)."""
    properties = _properties(paragraph)
    run_properties = properties.find(f"{W}rPr")
    if run_properties is None:
        run_properties = etree.Element(f"{W}rPr")
        section = properties.find(f"{W}sectPr")
        if section is not None:
            section.addprevious(run_properties)
        else:
            properties.append(run_properties)
    run_properties.insert(0, marks.marker(kind))


def _content(paragraph: etree._Element) -> list[etree._Element]:
    return [child for child in paragraph if _tag(child) != "pPr"]


def insert_paragraph(paragraph: etree._Element, marks: _Marks) -> None:
    """Mark a paragraph of NEW as inserted whole."""
    children = _content(paragraph)
    if children:
        wrapper = marks.wrapper("ins")
        children[0].addprevious(wrapper)
        for child in children:
            wrapper.append(child)
    _mark_paragraph(paragraph, "ins", marks)


def deleted_copy(paragraph: etree._Element, marks: _Marks) -> etree._Element:
    """A copy of a paragraph of OLD, deleted whole."""
    copied = copy.deepcopy(paragraph)
    for text in copied.iter(f"{W}t"):
        text.tag = f"{W}delText"
    children = _content(copied)
    if children:
        wrapper = marks.wrapper("del")
        children[0].addprevious(wrapper)
        for child in children:
            wrapper.append(child)
    _mark_paragraph(copied, "del", marks)
    return copied


def diff_paragraph(old: etree._Element, new: etree._Element, marks: _Marks) -> None:
    """Rewrite the runs of ``new`` as word-level revisions from ``old``."""
    diff_atoms(_atoms(old), _atoms(new), new, marks)


def diff_atoms(
    old_atoms: list[_Atom], new_atoms: list[_Atom], target: etree._Element, marks: _Marks
) -> None:
    """Give ``target`` the text of ``new_atoms``, as word-level revisions from ``old_atoms``."""
    old_text = "".join(a.text for a in old_atoms)
    new_text = "".join(a.text for a in new_atoms)
    if old_text == new_text and "".join(a.text for a in _atoms(target)) == new_text:
        return
    content: list[etree._Element] = []
    i = j = 0
    for segment in words.diff(old_text, new_text):
        size = len(segment.text)
        if segment.op == words.EQUAL:
            content.extend(_runs(new_atoms[j : j + size], deleted=False))
            i += size
            j += size
        elif segment.op == words.DELETE:
            wrapper = marks.wrapper("del")
            wrapper.extend(_runs(old_atoms[i : i + size], deleted=True))
            content.append(wrapper)
            i += size
        else:
            wrapper = marks.wrapper("ins")
            wrapper.extend(_runs(new_atoms[j : j + size], deleted=False))
            content.append(wrapper)
            j += size
    for child in _content(target):
        target.remove(child)
    target.extend(content)


# --- aligning blocks: paragraphs and tables ------------------------------------------------------


def _style(paragraph: etree._Element) -> str:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val", "") if style is not None else ""


def _block_text(element: etree._Element) -> str:
    if _tag(element) == "p":
        return paragraph_text(element)
    return " ".join(paragraph_text(p) for p in element.iter(f"{W}p"))


# « Article 6 bis : Avenant »: an article is known by its title; its number follows insertions.
_ARTICLE_NUMBER = re.compile(
    r"^(Article|Annexe)\s+[\w.]+(?:\s+(?:bis|ter|quater|quinquies|sexies))?\s*:\s*"
)


def _key(element: etree._Element) -> tuple[str, str, str]:
    if _tag(element) == "p":
        style, text = _style(element), paragraph_text(element)
        if style.startswith(("Heading", "AnnexHeading")):
            text = _ARTICLE_NUMBER.sub(r"\1 : ", text)
        return ("p", style, text)
    first_row = element.find(f"{W}tr")
    header = _block_text(first_row) if first_row is not None else ""
    return ("tbl", str(_columns(element)), header)


def _columns(table: etree._Element) -> int:
    return len(table.findall(f"{W}tblGrid/{W}gridCol"))


def _similar(old: etree._Element, new: etree._Element) -> float:
    if _tag(old) != _tag(new):
        return 0.0
    if _tag(old) == "tbl":
        return 1.0 if _columns(old) == _columns(new) else 0.0
    bonus = 0.1 if _style(old) == _style(new) else 0.0
    return words.similarity(_block_text(old), _block_text(new)) + bonus


def _pair(
    olds: list[etree._Element],
    news: list[etree._Element],
    similar: Callable[[etree._Element, etree._Element], float] = _similar,
) -> Iterator[tuple[etree._Element | None, etree._Element | None]]:
    """Align two short runs of blocks (or rows), keeping order: pairs, and one-sided ones."""
    n, m = len(olds), len(news)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for a in range(n - 1, -1, -1):
        for b in range(m - 1, -1, -1):
            likeness = similar(olds[a], news[b])
            paired = score[a + 1][b + 1] + likeness if likeness >= MATCH else -1.0
            score[a][b] = max(paired, score[a + 1][b], score[a][b + 1])
    a = b = 0
    while a < n and b < m:
        likeness = similar(olds[a], news[b])
        if likeness >= MATCH and score[a][b] == score[a + 1][b + 1] + likeness:
            yield olds[a], news[b]
            a, b = a + 1, b + 1
        elif score[a][b] == score[a + 1][b]:
            yield olds[a], None
            a += 1
        else:
            yield None, news[b]
            b += 1
    for rest in olds[a:]:
        yield rest, None
    for rest in news[b:]:
        yield None, rest


Operation = tuple[str, etree._Element | None, etree._Element | None]


def _operations(olds: list[etree._Element], news: list[etree._Element]) -> Iterator[Operation]:
    """("keep", old, new), ("delete", old, None) or ("insert", None, new), in document order."""
    matcher = difflib.SequenceMatcher(
        None, [_key(b) for b in olds], [_key(b) for b in news], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for old, new in zip(olds[i1:i2], news[j1:j2], strict=True):
                yield "keep", old, new
            continue
        for left, right in _pair(olds[i1:i2], news[j1:j2]):
            if left is not None and right is not None:
                yield "keep", left, right
            elif left is not None:
                yield "delete", left, None
            else:
                yield "insert", None, right


def _number(paragraph: etree._Element | None) -> str | None:
    if paragraph is None or _tag(paragraph) != "p":
        return None
    match = _ARTICLE_NUMBER.match(paragraph_text(paragraph))
    return match.group(0) if match else None


def _split_renumbered(operations: list[Operation]) -> list[Operation]:
    """An article inserted before another takes its number: reuse the old heading's number
    (and the other way round for a removed article).

    Old « Article 5 : Communication » becomes new « Article 5 : Évaluation » (inserted)
    and « Article 6 : Communication ». Rather than insert the first and renumber the
    second, the old heading is split around the insertion: « Article 5 : » stays, the
    new title, paragraphs and « Article 6 : » are one insertion, « Communication » stays.
    """
    out = list(operations)
    for index, (kind, old, new) in enumerate(out):
        heading = new if kind == "insert" else old if kind == "delete" else None
        if heading is None or _number(heading) is None:
            continue
        following = next((k for k in range(index + 1, len(out)) if out[k][0] != kind), None)
        if following is None or out[following][0] != "keep":
            continue
        _, old_heading, new_heading = out[following]
        assert old_heading is not None and new_heading is not None  # kept: both sides
        if not _style(old_heading) == _style(heading) == _style(new_heading):
            continue
        if kind == "insert" and _number(old_heading) == _number(new) != _number(new_heading):
            out[index] = ("open", old_heading, new)
            out[following] = ("close", old_heading, new_heading)
        elif kind == "delete" and _number(new_heading) == _number(old) != _number(old_heading):
            # symmetric: a removed article gives its number to the next one
            out[index] = ("remove-open", old, None)
            out[following] = ("remove-close", old_heading, new_heading)
    return out


@dataclass
class _Redliner:
    marks: _Marks
    moved: list[str] = field(default_factory=list)

    def blocks(self, old_parent: etree._Element, new_parent: etree._Element) -> None:
        """Align the block children (paragraphs, tables) of two containers, editing NEW."""
        olds = [c for c in old_parent if _tag(c) in ("p", "tbl")]
        news = [c for c in new_parent if _tag(c) in ("p", "tbl")]
        pending: list[etree._Element] = []  # deleted copies, placed before the next NEW block
        for kind, old, new in _split_renumbered(list(_operations(olds, news))):
            if kind == "delete":
                assert old is not None
                pending.append(self.deleted(old))
                continue
            if kind == "remove-open":  # kept number of a removed article, see _split_renumbered
                assert old is not None
                pending.append(self._split(kind, old, new))
                continue
            assert new is not None  # every other operation has its NEW block
            for element in pending:
                new.addprevious(element)
            pending.clear()
            if kind == "insert":
                self.inserted(new)
                continue
            assert old is not None  # kept, or one side of a split heading: both blocks
            if _tag(new) == "tbl":
                self.table(old, new)
            elif kind == "keep":
                diff_paragraph(old, new, self.marks)
            else:
                self._split(kind, old, new)
        end = next((c for c in new_parent if _tag(c) == "sectPr"), None)
        for element in pending:
            if end is not None:
                end.addprevious(element)
            else:
                new_parent.append(element)

    def _split(self, kind: str, old: etree._Element, new: etree._Element | None) -> etree._Element:
        """One side of a heading split around an inserted or removed article."""
        old_atoms = _atoms(old)
        old_prefix = len(_number(old) or "")
        if kind == "remove-open":  # the removed heading: its number kept, the rest deleted
            copied = copy.deepcopy(old)
            diff_atoms(old_atoms, old_atoms[:old_prefix], copied, self.marks)
            _mark_paragraph(copied, "del", self.marks)
            return copied
        assert new is not None  # the other sides of a split have their NEW heading
        new_atoms = _atoms(new)
        new_prefix = len(_number(new) or "")
        if kind == "open":  # « Article 5 : » kept, the new title inserted, its mark inserted
            diff_atoms(old_atoms[:old_prefix], new_atoms, new, self.marks)
            _mark_paragraph(new, "ins", self.marks)
        elif kind == "close":  # « Article 6 : » inserted before the old title
            diff_atoms(old_atoms[old_prefix:], new_atoms, new, self.marks)
        else:  # "remove-close": the old number deleted, the title kept
            diff_atoms(old_atoms, new_atoms[new_prefix:], new, self.marks)
        return new

    def deleted(self, block: etree._Element) -> etree._Element:
        if _tag(block) == "p":
            return deleted_copy(block, self.marks)
        copied = copy.deepcopy(block)
        for row in copied.findall(f"{W}tr"):
            self._mark_row(row, "del")
            for cell in row.findall(f"{W}tc"):
                for paragraph in cell.findall(f"{W}p"):
                    paragraph.addprevious(deleted_copy(paragraph, self.marks))
                    cell.remove(paragraph)
        return copied

    def inserted(self, block: etree._Element) -> None:
        if _tag(block) == "p":
            insert_paragraph(block, self.marks)
            return
        for row in block.findall(f"{W}tr"):
            self._insert_row(row)

    def _insert_row(self, row: etree._Element) -> None:
        self._mark_row(row, "ins")
        for cell in row.findall(f"{W}tc"):
            for paragraph in cell.findall(f"{W}p"):
                insert_paragraph(paragraph, self.marks)

    def _mark_row(self, row: etree._Element, kind: str) -> None:
        properties = row.find(f"{W}trPr")
        if properties is None:
            properties = etree.Element(f"{W}trPr")
            row.insert(0, properties)
        properties.append(self.marks.marker(kind))

    def table(self, old: etree._Element, new: etree._Element) -> None:
        """Rows aligned by their text; cells of paired rows by position."""
        if _columns(old) != _columns(new):
            new.addprevious(self.deleted(old))
            self.inserted(new)
            return
        old_rows, new_rows = old.findall(f"{W}tr"), new.findall(f"{W}tr")
        matcher = difflib.SequenceMatcher(
            None,
            [_block_text(r) for r in old_rows],
            [_block_text(r) for r in new_rows],
            autojunk=False,
        )
        pending: list[etree._Element] = []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for row in new_rows[j1:j2]:
                    for element in pending:
                        row.addprevious(element)
                    pending.clear()
                continue
            for old_row, new_row in _pair(old_rows[i1:i2], new_rows[j1:j2], _row_similarity):
                if old_row is not None and new_row is not None:
                    for element in pending:
                        new_row.addprevious(element)
                    pending.clear()
                    self._row(old_row, new_row)
                elif old_row is not None:
                    deleted_row = copy.deepcopy(old_row)
                    self._mark_row(deleted_row, "del")
                    for cell in deleted_row.findall(f"{W}tc"):
                        for paragraph in cell.findall(f"{W}p"):
                            paragraph.addprevious(deleted_copy(paragraph, self.marks))
                            cell.remove(paragraph)
                    pending.append(deleted_row)
                else:
                    assert new_row is not None
                    for element in pending:
                        new_row.addprevious(element)
                    pending.clear()
                    self._insert_row(new_row)
        for element in pending:
            new.append(element)

    def _row(self, old: etree._Element, new: etree._Element) -> None:
        old_cells, new_cells = old.findall(f"{W}tc"), new.findall(f"{W}tc")
        if len(old_cells) != len(new_cells):
            deleted_row = copy.deepcopy(old)
            self._mark_row(deleted_row, "del")
            for cell in deleted_row.findall(f"{W}tc"):
                for paragraph in cell.findall(f"{W}p"):
                    paragraph.addprevious(deleted_copy(paragraph, self.marks))
                    cell.remove(paragraph)
            new.addprevious(deleted_row)
            self._insert_row(new)
            return
        for old_cell, new_cell in zip(old_cells, new_cells, strict=True):
            self.blocks(old_cell, new_cell)


def _row_similarity(old: etree._Element, new: etree._Element) -> float:
    return words.similarity(_block_text(old), _block_text(new))


@dataclass(frozen=True)
class Redline:
    """The tracked-changes document and how many revisions it carries."""

    data: bytes
    revisions: int


def redline(old: bytes, new: bytes, *, author: str, date: str) -> Redline:
    """NEW with tracked changes against OLD (both .docx built from the same template).

    Their comments (a draft's findings) are left out: the redline is what changed in
    the text, and a comment anchored in a paragraph rewritten word by word would lose
    its place."""
    old, new = without_comments(old), without_comments(new)
    marks = _Marks(author=author, date=date)
    old_package = zipfile.ZipFile(io.BytesIO(old))
    new_package = zipfile.ZipFile(io.BytesIO(new))
    old_names = set(old_package.namelist())
    rewrites = {}
    for name in new_package.namelist():
        if (
            not name.startswith(_PARTS_PREFIXES)
            or name not in old_names
            or not name.endswith(".xml")
        ):
            continue
        old_root = etree.fromstring(old_package.read(name))
        new_root = etree.fromstring(new_package.read(name))
        container_old = old_root.find(f"{W}body") if _tag(old_root) == "document" else old_root
        container_new = new_root.find(f"{W}body") if _tag(new_root) == "document" else new_root
        assert container_old is not None and container_new is not None  # built by convgen
        _Redliner(marks).blocks(container_old, container_new)
        rewrites[name] = etree.tostring(
            new_root, xml_declaration=True, encoding="UTF-8", standalone=True
        )
    parts: dict[str, Callable[[bytes], bytes]] = {
        name: _replaced_by(body) for name, body in rewrites.items()
    }
    parts[_SETTINGS] = track_revisions
    return Redline(reproducible_zip(new, parts), marks.count)


_SETTINGS = "word/settings.xml"
# The settings that come before <w:trackRevisions/> in CT_Settings (ECMA-376 §17.15.1.78):
# Word refuses a settings part whose children are out of this order.
_BEFORE_TRACK_REVISIONS = (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts",
    "embedSystemFonts", "saveSubsetFonts", "saveFormsData", "mirrorMargins",
    "alignBordersAndEdges", "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter",
    "gutterAtTop", "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle",
    "proofState", "formsDesign", "attachedTemplate", "linkStyles", "stylePaneFormatFilter",
    "stylePaneSortMethod", "documentType", "mailMerge", "revisionView",
)  # fmt: skip


def track_revisions(settings: bytes) -> bytes:
    """The settings part with change tracking on, so that what reviewers change in Word
    is tracked too, beside convgen's revisions."""
    root = etree.fromstring(settings)
    if root.find(f"{W}trackRevisions") is not None:
        return settings
    index = 0
    for position, child in enumerate(root):
        if isinstance(child.tag, str) and _tag(child) in _BEFORE_TRACK_REVISIONS:
            index = position + 1
    root.insert(index, etree.Element(f"{W}trackRevisions"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _replaced_by(body: bytes) -> Callable[[bytes], bytes]:
    """A rewrite of a package member that puts ``body`` in its place."""
    return lambda _: body


def _parent(element: etree._Element) -> etree._Element:
    parent = element.getparent()
    assert parent is not None  # never the root: a row, a paragraph, a mark or properties
    return parent


# --- accepting and rejecting every revision ------------------------------------------------------


def _resolve(data: bytes, keep: str) -> bytes:
    """Accept (``keep="ins"``) or reject (``keep="del"``) every revision of a package.

    A paragraph whose mark goes away joins the next paragraph, as in Word.
    """
    drop = "del" if keep == "ins" else "ins"
    package = zipfile.ZipFile(io.BytesIO(data))
    rewrites = {}
    for name in package.namelist():
        if not name.startswith(_PARTS_PREFIXES) or not name.endswith(".xml"):
            continue
        root = etree.fromstring(package.read(name))
        for row in list(root.iter(f"{W}tr")):
            if row.find(f"{W}trPr/{W}{drop}") is not None:
                _parent(row).remove(row)
        joining = [p for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}rPr/{W}{drop}") is not None]
        for element in list(root.iter(f"{W}{drop}")):
            parent = _parent(element)
            if _tag(parent) not in ("rPr", "trPr"):
                parent.remove(element)
        for paragraph in reversed(joining):  # from the end, so that chains join in order
            following = paragraph.getnext()
            while following is not None and _tag(following) != "p":
                following = following.getnext()
            content = _content(paragraph)
            if content and following is not None:
                anchor = following.find(f"{W}pPr")
                for child in reversed(content):
                    if anchor is not None:
                        anchor.addnext(child)
                    else:
                        following.insert(0, child)
            _parent(paragraph).remove(paragraph)
        for element in list(root.iter(f"{W}{keep}")):
            parent = _parent(element)
            if _tag(parent) in ("rPr", "trPr"):
                parent.remove(element)
                continue
            for child in list(element):
                element.addprevious(child)
            parent.remove(element)
        for text in root.iter(f"{W}delText"):
            text.tag = f"{W}t"
        for properties in list(root.iter(f"{W}rPr", f"{W}trPr")):
            if len(properties) == 0 and _tag(_parent(properties)) in ("pPr", "tr"):
                _parent(properties).remove(properties)
        rewrites[name] = etree.tostring(
            root, xml_declaration=True, encoding="UTF-8", standalone=True
        )
    return reproducible_zip(data, {name: _replaced_by(body) for name, body in rewrites.items()})


def accept_all(data: bytes) -> bytes:
    """The document with every revision accepted."""
    return _resolve(data, "ins")


def reject_all(data: bytes) -> bytes:
    """The document with every revision rejected."""
    return _resolve(data, "del")
