"""LibreOffice's own reading of a draft's comments, and the PDF that prints them.

Skipped where LibreOffice is not installed, except in CI where ``.ci/run``
installs it and sets ``CONVGEN_REQUIRE_LIBREOFFICE=1``.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from convgen.building.build import build_file
from convgen.cli import main
from convgen.foundation.findings import Severity
from convgen.pdf import assembly
from convgen.rendering.comments import read_comments

from conftest import FIXTURES, ROOT, SAINT_DIZIER, soffice_or_skip

SOFFICE = soffice_or_skip()
DELIBERATION = ROOT / "conventions" / "saint-dizier-deliberation.yaml"
FINAL_WITH_A_WARNING = (
    FIXTURES / "shapes" / "mise-a-disposition" / "elision-forcee-devant-une-consonne.yaml"
)


def _flat(docx: Path, workdir: Path) -> str:
    """``docx`` as LibreOffice saves it in flat ODT."""
    completed = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{workdir / 'profile'}", "--headless",
         "--convert-to", "fodt", "--outdir", str(workdir), str(docx)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    flat = workdir / (docx.stem + ".fodt")
    assert completed.returncode == 0 and flat.is_file(), completed.stderr
    return flat.read_text(encoding="utf-8")


def _annotations(flat: str) -> list[tuple[str, str, str, str]]:
    """Each comment LibreOffice read: author, initials, text, and the text it spans."""
    out = []
    for match in re.finditer(
        r'<office:annotation office:name="([^"]+)"[^>]*>(.*?)</office:annotation>', flat, re.S
    ):
        name, body = match.groups()
        author = re.search(r"<dc:creator>(.*?)</dc:creator>", body)
        initials = re.search(r"<meta:creator-initials>(.*?)</meta:creator-initials>", body)
        paragraphs = re.findall(r"<text:p[^>]*>(.*?)</text:p>", body, re.S)
        text = "\n".join(re.sub(r"<[^>]+>", "", p) for p in paragraphs)
        end = flat.index(f'<office:annotation-end office:name="{name}"/>', match.end())
        # another comment on the same words opens inside this one's span
        inside = re.sub(
            r"<office:annotation .*?</office:annotation>", "", flat[match.end() : end], flags=re.S
        )
        spanned = re.sub(r"<[^>]+>", "", inside)
        out.append((author[1] if author else "", initials[1] if initials else "", text, spanned))
    return out


def _unescaped(text: str) -> str:
    return (
        text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&apos;", "'")
        .replace("\u2011", "-")
    )


@pytest.mark.parametrize("source", [SAINT_DIZIER, DELIBERATION], ids=lambda p: p.stem)
def test_libreoffice_reads_each_comment_on_its_words(source: Path, tmp_path: Path) -> None:
    result = build_file(source, output=tmp_path / f"{source.stem}.docx")
    assert result.output is not None and result.comments
    written = read_comments(result.output.read_bytes())
    read = _annotations(_flat(result.output, tmp_path))
    assert len(read) == len(written) == result.comments
    assert {(author, initials) for author, initials, _, _ in read} == {("convgen", "CG")}
    # in document order in LibreOffice, in the order of the findings in comments.xml
    by_text = {c.text: c.anchor for c in written}
    for _, _, text, spanned in read:
        text = _unescaped(text)
        assert text in by_text, text
        assert _unescaped(spanned) == by_text[text]


def test_libreoffice_reads_the_saint_dizier_comments(tmp_path: Path) -> None:
    result = build_file(SAINT_DIZIER, output=tmp_path / "sd.docx")
    assert result.output is not None
    read = _annotations(_flat(result.output, tmp_path))
    spans = {
        (_unescaped(text).split(" — ")[0], _unescaped(spanned)) for _, _, text, spanned in read
    }
    assert ("CG301", "six (6) exemplaires originaux") in spans
    assert ("CG504", "2919-2023") in spans
    assert ("CG303", "la Ville de Saint-Dizier") in spans
    assert ("CG102", "...\u00a0%") in spans


def test_a_draft_pdf_prints_its_comments_and_records_them(tmp_path: Path) -> None:
    result = build_file(SAINT_DIZIER, output=tmp_path / "sd.docx", pdf=True, pdfa=True)
    assert result.pdf is not None, result.pdf_error
    data = result.pdf.read_bytes()
    assert assembly.pdfa_problems(data, conformance="A") == []  # tagged: PDF/A-2a
    text = " ".join(page.extract_text() for page in PdfReader(result.pdf).pages)
    assert text.count("CG102 — avertissement — Taux à compléter") == 4
    stamp = assembly.comments_stamp(data)
    assert stamp and stamp == assembly.comments_stamp(data)
    from convgen.rendering.comments import docx_stamp

    assert stamp == docx_stamp(result.output.read_bytes())


def test_a_pdf_without_comments_prints_none(tmp_path: Path) -> None:
    result = build_file(SAINT_DIZIER, output=tmp_path / "sd.docx", pdf=True, comments=None)
    assert result.pdf is not None and result.comments == 0
    reader = PdfReader(result.pdf)
    assert "— avertissement —" not in " ".join(page.extract_text() for page in reader.pages)
    assert assembly.comments_stamp(result.pdf.read_bytes()) == ""
    assert len(reader.pages) == 9


def test_a_final_pdf_prints_no_comment(tmp_path: Path) -> None:
    result = build_file(
        FINAL_WITH_A_WARNING, output=tmp_path / "f.docx", pdf=True, comments=Severity.INFO
    )
    assert result.pdf is not None and result.check.findings
    text = " ".join(page.extract_text() for page in PdfReader(result.pdf).pages)
    assert "CG307" not in text and "— avertissement —" not in text
    assert assembly.comments_stamp(result.pdf.read_bytes()) == ""


def test_a_pdf_with_other_comments_is_not_up_to_date(tmp_path: Path) -> None:
    def build(*options: str):
        return CliRunner().invoke(
            main, ["build", str(SAINT_DIZIER), "-o", f"{tmp_path}/", "--pdf-only", *options]
        )

    first = build()
    assert first.exit_code == 0 and "PDF écrit" in first.stdout
    assert "À jour" in build().stdout
    again = build("--no-comments")
    assert "PDF écrit" in again.stdout and "(9 pages, " in again.stdout
    assert "À jour" in build("--no-comments").stdout
