import pytest

from convgen.foundation.names import closest, find, parse, similarity


@pytest.mark.parametrize(
    ("written", "civility", "given", "family", "first"),
    [
        ("M. Hervé LAMBERTIN", "M.", "Hervé", "LAMBERTIN", False),
        ("LAMBERTIN Hervé", None, "Hervé", "LAMBERTIN", True),
        ("Mme Marie de LA TOUR", "Mme", "Marie", "de LA TOUR", False),
        ("M. Jean d'ORNANO", "M.", "Jean", "d'ORNANO", False),
        ("Madame Anne-Marie DUPONT-AIGNAN", "Mme", "Anne-Marie", "DUPONT-AIGNAN", False),
        ("M. Denis ÉTIENNE", "M.", "Denis", "ÉTIENNE", False),
        ("Hervé Lambertin", None, "Hervé Lambertin", "", False),
    ],
)
def test_parse(written, civility, given, family, first) -> None:
    name = parse(written)
    assert (name.civility, name.given, name.family, name.family_first) == (
        civility,
        given,
        family,
        first,
    )
    assert name.identified is bool(family)


def test_matching_ignores_civility_order_case_and_accents() -> None:
    reference = parse("M. Hervé LAMBERTIN")
    for other in ("LAMBERTIN Hervé", "Monsieur Herve Lambertin", "m. hervé lambertin"):
        assert parse(other).same(reference)
    assert not parse("M. Hervé LAMBERT").same(reference)
    assert parse("Mme Marie de LA TOUR").same(parse("DE LA TOUR Marie"))


def test_bare_name_and_gender() -> None:
    assert parse("M. Hervé LAMBERTIN").bare == "Hervé LAMBERTIN"
    assert parse("LAMBERTIN Hervé").bare == "LAMBERTIN Hervé"
    assert parse("Mme Agnès BERTHOLET").feminine is True
    assert parse("Agnès BERTHOLET").feminine is None


def test_closest_suggests_a_spelling_slip_only() -> None:
    present = [parse("M. Hervé LAMBERTIN"), parse("Mme Agnès BERTHOLET")]
    assert closest(parse("M. Hervé LAMBRTIN"), present) == present[0]
    assert closest(parse("Mme Agnes BERTOLET"), present) == present[1]
    assert closest(parse("M. Paul DURAND"), present) is None
    assert find(parse("BERTHOLET Agnès"), present) == present[1]


def test_closest_weighs_the_family_name_and_one_letter_slips_first() -> None:
    # The suggestion for a pouvoir given to a misspelt name: one letter away from a
    # family name with a particle beats a different family name with the same given name.
    present = [parse("CHARRIN Philippe"), parse("de SAINTDO Philippe"), parse("M. Paul GAIN")]
    assert closest(parse("GAINTDO Philippe"), present) == present[1]
    assert closest(parse("SAINTOD Philippe"), present) == present[1]  # two letters swapped
    assert closest(parse("Phillipe CHARRIN"), present) == present[0]  # given name misspelt
    assert closest(parse("Philippe MARTIN"), present) is None


def test_similarity_leaves_particles_aside() -> None:
    assert similarity(parse("de SAINTDO Philippe"), parse("SAINTDO Philippe")) == 1.0
    assert similarity(parse("DURAND Paul"), parse("DUPONT Paul")) < 0.75
