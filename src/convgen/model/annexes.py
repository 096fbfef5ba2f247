"""The annexes of a convention as files: where each one comes from, and whether the
signature-ready PDF can carry it.

An annex is printed content (``body``, rendered inside the Word document), a
file (``file``: PDF appended as is, DOCX converted first), both, or neither
yet. The checks here are the ones ``convgen check`` reports (CG701-CG706) and
the ones ``convgen build --pdf`` relies on, so both say the same thing.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from convgen.foundation.gaps import is_gap
from convgen.foundation.paths import INVALID, SPECIAL, Project, project_root, resolve
from convgen.foundation.paths import UNREADABLE as CANNOT_EXAMINE
from convgen.loading.cache import RunCache
from convgen.loading.pdffile import MAX_BYTES, PdfCache
from convgen.loading.reader import value_at

if TYPE_CHECKING:
    from convgen.model.convention import Annex, Convention

SUFFIXES = {".pdf": "pdf", ".docx": "docx"}
DOCUMENT = "document"  # the kind of an annex that is another convgen document (``document:``)
_TAIL = 64 * 1024  # the trailer (and any xref stream dictionary) is at the end

# Why a file cannot be joined, by finding code.
MISSING, OUTSIDE, UNREADABLE, NOT_PROVIDED = "CG701", "CG702", "CG703", "CG704"
BAD_PATH, NOT_A_FILE = "CG705", "CG706"
# A path refused by :func:`convgen.paths.resolve`, by its family: never opened.
_REFUSED = {INVALID: BAD_PATH, SPECIAL: NOT_A_FILE, CANNOT_EXAMINE: UNREADABLE}
GAP = "CG101"


@dataclass(frozen=True)
class AnnexSource:
    """One annex and where its pages come from."""

    annex: Annex
    file: Path | None = None  # the resolved file, when one is written and usable
    kind: str | None = None  # "pdf" or "docx" for a usable file
    code: str | None = None  # why the file cannot be used (CG701-CG706), or None
    problem: str | None = None  # the same, in French

    @property
    def provided(self) -> bool:
        """Something to put in the PDF: printed content, a usable file or another
        document of the project (checked by CG707-CG719)."""
        return self.file is not None or bool(self.annex.body) or self.kind == DOCUMENT


def inspect_pdf(path: Path, pdfs: PdfCache | None = None) -> str | None:
    """Why ``path`` is not a PDF that can be appended, or None.

    The file is read once, within the assembly's size bound, and looked at as the
    assembly will read it: the header, the end-of-file marker and an encryption
    dictionary first (the words a drafter understands), then the page tree and every
    page, so that no page, a cyclic page tree or damaged objects are findings of the
    check, not surprises of the PDF build.
    """
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return f"le PDF est trop volumineux (plus de {MAX_BYTES // 2**20} Mio)"
        data = path.read_bytes()
    except OSError as exc:
        return f"lecture impossible : {exc.strerror}"
    tail = data[-_TAIL:]
    if b"%PDF-" not in data[:1024]:
        return "le fichier n'est pas un PDF lisible (en-tête absent)"
    if b"%%EOF" not in tail:
        return "le fichier n'est pas un PDF lisible (fichier tronqué)"
    if b"/Encrypt" in tail:
        return "le PDF est protégé par un mot de passe"
    return (pdfs or PdfCache()).annex_problem(data)


def inspect_docx(path: Path) -> str | None:
    """Why ``path`` is not a Word document that can be converted, or None."""
    try:
        with zipfile.ZipFile(path) as package:
            if "word/document.xml" not in package.namelist():
                return "le fichier n'est pas un document Word (.docx)"
    except (zipfile.BadZipFile, OSError):
        return "le fichier n'est pas un document Word (.docx) lisible"
    return None


_MEMO = "_convgen_annex_source"  # where an annex keeps where its pages come from


def annex_source(
    document: Path,
    annex: Annex,
    root: Path | Project | None = None,
    written: str | None = None,
    pdfs: PdfCache | None = None,
) -> AnnexSource:
    """Where the pages of ``annex`` of the YAML file ``document`` come from. ``written``
    is the path as written in the file, when the model's ``annex.file`` was cleaned of
    characters a document cannot carry (a NUL character must refuse the path, not be
    dropped from it).

    Found once per annex of a document: the annex keeps it, for the rules (CG701-CG706),
    the build's inputs and the PDF plan alike (the model lives as long as its run)."""
    key = (document, root.root if isinstance(root, Project) else root, written)
    memo = vars(annex).get(_MEMO)
    if memo is not None and memo[0] == key:
        found: AnnexSource = memo[1]
        return found
    found = _annex_source(document, annex, root, written, pdfs)
    vars(annex)[_MEMO] = (key, found)
    return found


def _annex_source(
    document: Path,
    annex: Annex,
    root: Path | Project | None,
    written: str | None,
    pdfs: PdfCache | None,
) -> AnnexSource:
    if annex.file is None and annex.document is not None:
        # another document of the project: followed by the check, rules CG707-CG719
        if is_gap(annex.document):
            return AnnexSource(annex, code=GAP, problem="document à indiquer")
        return AnnexSource(annex, kind=DOCUMENT)
    if annex.file is None:
        if annex.body:
            return AnnexSource(annex)
        return AnnexSource(
            annex,
            code=NOT_PROVIDED,
            problem="aucun fichier (« file ») ni contenu imprimé (« body ») n'est indiqué",
        )
    if is_gap(annex.file):
        # already reported as a gap (CG101): no second finding, a placeholder page in the PDF
        return AnnexSource(annex, code=GAP, problem="fichier à indiquer")
    reference = resolve(document, written if written is not None else annex.file, root)
    if not reference.usable:
        code = _REFUSED.get(reference.family or "", OUTSIDE)
        problem = reference.problem
        if code == UNREADABLE:
            problem = f"{annex.file} : {problem}"
        return AnnexSource(annex, code=code, problem=problem)
    kind = SUFFIXES.get(reference.path.suffix.lower())
    if not reference.path.is_file():  # resolve() refused whatever exists and is not a file
        return AnnexSource(annex, code=MISSING, problem=f"fichier introuvable : {annex.file}")
    if kind is None:
        return AnnexSource(
            annex,
            code=UNREADABLE,
            problem=f"« {reference.path.suffix or reference.path.name} » : seuls les fichiers "
            ".pdf et .docx peuvent être joints",
        )
    problem = inspect_pdf(reference.path, pdfs) if kind == "pdf" else inspect_docx(reference.path)
    if problem is not None:
        return AnnexSource(annex, code=UNREADABLE, problem=f"{annex.file} : {problem}")
    return AnnexSource(annex, file=reference.path, kind=kind)


def written_in(convention: Convention, annex: Annex) -> Path:
    """The YAML file the annex's ``file`` was written in: a path in a model is relative
    to the model."""
    source = convention.source
    return source.file_of(source.position((*annex.path, "file")))


def written_path(convention: Convention, annex: Annex) -> str | None:
    """The annex's ``file`` exactly as written in the YAML file, when it is a text."""
    raw = value_at(convention.source.data, (*annex.path, "file"))
    return raw if isinstance(raw, str) else None


def annex_sources(convention: Convention, cache: RunCache | None = None) -> list[AnnexSource]:
    """Every annex of ``convention``, in the declared order: found once per document (the
    check does it, with its run's ``cache``; the build and the PDF find them there)."""
    memo = vars(convention).get(_MEMO)
    if memo is not None:
        kept: list[AnnexSource] = memo
        return list(kept)
    root = project_root(convention.source.file)
    project = cache.project(root) if cache is not None else root
    pdfs = cache.pdfs if cache is not None else PdfCache()
    found = [
        annex_source(
            written_in(convention, annex), annex, project, written_path(convention, annex), pdfs
        )
        for annex in convention.annexes
    ]
    vars(convention)[_MEMO] = found
    return list(found)
