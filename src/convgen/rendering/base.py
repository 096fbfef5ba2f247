"""What every rendered document shares: rich text, the Jinja environment, the Word package.

The template receives a context of plain values and docxtpl ``RichText``
runs. Text from the YAML is data, never template source: it goes through
French typography, and gaps are wrapped in the « Lacune » character style (so
a draft shows them highlighted). The Jinja environment is sandboxed and
strict: a variable the template uses but the context lacks is an error that
names the template and the variable, never a silent blank.

The output is reproducible: the same inputs give the same bytes (fixed ZIP
timestamps, document properties dated from the document, not the clock).

A template may come from another institution: it is input, and bounded as
such. Its package is checked before anything is inflated (number of parts,
declared sizes, compression ratio) and read with a bounded reader; every XML
part must be well formed (a French message names the part and the line).
Rendering is bounded in loop turns, time, size of values and output: a
template that would loop or grow without end is refused, never waited for.
"""

from __future__ import annotations

import contextvars
import datetime as _dt
import io
import os
import re
import time
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate, RichText
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from convgen.foundation import french, gaps
from convgen.foundation.errors import TemplateError
from convgen.foundation.findings import Path_
from convgen.rendering.contract import GAP_STYLE
from convgen.rendering.marks import Marks, Place, place
from convgen.rendering.ooxml import is_text_part, keep_hyphens, reproducible_zip

GAP_PLACEHOLDER = "……"
BLANK = "_" * 20  # left blank on purpose, to be filled in by hand at signature
# A « à définir » gap set inside a longer text: a party's name in « représentée par
# Madame À définir À définir », « Engagements de la À définir ». The schema's family
# matches a whole value; inside a text the same words capitalised, as a value starts,
# are a value put there (drafted prose writes « les modalités restent à définir » in
# lower case, and stays as written).
EMBEDDED_GAP = re.compile(
    r"(?<![\w’'])[AÀ][ \u00a0]+(?:définir|compléter|préciser|déterminer|confirmer)(?!\w)"
)
# « 1er », « 2e », « 1re »: French typography sets the suffix in superscript.
ORDINAL = re.compile(r"(?<![\w.,])(\d+)(er|re|e)(?![\w])")


class Rich:
    """Builds a docxtpl RichText from text pieces, applying typography and gap styling."""

    def __init__(self) -> None:
        self.rich = RichText()
        self.gaps = 0
        self.last = ""  # the last character added: typography reads across pieces

    def text(self, text: str) -> Rich:
        """Add plain text: typography, and gaps found in it highlighted.

        Typography reads the text with the character written before it, so that a
        piece following a figure or a name (« l'année 4 », then « ; … ») gets its
        no-break space as if it had been written in one piece."""
        if self.last and not self.last.isspace():
            text = french.typography(self.last + text)[1:]
        else:
            text = french.typography(text)
        if not text.strip():
            return self.gap(GAP_PLACEHOLDER)
        position = 0
        for start, end in _gap_spans(text):
            if start > position:
                self._ordinals(text[position:start])
            self.gap(text[start:end])
            position = end
        if position < len(text):
            self._ordinals(text[position:])
        self.last = text[-1]
        return self

    def _ordinals(self, text: str) -> None:
        position = 0
        for match in ORDINAL.finditer(text):
            self.rich.add(text[position : match.start(2)])
            self.rich.add(match.group(2), superscript=True)
            position = match.end()
        if position < len(text):
            self.rich.add(text[position:])

    def gap(self, text: str) -> Rich:
        """Add text that is itself a gap, highlighted."""
        self.rich.add(text or GAP_PLACEHOLDER, style=GAP_STYLE)
        self.gaps += 1
        self.last = (text or GAP_PLACEHOLDER)[-1]
        return self

    def verbatim(self, text: str) -> Rich:
        """Add text as is (no gap detection), e.g. a blank left for handwriting."""
        self.rich.add(text)
        self.last = text[-1:] or self.last
        return self


def _gap_spans(text: str) -> list[tuple[int, int]]:
    """The gaps of ``text`` to highlight: the schema's (:func:`gaps.find_gaps`) and the
    « à définir » values set inside it (:data:`EMBEDDED_GAP`), sorted, without overlaps."""
    spans = sorted(
        [(span.start, span.end) for span in gaps.find_gaps(text)]
        + [match.span() for match in EMBEDDED_GAP.finditer(text)]
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# What a piece of text prints of the model: a path (printed whole by the piece), or
# paths with the words of the piece that print each (see rendering/marks.py).
At = Place | Path_ | None


class TextRenderer:
    """Turns texts into rich text runs, counting the gaps it highlights; with ``marks``,
    marking where each piece made from the model is printed (:mod:`.marks`)."""

    def __init__(self, marks: Marks | None = None) -> None:
        self.gap_count = 0
        self.marks = marks

    def done(self, rich: Rich, at: At = None) -> RichText:
        self.gap_count += rich.gaps
        return self.marked(rich.rich, at)

    def marked(self, rich: RichText, at: At) -> RichText:
        """``rich``, marked as printing ``at`` when marks are asked for."""
        if self.marks is not None and at:
            rich.xml = self.marks.wrap(rich.xml, place(at) if isinstance(at, tuple) else at)
        return rich

    def marked_since(self, rich: Rich, start: int, at: At) -> None:
        """Mark what was added to ``rich`` since its XML was ``start`` long."""
        if self.marks is not None and at:
            xml = rich.rich.xml
            where = place(at) if isinstance(at, tuple) else at
            rich.rich.xml = xml[:start] + self.marks.wrap(xml[start:], where)

    def plain(self, text: str | None, at: At = None) -> RichText:
        """A text with no markup: typography applied, gaps highlighted."""
        return self.done(Rich().text(text or ""), at)

    def blank_or(self, text: str | None, at: At = None) -> RichText:
        """``text``, or a blank line to fill in by hand when there is none."""
        return self.plain(text, at) if text else self.marked(Rich().verbatim(BLANK).rich, at)

    def join(self, texts: Iterable[str], separator: str, at: At = None) -> RichText:
        """Texts joined by ``separator``, each with its own gap highlighting."""
        rich = Rich()
        for index, text in enumerate(texts):
            if index:
                rich.verbatim(separator)
            rich.text(text)
        return self.done(rich, at)


@dataclass(frozen=True)
class Properties:
    """The document properties Word and PDF readers show."""

    title: str
    subject: str
    author: str
    keywords: str
    date: str | None  # ISO date of the document; the properties never take the clock's
    status: str = ""  # STATUS_FINAL or STATUS_DRAFT: Word's « Statut »


def keywords(*words: str | None) -> str:
    """The « Mots-clés » property: ``words`` joined by « ; », each without its gaps
    (« Rectorat de.............. » is « Rectorat de »), a word that is all gap left out:
    a search by keyword never finds the dots of a draft."""
    kept = []
    for word in words:
        text = word or ""
        for span in reversed(gaps.find_gaps(text)):
            text = text[: span.start] + " " + text[span.end :]
        text = " ".join(text.split()).strip(" ,;:")
        if text:
            kept.append(text)
    return "; ".join(kept)


# What the « Statut » property says; an output that says STATUS_FINAL is not overwritten
# without --force.
STATUS_FINAL = "Version finale"
STATUS_DRAFT = "Projet"


_COMPILED_LIMIT = 64

# What a template may cost. The shipped templates use a small fraction of each.
MAX_TEMPLATE_FILE = 50 * 2**20  # the .docx file itself
MAX_PARTS = 1000  # members of the ZIP package
MAX_PART = 50 * 2**20  # one member, inflated
MAX_INFLATED = 50 * 2**20  # every member, inflated
MAX_RATIO = 200  # inflated / compressed size, for a member above RATIO_FLOOR
RATIO_FLOOR = 2**20
MAX_OUTPUT = 50 * 2**20  # characters of XML the template renders, every part together
MAX_LOOPS = 200_000  # turns of every {% for %} loop of a rendering
MAX_SECONDS = 20.0  # wall-clock time of a rendering
MAX_VALUE = 1_000_000  # length of a string or list a template builds with * + %
MAX_BITS = 10_000  # size of an integer a template computes
MAX_MEMORY = 1024 * 2**20  # growth of the process while rendering (Linux)


class _Limit(Exception):
    """A bound of the rendering reached: the French message says which."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _resident() -> int | None:
    """The resident memory of this process in bytes (Linux), or None."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


class _Budget:
    """What is left of the bounds of one rendering (every part of one document)."""

    def __init__(self) -> None:
        self.deadline = time.monotonic() + MAX_SECONDS
        self.loops = 0
        self.output = 0
        self.memory = _resident()

    def tick(self) -> None:
        self.loops += 1
        if self.loops > MAX_LOOPS:
            turns = f"{MAX_LOOPS:,}".replace(",", "\u202f")
            raise _Limit(
                f"le modèle fait trop de tours de boucle (plus de {turns} ; boucles imbriquées ?)"
            )
        if self.loops % 256 == 0:
            self.check()

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise _Limit(f"le modèle met plus de {MAX_SECONDS:.0f} s à se remplir")
        if self.memory is not None:
            now = _resident()
            if now is not None and now - self.memory > MAX_MEMORY:
                raise _Limit("le modèle demande trop de mémoire pour se remplir")

    def emit(self, size: int) -> None:
        self.output += size
        if self.output > MAX_OUTPUT:
            raise _Limit(f"le modèle rempli serait trop grand (plus de {MAX_OUTPUT // 2**20} Mio)")


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("budget", default=None)


def _budget() -> _Budget:
    budget = _BUDGET.get()
    if budget is None:
        budget = _Budget()
        _BUDGET.set(budget)
    return budget


def _bounded_loop(iterable: Any) -> Any:
    """The filter every {% for %} loop of a template goes through: each turn counted."""
    budget = _budget()
    for item in iterable:
        budget.tick()
        yield item


def _too_big(what: str) -> _Limit:
    return _Limit(f"le modèle construit une valeur trop grande ({what})")


_WIDTH = re.compile(r"%[-+ #0]*(\d+|\*)|\{[^{}]*:[^{}]*?(\d{5,})")


def _check_format(text: Any) -> None:
    if isinstance(text, str):
        for match in _WIDTH.finditer(text):
            width = match.group(1) or match.group(2)
            if width == "*" or int(width) > 10_000:
                raise _too_big("largeur de format")


def _check_value(value: Any, what: str) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > MAX_BITS:
            raise _too_big(what)
    elif isinstance(value, str | list | tuple | bytes) and len(value) > MAX_VALUE:
        raise _too_big(what)
    return value


def _length(value: Any) -> int | None:
    return len(value) if isinstance(value, str | list | tuple | bytes) else None


class _BoundedTemplate(jinja2.Template):
    """A Jinja template whose output is counted as it is produced."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        budget = _budget()
        context = self.new_context(dict(*args, **kwargs))
        out: list[str] = []
        try:
            for chunk in self.root_render_func(context):
                budget.emit(len(chunk))
                out.append(chunk)
        except Exception:
            self.environment.handle_exception()
        return "".join(out)


class _Environment(SandboxedEnvironment):
    """The sandboxed environment, compiling each template source once per process.

    docxtpl hands Jinja the XML of every part (body, headers, footers,
    properties) at every rendering; a programme renders the same template a
    hundred times, and compiling it is most of docxtpl's work.
    """

    template_class = _BoundedTemplate
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, jinja2.Template] = {}
        # lipsum(10**9) would write for ever
        self.globals["lipsum"] = _bounded_filter(self.globals["lipsum"], first=0, most=1000)
        self.filters["convgen_loop"] = _bounded_loop
        for name in ("center", "indent", "slice"):
            self.filters[name] = _bounded_filter(self.filters[name])
        self.filters["format"] = _format_filter(self.filters["format"])
        self.filters["replace"] = _replace_filter(self.filters["replace"])

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):  # each turn of each loop is counted
            loop.iter = nodes.Filter(
                loop.iter, "convgen_loop", [], [], None, None, lineno=loop.lineno
            )
        tree.set_environment(self)
        return tree

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _budget().check()
        if operator == "**" and isinstance(left, int) and isinstance(right, int):
            if abs(left) > 1 and right > 0 and left.bit_length() * right > MAX_BITS:
                raise _too_big("puissance")
        elif operator == "*":
            for sequence, count in ((left, right), (right, left)):
                size = _length(sequence)
                if size is not None and isinstance(count, int) and size * count > MAX_VALUE:
                    raise _too_big("répétition")
        elif operator == "+":
            if (_length(left) or 0) + (_length(right) or 0) > MAX_VALUE:
                raise _too_big("concaténation")
        elif operator == "%":
            _check_format(left)
        return _check_value(super().call_binop(context, operator, left, right), "calcul")

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _budget().check()
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            name = getattr(__obj, "__name__", "")
            numbers = [a for a in (*args, *kwargs.values()) if isinstance(a, int)]
            if name in ("ljust", "rjust", "center", "zfill", "expandtabs") and any(
                n > MAX_VALUE for n in numbers
            ):
                raise _too_big(name)
            if name in ("format", "format_map"):
                _check_format(owner)
            blank = name == "replace" and len(args) > 1 and args[0] == ""
            if blank and len(owner) * len(str(args[1])) > MAX_VALUE:
                raise _too_big(name)
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        _budget().check()
        return super().getattr(obj, attribute)

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        return _memo(self._compiled, source, lambda: super(_Environment, self).from_string(source))


_T = TypeVar("_T")


def _memo(table: dict[str, _T], key: str, make: Callable[[], _T]) -> _T:
    """``table[key]``, made once; the table is emptied past :data:`_COMPILED_LIMIT` entries
    so that a long batch of different templates cannot grow it without bound."""
    found = table.get(key)
    if found is None:
        if len(table) >= _COMPILED_LIMIT:
            table.clear()
        found = table[key] = make()
    return found


def _bounded_filter(function: Any, first: int = 1, most: int = MAX_VALUE) -> Any:
    """A filter (or a function) whose number arguments (a width, a count) stay reasonable."""

    def bounded(*args: Any, **kwargs: Any) -> Any:
        numbers = (*args[first:], *kwargs.values())
        if any(isinstance(a, int) and a > most for a in numbers):
            raise _too_big("argument de filtre")
        return function(*args, **kwargs)

    return _same_kind(function, bounded)


def _format_filter(function: Any) -> Any:
    def bounded(value: Any, *args: Any, **kwargs: Any) -> Any:
        _check_format(value)
        return function(value, *args, **kwargs)

    return _same_kind(function, bounded)


def _replace_filter(function: Any) -> Any:
    def bounded(*args: Any, **kwargs: Any) -> Any:
        values = [a for a in args if isinstance(a, str)]
        if len(values) >= 3 and values[1] == "" and len(values[0]) * len(values[2]) > MAX_VALUE:
            raise _too_big("replace")
        return function(*args, **kwargs)

    return _same_kind(function, bounded)


def _same_kind(function: Any, wrapper: Any) -> Any:
    # Jinja passes the context or the environment to a filter marked for it
    for mark in ("jinja_pass_arg",):
        if hasattr(function, mark):
            setattr(wrapper, mark, getattr(function, mark))
    return wrapper


@cache
def environment() -> SandboxedEnvironment:
    """The strict, sandboxed Jinja environment with the French filters (one per process)."""
    env = _Environment(undefined=jinja2.StrictUndefined, autoescape=True, loader=_NoFiles())
    env.filters.update(french.jinja_filters())
    return env


def _undefined(message: str) -> str:
    """Jinja's « 'x' is undefined » or « … has no attribute 'x' », in French."""
    name = re.search(r"'([^']+)' is undefined", message)
    if name:
        return f"le modèle utilise une variable inconnue « {name[1]} »"
    field = re.search(r"has no attribute '([^']+)'", message)
    if field:
        return f"le modèle utilise un champ inconnu « {field[1]} »"
    return f"le modèle utilise une valeur inconnue ({message})"


class _NoFiles(jinja2.BaseLoader):
    """A loader that lends nothing: a template may not include or import any file."""

    def get_source(self, environment: jinja2.Environment, template: str) -> Any:
        raise jinja2.TemplateNotFound(template)


# What libxml2 says, by error code, in French.
_XML_ERRORS = {
    4: "partie vide",
    5: "contenu après la fin du document",
    9: "caractère interdit",
    26: "entité inconnue",
    41: "attribut sans valeur",
    42: "attribut écrit deux fois",
    68: "nom de balise attendu",
    73: "balise ouvrante non terminée",
    74: "balise fermante attendue",
    76: "balise fermante qui ne correspond pas à la balise ouverte",
    77: "fin du fichier avant la fermeture d'une balise",
    201: "préfixe d'espace de noms non déclaré",
}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _xml_problem(part: str, data: bytes | str, what: str = "XML mal formé") -> str | None:
    """Why ``data`` is not well-formed XML, in French, naming the part and the line."""
    try:
        etree.fromstring(data.encode("utf-8") if isinstance(data, str) else data, _PARSER)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else 0)
        code: int = getattr(exc, "code", 0)  # libxml2's error code (not in lxml's stubs)
        reason = _XML_ERRORS.get(code, "balise ou caractère inattendu")
        return f"{part}, ligne {line} : {what} ({reason})"
    return None


def _inflated(package: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """The member ``info``, read at most ``budget`` bytes far, whatever its header says."""
    out = bytearray()
    with package.open(info) as handle:
        while chunk := handle.read(min(2**16, budget - len(out) + 1)):
            out += chunk
            if len(out) > budget:
                raise TemplateError(f"partie « {info.filename} » trop grande une fois décompressée")
    return bytes(out)


_PACKAGES: dict[tuple[str, int, int], bytes] = {}


def _package(template_file: Path) -> bytes:
    """The template's package, checked and read within bounds, as a fresh ZIP.

    Raises :class:`TemplateError` (without the file: the caller adds it).
    """
    try:
        info = template_file.stat()
        key = (str(template_file.resolve()), info.st_size, info.st_mtime_ns)
        if key in _PACKAGES:
            return _PACKAGES[key]
        if info.st_size > MAX_TEMPLATE_FILE:
            raise TemplateError(
                f"modèle trop volumineux (plus de {MAX_TEMPLATE_FILE // 2**20} Mio)"
            )
        with template_file.open("rb") as handle:
            data = handle.read(MAX_TEMPLATE_FILE + 1)
    except OSError as exc:
        raise TemplateError(f"lecture du modèle impossible : {exc.strerror}") from exc
    unreadable = "ce fichier n'est pas un modèle Word (.docx) lisible"
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        members = source.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise TemplateError(f"{unreadable} (pas une archive ZIP)") from exc
    if len(members) > MAX_PARTS:
        raise TemplateError(f"{unreadable} ({len(members)} parties, au plus {MAX_PARTS})")
    names = {m.filename for m in members}
    for needed in ("[Content_Types].xml", "word/document.xml"):
        if needed not in names:
            raise TemplateError(f"{unreadable} (partie « {needed} » absente)")
    declared = 0
    for member in members:
        declared += member.file_size
        if member.file_size > MAX_PART or declared > MAX_INFLATED:
            raise TemplateError(
                f"{unreadable} (partie « {member.filename} » trop grande une fois décompressée)"
            )
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise TemplateError(
                f"{unreadable} (partie « {member.filename} » compressée {ratio:.0f} fois : "
                "bombe de décompression ?)"
            )
    out = io.BytesIO()
    left = MAX_INFLATED
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for member in members:
            if member.is_dir() or member.filename in target.NameToInfo:
                continue
            try:
                content = _inflated(source, member, min(member.file_size, left))
            except TemplateError as exc:
                raise TemplateError(f"{unreadable} ({exc.message})") from exc
            except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, OSError) as exc:
                raise TemplateError(
                    f"{unreadable} (partie « {member.filename} » illisible)"
                ) from exc
            except Exception as exc:  # zlib.error and whatever a damaged archive gives
                raise TemplateError(
                    f"{unreadable} (partie « {member.filename} » illisible)"
                ) from exc
            left -= len(content)
            if member.filename.endswith((".xml", ".rels")):
                problem = _xml_problem(member.filename, content)
                if problem is not None:
                    raise TemplateError(problem)
            target.writestr(member.filename, content)
    package = out.getvalue()
    if len(_PACKAGES) >= 8:
        _PACKAGES.clear()
    _PACKAGES[key] = package
    return package


def template_parts(template_file: Path) -> dict[str, bytes]:
    """Every part of ``template_file`` by name, read within the bounds :func:`fill` reads
    it with; raises :class:`TemplateError` naming the file when it cannot be read."""
    if not template_file.is_file():
        raise TemplateError("modèle Word introuvable", file=template_file)
    try:
        package = _package(template_file)
    except TemplateError as exc:
        raise TemplateError(exc.message, file=template_file) from exc
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        return {info.filename: source.read(info) for info in source.infolist()}


class _Template(DocxTemplate):  # type: ignore[misc]  # docxtpl publishes no types
    """docxtpl's template, remembering the XML it has already prepared for Jinja,
    and checking what Jinja makes of each part."""

    def render_xml_part(self, src_xml: str, part: Any, context: Any, jinja_env: Any = None) -> str:
        xml: str = super().render_xml_part(src_xml, part, context, jinja_env)
        name = str(getattr(part, "partname", "word/document.xml")).lstrip("/")
        problem = _xml_problem(name, xml, "le modèle rempli n'est plus du XML valide")
        if problem is not None:
            raise _Limit(problem + " : une balise {% … %} coupe-t-elle un paragraphe ?")
        return xml

    _patched: ClassVar[dict[str, str]] = {}

    def patch_xml(self, src_xml: str) -> str:
        return _memo(self._patched, src_xml, lambda: super(_Template, self).patch_xml(src_xml))


_PREPARER = _Template.__new__(_Template)  # patch_xml reads nothing of the instance


def prepared_xml(xml: str) -> str:
    """The XML of a part as Jinja reads it when the part is rendered: docxtpl's
    preparation (a tag split across runs made whole, ``{%p %}`` and the like), then one
    line per paragraph, as docxtpl numbers the lines of its templates."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", _PREPARER.patch_xml(xml))


def _property_element(tag: str, value: str) -> Callable[[re.Match[str]], str]:
    """The replacement of a property element: its attributes kept, its text ``value``."""

    def element(match: re.Match[str]) -> str:
        return f"<{tag}{match.group(1) or match.group(2) or ''}>{value}</{tag}>"

    return element


LANGUAGE = "fr-FR"


def _when(properties: Properties) -> _dt.datetime | None:
    """The documents' dates: the document's own, else the build's ``SOURCE_DATE_EPOCH``
    (reproducible builds), else none — never the clock's, never an invented one."""
    try:
        if properties.date:
            day = french.as_date(properties.date)
            return _dt.datetime.combine(day, _dt.time(), tzinfo=_dt.UTC)
    except ValueError:
        pass  # a date still to be written
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        try:
            return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.UTC)
        except (OverflowError, OSError, ValueError):
            return None
    return None


def _core_properties(xml: bytes, properties: Properties) -> bytes:
    when = _when(properties)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ") if when is not None else None
    values = {
        "dc:title": properties.title,
        "dc:subject": properties.subject,
        "dc:creator": properties.author,
        "cp:lastModifiedBy": properties.author,
        "cp:keywords": properties.keywords,
        "cp:contentStatus": properties.status,
        "dc:language": LANGUAGE,
    }
    text = xml.decode("utf-8")
    for tag in ("dcterms:created", "dcterms:modified"):
        pattern = re.compile(rf"<{tag}(\s[^>]*)?>.*?</{tag}>|<{tag}(\s[^>]*)?/>", re.DOTALL)
        if stamp is None:
            text = pattern.sub("", text)  # no date rather than an invented one
        elif pattern.search(text):
            text = pattern.sub(_property_element(tag, stamp), text, count=1)
        else:
            text = _add_dated(text, tag, stamp)
    for tag, value in values.items():
        escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        pattern = re.compile(rf"<{tag}(\s[^>]*)?>.*?</{tag}>|<{tag}(\s[^>]*)?/>", re.DOTALL)
        if pattern.search(text):
            text = pattern.sub(_property_element(tag, escaped), text, count=1)
        elif value and tag.startswith(("cp:", "dc:")):  # one the template does not have yet
            text = text.replace(
                "</cp:coreProperties>", f"<{tag}>{escaped}</{tag}></cp:coreProperties>"
            )
    return text.encode("utf-8")


_DCTERMS = "http://purl.org/dc/terms/"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def _add_dated(text: str, tag: str, stamp: str) -> str:
    """``text`` (core.xml) with a dated property it lacks, and the namespaces it needs."""
    head_end = text.index(">", text.index("<cp:coreProperties"))
    head = text[:head_end]
    if "xmlns:dcterms=" not in head:
        head += f' xmlns:dcterms="{_DCTERMS}"'
    if "xmlns:xsi=" not in head:
        head += f' xmlns:xsi="{_XSI}"'
    text = head + text[head_end:]
    element = f'<{tag} xsi:type="dcterms:W3CDTF">{stamp}</{tag}>'
    return text.replace("</cp:coreProperties>", f"{element}</cp:coreProperties>")


def fill(template_file: Path, context: dict[str, Any], properties: Properties) -> bytes:
    """Render ``template_file`` with ``context`` into reproducible .docx bytes."""
    if not template_file.is_file():
        raise TemplateError("modèle Word introuvable", file=template_file)
    try:
        package = _package(template_file)
    except TemplateError as exc:
        raise TemplateError(exc.message, file=template_file) from exc
    try:
        document = _Template(io.BytesIO(package))
        document.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateError(
            "ce fichier n'est pas un modèle Word (.docx) lisible", file=template_file
        ) from exc
    except Exception as exc:  # a template is user input
        raise TemplateError(
            f"ce fichier n'est pas un modèle Word (.docx) lisible ({type(exc).__name__})",
            file=template_file,
        ) from exc
    token = _BUDGET.set(_Budget())
    try:
        document.render(context, environment(), autoescape=True)
    except _Limit as exc:
        raise TemplateError(exc.message, file=template_file) from exc
    except RecursionError as exc:
        raise TemplateError(
            "le modèle s'appelle lui-même sans fin (macro récursive ?)", file=template_file
        ) from exc
    except MemoryError as exc:
        raise TemplateError(
            "le modèle demande trop de mémoire pour se remplir", file=template_file
        ) from exc
    except OverflowError as exc:
        raise TemplateError(
            "le modèle demande une boucle ou un nombre trop grand (range au plus 100 000)",
            file=template_file,
        ) from exc
    except etree.XMLSyntaxError as exc:
        raise TemplateError(
            f"le modèle rempli n'est plus du XML valide (ligne {exc.lineno})", file=template_file
        ) from exc
    except jinja2.UndefinedError as exc:
        raise TemplateError(_undefined(exc.message or ""), file=template_file) from exc
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"balise de modèle invalide : {exc.message}", file=template_file
        ) from exc
    except jinja2.exceptions.SecurityError as exc:
        attribute = re.search(r"attribute '([^']+)'", str(exc))
        what = f"l'accès à « {attribute[1]} »" if attribute else str(exc)
        raise TemplateError(
            f"opération interdite dans le modèle : {what} (un modèle n'atteint que les "
            "valeurs du document, jamais l'intérieur de Python)",
            file=template_file,
        ) from exc
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(
            "un modèle ne peut pas lire d'autre fichier (« include », « import », "
            f"« extends » : « {exc.name} »)",
            file=template_file,
        ) from exc
    except Exception as exc:  # a template is user input: its failures are reported, not raised
        raise TemplateError(
            f"le modèle n'a pas pu être rempli ({type(exc).__name__})", file=template_file
        ) from exc
    finally:
        _BUDGET.reset(token)
    buffer = io.BytesIO()
    document.save(buffer)
    saved = buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(saved)) as written:
        texts = [name for name in written.namelist() if is_text_part(name)]
    rewrites: dict[str, Callable[[bytes], bytes]] = dict.fromkeys(texts, keep_hyphens)
    rewrites["docProps/core.xml"] = lambda xml: _core_properties(xml, properties)
    return reproducible_zip(saved, rewrites)
