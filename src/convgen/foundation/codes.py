"""Every finding code convgen can produce, with its documentation: the catalogue.

An entry has a stable code, a short name, a default severity, a French title and a
French documentation text; ``docs/rules.md`` is generated from the catalogue. Codes the
loader and the schema check produce are declared here (:func:`declare`), so that any
stage can name them without loading a rule; the rules of :mod:`convgen.checking.rules`
add their own codes when they register, their docstring being their documentation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from convgen.foundation.findings import Severity


@dataclass(frozen=True)
class Rule:
    """A registered code.

    ``blocking`` marks errors after which the document cannot be rendered
    faithfully (a reference to nothing): a draft is refused for them, not
    only a final version. ``function`` is ``None`` for codes the loader or
    the schema check produce.
    """

    code: str
    name: str
    severity: Severity
    title: str
    doc: str
    function: Callable[[Any], Iterable[Any]] | None = None  # a rule: model → issues
    blocking: bool = False
    family: str = ""
    kinds: tuple[str, ...] = ("convention", "deliberation")


REGISTRY: dict[str, Rule] = {}

FAMILIES = {
    "0": "Lecture et structure",
    "1": "Mentions à compléter",
    "2": "Renvois et références",
    "3": "Parties, signature et gouvernance",
    "4": "Chiffres, taux et financement",
    "5": "Dates, durées et préavis",
    "6": "Délibérations",
    "7": "Annexes et PDF",
    "8": "Modèles Word",
    "9": "Avenants",
}


def add(entry: Rule) -> None:
    """Add ``entry`` to the catalogue (each code once)."""
    if entry.code in REGISTRY:
        raise ValueError(f"code {entry.code} registered twice")
    REGISTRY[entry.code] = entry


def declare(
    code: str, name: str, severity: Severity, title: str, doc: str, *, blocking: bool = False
) -> str:
    """Register a code produced outside the rule functions; returns the code."""
    add(Rule(code, name, severity, title, " ".join(doc.split()), None, blocking, FAMILIES[code[2]]))
    return code


def catalogue() -> list[Rule]:
    """Every registered code, in code order."""
    return [REGISTRY[code] for code in sorted(REGISTRY)]


# --- codes produced while reading a file and checking it against the schema ----------------

UNREADABLE = declare(
    "CG001",
    "unreadable",
    Severity.ERROR,
    "Fichier illisible",
    """Le fichier n'a pas pu être lu : introuvable, pas en UTF-8, syntaxe YAML
    incorrecte, tabulation dans l'indentation, caractère de contrôle, trop
    volumineux ou trop imbriqué. Le message donne la ligne et la colonne ;
    rien d'autre n'est vérifié dans ce fichier (statut de sortie 2).""",
    blocking=True,
)
DUPLICATE_KEY = declare(
    "CG002",
    "duplicate-key",
    Severity.ERROR,
    "Clé écrite deux fois",
    """Une même clé écrite deux fois dans un bloc : YAML n'en garderait
    qu'une, l'autre serait perdue sans avertissement. Le constat est donné
    aux deux lignes.""",
    blocking=True,
)
NOT_A_DOCUMENT = declare(
    "CG003",
    "not-a-document",
    Severity.ERROR,
    "Fichier qui n'est pas un document convgen",
    """Le fichier ne commence pas par « document: convention » : ce n'est pas
    un document que convgen sait vérifier.""",
    blocking=True,
)
SUPPRESSION = declare(
    "CG004",
    "suppression",
    Severity.ERROR,
    "Constat ignoré sans motif, ou à tort",
    """Un commentaire « # convgen: ignore CGxxx -- motif » doit donner un motif
    et ne peut ignorer une erreur qui empêche de générer le document ;
    un tel commentaire qui n'ignore rien est signalé aussi (avertissement),
    pour qu'il ne survive pas à la correction.""",
)
REQUIRED = declare(
    "CG010",
    "required",
    Severity.ERROR,
    "Champ obligatoire manquant",
    """Un champ que le schéma exige est absent (par exemple le représentant
    d'une partie).""",
    blocking=True,
)
UNKNOWN = declare(
    "CG011",
    "unknown-field",
    Severity.ERROR,
    "Champ inconnu",
    """Un champ que le schéma ne connaît pas, souvent une faute de frappe :
    convgen propose le nom le plus proche.""",
    blocking=True,
)
TYPE = declare(
    "CG012",
    "type",
    Severity.ERROR,
    "Type de valeur inattendu",
    """Un texte là où un nombre est attendu, une liste là où un texte est
    attendu… Un nombre écrit avec une virgule décimale (« 12,5 ») est
    signalé avec sa forme correcte (« 12.5 »).""",
    blocking=True,
)
VALUE = declare(
    "CG013",
    "value",
    Severity.ERROR,
    "Valeur non admise",
    """Une valeur hors de la liste des valeurs possibles (statut, genre,
    civilité…), avec la valeur admise la plus proche.""",
    blocking=True,
)
FORM = declare(
    "CG014",
    "form",
    Severity.ERROR,
    "Forme invalide",
    """Un identifiant qui n'est pas en minuscules, chiffres et tirets, une
    date qui n'est pas au format AAAA-MM-JJ.""",
    blocking=True,
)
RANGE = declare(
    "CG015",
    "range",
    Severity.ERROR,
    "Valeur hors limites",
    """Un nombre en dehors des bornes du schéma (un montant négatif, un
    nombre d'exemplaires nul…).""",
    blocking=True,
)
COUNT = declare(
    "CG016",
    "count",
    Severity.ERROR,
    "Nombre d'éléments",
    """Une liste vide là où il faut au moins un élément (une seule partie,
    aucun article…).""",
    blocking=True,
)
COMBINATION = declare(
    "CG017",
    "combination",
    Severity.ERROR,
    "Combinaison invalide",
    """Une valeur qui ne correspond à aucune des formes possibles, ou à
    plusieurs quand une seule est permise (un chiffre à la fois taux et
    montant).""",
    blocking=True,
)
IMPOSSIBLE = declare(
    "CG018",
    "impossible-number",
    Severity.ERROR,
    "Nombre impossible",
    """Un nombre qui n'en est pas un ou qu'aucune convention n'écrit : « nan »
    (« pas un nombre », écrit « !!float nan »), l'infini (« !!float inf »,
    ou « 1e400 », trop grand pour être lu), ou un nombre de plus de quinze
    chiffres (« 1e308 », un entier de quatre mille chiffres), où qu'il soit
    écrit. Le constat est donné à la ligne et à la colonne du nombre, tel
    qu'il est écrit ; convgen ne calcule ni n'imprime rien avec lui. Les
    bornes de chaque champ (au plus 100 exemplaires originaux, 99
    reconductions, 1 000 membres d'une assemblée, mille milliards d'euros,
    99 ans ou 1 200 mois, années de 1800 à 2999) sont vérifiées par le
    schéma (CG015).""",
    blocking=True,
)
OTHER = declare(
    "CG019",
    "schema",
    Severity.ERROR,
    "Autre non-conformité au schéma",
    """Toute autre contrainte du schéma non respectée.""",
    blocking=True,
)
GAP_TEXT = declare(
    "CG101",
    "gap-text",
    Severity.WARNING,
    "Mention à compléter dans un texte",
    """Un texte qui contient une lacune : points de suspension isolés ou en
    suite (« ... % », « Rectorat de...... »), « À définir », « à compléter »,
    « XX », blancs entre crochets. Avertissement dans un projet, erreur dans
    une version finale (dont la génération est alors refusée) ; la lacune est
    surlignée dans le document d'un projet. La définition des lacunes est
    dans le schéma ($defs/gap).""",
)
GAP_FIGURE = declare(
    "CG102",
    "gap-figure",
    Severity.WARNING,
    "Chiffre à compléter",
    """Un chiffre (taux, montant, nombre d'exemplaires…) laissé en attente
    (« ... »). Avertissement dans un projet, erreur dans une version
    finale.""",
)
GAP_EMPTY = declare(
    "CG103",
    "gap-empty",
    Severity.WARNING,
    "Valeur vide",
    """Un champ présent mais vide. Avertissement dans un projet, erreur dans
    une version finale.""",
)

GAP_CODES = frozenset({GAP_TEXT, GAP_FIGURE, GAP_EMPTY})
MODEL = declare(
    "CG020",
    "model",
    Severity.ERROR,
    "Modèle introuvable ou inutilisable",
    """Le modèle qu'une convention étend (« extends: models/….yaml ») doit
    exister dans le dossier du projet, se lire, et être un modèle
    (« document: model ») ; un modèle peut en étendre un autre, sans boucle.
    Sans lui, la convention ne peut pas être vérifiée.""",
    blocking=True,
)
SHARED_PARTY = declare(
    "CG021",
    "shared-party",
    Severity.ERROR,
    "Partie partagée introuvable",
    """Une partie utilisée par son identifiant (« - use: cnam ») doit être
    définie une fois dans un dossier « parties » (« parties/cnam.yaml ») à
    côté du fichier ou plus haut dans le projet, avec « document: party » et
    le même identifiant.""",
    blocking=True,
)
MERGE = declare(
    "CG022",
    "merge",
    Severity.ERROR,
    "Fusion avec le modèle impossible",
    """Une consigne de fusion qui ne peut pas s'appliquer : retirer
    (« remove: clé ») ou placer (« after: », « before: ») un élément qui
    n'existe pas dans le modèle, ou dans une liste dont les éléments n'ont
    pas d'identifiant (« id », « key », « party »).""",
    blocking=True,
)
BIDI = declare(
    "CG030",
    "bidi-control",
    Severity.ERROR,
    "Caractère qui inverse le sens de lecture",
    """Un caractère de contrôle de la direction d'écriture (U+202E RIGHT-TO-LEFT
    OVERRIDE, U+2066 à U+2069, U+200E, U+200F…) change l'ordre dans lequel un
    texte s'affiche : un montant ou un nom peut se lire autrement qu'il n'est
    écrit. Il n'a rien à faire dans une convention ; le constat donne la
    ligne et la colonne du caractère, et le document généré ne le contient
    pas.""",
)
INVISIBLE = declare(
    "CG031",
    "invisible-character",
    Severity.WARNING,
    "Caractère invisible",
    """Un caractère qui ne s'affiche pas — espace sans chasse (U+200B),
    liant ou anti-liant (U+200C, U+200D), gluon (U+2060), trait d'union
    conditionnel (U+00AD)… — souvent collé d'une page web : il coupe un mot
    ou un montant sans que personne ne le voie. Avertissement dans un projet,
    erreur dans une version finale ; le document généré ne le contient pas.""",
)
CONTROL = declare(
    "CG032",
    "control-character",
    Severity.ERROR,
    "Caractère de contrôle",
    """Un caractère de contrôle (U+0000 à U+001F sauf la tabulation et les
    fins de ligne, U+007F, U+0080 à U+009F), une moitié de paire UTF-16 ou
    un « non-caractère » Unicode (U+FDD0 à U+FDEF, U+FFFE, U+FFFF…) dans un
    texte ou une clé, le plus souvent écrit par une séquence d'échappement
    entre guillemets doubles (« \\x01 », « \\u0085 », « \\x1b[31m ») ou
    venu d'un export mal décodé. Un document Word ne peut pas le contenir
    (son XML serait invalide) : le constat donne la ligne et la colonne du
    caractère, ou de la séquence qui l'écrit ; un projet est généré sans lui,
    une version finale est refusée.""",
)

# --- codes of the check of a Word template (convgen.rendering.template_check) --------------

TEMPLATE_SYNTAX = declare(
    "CG801",
    "template-syntax",
    Severity.ERROR,
    "Balise de modèle invalide",
    """Une balise Jinja du modèle Word (« {{ … }} », « {% … %} ») qui ne se
    lit pas : accolade ou « %} » manquant, « {% for %} » sans
    « {% endfor %} », filtre ou test inconnu, ou lecture d'un autre fichier
    (« include », « import », « extends », interdits). Le constat nomme la
    partie du modèle (« word/document.xml », un en-tête, un pied de page) et
    la ligne, dans le XML de la partie tel que convgen le lit (une ligne par
    paragraphe) ; aucun document ne peut être rempli avec ce modèle.""",
)
TEMPLATE_VARIABLE = declare(
    "CG802",
    "template-variable",
    Severity.ERROR,
    "Variable ou champ inconnu dans le modèle",
    """Le modèle utilise une variable que convgen ne lui donne pas
    (« {{ titre }} »), un champ qu'un objet n'a pas (« {{ party.nom }} » :
    une partie n'a que « opening » et « id »), ou compare la sorte d'un
    élément à une valeur qu'elle ne prend jamais (« el.style == "h4" »). Les
    variables et leurs champs sont ceux de la documentation des modèles
    (docs/templates.md) ; la génération échouerait sur la première d'entre
    elles. Une balise protégée par « is defined » ou « |default » n'est pas
    signalée.""",
)
TEMPLATE_STYLE = declare(
    "CG803",
    "template-style",
    Severity.WARNING,
    "Style absent du modèle",
    """Un style dont le document a besoin manque dans les styles du modèle
    (word/styles.xml) : le style de caractère « Lacune », que convgen
    applique lui-même aux mentions à compléter (sans lui, elles ne sont plus
    surlignées), ou un style que le modèle nomme dans un paragraphe, un
    passage ou un tableau sans le définir (Word le remplace alors par le
    style Normal). Le document se génère, mais sans cette mise en forme.""",
)


# --- codes of the verification of an avenant against the text it amends -------------------
# (convgen.building.verification: the signed text as its document prints it is needed)

AMENDED_PLACE = declare(
    "CG904",
    "amended-place",
    Severity.ERROR,
    "Article, alinéa, annexe ou partie introuvable",
    """Une modification de l'avenant vise un endroit de la convention signée qui
    n'existe pas : un numéro d'article qu'elle ne porte pas (« 6 bis », « 3.2 », tels
    qu'elle les imprime), un alinéa au-delà du dernier (chaque paragraphe et chaque
    élément de liste compte pour un alinéa), une annexe ou une partie qu'elle n'a pas,
    ou un article qu'une modification précédente a abrogé. Le constat dit ce que
    l'article compte.""",
)
AMENDED_WORDS = declare(
    "CG905",
    "amended-words",
    Severity.ERROR,
    "Mots introuvables ou ambigus dans l'alinéa visé",
    """Les mots qu'une modification remplace ou supprime doivent figurer une seule
    fois, tels que la convention signée les imprime (chiffres et durées écrits :
    « six mois », « 20 % » ; espaces et apostrophes ordinaires acceptés), dans l'alinéa
    nommé ou, sans alinéa, dans tout l'article. Absents, la modification ne
    s'applique pas ; présents deux fois, on ne sait lesquels changent : citez-en
    davantage.""",
)
AMENDED_NUMBERING = declare(
    "CG906",
    "amended-numbering",
    Severity.ERROR,
    "Numéro d'un article inséré",
    """Un avenant ne renumérote jamais la convention : l'article inséré après
    l'article 6 est le 6 bis (le 6 ter après un 6 bis, et ainsi de suite), un article
    ajouté à la fin prend le numéro suivant, et un numéro abrogé ne se redonne pas. Le
    numéro écrit dans « insert » doit être celui-là ; entre un article et son « bis »,
    aucun numéro ne tient : l'article s'insère après le « bis ». Une nouvelle annexe
    prend de même le numéro qui suit la dernière.""",
)
