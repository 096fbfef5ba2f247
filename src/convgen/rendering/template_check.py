"""Checking an institution's Word template against the template contract.

:func:`check_template` reads a template as the renderer would (within the same
bounds), prepares each part as docxtpl hands it to Jinja, parses it, and walks
the Jinja tree against :mod:`convgen.rendering.contract`: a tag that does not
parse (CG801), a variable or a field the contract does not declare (CG802), a
style the document needs and the template lacks (CG803). The findings name
the template file, the part (``subject``: « word/document.xml »,
« word/header1.xml »…) and the line and column in the part's XML as Jinja
reads it: one line per paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import nodes
from lxml import etree

from convgen.foundation.codes import (
    REGISTRY,
    TEMPLATE_STYLE,
    TEMPLATE_SYNTAX,
    TEMPLATE_VARIABLE,
)
from convgen.foundation.errors import TemplateError
from convgen.foundation.findings import Finding
from convgen.rendering import contract
from convgen.rendering.base import environment, prepared_xml, template_parts

# The parts docxtpl renders through Jinja: the body, headers, footers and footnotes.
RENDERED_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes)\.xml")
# The document properties docxtpl renders through Jinja too (each one a template).
RENDERED_PROPERTIES = (
    "dc:title",
    "dc:subject",
    "dc:creator",
    "dc:description",
    "dc:identifier",
    "dc:language",
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_STYLE_REFERENCE = re.compile(r'<w:(pStyle|rStyle|tblStyle)\s+w:val="([^"{}]+)"')
_STYLE_TYPES = {"pStyle": "paragraph", "rStyle": "character", "tblStyle": "table"}
_TYPE_NAMES = {"paragraph": "paragraphe", "character": "caractère", "table": "tableau"}


@dataclass(frozen=True)
class _Source:
    """One template source: a part, or a property of ``docProps/core.xml``."""

    part: str
    text: str
    line: int = 1  # where ``text`` starts in the part (for a property)
    column: int = 1


def check_template(path: Path, kind: str | None = None) -> list[Finding]:
    """The findings of the check of the Word template ``path`` against the contract of
    ``kind`` (``convention`` or ``deliberation``; ``None``: the kind whose contract the
    template fits best). Raises :class:`TemplateError` when the file cannot be read as a
    Word template, or ``kind`` is not a kind of template."""
    if kind is not None and kind not in contract.KINDS:
        raise TemplateError(
            f"sorte de modèle inconnue « {kind} » : "
            + " ou ".join(f"« {k} »" for k in contract.KINDS),
            file=path,
        )
    parts = template_parts(path)
    file = str(path)
    findings: list[Finding] = []
    trees: list[tuple[_Source, nodes.Template]] = []
    for source in _sources(parts):
        tree = _parse(source, file, findings)
        if tree is not None:
            trees.append((source, tree))
    kinds = [kind] if kind is not None else list(contract.KINDS)
    unknown = {k: [_unknown(s, t, k, file) for s, t in trees] for k in kinds}
    chosen = min(kinds, key=lambda k: sum(len(found) for found in unknown[k]))
    for found in unknown[chosen]:
        findings += found
    findings += _styles(parts, file)
    return sorted(
        findings, key=lambda f: (f.subject != "word/document.xml", f.subject, *f.sort_key())
    )


def _decoded(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:  # another encoding: as lxml reads it
        return str(etree.tostring(etree.fromstring(data, _PARSER), encoding="unicode"))


def _sources(parts: dict[str, bytes]) -> Iterable[_Source]:
    names = sorted(
        (n for n in parts if RENDERED_PARTS.fullmatch(n)),
        key=lambda n: (n != "word/document.xml", n),
    )
    for name in names:
        yield _Source(name, prepared_xml(_decoded(parts[name])))
    core = parts.get("docProps/core.xml")
    if core is not None:
        text = _decoded(core)
        for tag in RENDERED_PROPERTIES:
            match = re.search(rf"<{tag}(?:\s[^>]*)?>(.*?)</{tag}>", text, re.DOTALL)
            if match and ("{" in match.group(1)):
                line, column = _line_column(text, match.start(1))
                yield _Source("docProps/core.xml", _unescaped(match.group(1)), line, column)


def _unescaped(text: str) -> str:
    return (
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    )


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _finding(code: str, message: str, file: str, part: str, line: int, column: int) -> Finding:
    entry = REGISTRY[code]
    return Finding(
        code,
        entry.severity,
        message,
        file,
        line=line,
        column=column,
        subject=part,
        summary=entry.title.lower(),
    )


def _at(source: _Source, line: int, column: int) -> tuple[int, int]:
    """A position in ``source.text`` as a position in its part."""
    if line == 1:
        return source.line, source.column + column - 1
    return source.line + line - 1, column


def _first_tag_column(source: _Source, line: int) -> int:
    lines = source.text.split("\n")
    if not 1 <= line <= len(lines):
        return 1
    match = re.search(r"\{[{%#]", lines[line - 1])
    return match.start() + 1 if match else 1


def _parse(source: _Source, file: str, findings: list[Finding]) -> nodes.Template | None:
    env = environment()
    try:
        tree = env.parse(source.text)
    except jinja2.TemplateSyntaxError as exc:
        line = exc.lineno or 1
        position = _at(source, line, _first_tag_column(source, line))
        message = f"balise de modèle invalide : {exc.message}"
        findings.append(_finding(TEMPLATE_SYNTAX, message, file, source.part, *position))
        return None
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        known = env.filters if isinstance(node, nodes.Filter) else env.tests
        if node.name not in known:
            what = "filtre" if isinstance(node, nodes.Filter) else "test"
            position = _at(source, node.lineno, _column(source, node.lineno, node.name, {}))
            message = f"{what} inconnu « {node.name} »"
            findings.append(_finding(TEMPLATE_SYNTAX, message, file, source.part, *position))
    for reading in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        position = _at(source, reading.lineno, _first_tag_column(source, reading.lineno))
        message = (
            "un modèle ne peut pas lire d'autre fichier (« include », « import », « extends »)"
        )
        findings.append(_finding(TEMPLATE_SYNTAX, message, file, source.part, *position))
    return tree


def _column(source: _Source, line: int, expression: str, cursors: dict[int, int]) -> int:
    """The column of ``expression`` in a Jinja tag of ``line``, searching after the
    previous expression found on that line (``cursors``), so that two uses of one name
    on a line get their own columns."""
    lines = source.text.split("\n")
    if not 1 <= line <= len(lines):
        return 1
    text = lines[line - 1]
    names = re.findall(r"\w+", expression.split("[")[0])
    if not names:
        return _first_tag_column(source, line)
    pattern = re.compile(r"(?<![\w.])" + r"\s*\.\s*".join(map(re.escape, names)) + r"(?!\w)")
    spans = [m.span() for m in _TAG.finditer(text)]
    start = cursors.get(line, 0)
    for begin in (start, 0):
        for match in pattern.finditer(text, begin):
            if any(a <= match.start() < b for a, b in spans):
                cursors[line] = match.start() + 1
                return match.start() + 1
    return _first_tag_column(source, line)


def _unknown(source: _Source, tree: nodes.Template, kind: str, file: str) -> list[Finding]:
    cursors: dict[int, int] = {}
    out = []
    for unknown in contract.unknown_names(tree, kind):
        column = _column(source, unknown.line, unknown.expression, cursors)
        position = _at(source, unknown.line, column)
        message = f"le modèle de {contract.KIND_NAMES[kind]} utilise une {unknown.message}"
        if unknown.message.startswith("«"):
            message = f"dans le modèle de {contract.KIND_NAMES[kind]}, {unknown.message}"
        out.append(_finding(TEMPLATE_VARIABLE, message, file, source.part, *position))
    return out


def _styles(parts: dict[str, bytes], file: str) -> list[Finding]:
    defined: set[tuple[str, str]] = set()
    styles = parts.get("word/styles.xml")
    if styles is not None:
        root = etree.fromstring(styles, _PARSER)
        for style in root.iter(f"{{{W_NS}}}style"):
            defined.add(
                (style.get(f"{{{W_NS}}}type") or "paragraph", style.get(f"{{{W_NS}}}styleId") or "")
            )
    out = []
    for needed in contract.RENDERER_STYLES:
        if (needed.type, needed.id) not in defined:
            out.append(
                _finding(
                    TEMPLATE_STYLE,
                    f"style de {_TYPE_NAMES[needed.type]} « {needed.id} » absent des styles du "
                    "modèle : convgen l'applique aux mentions à compléter, qui ne seront pas "
                    "surlignées",
                    file,
                    "word/styles.xml",
                    1,
                    1,
                )
            )
    for name in sorted(n for n in parts if RENDERED_PARTS.fullmatch(n)):
        text = prepared_xml(_decoded(parts[name]))
        seen: set[tuple[str, str]] = set()
        for match in _STYLE_REFERENCE.finditer(text):
            key = (_STYLE_TYPES[match.group(1)], match.group(2))
            if key in defined or key in seen:
                continue
            seen.add(key)
            line, column = _line_column(text, match.start())
            out.append(
                _finding(
                    TEMPLATE_STYLE,
                    f"le modèle utilise le style de {_TYPE_NAMES[key[0]]} « {key[1]} », absent "
                    "de ses styles (word/styles.xml)",
                    file,
                    name,
                    line,
                    column,
                )
            )
    return out
