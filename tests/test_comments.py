"""A draft's findings as Word comments: where each one is anchored, what it says, and
that a build with comments stays a faithful, reproducible document."""

from __future__ import annotations

import collections
import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from convgen.building.build import build_file
from convgen.checking.check import check_file
from convgen.checking.readiness import refusal
from convgen.cli import main
from convgen.foundation import french
from convgen.foundation.findings import Severity
from convgen.rendering import render
from convgen.rendering.comments import (
    Anchor,
    Comment,
    commented,
    printed_notes,
    read_comments,
    without_comments,
    write_comments,
)
from convgen.rendering.marks import MARK_PREFIX
from convgen.rendering.ooxml import W, document_paragraphs, paragraph_text
from convgen.review.docx import accept_all, redline

from conftest import CHAUMONT, FIXTURES, ROOT, SAINT_DIZIER

DELIBERATION = ROOT / "conventions" / "saint-dizier-deliberation.yaml"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def _built(source: Path, lowest: Severity | None = Severity.WARNING) -> tuple[bytes, list]:
    result = check_file(source)
    findings = commented(result.findings, lowest)
    data, _ = render(result.model, findings=findings)
    return data, findings


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def _places(data: bytes) -> dict[int, tuple[str, str]]:
    """For each comment id, the text of the paragraph it starts in and the heading of
    the article that paragraph belongs to (« » before the first article)."""
    root = etree.fromstring(_parts(data)["word/document.xml"])
    heading = ""
    out: dict[int, tuple[str, str]] = {}
    for paragraph in root.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        if style is not None and (style.get(f"{W}val") or "").startswith("Heading"):
            heading = paragraph_text(paragraph)
        for start in paragraph.iter(f"{W}commentRangeStart"):
            out[int(start.get(f"{W}id") or -1)] = (paragraph_text(paragraph), heading)
    return out


@pytest.fixture(scope="module")
def saint_dizier() -> tuple[bytes, list]:
    return _built(SAINT_DIZIER)


def test_saint_dizier_has_one_comment_per_finding(saint_dizier) -> None:
    data, findings = saint_dizier
    comments = read_comments(data)
    assert collections.Counter(c.text.split(" — ")[0] for c in comments) == {
        "CG101": 2,
        "CG102": 4,
        "CG428": 4,
        "CG504": 1,
        "CG303": 1,
        "CG301": 1,
        "CG704": 1,
    }
    assert len(comments) == len(findings) == 14
    assert {(c.author, c.initials, c.date) for c in comments} == {("convgen", "CG", None)}


def test_each_comment_is_anchored_on_the_words_it_concerns(saint_dizier) -> None:
    data, _ = saint_dizier
    comments = read_comments(data)
    places = _places(data)
    anchors = collections.defaultdict(list)
    for comment in comments:
        code = comment.text.split(" — ")[0]
        anchors[code].append((comment.anchor, *places[comment.id]))
    # the rectorat's gap in the parties block, its « A définir » in its own article
    (name, paragraph, heading), (commitment, _, commitment_heading) = anchors["CG101"]
    assert name == "Rectorat de.............."
    assert paragraph.startswith("Le Rectorat de.............., 1 rue NAVIER") and heading == ""
    assert commitment == "A définir"
    assert commitment_heading == "Article 3.3\u00a0: Engagements du Rectorat de.............."
    # each rate on its own gap, in its party's article, in the commitment it belongs to
    rates = [(a, h, p.split(" de ")[0]) for a, p, h in anchors["CG102"]]
    assert [a for a, _, _ in rates] == ["...\u00a0%", "...\u00a0%", ".....\u00a0%", "......\u00a0%"]
    assert [h for _, h, _ in rates] == [
        "Article 3.2\u00a0: Engagement de la Préfecture",
        "Article 3.2\u00a0: Engagement de la Préfecture",
        "Article 3.4\u00a0: Engagements du Conseil Régional",
        "Article 3.4\u00a0: Engagements du Conseil Régional",
    ]
    assert rates[0][2].startswith("Soutenir") and rates[1][2].startswith("Participer")
    assert [a for a, _, _ in anchors["CG428"]] == [a for a, _, _ in rates]
    ((period, paragraph, heading),) = anchors["CG504"]
    assert period == "2919-2023" and "quinquennal 2919-2023" in paragraph
    assert heading == "Article 3.7\u00a0: Engagements du Cnam Etablissement Public"
    ((member, paragraph, heading),) = anchors["CG303"]
    assert member == "la Ville de Saint-Dizier"
    assert paragraph.startswith("Le comité de pilotage sera composé des partenaires suivants")
    assert heading.startswith("Article 4.1\u00a0: Composition")
    ((copies, paragraph, _),) = anchors["CG301"]
    assert copies == "six (6) exemplaires originaux"
    assert paragraph == "La présente convention est établie en six (6) exemplaires originaux."
    ((annex, paragraph, _),) = anchors["CG704"]
    assert (annex, paragraph) == ("Annexe financière", "Annexe 3\u00a0: Annexe financière")


def test_comment_text_gives_code_severity_message_and_party(saint_dizier) -> None:
    data, findings = saint_dizier
    comments = {c.id: c for c in read_comments(data)}
    for index, finding in enumerate(findings):
        lines = comments[index].text.split("\n")
        assert lines[0] == french.typography(
            f"{finding.code} — {finding.severity.french} — {finding.message}"
        )
        if finding.party is None:
            assert lines[1:] == []
        else:
            party = check_file(SAINT_DIZIER).convention.party(finding.party)
            assert lines[1:] == [french.typography(f"Concerne : {party.name}")]
    copies = next(c for c in comments.values() if c.text.startswith("CG301"))
    assert copies.text == (
        "CG301 — erreur — la convention est établie en 6 exemplaires originaux pour 7 "
        "signataires\u00a0: il manque 1 original (un par signataire)"
    )
    rate = next(c for c in comments.values() if c.text.startswith("CG102"))
    assert rate.text.endswith("\nConcerne\u00a0: Préfecture de Région Grand Est")
    # the lead in bold
    xml = _parts(data)["word/comments.xml"].decode()
    assert '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">CG301 — erreur</w:t>' in xml


def _inside(data: bytes, code: str) -> list[str]:
    """The elements between the start and the end of the comment of ``code``."""
    root = etree.fromstring(_parts(data)["word/document.xml"])
    ident = str(next(c for c in read_comments(data) if c.text.startswith(code)).id)
    inside, tags = False, []
    for element in root.iter():
        if element.tag == f"{W}commentRangeStart" and element.get(f"{W}id") == ident:
            inside = True
        elif element.tag == f"{W}commentRangeEnd" and element.get(f"{W}id") == ident:
            break
        elif inside:
            tags.append(etree.QName(element).localname)
    return tags


def test_an_anchor_reads_across_runs_and_non_breaking_hyphens(saint_dizier) -> None:
    data, _ = saint_dizier
    # « Rectorat de » then its highlighted gap « .............. »: two runs
    assert _inside(data, "CG101").count("r") == 2
    # « la Ville de Saint‑Dizier », its hyphen Word's own, the run split out of the sentence
    assert _inside(data, "CG303") == ["r", "t", "noBreakHyphen", "t"]


def test_comments_change_nothing_of_the_text(saint_dizier) -> None:
    data, _ = saint_dizier
    plain, _ = render(check_file(SAINT_DIZIER).convention)
    assert document_paragraphs(data, marks=True) == document_paragraphs(plain, marks=True)
    parts = _parts(data)
    assert all(MARK_PREFIX.encode() not in content for content in parts.values())
    assert b'PartName="/word/comments.xml"' in parts["[Content_Types].xml"]
    assert b"relationships/comments" in parts["word/_rels/document.xml.rels"]
    assert without_comments(data) != data
    assert _parts(without_comments(data)).keys() == _parts(plain).keys()
    assert document_paragraphs(without_comments(data)) == document_paragraphs(plain)
    assert read_comments(without_comments(data)) == []
    assert without_comments(plain) == plain


def test_a_build_with_comments_is_byte_reproducible(saint_dizier) -> None:
    data, _ = saint_dizier
    again, _ = _built(SAINT_DIZIER)
    assert again == data
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_infos_only_when_asked() -> None:
    data, findings = _built(SAINT_DIZIER, Severity.INFO)
    comments = read_comments(data)
    assert len(comments) == len(findings) == 26
    quality = [c for c in comments if c.text.startswith("CG305")]
    assert [c.anchor for c in quality][:2] == [
        "Madame\u00a0Josiane CHEVALIER",
        "Monsieur\u00a0Jean ROTTNER",
    ]
    errors, _ = _built(SAINT_DIZIER, Severity.ERROR)
    assert [c.text.split(" — ")[0] for c in read_comments(errors)] == ["CG301"]
    none, findings = _built(SAINT_DIZIER, None)
    assert findings == [] and read_comments(none) == []


def test_a_suppressed_finding_is_not_written(tmp_path: Path) -> None:
    text = SAINT_DIZIER.read_text(encoding="utf-8")
    source = tmp_path / "saint-dizier.yaml"
    copies = "  copies: 6\n"
    assert copies in text
    source.write_text(
        text.replace(copies, "  copies: 6  # convgen: ignore CG301 -- un exemplaire partagé\n"),
        encoding="utf-8",
    )
    data, _ = _built(source)
    assert not any(c.text.startswith("CG301") for c in read_comments(data))


FINAL_WITH_A_WARNING = (
    FIXTURES / "shapes" / "mise-a-disposition" / "elision-forcee-devant-une-consonne.yaml"
)


def test_a_final_version_has_no_comment() -> None:
    result = check_file(FINAL_WITH_A_WARNING)
    assert result.model.is_final and commented(result.findings, Severity.INFO)
    data, _ = render(result.model, findings=result.findings)
    plain, _ = render(result.model)
    assert data == plain and read_comments(data) == []


def test_the_deliberation_draft_is_commented_on_its_object() -> None:
    data, findings = _built(DELIBERATION)
    comments = read_comments(data)
    assert [c.text.split(" — ")[:2] for c in comments] == [
        ["CG612", "avertissement"],
        ["CG613", "erreur"],
    ]
    assert len(findings) == 2
    object_ = (
        "Formation professionnelle – Approbation du contrat territorial pluriannuel 2021-2026 "
        "relatif à la Maison des compétences de Saint-Dizier, Der & Blaise et autorisation "
        "de signature"
    )
    assert {c.anchor for c in comments} == {object_}
    plain, _ = render(check_file(DELIBERATION).model)
    assert document_paragraphs(data) == document_paragraphs(plain)


def _drafts() -> list[Path]:
    files = sorted({*(ROOT / "conventions").rglob("*.yaml"), *FIXTURES.rglob("*.yaml")})
    return [f for f in files if "kind: party" not in f.read_text(encoding="utf-8")[:400]]


def test_every_finding_of_every_draft_gets_exactly_one_placed_comment() -> None:
    documents = written = 0
    for source in _drafts():
        result = check_file(source)
        model = result.model
        if model is None or getattr(model, "is_final", True) or refusal(result, False):
            continue
        findings = commented(result.findings, Severity.INFO)
        if not findings:
            continue
        data, _ = render(model, findings=findings)
        comments = read_comments(data)
        assert len(comments) == len(findings), source
        for finding, comment in zip(findings, comments, strict=True):
            assert comment.text.startswith(f"{finding.code} — "), source
            assert comment.anchor.strip(), (source, finding.code, finding.path_text)
            if model.kind != "avenant":  # an avenant's findings are placed on its title
                assert "À propos de" not in comment.text, (source, finding.code)  # placed
        documents += 1
        written += len(comments)
    assert documents >= 20 and written >= 100


def test_a_comment_with_nowhere_to_go_goes_on_the_title_and_says_what_it_is_about(
    saint_dizier,
) -> None:
    data, _ = saint_dizier
    lost = Comment(
        Anchor(), ("CG999 — info — à propos de rien",), "CG999 — info", ("À propos de : X",)
    )
    again = write_comments(data, [lost])
    comments = read_comments(again)
    assert len(comments) == 15  # after those the document has, numbered after them
    added = comments[-1]
    assert added.id == 14 and added.anchor == "Contrat territorial pluriannuel"
    assert added.text == "CG999 — info — à propos de rien\nÀ propos de : X"


def test_the_pdf_copy_prints_the_comments_as_footnotes(saint_dizier) -> None:
    data, _ = saint_dizier
    printed = printed_notes(data)
    parts = _parts(printed)
    assert "word/comments.xml" not in parts
    notes = etree.fromstring(parts["word/footnotes.xml"])
    texts = [
        "\n".join(paragraph_text(p) for p in note.iter(f"{W}p"))
        for note in notes.iter(f"{W}footnote")
        if note.get(f"{W}type") is None
    ]
    assert len(texts) == 14
    assert any(t.startswith(" CG301 — erreur — la convention est établie en 6") for t in texts)
    root = etree.fromstring(parts["word/document.xml"])
    assert not list(root.iter(f"{W}commentRangeStart", f"{W}commentReference"))
    assert len(list(root.iter(f"{W}footnoteReference"))) == 14
    underlined = [r for r in root.iter(f"{W}r") if r.find(f"{W}rPr/{W}u") is not None]
    assert "".join(paragraph_text(r) for r in underlined).count("exemplaires originaux") == 1
    assert document_paragraphs(printed) == document_paragraphs(data)
    plain, _ = render(check_file(CHAUMONT).model)
    assert printed_notes(plain) == plain


def test_a_redline_of_commented_builds_has_no_comment(tmp_path: Path) -> None:
    from review_cases import write_pair

    old_file, new_file = write_pair(tmp_path, "rates-and-notice")
    old, _ = _built(old_file)
    new, findings = _built(new_file)
    assert findings and read_comments(new)
    plain_new, _ = render(check_file(new_file).convention)
    marked = redline(old, new, author="Relecture", date="2026-11-22T00:00:00Z")
    assert read_comments(marked.data) == [] and marked.revisions == 6
    assert "word/comments.xml" not in _parts(marked.data)
    assert document_paragraphs(accept_all(marked.data)) == document_paragraphs(plain_new)


# --- through the command line -------------------------------------------------------------------


def test_build_writes_the_comments_and_says_so(tmp_path: Path) -> None:
    target = tmp_path / "sd.docx"
    result = invoke("build", str(SAINT_DIZIER), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert (
        f"Document écrit : {target} (1 erreur à corriger avant la version finale, "
        "13 avertissements, lacunes surlignées, 14 constats en commentaires)"
    ) in result.stdout
    first = target.read_bytes()
    assert len(read_comments(first)) == 14
    # up to date, with the same comments
    result = invoke("build", str(SAINT_DIZIER), "-o", str(target))
    assert "À jour" in result.stdout
    # other comments asked for: not up to date
    result = invoke("build", str(SAINT_DIZIER), "-o", str(target), "--no-comments")
    assert result.exit_code == 0 and "Document écrit" in result.stdout
    assert "en commentaires" not in result.stdout and read_comments(target.read_bytes()) == []
    result = invoke("build", str(SAINT_DIZIER), "-o", str(target), "--comments", "all")
    assert "26 constats en commentaires" in result.stdout
    assert len(read_comments(target.read_bytes())) == 26
    result = invoke("build", str(SAINT_DIZIER), "-o", str(target), "--rebuild")
    assert target.read_bytes() == first  # reproducible through the command line too


def test_comments_and_no_comments_exclude_each_other() -> None:
    result = invoke("build", str(SAINT_DIZIER), "--comments", "all", "--no-comments")
    assert result.exit_code == 2
    assert "--comments et --no-comments s'excluent" in result.output
    result = invoke("build", str(SAINT_DIZIER), "--comments", "tout")
    assert result.exit_code == 2
    assert "valeurs permises : errors, warnings, all, none" in result.output


def test_a_final_build_has_no_comment(tmp_path: Path) -> None:
    target = tmp_path / "c.docx"
    result = build_file(FINAL_WITH_A_WARNING, output=target, comments=Severity.INFO)
    assert result.output is not None and result.comments == 0 and result.check.findings
    assert read_comments(result.output.read_bytes()) == []


def test_diff_docx_of_two_drafts_has_no_comment(tmp_path: Path) -> None:
    from review_cases import write_pair

    old, new = write_pair(tmp_path, "rates-and-notice")
    out = tmp_path / "relecture.docx"
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--docx", str(out)])
    assert result.exit_code == 1, result.output
    assert read_comments(out.read_bytes()) == []
    assert "word/comments.xml" not in _parts(out.read_bytes())


def test_no_mark_is_left_in_any_part(tmp_path: Path) -> None:
    from convgen.rendering.convention import render_convention
    from convgen.rendering.marks import Marks
    from convgen.rendering.ooxml import write_package

    marks = Marks()
    data, _ = render_convention(check_file(SAINT_DIZIER).convention, marks=marks)
    parts = _parts(data)
    assert parts["word/document.xml"].count(MARK_PREFIX.encode()) == len(marks.places)
    # a template that prints a marked text in its header too
    header = parts["word/header1.xml"].decode()
    bookmark = (
        '<w:bookmarkStart w:id="1073741824" w:name="_convgen_0"/><w:bookmarkEnd w:id="1073741824"/>'
    )
    parts["word/header1.xml"] = header.replace("</w:p>", bookmark + "</w:p>", 1).encode()
    cleaned = write_comments(write_package(parts.items()), [])
    assert all(MARK_PREFIX.encode() not in content for content in _parts(cleaned).values())
    assert read_comments(cleaned) == []


def test_a_message_with_a_control_character_is_written_without_it(saint_dizier) -> None:
    from convgen.foundation.findings import Finding
    from convgen.rendering.comments import anchor, comment_for
    from convgen.rendering.marks import Marks

    finding = Finding(
        "CG032", Severity.ERROR, "caractère \x1b dans « a\x1bb »", "x.yaml", path=("title", "name")
    )
    data, _ = saint_dizier
    written = write_comments(data, [comment_for(finding, anchor(finding, Marks()), "Partie \x07A")])
    added = read_comments(written)[-1]
    assert (
        added.text == "CG032 — erreur — caractère dans «\u00a0ab\u00a0»\nConcerne\u00a0: Partie A"
    )
