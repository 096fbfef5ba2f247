"""Clauses in the drafters' own words, the values they bind (``@{terms.duration}``)
and the places texts cite (``@{lieu:gymnase}``) (CG212–CG216).

A wording replaces convgen's standard sentences; the values it binds are still printed
from the data and checked there. What these rules guard is that link: a binding that
names nothing, or a value not given, prints nothing faithful; a wording that does not
cite the value its clause exists for leaves that value unprinted and unchecked.
"""

from __future__ import annotations

from collections.abc import Iterator

from convgen.checking.rules.references import closest_hint
from convgen.checking.rules.registry import Issue, rule
from convgen.foundation.findings import Severity
from convgen.model import bindings, markup
from convgen.model.content import block_texts
from convgen.model.convention import Convention, iter_prose
from convgen.model.outline import CLAUSE_NAMES


@rule("CG212", "unknown-binding", Severity.ERROR, "Valeur liée inconnue", blocking=True)
def unknown_binding(convention: Convention) -> Iterator[Issue]:
    """Un texte cite une valeur des données par son nom : ``@{terms.duration}``,
    ``@{terms.end}``, ``@{terms.jurisdiction.court}``… (la liste est dans
    docs/format.md). Un nom qui ne désigne aucune valeur ne peut pas être
    imprimé : sans doute une faute de frappe."""
    known = [spec.name for spec in bindings.SPECS]
    for prose in iter_prose(convention):
        for ref in markup.references(prose.text):
            if isinstance(ref, markup.Binding) and bindings.spec(ref.name) is None:
                yield Issue(
                    prose.path,
                    f"{ref.source} : aucune valeur ne s'appelle « {ref.name} »"
                    f"{closest_hint(ref.name, known)} (écrivez @@{{ pour un « @{{ » littéral)",
                    words=ref.source,
                )


@rule("CG213", "absent-binding", Severity.ERROR, "Valeur liée non renseignée")
def absent_binding(convention: Convention) -> Iterator[Issue]:
    """Un texte qui cite ``@{terms.end}`` demande que la date de fin soit
    renseignée dans ``terms.end`` : sinon rien ne peut être imprimé à sa place
    (le document montre la balise, surlignée). Renseignez la valeur, ou
    retirez-la du texte."""
    for prose in iter_prose(convention):
        for ref in markup.references(prose.text):
            if not isinstance(ref, markup.Binding):
                continue
            spec = bindings.spec(ref.name)
            if spec is not None and spec.read(convention) is None:
                where = ".".join(str(part) for part in spec.path)
                yield Issue(
                    prose.path,
                    f"{ref.source} : valeur non renseignée — {spec.label} (« {where} ») ; "
                    "renseignez-la, ou retirez-la du texte",
                    words=ref.source,
                )


@rule(
    "CG214",
    "wording-without-value",
    Severity.WARNING,
    "Clause rédigée sans la valeur qu'elle porte",
)
def wording_without_value(convention: Convention) -> Iterator[Issue]:
    """Une clause rédigée par les rédacteurs (« wording ») cite la valeur pour
    laquelle elle existe : la clause de durée ``@{terms.duration}`` ou
    ``@{terms.end}``, la résiliation ``@{terms.termination.notice}``, la
    juridiction ``@{terms.jurisdiction.court}``, la composition de l'instance
    de gouvernance ``@{governance.members}``. Écrite en toutes lettres
    (« pour une durée de trois ans »), la valeur n'est plus imprimée depuis
    les données ni vérifiée : une durée changée dans ``terms`` ne changerait
    pas le texte."""
    for article in convention.iter_articles():
        clause = article.wording_clause
        if article.wording is None or clause not in bindings.CLAUSE_VALUES:
            continue
        wanted = bindings.CLAUSE_VALUES[clause]
        cited = {
            ref.name
            for _, text in block_texts(article.wording)
            for ref in markup.references(text)
            if isinstance(ref, markup.Binding)
        }
        if cited & set(wanted):
            continue
        names = [f"@{{{name}}}" for name in wanted]
        cites = "ni " + " ni ".join(names) if len(names) > 1 else f"pas {names[0]}"
        yield Issue(
            (*article.path, "wording"),
            f"la rédaction de la {CLAUSE_NAMES[clause]} ne cite {cites} : la valeur écrite en "
            "toutes lettres n'est ni imprimée depuis les données ni vérifiée",
            key=True,
        )


@rule("CG215", "unknown-place", Severity.ERROR, "Lieu cité mais non déclaré", blocking=True)
def unknown_place(convention: Convention) -> Iterator[Issue]:
    """``@{lieu:clé}`` cite un lieu déclaré dans ``places`` (son nom, son
    genre), pour l'imprimer avec le bon article : « au gymnase », « à la
    salle ». Un lieu non déclaré ne peut pas être imprimé."""
    known = list(convention.places)
    for prose in iter_prose(convention):
        for ref in markup.references(prose.text):
            if isinstance(ref, markup.PlaceRef) and ref.key not in convention.places:
                declared = ", ".join(known) or "aucun"
                yield Issue(
                    prose.path,
                    f"{ref.source} : aucun lieu n'a la clé « {ref.key} »"
                    f"{closest_hint(ref.key, known)} ; lieux déclarés (« places ») : {declared}",
                    words=ref.source,
                )


@rule("CG216", "unused-place", Severity.WARNING, "Lieu déclaré mais jamais cité")
def unused_place(convention: Convention) -> Iterator[Issue]:
    """Un lieu déclaré dans ``places`` que nul texte ne cite par
    ``@{lieu:clé}`` : sans doute un texte qui écrit encore le lieu à la main
    (« à gymnase »), ou une clé mal orthographiée."""
    cited = {
        ref.key
        for prose in iter_prose(convention)
        for ref in markup.references(prose.text)
        if isinstance(ref, markup.PlaceRef)
    }
    for key, place in convention.places.items():
        if key not in cited:
            yield Issue(
                place.path,
                f"le lieu « {key} » ({place.name}) n'est cité nulle part (écrivez @{{lieu:{key}}})",
                key=True,
            )
