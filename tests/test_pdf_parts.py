"""The pieces of the PDF stage that need no LibreOffice: the page-number fields left out
of what is converted, the stamps' font, the structure trees joined, signature blocks
found on a page."""

import io
import zipfile

import pikepdf
import pytest
from pypdf import PdfReader, PdfWriter

from convgen.foundation.errors import ConversionError
from convgen.pdf import assembly as pdf
from convgen.pdf import stamps
from convgen.pdf.plan import for_pdf
from convgen.pdf.signatures import Signer, place
from convgen.pdf.structure import is_tagged

from conftest import ROOT

SAMPLE = ROOT / "conventions" / "annexes" / "cahier-des-charges-locaux.pdf"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
META = pdf.Metadata("Titre", "Objet", "Auteur", "mots", None, draft=True)


def _docx(footer: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("word/document.xml", f"<w:document {W}><w:body/></w:document>")
        package.writestr("word/footer1.xml", f"<w:ftr {W}>{footer}</w:ftr>")
    return out.getvalue()


def _footer(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("word/footer1.xml").decode()


def test_page_number_paragraphs_are_left_out_for_the_pdf() -> None:
    complex_field = (
        '<w:p><w:r><w:t>Page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        "<w:r><w:instrText> PAGE </w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t> sur </w:t></w:r>'
        '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>6</w:t></w:r></w:fldSimple></w:p>'
    )
    kept = "<w:p><w:r><w:t>Convention Cnam</w:t></w:r></w:p>"
    footer = _footer(for_pdf(_docx(complex_field + kept)))
    assert "PAGE" not in footer and "NUMPAGES" not in footer and "sur" not in footer
    assert "Convention Cnam" in footer  # what does not print a number stays
    # a footer left without a paragraph gets an empty one (Word requires one)
    assert "<w:p/>" in _footer(for_pdf(_docx(complex_field)))
    # nothing to change: the same footer
    assert _footer(for_pdf(_docx(kept))) == _footer(_docx(kept))


def test_the_stamp_font_is_read_from_the_truetype_file() -> None:
    font = stamps.stamp_font()
    assert font.name == "LiberationSans"
    # Liberation Sans is metrically compatible with Arial: « A » is 667/1000 of the em
    assert font.widths[ord("A") - 32] == 667 and font.widths[ord(" ") - 32] == 278
    assert font.encode("Annexe 2 — « Œuvre » ≥ 2021\u20112026") == (
        b"Annexe 2 \x97 \xab \x8cuvre \xbb  2021-2026"
    )


def test_a_missing_stamp_font_says_how_to_install_it(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv(stamps.FONT_VARIABLE, str(tmp_path / "absente.ttf"))
    with pytest.raises(ConversionError, match="fichier de police introuvable"):
        stamps.font_file()
    (tmp_path / "faux.ttf").write_bytes(b"pas une police")
    monkeypatch.setenv(stamps.FONT_VARIABLE, str(tmp_path / "faux.ttf"))
    with pytest.raises(ConversionError, match="fonts-liberation"):
        stamps.stamp_font()


def test_structure_trees_are_joined_and_split_by_page() -> None:
    sample = SAMPLE.read_bytes()
    assert is_tagged(pikepdf.open(io.BytesIO(sample)))
    joined = pdf.join(
        [
            pdf.Part(sample, origin="convgen", numbered=True),
            pdf.Part(sample, title="Annexe 1 : Locaux", label="Annexe 1", stamp="Annexe 1"),
        ],
        META,
    )
    reader = PdfReader(io.BytesIO(joined.data))
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    document = root["/K"]
    assert document["/S"] == "/Document"
    assert document.raw_get("/P").idnum == root.indirect_reference.idnum
    kids = [kid.get_object() for kid in document["/K"]]
    assert kids[-1]["/S"] == "/Part" and kids[-1]["/T"] == "Annexe 1 : Locaux"
    # each page points into the parent tree, its keys past those of the parts before
    keys = [page["/StructParents"] for page in reader.pages]
    assert keys == sorted(set(keys)) and len(keys) == 2
    nums = root["/ParentTree"]["/Nums"]
    entries = dict(zip(nums[::2], nums[1::2], strict=True))
    for page, key in zip(reader.pages, keys, strict=True):
        elements = entries[key]
        assert elements and all(e.get_object()["/Type"] == "/StructElem" for e in elements)
        for element in elements:  # every element of a page's content is on that page
            assert _page_of(element) == page.indirect_reference
    assert root["/ParentTreeNextKey"] > max(keys)
    assert joined.claims.ua and joined.claims.tagged
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"] == True  # noqa: E712


def _page_of(element):
    node = element.get_object()
    while "/Pg" not in node:
        node = node["/P"].get_object()
    return node.raw_get("/Pg")


def test_an_untagged_part_is_said_so() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    joined = pdf.join(
        [
            pdf.Part(SAMPLE.read_bytes(), origin="convgen"),
            pdf.Part(out.getvalue(), title="Annexe 1 : Plan", name="Annexe 1 (plan.pdf)"),
        ],
        META,
    )
    assert not joined.claims.ua and not joined.claims.tagged
    assert joined.claims.notes == (
        "PDF/UA-1 non déclaré : Annexe 1 (plan.pdf) n'est pas un PDF balisé",
    )
    assert not pdf.pdfua_declaration(joined.data)


def test_stamps_say_what_each_page_is() -> None:
    sample = SAMPLE.read_bytes()
    joined = pdf.join(
        [
            pdf.Part(sample, origin="convgen", numbered=True),
            pdf.Part(
                sample, title="Annexe 1 : Locaux", label="Annexe 1", stamp="Annexe 1 — Locaux"
            ),
            pdf.Part(sample, title="Annexe 1 : Locaux", label="Annexe 1", continues=True),
        ],
        META,
    )
    texts = [p.extract_text() for p in PdfReader(io.BytesIO(joined.data)).pages]
    assert "Page 1 sur 3" in texts[0]
    assert "Annexe 1 — Locaux (p. 1/2)" in texts[1] and "PROJET — page 2 sur 3" in texts[1]
    assert "Annexe 1 — Locaux (p. 2/2)" in texts[2] and "PROJET — page 3 sur 3" in texts[2]


def test_signature_blocks_are_found_by_the_signers_names() -> None:
    sample = pikepdf.open(SAMPLE)
    # the sample's headings stand for printed names: « 2. Accessibilité et sécurité »
    signer = Signer("locaux", "Service des locaux", "2. Accessibilité et sécurité")
    missing = Signer("absent", "Personne", "Nom qui n'est nulle part")
    placements = place([(0, sample.pages[0])], [signer, missing])
    assert [p.signer for p in placements] == [signer]
    x0, y0, x1, y1 = placements[0].rect
    assert x0 < x1 and y0 < y1 and y1 - y0 >= 24
    assert signer.field == "signature-locaux"
    assert Signer("a.b c", "X", "Y").field == "signature-a-b-c"  # no dot in a field name
