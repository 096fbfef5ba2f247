"""Who signs, and by what right: the representatives' authority to sign, the parties'
identity (SIREN, SIRET, seat), their short names and elisions, the signature's places
and dates (CG306–CG314; the quality of a representative is CG305, in :mod:`.parties`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from convgen.checking.rules.registry import Issue, rule
from convgen.foundation import french, gaps
from convgen.foundation.findings import Path_, Severity
from convgen.foundation.names import fold
from convgen.model.convention import Authority, Convention, Party, Person


def people(convention: Convention) -> Iterator[tuple[Person, str]]:
    """Every person who represents or signs for a party, with the words that say so in a
    message (« », « (signataire) »): the representatives, then the particular signers."""
    for party in convention.parties:
        yield party.representative, ""
    for signatory in convention.signature.signatories:
        if signatory.signer is not None:
            yield signatory.signer, " (signataire)"


def _gap_or_final(convention: Convention, draft: Severity) -> Severity:
    return Severity.ERROR if convention.is_final else draft


@rule(
    "CG306", "representative-authority", Severity.INFO, "Habilitation du représentant non précisée"
)
def representative_authority(convention: Convention) -> Iterator[Issue]:
    """Le représentant d'une personne morale signe en vertu d'un acte : délibération de
    l'assemblée qui autorise la signature, décision, arrêté ou délégation de signature,
    décret de nomination, statuts (« authority »). La convention le cite (« dûment
    habilitée par délibération du Conseil de la Métropole n° … du … ») : sans lui, le
    pouvoir du signataire d'engager la partie n'est pas établi. Information dans un
    projet, erreur dans une version finale, qui est alors refusée."""
    for person, role in people(convention):
        if person.authority is None:
            yield Issue(
                person.path,
                f"habilitation à signer de {person.civility} {person.full_name}{role} non "
                "précisée (« authority » : délibération, arrêté, délégation… avec son numéro "
                "et sa date)",
                severity=_gap_or_final(convention, Severity.INFO),
                key=True,
                summary="habilitation du représentant à préciser",
            )


# What each kind of act must name for the reference to be checkable.
_EXPECTED: dict[str, tuple[tuple[str, str], ...]] = {
    "deliberation": (
        ("body", "l'assemblée qui a délibéré"),
        ("number", "le numéro"),
        ("date", "la date"),
    ),
    "decision": (("body", "l'organe qui a décidé"), ("number", "le numéro"), ("date", "la date")),
    "arrete": (("number", "le numéro"), ("date", "la date")),
    "delegation": (("body", "l'autorité délégante"), ("date", "la date")),
    "decret": (("date", "la date"),),
    "statuts": (),
}


def _missing(authority: Authority) -> list[tuple[str, str]]:
    if authority.text and authority.text.strip():
        return []  # the drafter wrote the reference in full
    values = {"body": authority.body, "number": authority.number, "date": authority.date}
    return [(key, words) for key, words in _EXPECTED[authority.kind] if values[key] is None]


_KIND_NAMES = {
    "deliberation": "la délibération",
    "decision": "la décision",
    "arrete": "l'arrêté",
    "delegation": "la délégation",
    "decret": "le décret",
    "statuts": "les statuts",
}


@rule("CG309", "authority-incomplete", Severity.WARNING, "Habilitation incomplète")
def authority_incomplete(convention: Convention) -> Iterator[Issue]:
    """Un acte d'habilitation se cite par son auteur, son numéro et sa date (« délibération
    du Conseil communautaire n° 2021-12-16-045 du 16 décembre 2021 ») : une délibération
    ou une décision sans organe, numéro ou date, un arrêté sans numéro ni date, une
    délégation sans autorité délégante ni date, un décret sans date ne permettent pas de
    retrouver l'acte. Une formulation libre (« text ») vaut citation complète.
    Avertissement dans un projet, erreur dans une version finale."""
    for person, _ in people(convention):
        authority = person.authority
        if authority is None:
            continue
        missing = _missing(authority)
        if missing:
            yield Issue(
                authority.path,
                f"{_KIND_NAMES[authority.kind]} qui habilite {person.civility} "
                f"{person.full_name} ne dit pas {french.join_words(w for _, w in missing)} "
                f"({', '.join(f'« {k} »' for k, _ in missing)})",
                severity=_gap_or_final(convention, Severity.WARNING),
                key=True,
                summary="habilitation incomplète",
            )


def _date(value: str | None) -> dt.date | None:
    try:
        return french.as_date(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _signing_dates(convention: Convention) -> dict[str, tuple[dt.date, Path_]]:
    """When each party signs, if the document says it (its own date in mode each)."""
    signature = convention.signature
    common = _date(signature.date)
    dates: dict[str, tuple[dt.date, Path_]] = {}
    for signatory in signature.signatories:
        own = _date(signatory.date) if signature.each else None
        if own is not None:
            dates.setdefault(signatory.party, (own, (*signatory.path, "date")))
        elif common is not None and not signature.each:
            dates.setdefault(signatory.party, (common, ("signature", "date")))
    return dates


@rule(
    "CG310", "authority-after-signature", Severity.ERROR, "Habilitation postérieure à la signature"
)
def authority_after_signature(convention: Convention) -> Iterator[Issue]:
    """L'acte qui habilite le représentant précède sa signature : une délibération datée
    après la signature n'autorisait pas à signer, et la convention serait signée sans
    pouvoir (une date de signature ou d'acte mal recopiée, le plus souvent). Comparée à
    la date de signature de la partie (la sienne en mode « each »)."""
    dates = _signing_dates(convention)
    for party in convention.parties:
        if party.id not in dates:
            continue
        signed, _ = dates[party.id]
        signer = next(
            (
                s.signer
                for s in convention.signature.signatories
                if s.party == party.id and s.signer is not None
            ),
            party.representative,
        )
        authority = signer.authority
        when = _date(authority.date) if authority is not None else None
        if authority is not None and when is not None and when > signed:
            yield Issue(
                (*authority.path, "date"),
                f"{_KIND_NAMES[authority.kind]} qui habilite {signer.civility} "
                f"{signer.full_name} est du {french.format_date(when)}, après la signature "
                f"{party.full_phrase(form='de')} du {french.format_date(signed)}",
            )


@rule("CG307", "impossible-elision", Severity.WARNING, "Élision impossible")
def impossible_elision(convention: Convention) -> Iterator[Issue]:
    """« elision: true » force « l' » devant un nom ; devant une consonne, il donnerait
    « L'Communauté d'agglomération ». convgen n'applique pas une telle élision (l'article
    est déduit de l'initiale) et la signale : seuls une voyelle ou un h (muet) s'élident."""
    for party in convention.parties:
        if party.elision_written is True and not french.may_elide(party.name):
            yield Issue(
                (*party.path, "elision"),
                f"élision forcée devant « {party.name.strip()} », qui commence par une "
                f"consonne : convgen écrit « {party.full_phrase()} » (retirez « elision: true »)",
            )
        short = party.short_name
        if short is not None and short.elision_written is True and not french.may_elide(short.name):
            yield Issue(
                (*short.path, "elision"),
                f"élision forcée devant « {short.name.strip()} », qui commence par une "
                f"consonne : convgen écrit « {short.phrase()} » (retirez « elision: true »)",
            )


def _identifier_problem(kind: str, value: str) -> str | None:
    module = stdnum_siren if kind == "SIREN" else stdnum_siret
    length = 9 if kind == "SIREN" else 14
    try:
        module.validate(value)
    except InvalidLength:
        digits = len("".join(value.split()))
        return f"{digits} caractères au lieu de {length} chiffres"
    except InvalidFormat:
        return "il ne contient pas que des chiffres"
    except InvalidChecksum:
        return "sa clé de contrôle est fausse (chiffre mal recopié ?)"
    except ValidationError:
        return "il n'est pas valide"
    return None


@rule("CG308", "invalid-siren", Severity.ERROR, "Numéro SIREN ou SIRET invalide")
def invalid_siren(convention: Convention) -> Iterator[Issue]:
    """Le SIREN (neuf chiffres) et le SIRET (quatorze) portent une clé de contrôle
    (formule de Luhn ; les établissements de La Poste suivent leur propre règle) : un
    numéro dont la clé est fausse est mal recopié et n'identifie pas la personne morale.
    Un SIRET commence par le SIREN de la même personne : écrits tous deux, ils
    concordent. Un numéro écrit sans guillemets et commençant par 0 perd ce zéro."""
    for party in convention.parties:
        checked: dict[str, str] = {}
        for kind, key, value in (("SIREN", "siren", party.siren), ("SIRET", "siret", party.siret)):
            if value is None or gaps.is_gap(value):
                continue
            problem = _identifier_problem(kind, value)
            if problem:
                yield Issue(
                    (*party.path, key),
                    f"{kind} « {value} » invalide : {problem}",
                )
            else:
                checked[kind] = "".join(value.split())
        if (
            "SIREN" in checked
            and "SIRET" in checked
            and not checked["SIRET"].startswith(checked["SIREN"])
        ):
            yield Issue(
                (*party.path, "siret"),
                f"le SIRET {checked['SIRET']} n'est pas un établissement du SIREN "
                f"{checked['SIREN']} (ses neuf premiers chiffres diffèrent)",
            )


@rule("CG311", "seat-is-address", Severity.INFO, "Siège identique à l'adresse")
def seat_is_address(convention: Convention) -> Iterator[Issue]:
    """« seat » sert quand le siège de la personne morale diffère de l'adresse du service
    qui signe ; identique, il ne dit rien de plus et n'est imprimé qu'une fois."""
    for party in convention.parties:
        if party.seat is not None and party.seat.same_place(party.address):
            yield Issue(
                party.seat.path,
                "le siège est l'adresse déjà donnée (« address ») : « seat » peut être retiré",
                key=True,
            )


@rule("CG312", "short-name-twice", Severity.WARNING, "Désignation abrégée en double")
def short_name_twice(convention: Convention) -> Iterator[Issue]:
    """Chaque partie est désignée dans la suite du texte par son nom abrégé : deux parties
    désignées du même nom (« la Région », ou le nom d'une autre partie) rendent
    ambigus les engagements, la gouvernance et les blocs de signature."""
    seen: dict[str, Party] = {}
    for party in convention.parties:
        key = " ".join(party.noun.lower().split())
        if not key or gaps.is_gap(party.noun):
            continue
        first = seen.setdefault(key, party)
        if first is not party:
            yield Issue(
                party.short_name.path if party.short_name is not None else (*party.path, "name"),
                f"« {party.noun} » désigne déjà {first.full_phrase()} ({first.id}) : "
                "donnez à chaque partie une désignation distincte",
            )


@rule("CG313", "signature-place-unused", Severity.WARNING, "Lieu ou date de signature sans effet")
def signature_place_unused(convention: Convention) -> Iterator[Issue]:
    """En mode « together » (par défaut), un seul « Fait à …, le … » vaut pour tous : le
    lieu ou la date d'un signataire ne s'imprime pas. En mode « each » (signatures en
    navette), chacun date la sienne : le lieu et la date communs ne s'impriment pas."""
    signature = convention.signature
    if signature.each:
        for key, value in (("place", signature.place), ("date", signature.date)):
            if value is not None:
                yield Issue(
                    ("signature", key),
                    f"« {key} » commun sans effet en mode « each » : chaque signataire "
                    "donne son lieu et sa date",
                    key=True,
                )
        return
    for signatory in signature.signatories:
        for key, value in (("place", signatory.place), ("date", signatory.date)):
            if value is not None:
                yield Issue(
                    (*signatory.path, key),
                    f"« {key} » de « {signatory.party} » sans effet : un seul « Fait à …, "
                    "le … » vaut pour tous (écrivez « mode: each » pour des signatures en "
                    "navette)",
                    key=True,
                )


# A collectivité territoriale or a groupement (EPCI, syndicat) whose executive signs: the
# CGCT has its assembly authorise each convention (L. 2122-21, L. 3211-1, L. 4221-1,
# L. 5211-1), by a deliberation or by a delegation it gave (L. 2122-22, L. 5211-10).
_LOCAL_AUTHORITY = (
    "collectivité territoriale", "commune", "ville de", "ville d'", "mairie", "département",
    "conseil départemental", "région", "conseil régional", "métropole",
    "communauté de communes", "communauté d'agglomération", "communauté urbaine",
    "établissement public de coopération intercommunale", "epci", "syndicat mixte",
    "syndicat intercommunal", "pôle d'équilibre territorial",
)  # fmt: skip
# Services of the State named after the territory they serve (« Préfecture de Région
# Grand Est », « Rectorat de la région académique ») are no local authority: the préfet
# or the recteur is appointed by decree and signs on delegation of the minister.
_STATE = (
    "préfecture", "préfet", "préfète", "sous-préfecture", "rectorat", "recteur",
    "région académique", "académie de", "direction régionale", "direction départementale",
    "délégation régionale", "agence régionale de santé", "ministère", "services de l'état",
    "chambre régionale des comptes", "service de l'état",
)  # fmt: skip
_DELIBERATED = ("deliberation", "decision", "delegation", "arrete")


def _local_authority(party: Party) -> bool:
    words = fold(f"{party.legal_form or ''} {party.name}")
    if any(fold(service) in words for service in _STATE):
        return False
    return any(fold(kind) in words for kind in _LOCAL_AUTHORITY)


@rule(
    "CG314",
    "local-authority-deliberation",
    Severity.WARNING,
    "Collectivité qui signe sans délibération",
)
def local_authority_deliberation(convention: Convention) -> Iterator[Issue]:
    """Une commune, un département, une région, une métropole ou un groupement
    (communauté, syndicat) ne signe une convention que si son assemblée l'y a autorisé
    (CGCT, L. 2122-21, L. 3211-1, L. 4221-1, L. 5211-1) : par une délibération, ou par
    la décision d'un organe auquel elle a délégué ce pouvoir (bureau, commission
    permanente, délégation au maire ou au président). Un représentant habilité par les
    statuts ou un décret, ou par un texte qui ne cite aucune délibération, ne l'est pas :
    avertissement dans un projet, erreur dans une version finale. L'absence de toute
    habilitation est CG306."""
    for party in convention.parties:
        authority = party.representative.authority
        if authority is None or not _local_authority(party):
            continue
        cited = authority.text or ""
        if authority.kind in _DELIBERATED and not (
            cited.strip()
            and "délibération" not in cited.lower()
            and "décision" not in cited.lower()
        ):
            continue
        yield Issue(
            (*party.representative.path, "authority"),
            f"{french.capitalise(party.full_phrase())} est une collectivité : son représentant "
            "signe sur délibération de son assemblée (ou décision par délégation), qu'il faut "
            "citer (« authority: {kind: deliberation, body: …, number: …, date: …} »)",
            severity=_gap_or_final(convention, Severity.WARNING),
        )
