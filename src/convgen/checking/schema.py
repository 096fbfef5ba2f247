"""JSON Schema validation, with errors rewritten for the people who draft.

A raw jsonschema error says ``'A définir' should not be valid under
{'$ref': '#/$defs/gap'}``; a drafter needs « Article 3.3 — Engagements du
Rectorat : mention à compléter (« à définir ») ». This module validates a
loaded document against its shipped schema and turns each error into a
:class:`~convgen.foundation.findings.Finding` with position, subject and a French
message. Gaps (values matching ``$defs/gap``) get their own codes so that
their severity can depend on the document's status.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

# No stubs for jsonschema in the locked test tools (types-jsonschema would be them).
import jsonschema  # type: ignore[import-untyped]
from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped]

from convgen.checking.placing import make_finding
from convgen.foundation import codes, french, gaps, resources
from convgen.foundation.findings import Finding, Path_, Severity
from convgen.foundation.french import without_format_characters
from convgen.loading.reader import SourceDocument, value_at
from convgen.model.convention import MAX_MAGNITUDE, YEAR_RANGE, finite
from convgen.model.outline import Describes

_TYPE_NAMES = {
    "string": "un texte",
    "integer": "un nombre entier",
    "number": "un nombre",
    "boolean": "vrai ou faux (true/false)",
    "array": "une liste (éléments précédés de « - »)",
    "object": "un ensemble de champs « clé: valeur »",
    "null": "rien",
}


@cache
def validator(kind: str) -> jsonschema.protocols.Validator:
    """A compiled validator for documents of ``kind`` (built once per process).

    It is the schema's own validator, with one shortcut: ``not: {$ref: gap}``,
    written on every text and figure, is decided by :mod:`convgen.foundation.gaps` (the
    same patterns, read from the schema, compiled once) instead of walking the
    gap definition's alternatives through references each time; the errors
    are the same.
    """
    schema = resources.schema(kind)
    base = jsonschema.validators.validator_for(schema)
    general_not = base.VALIDATORS["not"]

    def not_(validator: Any, not_schema: Any, instance: Any, schema: Any) -> Iterator[Any]:
        is_gap_ref = isinstance(not_schema, dict) and list(not_schema) == ["$ref"]
        if is_gap_ref and str(not_schema["$ref"]).endswith(gaps.GAP_REF):
            if gaps.is_gap(instance):
                yield ValidationError(f"{instance!r} should not be valid under {not_schema!r}")
            return
        yield from general_not(validator, not_schema, instance, schema)

    general_ref = base.VALIDATORS["$ref"]
    memo: dict[tuple[str, str], list[ValidationError]] = {}

    def ref(validator: Any, reference: Any, instance: Any, schema: Any) -> Iterator[Any]:
        if reference not in _MEMO_REFS or not isinstance(instance, dict):
            yield from general_ref(validator, reference, instance, schema)
            return
        key = (reference, json.dumps(instance, sort_keys=True, default=str))
        errors = memo.get(key)
        if errors is None:
            if len(memo) >= _MEMO_LIMIT:
                memo.clear()
            errors = memo[key] = [
                _clone(e) for e in general_ref(validator, reference, instance, schema)
            ]
        for error in errors:
            yield _clone(error)  # jsonschema extends an error's path as it bubbles up

    cls = jsonschema.validators.extend(base, {"not": not_, "$ref": ref})
    return cls(schema, format_checker=base.FORMAT_CHECKER, registry=resources.registry())


# The definitions of big objects a programme repeats from convention to convention (a
# model's articles, shared parties): validated once per distinct value.
_MEMO_REFS = frozenset({"#/$defs/article", "#/$defs/commitments", "#/$defs/party"})
_MEMO_LIMIT = 4096


def _clone(error: ValidationError) -> ValidationError:
    """A fresh copy of ``error`` (and of the errors it holds), paths relative as yielded."""
    return ValidationError(
        error.message,
        validator=error.validator,
        path=list(error.relative_path),
        cause=error.cause,
        context=[_clone(child) for child in error.context],
        validator_value=error.validator_value,
        instance=error.instance,
        schema=error.schema,
        schema_path=list(error.relative_schema_path),
        type_checker=error._type_checker,
    )


@dataclass
class SchemaResult:
    """Findings of the schema check, and whether the structure is sound.

    ``structural`` is False when some error is not a gap: the document cannot
    be trusted to have the shape later stages rely on.
    """

    findings: list[Finding]
    structural: bool


def describe_value(value: Any) -> str:
    """A short French rendering of a value, for messages."""
    if value is None:
        return "une valeur vide"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return number_text(value)
    if isinstance(value, str):
        flat = " ".join(value.split())
        if not flat:
            return "un texte vide"
        return f"« {flat[:60]}{'…' if len(flat) > 60 else ''} »"
    if isinstance(value, list):
        return "une liste"
    return "un ensemble de champs"


def number_text(value: int | float) -> str:
    """A number for a message, never in exponent notation (« 1e+308 ») nor as thousands of
    digits: « 12 », « 12.5 », « un nombre de 4000 chiffres », « l'infini »."""
    if isinstance(value, float):
        if math.isnan(value):
            return "« nan » (pas un nombre)"
        if math.isinf(value):
            return "l'infini" if value > 0 else "moins l'infini"
        if abs(value) > MAX_MAGNITUDE:
            power = math.floor(math.log10(abs(value)))
            return f"un nombre démesuré (de l'ordre de 10 puissance {power})"
        if value.is_integer():
            return str(int(value))
        if abs(value) < 1e-6:
            return "un nombre infime (presque zéro)"
        return repr(value) if "e" not in repr(value) else f"{value:.6f}".rstrip("0")
    if -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE:
        return str(value)
    size = abs(value)
    digits = len(str(size)) if size.bit_length() < 13_000 else math.floor(math.log10(size)) + 1
    return f"un nombre {'négatif ' if value < 0 else ''}de {digits} chiffres"


def _field_title(root: dict[str, Any], schema_path: Sequence[Any]) -> str | None:
    """The title of the innermost property the failing keyword belongs to."""
    document, node = root, root
    title = None
    previous = None
    for token in list(schema_path)[:-1]:  # the last token is the failing keyword itself
        # a reference may lead to another (convention → party.schema.json): follow them all
        while isinstance(node, dict) and "$ref" in node and token != "$ref" and token not in node:
            document, node = resources.resolve(node["$ref"], document)
        if token == "$ref":
            document, node = resources.resolve(node["$ref"], document)
            previous = token
            continue
        try:
            node = node[token]
        except (KeyError, IndexError, TypeError):
            return title
        if previous == "properties" and isinstance(node, dict) and "title" in node:
            title = node["title"]
        previous = token
    return title


def _is_kind_error(error: ValidationError, parent: ValidationError) -> bool:
    return list(error.absolute_path) == list(parent.absolute_path) and error.validator in (
        "type",
        "const",
        "enum",
    )


def _branch_titles(root: dict[str, Any], branches: Iterable[Any]) -> list[str]:
    titles = []
    for branch in branches:
        node = resources.resolve(branch["$ref"], root)[1] if "$ref" in branch else branch
        if "title" in node:
            titles.append(node["title"].lower())
        elif "type" in node:
            titles.append(_TYPE_NAMES.get(node["type"], node["type"]))
    return titles


def _leaves(error: ValidationError, root: dict[str, Any]) -> Iterator[ValidationError]:
    """The errors a person should read: inside ``anyOf``, those of the branch that fits."""
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        yield error
        return
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    viable = {
        index: errors
        for index, errors in branches.items()
        if not any(_is_kind_error(e, error) for e in errors)
    }
    if not viable:
        yield error  # no branch has the right kind: report the alternatives
        return
    depth = len(error.absolute_path)

    def score(item: tuple[int, list[ValidationError]]) -> tuple[int, int]:
        errors = item[1]
        shallow = sum(1 for e in errors if len(e.absolute_path) == depth)
        return (shallow, len(errors))

    _, chosen = min(viable.items(), key=score)
    for sub in chosen:
        yield from _leaves(sub, root)


def _type_message(error: ValidationError) -> tuple[str, str]:
    expected = error.validator_value
    names = [expected] if isinstance(expected, str) else list(expected)
    wanted = " ou ".join(_TYPE_NAMES.get(n, n) for n in names)
    value = error.instance
    message = f"attendu {wanted}, trouvé {describe_value(value)}"
    if isinstance(value, str) and _looks_like_french_decimal(value):
        message += f" (écrivez {value.replace(',', '.').replace(' ', '')}, avec un point)"
    return codes.TYPE, message


def _value_message(error: ValidationError) -> tuple[str, str]:
    allowed = error.validator_value if error.validator == "enum" else [error.validator_value]
    shown = ", ".join(f"« {a} »" for a in allowed)
    message = f"valeur {describe_value(error.instance)} non admise ; valeurs possibles : {shown}"
    close = difflib.get_close_matches(str(error.instance), [str(a) for a in allowed], n=1)
    if close and len(allowed) > 1:
        message += f" — vouliez-vous dire « {close[0]} » ?"
    return codes.VALUE, message


def _pattern_message(error: ValidationError) -> tuple[str, str]:
    if error.schema.get("format") == "date":  # the pattern bounds the year of a date
        if isinstance(error.instance, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", error.instance):
            low, high = YEAR_RANGE
            return codes.RANGE, (
                f"{describe_value(error.instance)} : année hors limites (de {low} à {high})"
            )
        return _format_message(error)  # the same message as the format's, given once
    hint = error.schema.get("description", "")
    message = f"{describe_value(error.instance)} n'a pas la forme attendue"
    if hint:
        message += f" ({_lower_first(hint).rstrip('.')})"
    return codes.FORM, message


def _format_message(error: ValidationError) -> tuple[str, str]:
    return codes.FORM, f"{describe_value(error.instance)} n'est pas une date valide (AAAA-MM-JJ)"


def _range_message(error: ValidationError) -> tuple[str, str]:
    relation = "au moins" if "inimum" in str(error.validator) else "au plus"
    bound = error.validator_value
    return codes.RANGE, f"{describe_value(error.instance)} hors limites ({relation} {bound})"


def _items_message(error: ValidationError) -> tuple[str, str]:
    count = error.validator_value
    found = len(error.instance)
    relation = "au moins" if error.validator == "minItems" else "au plus"
    expected = french.count_noun(count, "élément attendu", "éléments attendus")
    return codes.COUNT, f"{relation} {expected}, {french.count_noun(found, 'trouvé')}"


def _properties_message(error: ValidationError) -> tuple[str, str]:
    names = ", ".join(error.schema.get("properties", {}))
    return codes.COUNT, f"au moins un champ attendu parmi : {names}"


def _property_name_message(error: ValidationError) -> tuple[str, str]:
    value = describe_value(error.instance)
    return codes.FORM, f"clé {value} mal formée : minuscules, chiffres et tirets"


_MESSAGES = {
    "type": _type_message,
    "enum": _value_message,
    "const": _value_message,
    "pattern": _pattern_message,
    "format": _format_message,
    "minimum": _range_message,
    "maximum": _range_message,
    "exclusiveMinimum": _range_message,
    "exclusiveMaximum": _range_message,
    "minItems": _items_message,
    "maxItems": _items_message,
    "minProperties": _properties_message,
    "propertyNames": _property_name_message,
}


class _Messages:
    """Builds findings from leaf errors of one document."""

    def __init__(
        self, doc: SourceDocument, outline: Describes, gap_severity: Severity, kind: str
    ) -> None:
        self.doc = doc
        self.outline = outline
        self.gap_severity = gap_severity
        self.root = resources.schema(kind)
        self.kind = kind

    def finding(
        self, code: str, severity: Severity, message: str, path: Path_, *, key: bool = False
    ) -> Finding:
        found = make_finding(self.doc, self.outline, code, severity, message, path, key=key)
        # a message or subject quoting a text never carries its control characters (CG032)
        return replace(
            found,
            message=without_format_characters(found.message),
            subject=without_format_characters(found.subject),
        )

    def gap(self, error: ValidationError) -> Finding:
        path = tuple(error.absolute_path)
        value = error.instance
        title = _field_title(self.root, error.absolute_schema_path) or "valeur"
        kind = gaps.classify(value)
        if value is None or (isinstance(value, str) and not value.strip()):
            code, message = codes.GAP_EMPTY, f"{title} : valeur vide, à compléter"
        elif _expects_figure(error):
            code = codes.GAP_FIGURE
            message = f"{title} à compléter : {describe_value(value)} au lieu d'un chiffre"
        else:
            code = codes.GAP_TEXT
            spans = gaps.find_gaps(value)
            shown = gaps.excerpt(value, spans[0]) if spans else value
            family = kind.title if kind else "mention à compléter"
            message = f"{title} : mention à compléter ({family}) dans « {shown} »"
        parent = path[:-1]
        if path and path[-1] in ("percent", "amount") and len(path) >= 2:
            figure = value_at(self.doc.data, parent)
            if isinstance(figure, dict) and isinstance(figure.get("base"), str):
                message += f" ; base : {figure['base']}"
        finding = self.finding(code, self.gap_severity, message, path)
        return replace(finding, summary=f"{title.lower()} à compléter")

    def convert(self, error: ValidationError) -> list[Finding]:
        """The findings a person should read for one (non-gap) schema error."""
        path = tuple(error.absolute_path)
        if error.validator == "required":
            return self._missing(error, path)
        if error.validator == "additionalProperties":
            return self._unknown(error, path)
        title = _field_title(self.root, error.absolute_schema_path)
        where = f"{title} : " if title else ""
        if error.validator in ("anyOf", "oneOf"):
            return [
                self.finding(codes.COMBINATION, Severity.ERROR, self._alternatives(error), path)
            ]
        describe = _MESSAGES.get(str(error.validator))
        if describe is None:
            code, message = codes.OTHER, f"valeur non conforme ({error.message})"
        else:
            code, message = describe(error)
        key = error.validator == "propertyNames"
        return [self.finding(code, Severity.ERROR, where + message, path, key=key)]

    def _missing(self, error: ValidationError, path: Path_) -> list[Finding]:
        props = error.schema.get("properties", {})
        out = []
        for name in (n for n in error.validator_value if n not in error.instance):
            label = props.get(name, {}).get("title") or self._title_of((*path, name))
            described = f"« {name} »" + (f" ({label})" if label else "")
            message = f"champ obligatoire {described} manquant"
            out.append(self.finding(codes.REQUIRED, Severity.ERROR, message, path))
        return out

    def _title_of(self, path: Path_) -> str | None:
        """The title of the field at data ``path``: a ``required`` written apart from the
        properties it names (what only a complete document must have) finds it there."""
        titles = titles_at(self.kind, path)
        return titles[-1] if len(titles) == len(path) else None

    def _unknown(self, error: ValidationError, path: Path_) -> list[Finding]:
        allowed = list(error.schema.get("properties", {}))
        out = []
        for name in (n for n in error.instance if n not in allowed):
            message = f"champ inconnu « {name} »"
            close = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
            if close:
                message += f" — vouliez-vous dire « {close[0]} » ?"
            elif allowed:
                message += f" ; champs possibles : {', '.join(allowed)}"
            out.append(
                self.finding(codes.UNKNOWN, Severity.ERROR, message, (*path, name), key=True)
            )
        return out

    def _alternatives(self, error: ValidationError) -> str:
        branches = error.validator_value
        titles = _branch_titles(self.root, branches)
        value = error.instance
        if error.validator == "oneOf" and all(
            set(b) <= {"title", "description", "required"} for b in branches
        ):
            # « exactly one of these keys »: say which were given.
            keys = [b["required"][0] for b in branches]
            given = [k for k in keys if isinstance(value, dict) and k in value]
            choices = ", ".join(f"{t} ({k})" for t, k in zip(titles, keys, strict=True))
            if not given:
                return f"indiquez un chiffre : {choices}"
            return f"un seul chiffre par entrée, trouvé : {', '.join(given)}"
        title = _field_title(self.root, error.absolute_schema_path)
        where = f"{title} : " if title else ""
        return f"{where}attendu {' ou '.join(titles)}, trouvé {describe_value(value)}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _looks_like_french_decimal(text: str) -> bool:
    stripped = text.replace(" ", "").replace("\u202f", "").replace("\u00a0", "")
    head, _, tail = stripped.partition(",")
    return bool(head.isdigit() and tail.isdigit())


def _expects_figure(error: ValidationError) -> bool:
    """Whether the field refusing the gap is a number rather than a text."""
    return error.schema.get("type") in ("number", "integer", "object")


def _is_gap_error(error: ValidationError) -> bool:
    value = error.validator_value
    return (
        error.validator == "not"
        and isinstance(value, dict)
        and str(value.get("$ref", "")).endswith(gaps.GAP_REF)
    )


def error_findings(
    error: ValidationError,
    doc: SourceDocument,
    outline: Describes,
    gap_severity: Severity,
    *,
    kind: str | None = None,
) -> list[Finding]:
    """The findings :func:`validate` makes of one leaf (non-gap) schema error of ``doc``,
    whatever its keyword: one the messages do not foresee still gets a finding (CG019)."""
    kind = kind or doc.kind or "convention"
    return _Messages(doc, outline, gap_severity, kind).convert(error)


def validate(
    doc: SourceDocument, outline: Describes, gap_severity: Severity, *, kind: str | None = None
) -> SchemaResult:
    """Check ``doc`` against the schema of its kind (or of ``kind``); findings in document
    order."""
    kind = kind or doc.kind or "convention"
    root = resources.schema(kind)
    messages = _Messages(doc, outline, gap_severity, kind)
    leaves = [
        leaf for error in validator(kind).iter_errors(doc.data) for leaf in _leaves(error, root)
    ]
    gap_paths = {tuple(e.absolute_path) for e in leaves if _is_gap_error(e)}
    findings = [
        _impossible(doc, outline, kind, path, value) for path, value in impossible(doc.data)
    ]
    structural = not findings
    refused = {finding.path for finding in findings}
    seen: set[tuple[Path_, str, str]] = set()
    for leaf in leaves:
        path = tuple(leaf.absolute_path)
        if path in refused:
            continue  # nan or 1e308 is also out of range, or no integer: CG018 says it all
        if _is_gap_error(leaf):
            produced = [messages.gap(leaf)]
        elif path in gap_paths:
            continue  # « 20 % » written as « ... » also fails ``type``: the gap says it all
        else:
            structural = False
            produced = messages.convert(leaf)
        for finding in produced:
            marker = (finding.path, finding.code, finding.message)
            if marker not in seen:
                seen.add(marker)
                findings.append(finding)
    findings.sort(key=Finding.sort_key)
    return SchemaResult(findings, structural)


def impossible(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, int | float]]:
    """(path, number) of every number of ``value`` convgen cannot compute with: nan, the
    infinite (``!!float nan``, ``1e400``), past fifteen digits (``1e308``, an integer of
    4000 digits); see :func:`convgen.model.convention.finite`."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield from impossible(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from impossible(child, (*path, index))
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and not finite(value):
        yield path, value


def written(doc: SourceDocument, path: Path_, *, limit: int = 24) -> str | None:
    """The value at ``path`` as written in its file (« 1e308 », « !!float nan »), shortened
    to ``limit`` characters; ``None`` when it spans several lines or is not found."""
    start, end = doc.value_positions.get(tuple(path)), doc.value_ends.get(tuple(path))
    if start is None or end is None or start.line != end.line:
        return None
    lines = doc.text_of(start.file).splitlines()
    if start.line > len(lines):
        return None
    text = lines[start.line - 1][start.column - 1 : end.column - 1].strip()
    if not text:
        return None
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} caractères)"


def _impossible(
    doc: SourceDocument, outline: Describes, kind: str, path: Path_, value: int | float
) -> Finding:
    title = title_at(kind, path)
    where = f"{title} : " if title else ""
    shown = written(doc, path)
    shown = f"« {shown} »" if shown else number_text(value)
    if isinstance(value, float) and math.isnan(value):
        reason = "« nan » veut dire « pas un nombre »"
    elif isinstance(value, float) and math.isinf(value):
        reason = "c'est l'infini (ou un nombre trop grand pour être lu)"
    else:
        reason = f"il a plus de {len(str(MAX_MAGNITUDE)) - 1} chiffres"
    message = (
        f"{where}{shown} n'est pas un chiffre utilisable : {reason} ; écrivez le chiffre voulu "
        "(« ... » s'il n'est pas encore connu)"
    )
    finding = make_finding(doc, outline, codes.IMPOSSIBLE, Severity.ERROR, message, path)
    return replace(finding, summary="chiffre impossible")


def _branches(
    document: dict[str, Any],
    node: dict[str, Any],
    follow: Callable[[dict[str, Any], Any], tuple[dict[str, Any], Any]],
) -> list[tuple[dict[str, Any], Any]]:
    """``node`` and every schema it may be read as (``anyOf``, ``oneOf``, ``allOf``, the
    ``then`` and ``else`` of an ``if``), references followed, depth first."""
    out: list[tuple[dict[str, Any], Any]] = [(document, node)]
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in node.get(key, []):
            doc, child = follow(document, branch)
            if isinstance(child, dict):
                out.extend(_branches(doc, child, follow))
    for key in ("then", "else"):
        if isinstance(node.get(key), dict):
            doc, child = follow(document, node[key])
            if isinstance(child, dict):
                out.extend(_branches(doc, child, follow))
    return out


def titles_at(kind: str, path: Path_) -> list[str | None]:
    """The schema title of each step of data ``path``, ``None`` where a step has none
    (« Durées », « Résiliation », « Préavis » for terms.termination.notice); shorter than
    the path where the schema no longer describes it."""

    def follow(document: dict[str, Any], node: Any) -> tuple[dict[str, Any], Any]:
        while isinstance(node, dict) and "$ref" in node:
            document, node = resources.resolve(node["$ref"], document)
        return document, node

    def step(node: dict[str, Any], token: str | int) -> Any:
        if isinstance(token, int):
            return node.get("items")
        return node.get("properties", {}).get(token) or node.get("additionalProperties")

    document: dict[str, Any] = resources.schema(kind)
    node: Any = document
    titles: list[str | None] = []
    for token in path:
        document, node = follow(document, node)
        if not isinstance(node, dict):
            return titles
        options = _branches(document, node, follow)
        found = next(
            (
                (doc, child)
                for doc, option in options
                if isinstance(child := step(option, token), dict)
            ),
            None,
        )
        if found is None:
            return titles
        document, node = found
        target, holder = node, document
        while isinstance(target, dict) and "title" not in target and "$ref" in target:
            holder, target = resources.resolve(target["$ref"], holder)  # the nearest title
        title = target.get("title") if isinstance(target, dict) else None
        titles.append(title if isinstance(title, str) else None)
    return titles


def title_at(kind: str, path: Path_) -> str | None:
    """The schema title of the field at data ``path`` (« Préavis » for
    terms.termination.notice), or the nearest title above it."""
    return next((t for t in reversed(titles_at(kind, path)) if t), None)
