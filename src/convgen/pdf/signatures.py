"""Empty signature fields, one per signatory, on the signature blocks of the document.

A parapheur or a PDF reader signs a field in turn (PAdES): each is an AcroForm
signature field (``/FT /Sig``) named after the party (« signature-prefecture »), with
the tooltip « Signature — Préfecture de Région Grand Est » that a screen reader reads,
a visible appearance (a light frame: PDF/A wants one), printed (``/F 4``), and tagged
in a ``Form`` structure element so that the file stays PDF/UA.

The field is put where the party signs: the space between the lines « Pour la
Préfecture de Région Grand Est, / Le Préfet, » and the signer's name, found from the
text positions on the pages of the document (LibreOffice writes each line as one run,
the name alone on its line). A signer whose name is not found gets no field, and the
build says so.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from convgen.pdf.source import Run, text_runs
from convgen.pdf.structure import StructureMerger

FIELD_PREFIX = "signature-"
MIN_HEIGHT = 24.0  # points: below this, the field takes a fixed height above the name
DEFAULT_HEIGHT = 50.0
MAX_WIDTH = 230.0


@dataclass(frozen=True)
class Signer:
    """One who signs the document: the field's name (from the party's id), whom the
    tooltip names, and the name printed under the signature (searched on the page)."""

    key: str
    party: str
    name: str

    @property
    def field(self) -> str:
        # a field name cannot hold a dot (it separates a field from its parent's name)
        return FIELD_PREFIX + re.sub(r"[^\w-]+", "-", self.key).strip("-")

    @property
    def tooltip(self) -> str:
        return f"Signature — {self.party}"


@dataclass(frozen=True)
class Placement:
    """Where a signer's field goes: a page of the assembled PDF and a rectangle."""

    signer: Signer
    page: int
    rect: tuple[float, float, float, float]


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def place(pages: list[tuple[int, pikepdf.Page]], signers: list[Signer]) -> list[Placement]:
    """Where each signer signs, searching ``pages`` (the page number in the assembled
    PDF, and the page) from the last to the first: a signer is placed on the latest
    occurrence of its name not already taken, in reading order."""
    wanted = [s for s in signers if _normal(s.name)]
    if not wanted:
        return []
    found: list[tuple[int, float, float, str, Run, list[Run], float]] = []
    names = {_normal(s.name) for s in wanted}
    for number, page in reversed(pages):
        try:
            runs = text_runs(page)
        except (pikepdf.PdfError, ValueError, TypeError):  # text unreadable: no field there
            continue
        box = [float(v) for v in page.cropbox]
        width = abs(box[2] - box[0])
        for index, run in enumerate(runs):
            joined = ""
            for other in runs[index:]:
                if abs(other.y - run.y) > 0.5:
                    break
                joined += _normal(other.text)
                if joined in names:
                    found.append((number, -run.y, run.x, joined, run, runs, width))
                    break
                if not any(name.startswith(joined) for name in names):
                    break
        if len(found) >= len(wanted):
            break
    found.sort(key=lambda item: (item[0], item[1], item[2]))
    # the signature blocks are columns: a field is as wide as the space between them
    columns: dict[int, set[float]] = {}
    for number, _, x, *_ in found:
        columns.setdefault(number, set()).add(round(x))
    placements = []
    used: set[int] = set()
    for signer in wanted:
        for position, (number, _, _, joined, run, runs, width) in enumerate(found):
            if position in used or joined != _normal(signer.name):
                continue
            used.add(position)
            xs = sorted(columns[number])
            pitch = min((b - a for a, b in itertools.pairwise(xs) if b - a > 40), default=None)
            placements.append(Placement(signer, number, _rect(run, runs, width, pitch)))
            break
    return placements


def _rect(
    name: Run, runs: list[Run], width: float, pitch: float | None
) -> tuple[float, float, float, float]:
    """The space above the name, under the nearest line of its column, as wide as the
    column (``pitch``: the distance between the columns of the blocks, if several)."""
    bottom = name.y + name.size + 2
    above = [r for r in runs if abs(r.x - name.x) < 3 and r.y > name.y + name.size / 2]
    top = min((r.y for r in above), default=bottom + DEFAULT_HEIGHT) - 0.3 * name.size - 2
    if top - bottom < MIN_HEIGHT:
        top = bottom + DEFAULT_HEIGHT
    beside = [r.x for r in runs if abs(r.y - name.y) < 1 and r.x > name.x + 40]
    right = min([*beside, width - 40.0]) - 8
    right = min(right, name.x + (pitch - 10 if pitch else MAX_WIDTH))
    return (name.x - 2, bottom, max(right, name.x + 60), top)


def add_fields(out: Pdf, placements: list[Placement], structure: StructureMerger | None) -> None:
    """Add an empty signature field at each placement, in the AcroForm of ``out``."""
    if not placements:
        return
    fields = Array()
    for placement in placements:
        page = out.pages[placement.page].obj
        x0, y0, x1, y1 = placement.rect
        frame = f"0.25 0.25 {x1 - x0 - 0.5:.2f} {y1 - y0 - 0.5:.2f} re S"
        appearance = pikepdf.Stream(out, f"q 0.6 0.6 0.6 RG 0.5 w {frame} Q".encode())
        appearance.Type = Name.XObject
        appearance.Subtype = Name.Form
        appearance.BBox = Array([0, 0, round(x1 - x0, 4), round(y1 - y0, 4)])
        appearance.Resources = Dictionary()
        widget = out.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Widget,
                FT=Name.Sig,
                T=pikepdf.String(placement.signer.field),
                TU=pikepdf.String(placement.signer.tooltip),
                F=4,  # printed
                Rect=Array([round(v, 2) for v in placement.rect]),
                P=page,
                AP=Dictionary(N=out.make_indirect(appearance)),
            )
        )
        if structure is not None:
            form = Dictionary(
                Type=Name.StructElem,
                S=Name.Form,
                Alt=pikepdf.String(placement.signer.tooltip),
                Pg=page,
                K=Dictionary(Type=Name.OBJR, Obj=widget, Pg=page),
            )
            element = structure.append(form)
            widget.StructParent = structure.key(element)
        if page.get("/Annots") is None:
            page.Annots = Array([widget])
        else:
            page.Annots.append(widget)
        page.Tabs = Name.S  # tab order: the structure's (PDF/UA)
        fields.append(widget)
    out.Root.AcroForm = Dictionary(Fields=fields)
