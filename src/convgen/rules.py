"""Consistency rules: checks the schema cannot express.

Each rule is a small function registered with :func:`rule` under a stable
code, a default severity and a French title; its docstring is its
documentation. A rule receives the typed :class:`~convgen.model.Convention`
and yields :class:`Issue` values (a path and a French message); the runner
turns them into findings with position and subject.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from . import markup
from .findings import Finding, Path_, Severity
from .model import Convention, Table, iter_prose
from .outline import CLAUSE_SOURCES


@dataclass(frozen=True)
class Issue:
    """What a rule found: where, and what to tell the drafter."""

    path: Path_
    message: str
    severity: Severity | None = None  # None: the rule's default
    key: bool = False  # point at the key rather than the value


RuleFunction = Callable[[Convention], Iterable[Issue]]


@dataclass(frozen=True)
class Rule:
    """A registered rule."""

    code: str
    name: str
    severity: Severity
    title: str
    function: RuleFunction

    @property
    def doc(self) -> str:
        return (self.function.__doc__ or "").strip()


REGISTRY: dict[str, Rule] = {}


def rule(
    code: str, name: str, severity: Severity, title: str
) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule function under ``code``."""

    def register(function: RuleFunction) -> RuleFunction:
        if code in REGISTRY:
            raise ValueError(f"rule code {code} registered twice")
        REGISTRY[code] = Rule(code, name, severity, title, function)
        return function

    return register


def run(convention: Convention, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Run ``rules`` (all registered ones by default) on ``convention``."""
    doc = convention.source
    findings = []
    for item in rules if rules is not None else REGISTRY.values():
        for issue in item.function(convention):
            position = doc.position(issue.path, key=issue.key)
            subject, party = convention.outline.describe(issue.path)
            findings.append(
                Finding(
                    code=item.code,
                    severity=issue.severity or item.severity,
                    message=issue.message,
                    file=str(doc.file),
                    line=position.line,
                    column=position.column,
                    path=issue.path,
                    subject=subject,
                    party=party,
                )
            )
    return findings


# --- references ------------------------------------------------------------------


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


@rule("CG201", "unknown-party", Severity.ERROR, "Partie inconnue")
def unknown_party(convention: Convention) -> Iterator[Issue]:
    """Un identifiant de partie utilisé dans la comparution, les engagements, la
    gouvernance, les signataires ou le plan de financement doit être déclaré
    dans ``parties``. Sinon le document ne peut pas nommer cette partie."""
    known = [p.id for p in convention.parties]
    for path, party_id, where in _party_references(convention):
        if party_id not in known:
            hint = _closest(party_id, known)
            yield Issue(
                path,
                f"partie « {party_id} » inconnue dans {where}{hint} ; "
                f"parties déclarées : {', '.join(known)}",
                key=path[-2:-1] == ("shares",) or path[:2] == ("budget", "party_totals"),
            )


def _closest(word: str, candidates: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f" (vouliez-vous dire « {close[0]} » ?)" if close else ""


@rule("CG202", "unknown-figure", Severity.ERROR, "Chiffre cité mais non déclaré")
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
                    f"(déclarés : {declared}){_closest(ref.name, list(prose.figures))}",
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


@rule("CG204", "unknown-reference", Severity.ERROR, "Renvoi à un article ou une annexe inconnus")
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
                        f"{ref.source} : {what} n'a la clé « {ref.key} »{_closest(ref.key, known)}",
                    )


@rule("CG205", "malformed-markup", Severity.ERROR, "Balise @{…} mal formée")
def malformed_markup(convention: Convention) -> Iterator[Issue]:
    """Seuls ``@{nom}``, ``@{article:clé}`` et ``@{annexe:clé}`` sont reconnus ;
    ``@@{`` écrit un « @{ » littéral. Une autre forme est sans doute une faute
    de frappe et serait imprimée telle quelle."""
    for prose in iter_prose(convention):
        for ref in markup.references(prose.text):
            if isinstance(ref, markup.Malformed):
                yield Issue(
                    prose.path,
                    f"balise « {ref.source} » mal formée : attendu @{{nom}}, @{{article:clé}} "
                    "ou @{annexe:clé} (écrivez @@{ pour un « @{ » littéral)",
                )


def _duplicates(values: Iterable[tuple[Path_, str]]) -> Iterator[tuple[Path_, str, Path_]]:
    first: dict[str, Path_] = {}
    for path, value in values:
        if value in first:
            yield path, value, first[value]
        else:
            first[value] = path


@rule("CG206", "duplicate-id", Severity.ERROR, "Identifiant ou clé en double")
def duplicate_id(convention: Convention) -> Iterator[Issue]:
    """Les identifiants de parties, les clés d'articles (y compris celles des
    sous-articles générés, « engagements.prefecture »), d'annexes, de postes
    budgétaires et d'engagements d'une même partie doivent être uniques : ils
    servent aux renvois et à la comparaison des versions."""
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
    for commitments in convention.commitment_sets():
        keyed = [((*item.path, "key"), item.key) for item in commitments.items if item.key]
        groups.append((f"clé d'engagement de « {commitments.party} »", keyed))
    for label, values in groups:
        for path, value, first in _duplicates(values):
            line = convention.source.position(first).line
            yield Issue(path, f"{label} « {value} » en double (déjà à la ligne {line})")


@rule("CG207", "sides", Severity.ERROR, "Comparution incomplète ou redondante")
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
}


def _clause_data(convention: Convention, clause: str) -> Any:
    terms = convention.terms
    return {
        "duration": terms,
        "termination": terms.termination if terms else None,
        "amendment": terms.amendment_effective if terms else None,
        "jurisdiction": terms.court if terms else None,
        "communication": convention.communication_consent,
        "governance": convention.governance,
    }[clause]


@rule("CG208", "clause-data", Severity.ERROR, "Clause sans données, ou données sans clause")
def clause_data(convention: Convention) -> Iterator[Issue]:
    """Un article « clause: … » est rédigé à partir des données
    correspondantes : elles doivent exister. À l'inverse, des données de durée,
    de résiliation ou de gouvernance qu'aucun article n'imprime ne figurent pas
    dans le document (avertissement). Un tableau « table: budget » demande un
    plan de financement."""
    printed = set()
    for article in convention.iter_articles():
        if article.clause:
            printed.add(article.clause)
            if _clause_data(convention, article.clause) is None:
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
    if convention.budget is None:
        bodies = [a.body for a in convention.iter_articles()] + [a.body for a in convention.annexes]
        for block in itertools.chain.from_iterable(bodies):
            if isinstance(block, Table):
                yield Issue(block.path, "« table: budget » sans plan de financement (« budget »)")


@rule("CG209", "inserted-first", Severity.WARNING, "Article inséré en tête")
def inserted_first(convention: Convention) -> Iterator[Issue]:
    """« inserted: true » numérote un article d'après le précédent (6 bis) : un
    premier article ne peut pas être inséré ; il est numéroté normalement."""

    def walk(articles: list[Any]) -> Iterator[Issue]:
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
