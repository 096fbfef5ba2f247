"""What every rendered document shares: rich text, the Jinja environment, the Word package.

The template receives a context of plain values and docxtpl ``RichText``
runs. Text from the YAML is data, never template source: it goes through
French typography, and gaps are wrapped in the « Lacune » character style (so
a draft shows them highlighted). The Jinja environment is sandboxed and
strict: a variable the template uses but the context lacks is an error that
names the template and the variable, never a silent blank.

The output is reproducible: the same inputs give the same bytes (fixed ZIP
timestamps, document properties dated from the document, not the clock).
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate, RichText
from jinja2.sandbox import SandboxedEnvironment

from .. import french, gaps
from ..errors import TemplateError
from ..ooxml import reproducible_zip

GAP_STYLE = "Lacune"
GAP_PLACEHOLDER = "……"
BLANK = "_" * 20  # left blank on purpose, to be filled in by hand at signature
EPOCH = _dt.datetime(2000, 1, 1, tzinfo=_dt.UTC)
# « 1er », « 2e », « 1re »: French typography sets the suffix in superscript.
ORDINAL = re.compile(r"(?<![\w.,])(\d+)(er|re|e)(?![\w])")


class Rich:
    """Builds a docxtpl RichText from text pieces, applying typography and gap styling."""

    def __init__(self) -> None:
        self.rich = RichText()
        self.gaps = 0

    def text(self, text: str) -> Rich:
        """Add plain text: typography, and gaps found in it highlighted."""
        text = french.typography(text)
        if not text.strip():
            return self.gap(GAP_PLACEHOLDER)
        position = 0
        for span in gaps.find_gaps(text):
            if span.start > position:
                self._ordinals(text[position : span.start])
            self.gap(text[span.start : span.end])
            position = span.end
        if position < len(text):
            self._ordinals(text[position:])
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
        return self

    def verbatim(self, text: str) -> Rich:
        """Add text as is (no gap detection), e.g. a blank left for handwriting."""
        self.rich.add(text)
        return self


class TextRenderer:
    """Turns texts into rich text runs, counting the gaps it highlights."""

    def __init__(self) -> None:
        self.gap_count = 0

    def done(self, rich: Rich) -> RichText:
        self.gap_count += rich.gaps
        return rich.rich

    def plain(self, text: str | None) -> RichText:
        """A text with no markup: typography applied, gaps highlighted."""
        return self.done(Rich().text(text or ""))

    def blank_or(self, text: str | None) -> RichText:
        """``text``, or a blank line to fill in by hand when there is none."""
        return self.plain(text) if text else Rich().verbatim(BLANK).rich

    def join(self, texts: Iterable[str], separator: str) -> RichText:
        """Texts joined by ``separator``, each with its own gap highlighting."""
        rich = Rich()
        for index, text in enumerate(texts):
            if index:
                rich.verbatim(separator)
            rich.text(text)
        return self.done(rich)


@dataclass(frozen=True)
class Properties:
    """The document properties Word and PDF readers show."""

    title: str
    subject: str
    author: str
    keywords: str
    date: str | None  # ISO date of the document; the properties never take the clock's
    status: str = ""  # STATUS_FINAL or STATUS_DRAFT: Word's « Statut »


# What the « Statut » property says; an output that says STATUS_FINAL is not overwritten
# without --force.
STATUS_FINAL = "Version finale"
STATUS_DRAFT = "Projet"


_COMPILED_LIMIT = 64


class _Environment(SandboxedEnvironment):
    """The sandboxed environment, compiling each template source once per process.

    docxtpl hands Jinja the XML of every part (body, headers, footers,
    properties) at every rendering; a programme renders the same template a
    hundred times, and compiling it is most of docxtpl's work.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            if len(self._compiled) >= _COMPILED_LIMIT:
                self._compiled.clear()
            template = self._compiled[source] = super().from_string(source)
        return template


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


class _Template(DocxTemplate):
    """docxtpl's template, remembering the XML it has already prepared for Jinja."""

    _patched: ClassVar[dict[str, str]] = {}

    def patch_xml(self, src_xml: str) -> str:
        patched = self._patched.get(src_xml)
        if patched is None:
            if len(self._patched) >= _COMPILED_LIMIT:
                self._patched.clear()
            patched = self._patched[src_xml] = super().patch_xml(src_xml)
        return patched


def _core_properties(xml: bytes, properties: Properties) -> bytes:
    when = EPOCH
    try:
        if properties.date:
            day = french.as_date(properties.date)
            when = _dt.datetime.combine(day, _dt.time(), tzinfo=_dt.UTC)
    except ValueError:
        pass  # a date still to be written: the fixed epoch keeps the build reproducible
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    values = {
        "dc:title": properties.title,
        "dc:subject": properties.subject,
        "dc:creator": properties.author,
        "cp:lastModifiedBy": properties.author,
        "cp:keywords": properties.keywords,
        "cp:contentStatus": properties.status,
        "dcterms:created": stamp,
        "dcterms:modified": stamp,
    }
    text = xml.decode("utf-8")
    for tag, value in values.items():
        escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        pattern = re.compile(rf"<{tag}(\s[^>]*)?>.*?</{tag}>|<{tag}(\s[^>]*)?/>", re.DOTALL)
        if pattern.search(text):
            text = pattern.sub(
                lambda m, t=tag, v=escaped: f"<{t}{m.group(1) or m.group(2) or ''}>{v}</{t}>",
                text,
                count=1,
            )
        elif value and tag.startswith("cp:"):  # a property the template does not have yet
            text = text.replace(
                "</cp:coreProperties>", f"<{tag}>{escaped}</{tag}></cp:coreProperties>"
            )
    return text.encode("utf-8")


def fill(template_file: Path, context: dict[str, Any], properties: Properties) -> bytes:
    """Render ``template_file`` with ``context`` into reproducible .docx bytes."""
    if not template_file.is_file():
        raise TemplateError("modèle Word introuvable", file=template_file)
    try:
        document = _Template(str(template_file))
        document.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateError(
            "ce fichier n'est pas un modèle Word (.docx) lisible", file=template_file
        ) from exc
    try:
        document.render(context, environment(), autoescape=True)
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
            f"le modèle n'a pas pu être rempli ({type(exc).__name__} : {exc})", file=template_file
        ) from exc
    buffer = io.BytesIO()
    document.save(buffer)
    return reproducible_zip(
        buffer.getvalue(),
        {"docProps/core.xml": lambda xml: _core_properties(xml, properties)},
    )
