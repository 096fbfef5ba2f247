"""Hostile annex PDFs: what could act on the reader's machine never reaches the PDF convgen
writes, and an annex that cannot be read fails its own document only, with a French reason.

The annexes are generated here with pypdf, one per kind of active content. The
assembly is tested without LibreOffice; the end-to-end builds need it.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from convgen.foundation.errors import ConversionError
from convgen.pdf import assembly as pdf
from convgen.pdf import libreoffice
from convgen.pdf import plan as publish

from conftest import CHAUMONT, ROOT, blank_pdf

SAMPLE_PDFA = ROOT / "conventions" / "annexes" / "cahier-des-charges-locaux.pdf"
META = pdf.Metadata("Titre", "Objet", "Auteur", "mots", dt.date(2022, 4, 1))

# Names that must not appear anywhere in a PDF convgen writes.
FORBIDDEN_KEYS = {"/AA", "/OpenAction", "/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/XFA"}
FORBIDDEN_VALUES = {
    "/JavaScript",
    "/Launch",
    "/SubmitForm",
    "/ImportData",
    "/GoToR",
    "/GoToE",
    "/Rendition",
    "/Sound",
    "/Movie",
    "/FileAttachment",
    "/RichMedia",
    "/Screen",
    "/EmbeddedFile",
}


def _name(value: str) -> NameObject:
    return NameObject(value)


def _dict(**entries) -> DictionaryObject:
    return DictionaryObject({NameObject("/" + k): v for k, v in entries.items()})


def _js(code: str = "app.alert('pwned')") -> DictionaryObject:
    return _dict(Type=_name("/Action"), S=_name("/JavaScript"), JS=TextStringObject(code))


def _action(kind: str, **more) -> DictionaryObject:
    return _dict(Type=_name("/Action"), S=_name(kind), **more)


def _annotation(writer: PdfWriter, page, subtype: str, **more) -> IndirectObject:
    rect = ArrayObject([FloatObject(v) for v in (50, 50, 200, 100)])
    annotation = writer._add_object(
        _dict(Type=_name("/Annot"), Subtype=_name(subtype), Rect=rect, **more)
    )
    annotations = page.get("/Annots")
    if annotations is None:
        page[NameObject("/Annots")] = annotations = ArrayObject()
    annotations.append(annotation)
    return annotation


def _filespec(writer: PdfWriter) -> IndirectObject:
    embedded = StreamObject()
    embedded.set_data(b"MZ\x90\x00 not really a program")
    embedded[NameObject("/Type")] = _name("/EmbeddedFile")
    stream = writer._add_object(embedded)
    return writer._add_object(
        _dict(
            Type=_name("/Filespec"),
            F=TextStringObject("outil.exe"),
            EF=_dict(F=stream),
        )
    )


def _names_js(writer: PdfWriter) -> None:
    """A document-level script, in the catalog's /Names /JavaScript tree."""
    tree = _dict(
        Names=ArrayObject([TextStringObject("x"), writer._add_object(_js("app.alert('names')"))])
    )
    writer.root_object[NameObject("/Names")] = _dict(JavaScript=writer._add_object(tree))


def hostile(kind: str) -> bytes:
    """A two-page PDF carrying one kind of active content (``kind``), plus what must stay:
    an internal link to page 2, a web link and a bookmark."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    second = writer.add_blank_page(width=595, height=842)
    writer.add_outline_item(title="Détail", page_number=1)
    _annotation(
        writer,
        page,
        "/Link",
        Dest=ArrayObject([second.indirect_reference, _name("/Fit")]),
    )
    _annotation(
        writer,
        page,
        "/Link",
        A=_action("/URI", URI=TextStringObject("https://www.example.org/")),
    )
    link = lambda action: _annotation(writer, page, "/Link", A=action)  # noqa: E731
    if kind in ("page-aa", "everything"):
        page[NameObject("/AA")] = _dict(O=writer._add_object(_js()), C=_js())
    if kind in ("open-action", "everything"):
        writer.root_object[NameObject("/OpenAction")] = writer._add_object(_js())
        writer.root_object[NameObject("/AA")] = _dict(WC=_js())
    if kind in ("names-javascript", "everything"):
        _names_js(writer)
    if kind in ("embedded-file", "everything"):
        writer.add_attachment("outil.exe", b"MZ\x90\x00")
    if kind in ("file-attachment", "everything"):
        _annotation(writer, page, "/FileAttachment", FS=_filespec(writer))
    if kind in ("launch", "everything"):
        link(_action("/Launch", F=TextStringObject("cmd.exe")))
    if kind in ("uri-javascript", "everything"):
        link(_action("/URI", URI=TextStringObject("javascript:app.alert(1)")))
    if kind in ("submit-form", "everything"):
        link(_action("/SubmitForm", F=TextStringObject("https://evil.example/")))
    if kind in ("import-data", "everything"):
        link(_action("/ImportData", F=TextStringObject("data.fdf")))
    if kind in ("gotor", "everything"):
        link(_action("/GoToR", F=TextStringObject("autre.pdf"), D=ArrayObject([NumberObject(0)])))
    if kind in ("gotoe", "everything"):
        link(_action("/GoToE", T=_dict(R=_name("/C"), N=TextStringObject("x"))))
    if kind in ("rendition", "everything"):
        link(_action("/Rendition", OP=NumberObject(0), JS=TextStringObject("app.alert(2)")))
    if kind in ("sound", "everything"):
        link(_action("/Sound"))
    if kind in ("movie", "everything"):
        link(_action("/Movie"))
    if kind in ("next-chain", "everything"):
        safe = _action("/GoTo", D=ArrayObject([second.indirect_reference, _name("/Fit")]))
        safe[NameObject("/Next")] = writer._add_object(_js())
        link(writer._add_object(safe))
    if kind in ("widget", "everything"):
        field = writer._add_object(
            _dict(FT=_name("/Tx"), T=TextStringObject("champ"), AA=_dict(K=_js()))
        )
        _annotation(writer, page, "/Widget", Parent=field, AA=_dict(Fo=_js()), A=_js())
        writer.root_object[NameObject("/AcroForm")] = _dict(
            Fields=ArrayObject([field]), XFA=TextStringObject("<xdp/>")
        )
    if kind in ("richmedia", "everything"):
        _annotation(writer, page, "/RichMedia", RichMediaContent=_dict(Assets=_dict()))
        _annotation(writer, page, "/Screen", A=_action("/Rendition"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


KINDS = [
    "page-aa",
    "open-action",
    "names-javascript",
    "embedded-file",
    "file-attachment",
    "launch",
    "uri-javascript",
    "submit-form",
    "import-data",
    "gotor",
    "gotoe",
    "rendition",
    "sound",
    "movie",
    "next-chain",
    "widget",
    "richmedia",
    "everything",
]


def every_object(data: bytes):
    """Every object of the PDF ``data``, each dictionary and array inside them included."""
    reader = PdfReader(io.BytesIO(data))
    size = int(reader.trailer["/Size"])
    stack = [reader.trailer.get_object()]
    for number in range(1, size):
        try:
            stack.append(reader.get_object(number))
        except Exception:  # a free entry
            continue
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, DictionaryObject):
            stack.extend(v for v in dict.values(node) if not isinstance(v, IndirectObject))
        elif isinstance(node, ArrayObject):
            stack.extend(v for v in list.__iter__(node) if not isinstance(v, IndirectObject))


def active_content(data: bytes) -> list[str]:
    """Every forbidden key or value found in the PDF ``data`` (empty when clean)."""
    found = []
    for node in every_object(data):
        if isinstance(node, DictionaryObject):
            found += [k for k in dict.keys(node) if k in FORBIDDEN_KEYS]
            found += [
                str(v)
                for v in dict.values(node)
                if isinstance(v, NameObject) and v in FORBIDDEN_VALUES
            ]
            uri = dict.get(node, "/URI")
            if uri is not None and not str(uri).startswith("https://"):
                found.append(f"/URI {uri}")
    for word in (b"javascript:", b"app.alert", b"MZ\x90"):
        if word in data:
            found.append(word.decode("latin-1"))
    return found


def links(data: bytes) -> list[str]:
    """The links of the first page of the last part: internal destinations and web pages."""
    out = []
    for node in every_object(data):
        if isinstance(node, DictionaryObject) and dict.get(node, "/Subtype") == "/Link":
            if "/Dest" in node:
                out.append("interne")
            elif "/A" in node and node["/A"].get("/S") == "/URI":
                out.append(str(node["/A"]["/URI"]))
            elif "/A" in node and node["/A"].get("/S") == "/GoTo":
                out.append("interne")
    return sorted(out)


# --- the assembly strips every kind of active content --------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_active_content_never_survives_the_assembly(kind: str) -> None:
    annex = hostile(kind)
    assert active_content(annex)  # the generator does put something there
    removed: list[str] = []
    data = pdf.assemble(
        [
            pdf.Part(blank_pdf(1)),
            pdf.Part(annex, title="Annexe 1 : Note", label="Annexe 1", name="Annexe 1 (note.pdf)"),
        ],
        META,
        removed=removed,
    )
    assert active_content(data) == []
    # what is harmless stays: the internal link, the web link, the outline
    assert "interne" in links(data) and "https://www.example.org/" in links(data)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 3
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles == ["Annexe 1 : Note"]
    if kind != "open-action" and kind != "names-javascript" and kind != "embedded-file":
        # (the catalog of an annex is never copied: nothing there to report)
        assert removed and removed[0].startswith("Annexe 1 (note.pdf) : "), removed


def test_active_content_is_stripped_from_a_pdfa_annex_with_pdfa() -> None:
    reader = PdfReader(SAMPLE_PDFA)
    writer = PdfWriter(clone_from=reader)
    writer.pages[0][NameObject("/AA")] = _dict(O=writer._add_object(_js()))
    _names_js(writer)
    out = io.BytesIO()
    writer.write(out)
    annex = out.getvalue()
    assert pdf.pdfa_declaration(annex)
    data = pdf.assemble(
        [pdf.Part(annex), pdf.Part(annex, title="Annexe 1 : Plan")], META, pdfa=True
    )
    assert active_content(data) == []
    assert pdf.pdfa_problems(data, conformance="A") == []


def test_the_document_itself_is_stripped_too() -> None:
    """The first part (what LibreOffice wrote) goes through the same filter."""
    data = pdf.assemble([pdf.Part(hostile("everything"))], META)
    assert active_content(data) == []


# --- an annex that cannot be read ----------------------------------------------------------


def cyclic_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    pages = writer.root_object["/Pages"].get_object()
    pages["/Kids"].append(writer.root_object.raw_get("/Pages"))
    pages[NameObject("/Count")] = NumberObject(2)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def dag_pdf(levels: int = 40) -> bytes:
    """A page tree of ``levels`` nodes each listing its child twice: 2**levels pages."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    pages = writer.root_object["/Pages"].get_object()
    node = pages["/Kids"][0]
    for level in range(levels):
        kids = ArrayObject([node, node])
        node = writer._add_object(
            _dict(Type=_name("/Pages"), Kids=kids, Count=NumberObject(2 ** (level + 1)))
        )
    pages[NameObject("/Kids")] = ArrayObject([node])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def no_page_pdf() -> bytes:
    out = io.BytesIO()
    PdfWriter().write(out)
    return out.getvalue()


def garbage_pdf() -> bytes:
    return b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\ntrailer <</Root 99 0 R>>\n%%EOF\n"


def truncated_pdf() -> bytes:
    data = blank_pdf(3)
    return data[: len(data) // 2] + b"\n%%EOF\n"


def deep_pdf() -> bytes:
    """A page whose resources nest arrays 100 000 deep (pypdf's parser is recursive)."""
    data = blank_pdf(1)
    head = data.index(b"/Type /Page\n") if b"/Type /Page\n" in data else data.index(b"/Type /Page")
    return data[:head] + b"/Deep " + b"[" * 100_000 + b"]" * 100_000 + b" " + data[head:]


UNREADABLE = {
    "cyclic": (cyclic_pdf, "arbre de pages cyclique"),
    "dag": (dag_pdf, "PDF refusé"),
    "no-page": (no_page_pdf, "le PDF n'a aucune page"),
    "garbage": (garbage_pdf, "PDF illisible"),
    "truncated": (truncated_pdf, ""),
    "deep": (deep_pdf, ""),
}


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_an_unreadable_annex_is_a_french_reason(name: str) -> None:
    make, words = UNREADABLE[name]
    problem = pdf.annex_problem(make())
    if name in ("truncated", "deep"):  # pypdf may repair these: then nothing to say
        assert problem is None or "PDF" in problem
    else:
        assert problem is not None and words in problem, problem
    parts = [
        pdf.Part(blank_pdf(1)),
        pdf.Part(make(), title="Annexe 2 : X", name="Annexe 2 (x.pdf)"),
    ]
    if problem is not None:
        with pytest.raises(ConversionError, match=r"^Annexe 2 \(x\.pdf\) : "):
            pdf.assemble(parts, META)


def test_too_many_pages_are_refused(monkeypatch) -> None:
    from convgen.loading import pdffile

    monkeypatch.setattr(pdffile, "MAX_PAGES", 3)
    assert pdf.annex_problem(blank_pdf(4)) == "le PDF a trop de pages (4, au plus 3)"
    assert pdf.annex_problem(blank_pdf(3)) is None


# --- publish: one bad annex, one document's PDF ---------------------------------------------


PLAN = {"key": "plan", "title": "Plan de financement", "body": [{"table": "budget"}]}


def _convention(folder: Path, name: str, annexes: list[dict], *, draft: bool = False) -> Path:
    data = yaml.safe_load(CHAUMONT.read_text(encoding="utf-8"))
    data["annexes"] = [*annexes, PLAN]  # its articles refer to the plan
    if draft:
        data["status"] = "draft"
    data["title"]["name"] = name
    source = folder / f"{name}.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return source


def _fake_libreoffice(monkeypatch) -> None:
    """Every Word document « converts » to one blank page: publish without LibreOffice."""

    def convert(documents, **_):
        return [blank_pdf(1) for _ in documents]

    monkeypatch.setattr(libreoffice, "convert", convert)


def _models(paths: list[Path]):
    from convgen.checking.check import check_file
    from convgen.rendering import render

    out = []
    for path in paths:
        checked = check_file(path)
        out.append(publish.PdfDocument(checked.model, render(checked.model)[0]))
    return out


@pytest.mark.parametrize("processes", [1, 2])
def test_one_unreadable_annex_fails_its_document_only(
    tmp_path: Path, monkeypatch, processes
) -> None:
    _fake_libreoffice(monkeypatch)
    (tmp_path / "annexes").mkdir()
    (tmp_path / "annexes" / "bon.pdf").write_bytes(blank_pdf(2))
    (tmp_path / "annexes" / "boucle.pdf").write_bytes(cyclic_pdf())
    (tmp_path / "annexes" / "vide.pdf").write_bytes(no_page_pdf())
    good = {"key": "bon", "title": "Bon", "file": "annexes/bon.pdf"}
    cyclic = {"key": "boucle", "title": "Boucle", "file": "annexes/boucle.pdf"}
    empty = {"key": "vide", "title": "Vide", "file": "annexes/vide.pdf"}
    paths = [
        _convention(tmp_path, "un", [good]),
        _convention(tmp_path, "deux", [good, cyclic]),
        _convention(tmp_path, "trois", [empty]),
        _convention(tmp_path, "quatre", [good, cyclic], draft=True),
    ]
    outcomes = publish.publish(_models(paths), processes=processes)
    first, second, third, fourth = outcomes
    assert first.data and first.pages == 3 and not first.error
    assert not second.data
    assert second.error == (
        "Annexe 2 « Boucle » ne peut pas être jointe : annexes/boucle.pdf : arbre de pages cyclique"
    )
    assert not third.data
    assert third.error.endswith("annexes/vide.pdf : le PDF n'a aucune page")
    # a draft gets its « pièce non jointe » page instead, and says why
    assert fourth.data and not fourth.error and fourth.pages == 4
    assert fourth.placeholders == [
        "Annexe 2 « Boucle » — annexes/boucle.pdf : arbre de pages cyclique"
    ]


def test_removed_content_is_reported_by_annex(tmp_path: Path, monkeypatch) -> None:
    _fake_libreoffice(monkeypatch)
    (tmp_path / "piege.pdf").write_bytes(hostile("everything"))
    path = _convention(tmp_path, "un", [{"key": "p", "title": "Piège", "file": "piege.pdf"}])
    (outcome,) = publish.publish(_models([path]))
    assert active_content(outcome.data) == []
    (line,) = outcome.removed
    assert line.startswith("Annexe 1 (piege.pdf) : ")
    assert "JavaScript" in line and "lancement de programme" in line and "fichier joint" in line


# --- end to end, with LibreOffice ------------------------------------------------------------

needs_soffice = pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice absent")


@needs_soffice
@pytest.mark.parametrize("options", [[], ["--pdfa"]], ids=["pdf", "pdfa"])
@pytest.mark.parametrize("draft", [False, True], ids=["final", "draft"])
def test_built_pdf_has_no_active_content(tmp_path: Path, options, draft) -> None:
    from click.testing import CliRunner

    from convgen.cli import main

    # a PDF/A annex (accepted with --pdfa) carrying JavaScript and automatic actions
    writer = PdfWriter(clone_from=PdfReader(SAMPLE_PDFA))
    writer.pages[0][NameObject("/AA")] = _dict(O=writer._add_object(_js()))
    link = _annotation(
        writer, writer.pages[0], "/Link", A=_action("/Launch", F=TextStringObject("x"))
    )
    assert link
    _names_js(writer)
    writer.add_attachment("outil.exe", b"MZ\x90\x00")
    out = io.BytesIO()
    writer.write(out)
    (tmp_path / "piege.pdf").write_bytes(out.getvalue())
    source = _convention(
        tmp_path, "convention", [{"key": "p", "title": "Piège", "file": "piege.pdf"}], draft=draft
    )
    result = CliRunner().invoke(main, ["build", str(source), "--pdf", *options])
    target = source.with_suffix(".pdf")
    assert target.is_file(), result.output
    data = target.read_bytes()
    assert active_content(data) == []
    if options:
        declared = pdf.pdfa_declaration(data) or ""
        assert declared in ("2A", "2U", "2B")
        assert pdf.pdfa_problems(data, conformance=declared[1:]) == []


@needs_soffice
def test_a_folder_build_writes_the_other_pdfs(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from convgen.cli import main

    folder = tmp_path / "programme"
    folder.mkdir()
    shutil.copy(
        ROOT / "conventions" / "annexes" / "cahier-des-charges-locaux.pdf", folder / "bon.pdf"
    )
    (folder / "boucle.pdf").write_bytes(cyclic_pdf())
    _convention(folder, "un", [{"key": "b", "title": "Bon", "file": "bon.pdf"}])
    _convention(folder, "deux", [{"key": "c", "title": "Boucle", "file": "boucle.pdf"}])
    _convention(folder, "trois", [{"key": "b", "title": "Bon", "file": "bon.pdf"}])
    out = tmp_path / "sortie"
    result = CliRunner().invoke(main, ["build", str(folder), "-o", f"{out}/", "--pdf"])
    assert "Traceback" not in result.output
    assert (out / "un.pdf").is_file() and (out / "trois.pdf").is_file(), result.output
    assert not (out / "deux.pdf").exists()
    assert "boucle.pdf : arbre de pages cyclique" in result.output, result.output


# --- LibreOffice never outlives convgen; its temporary folders never stay ------------------

FAKE_SOFFICE = """#!/bin/sh
# a LibreOffice that starts a helper of its own and never finishes
sleep 300 &
echo $$ $! >> "{pids}"
exec sleep 300
"""


def _fake_soffice(tmp_path: Path) -> tuple[Path, Path]:
    pids = tmp_path / "pids"
    script = tmp_path / "soffice"
    script.write_text(FAKE_SOFFICE.format(pids=pids), encoding="utf-8")
    script.chmod(0o755)
    return script, pids


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie no one reaped has stopped all the same


def _wait_for(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _ours(pid: int) -> list[Path]:
    return list(Path(tempfile.gettempdir()).glob(f"convgen-pdf-{pid}-*"))


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc, prctl")


@linux_only
def test_a_failed_conversion_kills_libreoffice_and_removes_its_folder(
    tmp_path: Path, monkeypatch
) -> None:
    script, pids = _fake_soffice(tmp_path)
    monkeypatch.setattr(libreoffice, "STARTUP_SECONDS", 1)
    monkeypatch.setattr(libreoffice, "SECONDS_PER_DOCUMENT", 0)
    before = set(_ours(os.getpid()))
    with pytest.raises(ConversionError, match="n'a pas terminé la conversion en 1 s"):
        libreoffice.convert([b"docx"] * 3, soffice=str(script), processes=1)
    started = [int(p) for p in pids.read_text().split()]
    assert started and _wait_for(lambda: not any(map(_running, started)))
    assert set(_ours(os.getpid())) == before


@linux_only
def test_an_interruption_stops_every_libreoffice(tmp_path: Path, monkeypatch) -> None:
    """Ctrl-C while two LibreOffice processes convert side by side: both stop at once."""
    script, pids = _fake_soffice(tmp_path)
    before = set(_ours(os.getpid()))

    def interrupt() -> None:
        _wait_for(lambda: pids.exists() and len(pids.read_text().split()) >= 4)
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)

    threading.Thread(target=interrupt, daemon=True).start()
    started_at = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        libreoffice.convert([b"docx"] * 20, soffice=str(script), processes=2)
    assert time.monotonic() - started_at < 30
    started = [int(p) for p in pids.read_text().split()]
    assert len(started) == 4 and _wait_for(lambda: not any(map(_running, started)))
    assert set(_ours(os.getpid())) == before


@linux_only
def test_libreoffice_dies_with_convgen_even_on_kill_9(tmp_path: Path) -> None:
    script, pids = _fake_soffice(tmp_path)
    program = (
        "import sys; from convgen.pdf import libreoffice; "
        f"libreoffice.convert([b'docx'], soffice={str(script)!r})"
    )
    convgen = subprocess.Popen([sys.executable, "-c", program])
    try:
        assert _wait_for(lambda: pids.exists() and len(pids.read_text().split()) == 2)
        assert _ours(convgen.pid)
    finally:
        convgen.kill()  # SIGKILL: no finally, no atexit in convgen
        convgen.wait()
    started = [int(p) for p in pids.read_text().split()]
    assert _wait_for(lambda: not any(map(_running, started))), started
    # its folder stays (nothing could remove it) until a later run sweeps it
    (folder,) = _ours(convgen.pid)
    assert libreoffice.sweep_stale_temporaries(min_age=0) == [folder]
    assert not folder.exists()


@linux_only
def test_only_stale_temporaries_are_swept(tmp_path: Path) -> None:
    gone = subprocess.Popen(["true"])
    gone.wait()
    dead, alive = gone.pid, os.getppid()
    old = time.time() - 3600
    stale = tmp_path / f"convgen-pdf-{dead}-abc"
    (stale / "profile").mkdir(parents=True)
    (stale / "docx").mkdir()
    (stale / "docx" / "00000.docx").write_bytes(b"x")
    fresh = tmp_path / f"convgen-pdf-{dead}-fresh"
    fresh.mkdir()
    running = tmp_path / f"convgen-pdf-{alive}-abc"
    running.mkdir()
    mine = tmp_path / f"convgen-pdf-{os.getpid()}-abc"
    mine.mkdir()
    other = tmp_path / f"autre-pdf-{dead}-abc"
    other.mkdir()
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "precious").write_text("x")
    link = tmp_path / f"convgen-pdf-{dead}-link"
    link.symlink_to(victim)
    file = tmp_path / f"convgen-pdf-{dead}-file"
    file.write_text("x")
    for path in (stale, stale / "profile", stale / "docx", running, mine, other, file):
        os.utime(path, (old, old))
    assert libreoffice.sweep_stale_temporaries(tmp_path) == [stale]
    assert not stale.exists()
    assert fresh.exists() and running.exists() and mine.exists() and other.exists()
    assert (victim / "precious").exists() and link.is_symlink() and file.exists()


@needs_soffice
def test_a_real_libreoffice_dies_with_convgen(tmp_path: Path) -> None:
    """convgen build --pdf killed with SIGKILL mid-conversion: no LibreOffice remains."""
    convgen = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "convgen",
            "build",
            str(ROOT / "conventions" / "saint-dizier.yaml"),
            "-o",
            f"{tmp_path}/",
            "--pdf",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def ours() -> list[int]:
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    line = (entry / "cmdline").read_bytes()
                except OSError:
                    continue
                mine = (f"convgen-{kind}-{convgen.pid}-".encode() for kind in ("pdf", "office"))
                if any(m in line for m in mine) and _running(int(entry.name)):
                    found.append(int(entry.name))
        return found

    try:
        assert _wait_for(lambda: any(ours()), 60)
        time.sleep(1)  # soffice.bin started by oosplash
        assert ours()
    finally:
        convgen.kill()
        convgen.wait()
    assert _wait_for(lambda: not ours(), 10), ours()
    libreoffice.sweep_stale_temporaries(min_age=0)
    assert not _ours(convgen.pid)


@pytest.mark.parametrize("name", ["cyclic", "dag", "no-page", "garbage"])
def test_convgen_check_reports_an_unusable_annex(name: str, tmp_path: Path) -> None:
    """The check finds what the PDF build would trip on (CG703), at the annex's line."""
    from convgen.checking.check import check_file

    make, words = UNREADABLE[name]
    (tmp_path / "convgen.toml").write_text("", encoding="utf-8")
    (tmp_path / "annexe.pdf").write_bytes(make())
    data = yaml.safe_load((ROOT / "conventions" / "saint-dizier.yaml").read_text(encoding="utf-8"))
    data["annexes"] = [{"key": "x", "title": "Annexe piégée", "file": "annexe.pdf"}]
    source = tmp_path / "c.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    found = [f for f in check_file(source).findings if f.code == "CG703"]
    assert len(found) == 1 and words in found[0].message, found
