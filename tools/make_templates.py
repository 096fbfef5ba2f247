"""Write the shipped Word templates (``templates/*.docx``) from this script.

The templates are generated rather than edited in Word so that they stay
reviewable: every style, every tag and every fixed sentence is readable here,
and a test checks that the committed files are exactly what this script
makes. Institutions that want their own layout copy a generated template,
restyle it in Word or LibreOffice (the paragraphs use named styles:
« Titre 1 » for articles, « Liste à puces » for commitments…) and pass it
with ``--template``; the tags must stay as they are.

Usage: ``python tools/make_templates.py`` (``--check`` exits 1 if a committed
template differs from what the script makes).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from convgen.rendering import contract
from convgen.rendering.contract import (
    CELL_STYLES,
    CELL_TEXT,
    ELEMENT_BY_KIND,
    ELEMENTS,
    HEADING_KINDS,
    PARAGRAPH,
    STYLES,
    TABLE,
    TEXT_WIDTH,
    ParagraphFormat,
    RunFormat,
    Style,
    TableFormat,
)
from convgen.rendering.ooxml import write_package

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
DOCS = ROOT / "docs" / "templates.md"

NBSP = "\u00a0"
NNBSP = "\u202f"
FONT = "Liberation Sans"  # metric-compatible with Arial; Debian package fonts-liberation

NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


# --- paragraphs and runs ------------------------------------------------------------


def run(text: str, *, bold: bool = False) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(
    *runs: str, style: str | None = None, jc: str | None = None, before: int | None = None
) -> str:
    """A paragraph; properties are written in the order the OOXML schema requires."""
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if before is not None:
        props += f'<w:spacing w:before="{before}"/>'
    if jc:
        props += f'<w:jc w:val="{jc}"/>'
    props = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f"<w:p>{props}{''.join(runs)}</w:p>"


def text(value: str, **kwargs: object) -> str:
    """A paragraph with one run of text (template tags included)."""
    return para(run(value), **kwargs)  # type: ignore[arg-type]


def tag(statement: str) -> str:
    """A paragraph-level Jinja statement (docxtpl ``{%p … %}``): the paragraph disappears."""
    return text(f"{{%p {statement} %}}")


def cell(content: str, width: int | str) -> str:
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{content}</w:tc>'


def row(*cells: str, header: bool = False) -> str:
    props = (
        "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        if header
        else "<w:trPr><w:cantSplit/></w:trPr>"
    )
    return f"<w:tr>{props}{''.join(cells)}</w:tr>"


def tag_row(statement: str, columns: int, width: int) -> str:
    """A table row holding a docxtpl ``{%tr … %}`` statement: the row disappears."""
    first = cell(text(f"{{%tr {statement} %}}"), width)
    rest = "".join(cell(para(), width) for _ in range(columns - 1))
    return f"<w:tr>{first}{rest}</w:tr>"


def table(
    style: str, widths: list[int], rows: list[str], *, stretch: bool = False, grid: str = ""
) -> str:
    """A table; ``stretch`` makes it full width with columns laid out from their content,
    for tables whose column count the data decides; ``grid`` replaces the columns of
    ``widths`` (a loop over the widths the renderer computes)."""
    grid = grid or "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    width = (
        '<w:tblW w:w="5000" w:type="pct"/>'
        if stretch
        else f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
    )
    layout = "autofit" if stretch else "fixed"
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/>{width}'
        f'<w:tblLayout w:type="{layout}"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
        'w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


# --- the convention ------------------------------------------------------------------

# The elements laid out by ``el.style`` tests, in the contract's order; a paragraph (and
# any kind a later renderer adds) is the ``else`` branch, a table has its own layout.
ELEMENT_STYLES = tuple((e.kind, e.style) for e in ELEMENTS if e.kind not in (PARAGRAPH, TABLE))


def table_cell(variable: str) -> str:
    """One cell of a table, laid out by its ``style``: text, a figure aligned right, bold,
    or the indented label of a sub-line; its width is its column's, which the renderer
    draws from the length of what the column holds."""
    parts = []
    keyword = "if"
    for kind, style in CELL_STYLES.items():
        if kind == CELL_TEXT:
            continue
        parts.append(text(f'{{%p {keyword} {variable}.style == "{kind}" %}}'))
        parts.append(text(f"{{{{r {variable}.text }}}}", style=style))
        keyword = "elif"
    parts.append(text("{%p else %}"))
    parts.append(text(f"{{{{r {variable}.text }}}}", style=CELL_STYLES[CELL_TEXT]))
    parts.append(text("{%p endif %}"))
    return cell("".join(parts), f"{{{{ {variable}.width }}}}")


def data_table() -> str:
    """A table of the data (the financing plan, a table of ``tables:``): as many columns
    as the table has (docxtpl's ``{%tc for %}``), a header row when there is one, then
    its rows, each cell in its style."""
    width = TEXT_WIDTH // 3  # three cells in the template; the table stretches to the page
    header = row(
        cell(text("{%tc for cell in el.table.header %}"), width),
        table_cell("cell"),
        cell(text("{%tc endfor %}"), width),
        header=True,
    )
    body = row(
        cell(text("{%tc for cell in line.cells %}"), width),
        table_cell("cell"),
        cell(text("{%tc endfor %}"), width),
    )
    return table(
        "ConvgenTable",
        [width] * 3,
        [
            tag_row("if el.table.header", 3, width),
            header,
            tag_row("endif", 3, width),
            tag_row("for line in el.table.rows", 3, width),
            body,
            tag_row("endfor", 3, width),
        ],
        stretch=True,
        grid='{% for width in el.table.widths %}<w:gridCol w:w="{{ width }}"/>{% endfor %}',
    )


def elements(loop: str, *, headings: bool = True, tables: bool = True) -> str:
    """The loop that lays out a list of elements, each in its named style."""
    parts = [tag(f"for el in {loop}")]
    keyword = "if"
    for name, style in ELEMENT_STYLES:
        if not headings and name in HEADING_KINDS:
            continue
        parts.append(tag(f'{keyword} el.style == "{name}"'))
        parts.append(text("{{r el.text }}", style=style))
        keyword = "elif"
    if tables:
        parts.append(tag(f'{keyword} el.style == "{TABLE}"'))
        parts.append(tag("if el.table.title"))
        parts.append(text("{{ el.table.title }}", style="TableTitle"))
        parts.append(tag("endif"))
        parts.append(data_table())
        parts.append(tag("if el.table.caption"))
        parts.append(text("{{ el.table.caption }}", style="TableCaption"))
        parts.append(tag("endif"))
    parts.append(tag("else"))
    parts.append(text("{{r el.text }}", style=ELEMENT_BY_KIND[PARAGRAPH].style))
    parts.append(tag("endif"))
    parts.append(tag("endfor"))
    return "".join(parts)


def signature_table() -> str:
    half = TEXT_WIDTH // 2

    def block(side: str) -> str:
        return cell(
            tag("if signature_each")
            + text(f"{{{{r row.{side}.made }}}}", style="Signature")
            + tag("endif")
            + text(f"{{{{r row.{side}.party }}}}", style="Signature")
            + text(f"{{{{r row.{side}.quality }}}}", style="Signature")
            + text(f"{{{{r row.{side}.name }}}}", style="SignatureName"),
            half,
        )

    return table(
        "ConvgenSignatures",
        [half, half],
        [
            tag_row("for row in signature_rows", 2, half),
            row(block("left"), block("right")),
            tag_row("endfor", 2, half),
        ],
    )


def convention_body() -> str:
    return "".join(
        [
            text("{{r title.kind }}", style="Title"),
            text("{{r title.name }}", style="Subtitle"),
            tag("if title.period"),
            text("{{ title.period }}", style="Period"),
            tag("endif"),
            text(f"Entre{NBSP}:", style="Mention"),
            tag("for party in first_side"),
            text("{{r party.opening }}", style="Party"),
            tag("endfor"),
            text("D’une part,", style="MentionRight"),
            text("Et", style="Mention"),
            tag("for party in second_side"),
            text("{{r party.opening }}", style="Party"),
            tag("endfor"),
            text("D’autre part,", style="MentionRight"),
            tag("for term in collective"),
            text("{{r term }}", style="Party"),
            tag("endfor"),
            tag("for visa in visas"),
            text("{{r visa }}", style="Visa"),
            tag("endfor"),
            tag("for heading in preamble_heading"),
            text("{{r heading }}", style="Intertitle"),
            tag("endfor"),
            elements("preamble", headings=False, tables=False),
            tag("for closing in preamble_closing"),
            text("{{r closing }}", style="BodyText"),
            tag("endfor"),
            text("{{r opening }}", style="Intertitle"),
            elements("body"),
            para(
                run("{{r established }}"),
                run(" en "),
                run("{{r copies }}"),
                run("."),
                style="Closing",
                before=240,
            ),
            tag("if not signature_each"),
            para(
                run("Fait à "),
                run("{{r signature_place }}"),
                run(", le "),
                run("{{r signature_date }}"),
                style="Closing",
            ),
            tag("endif"),
            signature_table(),
            tag("if annexes"),
            text("Liste des annexes", style="Intertitle"),
            tag("for annex in annexes"),
            para(
                run(f"Annexe {{{{ annex.number }}}}{NBSP}: "),
                run("{{r annex.title }}"),
                style="AnnexList",
            ),
            tag("endfor"),
            tag("endif"),
            tag("for section in annex_sections"),
            text("{{r section.heading }}", style="AnnexHeading"),
            elements("section.body", headings=False),
            tag("endfor"),
        ]
    )


# --- the deliberation -----------------------------------------------------------------


def labelled(label: str, value: str, style: str = "BodyText") -> str:
    """« Label : value » with the label in bold and a no-break space before the colon."""
    return para(run(label, bold=True), run(f"{NBSP}: "), run(value), style=style)


def vote_table() -> str:
    label, value = 3400, TEXT_WIDTH - 3400
    rows = [
        tag_row("for row in vote_rows", 2, label),
        row(
            cell(text("{{ row.label }}", style="TableText"), label),
            cell(text("{{r row.value }}", style="TableText"), value),
        ),
        tag_row("endfor", 2, label),
    ]
    return table("ConvgenTable", [label, value], rows)


def deliberation_body() -> str:
    return "".join(
        [
            text("{{r authority }}", style="ActAuthority"),
            para(
                run("Extrait du registre des délibérations "),
                run("{{ register }}"),
                style="ActRegister",
            ),
            text("{{r session_heading }}", style="ActSession"),
            para(run(f"Délibération n°{NBSP}"), run("{{r number }}"), style="ActNumber"),
            para(run(f"OBJET{NBSP}: ", bold=True), run("{{r object }}"), style="ActObject"),
            text("{{r opening }}", style="BodyText"),
            text("{{r in_office }}", style="Counts"),
            text("{{ count_line }}", style="Counts"),
            tag("for item in lists"),
            labelled("{{ item.label }}", "{{r item.text }}", style="AttendanceList"),
            tag("endfor"),
            tag("for item in officers"),
            labelled("{{ item.label }}", "{{r item.text }}"),
            tag("endfor"),
            tag("if expose"),
            text("{{r expose_intro }}", style="Mention"),
            tag("for paragraph in expose"),
            text("{{r paragraph }}", style="BodyText"),
            tag("endfor"),
            tag("endif"),
            text("{{ assembly }}", style="Mention"),
            tag("for visa in visas"),
            para(run("Vu "), run("{{r visa }}"), run(f"{NNBSP};"), style="Visa"),
            tag("endfor"),
            tag("for consideration in considerations"),
            para(run("Considérant "), run("{{r consideration }}"), run(f"{NNBSP};"), style="Visa"),
            tag("endfor"),
            text("Après en avoir délibéré,", style="BodyText"),
            text(f"DÉCIDE{NBSP}:", style="Intertitle"),
            tag("for article in articles"),
            para(
                run("{{r article.label }}"),
                run(f"{NBSP}: "),
                run("{{r article.text }}"),
                style="Decision",
            ),
            tag("endfor"),
            text(f"Vote{NBSP}:", style="Mention"),
            vote_table(),
            text("{{ result }}", style="Result"),
            text("Pour extrait conforme,", style="Closing"),
            para(
                run("Fait à "),
                run("{{r signature_place }}"),
                run(", le "),
                run("{{r signature_date }}"),
                style="Closing",
            ),
            text("{{r signatory_title }}", style="Signature"),
            text("{{r signatory_name }}", style="SignatureName"),
            tag("for mention in mentions"),
            text("{{r mention }}", style="ActMention"),
            tag("endfor"),
            tag("for annex in annexes"),
            para(
                run("{{ annex.label }}"),
                run(f"{NBSP}: "),
                run("{{r annex.title }}"),
                style="AnnexList",
            ),
            tag("endfor"),
        ]
    )


def section_properties() -> str:
    return (
        '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>'
        '<w:footerReference w:type="default" r:id="rIdFooter"/>'
        '<w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1418" w:right="1418" w:bottom="1418" w:left="1418" '
        'w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>'
    )


def document_xml(body: str) -> bytes:
    return (
        f"{XML_HEAD}<w:document {NAMESPACES}><w:body>{body}{section_properties()}"
        "</w:body></w:document>"
    ).encode()


def header_xml() -> bytes:
    draft = (
        "{% if draft %}PROJET{% if version %} — {{ version }}{% endif %}"
        " — document de travail, non signé{% endif %}"
    )
    return f"{XML_HEAD}<w:hdr {NAMESPACES}>{text(draft, style='Header')}</w:hdr>".encode()


def footer_xml() -> bytes:
    def field(instruction: str) -> str:
        return f'<w:fldSimple w:instr=" {instruction} "><w:r><w:t>1</w:t></w:r></w:fldSimple>'

    page = para(run("Page "), field("PAGE"), run(" sur "), field("NUMPAGES"), style="Footer")
    return f"{XML_HEAD}<w:ftr {NAMESPACES}>{page}</w:ftr>".encode()


# --- styles --------------------------------------------------------------------------
# Every style is data in the contract (convgen.rendering.contract.STYLES); one loop
# writes them, in the order the contract declares them.


def paragraph_properties(p: ParagraphFormat | None) -> str:
    """``w:pPr``, its children in the order the OOXML schema requires."""
    if p is None:
        return ""
    out = ""
    if p.keep_next:
        out += "<w:keepNext/><w:keepLines/>"
    if p.page_break:
        out += "<w:pageBreakBefore/>"
    if p.list_level is not None:  # the one bullet list of numbering.xml
        out += f'<w:numPr><w:ilvl w:val="{p.list_level}"/><w:numId w:val="1"/></w:numPr>'
    if p.right_tab is not None:
        out += f'<w:tabs><w:tab w:val="right" w:pos="{p.right_tab}"/></w:tabs>'
    if p.before is not None or p.after is not None:
        spacing = ""
        if p.before is not None:
            spacing += f' w:before="{p.before}"'
        if p.after is not None:
            spacing += f' w:after="{p.after}"'
        out += f"<w:spacing{spacing}/>"
    if p.indent is not None:
        out += f'<w:ind w:left="{p.indent}"/>'
    if p.align:
        out += f'<w:jc w:val="{p.align}"/>'
    if p.outline is not None:
        out += f'<w:outlineLvl w:val="{p.outline}"/>'
    return f"<w:pPr>{out}</w:pPr>" if out else ""


def run_properties(r: RunFormat | None) -> str:
    if r is None:
        return ""
    out = ""
    if r.bold:
        out += "<w:b/><w:bCs/>"
    if r.italic:
        out += "<w:i/><w:iCs/>"
    if r.caps:
        out += "<w:caps/>"
    if r.size:
        out += f'<w:sz w:val="{r.size}"/><w:szCs w:val="{r.size}"/>'
    if r.shading:
        out += f'<w:shd w:val="clear" w:color="auto" w:fill="{r.shading}"/>'
    return f"<w:rPr>{out}</w:rPr>" if out else ""


def table_properties(t: TableFormat | None) -> str:
    if t is None:
        return ""
    out = ""
    if t.indent is not None:
        out += f'<w:tblInd w:w="{t.indent}" w:type="dxa"/>'
    if t.borders:
        edge = 'w:val="single" w:sz="4" w:space="0" w:color="808080"'
        out += (
            f"<w:tblBorders><w:top {edge}/><w:left {edge}/><w:bottom {edge}/><w:right {edge}/>"
            f"<w:insideH {edge}/><w:insideV {edge}/></w:tblBorders>"
        )
    margins = "".join(
        f'<w:{side} w:w="{width}" w:type="dxa"/>'
        for side, width in zip(("top", "left", "bottom", "right"), t.margins, strict=True)
    )
    return f"<w:tblPr>{out}<w:tblCellMar>{margins}</w:tblCellMar></w:tblPr>"


def style_xml(s: Style) -> str:
    """One ``w:style``."""
    default = ' w:default="1"' if s.default else ""
    if s.type in ("table", "numbering"):  # the attribute order Word writes for these
        attrs = f'w:type="{s.type}"{default} w:styleId="{s.id}"'
    else:
        attrs = f'w:type="{s.type}" w:styleId="{s.id}"{default}'
    out = f'<w:style {attrs}><w:name w:val="{s.name}"/>'
    if s.based:
        out += f'<w:basedOn w:val="{s.based}"/>'
    if s.next:
        out += f'<w:next w:val="{s.next}"/>'
    if s.priority is not None:
        out += f'<w:uiPriority w:val="{s.priority}"/>'
    if s.hidden:
        out += "<w:semiHidden/>"
    if s.type in ("paragraph", "character"):
        out += "<w:qFormat/>"
    out += paragraph_properties(s.paragraph) + run_properties(s.run) + table_properties(s.table)
    return out + "</w:style>"


def styles_xml() -> bytes:
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
        '<w:sz w:val="21"/><w:szCs w:val="21"/>'
        '<w:lang w:val="fr-FR" w:eastAsia="fr-FR" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:spacing w:after="120" w:line="264" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    styles = "".join(style_xml(s) for s in STYLES)
    return f"{XML_HEAD}<w:styles {NAMESPACES}>{defaults}{styles}</w:styles>".encode()


def numbering_xml() -> bytes:
    def level(ilvl: int, symbol: str, left: int) -> str:
        return (
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
            f'<w:lvlText w:val="{symbol}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:hanging="357"/></w:pPr>'
            f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:hint="default"/>'
            "</w:rPr></w:lvl>"
        )

    abstract = (
        '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>'
        + level(0, "•", 714)
        + level(1, "–", 1428)
        + level(2, "·", 2142)
        + "</w:abstractNum>"
    )
    return (
        f"{XML_HEAD}<w:numbering {NAMESPACES}>{abstract}"
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    ).encode()


def settings_xml() -> bytes:
    return (
        f"{XML_HEAD}<w:settings {NAMESPACES}>"
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="708"/><w:hyphenationZone w:val="425"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        '<w:themeFontLang w:val="fr-FR"/><w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/>'
        "</w:settings>"
    ).encode()


def font_table_xml() -> bytes:
    return (
        f'{XML_HEAD}<w:fonts {NAMESPACES}><w:font w:name="{FONT}"><w:altName w:val="Arial"/>'
        '<w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/>'
        "</w:font></w:fonts>"
    ).encode()


def core_xml(title: str) -> bytes:
    return (
        f"{XML_HEAD}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:subject></dc:subject><dc:creator>convgen</dc:creator>"
        "<cp:keywords></cp:keywords><cp:lastModifiedBy>convgen</cp:lastModifiedBy>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def app_xml() -> bytes:
    return (
        f'{XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>convgen</Application></Properties>"
    ).encode()


OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml"

# (part, content type, relationship type from the document)
WORD_PARTS = (
    ("styles.xml", f"{WORD_TYPE}.styles+xml", "styles", "rIdStyles"),
    ("numbering.xml", f"{WORD_TYPE}.numbering+xml", "numbering", "rIdNumbering"),
    ("settings.xml", f"{WORD_TYPE}.settings+xml", "settings", "rIdSettings"),
    ("fontTable.xml", f"{WORD_TYPE}.fontTable+xml", "fontTable", "rIdFonts"),
    ("header1.xml", f"{WORD_TYPE}.header+xml", "header", "rIdHeader"),
    ("footer1.xml", f"{WORD_TYPE}.footer+xml", "footer", "rIdFooter"),
)


def content_types() -> bytes:
    overrides = [
        ("/word/document.xml", f"{WORD_TYPE}.document.main+xml"),
        *((f"/word/{part}", kind) for part, kind, _, _ in WORD_PARTS),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        ),
    ]
    body = (
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
    )
    body += "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in overrides)
    return f'{XML_HEAD}<Types xmlns="{PACKAGE}/content-types">{body}</Types>'.encode()


def relationships(items: list[tuple[str, str, str]]) -> bytes:
    body = "".join(
        f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in items
    )
    return (
        f'{XML_HEAD}<Relationships xmlns="{PACKAGE}/relationships">{body}</Relationships>'.encode()
    )


def package_rels() -> bytes:
    return relationships(
        [
            ("rId1", f"{OFFICE}/relationships/officeDocument", "word/document.xml"),
            ("rId2", f"{PACKAGE}/relationships/metadata/core-properties", "docProps/core.xml"),
            ("rId3", f"{OFFICE}/relationships/extended-properties", "docProps/app.xml"),
        ]
    )


def document_rels() -> bytes:
    return relationships(
        [(rid, f"{OFFICE}/relationships/{kind}", part) for part, _, kind, rid in WORD_PARTS]
    )


def package(body: str, title: str) -> bytes:
    """A complete .docx package around ``body``."""
    return write_package(
        [
            ("[Content_Types].xml", content_types()),
            ("_rels/.rels", package_rels()),
            ("docProps/core.xml", core_xml(title)),
            ("docProps/app.xml", app_xml()),
            ("word/document.xml", document_xml(body)),
            ("word/_rels/document.xml.rels", document_rels()),
            ("word/styles.xml", styles_xml()),
            ("word/numbering.xml", numbering_xml()),
            ("word/settings.xml", settings_xml()),
            ("word/fontTable.xml", font_table_xml()),
            ("word/header1.xml", header_xml()),
            ("word/footer1.xml", footer_xml()),
        ]
    )


def templates() -> dict[str, bytes]:
    """Every shipped template, by file name."""
    return {
        "convention.docx": package(convention_body(), "Modèle convgen : convention"),
        "deliberation.docx": package(deliberation_body(), "Modèle convgen : délibération"),
    }


def doc_tables() -> dict[str, str]:
    """The tables of ``docs/templates.md`` drawn from the contract, by block name."""
    return {
        "styles": contract.markdown_styles(),
        "convention": contract.markdown_variables("convention"),
        "elements": contract.markdown_elements(),
        "deliberation": contract.markdown_variables("deliberation"),
    }


def documentation(text: str) -> str:
    """``text`` (docs/templates.md) with each ``<!-- contrat:NAME -->`` block rewritten."""
    for name, table in doc_tables().items():
        start, end = f"<!-- contrat:{name} -->", f"<!-- /contrat:{name} -->"
        before, found, rest = text.partition(start)
        if not found or end not in rest:
            raise ValueError(f"docs/templates.md: {start} … {end} absent")
        text = f"{before}{start}\n{table}\n{end}{rest.partition(end)[2]}"
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="only compare with the committed files"
    )
    args = parser.parse_args(argv)
    stale = []
    for name, content in templates().items():
        target = TEMPLATES / name
        if target.exists() and target.read_bytes() == content:
            continue
        if args.check:
            stale.append(name)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            print(f"écrit : {target.relative_to(ROOT)}")
    docs = DOCS.read_text(encoding="utf-8")
    if documentation(docs) != docs:
        if args.check:
            stale.append(str(DOCS.relative_to(ROOT)))
        else:
            DOCS.write_text(documentation(docs), encoding="utf-8")
            print(f"écrit : {DOCS.relative_to(ROOT)}")
    if stale:
        print("modèles à régénérer (python tools/make_templates.py) : " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
