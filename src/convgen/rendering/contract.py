"""The template contract: what a Word template may use, and what the renderer needs of it.

One declaration, read by everyone who needs it: the renderer (the gap style),
``tools/make_templates.py`` (the styles of the shipped templates, written from
:data:`STYLES` by one loop, and the element loop, from :data:`ELEMENTS`),
``docs/templates.md`` (its tables of styles and variables are
:func:`markdown_styles` and :func:`markdown_variables`, kept in step by a test)
and the template check (:mod:`convgen.rendering.template_check`, which walks the
Jinja tree of an institution's template against :data:`CONTEXTS`).

The context of each kind of template is typed: a variable is a leaf (a text, a
rich text to insert with ``{{r … }}``, a flag, a number), a record (named
fields) or a list of one of those; a list's items carry the name the shipped
template gives its loop variable (``party``, ``el``, ``row``…), for the
documentation. :func:`conformity` checks a context the renderer built against
its declaration: the tests run it on every fixture, so the contract cannot
drift from what :mod:`convgen.rendering.convention` and
:mod:`convgen.rendering.deliberation` actually put in the context.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from docxtpl import RichText
from jinja2 import nodes
from jinja2.defaults import DEFAULT_NAMESPACE

# --- styles -------------------------------------------------------------------------

GAP_STYLE = "Lacune"  # the character style of the gaps the renderer highlights
TEXT_WIDTH = 9070  # A4 width 11906 minus two margins of 1418 (2,5 cm), in twips


@dataclass(frozen=True)
class ParagraphFormat:
    """Paragraph properties of a style (spacings and indents in twips)."""

    keep_next: bool = False  # with the next paragraph, lines together
    page_break: bool = False  # starts a new page
    list_level: int | None = None  # level in the bullet list of the numbering part
    right_tab: int | None = None  # a right-aligned tab stop at this position
    before: int | None = None
    after: int | None = None
    indent: int | None = None  # left indent
    align: str | None = None  # left, center, right, both (justified)
    outline: int | None = None  # outline level: a bookmark in the PDF, an entry in Word's pane


@dataclass(frozen=True)
class RunFormat:
    """Character properties of a style (size in half-points)."""

    bold: bool = False
    italic: bool = False
    caps: bool = False
    size: int | None = None
    shading: str | None = None  # background colour, RGB hex


@dataclass(frozen=True)
class TableFormat:
    """Table properties of a table style (in twips)."""

    borders: bool = False
    margins: tuple[int, int, int, int] = (40, 100, 40, 100)  # top, left, bottom, right
    indent: int | None = None


@dataclass(frozen=True)
class Style:
    """One style of the templates: its id (what the XML and the renderer name), the name
    Word stores (``name``) and the name a French Word shows (``shown``)."""

    id: str
    name: str
    type: str  # paragraph, character, table, numbering
    shown: str
    role: str  # what it formats, in French
    based: str | None = "Normal"
    next: str | None = None
    paragraph: ParagraphFormat | None = None
    run: RunFormat | None = None
    table: TableFormat | None = None
    default: bool = False
    priority: int | None = None
    hidden: bool = False
    kinds: tuple[str, ...] = ("convention", "deliberation")  # the templates that use it


P, R, T = ParagraphFormat, RunFormat, TableFormat
_CONVENTION, _DELIBERATION = ("convention",), ("deliberation",)

STYLES: tuple[Style, ...] = (
    Style("Normal", "Normal", "paragraph", "Normal", "style de base", based=None, default=True),
    Style(
        "DefaultParagraphFont",
        "Default Paragraph Font",
        "character",
        "Police par défaut",
        "style de caractère de base",
        based=None,
        default=True,
        priority=1,
    ),
    Style(
        "TableNormal",
        "Normal Table",
        "table",
        "Tableau Normal",
        "style de tableau de base",
        based=None,
        table=T(margins=(0, 108, 0, 108), indent=0),
        default=True,
        priority=99,
        hidden=True,
    ),
    Style(
        "NoList",
        "No List",
        "numbering",
        "Aucune liste",
        "style de liste de base",
        based=None,
        default=True,
        priority=99,
        hidden=True,
    ),
    # The title block.
    Style(
        "Title",
        "Title",
        "paragraph",
        "Titre",
        "nature de l'acte",
        paragraph=P(after=60, align="center"),
        run=R(bold=True, caps=True, size=32),
        kinds=_CONVENTION,
    ),
    Style(
        "Subtitle",
        "Subtitle",
        "paragraph",
        "Sous-titre",
        "intitulé de la convention",
        paragraph=P(after=60, align="center"),
        run=R(bold=True, caps=True, size=26),
        kinds=_CONVENTION,
    ),
    Style(
        "Period",
        "Période",
        "paragraph",
        "Période",
        "période de la convention",
        paragraph=P(after=480, align="center"),
        run=R(bold=True, size=26),
        kinds=_CONVENTION,
    ),
    # The opening « Entre : … Et … ».
    Style(
        "Mention",
        "Mention",
        "paragraph",
        "Mention",
        "« Entre : », « Et » ; dans une délibération, « … expose : », l'assemblée, « Vote : »",
        paragraph=P(keep_next=True, before=240, after=120),
        run=R(bold=True),
    ),
    Style(
        "MentionRight",
        "Mention à droite",
        "paragraph",
        "Mention à droite",
        "« D'une part, », « D'autre part, »",
        based="Mention",
        paragraph=P(align="right"),
        kinds=_CONVENTION,
    ),
    Style(
        "Party",
        "Comparution",
        "paragraph",
        "Comparution",
        "le paragraphe de chaque partie",
        paragraph=P(after=160, align="both"),
        kinds=_CONVENTION,
    ),
    Style(
        "Intertitle",
        "Intertitre",
        "paragraph",
        "Intertitre",
        "« ÉTANT PRÉALABLEMENT EXPOSÉ QUE : », « IL EST ARRÊTÉ… », « Liste des annexes », "
        "« DÉCIDE : »",
        paragraph=P(keep_next=True, before=360, after=240),
        run=R(bold=True),
    ),
    # Articles.
    Style(
        "Heading1",
        "heading 1",
        "paragraph",
        "Titre 1",
        "articles (niveau de plan 1)",
        next="BodyText",
        paragraph=P(keep_next=True, before=360, after=120, outline=0),
        run=R(bold=True, size=22),
        kinds=_CONVENTION,
    ),
    Style(
        "Heading2",
        "heading 2",
        "paragraph",
        "Titre 2",
        "sous-articles (niveau de plan 2)",
        next="BodyText",
        paragraph=P(keep_next=True, before=240, after=120, outline=1),
        run=R(bold=True),
        kinds=_CONVENTION,
    ),
    Style(
        "Heading3",
        "heading 3",
        "paragraph",
        "Titre 3",
        "sous-sous-articles (niveau de plan 3)",
        next="BodyText",
        paragraph=P(keep_next=True, before=180, after=120, outline=2),
        run=R(bold=True, italic=True),
        kinds=_CONVENTION,
    ),
    Style(
        "BodyText",
        "Body Text",
        "paragraph",
        "Corps de texte",
        "paragraphes",
        paragraph=P(after=120, align="both"),
    ),
    Style(
        "Closing",
        "Formule finale",
        "paragraph",
        "Formule finale",
        "« établie en N exemplaires », « Pour extrait conforme, », « Fait à … »",
        paragraph=P(keep_next=True, after=120),
    ),
    Style(
        "ListBullet",
        "List Bullet",
        "paragraph",
        "Liste à puces",
        "engagements et listes, vraies listes Word",
        paragraph=P(list_level=0, after=80, align="both"),
        kinds=_CONVENTION,
    ),
    Style(
        "ListBullet2",
        "List Bullet 2",
        "paragraph",
        "Liste à puces 2",
        "second niveau des listes",
        paragraph=P(list_level=1, after=60, align="both"),
        kinds=_CONVENTION,
    ),
    # Tables.
    Style(
        "TableTitle",
        "Titre de tableau",
        "paragraph",
        "Titre de tableau",
        "titre d'un tableau (plan de financement, tableaux de « tables »)",
        paragraph=P(keep_next=True, before=120, after=120),
        run=R(bold=True),
        kinds=_CONVENTION,
    ),
    Style(
        "TableHeading",
        "En-tête de tableau",
        "paragraph",
        "En-tête de tableau",
        "en-têtes, libellés de total et colonnes en gras des tableaux",
        paragraph=P(after=0),
        run=R(bold=True, size=19),
        kinds=_CONVENTION,
    ),
    Style(
        "TableText",
        "Texte de tableau",
        "paragraph",
        "Texte de tableau",
        "cellules de texte (tableaux, vote)",
        paragraph=P(after=0),
        run=R(size=19),
    ),
    Style(
        "TableAmount",
        "Montant de tableau",
        "paragraph",
        "Montant de tableau",
        "montants, pourcentages et nombres des tableaux, alignés à droite",
        based="TableText",
        paragraph=P(align="right"),
        kinds=_CONVENTION,
    ),
    Style(
        "TableTotal",
        "Total de tableau",
        "paragraph",
        "Total de tableau",
        "totaux et sous-totaux des tableaux, en gras",
        based="TableAmount",
        run=R(bold=True),
        kinds=_CONVENTION,
    ),
    Style(
        "TableSubline",
        "Sous-ligne de tableau",
        "paragraph",
        "Sous-ligne de tableau",
        "libellé d'une sous-ligne, en retrait",
        based="TableText",
        paragraph=P(indent=284),
        kinds=_CONVENTION,
    ),
    Style(
        "TableCaption",
        "Légende de tableau",
        "paragraph",
        "Légende de tableau",
        "légende d'un tableau",
        paragraph=P(before=60, after=240),
        run=R(italic=True, size=18),
        kinds=_CONVENTION,
    ),
    Style(
        "ConvgenTable",
        "Tableau convgen",
        "table",
        "Tableau convgen",
        "tableaux (plan de financement, « tables »), tableau du vote",
        based="TableNormal",
        table=T(borders=True),
    ),
    Style(
        "ConvgenSignatures",
        "Tableau des signatures",
        "table",
        "Tableau des signatures",
        "blocs de signature côte à côte",
        based="TableNormal",
        table=T(borders=False),
        kinds=_CONVENTION,
    ),
    # Signatures and annexes.
    Style(
        "Signature",
        "Signature",
        "paragraph",
        "Signature",
        "partie et qualité du signataire",
        paragraph=P(keep_next=True, after=0),
    ),
    Style(
        "SignatureName",
        "Nom du signataire",
        "paragraph",
        "Nom du signataire",
        "nom du signataire, sous la place de la signature",
        paragraph=P(before=960, after=360),
        run=R(bold=True),
    ),
    Style(
        "AnnexList",
        "Liste des annexes",
        "paragraph",
        "Liste des annexes",
        "chaque annexe de la liste",
        paragraph=P(after=60, indent=360),
    ),
    Style(
        "AnnexHeading",
        "Titre d'annexe",
        "paragraph",
        "Titre d'annexe",
        "titre d'une annexe imprimée (nouvelle page, niveau de plan 1)",
        next="BodyText",
        paragraph=P(keep_next=True, page_break=True, after=240, align="center", outline=0),
        run=R(bold=True, size=24),
        kinds=_CONVENTION,
    ),
    # The deliberation.
    Style(
        "ActAuthority",
        "Collectivité",
        "paragraph",
        "Collectivité",
        "nom de la collectivité",
        paragraph=P(after=60, align="center"),
        run=R(bold=True, caps=True, size=24),
        kinds=_DELIBERATION,
    ),
    Style(
        "ActRegister",
        "Registre",
        "paragraph",
        "Registre",
        "« Extrait du registre des délibérations … »",
        paragraph=P(after=240, align="center"),
        run=R(bold=True, caps=True),
        kinds=_DELIBERATION,
    ),
    Style(
        "ActSession",
        "Séance",
        "paragraph",
        "Séance",
        "« Séance du … »",
        paragraph=P(after=60, align="center"),
        run=R(bold=True),
        kinds=_DELIBERATION,
    ),
    Style(
        "ActNumber",
        "Numéro de l'acte",
        "paragraph",
        "Numéro de l'acte",
        "« Délibération n° … »",
        paragraph=P(after=240, align="center"),
        run=R(bold=True),
        kinds=_DELIBERATION,
    ),
    Style(
        "ActObject",
        "Objet de l'acte",
        "paragraph",
        "Objet de l'acte",
        "« OBJET : … »",
        paragraph=P(after=240, align="both"),
        kinds=_DELIBERATION,
    ),
    Style(
        "Counts",
        "Décompte",
        "paragraph",
        "Décompte",
        "membres en exercice, présents, votants",
        paragraph=P(after=60),
        kinds=_DELIBERATION,
    ),
    Style(
        "AttendanceList",
        "Liste de présence",
        "paragraph",
        "Liste de présence",
        "« Étaient présents : … » et les autres listes",
        paragraph=P(before=120, after=120, align="both"),
        kinds=_DELIBERATION,
    ),
    Style(
        "Visa",
        "Visa",
        "paragraph",
        "Visa",
        "« Vu … ; », « Considérant … ; » ; les visas d'une convention (« VU … ; »)",
        paragraph=P(after=60, align="both"),
    ),
    # an outline level, so that the PDF has a bookmark for each article of the decision
    Style(
        "Decision",
        "Article de la décision",
        "paragraph",
        "Article de la décision",
        "articles de la décision (niveau de plan 1)",
        paragraph=P(after=120, align="both", outline=0),
        kinds=_DELIBERATION,
    ),
    Style(
        "Result",
        "Résultat du vote",
        "paragraph",
        "Résultat du vote",
        "phrase du résultat du vote",
        paragraph=P(before=120, after=240),
        run=R(bold=True),
        kinds=_DELIBERATION,
    ),
    Style(
        "ActMention",
        "Mention légale",
        "paragraph",
        "Mention légale",
        "caractère exécutoire, télétransmission, voies de recours",
        paragraph=P(after=60, align="both"),
        run=R(size=18),
        kinds=_DELIBERATION,
    ),
    # Header, footer and gaps.
    Style(
        "Header",
        "header",
        "paragraph",
        "En-tête",
        "« PROJET » en en-tête d'un projet",
        paragraph=P(after=0, align="right", right_tab=TEXT_WIDTH),
        run=R(bold=True, size=18),
    ),
    Style(
        "Footer",
        "footer",
        "paragraph",
        "Pied de page",
        "« Page N sur M »",
        paragraph=P(after=0, align="center"),
        run=R(size=16),
    ),
    Style(
        GAP_STYLE,
        "Lacune",
        "character",
        "Lacune",
        "mentions à compléter, surlignées en jaune (style de caractère que convgen applique)",
        based="DefaultParagraphFont",
        run=R(bold=True, shading="FFFF00"),
    ),
)

STYLE_BY_ID: Mapping[str, Style] = {s.id: s for s in STYLES}

# The styles the renderer writes itself into the text it inserts (the template does not
# name them): a template without them renders, but loses what they show.
RENDERER_STYLES: tuple[Style, ...] = (STYLE_BY_ID[GAP_STYLE],)

# --- elements -----------------------------------------------------------------------


@dataclass(frozen=True)
class Element:
    """A kind of element of a list of elements (``body``, ``preamble``, ``section.body``):
    the value of ``el.style``, and the style the shipped template gives it."""

    kind: str
    style: str
    role: str


ELEMENTS: tuple[Element, ...] = (
    Element("h1", "Heading1", "titre d'article"),
    Element("h2", "Heading2", "titre de sous-article"),
    Element("h3", "Heading3", "titre de sous-sous-article"),
    Element("p", "BodyText", "paragraphe"),
    Element("bullet", "ListBullet", "élément de liste"),
    Element("bullet2", "ListBullet2", "élément de liste de second niveau"),
    Element(
        "table",
        "ConvgenTable",
        "tableau : plan de financement ou tableau de « tables » (porte aussi `el.table`)",
    ),
)
ELEMENT_BY_KIND: Mapping[str, Element] = {e.kind: e for e in ELEMENTS}
ELEMENT_KINDS: tuple[str, ...] = tuple(ELEMENT_BY_KIND)
HEADING_KINDS: tuple[str, ...] = ("h1", "h2", "h3")  # by article level
PARAGRAPH, BULLET, BULLET2, TABLE = "p", "bullet", "bullet2", "table"

# How the template lays out a cell of a table (``cell.style``), and the style the shipped
# template gives it; and what a row of a table is (``line.kind``).
CELL_TEXT, CELL_AMOUNT, CELL_STRONG, CELL_STRONG_AMOUNT, CELL_INDENTED = (
    "text",
    "amount",
    "strong",
    "strong_amount",
    "indented",
)
CELL_STYLES: Mapping[str, str] = {
    CELL_TEXT: "TableText",
    CELL_AMOUNT: "TableAmount",
    CELL_STRONG: "TableHeading",
    CELL_STRONG_AMOUNT: "TableTotal",
    CELL_INDENTED: "TableSubline",
}
ROW_LINE, ROW_SUBTOTAL, ROW_SUBLINE, ROW_TOTAL = "line", "subtotal", "subline", "total"
ROW_KINDS: tuple[str, ...] = (ROW_LINE, ROW_SUBTOTAL, ROW_SUBLINE, ROW_TOTAL)

# --- the typed context --------------------------------------------------------------


@dataclass(frozen=True)
class Leaf:
    """A value the template prints or tests."""

    label: str  # in French, for the documentation
    python: type
    choices: tuple[str, ...] = ()  # the values it takes, when they are a closed set
    plural: str = ""

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Field:
    name: str
    type: Type
    doc: str
    optional: bool = False  # present in some records only (said in ``doc``)


@dataclass(frozen=True)
class Record:
    """An object with named fields; ``var`` is the name the shipped template gives it in
    its loop, ``noun`` what it is, in French."""

    noun: str
    var: str
    fields: tuple[Field, ...]
    plural: str = ""  # the noun in the plural, when not noun + « s »

    def field(self, name: str) -> Field | None:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        return None

    def __str__(self) -> str:
        return self.noun


@dataclass(frozen=True)
class ListOf:
    item: Type

    def __str__(self) -> str:
        return f"liste de {_plural(self.item)}"


Type = Leaf | Record | ListOf


def _plural(declared: Type) -> str:
    if isinstance(declared, ListOf):
        return "listes"
    if declared.plural:
        return declared.plural
    noun = declared.label if isinstance(declared, Leaf) else declared.noun
    first, _, rest = noun.partition(" ")
    return f"{first}s {rest}".strip()


TEXT = Leaf("texte", str)
RICH = Leaf("texte riche", RichText, plural="textes riches")
FLAG = Leaf("vrai ou faux", bool)
NUMBER = Leaf("nombre", int)
STYLE_KIND = Leaf("texte", str, ELEMENT_KINDS)

CELL_STYLE = Leaf("texte", str, tuple(CELL_STYLES))
ROW_KIND = Leaf("texte", str, ROW_KINDS)
TABLE_CELL = Record(
    "cellule de tableau",
    "cell",
    (
        Field("text", RICH, "valeur imprimée (montant « 30 000 € », taux « 20 % », date, texte)"),
        Field(
            "style",
            CELL_STYLE,
            "mise en forme : " + ", ".join(f"`{k}` ({v})" for k, v in CELL_STYLES.items()),
        ),
        Field("width", NUMBER, "largeur de la colonne, en vingtièmes de point (twips)"),
    ),
    plural="cellules de tableau",
)
TABLE_ROW = Record(
    "ligne de tableau",
    "line",
    (
        Field(
            "kind",
            ROW_KIND,
            "`line` (ligne), `subtotal` (ligne qui a des sous-lignes), `subline` (sous-ligne), "
            "`total` (ligne de total)",
        ),
        Field("cells", ListOf(TABLE_CELL), "cellules, une par colonne"),
    ),
    plural="lignes de tableau",
)
TABLE_CONTEXT = Record(
    "tableau",
    "el.table",
    (
        Field("title", TEXT, "titre du tableau, ou vide"),
        Field(
            "header", ListOf(TABLE_CELL), "intitulés des colonnes ; vide : pas de ligne d'en-tête"
        ),
        Field("rows", ListOf(TABLE_ROW), "lignes, sous-lignes à la suite de leur ligne, total"),
        Field("widths", ListOf(NUMBER), "largeur de chaque colonne, en vingtièmes de point"),
        Field(
            "caption",
            TEXT,
            "légende, ou vide (celle du plan de financement : annuel ou pluriannuel, plafond)",
        ),
    ),
)
ELEMENT = Record(
    "élément",
    "el",
    (
        Field(
            "style", STYLE_KIND, "sorte d'élément : " + ", ".join(f"`{k}`" for k in ELEMENT_KINDS)
        ),
        Field("text", RICH, "texte de l'élément (vide pour `table`)"),
        Field("table", TABLE_CONTEXT, "le tableau, pour un élément `table`", True),
    ),
)
PARTY = Record(
    "partie",
    "party",
    (
        Field("opening", RICH, "paragraphe de comparution"),
        Field("id", TEXT, "identifiant de la partie"),
    ),
)
SIGNATORY = Record(
    "bloc de signature",
    "row.left",
    (
        Field("party", RICH, "« Pour la … , »"),
        Field("quality", RICH, "qualité du signataire (« La Présidente, »), ou vide"),
        Field("name", RICH, "nom du signataire"),
        Field(
            "made",
            RICH,
            "« Fait à …, le … » de ce signataire quand chacun date sa signature "
            "(signatures en navette), vide sinon",
        ),
    ),
)
SIGNATURE_ROW = Record(
    "ligne de signatures",
    "row",
    (
        Field("left", SIGNATORY, "bloc de gauche"),
        Field("right", SIGNATORY, "bloc de droite (vide pour une dernière partie seule)"),
    ),
)
CONVENTION_TITLE = Record(
    "bloc de titre",
    "title",
    (
        Field("kind", RICH, "nature de l'acte (« Convention de partenariat »)"),
        Field("name", RICH, "intitulé"),
        Field("period", TEXT, "période (« 2022-2025 »), ou vide"),
    ),
)
ANNEX = Record(
    "annexe",
    "annex",
    (
        Field("number", NUMBER, "numéro de l'annexe"),
        Field("title", RICH, "titre de l'annexe"),
    ),
)
ANNEX_SECTION = Record(
    "annexe imprimée",
    "section",
    (
        Field("heading", RICH, "« Annexe N : titre »"),
        Field("body", ListOf(ELEMENT), "éléments du contenu de l'annexe"),
    ),
    plural="annexes imprimées",
)
LABELLED = Record(
    "ligne libellée",
    "item",
    (
        Field("label", TEXT, "libellé (« Étaient présents », « Secrétaire de séance »)"),
        Field("text", RICH, "noms, séparés par « – »"),
    ),
    plural="lignes libellées",
)
DECISION_ARTICLE = Record(
    "article de la décision",
    "article",
    (
        Field("label", RICH, "« Article 1er »"),
        Field("text", RICH, "ce que l'article décide"),
    ),
)
VOTE_ROW = Record(
    "ligne du vote",
    "row",
    (
        Field("label", TEXT, "« Votants », « Pour », « Contre »…"),
        Field("value", RICH, "nombre, et noms le cas échéant"),
    ),
)
APPROVED = Record(
    "convention approuvée",
    "annex",
    (
        Field("label", TEXT, "« Annexe » ou « Annexe N »"),
        Field("title", RICH, "titre de la convention approuvée"),
    ),
    plural="conventions approuvées",
)

_DRAFT = Field("draft", FLAG, "vrai pour un projet")
_VERSION = Field("version", TEXT, "libellé de la version, ou vide")

CONTEXTS: Mapping[str, tuple[Field, ...]] = {
    "convention": (
        _DRAFT,
        _VERSION,
        Field("title", CONVENTION_TITLE, "bloc de titre"),
        Field("first_side", ListOf(PARTY), "parties après « Entre : »"),
        Field("second_side", ListOf(PARTY), "parties après « Et »"),
        Field("visas", ListOf(RICH), "visas, chacun « VU … ; », après la comparution"),
        Field(
            "preamble_heading",
            ListOf(RICH),
            "titre du préambule (« ÉTANT PRÉALABLEMENT EXPOSÉ QUE : ») : un texte, ou aucun",
        ),
        Field("preamble", ListOf(ELEMENT), "éléments du préambule (sans titre ni tableau)"),
        Field(
            "preamble_closing",
            ListOf(RICH),
            "formule qui clôt le préambule (« Ceci précisé, ») : un texte, ou aucun",
        ),
        Field("opening", RICH, "formule qui ouvre les articles (« IL EST ARRÊTÉ ET CONVENU… »)"),
        Field("body", ListOf(ELEMENT), "éléments des articles, dans l'ordre"),
        Field(
            "established",
            RICH,
            "« La présente convention est établie » (« Le présent avenant est établi » pour "
            "un avenant), que suit « en » et le nombre d'exemplaires",
        ),
        Field("copies", RICH, "« 7 exemplaires originaux »"),
        Field("signature_place", RICH, "lieu de signature, ou un blanc à remplir"),
        Field("signature_date", RICH, "date de signature, ou un blanc à remplir"),
        Field("signature_rows", ListOf(SIGNATURE_ROW), "blocs de signature, deux par ligne"),
        Field(
            "signature_each",
            FLAG,
            "vrai quand chaque signataire date sa signature : pas de « Fait à … » commun",
        ),
        Field(
            "collective",
            ListOf(RICH),
            "la dénomination collective des parties (« Ci-après ensemble dénommées "
            "« les Parties ». »), s'il y en a une",
        ),
        Field("annexes", ListOf(ANNEX), "liste des annexes"),
        Field("annex_sections", ListOf(ANNEX_SECTION), "annexes imprimées dans le document"),
    ),
    "deliberation": (
        _DRAFT,
        _VERSION,
        Field("authority", RICH, "nom de la collectivité"),
        Field("register", TEXT, "« du conseil municipal » : suite de « Extrait du registre… »"),
        Field("session_heading", RICH, "« Séance du jeudi 16 décembre 2021 »"),
        Field("number", RICH, "numéro de la délibération"),
        Field("object", RICH, "objet"),
        Field("opening", RICH, "phrase d'ouverture de la séance"),
        Field("in_office", RICH, "« Nombre de conseillers en exercice : … »"),
        Field("count_line", TEXT, "« Présents : … — Votants : … »"),
        Field("lists", ListOf(LABELLED), "listes de présence, de pouvoirs, d'excusés, d'absents"),
        Field("officers", ListOf(LABELLED), "secrétaire de séance, rapporteur"),
        Field("expose_intro", RICH, "« Le Maire expose : »"),
        Field("expose", ListOf(RICH), "paragraphes de l'exposé"),
        Field("assembly", TEXT, "« Le Conseil municipal, »"),
        Field("visas", ListOf(RICH), "visas, sans « Vu »"),
        Field("considerations", ListOf(RICH), "considérants, sans « Considérant »"),
        Field("articles", ListOf(DECISION_ARTICLE), "articles de la décision"),
        Field("vote_rows", ListOf(VOTE_ROW), "tableau du vote"),
        Field("result", TEXT, "phrase du résultat du vote"),
        Field("signature_place", RICH, "lieu de signature, ou un blanc à remplir"),
        Field("signature_date", RICH, "date de signature, ou un blanc à remplir"),
        Field("signatory_title", RICH, "« Le Maire, »"),
        Field("signatory_name", RICH, "nom du signataire"),
        Field("mentions", ListOf(RICH), "mentions légales de fin d'acte"),
        Field("annexes", ListOf(APPROVED), "conventions approuvées, annexées"),
    ),
}
KINDS: tuple[str, ...] = tuple(CONTEXTS)
KIND_NAMES: Mapping[str, str] = {"convention": "convention", "deliberation": "délibération"}


def context_record(kind: str) -> Record:
    """The context of the ``kind`` template, as one record."""
    return Record(f"contexte d'une {KIND_NAMES[kind]}", "", CONTEXTS[kind])


def conformity(context: Mapping[str, Any], kind: str) -> list[str]:
    """How ``context`` (a context the renderer built) departs from the contract, one
    sentence per difference; empty when it conforms."""
    return _conformity(dict(context), context_record(kind), "")


def _conformity(value: Any, declared: Type, where: str) -> list[str]:
    shown = where or "le contexte"
    if isinstance(declared, Leaf):
        if not isinstance(value, declared.python) or (
            declared.python is int and isinstance(value, bool)
        ):
            return [f"{shown} : {type(value).__name__} au lieu de {declared.label}"]
        if declared.choices and value not in declared.choices:
            return [f"{shown} : « {value} » n'est pas l'une des valeurs déclarées"]
        return []
    if isinstance(declared, ListOf):
        if not isinstance(value, list):
            return [f"{shown} : {type(value).__name__} au lieu d'une liste"]
        out: list[str] = []
        for index, item in enumerate(value):
            out += _conformity(item, declared.item, f"{where}[{index}]")
        return out
    if not isinstance(value, dict):
        return [f"{shown} : {type(value).__name__} au lieu de {declared.noun}"]
    out = []
    prefix = f"{where}." if where else ""
    for name in value:
        if declared.field(name) is None:
            out.append(f"{prefix}{name} : champ absent du contrat")
    for entry in declared.fields:
        if entry.name in value:
            out += _conformity(value[entry.name], entry.type, prefix + entry.name)
        elif not entry.optional:
            out.append(f"{prefix}{entry.name} : champ du contrat absent du contexte")
    return out


# --- walking a template's Jinja tree against the contract ----------------------------


@dataclass(frozen=True)
class Unknown:
    """A name or an attribute a template uses that the contract does not declare."""

    line: int  # in the source Jinja parsed
    expression: str  # « party.nom », « titre_inconnu »
    message: str  # French


# What Jinja gives every template (range, dict, lipsum, cycler, joiner, namespace).
GLOBALS = frozenset(DEFAULT_NAMESPACE)
# Filters that give a list of the same items, or one of them.
_SAME_LIST = frozenset({"reverse", "sort", "unique", "list", "selectattr", "rejectattr"})
_ONE_ITEM = frozenset({"first", "last", "random", "min", "max"})
_TOLERANT_FILTERS = frozenset({"default", "d"})  # {{ x.y|default('') }}: no error if absent
_TOLERANT_TESTS = frozenset({"defined", "undefined"})
_LOOP_FILTER = "convgen_loop"  # the renderer's count of loop turns: the list itself


@dataclass
class _Walk:
    unknown: list[Unknown] = field(default_factory=list)
    quiet: int = 0

    def report(self, node: nodes.Node, expression: str, message: str) -> None:
        if not self.quiet:
            self.unknown.append(Unknown(node.lineno, expression, message))


Scope = dict[str, Type | None]  # None: a value the contract says nothing about


def unknown_names(tree: nodes.Template, kind: str) -> list[Unknown]:
    """Every variable, attribute or element kind ``tree`` uses that the ``kind`` template's
    contract does not declare, in the order of the source."""
    walk = _Walk()
    scope: Scope = {f.name: f.type for f in CONTEXTS[kind]}
    _statements(walk, tree.body, scope)
    return walk.unknown


def _statements(walk: _Walk, body: Sequence[nodes.Node], scope: Scope) -> None:
    for node in body:
        _statement(walk, node, scope)


def _bind(target: nodes.Node, scope: Scope, value: Type | None) -> None:
    if isinstance(target, nodes.Name):
        scope[target.name] = value
    elif isinstance(target, nodes.Tuple | nodes.List):
        for item in target.items:
            _bind(item, scope, None)
    # NSRef (namespace attribute) binds no name


def _statement(walk: _Walk, node: nodes.Node, scope: Scope) -> None:
    if isinstance(node, nodes.For):
        items = _expression(walk, node.iter, scope)
        inner = dict(scope)
        _bind(node.target, inner, items.item if isinstance(items, ListOf) else None)
        inner["loop"] = None
        if node.test is not None:
            _expression(walk, node.test, inner)
        _statements(walk, node.body, inner)
        _statements(walk, node.else_, scope)
    elif isinstance(node, nodes.Assign):
        _bind(node.target, scope, _expression(walk, node.node, scope))
    elif isinstance(node, nodes.AssignBlock):
        _statements(walk, node.body, dict(scope))
        if node.filter is not None:
            _filter(walk, node.filter, scope)
        _bind(node.target, scope, None)
    elif isinstance(node, nodes.Macro | nodes.CallBlock):
        inner = dict(scope)
        for argument in node.args:
            inner[argument.name] = None
        for name in ("caller", "varargs", "kwargs"):
            inner[name] = None
        for default in node.defaults:
            _expression(walk, default, scope)
        if isinstance(node, nodes.Macro):
            scope[node.name] = None
        else:
            _expression(walk, node.call, scope)
        _statements(walk, node.body, inner)
    elif isinstance(node, nodes.With):
        inner = dict(scope)
        for target, value in zip(node.targets, node.values, strict=False):
            _bind(target, inner, _expression(walk, value, scope))
        _statements(walk, node.body, inner)
    elif isinstance(node, nodes.FilterBlock):
        _statements(walk, node.body, scope)
        _filter(walk, node.filter, scope)
    elif isinstance(node, nodes.Expr):
        _expression(walk, node, scope)
    elif isinstance(node, nodes.Stmt | nodes.Helper):
        # If, Output, Scope…: their expressions and statements share the scope
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Expr):
                _expression(walk, child, scope)
            else:
                _statement(walk, child, scope)


def _text(node: nodes.Node) -> str:
    """The source form of a chain of names, attributes and constant items."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_text(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        key = node.arg.value if isinstance(node.arg, nodes.Const) else "…"
        return f"{_text(node.node)}[{key!r}]"
    if isinstance(node, nodes.Filter | nodes.Call):
        return _text(node.node) if node.node is not None else "…"
    return "…"


def _field_names(record: Record) -> str:
    return ", ".join(f"« {f.name} »" for f in record.fields)


def _member(walk: _Walk, node: nodes.Node, owner: Type | None, name: str) -> Type | None:
    """The type of ``owner.name`` (``owner[name]``), reporting a name the contract lacks."""
    if owner is None:
        return None
    if isinstance(owner, Record):
        found = owner.field(name)
        if found is not None:
            return found.type
        walk.report(
            node,
            _text(node),
            f"champ inconnu « {_text(node)} » ; champs connus : {_field_names(owner)}",
        )
        return None
    if isinstance(owner, Leaf) and owner.python is str and _text_method(name):
        return None  # a method of a text: « title.period.upper() »
    whole = node.node if isinstance(node, nodes.Getattr | nodes.Getitem) else node
    walk.report(
        node,
        _text(node),
        f"champ inconnu « {_text(node)} » : « {_text(whole)} » ({owner}) n'a pas de champ",
    )
    return None


def _text_method(name: str) -> bool:
    return hasattr(str, name) and not name.startswith("_")


def _filter(
    walk: _Walk, node: nodes.Filter, scope: Scope, value: Type | None = None
) -> Type | None:
    walk.quiet += node.name in _TOLERANT_FILTERS
    try:
        if node.node is not None:
            value = _expression(walk, node.node, scope)
    finally:
        walk.quiet -= node.name in _TOLERANT_FILTERS
    for argument in (*node.args, *(k.value for k in node.kwargs), node.dyn_args, node.dyn_kwargs):
        if argument is not None:
            _expression(walk, argument, scope)
    if node.name == _LOOP_FILTER:
        return value
    if isinstance(value, ListOf):
        if node.name in _SAME_LIST:
            return value
        if node.name in _ONE_ITEM:
            return value.item
    return None


def _expression(walk: _Walk, node: nodes.Node, scope: Scope) -> Type | None:
    if isinstance(node, nodes.Name):
        if node.ctx != "load":
            return None
        if node.name in scope:
            return scope[node.name]
        if node.name not in GLOBALS:
            walk.report(node, node.name, f"variable inconnue « {node.name} »")
        return None
    if isinstance(node, nodes.Getattr):
        return _member(walk, node, _expression(walk, node.node, scope), node.attr)
    if isinstance(node, nodes.Getitem):
        owner = _expression(walk, node.node, scope)
        key = node.arg
        if isinstance(key, nodes.Const) and isinstance(key.value, str):
            return _member(walk, node, owner, key.value)
        _expression(walk, key, scope)
        if not isinstance(owner, ListOf):
            return None
        return owner if isinstance(key, nodes.Slice) else owner.item
    if isinstance(node, nodes.Filter):
        return _filter(walk, node, scope)
    if isinstance(node, nodes.Test):
        walk.quiet += node.name in _TOLERANT_TESTS
        try:
            _expression(walk, node.node, scope)
        finally:
            walk.quiet -= node.name in _TOLERANT_TESTS
        for argument in (*node.args, *(k.value for k in node.kwargs)):
            _expression(walk, argument, scope)
        return None
    if isinstance(node, nodes.Compare):
        left = _expression(walk, node.expr, scope)
        for operand in node.ops:
            _expression(walk, operand.expr, scope)
            value = operand.expr
            if (
                isinstance(left, Leaf)
                and left.choices
                and operand.op in ("eq", "ne")
                and isinstance(value, nodes.Const)
                and value.value not in left.choices
            ):
                walk.report(
                    value,
                    _text(node.expr),
                    f"« {_text(node.expr)} » ne vaut jamais « {value.value} » : ses valeurs sont "
                    + ", ".join(f"« {c} »" for c in left.choices),
                )
        return None
    for child in node.iter_child_nodes():
        _expression(walk, child, scope)
    return None


# --- the documentation --------------------------------------------------------------


def _records(fields: Sequence[Field]) -> Iterator[Record]:
    """Every record reachable from ``fields``, once each, in the order first met."""
    seen: list[Record] = []

    def visit(declared: Type) -> Iterator[Record]:
        if isinstance(declared, ListOf):
            yield from visit(declared.item)
        elif isinstance(declared, Record) and declared not in seen:
            seen.append(declared)
            yield declared
            for entry in declared.fields:
                yield from visit(entry.type)

    for entry in fields:
        yield from visit(entry.type)


def _type_text(declared: Type, plural: bool = False) -> str:
    if isinstance(declared, Record):
        return f"{_plural(declared) if plural else declared.noun} (`{declared.var}`)"
    if isinstance(declared, ListOf):
        return f"liste {_of(declared.item)}{_type_text(declared.item, plural=True)}"
    label = _plural(declared) if plural else declared.label
    return f"*{label}*" if declared is RICH else label


def _of(declared: Type) -> str:
    noun = declared.noun if isinstance(declared, Record) else "x"
    return "d'" if noun[0] in "aeéiou" else "de "


def markdown_variables(kind: str) -> str:
    """The table of the variables of the ``kind`` template, then of the fields of its
    objects, for ``docs/templates.md``."""
    lines = ["| variable | type | contenu |", "|----------|------|---------|"]
    lines += [f"| `{f.name}` | {_type_text(f.type)} | {f.doc} |" for f in CONTEXTS[kind]]
    lines += ["", "| champ | type | contenu |", "|-------|------|---------|"]
    for record in _records(CONTEXTS[kind]):
        lines += [
            f"| `{record.var}.{f.name}` | {_type_text(f.type)} | {f.doc} |" for f in record.fields
        ]
    return "\n".join(lines)


def markdown_elements() -> str:
    """The table of the kinds of elements, for ``docs/templates.md``."""
    lines = ["| `el.style` | style du modèle livré | élément |", "|---|---|---|"]
    lines += [f"| `{e.kind}` | {STYLE_BY_ID[e.style].shown} | {e.role} |" for e in ELEMENTS]
    return "\n".join(lines)


_TYPES = {
    "paragraph": "paragraphe",
    "character": "caractère",
    "table": "tableau",
    "numbering": "liste",
}


def markdown_styles() -> str:
    """The table of the styles of the shipped templates, for ``docs/templates.md``."""
    lines = [
        "| identifiant | nom affiché | type | modèles | ce qu'il met en forme |",
        "|-------------|-------------|------|---------|-----------------------|",
    ]
    for style in STYLES:
        kinds = ", ".join(KIND_NAMES[k] for k in style.kinds)
        lines.append(
            f"| `{style.id}` | {style.shown} | {_TYPES[style.type]} | {kinds} | {style.role} |"
        )
    return "\n".join(lines)
