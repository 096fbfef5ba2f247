"""Deliberations: quorum, pouvoirs, attendance lists, tally, dates and approvals (CG6xx).

The legal references are to the Code général des collectivités territoriales
(CGCT): quorum L. 2121-17, pouvoirs L. 2121-20, convocation L. 2121-12,
L. 3121-19, L. 4132-18, and the télétransmission identifier of @CTES.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator

from convgen.checking.rules.registry import Issue, rule
from convgen.foundation import french
from convgen.foundation.codes import GAP_CODES
from convgen.foundation.findings import Path_, Severity
from convgen.foundation.gaps import is_gap
from convgen.foundation.names import Name, closest, find, fold, parse
from convgen.model.convention import Convention, Party
from convgen.model.deliberation import (
    ASSEMBLIES,
    SMALL_COMMUNE_NOTICE,
    URGENCY_NOTICE,
    Deliberation,
)

KINDS = ("deliberation",)


def _suggest(name: Name, candidates: list[Name]) -> str:
    near = closest(name, candidates)
    return f" ; vouliez-vous dire {near} ?" if near else ""


def _lists(deliberation: Deliberation) -> dict[str, list[tuple[Name, Path_]]]:
    return {
        "présents": [(m.name, m.path) for m in deliberation.present],
        "représentés": [(p.member, (*p.path, "member")) for p in deliberation.represented],
        "excusés": [(m.name, m.path) for m in deliberation.excused],
        "absents": [(m.name, m.path) for m in deliberation.absent],
    }


def _where(deliberation: Deliberation, name: Name) -> str | None:
    """The list (other than the present) a name appears in, if any."""
    for label, entries in _lists(deliberation).items():
        if label != "présents" and any(n.same(name) for n, _ in entries):
            return label
    return None


@rule("CG601", "quorum", Severity.ERROR, "Quorum non atteint", kinds=KINDS)
def quorum(deliberation: Deliberation) -> Iterator[Issue]:
    """Une assemblée ne délibère valablement que si plus de la moitié de ses
    membres en exercice sont présents (CGCT, art. L. 2121-17) ; les membres
    représentés ne comptent pas. Après un premier défaut de quorum, une
    seconde convocation permet de délibérer sans condition de quorum
    (``session.second_convocation``)."""
    if deliberation.session.second_convocation:
        return
    counts = deliberation.counts
    needed = counts.in_office // 2 + 1
    if counts.in_office and counts.present < needed:
        yield Issue(
            ("attendance", "present"),
            f"quorum non atteint : {counts.present} présents pour {counts.in_office} membres en "
            f"exercice, il en faut au moins {needed} (plus de la moitié) ; sinon, la séance doit "
            "être une seconde convocation (session.second_convocation: true)",
            key=True,
        )


def _all_names(deliberation: Deliberation) -> Iterator[tuple[Name, Path_]]:
    for entries in _lists(deliberation).values():
        yield from entries
    for proxy in deliberation.represented:
        yield proxy.holder, (*proxy.path, "proxy")
    for officer in (deliberation.president, deliberation.rapporteur):
        if officer is not None:
            yield officer.name, (*officer.path, "name")
    if deliberation.secretary is not None:
        yield deliberation.secretary.name, deliberation.secretary.path
    for member in [*deliberation.against, *deliberation.abstentions, *deliberation.not_voting]:
        yield member.name, member.path


@rule(
    "CG602",
    "name-form",
    Severity.WARNING,
    "Nom écrit sans nom de famille en capitales",
    kinds=KINDS,
)
def name_form(deliberation: Deliberation) -> Iterator[Issue]:
    """Une assemblée écrit les noms « M. Prénom NOM » ou « NOM Prénom », le nom
    de famille en capitales, une particule (« de », « d' ») en minuscules
    devant lui. Sans capitales, convgen ne peut pas distinguer le nom du
    prénom (« Jean Pierre ») ; les listes et le vote le comparent pourtant
    sans tenir compte de la civilité, de l'ordre, de la casse ni des
    accents."""
    for name, path in _all_names(deliberation):
        if name.written and not name.family and not is_gap(name.written):
            words = name.given.split()
            hint = ""
            if len(words) == 2:
                civility = f"{name.civility} " if name.civility else ""
                hint = f" (« {civility}{words[0]} {words[1].upper()} » ?)"
            yield Issue(
                path,
                f"nom de famille non identifiable dans « {name} » : écrivez-le en capitales{hint}",
            )


@rule("CG603", "pouvoirs", Severity.ERROR, "Pouvoir mal donné", kinds=KINDS)
def pouvoirs(deliberation: Deliberation) -> Iterator[Issue]:
    """Chaque pouvoir est porté par un membre présent à la séance, qui n'en
    porte pas d'autre et n'est pas celui qui le donne (CGCT, art.
    L. 2121-20). Quand le porteur n'est pas parmi les présents, convgen
    indique où il figure, ou le présent dont le nom est le plus proche (une
    faute de frappe, le plus souvent)."""
    present = [m.name for m in deliberation.present]
    held: dict[tuple[str, ...], list[Name]] = {}
    for proxy in deliberation.represented:
        path = (*proxy.path, "proxy")
        if proxy.holder.same(proxy.member):
            yield Issue(path, f"{proxy.member} ne peut pas se donner pouvoir à lui-même")
            continue
        if find(proxy.holder, present) is None:
            elsewhere = _where(deliberation, proxy.holder)
            if elsewhere:
                yield Issue(
                    path,
                    f"{proxy.holder} porte le pouvoir de {proxy.member} mais figure parmi les "
                    f"{elsewhere} : seul un membre présent peut porter un pouvoir",
                )
            else:
                yield Issue(
                    path,
                    f"{proxy.holder}, qui porte le pouvoir de {proxy.member}, n'est pas parmi les "
                    f"présents{_suggest(proxy.holder, present)}",
                )
            continue
        held.setdefault(proxy.holder.key, []).append(proxy.member)
        givers = held[proxy.holder.key]
        if len(givers) == 2:
            yield Issue(
                path,
                f"{proxy.holder} porte deux pouvoirs (de {givers[0]} et de {givers[1]}) : "
                "un membre ne peut en porter qu'un",
            )


@rule("CG604", "attendance-lists", Severity.ERROR, "Listes de présence incohérentes", kinds=KINDS)
def attendance_lists(deliberation: Deliberation) -> Iterator[Issue]:
    """Chaque membre en exercice figure dans une et une seule liste (présents,
    excusés et représentés, excusés, absents), et les listes réunies comptent
    autant de noms que de membres en exercice."""
    seen: dict[tuple[str, ...], str] = {}
    for label, entries in _lists(deliberation).items():
        for name, path in entries:
            first = seen.get(name.key)
            if first is None:
                seen[name.key] = label
            elif first == label:
                yield Issue(path, f"{name} figure deux fois parmi les {label}")
            else:
                yield Issue(path, f"{name} figure à la fois parmi les {first} et les {label}")
    counts = deliberation.counts
    excused, absent = len(deliberation.excused), len(deliberation.absent)
    total = counts.present + counts.represented + excused + absent
    if counts.in_office and total != counts.in_office:
        gap = counts.in_office - total
        tail = f"il en manque {gap}" if gap > 0 else f"{-gap} de trop"
        n = french.count_noun
        yield Issue(
            ("members_in_office",),
            f"les listes comptent {n(total, 'membre')} ({n(counts.present, 'présent')}, "
            f"{n(counts.represented, 'représenté')}, {n(excused, 'excusé')}, "
            f"{n(absent, 'absent')}) pour {counts.in_office} membres en exercice : {tail}",
        )


@rule(
    "CG605", "officers", Severity.ERROR, "Président, secrétaire ou rapporteur absent", kinds=KINDS
)
def officers(deliberation: Deliberation) -> Iterator[Issue]:
    """Le président de séance, le secrétaire de séance et le rapporteur sont
    des membres présents."""
    present = [m.name for m in deliberation.present]
    roles: list[tuple[str, Name, Path_]] = [
        ("le président de séance", deliberation.president.name, ("session", "president", "name"))
    ]
    if deliberation.secretary is not None:
        roles.append(("le secrétaire de séance", deliberation.secretary.name, ("secretary",)))
    if deliberation.rapporteur is not None:
        roles.append(("le rapporteur", deliberation.rapporteur.name, ("rapporteur", "name")))
    for role, name, path in roles:
        if name.written and not is_gap(name.written) and find(name, present) is None:
            elsewhere = _where(deliberation, name)
            detail = (
                f"figure parmi les {elsewhere}" if elsewhere else "n'est pas parmi les présents"
            )
            yield Issue(path, f"{role}, {name}, {detail}{_suggest(name, present)}")


@rule("CG606", "named-voters", Severity.ERROR, "Vote d'un membre qui ne vote pas", kinds=KINDS)
def named_voters(deliberation: Deliberation) -> Iterator[Issue]:
    """Les membres nommés comme votant contre, s'abstenant ou ne prenant pas
    part au vote sont des membres votants (présents, ou représentés par un
    pouvoir), et chacun n'est nommé qu'une fois."""
    voting = deliberation.voting_members()
    named: dict[tuple[str, ...], str] = {}
    lists = {
        "contre": deliberation.against,
        "abstentions": deliberation.abstentions,
        "ne prennent pas part au vote": deliberation.not_voting,
    }
    for label, members in lists.items():
        for member in members:
            if find(member.name, voting) is None:
                elsewhere = _where(deliberation, member.name)
                detail = (
                    f"figure parmi les {elsewhere}"
                    if elsewhere
                    else "n'est ni présent ni représenté"
                )
                yield Issue(
                    member.path,
                    f"{member.name} ({label}) {detail}{_suggest(member.name, voting)}",
                )
            if member.name.key in named:
                yield Issue(
                    member.path,
                    f"{member.name} est nommé à la fois dans « {named[member.name.key]} » et dans "
                    f"« {label} »",
                )
            named.setdefault(member.name.key, label)


_COUNT_LABELS = {
    "present": "Présents",
    "represented": "Représentés",
    "absent": "Absents",
    "voters": "Votants",
    "for": "Pour",
    "against": "Contre",
    "abstentions": "Abstentions",
    "expressed": "Suffrages exprimés",
    "absolute_majority": "Majorité absolue",
}


def _explain(deliberation: Deliberation) -> dict[str, tuple[int, str]]:
    """Each derived count, and how it is derived, for messages."""
    c = deliberation.counts
    n = french.count_noun
    voters = f"{n(c.present, 'présent')} + {n(c.represented, 'représenté')}"
    if c.not_voting:
        voters += f" − {c.not_voting} ne prenant pas part au vote"
    blank = f" − {n(c.blank_or_void, 'blanc ou nul', 'blancs ou nuls')}" if c.blank_or_void else ""
    excused, absent = len(deliberation.excused), len(deliberation.absent)
    expressed = n(c.expressed, "suffrage exprimé", "suffrages exprimés")
    return {
        "present": (c.present, f"{n(c.present, 'nom')} dans la liste des présents"),
        "represented": (c.represented, n(c.represented, "pouvoir")),
        "absent": (c.absent, f"{n(excused, 'excusé')} + {n(absent, 'absent')}"),
        "voters": (c.voters, voters),
        "for": (c.votes_for, f"{expressed} − {c.against} contre"),
        "against": (c.against, f"{n(c.against, 'nom')} parmi les votes contre"),
        "abstentions": (c.abstentions, f"{n(c.abstentions, 'nom')} parmi les abstentions"),
        "expressed": (
            c.expressed,
            f"{n(c.voters, 'votant')} − {n(c.abstentions, 'abstention')}{blank}",
        ),
        "absolute_majority": (
            c.absolute_majority,
            f"la moitié de {expressed}, arrondie à l'unité inférieure, plus un",
        ),
    }


@rule("CG607", "tally", Severity.ERROR, "Décompte du vote", kinds=KINDS)
def tally(deliberation: Deliberation) -> Iterator[Issue]:
    """Les nombres sont déduits des listes et des votes nommés : un nombre écrit
    dans ``counts`` qui diffère est une erreur qui donne les deux chiffres et
    le calcul. Le résultat écrit (adoptée ou rejetée) doit être celui du
    décompte, et une unanimité déclarée ne peut compter ni vote contre ni
    abstention."""
    explained = _explain(deliberation)
    for key, written in deliberation.declared.counts.items():
        if key not in explained or not isinstance(written, int):
            continue
        derived, how = explained[key]
        if written != derived:
            yield Issue(
                ("counts", key),
                f"{_COUNT_LABELS[key]} : {written} écrit, {derived} d'après les listes ({how})",
            )
    counts = deliberation.counts
    result = deliberation.declared.result
    if result in ("adopted", "rejected") and (result == "adopted") != counts.adopted:
        said = "adoptée" if result == "adopted" else "rejetée"
        yield Issue(
            ("counts", "result"),
            f"délibération écrite {said}, mais le décompte donne {counts.votes_for} voix pour "
            f"sur {counts.expressed} suffrages exprimés (majorité absolue : "
            f"{counts.absolute_majority}) : {counts.result_sentence.lower().rstrip('.')}",
        )
    if deliberation.unanimous and (counts.against or counts.abstentions or counts.blank_or_void):
        n = french.count_noun
        named = [
            n(counts.against, "voix contre", "voix contre"),
            n(counts.abstentions, "abstention"),
            n(counts.blank_or_void, "bulletin blanc ou nul", "bulletins blancs ou nuls"),
        ]
        counted = [words for words in named if not words.startswith("0 ")]
        yield Issue(
            ("vote", "unanimous"),
            f"unanimité déclarée, mais le décompte porte {french.join_words(counted)}",
        )
    if counts.voters == 0:
        yield Issue(("vote",), "aucun votant : la délibération ne peut pas être adoptée", key=True)


def _date(value: str | None) -> dt.date | None:
    try:
        return french.as_date(value) if isinstance(value, str) else None
    except ValueError:
        return None


@rule("CG608", "dates-order", Severity.ERROR, "Dates dans le désordre", kinds=KINDS)
def dates_order(deliberation: Deliberation) -> Iterator[Issue]:
    """La convocation précède la séance ; la signature de l'extrait et la
    transmission au représentant de l'État la suivent, dans cet ordre ; la
    publication suit la séance."""
    publicity = deliberation.publicity
    transmission = publicity.transmission if publicity is not None else None
    publication = publicity.publication if publicity is not None else None
    steps = [
        ("convocation", ("session", "convocation"), _date(deliberation.session.convocation)),
        ("séance", ("session", "date"), _date(deliberation.session.date)),
        ("signature", ("signature", "date"), _date(deliberation.signature.date)),
        ("transmission", ("publicity", "transmission"), _date(transmission)),
    ]
    known = [(label, path, day) for label, path, day in steps if day is not None]
    for (label_a, _, day_a), (label_b, path_b, day_b) in itertools.pairwise(known):
        if day_b < day_a or (label_a == "convocation" and day_b == day_a):
            yield Issue(
                path_b,
                f"{label_b} le {french.format_date(day_b)}, avant la {label_a} du "
                f"{french.format_date(day_a)}",
            )
    session = _date(deliberation.session.date)
    published = _date(publication)
    if session and published and published < session:
        yield Issue(
            ("publicity", "publication"),
            f"publication le {french.format_date(published)}, avant la séance du "
            f"{french.format_date(session)}",
        )


@rule(
    "CG609", "convocation-notice", Severity.WARNING, "Délai de convocation trop court", kinds=KINDS
)
def convocation_notice(deliberation: Deliberation) -> Iterator[Issue]:
    """Les membres sont convoqués au moins cinq jours francs avant la séance
    d'un conseil municipal (trois dans une commune de moins de 3 500
    habitants), communautaire, de territoire ou métropolitain, d'un comité
    syndical, et douze jours francs avant celle d'un conseil départemental ou
    régional ; un jour franc en cas d'urgence. Les jours francs ne comptent ni
    le jour de l'envoi ni celui de la séance."""
    convocation = _date(deliberation.session.convocation)
    session = _date(deliberation.session.date)
    required = ASSEMBLIES.get(deliberation.assembly, ("m", "", None))[2]
    if convocation is None or session is None or required is None or convocation >= session:
        return
    if deliberation.assembly == "conseil municipal" and deliberation.authority.small_commune:
        required = SMALL_COMMUNE_NOTICE
    if deliberation.session.urgency:
        required = URGENCY_NOTICE
    clear = (session - convocation).days - 1
    if clear < required:
        yield Issue(
            ("session", "convocation"),
            f"convocation le {french.format_date(convocation)} pour une séance le "
            f"{french.format_date(session)} : "
            f"{french.count_noun(clear, 'jour franc', 'jours francs')} ; un "
            f"{deliberation.assembly} se convoque au moins "
            f"{required} jours francs avant (en cas d'urgence : session.urgency)",
        )


_IDENTIFIER = re.compile(
    r"^(?P<department>\d{2}[0-9AB])-(?P<siren>\d{9})-(?P<date>\d{8})-(?P<number>[A-Za-z0-9_]+)"
    r"-(?P<nature>[A-Z]{2})$"
)


def _compact(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


@rule("CG610", "teletransmission", Severity.ERROR, "Identifiant de télétransmission", kinds=KINDS)
def teletransmission(deliberation: Deliberation) -> Iterator[Issue]:
    """L'identifiant @CTES d'une délibération s'écrit
    département-SIREN-AAAAMMJJ-numéro-nature (« 052-200067007-20211216-
    2021_12_16_045-DE ») : sa date est celle de la séance, son numéro celui de
    l'acte (aux séparateurs près), sa nature « DE » (délibération), son
    département et son SIREN ceux de la collectivité quand ils sont donnés."""
    publicity = deliberation.publicity
    identifier = publicity.teletransmission_id if publicity is not None else None
    if not isinstance(identifier, str) or not identifier.strip() or is_gap(identifier):
        return  # none, or still to write: a gap, reported as such
    path = ("publicity", "teletransmission_id")
    match = _IDENTIFIER.match(identifier.strip())
    if match is None:
        yield Issue(
            path,
            f"« {identifier} » n'a pas la forme département-SIREN-AAAAMMJJ-numéro-nature "
            "(« 052-200067007-20211216-2021_12_16_045-DE »)",
        )
        return
    session = _date(deliberation.session.date)
    if session is not None and match["date"] != session.strftime("%Y%m%d"):
        yield Issue(
            path,
            f"la date de l'identifiant ({match['date']}) n'est pas celle de la séance "
            f"({session.strftime('%Y%m%d')})",
        )
    if _compact(match["number"]) != _compact(deliberation.number):
        yield Issue(
            path,
            f"le numéro de l'identifiant ({match['number']}) n'est pas celui de l'acte "
            f"({deliberation.number})",
        )
    if match["nature"] != "DE":
        yield Issue(
            path,
            f"nature « {match['nature']} » : une délibération se transmet avec la nature « DE »",
            severity=Severity.WARNING,
        )
    authority = deliberation.authority
    for key, label, expected in (
        ("siren", "SIREN", authority.siren),
        ("department", "département", authority.department),
    ):
        if expected and match[key] != expected:
            yield Issue(
                path,
                f"{label} de l'identifiant : {match[key]}, celui de la collectivité : {expected}",
            )


@rule(
    "CG611",
    "approved-convention",
    Severity.ERROR,
    "Convention approuvée introuvable ou invalide",
    blocking=True,
    kinds=KINDS,
)
def approved_convention(deliberation: Deliberation) -> Iterator[Issue]:
    """Le fichier nommé par ``approves`` (relatif à la délibération, et dans le
    dossier du projet) existe, se lit, est une convention ou un avenant et en a la
    structure : son titre, ses parties et sa période entrent dans la
    délibération, qui la liste en annexe."""
    for approved in deliberation.approved:
        result = approved.result
        if approved.refused is not None:
            yield Issue(approved.path, f"convention approuvée refusée : {approved.refused}")
        elif result is None:
            yield Issue(
                approved.path,
                f"convention approuvée « {approved.written} » introuvable (le chemin est relatif "
                "au fichier de la délibération)",
            )
        elif result.error is not None:
            yield Issue(approved.path, f"convention approuvée illisible : {result.error}")
        elif result.document is not None and result.document.kind not in ("convention", "avenant"):
            yield Issue(
                approved.path, f"« {approved.written} » n'est ni une convention ni un avenant"
            )
        elif result.convention is None:
            errors = sum(1 for f in result.findings if f.severity >= Severity.ERROR)
            yield Issue(
                approved.path,
                f"la convention approuvée n'est pas valide ({errors} erreurs) : "
                f"convgen check {result.file}",
            )


def _authority_party(deliberation: Deliberation, convention: Convention) -> bool:
    return _deliberating_party(deliberation, convention) is not None


@rule(
    "CG612",
    "approved-content",
    Severity.WARNING,
    "Convention approuvée inachevée ou étrangère",
    kinds=KINDS,
)
def approved_content(deliberation: Deliberation) -> Iterator[Issue]:
    """L'assemblée approuve un texte achevé, auquel sa collectivité est partie,
    et avant qu'il ne soit signé : convgen signale les lacunes et erreurs
    restant dans la convention approuvée, une collectivité qui n'en est pas
    partie (``authority.party`` la désigne si son nom diffère), et une
    convention signée avant la séance qui l'approuve (erreur). Un extrait en
    version finale qui approuve une convention inachevée est une erreur."""
    session = _date(deliberation.session.date)
    for approved in deliberation.approved:
        result = approved.result
        if result is None or result.convention is None:
            continue
        convention = result.convention
        gaps = sum(1 for f in result.findings if f.code in GAP_CODES and f.suppressed is None)
        errors = sum(
            1
            for f in result.findings
            if f.severity >= Severity.ERROR and f.code not in GAP_CODES and f.suppressed is None
        )
        if gaps or errors:
            yield Issue(
                approved.path,
                f"la convention approuvée comporte encore {french.count_noun(gaps, 'mention')} à "
                f"compléter et {french.count_noun(errors, 'erreur')} : l'assemblée approuverait un "
                f"texte inachevé (convgen check {result.file})",
                # an extract to transmit may not approve an unfinished text; a draft may
                severity=Severity.ERROR if deliberation.is_final else None,
            )
        if not _authority_party(deliberation, convention):
            authority = deliberation.authority
            who = french.definite(authority.name or "", authority.gender)
            yield Issue(
                approved.path,
                f"{french.capitalise(who)} n'est pas partie à la convention qu'elle approuve "
                "(authority.party ?)",
            )
        # When the authority signs: its own date when each signatory dates its signature
        # (signatures en navette), else the convention's date.
        party = _deliberating_party(deliberation, convention)
        own = next(
            (
                s.date
                for s in convention.signature.signatories
                if party is not None and s.party == party.id and s.date
            ),
            None,
        )
        signed = _date(own or convention.signature.date)
        if session is not None and signed is not None and signed < session:
            what = "la collectivité signe la convention le" if own else "la convention est datée du"
            yield Issue(
                approved.path,
                f"{what} {french.format_date(signed)}, avant la séance du "
                f"{french.format_date(session)} qui l'approuve",
                severity=Severity.ERROR,
            )


def _capacity(quality: str | None) -> str:
    """A capacity without its determiner, folded: « son Président » and « Président »
    name the same capacity."""
    quality = quality or ""
    return fold(quality[len(french.quality_determiner(quality)) :])


@rule(
    "CG613",
    "authorised-signatory",
    Severity.ERROR,
    "Signataire autorisé et signataire de la convention",
    kinds=KINDS,
)
def authorised_signatory(deliberation: Deliberation) -> Iterator[Issue]:
    """La délibération autorise une personne, en une qualité, à signer la
    convention qu'elle approuve (``authorised``, par défaut le président de
    séance) : la convention doit être signée pour la collectivité par cette
    personne, en cette qualité. Un autre nom, ou une qualité différente
    (« Président du Conseil de Territoire » pour « son Président »), et la
    signature ne serait pas couverte par l'autorisation de l'assemblée."""
    authorised = deliberation.authorised
    if not authorised.name.identified:
        return
    for approved in deliberation.approved:
        result = approved.result
        if result is None or result.convention is None:
            continue
        convention = result.convention
        party = _deliberating_party(deliberation, convention)
        if party is None:
            continue  # CG612 says the authority is not a party
        signatory = next((s for s in convention.signature.signatories if s.party == party.id), None)
        if signatory is None:
            continue  # CG302 says the party does not sign
        person = signatory.signer or party.representative
        signer = parse(
            f"{person.civility} {person.first_name} {french.upper_name(person.last_name)}"
        )
        who = french.definite(party.noun, party.gender, form="de")
        quoted = f"{authorised.name.bare}" + (
            f", {authorised.quality}," if authorised.quality else ""
        )
        if not signer.same(authorised.name):
            capacity = f", {person.quality}" if person.quality else ", sans qualité précisée"
            yield Issue(
                approved.path,
                f"la délibération autorise {quoted} à signer, mais la convention est signée "
                f"pour le compte {who} par {signer.bare}{capacity} (authorised, ou le "
                "représentant dans la convention)",
            )
        elif authorised.quality and _capacity(person.quality) != _capacity(authorised.quality):
            written = f"« {person.quality} »" if person.quality else "aucune qualité"
            yield Issue(
                approved.path,
                f"la délibération autorise {authorised.name.bare} à signer en qualité de "
                f"« {authorised.quality} », la convention lui donne {written}",
            )


def _deliberating_party(deliberation: Deliberation, convention: Convention) -> Party | None:
    wanted = deliberation.authority.party
    if wanted:
        return convention.party(wanted)
    name = fold(deliberation.authority.name or "")
    return next((p for p in convention.parties if fold(p.name) == name), None)
