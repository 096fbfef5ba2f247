"""The tracked-changes document: exact both ways, attributed, and compared with a peer engine."""

import re
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from convgen.checking.check import check_file
from convgen.rendering import render
from convgen.rendering.ooxml import document_paragraphs
from convgen.review import accept_all, redline, reject_all, review

from review_cases import ALL_CASES, write_pair

jubarte = pytest.importorskip("jubarte_redlines")

DATE = "2026-11-22T00:00:00Z"


def _builds(tmp_path: Path, case: str):
    old, new = write_pair(tmp_path, case)
    comparison = review(str(old), str(new))
    marked = redline(comparison, author="Service juridique", date=DATE)
    old_build = render(check_file(old).model)[0]
    new_build = render(check_file(new).model)[0]
    return comparison, marked, old_build, new_build


@pytest.mark.parametrize("case", ALL_CASES)
def test_accepting_gives_new_and_rejecting_gives_old(tmp_path: Path, case: str) -> None:
    _, marked, old_build, new_build = _builds(tmp_path, case)
    assert marked.revisions > 0
    assert document_paragraphs(accept_all(marked.data)) == document_paragraphs(new_build)
    assert document_paragraphs(reject_all(marked.data)) == document_paragraphs(old_build)
    # an independent engine agrees
    assert document_paragraphs(jubarte.accept_revisions(marked.data)) == document_paragraphs(
        new_build
    )
    assert document_paragraphs(jubarte.reject_revisions(marked.data)) == document_paragraphs(
        old_build
    )


def test_the_issue_scenario_carries_exactly_its_edits(tmp_path: Path) -> None:
    _, marked, _, _ = _builds(tmp_path, "rates-and-notice")
    revisions = jubarte.get_revisions(marked.data)
    assert [(r["type"], r["text"]) for r in revisions] == [
        ("Deleted", "..."),
        ("Inserted", "20"),
        ("Deleted", "..."),
        ("Inserted", "15"),
        ("Deleted", "trois"),
        ("Inserted", "six"),
    ]
    assert {r["author"] for r in revisions} == {"Service juridique"}
    document = zipfile.ZipFile(BytesIO(marked.data)).read("word/document.xml").decode()
    assert set(re.findall(r'w:date="([^"]+)"', document)) == {DATE}
    ids = re.findall(r'<w:(?:ins|del) w:id="(\d+)"', document)
    assert len(ids) == len(set(ids))


def test_an_inserted_article_is_inserted_whole(tmp_path: Path) -> None:
    _, marked, _, _ = _builds(tmp_path, "article-inserted")
    revisions = jubarte.get_revisions(marked.data)
    inserted = [
        r for r in revisions if r["type"] == "Inserted" and "Évaluation" in (r["text"] or "")
    ]
    assert inserted and "Le comité de pilotage évalue chaque année" in inserted[0]["text"]


SCENARIOS = [
    "rates-and-notice",
    "party-added",
    "article-inserted",
    "commitment-reworded",
    "article-moved",
    "vote-changed",
]


@pytest.mark.parametrize("case", SCENARIOS)
def test_no_more_revisions_than_the_peer(tmp_path: Path, case: str) -> None:
    """jubarte-redlines compares the same two builds; counts by the same engine's reckoning."""
    _, marked, old_build, new_build = _builds(tmp_path, case)
    peer = jubarte.compare_documents(old_build, new_build, author="Service juridique")
    ours_count = len(jubarte.get_revisions(marked.data))
    peer_count = len(jubarte.get_revisions(peer))
    peer_exact = document_paragraphs(jubarte.accept_revisions(peer)) == document_paragraphs(
        new_build
    ) and document_paragraphs(jubarte.reject_revisions(peer)) == document_paragraphs(old_build)
    print(
        f"\n{case}: convgen {ours_count} révisions, jubarte-redlines {peer_count} (exact : {peer_exact})"
    )
    assert ours_count <= peer_count
    if case == "article-moved":
        assert ours_count < peer_count  # the model knows the article moved


def test_the_reviewers_own_edits_are_tracked_too(tmp_path: Path) -> None:
    _, marked, _, new_build = _builds(tmp_path, "rates-and-notice")
    settings = zipfile.ZipFile(BytesIO(marked.data)).read("word/settings.xml").decode()
    children = re.findall(r"<w:(\w+)", settings)[1:]  # the root's children, in order
    # on, once, in the place CT_Settings gives it (after the zoom, before the tab stops)
    assert children.count("trackRevisions") == 1
    assert children.index("zoom") < children.index("trackRevisions")
    assert children.index("trackRevisions") < children.index("defaultTabStop")
    # a built document is not tracked: only the review copy is
    built = zipfile.ZipFile(BytesIO(new_build)).read("word/settings.xml").decode()
    assert "trackRevisions" not in built
