"""What convgen prints on the assembled pages: « Annexe 2 — Cahier des charges (p. 1/2) »
at the top of an annexed page, « PROJET » on a draft's annexed files, and « Page 8 sur 9 »
at the foot of the pages convgen made (whose own page-number fields it left out, see
:func:`convgen.pdf.plan.for_pdf`).

Every stamp is a pagination artifact (``/Artifact`` marked content): a screen reader
skips it, the structure tree does not change, PDF/UA stays valid. Its font, Liberation
Sans (package ``fonts-liberation``, the templates' font), is embedded whole, once per
PDF, as a TrueType font with the WinAnsi encoding and the widths read from the font
program, as PDF/A requires; a character the encoding lacks is replaced by its closest
form or left out.
"""

from __future__ import annotations

import functools
import os
import shutil
import struct
import subprocess
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from convgen.foundation.errors import ConversionError

FONT_FAMILY = "Liberation Sans"
FONT_VARIABLE = "CONVGEN_STAMP_FONT"  # a TrueType file to use instead
_KNOWN_PATHS = (
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf",
    "/usr/share/fonts/liberation/LiberationSans-Regular.ttf",
    "/usr/local/share/fonts/LiberationSans-Regular.ttf",
    "/Library/Fonts/LiberationSans-Regular.ttf",
)
FONT_HINT = (
    "installez la police Liberation Sans (Debian, Ubuntu : sudo apt-get install "
    "fonts-liberation) ou donnez le chemin d'un fichier TrueType dans CONVGEN_STAMP_FONT"
)
RESOURCE = "/ConvgenStamp"  # the font's name in a page's resources
_FIRST, _LAST = 32, 255  # the WinAnsi codes the font dictionary describes
# Characters the stamps may carry that WinAnsi lacks, and what stands for them.
_SUBSTITUTES = {
    "\u202f": "\u00a0",  # narrow no-break space (French typography)
    "\u2011": "-",  # non-breaking hyphen
    "\u2010": "-",
    "\u2007": " ",
    "\u2009": " ",
}


def font_file() -> Path:
    """The Liberation Sans TrueType file; raises :class:`ConversionError` saying how to
    install it."""
    explicit = os.environ.get(FONT_VARIABLE)
    if explicit:
        if not os.path.isfile(explicit):
            raise ConversionError(f"{FONT_VARIABLE}={explicit} : fichier de police introuvable")
        return Path(explicit)
    for known in _KNOWN_PATHS:
        if os.path.isfile(known):
            return Path(known)
    fc_match = shutil.which("fc-match")
    if fc_match:
        try:
            found = subprocess.run(
                [fc_match, "-f", "%{file}", f"{FONT_FAMILY}:style=Regular"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found = ""
        # fontconfig answers with its closest font when the family is missing
        if found.endswith((".ttf", ".TTF")) and "liberationsans-regular" in found.lower():
            return Path(found)
    raise ConversionError(
        f"la police des tampons du PDF ({FONT_FAMILY}) est introuvable : {FONT_HINT}"
    )


@dataclass(frozen=True)
class Font:
    """A TrueType font read for a simple font dictionary: its PostScript name, the
    widths of the WinAnsi codes (in thousandths of the em) and its metrics."""

    name: str
    data: bytes
    widths: tuple[int, ...]  # codes _FIRST.._LAST
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int
    italic_angle: float
    covered: frozenset[int]  # the codes the font has a glyph for

    def encode(self, text: str) -> bytes:
        """``text`` in WinAnsi, each character the font cannot show replaced by its closest
        form (« Œ » stays, « ≥ » goes)."""
        out = bytearray()
        for char in text:
            char = _SUBSTITUTES.get(char, char)
            code = _winansi(char)
            if code is None:
                base = unicodedata.normalize("NFKD", char)
                code = next((c for c in map(_winansi, base) if c is not None), None)
            if code is not None and code in self.covered:
                out.append(code)
        return bytes(out)

    def width(self, encoded: bytes, size: float) -> float:
        return sum(self.widths[code - _FIRST] for code in encoded) * size / 1000


def _winansi(char: str) -> int | None:
    try:
        code = char.encode("cp1252")[0]
    except (UnicodeEncodeError, IndexError):
        return None
    return code if _FIRST <= code <= _LAST else None


def _tables(data: bytes) -> dict[bytes, bytes]:
    count = struct.unpack_from(">H", data, 4)[0]
    tables = {}
    for index in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        tables[tag] = data[offset : offset + length]
    return tables


def _cmap(table: bytes) -> dict[int, int]:
    """Unicode → glyph, from the (3, 1) format 4 subtable."""
    count = struct.unpack_from(">H", table, 2)[0]
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", table, 4 + 8 * index)
        if (platform, encoding) != (3, 1) or struct.unpack_from(">H", table, offset)[0] != 4:
            continue
        segments = struct.unpack_from(">H", table, offset + 6)[0] // 2
        base = offset + 14
        ends = struct.unpack_from(f">{segments}H", table, base)
        starts = struct.unpack_from(f">{segments}H", table, base + 2 * segments + 2)
        deltas = struct.unpack_from(f">{segments}h", table, base + 4 * segments + 2)
        ranges_at = base + 6 * segments + 2
        ranges = struct.unpack_from(f">{segments}H", table, ranges_at)
        glyphs: dict[int, int] = {}
        for segment in range(segments):
            for code in range(starts[segment], min(ends[segment], 0xFFFE) + 1):
                if ranges[segment] == 0:
                    glyph = (code + deltas[segment]) & 0xFFFF
                else:
                    at = ranges_at + 2 * segment + ranges[segment] + 2 * (code - starts[segment])
                    glyph = struct.unpack_from(">H", table, at)[0]
                    if glyph:
                        glyph = (glyph + deltas[segment]) & 0xFFFF
                if glyph:
                    glyphs[code] = glyph
        return glyphs
    raise ValueError("pas de table cmap Unicode (3, 1)")


def read_font(data: bytes) -> Font:
    """The metrics of a TrueType font program; raises ValueError if it is not one."""
    tables = _tables(data)
    head, hhea, hmtx = tables[b"head"], tables[b"hhea"], tables[b"hmtx"]
    units: int = struct.unpack_from(">H", head, 18)[0]
    bbox = struct.unpack_from(">hhhh", head, 36)
    metrics = struct.unpack_from(">H", hhea, 34)[0]
    advances = tuple(struct.unpack_from(">H", hmtx, 4 * i)[0] for i in range(metrics))
    glyphs = _cmap(tables[b"cmap"])

    def scaled(value: float) -> int:
        return round(value * 1000 / units)

    widths, covered = [], set()
    for code in range(_FIRST, _LAST + 1):
        try:
            char = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            widths.append(0)
            continue
        glyph = glyphs.get(ord(char)) if char != "\u00a0" else glyphs.get(0x20)
        if glyph is None:
            widths.append(0)
            continue
        covered.add(code)
        widths.append(scaled(advances[min(glyph, metrics - 1)]))
    ascent, descent = struct.unpack_from(">hh", hhea, 4)
    cap_height = ascent
    os2 = tables.get(b"OS/2")
    if os2 is not None and len(os2) >= 90 and struct.unpack_from(">H", os2, 0)[0] >= 2:
        cap_height = struct.unpack_from(">h", os2, 88)[0]
    post = tables.get(b"post")
    italic = struct.unpack_from(">i", post, 4)[0] / 65536 if post else 0.0
    return Font(
        name=_postscript_name(tables.get(b"name", b"")) or "LiberationSans",
        data=data,
        widths=tuple(widths),
        bbox=(scaled(bbox[0]), scaled(bbox[1]), scaled(bbox[2]), scaled(bbox[3])),
        ascent=scaled(ascent),
        descent=scaled(descent),
        cap_height=scaled(cap_height),
        italic_angle=italic,
        covered=frozenset(covered),
    )


def _postscript_name(table: bytes) -> str | None:
    if len(table) < 6:
        return None
    count, strings = struct.unpack_from(">HH", table, 2)
    for index in range(count):
        platform, _, _, name_id, length, offset = struct.unpack_from(
            ">HHHHHH", table, 6 + 12 * index
        )
        if name_id != 6:
            continue
        raw = table[strings + offset : strings + offset + length]
        text = raw.decode("utf-16-be" if platform in (0, 3) else "latin-1", "replace")
        cleaned = "".join(c for c in text if c.isalnum() or c in "-_")
        if cleaned:
            return cleaned
    return None


@functools.lru_cache(maxsize=2)
def _load(path: str) -> tuple[Font, bytes]:
    try:
        data = Path(path).read_bytes()
        font = read_font(data)
    except (OSError, ValueError, KeyError, struct.error) as exc:
        raise ConversionError(
            f"la police des tampons du PDF ({path}) est illisible : {FONT_HINT}"
        ) from exc
    return font, zlib.compress(data, 9)


def stamp_font() -> Font:
    """The stamps' font, read once per process."""
    return _load(str(font_file()))[0]


def font_object(out: Pdf) -> pikepdf.Object:
    """The stamps' font dictionary, embedded whole, added to ``out``."""
    font, compressed = _load(str(font_file()))
    program = pikepdf.Stream(out, b"")
    program.write(compressed, filter=Name.FlateDecode)
    program.Length1 = len(font.data)
    descriptor = Dictionary(
        Type=Name.FontDescriptor,
        FontName=Name("/" + font.name),
        Flags=32,  # non-symbolic
        FontBBox=Array(list(font.bbox)),
        ItalicAngle=font.italic_angle,
        Ascent=font.ascent,
        Descent=font.descent,
        CapHeight=font.cap_height,
        StemV=80,
        FontFile2=out.make_indirect(program),
    )
    dictionary = Dictionary(
        Type=Name.Font,
        Subtype=Name.TrueType,
        BaseFont=Name("/" + font.name),
        FirstChar=_FIRST,
        LastChar=_LAST,
        Widths=Array(list(font.widths)),
        Encoding=Name.WinAnsiEncoding,
        FontDescriptor=out.make_indirect(descriptor),
    )
    return out.make_indirect(dictionary)


@dataclass(frozen=True)
class Stamp:
    """One line printed on a page: where (``top`` or foot, ``align`` left, centre,
    right, in points from the page's visible edges) and what."""

    text: str
    top: bool
    align: str = "left"  # "left", "center", "right"
    size: float = 8.0
    margin: float = 42.0  # from the left or right edge
    offset: float = 22.0  # the baseline from the top or bottom edge
    colour: tuple[float, float, float] = (0.25, 0.25, 0.25)


def _literal(data: bytes) -> bytes:
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _number(value: float) -> bytes:
    return f"{value:.2f}".rstrip("0").rstrip(".").encode() or b"0"


def _matrix(page: pikepdf.Page) -> tuple[float, float, tuple[float, ...]]:
    """The visible width and height of ``page`` and the matrix from visible coordinates
    (origin at the visible bottom left) to the page's own, whatever its /Rotate."""
    box = [float(v) for v in page.cropbox]
    x0, y0 = min(box[0], box[2]), min(box[1], box[3])
    x1, y1 = max(box[0], box[2]), max(box[1], box[3])
    width, height = x1 - x0, y1 - y0
    rotate = int(page.obj.get("/Rotate", 0) or 0) % 360
    if rotate == 90:
        return height, width, (0, 1, -1, 0, x1, y0)
    if rotate == 180:
        return width, height, (-1, 0, 0, -1, x1, y1)
    if rotate == 270:
        return height, width, (0, -1, 1, 0, x0, y1)
    return width, height, (1, 0, 0, 1, x0, y0)


def stamp_page(out: Pdf, page: pikepdf.Page, stamps: list[Stamp], font: pikepdf.Object) -> None:
    """Print ``stamps`` on ``page`` (a page of ``out``), as pagination artifacts, over
    the page's content left as it was (its graphics state saved and restored)."""
    if not stamps:
        return
    metrics = stamp_font()
    width, height, matrix = _matrix(page)
    lines = [b"Q"]
    for stamp in stamps:
        encoded = metrics.encode(stamp.text)
        size = stamp.size
        room = width - 2 * stamp.margin
        if stamp.align == "left":  # leave room for what the same line prints on the right
            room -= sum(
                metrics.width(metrics.encode(other.text), other.size) + 12
                for other in stamps
                if other.top == stamp.top and other.align == "right"
            )
        if metrics.width(encoded, size) > room:  # a long title: smaller, then cut
            size = max(5.0, size * room / max(metrics.width(encoded, size), 1.0))
            while encoded and metrics.width(encoded, size) > room:
                encoded = encoded[:-2] + b"\x85"  # …
        line = metrics.width(encoded, size)
        if stamp.align == "right":
            x = width - stamp.margin - line
        elif stamp.align == "center":
            x = (width - line) / 2
        else:
            x = stamp.margin
        y = height - stamp.offset if stamp.top else stamp.offset
        kind = b"/Header" if stamp.top else b"/Footer"
        r, g, b = stamp.colour
        lines += [
            b"/Artifact <</Type /Pagination /Subtype " + kind + b">> BDC",
            b"q " + b" ".join(_number(v) for v in matrix) + b" cm",
            b"BT " + RESOURCE.encode() + b" " + _number(size) + b" Tf",
            b" ".join(map(_number, (r, g, b))) + b" rg",
            b"1 0 0 1 " + _number(x) + b" " + _number(y) + b" Tm",
            _literal(encoded) + b" Tj ET Q",
            b"EMC",
        ]
    # the page's own content between « q » and « Q »: whatever graphics state it leaves,
    # the stamps are drawn from the default one
    page.contents_add(pikepdf.Stream(out, b"q\n"), prepend=True)
    page.contents_add(pikepdf.Stream(out, b"\n".join(lines) + b"\n"), prepend=False)
    if page.obj.get("/Resources") is None:
        page.obj.Resources = Dictionary()
    resources = page.obj.Resources
    if resources.get("/Font") is None:
        resources.Font = Dictionary()
    resources.Font[RESOURCE] = font
