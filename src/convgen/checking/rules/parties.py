"""Parties, signatories, originals, governance and commitments."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from convgen.checking.rules.registry import Issue, rule
from convgen.foundation import french
from convgen.foundation.findings import Severity
from convgen.foundation.names import fold
from convgen.model import markup
from convgen.model.convention import Convention, Party, iter_prose, number


@rule("CG301", "copies", Severity.ERROR, "Nombre d'exemplaires originaux")
def copies(convention: Convention) -> Iterator[Issue]:
    """Une convention « établie en N exemplaires originaux » en prévoit un par
    signataire : moins d'exemplaires que de signataires laisse une partie sans
    original (erreur) ; davantage est possible (contrôle de légalité,
    archives) mais mérite d'être voulu (avertissement)."""
    count = number(convention.signature.copies)
    signatories = len(convention.signature.signatories)
    if count is None or count == signatories:
        return
    path = ("signature", "copies")
    n = french.count_noun
    made = f"{n(int(count), 'exemplaire original', 'exemplaires originaux')} pour " + n(
        signatories, "signataire"
    )
    if count < signatories:
        missing = n(signatories - int(count), "original", "originaux")
        yield Issue(
            path, f"la convention est établie en {made} : il manque {missing} (un par signataire)"
        )
    else:
        yield Issue(
            path,
            f"{made} : {int(count) - signatories} de plus que de signataires, est-ce voulu ?",
            severity=Severity.WARNING,
        )


@rule("CG302", "signatories", Severity.ERROR, "Partie qui ne signe pas, ou qui signe deux fois")
def signatories(convention: Convention) -> Iterator[Issue]:
    """Chaque partie comparante signe la convention, une fois : une partie qui
    ne signe pas n'est pas engagée par l'acte, un bloc de signature en double
    prête à confusion."""
    signing = Counter(s.party for s in convention.signature.signatories)
    for signatory in convention.signature.signatories:
        if signing[signatory.party] > 1:
            yield Issue(signatory.path, f"la partie « {signatory.party} » signe deux fois")
            signing[signatory.party] = 1
    for party in convention.parties:
        if party.id not in signing:
            yield Issue(
                ("signature", "signatories"),
                f"{french.capitalise(party.full_phrase())} ne signe pas : ajoutez « {party.id} » "
                "aux signataires, sinon cette partie n'est pas engagée par la convention",
            )


@rule("CG303", "governance-outsider", Severity.WARNING, "Membre de la gouvernance non signataire")
def governance_outsider(convention: Convention) -> Iterator[Issue]:
    """Un membre du comité de pilotage qui n'est pas partie à la convention
    n'a rien signé : il y siège sans engagement. C'est parfois voulu (une
    ville associée), souvent un oubli dans la liste des parties. Seuls les
    organismes sont concernés : un membre désigné par sa fonction ou par son
    nom (« role », « person ») siège pour une institution et ne signe pas."""
    governance = convention.governance
    if governance is None:
        return
    signing = {s.party for s in convention.signature.signatories}
    where = french.definite(governance.short_name or governance.name, governance.gender, form="à")
    for member in governance.members:
        if not member.organisation:
            continue  # a function or a person sits for someone; it signs nothing itself
        if member.party is None:
            who = french.capitalise(french.definite(member.name or "", member.gender))
            yield Issue(
                member.path,
                f"{who} siège {where} sans être partie à la convention : ce membre ne signe "
                "rien et n'est engagé à rien",
            )
        elif member.party not in signing and (party := convention.party(member.party)):
            who = french.capitalise(party.full_phrase())
            yield Issue(member.path, f"{who} siège {where} mais ne signe pas la convention")


# What a party does when it is the subject of a sentence of the convention: « La Ville
# met à disposition… », « L'association s'engage à… », « Le CFA transmet… ».
_OBLIGATION_VERBS = (
    "s'engage", "s’engage", "s'oblige", "s’oblige", "est tenu", "sont tenu", "met à disposition",
    "mettra à disposition", "met gratuitement à disposition", "assure", "assurera", "verse",
    "versera", "prend en charge", "prendra en charge", "veille", "veillera", "fournit",
    "fournira", "transmet", "transmettra", "accueille", "accueillera", "organise", "organisera",
    "participe", "participera", "apporte", "apportera", "réalise", "réalisera", "garantit",
    "informe", "informera", "souscrit", "rembourse", "remet", "remettra", "désigne", "accorde",
    "attribue", "contribue", "finance", "financera", "s'acquitte", "s’acquitte", "restitue",
    "utilise", "respecte", "respectera", "prend à sa charge", "communique", "communiquera",
)  # fmt: skip
# A name right after these is not the subject: « mis à la disposition du collège ».
_OBJECT_BEFORE = re.compile(
    r"(?:\b(?:de|du|des|à|au|aux|par|pour|avec|entre|envers|auprès)\s+(?:la\s+|le\s+|l['’])?)$",
    re.IGNORECASE,
)


def _names(party: Party) -> list[str]:
    """How a text may name ``party`` as a subject: its name, its short name, and the head
    of its name written with a capital (« la Ville » for « Ville de Langres »)."""
    names = {party.name.strip(), party.noun.strip()}
    head = party.name.split()[0] if party.name.split() else ""
    if len(head) > 2 and head[0].isupper():
        names.add(head)
    return [n for n in names if n]


def _acts_in(text: str, party: Party) -> bool:
    """Whether a sentence of ``text`` has ``party`` for subject of an obligation."""
    for name in _names(party):
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            if _OBJECT_BEFORE.search(text[max(0, match.start() - 20) : match.start()]):
                continue
            rest = text[match.end() : match.end() + 80]
            clause = re.split(r"[.;:]", rest, maxsplit=1)[0].lower()
            if any(verb in clause for verb in _OBLIGATION_VERBS):
                return True
    return False


def _obliged(convention: Convention) -> set[str]:
    """The parties an obligation is written for, anywhere in the document: a list of
    commitments, a sentence whose subject is the party, a financing it pays or receives
    (the beneficiary justifies its use), a column of a table that is its share."""
    obliged = {c.party for c in convention.commitment_sets() if c.items}
    obliged |= {f.party for f in convention.financing}
    obliged |= {f.beneficiary for f in convention.financing}
    obliged |= {c.party for t in convention.tables for c in t.columns if c.party}
    texts = [markup.plain(prose.text) for prose in iter_prose(convention)]
    for party in convention.parties:
        if party.id not in obliged and any(_acts_in(text, party) for text in texts):
            obliged.add(party.id)
    return obliged


@rule("CG304", "no-commitment", Severity.WARNING, "Partie sans engagement")
def no_commitment(convention: Convention) -> Iterator[Issue]:
    """Une partie qui signe sans aucune obligation écrite : son rôle dans la
    convention n'est pas dit. Une obligation s'écrit dans une liste
    d'engagements (« commitments »), dans une phrase dont la partie est le
    sujet (« La Ville met à disposition… », « L'association s'engage à… »),
    par un financement qu'elle verse ou reçoit, ou par sa colonne dans un
    tableau ; la partie n'en a aucune que si rien de cela n'existe. Un avenant
    (« title.kind » : « Avenant … ») n'est pas concerné : les obligations de ses
    parties sont celles de la convention qu'il modifie."""
    if fold(convention.title.kind).startswith("avenant"):
        return
    obliged = _obliged(convention)
    for party in convention.parties:
        if party.id not in obliged:
            yield Issue(
                (*party.path, "id"),
                f"{french.capitalise(party.full_phrase())} ne prend aucun engagement : ni "
                "liste « commitments », ni phrase dont la partie est le sujet, ni financement",
            )


@rule("CG305", "representative-quality", Severity.INFO, "Qualité du représentant non précisée")
def representative_quality(convention: Convention) -> Iterator[Issue]:
    """La qualité en laquelle le représentant signe (« sa Présidente », « le
    Préfet de région ») justifie son pouvoir d'engager la partie et s'imprime
    sous sa signature ; sans elle, le bloc de signature ne porte que son nom.
    Vaut pour le représentant de chaque partie et pour un signataire particulier
    (« signer »). Information dans un projet, erreur dans une version finale, qui
    est alors refusée : on ne signe pas sans dire en quelle qualité."""
    severity = Severity.ERROR if convention.is_final else Severity.INFO
    for party in convention.parties:
        if not party.representative.quality_written:  # an empty one is a gap (CG103)
            yield Issue(
                party.representative.path,
                f"qualité de {party.representative.civility} {party.representative.full_name} "
                f"non précisée (« quality », par exemple « sa Présidente »)",
                severity=severity,
                key=True,
                summary="qualité du représentant à préciser",
            )
    for signatory in convention.signature.signatories:
        signer = signatory.signer
        if signer is not None and not signer.quality_written:
            yield Issue(
                signer.path,
                f"qualité du signataire {signer.civility} {signer.full_name} non précisée "
                "(« quality », par exemple « sa Vice-Présidente déléguée »)",
                severity=severity,
                key=True,
                summary="qualité du signataire à préciser",
            )
