"""Standard wording of the clauses written from data."""

from convgen.checking.check import check_file
from convgen.model.convention import Person, Renewal, Termination, Terms
from convgen.rendering import clauses

from conftest import CHAUMONT, SAINT_DIZIER


def _terms(**changes) -> Terms:
    base = {
        "start": "signature",
        "duration": {"years": 5},
        "renewal": None,
        "termination": None,
        "amendment_effective": None,
        "amicable": False,
        "court": None,
        "path": ("terms",),
    }
    base.update(changes)
    return Terms(**base)


def test_duration_as_in_the_seed() -> None:
    terms = check_file(SAINT_DIZIER).convention.terms
    assert clauses.duration(terms, 7) == [
        "La présente convention prend effet à compter de la date de sa signature. Elle est "
        "établie pour une durée de cinq ans. Elle est reconductible par accord exprès notifié "
        "par chaque partie aux autres parties par lettre recommandée avec avis de réception "
        "six mois avant son échéance."
    ]


def test_duration_between_two_parties_and_other_renewals() -> None:
    express = Renewal("express", {"months": 1}, None, None, None, ())
    text = clauses.duration(_terms(renewal=express, duration={"years": 1}), 2)[0]
    assert "pour une durée d'un an" not in text  # the typographic apostrophe is used
    assert "pour une durée d’un an" in text
    assert "notifié par chaque partie à l'autre partie un mois avant son échéance." in text
    tacit = Renewal("tacit", {"months": 3}, "courrier", {"years": 1}, 1, ())
    text = clauses.duration(_terms(renewal=tacit, start="2022-04-01"), 3)[0]
    assert text.startswith("La présente convention prend effet le 1er avril 2022.")
    assert "reconduite tacitement par périodes d’un an, une seule fois, sauf dénonciation" in text
    none = Renewal("none", None, None, None, None, ())
    assert clauses.duration(_terms(renewal=none), 2)[0].endswith("Elle n'est pas reconductible.")


def test_termination() -> None:
    clause = Termination(
        None, {"months": 3}, "lettre recommandée avec accusé de réception", True, ()
    )
    [text] = clauses.termination(_terms(termination=clause))
    assert text == (
        "La présente convention peut être résiliée par l'une ou l'autre des parties, par lettre "
        "recommandée avec accusé de réception moyennant un préavis de trois mois. En cas de force "
        "majeure, la durée du préavis peut être réduite d'un commun accord entre les parties."
    )
    assert clauses.termination(_terms()) == []


def test_jurisdiction() -> None:
    [amicable] = clauses.jurisdiction(
        _terms(amicable=True, court="tribunal administratif compétent")
    )
    assert amicable.endswith("celui-ci sera soumis au tribunal administratif compétent.")
    [direct] = clauses.jurisdiction(_terms(court="cour administrative d'appel de Nancy"))
    assert direct.endswith("sera soumis à la cour administrative d'appel de Nancy.")


def test_communication_and_amendment() -> None:
    assert "l'accord écrit de l'autre partenaire" in clauses.communication("written")[0]
    assert "des autres partenaires" in clauses.communication("none")[0]
    assert clauses.communication(None) == []
    assert (
        "faire l'objet d'un avenant"
        in clauses.amendment(_terms(amendment_effective="signature"))[0]
    )


def test_opening_sentences() -> None:
    convention = check_file(SAINT_DIZIER).convention
    assert clauses.opening(convention.party("prefecture")) == (
        "La Préfecture de Région Grand Est, 5 place de la République, 67073 STRASBOURG, "
        "représentée par Madame Josiane CHEVALIER,"
    )
    assert clauses.opening(convention.party("cnam")) == (
        "Le Conservatoire national des arts et métiers, établissement public à caractère "
        "scientifique, culturel et professionnel, 292 rue Saint-Martin, 75003 PARIS, représenté "
        "par son administrateur général en exercice, Monsieur Olivier FARON, ci-après désigné "
        "« Le CNAM »,"
    )
    short = clauses.opening(convention.party("prefecture"), "short")
    assert short.endswith("représentée par Mme Josiane CHEVALIER,")
    agence = check_file(CHAUMONT).convention.party("agence")
    assert clauses.opening(agence).endswith("ci-après désignée « L’Agence »,")


def test_governance_composition() -> None:
    convention = check_file(SAINT_DIZIER).convention
    composition, meetings = clauses.governance_composition(convention)
    assert composition.startswith("Le comité de pilotage sera composé des partenaires suivants : ")
    assert ", la Ville de Saint-Dizier, le CNAM et le CNAM en Grand Est." in composition
    assert meetings == "Il se réunira deux fois par an."


def test_signer_quality() -> None:
    def person(civility: str, quality: str | None) -> Person:
        return Person(civility, "A", "B", quality, ())

    assert (
        clauses.signer_quality(person("Mme", "sa Présidente en exercice"))
        == "La Présidente en exercice"
    )
    assert (
        clauses.signer_quality(person("M.", "son administrateur général"))
        == "L’administrateur général"
    )
    # without a determiner, the capacity under the signature takes its article
    assert clauses.signer_quality(person("M.", "Maire de Chaumont")) == "Le Maire de Chaumont"
    assert clauses.signer_quality(person("M.", None)) == ""
    assert clauses.signer_quality(person("M.", "...")) == "..."  # a gap, highlighted as written
    assert clauses.copies(1) == "un (1) exemplaire original"
    assert clauses.copies(7) == "sept (7) exemplaires originaux"
    assert clauses.copies(21) == "vingt et un (21) exemplaires originaux"


def test_duration_from_the_last_signature_with_an_end_date() -> None:
    [text] = clauses.duration(_terms(start="last_signature", end="2018-12-31"), 3)
    assert text == (
        "La présente convention prend effet à compter de la date de sa signature par la "
        "dernière des parties. Elle est établie pour une durée de cinq ans. Elle prend fin "
        "le 31 décembre 2018."
    )
    [text] = clauses.duration(_terms(start="2016-01-01", duration={}, end="2018-12-31"), 3)
    assert (
        text
        == "La présente convention prend effet le 1er janvier 2016. Elle prend fin le 31 décembre 2018."
    )


def test_visas_lose_the_vu_and_the_punctuation_drafters_copied() -> None:
    assert clauses.visa_text("Vu le code général des collectivités territoriales ;") == (
        "le code général des collectivités territoriales"
    )
    assert clauses.visa_text("VU la loi n° 2000-321 du 12 avril 2000,") == (
        "la loi n° 2000-321 du 12 avril 2000"
    )
    assert clauses.visa_text("le code, notamment son article L. 5217-2.") == (
        "le code, notamment son article L. 5217-2"
    )
    # points of suspension are a gap, kept to be highlighted; an empty visa is one
    assert clauses.visa_text("la délibération n° ... du ...") == "la délibération n° ... du ..."
    assert clauses.visa_text("") == "..."
    assert clauses.visa_text("Vulcain") == "Vulcain"  # « Vu » only as a word


def test_the_standard_clauses_use_the_collective_term_the_convention_defines() -> None:
    from convgen.model.parties import Collective

    parties = clauses.PartiesTerm.of(Collective("Parties", "f", ("collective",)))
    partners = clauses.PartiesTerm.of(Collective("Partenaires", "m", ("collective",)))
    express = Renewal("express", {"months": 3}, "lettre recommandée", None, None, ())
    tacit = Renewal("tacit", {"months": 2}, None, {"years": 1}, None, ())
    [text] = clauses.duration(_terms(start="last_signature", renewal=express), 3, parties)
    assert "par la dernière des Parties" in text
    assert "notifié par chaque Partie aux autres Parties" in text
    [text] = clauses.duration(_terms(renewal=tacit), 2, partners)
    assert "sauf dénonciation par l'un des Partenaires notifiée à l'autre Partenaire" in text
    clause = Termination(None, {"months": 3}, "lettre recommandée", True, ())
    [text] = clauses.termination(_terms(termination=clause), partners)
    assert text.startswith(
        "La présente convention peut être résiliée par l'un ou l'autre des Partenaires"
    )
    assert text.endswith("d'un commun accord entre les Partenaires.")
    [text] = clauses.jurisdiction(
        _terms(court="tribunal administratif de Nancy", amicable=True), parties
    )
    assert text.startswith("Les Parties s'engagent à résoudre")
    [text] = clauses.amendment(_terms(amendment_effective="signature"), parties)
    assert "entre les Parties" in text and "disposition contraire des Parties" in text
    # without a collective term: « les parties », as before
    assert "l'une ou l'autre des parties" in clauses.termination(_terms(termination=clause))[0]
