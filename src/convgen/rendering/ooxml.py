"""Low-level helpers for Office Open XML packages (.docx).

Writing packages reproducibly (fixed ZIP metadata), and reading a document's
paragraph text back, for tests and comparisons.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable

from lxml import etree

from convgen.foundation import french

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
NO_BREAK_HYPHEN = "\u2011"  # how the text of a w:noBreakHyphen reads, when asked to show it


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


def paragraph_text(paragraph: etree._Element, *, marks: bool = False) -> str:
    """The visible text of a ``w:p``: runs, tabs and breaks (deleted text excluded).
    A non-breaking hyphen reads « - », as printed, or U+2011 with ``marks``."""
    out = []
    hyphen = NO_BREAK_HYPHEN if marks else "-"
    tags = (f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}delText", f"{W}noBreakHyphen")
    for node in paragraph.iter(*tags):
        if node.tag == f"{W}t":
            out.append(node.text or "")
        elif node.tag == f"{W}noBreakHyphen":
            out.append(hyphen)
        elif node.tag == f"{W}tab":
            out.append("\t")
        elif node.tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
    return "".join(out)


def document_paragraphs(
    data: bytes, part: str = "word/document.xml", *, marks: bool = False
) -> list[str]:
    """The text of every paragraph of a .docx body (tables included), in order
    (``marks``: non-breaking hyphens as U+2011, see :func:`paragraph_text`)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read(part))
    return [paragraph_text(p, marks=marks) for p in root.iter(f"{W}p")]


def keep_hyphens(xml: bytes) -> bytes:
    """A part with the hyphens of :func:`french.kept_hyphens` written as Word's own
    non-breaking hyphen (``w:noBreakHyphen``), which prints the font's hyphen whatever
    the font, and which Word and LibreOffice never break a line at."""
    if b"-" not in xml:
        return xml
    root = etree.fromstring(xml)
    changed = False
    for node in list(root.iter(f"{W}t")):
        text = node.text or ""
        kept = french.kept_hyphens(text) if "-" in text else []
        run = node.getparent()
        if not kept or run is None:
            continue
        changed = True
        pieces = [
            text[start + 1 : end]
            for start, end in zip([-1, *kept], [*kept, len(text)], strict=True)
        ]
        node.text = pieces[0]
        node.set(XML_SPACE, "preserve")
        anchor = node
        for piece in pieces[1:]:
            hyphen = etree.Element(f"{W}noBreakHyphen")
            anchor.addnext(hyphen)
            anchor = hyphen
            if piece:
                following = etree.Element(f"{W}t")
                following.text = piece
                following.set(XML_SPACE, "preserve")
                anchor.addnext(following)
                anchor = following
        if not pieces[0]:
            run.remove(node)
    if not changed:
        return xml
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def is_text_part(name: str) -> bool:
    """Whether the package member ``name`` holds printed text: the body, the headers
    and footers, the notes and the comments."""
    return (
        re.fullmatch(
            r"word/(?:document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml", name
        )
        is not None
    )


def _paragraph(text: str, style: str, run_style: str | None = None) -> etree._Element:
    paragraph = etree.Element(f"{W}p")
    properties = etree.SubElement(paragraph, f"{W}pPr")
    etree.SubElement(properties, f"{W}pStyle").set(f"{W}val", style)
    run = etree.SubElement(paragraph, f"{W}r")
    if run_style:
        run_properties = etree.SubElement(run, f"{W}rPr")
        etree.SubElement(run_properties, f"{W}rStyle").set(f"{W}val", run_style)
    node = etree.SubElement(run, f"{W}t")
    node.text = text
    node.set(XML_SPACE, "preserve")
    return paragraph


def replace_body(data: bytes, paragraphs: Iterable[tuple[str, str, str | None]]) -> bytes:
    """The package ``data`` with its body replaced by ``paragraphs`` (text, paragraph
    style, character style or None), keeping its styles, headers, footers and page
    setup: a page that looks like the rest of the document."""

    def rewrite(xml: bytes) -> bytes:
        root = etree.fromstring(xml)
        body = root.find(f"{W}body")
        if body is None:  # not a Word document: left as it is
            return xml
        section = body.find(f"{W}sectPr")
        for child in list(body):
            body.remove(child)
        for text, style, run_style in paragraphs:
            body.append(_paragraph(text, style, run_style))
        if section is not None:
            body.append(section)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    return reproducible_zip(data, {"word/document.xml": rewrite})
