"""The redline as one self-contained web page: the summary, then the whole document.

The page is drawn from the tracked-changes document itself, so that it shows
exactly the revisions the Word file carries: insertions underlined in green,
deletions struck through in red, whole paragraphs inserted or deleted marked
in the margin. No external asset: styles are inline, and the page prints.
"""

from __future__ import annotations

import io
import zipfile
from html import escape

from lxml import etree

from convgen.rendering.ooxml import W
from convgen.review.changes import ADDED, FILLED, INTRODUCED, KIND_LABELS, MOVED, REMOVED, Review
from convgen.review.words import DELETE, INSERT, excerpt

_ELEMENTS = {
    "Title": ("h1", "title"),
    "Subtitle": ("p", "subtitle"),
    "Period": ("p", "subtitle"),
    "Heading1": ("h2", ""),
    "Heading2": ("h3", ""),
    "Heading3": ("h4", ""),
    "AnnexHeading": ("h2", "annex"),
    "ActAuthority": ("h1", "title"),
    "ActRegister": ("p", "subtitle"),
    "ListBullet": ("p", "bullet"),
    "ListBullet2": ("p", "bullet2"),
    "Intertitle": ("p", "intertitle"),
    "Mention": ("p", "mention"),
}

STYLE = """
body { font-family: "Liberation Sans", Arial, sans-serif; max-width: 48rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.45; color: #1a1a1a; }
header.review { border-bottom: 2px solid #555; margin-bottom: 2rem; }
header.review h1 { font-size: 1.4rem; }
.versions { color: #555; }
.summary h2 { font-size: 1.05rem; margin: 1.2rem 0 .3rem; }
.summary ul { margin: 0; padding-left: 1.2rem; }
.summary li { margin: .25rem 0; }
.kind { font-size: .8rem; color: #555; }
ins { color: #0a6a2a; background: #e6f4ea; text-decoration: underline; }
del { color: #a40e26; background: #fbe9eb; text-decoration: line-through; }
mark { background: #fff26b; }
.document h1.title { text-align: center; font-size: 1.35rem; text-transform: uppercase; }
.document p.subtitle { text-align: center; font-weight: bold; text-transform: uppercase; }
.document p { text-align: justify; margin: .4rem 0; }
.document p.bullet { padding-left: 1.5rem; text-indent: -1rem; }
.document p.bullet::before { content: "•"; display: inline-block; width: 1rem; text-indent: 0; }
.document p.bullet2 { padding-left: 3rem; text-indent: -1rem; }
.document p.bullet2::before { content: "–"; display: inline-block; width: 1rem; text-indent: 0; }
.document p.intertitle, .document p.mention { font-weight: bold; }
.document h2 { font-size: 1.05rem; margin-top: 1.4rem; }
.document h3, .document h4 { font-size: 1rem; }
.document table { border-collapse: collapse; width: 100%; margin: .6rem 0; }
.document td { border: 1px solid #bbb; padding: .2rem .4rem; vertical-align: top; }
.inserted { border-left: 4px solid #0a6a2a; padding-left: .5rem; }
.deleted { border-left: 4px solid #a40e26; padding-left: .5rem; }
tr.inserted td { background: #e6f4ea; } tr.deleted td { background: #fbe9eb; }
@media print {
  body { max-width: none; margin: 0; }
  ins, del, mark, .inserted, .deleted {
    -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2, h3, h4 { break-after: avoid; }
}
"""


def _tag(element: etree._Element) -> str:
    return etree.QName(element).localname


def _run_html(run: etree._Element) -> str:
    parts = []
    for node in run:
        tag = _tag(node)
        if tag in ("t", "delText"):
            parts.append(escape(node.text or ""))
        elif tag == "tab":
            parts.append(" ")
        elif tag in ("br", "cr"):
            parts.append("<br>")
    text = "".join(parts)
    properties = run.find(f"{W}rPr")
    if properties is not None:
        if properties.find(f"{W}vertAlign[@{W}val='superscript']") is not None:
            text = f"<sup>{text}</sup>"
        style = properties.find(f"{W}rStyle")
        if style is not None and style.get(f"{W}val") == "Lacune":
            text = f"<mark>{text}</mark>"
    return text


def _inline(element: etree._Element) -> str:
    out = []
    for child in element:
        tag = _tag(child)
        if tag == "r":
            out.append(_run_html(child))
        elif tag in ("ins", "moveTo"):
            out.append(f"<ins>{_inline(child)}</ins>")
        elif tag in ("del", "moveFrom"):
            out.append(f"<del>{_inline(child)}</del>")
    return "".join(out)


def _paragraph(paragraph: etree._Element) -> str:
    style_node = paragraph.find(f"{W}pPr/{W}pStyle")
    style = (style_node.get(f"{W}val") if style_node is not None else "") or ""
    element, css = _ELEMENTS.get(style, ("p", ""))
    classes = [css] if css else []
    if paragraph.find(f"{W}pPr/{W}rPr/{W}ins") is not None:
        classes.append("inserted")
    if paragraph.find(f"{W}pPr/{W}rPr/{W}del") is not None:
        classes.append("deleted")
    content = _inline(paragraph)
    if not content:
        return ""
    attribute = f' class="{" ".join(classes)}"' if classes else ""
    return f"<{element}{attribute}>{content}</{element}>"


def _table(table: etree._Element) -> str:
    rows = []
    for row in table.findall(f"{W}tr"):
        css = ""
        if row.find(f"{W}trPr/{W}ins") is not None:
            css = ' class="inserted"'
        elif row.find(f"{W}trPr/{W}del") is not None:
            css = ' class="deleted"'
        cells = "".join(
            "<td>" + "".join(_block(b) for b in cell if _tag(b) in ("p", "tbl")) + "</td>"
            for cell in row.findall(f"{W}tc")
        )
        rows.append(f"<tr{css}>{cells}</tr>")
    return f"<table>{''.join(rows)}</table>"


def _block(element: etree._Element) -> str:
    return _paragraph(element) if _tag(element) == "p" else _table(element)


def document_html(docx: bytes) -> str:
    """The body of a (tracked-changes) .docx as HTML."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    body = root.find(f"{W}body")
    assert body is not None  # a document convgen built
    return "\n".join(
        html for child in body if _tag(child) in ("p", "tbl") if (html := _block(child))
    )


def _summary_html(review: Review) -> str:
    if review.identical:
        return "<p>Aucune différence.</p>"
    parts = []
    for title, changes in review.sections():
        items = []
        for change in changes:
            subject = f"<strong>{escape(change.subject)}</strong>"
            kind = f' <span class="kind">({KIND_LABELS[change.kind]})</span>'
            if change.kind in (ADDED, REMOVED):
                detail = escape(change.new or change.old or "")
                tag = "ins" if change.kind == ADDED else "del"
                items.append(f"<li>{subject}{kind} : <{tag}>{detail}</{tag}></li>")
            elif change.kind == MOVED:
                items.append(f"<li>{subject}{kind}</li>")
            elif change.segments:
                text = "".join(
                    f"<del>{escape(s.text)}</del>"
                    if s.op == DELETE
                    else f"<ins>{escape(s.text)}</ins>"
                    if s.op == INSERT
                    else escape(s.text)
                    for s in excerpt(list(change.segments))
                )
                items.append(f"<li>{subject}{kind} : {text}</li>")
            else:
                label = kind if change.kind in (FILLED, INTRODUCED) else ""
                items.append(
                    f"<li>{subject}{label} : <del>{escape(change.old or '')}</del> → "
                    f"<ins>{escape(change.new or '')}</ins></li>"
                )
        parts.append(f"<h2>{escape(title)}</h2><ul>{''.join(items)}</ul>")
    return "".join(parts)


def html_page(review: Review, docx: bytes | None) -> str:
    """One self-contained page: the summary at the top, the document with its revisions below."""
    title = f"Relecture — {review.new}"
    document = document_html(docx) if docx is not None else ""
    section = f'<main class="document">{document}</main>' if document else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="fr"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{STYLE}</style></head><body>"
        f'<header class="review"><h1>Relecture</h1>'
        f'<p class="versions">{escape(review.old)} → {escape(review.new)}</p>'
        f'<section class="summary">{_summary_html(review)}</section></header>'
        f"{section}</body></html>\n"
    )
