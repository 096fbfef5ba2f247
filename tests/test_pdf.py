"""Assembling the PDF (pypdf only: no LibreOffice needed)."""

import datetime as dt
import hashlib
import io

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import Fit

from convgen.foundation.errors import ConversionError
from convgen.loading import pdffile
from convgen.pdf import assembly as pdf

from conftest import ROOT

SAMPLE_PDFA = ROOT / "conventions" / "annexes" / "cahier-des-charges-locaux.pdf"
META = pdf.Metadata(
    title="Contrat — Saint-Dizier, Der & Blaise",
    subject="Objet « test »",
    author="CNAM en Grand Est",
    keywords="convention; Cnam",
    date=dt.date(2022, 4, 1),
)


def document(pages: int, headings: list[tuple[str, int, list[tuple[str, int]]]] = ()) -> bytes:
    """A blank PDF of ``pages`` pages with bookmarks (title, page, children)."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    for title, page, children in headings:
        parent = writer.add_outline_item(title=title, page_number=page, fit=Fit.xyz(top=700.0))
        for child, child_page in children:
            writer.add_outline_item(title=child, page_number=child_page, parent=parent)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def outline(data: bytes) -> list:
    reader = PdfReader(io.BytesIO(data))

    def walk(items):
        out = []
        for item in items:
            if isinstance(item, list):
                out[-1] = (out[-1][0], out[-1][1], walk(item))
            else:
                out.append((item.title, reader.get_destination_page_number(item), []))
        return out

    return walk(reader.outline)


def test_parts_in_order_with_outline_and_labels() -> None:
    main = document(3, [("Article 1er\u00a0: Objet", 0, [("Article 1.1\u00a0: Détail", 1)])])
    annex = document(2, [("Note", 0, [])])
    data = pdf.assemble(
        [
            pdf.Part(main),
            pdf.Part(annex, title="Annexe 1 : Note", label="Annexe 1"),
            pdf.Part(document(1), title="Annexe 2 : Plan", label="Annexe 2"),
            pdf.Part(document(1), title="Annexe 2 : Plan", label="Annexe 2", continues=True),
        ],
        META,
    )
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 7
    # numbered across the whole file, as printed: « Page 4 sur 7 » is label 4
    assert reader.page_labels == ["1", "2", "3", "4", "5", "6", "7"]
    assert outline(data) == [
        ("Article 1er : Objet", 0, [("Article 1.1 : Détail", 1, [])]),
        ("Annexe 1 : Note", 3, [("Note", 3, [])]),
        ("Annexe 2 : Plan", 5, []),
    ]
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_a_page_range_keeps_its_headings_only() -> None:
    main = document(4, [("Article 1er", 0, []), ("Annexe 1 : Plan", 2, [])])
    data = pdf.assemble([pdf.Part(main, pages=range(2))], META)
    assert outline(data) == [("Article 1er", 0, [])]


def test_metadata_twice_and_consistent() -> None:
    data = pdf.assemble([pdf.Part(document(1))], META)
    reader = PdfReader(io.BytesIO(data))
    info = reader.metadata
    assert info["/Title"] == META.title and info["/Author"] == META.author
    assert info["/Subject"] == META.subject and info["/Keywords"] == META.keywords
    assert info["/CreationDate"] == info["/ModDate"] == "D:20220401000000Z"
    assert info["/Creator"].startswith("convgen ")
    xmp = reader.xmp_metadata
    assert xmp.dc_title == {"x-default": META.title}
    assert xmp.dc_creator == [META.author]
    assert xmp.pdf_keywords == META.keywords
    assert xmp.xmp_create_date == dt.datetime(2022, 4, 1)
    assert reader.trailer["/Root"]["/Lang"] == "fr-FR"
    assert pdf.pdfa_declaration(data) is None


def test_no_date_means_no_dates_not_the_clock() -> None:
    undated = pdf.Metadata("T", "S", "A", "K", None)
    info = PdfReader(io.BytesIO(pdf.assemble([pdf.Part(document(1))], undated))).metadata
    assert "/CreationDate" not in info and "/ModDate" not in info


def test_same_input_same_bytes_and_identifier_from_content() -> None:
    parts = [pdf.Part(document(2, [("Article 1er", 0, [])]))]
    first, second = pdf.assemble(parts, META), pdf.assemble(parts, META)
    assert first == second
    other = pdf.assemble(parts, pdf.Metadata("Autre", "S", "A", "K", None))
    ids = [PdfReader(io.BytesIO(d)).trailer["/ID"][0] for d in (first, other)]
    assert ids[0] != ids[1]


def test_pdfa_parts_give_a_pdfa_file() -> None:
    sample = SAMPLE_PDFA.read_bytes()
    assert pdf.pdfa_declaration(sample) == "2A" and pdf.pdfua_declaration(sample)
    data = pdf.assemble(
        [pdf.Part(sample), pdf.Part(sample, title="Annexe", label="Annexe")], META, pdfa=True
    )
    # a tagged PDF/A-2a and PDF/UA-1 annex joined twice: still both
    assert pdf.pdfa_declaration(data) == "2A" and pdf.pdfua_declaration(data)
    assert pdf.pdfa_problems(data, conformance="A") == []
    assert pdf.pdfa_problems(data) == ["déclaration PDF/A : 2A"]  # not what was asked
    assert pdf.pdfa_problems(pdf.assemble([pdf.Part(sample)], META)) == [
        "déclaration PDF/A : absente",
        "pas de profil de sortie PDF/A (OutputIntents)",
    ]


def test_a_part_that_is_not_pdfa_is_refused() -> None:
    sample = SAMPLE_PDFA.read_bytes()
    with pytest.raises(ConversionError, match="Annexe 1 : Plan : ce PDF n'est pas au format PDF/A"):
        pdf.assemble(
            [pdf.Part(sample), pdf.Part(document(1), title="Annexe 1 : Plan")], META, pdfa=True
        )


def test_unreadable_parts_raise_conversion_errors() -> None:
    with pytest.raises(ConversionError, match="PDF illisible"):
        pdf.assemble([pdf.Part(b"%PDF-1.7 rien")], META)


@pytest.mark.parametrize(
    "packet",
    [
        '<rdf:Description pdfaid:part="2" pdfaid:conformance="b"/>',
        "<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>",
    ],
)
def test_pdfa_declaration_in_both_xmp_forms(packet: str) -> None:
    from pypdf.generic import NameObject, StreamObject

    writer = PdfWriter()
    writer.add_blank_page(width=10, height=10)
    stream = StreamObject()
    stream.set_data(packet.encode())
    writer.root_object[NameObject("/Metadata")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    assert pdf.pdfa_declaration(out.getvalue()) == "2B"


def test_icc_profile_stamped_with_the_document_date() -> None:
    header = bytearray(128)
    header[36:40] = b"acsp"
    header[24:36] = bytes(range(12))  # LibreOffice's clock
    header[84:100] = b"\x01" * 16  # an identifier is set: it must be recomputed
    fixed = pdf.fixed_icc_profile(bytes(header) + b"tags", dt.date(2022, 4, 1))
    assert fixed[24:36] == bytes([7, 230, 0, 4, 0, 1, 0, 0, 0, 0, 0, 0])
    blank = bytearray(fixed)
    blank[44:48] = blank[64:68] = bytes(4)
    blank[84:100] = bytes(16)
    assert fixed[84:100] == hashlib.md5(bytes(blank)).digest()
    assert pdf.fixed_icc_profile(b"not a profile", None) == b"not a profile"


def test_long_headings_are_cut_at_a_word() -> None:
    text = "Article 1er : D’approuver les termes du contrat territorial pluriannuel 2021-2026 relatif à la Maison"
    [heading] = pdf.headings(document(1, [(text, 0, [])]))
    assert heading.title.endswith("…") and len(heading.title) <= pdffile.MAX_TITLE + 1
    assert heading.title.startswith("Article 1er : D’approuver les termes")


def test_without_libreoffice_the_message_says_how_to_install_it(tmp_path, monkeypatch) -> None:
    from click.testing import CliRunner

    from convgen.cli import main

    from conftest import CHAUMONT

    monkeypatch.delenv("CONVGEN_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on it
    result = CliRunner().invoke(main, ["build", str(CHAUMONT), "-o", f"{tmp_path}/", "--pdf"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "convgen : LibreOffice est introuvable : installez LibreOffice (Debian, Ubuntu : sudo "
        "apt-get install libreoffice-writer-nogui fonts-liberation) ou donnez le chemin de "
        "soffice dans CONVGEN_SOFFICE"
    )
    assert list(tmp_path.iterdir()) == []  # nothing half done
    # the Word document alone does not need LibreOffice
    assert CliRunner().invoke(main, ["build", str(CHAUMONT), "-o", f"{tmp_path}/"]).exit_code == 0
    monkeypatch.setenv("CONVGEN_SOFFICE", str(tmp_path / "soffice"))
    result = CliRunner().invoke(main, ["build", str(CHAUMONT), "--pdf-only", "-o", f"{tmp_path}/"])
    assert result.exit_code == 2
    assert (
        "CONVGEN_SOFFICE=" in result.stderr and "n'est pas un programme exécutable" in result.stderr
    )


FAKE_SOFFICE = """#!{python}
# Stands for LibreOffice: like it, reads at most 255 arguments; never converts a file
# whose name is in {fail!r}; logs each start.
import sys, pathlib
args = sys.argv[1:255]
with open({log!r}, "a") as log:
    log.write("start\\n")
out = pathlib.Path(args[args.index("--outdir") + 1])
out.mkdir(parents=True, exist_ok=True)
for name in (a for a in args if a.endswith(".docx")):
    if pathlib.Path(name).name not in {fail!r}:
        (out / (pathlib.Path(name).stem + ".pdf")).write_bytes(pathlib.Path(name).read_bytes())
"""


def _fake_soffice(tmp_path, fail=()):
    import sys

    script = tmp_path / "soffice"
    log = tmp_path / "starts.log"
    script.write_text(
        FAKE_SOFFICE.format(python=sys.executable, fail=set(fail) or set(), log=str(log))
    )
    script.chmod(0o755)
    return str(script), log


def test_many_documents_are_converted_in_batches(tmp_path) -> None:
    from convgen.pdf import libreoffice

    soffice, log = _fake_soffice(tmp_path)
    documents = [f"document {i}".encode() for i in range(450)]
    results = libreoffice.convert(documents, soffice=soffice)
    assert results == documents  # every one, in order (the fake « converts » by copying)
    assert log.read_text().count("start") == 3  # 200 + 200 + 50: never past the 255 arguments


def test_a_document_left_over_is_tried_once_more(tmp_path) -> None:
    from convgen.pdf import libreoffice

    soffice, log = _fake_soffice(tmp_path, fail={"00001.docx"})
    results = libreoffice.convert([b"a", b"b", b"c"], soffice=soffice)
    assert results == [b"a", None, b"c"]
    assert log.read_text().count("start") == 2


class _FakeOffice:
    def __init__(self, streaming: bool) -> None:
        self.streaming = streaming


def test_documents_go_to_running_offices_one_by_one_over_uno() -> None:
    """Over the UNO bridge a hand-over costs nothing: one document per office at a time,
    each assembled while the next converts. On the command line (a process each), all
    those waiting while rendering, then halves."""
    from convgen.pdf.plan import _batch

    uno, command_line = [_FakeOffice(True)], [_FakeOffice(False)]
    assert _batch(9, False, uno) == _batch(9, True, uno) == 1
    assert _batch(9, True, uno * 2) == 2
    assert _batch(9, False, command_line) == 9
    assert _batch(9, True, command_line) == 5
    assert _batch(1, True, command_line) == 1
    # one office without its bridge: the command line's batches for all
    assert _batch(9, False, [*uno, *command_line]) == 9
