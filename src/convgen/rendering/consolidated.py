"""The legal text of a convention as its document prints it
(:class:`convgen.model.consolidated.LegalText`).

Each alinéa is the text of an element the renderer puts in the template — the same
function, so that what an avenant quotes is what the signed document reads: drafted
prose with its references resolved, the clauses convgen writes from data (« un préavis
de trois mois »), each commitment, the composition of the governance body. A table is
one alinéa, its cells in reading order. An annex is its number, its title and the
SHA-256 of its file (of its printed content, of the document it is).
"""

from __future__ import annotations

import hashlib
from typing import Any

from docxtpl import RichText
from lxml import etree

from convgen.model.annexes import DOCUMENT, annex_sources
from convgen.model.consolidated import (
    PARAGRAPH,
    TABLE,
    AnnexText,
    ArticleText,
    LegalText,
    Para,
    PartyText,
    normal,
)
from convgen.model.convention import Article, Convention
from convgen.rendering.annexed import annex_title
from convgen.rendering.convention import Renderer
from convgen.rendering.ooxml import W_NS, paragraph_text

_HEADINGS = ("h1", "h2", "h3")


def plain(rich: Any) -> str:
    """The text of a docxtpl ``RichText`` (or of a plain string), as printed."""
    if not isinstance(rich, RichText):
        return str(rich)
    root = etree.fromstring(f'<w:p xmlns:w="{W_NS}">{rich.xml}</w:p>'.encode())
    return paragraph_text(root)


def _table_text(table: dict[str, Any]) -> str:
    cells = [plain(c["text"]) for c in table.get("header", [])]
    for row in table.get("rows", []):
        cells.extend(plain(c["text"]) for c in row.get("cells", []))
    title = str(table.get("title") or "")
    return " | ".join(t for t in [title, *cells] if t.strip())


def _paragraph(element: dict[str, Any]) -> Para:
    style = str(element.get("style", PARAGRAPH))
    if style == TABLE:
        return Para(normal(_table_text(element.get("table") or {})), TABLE)
    return Para(normal(plain(element["text"])), style)


def _article(renderer: Renderer, article: Article) -> ArticleText:
    elements = renderer.article_elements(article)
    nested = sum(len(renderer.article_elements(child)) for child in article.children)
    own = elements[1 : len(elements) - nested]  # the heading first, the sub-articles last
    return ArticleText(
        article.number,
        normal(article.title),
        tuple(_paragraph(e) for e in own if e.get("style") not in _HEADINGS),
        tuple(_article(renderer, child) for child in article.children),
        article.key,
    )


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _annexes(renderer: Renderer, convention: Convention) -> tuple[AnnexText, ...]:
    out = []
    for source in annex_sources(convention):
        annex = source.annex
        digest = ""
        try:
            if source.file is not None:
                digest = _digest(source.file.read_bytes())
            elif source.kind == DOCUMENT and annex.annexed and annex.annexed.file:
                digest = _digest(annex.annexed.file.read_bytes())
            elif annex.body:
                printed = "\n".join(plain(e["text"]) for e in renderer.blocks(annex.body))
                digest = _digest(normal(printed).encode("utf-8"))
        except OSError:
            digest = ""  # unreadable: rule CG703 says so; the digest then tells nothing
        out.append(AnnexText(annex.number, normal(annex_title(annex)), digest, annex.key))
    return tuple(out)


def legal_text(convention: Convention) -> LegalText:
    """The legal text of ``convention``: parties, articles as printed, annexes."""
    renderer = Renderer(convention)
    return LegalText(
        tuple(PartyText(p.id, normal(p.name)) for p in convention.parties),
        tuple(_article(renderer, a) for a in convention.articles),
        _annexes(renderer, convention),
    )
