"""Write the sample annex files of conventions/saint-dizier.yaml.

The Saint-Dizier draft lists three annexes whose text is not in the seed
documents. Two are written here as clearly marked examples, so that
``convgen build conventions/saint-dizier.yaml --pdf`` shows both kinds of
annex file: a Word note (converted at build time) and a PDF/A specification
(appended as is). The third, the financial annex, is left missing on
purpose: the draft's PDF shows a « pièce non jointe » page in its place.

    python tools/make_sample_annexes.py   # needs LibreOffice for the PDF

Both files are reproducible: fixed package metadata for the .docx, fixed
metadata and identifier for the PDF.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from docx import Document
from docx.shared import Mm, Pt

from convgen.pdf import assembly as pdf
from convgen.pdf import libreoffice
from convgen.rendering.ooxml import reproducible_zip

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "conventions" / "annexes"
EXAMPLE = (
    "Exemple établi pour la démonstration de convgen, à partir d'informations publiques "
    "sur le programme ; ce n'est pas une pièce de la convention réelle."
)

NOTE = [
    ("title", "Note « Maison des compétences #skillshub by Le Cnam »"),
    ("note", EXAMPLE),
    ("heading", "Le programme « Au cœur des territoires »"),
    (
        "text",
        "Le Conservatoire national des arts et métiers a lancé le programme « Au cœur des "
        "territoires » pour proposer, dans des villes moyennes qui n'ont pas d'offre "
        "équivalente, des parcours de formation adaptés aux besoins des territoires en "
        "matière d'emploi et de compétences. L'objectif est de 100 sites en trois ans ; une "
        "première vague de 55 villes a été annoncée le 26 septembre 2019, dont Saint-Dizier.",
    ),
    (
        "text",
        "Le programme s'inscrit dans le plan Action cœur de ville, porté par l'État, la "
        "Banque des Territoires, Action logement et l'Anah, avec lequel le Cnam a conventionné "
        "le 1er avril 2019.",
    ),
    ("heading", "Ce que propose la Maison des compétences"),
    (
        "bullet",
        "un catalogue d'une soixantaine de parcours de formation, diplômes nationaux "
        "et titres inscrits au Répertoire national des certifications professionnelles ;",
    ),
    (
        "bullet",
        "une quinzaine de filières métiers, de l'entrepreneuriat au commerce, en "
        "passant par le numérique et la comptabilité ;",
    ),
    (
        "bullet",
        "une ingénierie de parcours alliant conseil en orientation, insertion "
        "professionnelle et validation des acquis de l'expérience ;",
    ),
    ("bullet", "une offre entièrement éligible au compte personnel de formation."),
]

SPECIFICATION = [
    ("title", "Cahier des charges des locaux"),
    ("note", EXAMPLE),
    ("heading", "1. Surfaces"),
    ("bullet", "un espace d'accueil et d'orientation ouvert au public ;"),
    (
        "bullet",
        "deux salles de formation de douze à quinze places, dont une équipée pour "
        "l'enseignement à distance ;",
    ),
    ("bullet", "un espace de travail partagé pour les auditeurs et les entreprises ;"),
    ("bullet", "un bureau pour l'équipe de la Maison des compétences."),
    ("heading", "2. Accessibilité et sécurité"),
    (
        "text",
        "Les locaux sont accessibles aux personnes à mobilité réduite et conformes à la "
        "réglementation des établissements recevant du public.",
    ),
    ("heading", "3. Équipements"),
    (
        "text",
        "Accès à internet à très haut débit, visioconférence dans chaque salle, "
        "vidéoprojection et mobilier modulable.",
    ),
]


def document(blocks: list[tuple[str, str]]) -> bytes:
    """A plain Word document of ``blocks`` (kind, text), with fixed package metadata."""
    doc = Document()
    for name in ("Normal", "Heading 1", "Heading 2", "List Bullet"):
        style = doc.styles[name]
        style.font.name = "Liberation Sans"  # installed by fonts-liberation, like the templates
        fonts = style.element.rPr.rFonts
        for attribute in list(fonts.attrib):
            if attribute.endswith("Theme"):  # a theme font would win over the name
                del fonts.attrib[attribute]
    doc.styles["Normal"].font.size = Pt(11)
    section = doc.sections[0]  # python-docx starts from US Letter
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    properties = doc.core_properties
    properties.author = "convgen (exemple)"
    properties.created = properties.modified = dt.datetime(2021, 6, 1)
    properties.last_modified_by = "convgen (exemple)"
    properties.revision = 1
    for kind, text in blocks:
        if kind == "title":
            doc.add_heading(text, level=1)
        elif kind == "heading":
            doc.add_heading(text, level=2)
        elif kind == "bullet":
            doc.add_paragraph(text, style="List Bullet")
        elif kind == "note":
            doc.add_paragraph().add_run(text).italic = True
        else:
            doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return reproducible_zip(out.getvalue(), {"word/numbering.xml": _plain_bullets})


def _plain_bullets(xml: bytes) -> bytes:
    """python-docx's bullets are a Symbol font character of the private use area, which
    a PDF/A-2a reader cannot read as text: a « • » of the document's font instead."""
    text = xml.decode("utf-8").replace('w:val="\uf0b7"', 'w:val="•"')
    text = text.replace(
        'w:ascii="Symbol" w:hAnsi="Symbol"', 'w:ascii="Liberation Sans" w:hAnsi="Liberation Sans"'
    )
    return text.encode("utf-8")


def specification_pdf() -> bytes:
    """The specification as a reproducible tagged PDF/A-2a and PDF/UA-1 (needs
    LibreOffice): an annex as an accessible publication would receive it."""
    converted = libreoffice.convert([document(SPECIFICATION)], pdfa=True)[0]
    assert converted is not None, "LibreOffice n'a pas converti le cahier des charges"
    metadata = pdf.Metadata(
        title="Cahier des charges des locaux (exemple)",
        subject="Annexe 2 du contrat territorial de Saint-Dizier — exemple pour convgen",
        author="convgen (exemple)",
        keywords="exemple; annexe; locaux",
        date=dt.date(2021, 6, 1),
    )
    return pdf.assemble([pdf.Part(converted, origin="word")], metadata, pdfa=True)


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    (FOLDER / "note-skillshub.docx").write_bytes(document(NOTE))
    (FOLDER / "cahier-des-charges-locaux.pdf").write_bytes(specification_pdf())


if __name__ == "__main__":
    main()
