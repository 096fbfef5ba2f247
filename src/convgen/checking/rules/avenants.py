"""Avenants: the convention they amend, their parties, their signature, their changes
(CG9xx).

Whether each change applies to the text as signed — its words found once in the alinéa
named, its article there, the number of an inserted article the one left free — needs
that text as the document prints it: the build and ``convgen check`` verify it after
these rules (:mod:`convgen.building.verification`, CG904–CG906).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from convgen.checking.rules.registry import Issue, rule
from convgen.foundation import french
from convgen.foundation.findings import Severity
from convgen.model.amendments import AddAnnex, ReplaceAnnex
from convgen.model.annexes import annex_sources
from convgen.model.avenant import Avenant, signed_on
from convgen.model.convention import number

KINDS = ("avenant",)


@rule(
    "CG901",
    "amended-convention",
    Severity.ERROR,
    "Convention modifiée introuvable ou invalide",
    blocking=True,
    kinds=KINDS,
)
def amended_convention(avenant: Avenant) -> Iterator[Issue]:
    """La convention que l'avenant modifie (``amends``) existe, se lit, est une
    convention et en a la structure : un chemin relatif au fichier de l'avenant et
    dans le dossier du projet, ou une révision git « REV:chemin » (le chemin depuis la
    racine du dépôt), qui fige la version signée. Sans elle, rien de l'avenant ne
    peut être rédigé ni vérifié."""
    amended = avenant.amends
    result = amended.result
    if not amended.written:
        return  # still to be named: a gap (CG101)
    if amended.refused is not None:
        yield Issue(amended.path, f"convention modifiée illisible : {amended.refused}")
    elif result is None:
        yield Issue(
            amended.path,
            f"convention modifiée « {amended.written} » introuvable (un chemin relatif au "
            "fichier de l'avenant, ou une révision git REV:chemin)",
        )
    elif result.error is not None:
        yield Issue(amended.path, f"convention modifiée illisible : {result.error}")
    elif result.document is not None and result.document.kind != "convention":
        yield Issue(amended.path, f"« {amended.written} » n'est pas une convention")
    elif result.convention is None:
        errors = sum(1 for f in result.findings if f.severity >= Severity.ERROR)
        yield Issue(
            amended.path,
            f"la convention modifiée n'est pas valide ({french.count_noun(errors, 'erreur')}) : "
            f"convgen check {result.file}",
        )


@rule("CG902", "amended-final", Severity.ERROR, "Convention modifiée non signée", kinds=KINDS)
def amended_final(avenant: Avenant) -> Iterator[Issue]:
    """Un avenant modifie une convention signée : sa version finale
    (``status: final``), sans erreur. Un projet se corrige, il ne s'amende pas."""
    convention = avenant.convention
    result = avenant.amends.result
    if convention is None or result is None:
        return
    if not convention.is_final:
        yield Issue(
            avenant.amends.path,
            f"la convention modifiée est un projet (status: {convention.status}) : un avenant "
            "modifie une convention signée (status: final) ; un projet se corrige",
        )
        return
    errors = sum(
        1 for f in result.findings if f.severity >= Severity.ERROR and f.suppressed is None
    )
    if errors:
        yield Issue(
            avenant.amends.path,
            f"la convention modifiée comporte {french.count_noun(errors, 'erreur')} "
            f"(convgen check {result.file}) : elle ne peut pas avoir été signée ainsi",
        )


@rule(
    "CG903",
    "amended-signature-date",
    Severity.WARNING,
    "Date de signature de la convention modifiée",
    kinds=KINDS,
)
def amended_signature_date(avenant: Avenant) -> Iterator[Issue]:
    """L'avenant cite la convention et la date de sa signature (la dernière, quand
    les parties signent chacune à leur tour) : sans date écrite dans la convention
    (``signature.date``, ou la ``date`` de chaque signataire), le visa et le titre la
    taisent. Avertissement dans un projet, erreur dans une version finale."""
    convention = avenant.convention
    if convention is None or not convention.is_final or signed_on(convention) is not None:
        return
    yield Issue(
        avenant.amends.path,
        "la convention modifiée ne dit pas quand elle a été signée (signature.date, ou la date "
        "de chaque signataire) : l'avenant ne peut pas citer la date de sa signature",
        severity=Severity.ERROR if avenant.is_final else None,
    )


@rule("CG907", "avenant-parties", Severity.ERROR, "Parties de l'avenant", kinds=KINDS)
def avenant_parties(avenant: Avenant) -> Iterator[Issue]:
    """Les parties de l'avenant sont celles de la convention, celles qui y entrent
    (``join``, décrites dans ``parties``) et celles qui en sortent (``leave`` : elles
    signent l'avenant, une convention ne se modifiant que du consentement de toutes
    ses parties, article 1193 du code civil). Une partie décrite dans ``parties`` est
    une partie de la convention (dont la description change) ou une partie qui entre ;
    ``sides`` nomme chaque partie de l'avenant une fois ; il reste au moins deux
    parties à la convention."""
    convention = avenant.convention
    if convention is None:
        return
    current = {p.id for p in convention.parties}
    joining: Counter[str] = Counter()
    for op in avenant.joining:
        joining[op.party] += 1
        if op.party in current:
            yield Issue(op.path, f"« {op.party} » est déjà partie à la convention")
        elif op.party not in avenant.declared:
            yield Issue(
                op.path,
                f"« {op.party} » entre dans la convention sans être décrite : ajoutez-la à "
                "« parties » (dénomination, adresse, représentant)",
            )
        elif joining[op.party] == 2:
            yield Issue(op.path, f"« {op.party} » entre deux fois")
    leaving = {op.party for op in avenant.leaving}  # one that is no party: CG904
    for party_id, path in avenant.declared.items():
        if party_id not in current and party_id not in joining:
            yield Issue(
                path,
                f"« {party_id} » est décrite dans « parties » sans être partie à la convention "
                f"ni y entrer (ajoutez la modification « join: {party_id} »)",
            )
    remaining = (current - leaving) | set(joining)
    if len(remaining) < 2:
        left = "qu'une partie" if remaining else "aucune partie"
        yield Issue(
            ("changes",),
            f"après l'avenant, la convention n'aurait plus {left} : c'est une résiliation",
        )
    text = avenant.text
    if text is None or "sides" not in avenant.source.data:
        return
    named = Counter(pid for side in text.sides for pid in side)
    known = {p.id for p in text.parties}
    for party_id, count in named.items():
        if party_id not in known:
            yield Issue(("sides",), f"« {party_id} » n'est pas une partie de l'avenant")
        elif count > 1:
            yield Issue(("sides",), f"« {party_id} » figure deux fois dans la comparution")
    for party_id in sorted(known - set(named)):
        yield Issue(("sides",), f"« {party_id} » ne figure pas dans la comparution (« sides »)")


@rule("CG908", "avenant-signature", Severity.ERROR, "Signature de l'avenant", kinds=KINDS)
def avenant_signature(avenant: Avenant) -> Iterator[Issue]:
    """Chaque partie de l'avenant le signe, une fois — celles qui sortent de la
    convention comprises —, et il est établi en un exemplaire original par
    signataire (davantage : avertissement)."""
    text = avenant.text
    if text is None:
        return
    signature = text.signature
    signing = Counter(s.party for s in signature.signatories)
    known = {p.id for p in text.parties}
    for signatory in signature.signatories:
        if signatory.party not in known:
            yield Issue(signatory.path, f"« {signatory.party} » signe sans être partie à l'avenant")
        elif signing[signatory.party] > 1:
            yield Issue(signatory.path, f"la partie « {signatory.party} » signe deux fois")
            signing[signatory.party] = 1
    for party in text.parties:
        if party.id not in signing:
            yield Issue(
                ("signature", "signatories"),
                f"{french.capitalise(party.full_phrase())} ne signe pas l'avenant : il ne "
                "l'engagerait pas",
            )
    count = number(signature.copies)
    signatories = len(signature.signatories)
    if count is None or count == signatories:
        return
    n = french.count_noun
    made = f"{n(int(count), 'exemplaire original', 'exemplaires originaux')} pour " + n(
        signatories, "signataire"
    )
    yield Issue(
        ("signature", "copies"),
        f"l'avenant est établi en {made}"
        + (" : il en faut un par signataire" if count < signatories else ", est-ce voulu ?"),
        severity=None if count < signatories else Severity.WARNING,
    )


@rule("CG909", "avenant-empty", Severity.WARNING, "Avenant qui ne modifie rien", kinds=KINDS)
def avenant_empty(avenant: Avenant) -> Iterator[Issue]:
    """Un avenant sans modification (``changes`` vide) ne change rien à la
    convention : il n'a rien à faire signer."""
    if not avenant.operations and not avenant.malformed:
        yield Issue(("changes",), "l'avenant ne modifie rien (« changes » est vide)")


@rule("CG910", "avenant-dates", Severity.ERROR, "Avenant daté avant la convention", kinds=KINDS)
def avenant_dates(avenant: Avenant) -> Iterator[Issue]:
    """Un avenant se signe après la convention qu'il modifie : une date de signature
    de l'avenant antérieure à la signature de la convention est une erreur de date."""
    convention, text = avenant.convention, avenant.text
    if convention is None or text is None:
        return
    signed = signed_on(convention)
    if signed is None:
        return
    dates = [(s.path, s.date) for s in text.signature.signatories if s.date]
    if text.signature.date:
        dates.append((("signature", "date"), text.signature.date))
    for path, day in dates:
        try:
            when = french.as_date(day)
        except (ValueError, TypeError):
            continue
        if when < french.as_date(signed):
            yield Issue(
                path,
                f"l'avenant est signé le {french.format_date(when)}, avant la convention qu'il "
                f"modifie (signée le {french.format_date(signed)})",
            )


@rule("CG911", "avenant-annex-file", Severity.WARNING, "Annexe jointe à l'avenant", kinds=KINDS)
def avenant_annex_file(avenant: Avenant) -> Iterator[Issue]:
    """Une annexe que l'avenant remplace ou ajoute est jointe à l'avenant : son
    fichier (``file``, relatif à l'avenant, dans le projet) existe et se joint au PDF
    (un PDF lisible, un .docx). Avertissement dans un projet (une page « pièce non
    jointe » tient sa place), erreur dans une version finale."""
    text = avenant.text
    if text is None:
        return
    joined = [op for op in avenant.operations if isinstance(op, ReplaceAnnex | AddAnnex)]
    for op, source in zip(joined, annex_sources(text), strict=False):
        if source.problem is not None and source.code != "CG101":
            yield Issue(
                (*op.path, "file"),
                f"annexe {op.number} : {source.problem}",
                severity=Severity.ERROR if avenant.is_final else None,
            )


@rule(
    "CG912",
    "avenant-change-form",
    Severity.ERROR,
    "Modification mal formée",
    blocking=True,
    kinds=KINDS,
)
def avenant_change_form(avenant: Avenant) -> Iterator[Issue]:
    """Une modification dit une seule chose d'un seul endroit : un article
    (``article``) et une seule de ``replace`` (des mots), ``strike``, ``rewrite``,
    ``add``, ``delete``, ``retitle``, ``substitute``, ``abrogate`` ; une annexe
    (``annex``) et ``replace`` ou ``remove`` ; ou bien ``insert``, ``add_annex``,
    ``join``, ``leave``, ``rename``. Les alinéas cités sont des paragraphes et des
    listes à puces, pas des tableaux. L'avenant ne serait pas rédigé fidèlement sans
    elle : même un projet est refusé."""
    for problem in avenant.malformed:
        yield Issue(problem.path, problem.message)
