"""Hostile Word templates (``--template``): refused with one French line and exit status 2,
within seconds and a fixed memory budget — never a traceback, never a wait without end.

Each template is generated here from the shipped one: a decompression bomb, a part whose
header lies about its size, loops without end, values that grow without end, malformed
XML, a missing part, a file that is not a ZIP at all.
"""

from __future__ import annotations

import io
import re
import resource
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from convgen.foundation.resources import template_path

from conftest import SAINT_DIZIER

BUDGET_BYTES = 1024 * 1024 * 1024  # address space of the whole process
BUDGET_SECONDS = 60
SHIPPED = template_path("convention")


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (BUDGET_BYTES, BUDGET_BYTES))


def _parts(source: Path = SHIPPED) -> dict[str, bytes]:
    with zipfile.ZipFile(source) as package:
        return {name: package.read(name) for name in package.namelist()}


def _zip(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def _paragraph(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def with_body(text: str, *, xml: str | None = None) -> bytes:
    """The shipped template with its body replaced by one paragraph of ``text`` (or by
    the WordprocessingML ``xml``)."""
    parts = _parts()
    paragraph = xml if xml is not None else _paragraph(text)
    xml = parts["word/document.xml"].decode("utf-8")
    xml = re.sub(r"<w:body>.*?(<w:sectPr|</w:body>)", f"<w:body>{paragraph}\\1", xml, flags=re.S)
    parts["word/document.xml"] = xml.encode("utf-8")
    return _zip(parts)


def bomb() -> bytes:
    parts = _parts()
    parts["word/media/bomb.bin"] = bytes(200 * 2**20)  # 200 Mio of zeros, 200 Kio compressed
    return _zip(parts)


def ratio() -> bytes:
    parts = _parts()
    parts["word/media/zeros.bin"] = bytes(8 * 2**20)  # under the size caps, 1000 times smaller
    return _zip(parts)


def lying_header() -> bytes:
    """A part that says 1 000 bytes and inflates to 300 Mio (read only as far as it says)."""
    name = b"word/media/liar.bin"
    content = bytes(300 * 2**20)
    parts = _parts()
    parts[name.decode()] = content
    data = bytearray(_zip(parts))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        position = 0
        while (position := data.find(signature, position)) >= 0:
            if signature == b"PK\x03\x04":
                length = struct.unpack_from("<H", data, position + 26)[0]
                found = data[position + 30 : position + 30 + length]
            else:
                length = struct.unpack_from("<H", data, position + 28)[0]
                found = data[position + 46 : position + 46 + length]
            if found == name:
                struct.pack_into("<I", data, position + offset, 1000)
            position += 4
    return bytes(data)


def many_parts() -> bytes:
    parts = _parts()
    parts.update({f"word/media/p{n}.xml": b"<a/>" for n in range(1001)})
    return _zip(parts)


def malformed() -> bytes:
    parts = _parts()
    xml = parts["word/document.xml"].decode("utf-8")
    parts["word/document.xml"] = xml.replace("</w:body>", "<w:p><w:r></w:body>", 1).encode()
    return _zip(parts)


def malformed_styles() -> bytes:
    parts = _parts()
    parts["word/styles.xml"] = b'<?xml version="1.0"?>\n<w:styles xmlns:w="x">\n<w:style>\n'
    return _zip(parts)


def missing_document() -> bytes:
    parts = _parts()
    del parts["word/document.xml"]
    return _zip(parts)


def deflate_garbage() -> bytes:
    """A part whose compressed data is garbage."""
    parts = _parts()
    data = bytearray(_zip(parts, zipfile.ZIP_DEFLATED))
    position = data.find(b"word/document.xml")
    start = position + len(b"word/document.xml")
    data[start : start + 200] = bytes(range(200))
    return bytes(data)


CASES = {
    "bombe": (bomb, "trop grande une fois décompressée"),
    "ratio": (ratio, "bombe de décompression"),
    "en-tete-menteur": (lying_header, "partie « word/media/liar.bin » illisible"),
    "trop-de-parties": (many_parts, "parties, au plus 1000"),
    "xml-mal-forme": (malformed, "word/document.xml, ligne 2 : XML mal formé"),
    "styles-mal-formes": (malformed_styles, "word/styles.xml, ligne 4 : XML mal formé"),
    "sans-document": (missing_document, "partie « word/document.xml » absente"),
    "pas-un-zip": (lambda: b"PK\x03\x04 ceci n'est pas une archive", "pas une archive ZIP"),
    "texte": (lambda: "Bonjour, je suis un modèle.".encode(), "pas une archive ZIP"),
    "compression-abimee": (deflate_garbage, "illisible"),
    "range-geant": (
        lambda: with_body("{% for i in range(10**10) %}x{% endfor %}"),
        "range au plus 100 000",
    ),
    "boucles-imbriquees": (
        lambda: with_body(
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
        ),
        "trop de tours de boucle",
    ),
    "boucle-dans-un-set": (
        lambda: with_body(
            "{% set x %}{% for i in range(100000) %}{% for j in range(100) %}"
            + "abcdefghij" * 100
            + "{% endfor %}{% endfor %}{% endset %}"
        ),
        "trop de tours de boucle",
    ),
    "sortie-geante": (
        lambda: with_body("{% for i in range(60000) %}" + "abcdefghij" * 100 + "{% endfor %}"),
        "le modèle rempli serait trop grand",
    ),
    "chaine-geante": (lambda: with_body('{{ "x" * 10**9 }}'), "valeur trop grande"),
    "puissance": (lambda: with_body("{{ 9**999999 }}"), "valeur trop grande"),
    "puissances": (
        lambda: with_body(
            "{% set ns = namespace(n=3) %}{% for i in range(40) %}"
            "{% set ns.n = ns.n * ns.n %}{% endfor %}{{ ns.n }}"
        ),
        "valeur trop grande",
    ),
    "doublement": (
        lambda: with_body(
            '{% set ns = namespace(s="xx") %}{% for i in range(100) %}'
            "{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s|length }}"
        ),
        "valeur trop grande",
    ),
    "center": (lambda: with_body('{{ "x"|center(10**9) }}'), "valeur trop grande"),
    "ljust": (lambda: with_body('{{ "x".ljust(10**9) }}'), "valeur trop grande"),
    "format": (lambda: with_body('{{ "%0999999999d"|format(1) }}'), "valeur trop grande"),
    "lipsum": (lambda: with_body("{{ lipsum(10**9) }}"), "valeur trop grande"),
    "macro-recursive": (
        lambda: with_body("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}"),
        "sans fin",
    ),
    "xml-casse-au-rendu": (
        lambda: with_body(
            "",
            xml=_paragraph("{% if false %}")
            + "<w:tbl><w:tr><w:tc>"
            + _paragraph("{% endif %}")
            + "</w:tc></w:tr></w:tbl>",
        ),
        "le modèle rempli n'est plus du XML valide",
    ),
}


@pytest.mark.skipif(sys.platform == "win32", reason="resource limits")
@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_template_is_refused_in_one_french_line(tmp_path: Path, name: str) -> None:
    make, words = CASES[name]
    template = tmp_path / f"{name}.docx"
    template.write_bytes(make())
    target = tmp_path / "sortie" / "x.docx"
    started = time.monotonic()
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "convgen",
            "build",
            str(SAINT_DIZIER),
            "--template",
            str(template),
            "-o",
            str(target),
        ],
        capture_output=True,
        text=True,
        timeout=BUDGET_SECONDS,
        preexec_fn=_limit,
        check=False,
    )
    elapsed = time.monotonic() - started
    output = (completed.stdout + completed.stderr).strip()
    assert completed.returncode == 2, output
    assert "Traceback" not in output and "Error" not in output, output
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert str(template) in lines[0] and words in lines[0], lines[0]
    assert not target.exists()
    assert elapsed < 30, elapsed


def test_the_shipped_templates_pass_the_checks_unchanged(tmp_path: Path) -> None:
    """A template rebuilt from the same parts renders as the shipped one does."""
    from convgen.checking.check import check_file
    from convgen.rendering import render
    from convgen.rendering.ooxml import document_paragraphs

    copy = tmp_path / "copie.docx"
    copy.write_bytes(_zip(_parts()))
    model = check_file(SAINT_DIZIER).model
    assert document_paragraphs(render(model, copy)[0]) == document_paragraphs(render(model)[0])


def test_a_deflate_stream_is_never_inflated_past_its_declared_size() -> None:
    """The bounded reader stops at the declared size even when the stream goes on."""
    from convgen.foundation.errors import TemplateError
    from convgen.rendering.base import _inflated

    content = zlib.compress(bytes(10 * 2**20))
    assert content
    package = zipfile.ZipFile(io.BytesIO(_zip({"a.bin": bytes(10 * 2**20)})))
    with pytest.raises(TemplateError, match="trop grande"):
        _inflated(package, package.getinfo("a.bin"), 2**20)
