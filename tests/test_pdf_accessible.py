"""The published PDF, checked by tools that are not convgen: page-validation (an
independent implementation of the PDF/UA-1 and PDF/A-2 rule sets) for accessibility and
archiving, pyHanko (a PAdES signer) for the signature fields.

Each document is checked alone (Chaumont: printed annex and table, no file) and with its
annexes joined (Saint-Dizier: a Word note, a tagged PDF/A, a « pièce non jointe » page;
its deliberation: the convention it approves, with those annexes, inside it).
"""

import datetime as dt
import io
import shutil
from pathlib import Path

import page
import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from convgen.building.build import build_files
from convgen.cli import main
from convgen.pdf import assembly as pdf

from conftest import CHAUMONT, ROOT, SAINT_DIZIER, soffice_or_skip

SOFFICE = soffice_or_skip()
DELIBERATION = ROOT / "conventions" / "saint-dizier-deliberation.yaml"
SAMPLE_PDFA = ROOT / "conventions" / "annexes" / "cahier-des-charges-locaux.pdf"
SIGNATORIES = [
    "prefecture",
    "region",
    "rectorat",
    "agglomeration",
    "banque-des-territoires",
    "cnam-grand-est",
    "cnam",
]


def verdict(path: Path, profile: str) -> str:
    """« ua1 104/104 », or the failures: what a test prints when it fails."""
    report = page.validate_pdf(str(path), profile=profile)
    failures = sorted({f"{f.rule_id} {f.message}" for f in report.failures})
    shown = f"{profile} {report.rules.passed}/{report.rules.total}"
    return shown if report.is_compliant else shown + "\n" + "\n".join(failures)


def compliant(path: Path, profile: str) -> bool:
    return page.validate_pdf(str(path), profile=profile).is_compliant


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Saint-Dizier, its deliberation and Chaumont, built with --pdfa and with --pdf."""
    out = tmp_path_factory.mktemp("publie")
    sources = [SAINT_DIZIER, DELIBERATION, CHAUMONT]
    pdfa = build_files(sources, output=out / "pdfa", pdfa=True)
    plain = build_files(sources, output=out / "pdf", pdf=True)
    for result in [*pdfa, *plain]:
        assert result.pdf is not None, result.pdf_error or result.reason
    files = {f"{r.source.stem}.pdfa": r.pdf for r in pdfa}
    files |= {f"{r.source.stem}.pdf": r.pdf for r in plain}
    return files  # type: ignore[return-value]


@pytest.mark.parametrize("name", ["saint-dizier", "saint-dizier-deliberation", "chaumont-final"])
@pytest.mark.parametrize("profile", ["ua1", "pdfa-2a"])
def test_the_pdfa_passes_pdfua_and_pdfa_2a(built, name: str, profile: str) -> None:
    target = built[f"{name}.pdfa"]
    shown = verdict(target, profile)
    print(f"\n{name} : {shown}")
    assert compliant(target, profile), shown
    assert pdf.pdfa_declaration(target.read_bytes()) == "2A"


@pytest.mark.parametrize("name", ["saint-dizier", "saint-dizier-deliberation", "chaumont-final"])
def test_the_plain_pdf_passes_pdfua_too(built, name: str) -> None:
    target = built[f"{name}.pdf"]
    assert compliant(target, "ua1"), verdict(target, "ua1")
    data = target.read_bytes()
    assert pdf.pdfua_declaration(data) and pdf.pdfa_declaration(data) is None


def test_structure_has_headings_lists_tables_with_header_cells(built) -> None:
    """What a screen reader walks: the joined tree keeps every part's elements."""
    reader = PdfReader(built["saint-dizier.pdfa"])
    found: dict[str, int] = {}
    parts: list[str] = []
    role_map = reader.trailer["/Root"]["/StructTreeRoot"].get("/RoleMap", {})

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not hasattr(node, "get") or "/S" not in node:
            return
        kind = str(node["/S"])
        kind = str(role_map.get(kind, kind))
        found[kind] = found.get(kind, 0) + 1
        if kind == "/Part":
            parts.append(str(node["/T"]))
        if "/K" in node:
            walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    assert found["/Document"] == 1
    assert found["/H1"] >= 9 and found["/L"] >= 1 and found["/LI"] >= 1
    assert found["/Table"] >= 1 and found["/Form"] == len(SIGNATORIES)
    assert parts == [
        "Annexe 1 : Note « Maison des compétences #skillshub by Le Cnam »",
        "Annexe 2 : Cahier des charges des locaux",
        "Annexe 3 : Annexe financière",
    ]
    chaumont = PdfReader(built["chaumont-final.pdfa"])
    # the financing plan's header row (w:tblHeader in the template) is made of header cells
    assert b"/TH" in b"".join(
        obj.get_object().get("/S", "").encode()
        for obj in _elements(chaumont)
        if hasattr(obj.get_object(), "get")
    )


def _elements(reader: PdfReader) -> list:
    out, stack = [], [reader.trailer["/Root"]["/StructTreeRoot"].raw_get("/K")]
    while stack:
        node = stack.pop()
        resolved = node.get_object()
        if isinstance(resolved, list):
            stack.extend(resolved)
        elif hasattr(resolved, "get") and "/S" in resolved:
            out.append(node)
            if "/K" in resolved:
                stack.append(resolved.raw_get("/K"))
    return out


def test_catalog_says_tagged_french_and_shows_the_title(built) -> None:
    root = PdfReader(built["saint-dizier.pdf"]).trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert root["/Lang"] == "fr-FR"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712


def test_stamps_are_artifacts_in_an_embedded_font(built) -> None:
    reader = PdfReader(built["saint-dizier.pdfa"])
    annexed = reader.pages[7]  # the PDF annex, as given
    assert (
        b"/Artifact <</Type /Pagination /Subtype /Header>> BDC" in annexed.get_contents().get_data()
    )
    font = annexed["/Resources"]["/Font"]["/ConvgenStamp"]
    assert font["/Subtype"] == "/TrueType" and font["/Encoding"] == "/WinAnsiEncoding"
    assert "/FontFile2" in font["/FontDescriptor"]
    assert font["/BaseFont"] == "/LiberationSans"


# --- signature fields -------------------------------------------------------------------------


def _fields(path: Path) -> dict[str, dict]:
    reader = PdfReader(path)
    out = {}
    for number, one in enumerate(reader.pages):
        for annotation in one.get("/Annots", []):
            annotation = annotation.get_object()
            if annotation.get("/FT") == "/Sig":
                out[str(annotation["/T"])] = {
                    "page": number,
                    "tooltip": str(annotation["/TU"]),
                    "rect": [float(v) for v in annotation["/Rect"]],
                    "flags": int(annotation["/F"]),
                }
    return out


def test_one_signature_field_per_signatory_on_its_block(built) -> None:
    fields = _fields(built["saint-dizier.pdfa"])
    assert sorted(fields) == sorted(f"signature-{key}" for key in SIGNATORIES)
    assert fields["signature-prefecture"]["tooltip"] == (
        "Signature — Préfecture de Région Grand Est"
    )
    reader = PdfReader(built["saint-dizier.pdfa"])
    signing = fields["signature-prefecture"]["page"]
    assert "Liste des annexes" in reader.pages[signing].extract_text()  # the document's end
    for name, field in fields.items():
        assert field["page"] == signing, name  # the signature page, before the annexes
        assert field["flags"] == 4  # printed
        x0, y0, x1, y1 = field["rect"]
        assert 60 < x0 < x1 < 530 and 40 < y0 < y1 < 800 and y1 - y0 >= 24, (name, field)
    # the field lies just above the signer's name: the name is the first text below it
    runs: list[tuple[float, float, str]] = []
    reader.pages[signing].extract_text(
        visitor_text=lambda t, cm, tm, f, s: runs.append((tm[4], tm[5], t)) if t.strip() else None
    )
    x0, y0, x1, _ = fields["signature-prefecture"]["rect"]
    below = max((r for r in runs if x0 <= r[0] <= x1 and r[1] < y0), key=lambda r: r[1])
    assert below[2].strip() == "Josiane CHEVALIER"
    # fields do not overlap one another
    rects = [f["rect"] for f in fields.values()]
    for index, a in enumerate(rects):
        for b in rects[index + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_the_deliberation_has_its_signatory_field_only(built) -> None:
    fields = _fields(built["saint-dizier-deliberation.pdfa"])
    # the authority is no party of the approved convention here: its field says so
    assert list(fields) == ["signature-autorite"]
    assert fields["signature-autorite"]["page"] == 1
    assert fields["signature-autorite"]["tooltip"].startswith("Signature — Communauté")


def _self_signed(tmp_path: Path):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    from pyhanko.sign import signers

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Signataire de test")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    (tmp_path / "cle.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    (tmp_path / "certificat.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return signers.SimpleSigner.load(str(tmp_path / "cle.pem"), str(tmp_path / "certificat.pem"))


def test_pyhanko_lists_the_empty_fields_and_signs_one_then_another(built, tmp_path) -> None:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields, signers
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    data = built["saint-dizier.pdfa"].read_bytes()
    listed = list(fields.enumerate_sig_fields(PdfFileReader(io.BytesIO(data))))
    assert sorted(name for name, value, _ in listed) == sorted(
        f"signature-{key}" for key in SIGNATORIES
    )
    assert all(value is None for _, value, _ in listed)  # all empty
    signer = _self_signed(tmp_path)
    for field in ("signature-prefecture", "signature-region"):  # in turn, as a parapheur does
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        out = signers.sign_pdf(
            writer, signers.PdfSignatureMetadata(field_name=field), signer=signer
        )
        data = out.getvalue()
    reader = PdfFileReader(io.BytesIO(data))
    assert [s.field_name for s in reader.embedded_signatures] == [
        "signature-prefecture",
        "signature-region",
    ]
    trust = ValidationContext(trust_roots=[signer.signing_cert])
    for signature in reader.embedded_signatures:
        status = validate_pdf_signature(signature, trust)
        assert status.intact and status.valid and status.trusted
    empty = [n for n, v, _ in fields.enumerate_sig_fields(reader) if v is None]
    assert len(empty) == len(SIGNATORIES) - 2


def test_no_signature_fields_on_request(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", str(CHAUMONT), "-o", f"{tmp_path}/", "--pdf", "--no-signature-fields"]
    )
    assert result.exit_code == 0, result.output
    target = tmp_path / "chaumont-final.pdf"
    assert "champ de signature" not in result.stdout
    assert _fields(target) == {}
    assert "/AcroForm" not in PdfReader(target).trailer["/Root"]
    assert compliant(target, "ua1"), verdict(target, "ua1")


# --- an annex that is not accessible: never claim more than is true ---------------------------


def _untagged_pdfa() -> bytes:
    """The sample annex with its structure tree taken out, declared PDF/A-2b only."""
    writer = PdfWriter(clone_from=PdfReader(SAMPLE_PDFA))
    root = writer.root_object
    for key in ("/StructTreeRoot", "/MarkInfo"):
        del root[key]
    for one in writer.pages:
        if "/StructParents" in one:
            del one["/StructParents"]
    metadata = root["/Metadata"].get_object()
    packet = metadata.get_data().decode("utf-8")
    packet = packet.replace("<pdfaid:conformance>A<", "<pdfaid:conformance>B<")
    packet = packet.replace("<pdfuaid:part>1</pdfuaid:part>", "")
    metadata.set_data(packet.encode("utf-8"))
    root[NameObject("/Metadata")] = metadata.indirect_reference
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_untagged_annex_gives_pdfa_2b_and_no_pdfua_and_the_report_says_why(
    tmp_path: Path,
) -> None:
    (tmp_path / "plan.pdf").write_bytes(_untagged_pdfa())
    data = yaml.safe_load(CHAUMONT.read_text(encoding="utf-8"))
    data["annexes"].append({"key": "locaux", "title": "Plan des locaux", "file": "plan.pdf"})
    source = tmp_path / "chaumont.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(source), "--pdfa"])
    assert result.exit_code == 0, result.output
    target = source.with_suffix(".pdf")
    assert f"PDF écrit : {target} (5 pages, PDF/A-2b, 3 champs de signature)" in result.stdout
    assert (
        "Conformité : PDF/UA-1 non déclaré, PDF/A-2b et non 2a : Annexe 2 (plan.pdf) n'est "
        "pas un PDF balisé"
    ) in result.stdout
    declared = target.read_bytes()
    assert pdf.pdfa_declaration(declared) == "2B" and not pdf.pdfua_declaration(declared)
    assert compliant(target, "pdfa-2b"), verdict(target, "pdfa-2b")
    assert not compliant(target, "ua1")  # and it does not say it is
    assert PdfReader(target).trailer["/Root"]["/MarkInfo"]["/Marked"] == False  # noqa: E712


def test_a_word_annex_with_an_image_without_text_is_not_claimed_pdfua(tmp_path: Path) -> None:
    from docx import Document
    from docx.shared import Mm

    image = tmp_path / "plan.png"
    shutil.copy(ROOT / "docs" / "images" / "saint-dizier-page-1.png", image)
    word = Document()
    word.add_paragraph("Plan des locaux")
    word.add_picture(str(image), width=Mm(60))
    word.save(str(tmp_path / "plan.docx"))
    data = yaml.safe_load(CHAUMONT.read_text(encoding="utf-8"))
    data["annexes"].append({"key": "locaux", "title": "Plan des locaux", "file": "plan.docx"})
    source = tmp_path / "chaumont.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(source), "--pdf"])
    assert result.exit_code == 0, result.output
    assert "Conformité : PDF/UA-1 non déclaré : Annexe 2" in result.stdout
    assert not pdf.pdfua_declaration(source.with_suffix(".pdf").read_bytes())
