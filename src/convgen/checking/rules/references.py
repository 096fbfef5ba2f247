"""References: parties, figures, articles and annexes a convention refers to.

Most of these are blocking: a reference to nothing cannot be rendered
faithfully, so even a draft is refused until it is fixed.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from convgen.checking.rules.registry import Issue, rule
from convgen.foundation.findings import Path_, Severity
from convgen.model import markup
from convgen.model.convention import Article, Convention, Prose, iter_prose, table_references
from convgen.model.outline import CLAUSE_SOURCES, Entry
from convgen.model.tables import BUDGET_KEY


def _party_references(convention: Convention) -> Iterator[tuple[Path_, str, str]]:
    """Every place a party id is used: (path, id, what refers to it)."""
    for side_index, side in enumerate(convention.sides):
        label = "la comparution « Entre : »" if side_index == 0 else "la comparution « Et »"
        for index, party_id in enumerate(side):
            yield ("sides", side_index, index), party_id, label
    for commitments in convention.commitment_sets():
        yield (*commitments.path, "party"), commitments.party, "les engagements"
    if convention.governance is not None:
        for member in convention.governance.members:
            if member.party is not None:
                yield member.path, member.party, "la composition de l'instance de gouvernance"
    for signatory in convention.signature.signatories:
        path = signatory.path if signatory.signer is None else (*signatory.path, "party")
        yield path, signatory.party, "les signataires"
    if convention.drafted_by:
        yield ("drafted_by",), convention.drafted_by, "la partie rédactrice"
    if convention.budget is not None:
        for line in convention.budget.lines:
            for party_id in line.shares:
                yield (*line.path, "shares", party_id), party_id, "le plan de financement"
        for party_id in convention.budget.party_totals:
            yield ("budget", "party_totals", party_id), party_id, "le plan de financement"
    for item in convention.financing:
        yield (*item.path, "party"), item.party, f"le financement « {item.key} »"
        yield (*item.path, "beneficiary"), item.beneficiary, f"le financement « {item.key} »"
    yield from _table_party_references(convention)


def _table_party_references(convention: Convention) -> Iterator[tuple[Path_, str, str]]:
    """The parties of the tables' party columns (the plan's are its shares, above)."""
    for table in convention.tables:
        for column in table.columns:
            if column.party is not None and not table.from_budget:
                where = f"le tableau « {table.title or table.key} »"
                yield (*column.path, "party"), column.party, where


@rule("CG201", "unknown-party", Severity.ERROR, "Partie inconnue", blocking=True)
def unknown_party(convention: Convention) -> Iterator[Issue]:
    """Un identifiant de partie utilisé dans la comparution, les engagements, la
    gouvernance, les signataires, le plan de financement, une colonne de
    tableau ou les financements (qui verse, qui reçoit) doit être déclaré
    dans ``parties``. Sinon le document ne peut pas nommer cette partie."""
    known = [p.id for p in convention.parties]
    for path, party_id, where in _party_references(convention):
        if party_id not in known:
            hint = closest_hint(party_id, known)
            yield Issue(
                path,
                f"partie « {party_id} » inconnue dans {where}{hint} ; "
                f"parties déclarées : {', '.join(known)}",
                key=path[-2:-1] == ("shares",) or path[:2] == ("budget", "party_totals"),
            )


def closest_hint(word: str, candidates: list[str]) -> str:
    """« (vouliez-vous dire « cnam » ?) » when a key is one slip away from a known one."""
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f" (vouliez-vous dire « {close[0]} » ?)" if close else ""


@rule("CG202", "unknown-figure", Severity.ERROR, "Chiffre cité mais non déclaré", blocking=True)
def unknown_figure(convention: Convention) -> Iterator[Issue]:
    """Un engagement qui cite ``@{nom}`` doit déclarer le chiffre ``nom`` dans
    ses ``figures`` ; ailleurs qu'un engagement, ``@{nom}`` n'a pas de sens."""
    for prose in iter_prose(convention):
        for ref in markup.references(prose.text):
            if not isinstance(ref, markup.FigureRef):
                continue
            if prose.figures is None:
                yield Issue(
                    prose.path,
                    f"{ref.source} : un chiffre ne peut être cité que dans un engagement "
                    "qui le déclare (écrivez @@{ pour un « @{ » littéral)",
                )
            elif ref.name not in prose.figures:
                declared = ", ".join(prose.figures) or "aucun"
                yield Issue(
                    prose.path,
                    f"{ref.source} : chiffre « {ref.name} » non déclaré dans « figures » "
                    f"(déclarés : {declared}){closest_hint(ref.name, list(prose.figures))}",
                )


@rule("CG203", "unused-figure", Severity.WARNING, "Chiffre déclaré mais non cité")
def unused_figure(convention: Convention) -> Iterator[Issue]:
    """Un chiffre déclaré dans un engagement mais jamais cité par ``@{nom}``
    n'apparaît pas dans le document : le lecteur ne le verra pas."""
    for commitments in convention.commitment_sets():
        for item in commitments.items:
            cited = {
                ref.name
                for ref in markup.references(item.text)
                if isinstance(ref, markup.FigureRef)
            }
            for name, figure in item.figures.items():
                if name not in cited:
                    yield Issue(
                        figure.path,
                        f"le chiffre « {name} » n'est pas cité dans le texte (ajoutez @{{{name}}})",
                        key=True,
                    )


@rule(
    "CG204",
    "unknown-reference",
    Severity.ERROR,
    "Renvoi à un article ou une annexe inconnus",
    blocking=True,
)
def unknown_reference(convention: Convention) -> Iterator[Issue]:
    """``@{article:clé}`` et ``@{annexe:clé}`` doivent désigner la clé d'un
    article (ou sous-article) ou d'une annexe ; le numéro est calculé à la
    génération, il suit donc les renumérotations."""
    articles = [entry.key for entry in convention.outline.entries]
    annexes = [annex.key for annex in convention.annexes]
    for prose in iter_prose(convention):
        for ref in markup.references(prose.text):
            if isinstance(ref, markup.CrossRef):
                known = articles if ref.kind == "article" else annexes
                if ref.key not in known:
                    what = "aucun article" if ref.kind == "article" else "aucune annexe"
                    yield Issue(
                        prose.path,
                        f"{ref.source} : {what} n'a la clé « {ref.key} »"
                        f"{closest_hint(ref.key, known)}",
                    )


@rule("CG205", "malformed-markup", Severity.ERROR, "Balise @{…} mal formée", blocking=True)
def malformed_markup(convention: Convention) -> Iterator[Issue]:
    """Seuls ``@{nom}``, ``@{article:clé}``, ``@{annexe:clé}``, ``@{lieu:clé}``
    et les valeurs liées ``@{terms.duration}`` sont reconnus ; ``@@{`` écrit
    un « @{ » littéral. Une autre forme est sans doute une faute de frappe et
    serait imprimée telle quelle."""
    for prose in iter_prose(convention):
        for ref in markup.references(prose.text):
            if isinstance(ref, markup.Malformed):
                yield Issue(
                    prose.path,
                    f"balise « {ref.source} » mal formée : attendu @{{nom}}, @{{article:clé}}, "
                    "@{annexe:clé}, @{lieu:clé} ou une valeur liée comme @{terms.duration} "
                    "(écrivez @@{ pour un « @{ » littéral)",
                )


def _duplicates(values: Iterable[tuple[Path_, str]]) -> Iterator[tuple[Path_, str, Path_]]:
    first: dict[str, Path_] = {}
    for path, value in values:
        if value in first:
            yield path, value, first[value]
        else:
            first[value] = path


@rule("CG206", "duplicate-id", Severity.ERROR, "Identifiant ou clé en double", blocking=True)
def duplicate_id(convention: Convention) -> Iterator[Issue]:
    """Les identifiants de parties, les clés d'articles (y compris celles des
    sous-articles générés, « engagements.prefecture »), d'annexes, de postes
    budgétaires, de tableaux, de colonnes et de lignes d'un même tableau et
    d'engagements d'une même partie doivent être uniques : ils servent aux
    renvois et à la comparaison des versions."""
    groups: list[tuple[str, list[tuple[Path_, str]]]] = [
        ("identifiant de partie", [((*p.path, "id"), p.id) for p in convention.parties]),
        ("clé d'article", [(e.path, e.key) for e in convention.outline.entries if not e.generated]),
        ("clé d'annexe", [((*a.path, "key"), a.key) for a in convention.annexes]),
        ("engagements de la partie", [(c.path, c.party) for c in convention.commitment_sets()]),
    ]
    generated = [
        (e.path, e.key) for e in convention.outline.entries if e.generated == "commitments"
    ]
    written = {key for _, key in groups[1][1]}
    for path, key in generated:
        if key in written:
            yield Issue(path, f"la clé générée « {key} » est déjà celle d'un article écrit")
    if convention.budget is not None:
        groups.append(
            (
                "clé de poste budgétaire",
                [((*line.path, "key"), line.key) for line in convention.budget.lines],
            )
        )
    if convention.financing:
        groups.append(
            ("clé de financement", [((*f.path, "key"), f.key) for f in convention.financing])
        )
    for commitments in convention.commitment_sets():
        keyed = [((*item.path, "key"), item.key) for item in commitments.items if item.key]
        groups.append((f"clé d'engagement de « {commitments.party} »", keyed))
    groups.extend(_table_keys(convention))
    for label, values in groups:
        for path, value, first in _duplicates(values):
            line = convention.source.position(first).line
            yield Issue(path, f"{label} « {value} » en double (déjà à la ligne {line})")


def _table_keys(convention: Convention) -> Iterator[tuple[str, list[tuple[Path_, str]]]]:
    """The keys of the tables (the plan's is « budget »), and of each table's columns and
    rows (sub-lines included: a figure names a row by its key alone)."""
    yield "clé de tableau", [((*t.path, "key"), t.key) for t in convention.tables]
    for table in convention.tables:
        if table.from_budget:
            continue  # its lines are checked above, its columns are the parties
        name = table.title or table.key
        columns = [((*c.path, "key"), c.key) for c in table.columns]
        yield f"clé de colonne du tableau « {name} »", columns
        rows = [((*r.path, "key"), r.key) for r in table.all_rows() if r.key]
        yield f"clé de ligne du tableau « {name} »", rows


@rule("CG207", "sides", Severity.ERROR, "Comparution incomplète ou redondante", blocking=True)
def sides(convention: Convention) -> Iterator[Issue]:
    """Chaque partie comparaît une fois et une seule, d'un côté (« Entre : »)
    ou de l'autre (« Et ») : une partie absente de la comparution n'est pas
    engagée par l'acte, une partie nommée deux fois le rend ambigu."""
    seen: Counter[str] = Counter()
    for side in convention.sides:
        seen.update(side)
    for index, side in enumerate(convention.sides):
        for position, party_id in enumerate(side):
            if seen[party_id] > 1:
                yield Issue(
                    ("sides", index, position),
                    f"la partie « {party_id} » comparaît {seen[party_id]} fois",
                )
                seen[party_id] = -1  # report each party once
    for party in convention.parties:
        if party.id not in seen:
            yield Issue(
                (*party.path, "id"),
                f"la partie « {party.id} » n'apparaît pas dans la comparution (« sides »)",
            )


_CLAUSE_DATA_LABELS = {
    "duration": "la durée (« terms »)",
    "termination": "la résiliation (« terms.termination »)",
    "amendment": "l'avenant (« terms.amendment »)",
    "jurisdiction": "la juridiction (« terms.jurisdiction »)",
    "communication": "la communication (« communication »)",
    "governance": "l'instance de gouvernance (« governance »)",
    "financing": "la liste des financements (« financing »)",
}


def _clause_data(convention: Convention, clause: str) -> object:
    """What the clause article prints (``None``: nothing to print)."""
    terms = convention.terms
    return {
        "duration": terms,
        "termination": terms.termination if terms else None,
        "amendment": terms.amendment_effective if terms else None,
        "jurisdiction": terms.court if terms else None,
        "communication": convention.communication_consent,
        "governance": convention.governance,
        "financing": convention.financing or None,
    }[clause]


@rule(
    "CG208",
    "clause-data",
    Severity.ERROR,
    "Clause sans données, ou données sans clause",
    blocking=True,
)
def clause_data(convention: Convention) -> Iterator[Issue]:
    """Un article « clause: … » est rédigé à partir des données
    correspondantes : elles doivent exister, sauf s'il porte sa propre
    rédaction (« wording »), qui imprime les valeurs qu'elle cite (CG213 si
    l'une manque) ; l'instance de gouvernance, elle, est toujours requise par
    « clause: governance ». À l'inverse, des données de durée,
    de résiliation ou de gouvernance qu'aucun article n'imprime ne figurent pas
    dans le document (avertissement). Un tableau « table: budget » demande un
    plan de financement, « table: clé » un tableau de cette clé dans « tables »."""
    printed = set()
    for article in convention.iter_articles():
        if article.clause:
            printed.add(article.clause)
            # a clause in the drafters' words prints them, whatever data it binds (CG213);
            # the governance body's wording needs the body, whose sub-articles carry it
            worded = article.wording is not None and article.clause != "governance"
            if _clause_data(convention, article.clause) is None and not worded:
                yield Issue(
                    (*article.path, "clause"),
                    f"l'article « clause: {article.clause} » n'a rien à imprimer : "
                    f"renseignez {_CLAUSE_DATA_LABELS[article.clause]}",
                )
    for clause, label in _CLAUSE_DATA_LABELS.items():
        if clause not in printed and _clause_data(convention, clause) is not None:
            where = CLAUSE_SOURCES[clause][0]
            yield Issue(
                where,
                f"{label} n'est imprimée par aucun article : "
                f"ajoutez un article « clause: {clause} »",
                severity=Severity.WARNING,
                key=True,
            )
    yield from _unknown_tables(convention)


def _unknown_tables(convention: Convention) -> Iterator[Issue]:
    known = [table.key for table in convention.tables]
    for block in table_references(convention):
        if block.name in known:
            continue
        if block.name == BUDGET_KEY:
            yield Issue(block.path, "« table: budget » sans plan de financement (« budget »)")
            continue
        listed = ", ".join(known) or "aucun"
        yield Issue(
            block.path,
            f"« table: {block.name} » : aucun tableau n'a cette clé dans « tables » "
            f"(tableaux : {listed}){closest_hint(block.name, known)}",
        )


@rule("CG209", "inserted-first", Severity.WARNING, "Article inséré en tête")
def inserted_first(convention: Convention) -> Iterator[Issue]:
    """« inserted: true » numérote un article d'après le précédent (6 bis) : un
    premier article ne peut pas être inséré ; il est numéroté normalement."""

    def walk(articles: list[Article]) -> Iterator[Issue]:
        written = [a for a in articles if not a.generated]
        if written and written[0].inserted:
            yield Issue(
                (*written[0].path, "inserted"),
                "un article inséré doit suivre un autre article ; il est numéroté normalement",
                key=True,
            )
        for article in articles:
            yield from walk(article.children)

    yield from walk(convention.articles)


# --- article numbers written by hand in the prose ----------------------------------------

# « l'article 7 », « aux articles 3 et 4 », « article 6 bis », « article 1er »; not
# « article L. 5211-1 » nor « article 10 de la loi du 12 avril 2000 » (other texts).
_ARTICLE_NUMBER = r"(?:1er|premier|\d+(?:\.\d+)*)(?:\s+(?:bis|ter|quater|quinquies|sexies))?"
_LITERAL_REFERENCE = re.compile(
    rf"\b[Aa]rticles?\s+(?P<numbers>{_ARTICLE_NUMBER}(?:\s*(?:,|et|à)\s*{_ARTICLE_NUMBER})*)"
    r"(?P<after>[^.;:]{0,40})"
)
# What follows the number names another text: « de la loi du … », « du CGCT », « de la
# convention du … » (in an avenant, « la convention » is the amended one, not this text).
OTHER_TEXT = re.compile(
    r"^\s*(?:,\s*)?(?:modifiée?s?\s+|précitée?s?\s+)?(?:du|de la|de l['’]|des|de ce|de cette)\s+"
    r"(?!présente?\b)(?:code|loi|décret|arrêté|règlement|ordonnance|directive|traité|CGCT|"
    r"statuts|convention|contrat|avenant|délibération|décision|circulaire|constitution|"
    r"charte|accord|protocole|cahier|RGPD)",
    re.IGNORECASE,
)
# What precedes the number names another text: « la loi n° 84-52 …, notamment son article
# 43 », « le code …, et notamment ses articles L. 1611-4 et 5 ».
_OWN_ARTICLE_OF_ANOTHER_TEXT = re.compile(r"\b(?:son|ses|leur|leurs)\s*$", re.IGNORECASE)
_ANOTHER_TEXT_NAMED = re.compile(
    r"\b(?:code|loi|décret|arrêté|règlement|ordonnance|directive|traité|statuts|"
    r"délibération|circulaire|constitution|CGCT)\b",
    re.IGNORECASE,
)


def of_another_text(text: str, match: re.Match[str]) -> bool:
    """Whether the article a hand-written « article N » names is one of another text."""
    if OTHER_TEXT.match(match.group("after")):
        return True
    before = text[max(0, match.start() - 12) : match.start()]
    if _OWN_ARTICLE_OF_ANOTHER_TEXT.search(before):
        clause = text[: match.start()]
        clause = clause[max(clause.rfind(mark) for mark in ".;") + 1 :]
        return bool(_ANOTHER_TEXT_NAMED.search(clause))
    return False


# What a sentence is about, and what an article is about, by keyword stems (lower case):
# every topic of a convention's standard clauses. A stem is matched inside words, so
# « résili » finds « résiliée » and « résiliation ».
TOPICS: dict[str, tuple[str, ...]] = {
    "l'objet": ("objet",),
    "les objectifs": ("objectif",),
    "les engagements": ("engag", "s'oblige", "obligations"),
    "le financement": (
        "financ", "subvention", "budget", "versement", "verse", "paiement", "€", "euros",
        "crédits", "avance", "solde",
    ),
    "la gouvernance": ("comité", "pilotage", "gouvernance", "instance"),
    "l'évaluation": ("évaluat", "bilan", "indicateur", "compte rendu", "rapport d'activité"),
    "la communication": ("communication", "logo", "charte graphique", "publicité"),
    "la durée": ("durée", "échéance", "prend effet", "prendra effet", "entrée en vigueur",
                 "prendra fin", "prend fin", "expir"),
    "le renouvellement": ("reconduct", "renouvel", "prorog"),
    "les modifications": ("avenant", "modifi"),
    "la résiliation": ("résili", "rompre", "rupture", "dénonc", "mettre fin", "fin anticipée"),
    "les litiges": ("litige", "différend", "tribunal", "juridiction", "contentieux"),
    "les annexes": ("annexe",),
    "les données personnelles": ("données personnelles", "données à caractère personnel",
                                 "rgpd", "protection des données"),
    "la propriété intellectuelle": ("propriété intellectuelle", "droit d'auteur",
                                    "droits d'auteur", "licence"),
    "la responsabilité": ("responsabilit", "assurance", "dommage", "sinistre"),
}  # fmt: skip
# Topics French conventions treat in one article: a « Durée » article says how it is
# renewed, the financing is often one of the parties' commitments.
RELATED_TOPICS = {
    "la durée": {"le renouvellement"},
    "le renouvellement": {"la durée"},
    "les engagements": {"le financement"},
    "l'objet": {"les objectifs"},
    "les objectifs": {"l'objet"},
}
_FEMININE_TOPICS = {t for t in TOPICS if t.startswith("la ") or t in ("l'évaluation",)}
_PLURAL_TOPICS = {t for t in TOPICS if t.startswith("les ")}
_CLAUSE_TOPICS = {
    "duration": {"la durée", "le renouvellement"},
    "termination": {"la résiliation"},
    "amendment": {"les modifications"},
    "jurisdiction": {"les litiges"},
    "communication": {"la communication"},
    "governance": {"la gouvernance"},
    "financing": {"le financement"},
}


def _stems_at(text: str, topic: str) -> list[int]:
    lowered = text.lower()
    return [i for stem in TOPICS[topic] for i in [lowered.find(stem)] if i >= 0]


def topics(text: str) -> set[str]:
    """The topics whose keywords appear in ``text``."""
    return {topic for topic in TOPICS if _stems_at(text, topic)}


def _article_topics(entry: Entry) -> set[str]:
    found = topics(entry.title)
    found |= _CLAUSE_TOPICS.get(entry.clause or "", set())
    if entry.generated and entry.generated.startswith("governance"):
        found.add("la gouvernance")
    if entry.generated == "commitments":
        found.add("les engagements")
    for topic in list(found):
        found |= RELATED_TOPICS.get(topic, set())
    return found


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence (or the clause between « ; » and « : ») around ``start``…``end``
    begins and ends."""
    left = max(text.rfind(mark, 0, start) for mark in ".;:") + 1
    rights = [i for i in (text.find(mark, end) for mark in ".;:") if i >= 0]
    return left, min(rights) if rights else len(text)


def of_topic(topic: str) -> str:
    """« de la durée », « du financement », « des litiges », « de l'objet »."""
    if topic.startswith("le "):
        return "du " + topic[3:]
    if topic.startswith("les "):
        return "des " + topic[4:]
    return "de " + topic


def _literal_references(convention: Convention) -> Iterator[tuple[Prose, re.Match[str], list[str]]]:
    for prose in iter_prose(convention):
        text = markup.plain(prose.text)
        for match in _LITERAL_REFERENCE.finditer(text):
            if of_another_text(text, match):
                continue
            numbers = re.findall(_ARTICLE_NUMBER, match.group("numbers"))
            yield prose, match, [n.replace("premier", "1er") for n in numbers]


@rule("CG210", "unknown-article-number", Severity.ERROR, "Renvoi à un article qui n'existe pas")
def unknown_article_number(convention: Convention) -> Iterator[Issue]:
    """Un texte qui écrit « l'article 9 » à la main renvoie à un numéro : si
    aucun article ne le porte (après une renumérotation, par exemple), le
    renvoi est faux. Les renvois à d'autres textes (« article L. 5211-1 »,
    « article 10 de la loi du … », « l'article 4 de la convention du … » dans un
    avenant, « la loi n° 84-52 …, notamment son article 43 ») ne sont pas
    concernés. Écrire
    ``@{article:clé}`` évite le problème : le numéro est calculé."""
    outline = convention.outline
    for prose, match, numbers in _literal_references(convention):
        for number in numbers:
            if outline.by_number(number) is None:
                shown = match.string[match.start() : match.end("numbers")]
                yield Issue(
                    prose.path,
                    f"« {shown} » : aucun article ne porte le numéro {number} "
                    "(écrivez @{article:clé} pour un renvoi qui suit la numérotation)",
                    words=match.group(0).split()[0],
                )


@rule("CG211", "article-topic", Severity.WARNING, "Renvoi à un article qui traite d'autre chose")
def article_topic(convention: Convention) -> Iterator[Issue]:
    """Un renvoi écrit à la main (« l'article 4 ») dans une phrase qui parle
    de résiliation, alors que l'article 4 traite du comité de pilotage, est
    sans doute resté d'une ancienne numérotation. convgen compare le sujet de
    la phrase (résiliation, durée, gouvernance, financement, communication,
    modifications, litiges) à celui de l'article visé et propose l'article qui
    traite du sujet de la phrase."""
    outline = convention.outline
    for prose, match, numbers in _literal_references(convention):
        if len(numbers) != 1:
            continue
        target = outline.by_number(numbers[0])
        if target is None:
            continue
        text = markup.plain(prose.text)
        left, right = sentence_span(text, match.start(), match.end())
        sentence = text[left:right].replace(match.group(0), " ")
        about = topics(sentence)
        covers = _article_topics(target)
        if not about or not covers or about & covers:
            continue
        treated = {
            topic: [e for e in outline.entries if topic in _article_topics(e)] for topic in about
        }
        at = match.start() - left

        # the topic the reference serves: among those some article treats, the one written
        # nearest to it
        rank = {
            topic: (
                not treated[topic],
                min(abs(i - at) for i in _stems_at(sentence, topic)),
                topic,
            )
            for topic in about
        }
        order = sorted(about, key=rank.__getitem__)
        subject = order[0]
        hint = ""
        if treated[subject]:
            plural = subject in _PLURAL_TOPICS
            agreed = (
                "traité" + ("e" if subject in _FEMININE_TOPICS else "") + ("s" if plural else "")
            )
            verb = "sont" if plural else "est"
            hint = f" ; {subject} {verb} {agreed} à l'{treated[subject][0].label.lower()}"
        yield Issue(
            prose.path,
            f"cette phrase parle {' et '.join(of_topic(t) for t in order)} mais "
            f"renvoie à l'{target.label.lower()} « {target.title} »{hint}",
            words=match.group(0).split()[0],
        )
