"""The deliberation model: derived counts, result sentences, outline."""

import pytest

from convgen.model.deliberation import DeliberationOutline


def _counts(check_data, data):
    result = check_data(data)
    assert result.deliberation is not None, [f.message for f in result.findings]
    return result.deliberation.counts


def test_counts_are_derived_from_the_lists(deliberation, check_data) -> None:
    c = _counts(check_data, deliberation)
    assert (c.in_office, c.present, c.represented, c.absent) == (7, 4, 1, 2)
    assert (c.voters, c.abstentions, c.expressed, c.votes_for, c.absolute_majority) == (
        5,
        1,
        4,
        4,
        3,
    )
    assert c.adopted and not c.unanimous
    assert c.result_sentence == "Adoptée à la majorité des suffrages exprimés."


def test_unanimity(deliberation, check_data) -> None:
    deliberation["vote"] = {"unanimous": True}
    c = _counts(check_data, deliberation)
    assert c.unanimous and c.result_sentence == "Adoptée à l’unanimité."


def test_rejection(deliberation, check_data) -> None:
    deliberation["vote"] = {"against": ["M. Paul DURAND", "Mme Julie BLANC", "M. Luc ROUX"]}
    c = _counts(check_data, deliberation)
    assert (c.votes_for, c.against, c.absolute_majority) == (2, 3, 3)
    assert not c.adopted and c.result_sentence == "Rejetée."


def test_a_tie_is_settled_by_the_presidents_vote(deliberation, check_data) -> None:
    deliberation["vote"] = {
        "against": ["M. Paul DURAND", "Mme Julie BLANC"],
        "not_voting": ["M. Luc ROUX"],
    }
    c = _counts(check_data, deliberation)
    assert (c.voters, c.votes_for, c.against) == (4, 2, 2)
    assert c.adopted and c.casting_vote
    assert c.result_sentence == "Adoptée, la voix du président étant prépondérante."
    deliberation["vote"]["against"] = ["Mme Anne MARTIN", "Mme Julie BLANC"]
    assert not _counts(check_data, deliberation).adopted


def test_blank_ballots_are_not_expressed(deliberation, check_data) -> None:
    deliberation["vote"] = {"blank_or_void": 2}
    c = _counts(check_data, deliberation)
    assert (c.voters, c.expressed, c.votes_for, c.absolute_majority) == (5, 3, 3, 2)
    assert not c.unanimous


@pytest.mark.parametrize(
    ("path", "subject"),
    [
        (("attendance", "present", 1), "Présents — M. Paul DURAND"),
        (("attendance", "represented", 0, "proxy"), "Excusés et représentés — Mme Julie BLANC"),
        (("decision", 1), "Article 2 de la décision"),
        (("decision", 0), "Article 1er de la décision"),
        (("session", "president", "name"), "Présidence de la séance"),
        (("publicity", "teletransmission_id"), "Publicité de l'acte"),
        (("counts", "voters"), "Nombres écrits"),
        ((), "Document"),
    ],
)
def test_outline_names_what_a_path_concerns(deliberation, path, subject) -> None:
    assert DeliberationOutline(deliberation).describe(path) == (subject, None)


def test_the_model_is_typed(deliberation, check_data) -> None:
    """Session, authority, signature, publicity, imputation and written counts are data
    classes: renderers and rules read their fields, never the raw data."""
    deliberation["session"]["urgency"] = True
    deliberation["imputation"] = {"budget": "budget principal", "year": 2022, "chapter": "65"}
    deliberation["publicity"] = {"court": "tribunal administratif de Châlons-en-Champagne"}
    deliberation["counts"] = {"present": 4, "result": "adopted"}
    result = check_data(deliberation)
    model = result.deliberation
    assert model is not None, [f.message for f in result.findings]
    assert model.session.urgency and model.session.public
    assert model.session.president is model.president
    assert model.authority.name == deliberation["authority"]["name"]
    assert model.signature.signatory is model.signatory
    assert model.imputation is not None
    assert (model.imputation.year, model.imputation.chapter, model.imputation.nature) == (
        2022,
        "65",
        None,
    )
    assert model.publicity is not None and model.publicity.transmission is None
    assert model.declared.counts == {"present": 4} and model.declared.result == "adopted"
    assert model.members_in_office_written == str(deliberation["members_in_office"])
