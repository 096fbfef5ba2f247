"""Composing a convention from a model and shared parties.

A programme signs the same convention city by city. Its common text is
written once, as a *model* (``document: model``), and each city's file
extends it (``extends: models/maison-des-competences.yaml``) with its own
differences; parties signed by every city are written once, as *shared
parties* (``parties/cnam.yaml``, ``document: party``), and used by their id
(``- use: cnam``).

The merge rules:

- a mapping is merged key by key: what the city writes replaces what the
  model says, recursively;
- a list is merged item by item when every item the city writes has an
  identity (``id``, ``key`` or ``party``) and the model's list has some: an
  item with the identity of a model item is merged into it, in the model's
  place; a new item is added at the end, or where ``after: clé`` /
  ``before: clé`` puts it; ``- remove: clé`` takes an item out; the model's
  items without identity stay where they are;
- a shared party used with ``id: autre`` takes that id in this document;
- any other value, and any other list, is replaced whole.

Every value keeps the position where it was written, in the model, the
shared party or the city's file, so that a finding points at the right file
and line.

Bounds: a model may extend another, up to :data:`MAX_MODEL_DEPTH` models in
a chain (a longer chain is reported, CG020, at the ``extends`` that goes one
too far); a chain that comes back to a file already in it is reported as a
loop. A path to a model, or a shared party's file, that is not a regular file
(a folder, a named pipe, a device) or cannot name one (NUL, too long,
symbolic links that loop) is reported before anything is read.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from convgen.foundation import codes
from convgen.foundation.errors import InputError
from convgen.foundation.findings import Finding, Path_, Severity
from convgen.foundation.paths import (
    MAX_NAME_BYTES,
    Project,
    file_problem,
    project_root,
    resolve,
    safe_resolve,
)
from convgen.loading.cache import RunCache
from convgen.loading.reader import Position, SourceDocument

IDENTITIES = ("id", "key", "party")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DIRECTIVES = ("after", "before")

# Models extending models: at most this many in a chain under a document.
MAX_MODEL_DEPTH = 32
# A shared party's id names its file, « parties/<id>.yaml »: it must fit in a file name.
MAX_ID_LENGTH = MAX_NAME_BYTES - len(".yaml")


@dataclass
class Node:
    """A value with where it was written: positions in ``file`` (the key's may be in
    ``key_file`` when the key comes from the model and the value from the city)."""

    value: Any  # dict[str, Node], list[Node] or a scalar
    file: Path
    at: Position | None = None
    end: Position | None = None
    key_at: Position | None = None
    key_file: Path | None = None

    def plain(self) -> Any:
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


def _annotate(
    doc: SourceDocument, value: Any, path: Path_, within: frozenset[int] = frozenset()
) -> Node:
    # ``within``: the containers being annotated around this one. The loader refuses
    # recursive aliases; should a block contain itself anyway, it stops here, empty,
    # rather than recurse forever.
    if isinstance(value, (dict, list)) and id(value) in within:
        inner: Any = type(value)()
    elif isinstance(value, dict):
        inside = within | {id(value)}
        inner = {k: _annotate(doc, v, (*path, k), inside) for k, v in value.items()}
    elif isinstance(value, list):
        inside = within | {id(value)}
        inner = [_annotate(doc, v, (*path, i), inside) for i, v in enumerate(value)]
    else:
        inner = value
    return Node(
        inner,
        doc.file,
        doc.value_positions.get(path),
        doc.value_ends.get(path),
        doc.key_positions.get(path),
    )


def identity(node: Node) -> str | None:
    """The identity of a list item: its ``id``, ``key`` or ``party``."""
    if not isinstance(node.value, dict):
        return None
    for name in (*IDENTITIES, "use", "remove"):
        found = node.value.get(name)
        if found is not None and isinstance(found.value, str):
            return found.value
    return None


@dataclass
class _Composer:
    project: Project
    cache: RunCache
    findings: list[Finding] = field(default_factory=list)
    parts: list[SourceDocument] = field(default_factory=list)
    # every model and shared party file opened, read or not (see Composition.uses)
    opened: list[Path] = field(default_factory=list)

    @property
    def root(self) -> Path:
        return self.project.root

    def problem(self, code: str, node: Node | None, doc: SourceDocument, message: str) -> None:
        where = (node.key_at or node.at) if node else None
        file = (node.key_file or node.file) if node and node.key_at else (node or doc).file
        self.findings.append(
            Finding(
                code=code,
                severity=Severity.ERROR,
                message=message,
                file=str(file),
                line=where.line if where else 1,
                column=where.column if where else 1,
                subject={
                    codes.MODEL: "Modèle",
                    codes.SHARED_PARTY: "Parties",
                }.get(code, "Fusion avec le modèle"),
            )
        )

    def read(self, path: Path) -> SourceDocument | None:
        path = shown(path)
        for part in self.parts:
            if part.file == path:
                return part
        self.opened.append(path)
        document = self.cache.load(path)
        self.parts.append(document)
        return document

    # -- one file, its model under it -----------------------------------------------------

    def layer(self, doc: SourceDocument, chain: tuple[Path, ...]) -> Node | None:
        node = _annotate(doc, doc.data, ())
        if not isinstance(node.value, dict):
            return node
        self.expand_uses(doc, node)
        extends = node.value.pop("extends", None)
        if extends is None:
            return node
        base = self.model(doc, extends, chain)
        if base is None:
            return None
        merged = self.merge(base, node, doc)
        # The file's own kind wins: a city says « convention », its model « model ».
        return merged

    def model(self, doc: SourceDocument, written: Node, chain: tuple[Path, ...]) -> Node | None:
        if not isinstance(written.value, str):
            self.problem(codes.MODEL, written, doc, "« extends » attend le chemin d'un modèle")
            return None
        reference = resolve(doc.file, written.value, self.project)
        if not reference.usable:
            self.problem(codes.MODEL, written, doc, f"modèle refusé : {reference.problem}")
            return None
        path = reference.path
        if path in chain:
            cycle = " → ".join(p.name for p in (*chain, path))
            self.problem(codes.MODEL, written, doc, f"les modèles s'étendent en boucle : {cycle}")
            return None
        if len(chain) > MAX_MODEL_DEPTH:
            self.problem(
                codes.MODEL,
                written,
                doc,
                f"trop de modèles en chaîne (au plus {MAX_MODEL_DEPTH} sous {chain[0].name}, "
                f"chacun étendant le suivant) : « {written.value} » en serait le "
                f"{MAX_MODEL_DEPTH + 1}e ; il n'est pas lu",
            )
            return None
        try:
            model = self.read(path)
        except InputError as exc:
            self.problem(codes.MODEL, written, doc, f"modèle {written.value} : {exc.message}")
            return None
        if model is None or model.kind != "model":
            found = f"« document: {model.kind} »" if model and model.kind else "aucun « document »"
            self.problem(
                codes.MODEL,
                written,
                doc,
                f"{written.value} n'est pas un modèle ({found} ; attendu « document: model »)",
            )
            return None
        return self.layer(model, (*chain, path))

    # -- shared parties ----------------------------------------------------------------------

    def expand_uses(self, doc: SourceDocument, node: Node) -> None:
        parties = node.value.get("parties")
        if parties is None or not isinstance(parties.value, list):
            return
        for index, item in enumerate(parties.value):
            if not isinstance(item.value, dict) or "use" not in item.value:
                continue
            used = item.value["use"]
            party = self.shared_party(doc, used)
            if party is None:
                continue
            overrides = Node(
                {k: v for k, v in item.value.items() if k != "use"},
                item.file,
                item.at,
                item.end,
                item.key_at,
            )
            parties.value[index] = self.merge(party, overrides, doc)

    def shared_party(self, doc: SourceDocument, used: Node) -> Node | None:
        wanted = used.value
        if not isinstance(wanted, str) or not _ID.match(wanted):
            self.problem(
                codes.SHARED_PARTY,
                used,
                doc,
                f"« use » attend l'identifiant d'une partie partagée (minuscules, chiffres, "
                f"tirets), trouvé « {wanted} »",
            )
            return None
        if len(wanted) > MAX_ID_LENGTH:
            self.problem(
                codes.SHARED_PARTY,
                used,
                doc,
                f"identifiant de partie partagée trop long ({len(wanted)} caractères, au plus "
                f"{MAX_ID_LENGTH}) : il nomme le fichier « parties/<identifiant>.yaml »",
            )
            return None
        searched = []
        candidate: Path | None
        folder = doc.file.resolve().parent
        for directory in (folder, *folder.parents):
            candidate = directory / "parties" / f"{wanted}.yaml"
            searched.append(candidate)
            if _present(candidate):
                break
            if directory == self.root or not directory.is_relative_to(self.root):
                candidate = None
                break
        else:
            candidate = None
        if candidate is None:
            shown = ", ".join(str(p.relative_to(self.root)) for p in searched[:3])
            self.problem(
                codes.SHARED_PARTY,
                used,
                doc,
                f"partie partagée « {wanted} » introuvable (cherchée dans {shown}…)",
            )
            return None
        target = safe_resolve(candidate)
        if target is not None and not any(target.is_relative_to(f) for f in self.project.allowed):
            self.problem(
                codes.SHARED_PARTY, used, doc, f"{candidate} mène hors du dossier du projet"
            )
            return None
        refused = file_problem(candidate, f"parties/{wanted}.yaml")
        if target is None or refused is not None:
            why = refused[1] if refused is not None else "lien symbolique qui boucle"
            self.problem(codes.SHARED_PARTY, used, doc, f"partie partagée refusée : {why}")
            return None
        try:
            party = self.read(candidate)
        except InputError as exc:
            self.problem(codes.SHARED_PARTY, used, doc, f"{candidate.name} : {exc.message}")
            return None
        data = party.data if party is not None else None
        if party is None or not isinstance(data, dict) or party.kind != "party":
            self.problem(
                codes.SHARED_PARTY,
                used,
                doc,
                f"{candidate.name} n'est pas une partie partagée (attendu « document: party »)",
            )
            return None
        if data.get("id") != wanted:
            self.problem(
                codes.SHARED_PARTY,
                used,
                doc,
                f"{candidate.name} définit la partie « {data.get('id')} », pas « {wanted} »",
            )
            return None
        node = _annotate(party, data, ())
        node.value.pop("document", None)
        return node

    # -- merging -------------------------------------------------------------------------------

    def merge(self, base: Node, over: Node, doc: SourceDocument) -> Node:
        if isinstance(base.value, dict) and isinstance(over.value, dict):
            merged = dict(base.value)
            for key, value in over.value.items():
                merged[key] = self.merge(base.value[key], value, doc) if key in merged else value
            return _with_key(Node(merged, over.file, over.at, over.end), over, base)
        if isinstance(base.value, list) and isinstance(over.value, list):
            items = self.merge_items(base.value, over.value, doc)
            if items is not None:
                return _with_key(Node(items, over.file, over.at, over.end), over, base)
        return _with_key(Node(over.value, over.file, over.at, over.end), over, base)

    def merge_items(
        self, base: list[Node], over: list[Node], doc: SourceDocument
    ) -> list[Node] | None:
        """Item by item when every item the city writes, and some of the model's, have an
        identity (the model's others keep their place); None to replace the list."""
        if not any(identity(n) for n in base) or not all(identity(n) for n in over):
            for node in over:
                if isinstance(node.value, dict) and {"remove", *_DIRECTIVES} & set(node.value):
                    self.problem(
                        codes.MERGE,
                        node,
                        doc,
                        "consigne de fusion dans une liste dont les éléments n'ont pas "
                        "d'identifiant (« id », « key » ou « party ») : la liste est remplacée",
                    )
            return None
        result = list(base)

        def find(name: str) -> int | None:
            return next((i for i, n in enumerate(result) if identity(n) == name), None)

        for node in over:
            values = node.value
            if set(values) == {"remove"}:
                gone = values["remove"].value
                index = find(gone)
                if index is None:
                    self.problem(
                        codes.MERGE, node, doc, f"rien à retirer : aucun élément « {gone} »"
                    )
                else:
                    del result[index]
                continue
            directives = {d: values[d] for d in _DIRECTIVES if d in values}
            clean = Node(
                {k: v for k, v in values.items() if k not in _DIRECTIVES},
                node.file,
                node.at,
                node.end,
                node.key_at,
            )
            index = find(identity(node) or "")
            if index is not None:
                merged = self.merge(result[index], clean, doc)
                if not directives:
                    result[index] = merged
                    continue
                del result[index]
            else:
                merged = clean
            position = len(result)
            for directive, anchor in directives.items():
                target = find(anchor.value) if isinstance(anchor.value, str) else None
                if target is None:
                    self.problem(
                        codes.MERGE,
                        anchor,
                        doc,
                        f"« {directive}: {anchor.value} » : aucun élément « {anchor.value} » "
                        "où le placer",
                    )
                    continue
                position = target + 1 if directive == "after" else target
            result.insert(position, merged)
        return result


def _present(path: Path) -> bool:
    """Whether something (a file, a folder, a link, even a broken one) is at ``path``."""
    try:
        os.lstat(path)
    except (OSError, ValueError):
        return False
    return True


def _with_key(node: Node, over: Node, base: Node) -> Node:
    """``node`` with the key position of ``over``, or of ``base`` when ``over`` has none."""
    source = over if over.key_at is not None else base
    node.key_at = source.key_at
    node.key_file = source.key_file or source.file
    return node


def _flatten(node: Node, path: Path_, doc: SourceDocument, own: Path) -> Any:
    elsewhere = node.file is not own
    for table, position in ((doc.value_positions, node.at), (doc.value_ends, node.end)):
        if position is not None:
            table[path] = (
                Position(position.line, position.column, node.file) if elsewhere else position
            )
    if node.key_at is not None:
        key_file = node.key_file or node.file
        key = node.key_at
        doc.key_positions[path] = (
            key if key_file is own else Position(key.line, key.column, key_file)
        )
    if isinstance(node.value, dict):
        return {k: _flatten(v, (*path, k), doc, own) for k, v in node.value.items()}
    if isinstance(node.value, list):
        return [_flatten(v, (*path, i), doc, own) for i, v in enumerate(node.value)]
    return node.value


def shown(path: Path) -> Path:
    """``path`` as findings show it: relative to the current directory when inside it."""
    try:
        return path.relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def needs_composition(doc: SourceDocument) -> bool:
    """Whether ``doc`` extends a model or uses a shared party."""
    data = doc.data
    if not isinstance(data, dict):
        return False
    if "extends" in data:
        return True
    parties = data.get("parties")
    return isinstance(parties, list) and any(isinstance(p, dict) and "use" in p for p in parties)


@dataclass
class Composition:
    """A document with its model and shared parties merged in, and what went wrong."""

    document: SourceDocument
    findings: list[Finding]
    # The models and shared parties it uses, as shown in findings: also when composing
    # failed (a city whose model no longer reads or merges still depends on it), so that a
    # change to a model or a shared party can be checked in every document using it.
    uses: list[Path] = field(default_factory=list)

    @property
    def files(self) -> list[Path]:
        """Every file the document was composed from, its own first."""
        return [part.file for part in self.document.parts] or [self.document.file]


def compose(doc: SourceDocument, cache: RunCache | None = None) -> Composition:
    """``doc`` with its model (``extends``) and shared parties (``use``) merged in.

    A document that uses neither is returned as it is. Problems (a model or a
    shared party not found, a merge instruction that cannot apply) are
    findings; the document is then returned uncomposed. ``cache`` is the run's (the
    models and shared parties its documents share), or one for this document alone.
    """
    if not needs_composition(doc):
        return Composition(doc, [])
    own = doc.file.resolve()
    cache = cache or RunCache()
    composer = _Composer(cache.project(project_root(doc.file)), cache)
    composer.parts.append(doc)
    merged = composer.layer(doc, (own,))
    if composer.findings or merged is None:
        return Composition(doc, composer.findings, composer.opened)
    result = SourceDocument(file=doc.file, text=doc.text, data=None)
    result.data = _flatten(merged, (), result, doc.file)
    result.parts = composer.parts
    for part in composer.parts:
        for duplicate in part.duplicate_keys:
            if part is doc:
                result.duplicate_keys.append(duplicate)
    return Composition(result, [], composer.opened)
