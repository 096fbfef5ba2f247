"""Low-level helpers for Office Open XML packages (.docx).

Writing packages reproducibly (fixed ZIP metadata), and reading a document's
paragraph text back, for tests and comparisons.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def write_package(parts: Iterable[tuple[str, bytes]]) -> bytes:
    """A ZIP package of ``parts`` (name, content), with fixed timestamps and attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # "Unix", whichever system builds it
            target.writestr(info, content)
    return out.getvalue()


def reproducible_zip(
    data: bytes, rewrite: dict[str, Callable[[bytes], bytes]] | None = None
) -> bytes:
    """Rewrite a package with fixed ZIP metadata, members in the same order.

    ``rewrite`` maps member names to functions applied to their content.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = []
    for info in source.infolist():
        content = source.read(info.filename)
        if rewrite and info.filename in rewrite:
            content = rewrite[info.filename](content)
        parts.append((info.filename, content))
    return write_package(parts)


def paragraph_text(paragraph: etree._Element) -> str:
    """The visible text of a ``w:p``: runs, tabs and breaks (deleted text excluded)."""
    out = []
    for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}delText"):
        if node.tag == f"{W}t":
            out.append(node.text or "")
        elif node.tag == f"{W}tab":
            out.append("\t")
        elif node.tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
    return "".join(out)


def document_paragraphs(data: bytes, part: str = "word/document.xml") -> list[str]:
    """The text of every paragraph of a .docx body (tables included), in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read(part))
    return [paragraph_text(p) for p in root.iter(f"{W}p")]
