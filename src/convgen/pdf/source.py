"""The PDFs an assembly is made of, opened with qpdf (pikepdf): their pages, their
bookmarks, and the text lines of a page with where they are printed.

qpdf reads an object only when it is used: opening a PDF reads its cross-reference
table, and the assembly then touches the pages and trees it copies. An annex given as a
file is first read, bounded, by :mod:`convgen.loading.pdffile` (as the check reads it);
these functions read the PDFs LibreOffice wrote and the annexes once they are accepted.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from convgen.loading.pdffile import Heading, heading_title, reading

MAX_OUTLINE = 10_000  # bookmarks read from one PDF: far past any real document
_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")


def open_pdf(data: bytes, what: str) -> Pdf:
    """``data`` opened; :class:`~convgen.foundation.errors.ConversionError` (``what`` names
    it) when qpdf cannot read it."""
    with reading(what):
        pdf = pikepdf.open(io.BytesIO(data), inherit_page_attributes=False)
        # pushing the page tree's attributes down to every page is most of the time of an
        # opening: done only for a PDF whose pages do inherit one (LibreOffice's do not)
        if any(_inherits(page.obj) for page in pdf.pages):
            pdf = pikepdf.open(io.BytesIO(data))
    return pdf


def _inherits(page: Dictionary) -> bool:
    missing = [key for key in _INHERITED if key not in page]
    node, depth = page.get("/Parent"), 0
    while missing and isinstance(node, Dictionary) and depth < 64:
        if any(key in node for key in missing):
            return True
        node, depth = node.get("/Parent"), depth + 1
    return False


def outline(pdf: Pdf) -> list[Heading]:
    """The bookmarks of ``pdf``, as a tree (those that open no page of it left out)."""
    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    seen: set[tuple[int, int]] = set()

    def walk(first: Any, depth: int) -> list[Heading]:
        found: list[Heading] = []
        item = first
        while isinstance(item, Dictionary) and len(seen) < MAX_OUTLINE and depth < 64:
            if item.is_indirect:
                if item.objgen in seen:
                    break  # a cycle
                seen.add(item.objgen)
            heading = _heading(pdf, item, pages)
            children = walk(item.get("/First"), depth + 1)
            if heading is not None:
                heading.children.extend(children)
                found.append(heading)
            elif found:
                found[-1].children.extend(children)
            item = item.get("/Next")
        return found

    root = pdf.Root.get("/Outlines")
    with reading("signets"):
        return walk(root.get("/First"), 0) if isinstance(root, Dictionary) else []


def _heading(pdf: Pdf, item: Dictionary, pages: dict[tuple[int, int], int]) -> Heading | None:
    destination = item.get("/Dest")
    action = item.get("/A")
    if destination is None and isinstance(action, Dictionary) and action.get("/S") == Name.GoTo:
        destination = action.get("/D")
    if isinstance(destination, pikepdf.String | Name):
        destination = _named(pdf, destination)
    if isinstance(destination, Dictionary):
        destination = destination.get("/D")
    if not isinstance(destination, Array) or not len(destination):
        return None
    target = destination[0]
    if not isinstance(target, Dictionary) or target.objgen not in pages:
        return None
    top = None
    if len(destination) >= 4 and destination[1] == Name.XYZ:
        top = _number(destination[3])
    title = str(item.get("/Title", ""))
    return Heading(heading_title(title), pages[target.objgen], top)


def _named(pdf: Pdf, name: Any) -> Any:
    """A named destination's target (the catalog's /Dests, or the /Dests name tree)."""
    if isinstance(name, Name):
        dests = pdf.Root.get("/Dests")
        return dests.get(str(name)) if isinstance(dests, Dictionary) else None
    names = pdf.Root.get("/Names")
    tree = names.get("/Dests") if isinstance(names, Dictionary) else None
    if not isinstance(tree, Dictionary):
        return None
    try:
        return pikepdf.NameTree(tree).get(str(name))
    except (TypeError, ValueError, pikepdf.PdfError):
        return None


def _number(value: Any) -> float | None:
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return float(value)
    return None


# -- text ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A piece of text printed at one place: where its first character starts (in the
    page's coordinates), its size, and what it reads."""

    x: float
    y: float
    size: float
    text: str


_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _times(a: _Matrix, b: _Matrix) -> _Matrix:
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
_RANGE = re.compile(rb"<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>\s*(?:<[0-9A-Fa-f]+>|\[[^\]]*\])")


class _Font:
    """How the codes of a font's strings read: its ToUnicode map, else WinAnsi."""

    def __init__(self, font: Any) -> None:
        composite = isinstance(font, Dictionary) and font.get("/Subtype") == Name.Type0
        self.code_length = 2 if composite else 1  # bytes per character code
        self.map: dict[int, str] = {}
        unicode = font.get("/ToUnicode") if isinstance(font, Dictionary) else None
        if isinstance(unicode, pikepdf.Stream):
            try:
                self._read(unicode.read_bytes())
            except (pikepdf.PdfError, ValueError):
                self.map = {}

    def _read(self, cmap: bytes) -> None:
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
            codes = _HEX.findall(block)
            for source, target in zip(codes[::2], codes[1::2], strict=False):
                self.map[int(source, 16)] = _utf16(target)
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
            for line in _RANGE.findall(block):
                low, high, *rest = _HEX.findall(line)
                start, end = int(low, 16), int(high, 16)
                if end - start > 0xFFFF:
                    continue
                if b"[" in line:
                    for offset, target in enumerate(rest):
                        self.map[start + offset] = _utf16(target)
                elif rest:
                    first = _utf16(rest[0])
                    for offset in range(end - start + 1):
                        self.map[start + offset] = first[:-1] + chr(ord(first[-1]) + offset)

    def decode(self, data: bytes) -> str:
        if self.code_length == 2:
            codes = [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]
        else:
            codes = list(data)
        if self.map:
            return "".join(self.map.get(code, "") for code in codes)
        return bytes(c for c in codes if c < 256).decode("cp1252", "replace")


def _utf16(hexadecimal: bytes) -> str:
    raw = bytes.fromhex(hexadecimal.decode())
    try:
        return raw.decode("utf-16-be") or "\ufffd"
    except UnicodeDecodeError:
        return "\ufffd"


def text_runs(page: pikepdf.Page) -> list[Run]:
    """The text of ``page``, as it is drawn: one run per piece of text shown at a place
    (what follows without a move of the text position joins it), in drawing order.

    Text drawn inside form XObjects is not read: LibreOffice draws a document's text
    on the page itself.
    """
    fonts: dict[str, _Font] = {}
    resources = page.obj.get("/Resources")
    given = resources.get("/Font") if isinstance(resources, Dictionary) else None
    runs: list[Run] = []
    ctm, stack = _IDENTITY, []
    tm = tlm = _IDENTITY
    leading, size, font = 0.0, 0.0, None
    pending: list[Any] = []  # the run being shown: [x, y, size, text]

    def flush() -> None:
        if pending and pending[3].strip():
            runs.append(Run(pending[0], pending[1], pending[2], pending[3]))
        pending.clear()

    def show(strings: list[bytes]) -> None:
        text = "".join(font.decode(s) if font else "" for s in strings)
        if pending:
            pending[3] += text
            return
        x = tm[4] * ctm[0] + tm[5] * ctm[2] + ctm[4]
        y = tm[4] * ctm[1] + tm[5] * ctm[3] + ctm[5]
        pending.extend([x, y, size * (abs(ctm[3]) or 1.0), text])

    def move(matrix: _Matrix) -> None:
        nonlocal tm, tlm
        flush()
        tm = tlm = matrix

    for instruction in pikepdf.parse_content_stream(page):
        operands, op = instruction.operands, str(instruction.operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            flush()
            ctm = stack.pop() if stack else _IDENTITY
        elif op == "cm" and len(operands) == 6:
            flush()
            ctm = _times(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
        elif op == "BT":
            move(_IDENTITY)
        elif op == "ET":
            flush()
        elif op == "Tf" and len(operands) == 2:
            name = str(operands[0])
            if name not in fonts:
                fonts[name] = _Font(given.get(name) if isinstance(given, Dictionary) else None)
            font, size = fonts[name], float(operands[1])
        elif op == "TL" and operands:
            leading = float(operands[0])
        elif op in ("Td", "TD") and len(operands) == 2:
            dx, dy = float(operands[0]), float(operands[1])
            if op == "TD":
                leading = -dy
            move(_times((1.0, 0.0, 0.0, 1.0, dx, dy), tlm))
        elif op == "Tm" and len(operands) == 6:
            move(tuple(float(v) for v in operands))  # type: ignore[arg-type]
        elif op == "T*":
            move(_times((1.0, 0.0, 0.0, 1.0, 0.0, -leading), tlm))
        elif op == "Tj" and operands:
            show([bytes(operands[0])])
        elif op == "TJ" and operands and isinstance(operands[0], Array):
            show([bytes(item) for item in operands[0] if isinstance(item, pikepdf.String)])
        elif op in ("'", '"') and operands:
            move(_times((1.0, 0.0, 0.0, 1.0, 0.0, -leading), tlm))
            show([bytes(operands[-1])])
    flush()
    return runs
