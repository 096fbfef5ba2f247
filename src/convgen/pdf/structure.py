"""Keeping the structure trees of the parts when they are joined: a tagged PDF stays one.

Each part LibreOffice converted (with its tagged export) or an annexed PDF brings a
structure tree: elements (headings, paragraphs, lists, tables), marked content on its
pages numbered per page (MCIDs, left as they are), and a parent tree from each page's
``/StructParents`` key (and each annotation's ``/StructParent``) to the elements of that
content. The joined file has one tree: a ``Document`` element holding the document's
own elements, then one ``Part`` element per annex (titled « Annexe 2 : … ») holding the
annex's; the parent tree is rebuilt with every part's keys shifted past the previous
parts', the role maps, class maps and element identifiers merged.

A document's pages may go to several parts (the printed content of an annex follows the
annexes before it): its top-level elements go with the part of the page their content
starts on. A part without a structure tree (an untagged annexed PDF) stays untagged:
:attr:`StructureMerger.tagged` then says the file is not wholly tagged.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

from convgen.foundation.errors import ConversionError

MAX_ELEMENTS = 500_000  # structure elements of one part: far past any real document
MAX_DEPTH = 200  # nesting of structure elements or number trees


@dataclass
class _Source:
    """One PDF whose structure is being joined (several parts may take its pages)."""

    reader: PdfReader
    offset: int
    entries: dict[int, PdfObject]  # its parent tree, flattened
    root: DictionaryObject  # its StructTreeRoot
    kids: list[PdfObject]  # its top-level elements, under its Document element if any
    cloned: dict[int, IndirectObject] = field(default_factory=dict)  # id → new element
    taken: set[int] = field(default_factory=set)  # top-level elements already given a part
    count: int = 0
    pages: dict[int, IndirectObject] = field(default_factory=dict)  # its page → ours
    used: set[int] = field(default_factory=set)  # its page numbers already copied


def _resolve(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _key(value: Any) -> int:
    """The identity of an object of a reader: its object number, or the Python object."""
    if isinstance(value, IndirectObject):
        return value.idnum
    return -id(value)


def number_tree(node: Any, depth: int = 0) -> Iterator[tuple[int, PdfObject]]:
    """The (key, value) pairs of a number tree, in order."""
    node = _resolve(node)
    if not isinstance(node, DictionaryObject) or depth > MAX_DEPTH:
        return
    nums = _resolve(node.get("/Nums"))
    if isinstance(nums, ArrayObject):
        for index in range(0, len(nums) - 1, 2):
            key = _resolve(list.__getitem__(nums, index))
            if isinstance(key, int):
                yield int(key), list.__getitem__(nums, index + 1)
    kids = _resolve(node.get("/Kids"))
    if isinstance(kids, ArrayObject):
        for kid in list.__iter__(kids):
            yield from number_tree(kid, depth + 1)


def _name_tree(node: Any, depth: int = 0) -> Iterator[tuple[str, PdfObject]]:
    node = _resolve(node)
    if not isinstance(node, DictionaryObject) or depth > MAX_DEPTH:
        return
    names = _resolve(node.get("/Names"))
    if isinstance(names, ArrayObject):
        for index in range(0, len(names) - 1, 2):
            key = _resolve(list.__getitem__(names, index))
            yield str(key), list.__getitem__(names, index + 1)
    kids = _resolve(node.get("/Kids"))
    if isinstance(kids, ArrayObject):
        for kid in list.__iter__(kids):
            yield from _name_tree(kid, depth + 1)


def is_tagged(reader: PdfReader) -> bool:
    """Whether a PDF has a structure tree and says it is tagged (``/MarkInfo``)."""
    root = _resolve(reader.trailer["/Root"])
    info = _resolve(root.get("/MarkInfo"))
    marked = isinstance(info, DictionaryObject) and bool(_resolve(info.get("/Marked")))
    return marked and isinstance(_resolve(root.get("/StructTreeRoot")), DictionaryObject)


class StructureMerger:
    """The structure tree of a PDF being assembled in ``writer``, part after part."""

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        self.tagged = True  # every part had a structure tree
        self._sources: dict[int, _Source] = {}  # the latest joining of each PDF
        self._all: list[_Source] = []
        self._entries: list[tuple[int, PdfObject]] = []  # the new parent tree
        self._next = 0
        self._role_map = DictionaryObject()
        self._class_map = DictionaryObject()
        self._ids: dict[str, IndirectObject] = {}
        self.document = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Document"),
            }
        )
        self.document_ref = writer._add_object(self.document)
        self._kids = ArrayObject()
        self._part: DictionaryObject | None = None

    # -- keys ----------------------------------------------------------------------------

    def key(self, value: PdfObject) -> int:
        """A new parent tree key pointing at ``value`` (an element, for an annotation)."""
        key = self._next
        self._next += 1
        self._entries.append((key, value))
        return key

    def _source(self, reader: PdfReader, what: str, pages: set[int]) -> _Source | None:
        known = self._sources.get(id(reader))
        # the same PDF joined twice (the same annex in two places): twice its structure
        if known is not None and not (known.used & pages):
            return known
        if not is_tagged(reader):
            return None
        root = _resolve(_resolve(reader.trailer["/Root"])["/StructTreeRoot"])
        entries = dict(number_tree(root.get("/ParentTree")))
        offset = self._next
        self._next += max(entries, default=-1) + 1
        if self._next > 2**31 - 1:
            raise ConversionError(f"{what} : arbre de structure démesuré")
        kids = self._top_level(root)
        source = _Source(reader, offset, entries, root, kids)
        self._sources[id(reader)] = source
        self._all.append(source)
        for name, value in (_resolve(root.get("/RoleMap")) or {}).items():
            if NameObject(name) not in self._role_map:
                self._role_map[NameObject(name)] = value.clone(self.writer)
        for name, value in (_resolve(root.get("/ClassMap")) or {}).items():
            if NameObject(name) not in self._class_map:
                self._class_map[NameObject(name)] = value.clone(self.writer)
        return source

    @staticmethod
    def _top_level(root: DictionaryObject) -> list[PdfObject]:
        kids = _children(root.get("/K"))
        # LibreOffice's tree is one Document element: its children are the content
        if len(kids) == 1:
            only = _resolve(kids[0])
            if isinstance(only, DictionaryObject) and only.get("/S") == "/Document":
                return _children(only.get("/K"))
        return kids

    # -- parts ---------------------------------------------------------------------------

    def add(
        self,
        reader: PdfReader,
        pages: dict[int, int],
        *,
        title: str | None,
        continues: bool,
        what: str,
    ) -> None:
        """The structure of ``pages`` (page number in ``reader`` → in the writer) of one
        part: the document's own (``title`` None) or an annex's."""
        source = self._source(reader, what, set(pages))
        if source is None:
            self.tagged = False
            return
        source.used |= set(pages)
        translated = self.writer._id_translated.get(id(reader), {})
        for number, new in pages.items():
            page = self.writer.pages[new]
            original = reader.pages[number]
            if original.indirect_reference is not None and page.indirect_reference is not None:
                source.pages[original.indirect_reference.idnum] = page.indirect_reference
            key = original.get("/StructParents")
            if isinstance(key, int):
                page[NameObject("/StructParents")] = NumberObject(int(key) + source.offset)
            for annotation in _children(page.get("/Annots")):
                annotation = _resolve(annotation)
                if isinstance(annotation, DictionaryObject) and "/StructParent" in annotation:
                    old = annotation["/StructParent"]
                    if isinstance(old, int) and not getattr(annotation, "_convgen_keyed", False):
                        annotation[NameObject("/StructParent")] = NumberObject(
                            int(old) + source.offset
                        )
                        annotation._convgen_keyed = True  # type: ignore[attr-defined]
        if title is None:
            parent_ref, kids = self.document_ref, self._kids
        else:
            if not continues or self._part is None:
                part = DictionaryObject(
                    {
                        NameObject("/Type"): NameObject("/StructElem"),
                        NameObject("/S"): NameObject("/Part"),
                        NameObject("/T"): TextStringObject(title),
                        NameObject("/P"): self.document_ref,
                        NameObject("/K"): ArrayObject(),
                    }
                )
                self._kids.append(self.writer._add_object(part))
                self._part = part
            assert self._part is not None
            parent_ref = self._part.indirect_reference  # type: ignore[assignment]
            kids = self._part["/K"]  # type: ignore[assignment]
        page_numbers = {
            reader.pages[n].indirect_reference.idnum: n  # type: ignore[union-attr]
            for n in range(len(reader.pages))
            if reader.pages[n].indirect_reference is not None
        }
        start = 0
        # a part with every page of its PDF takes every element: no page to look for
        whole = len(pages) == len(reader.pages) and not source.taken
        for kid in source.kids:
            identity = _key(kid)
            if not whole:
                # an element without content (an empty paragraph) goes with the one before
                found = _first_page(kid, page_numbers)
                start = start if found is None else found
                if identity in source.taken or start not in pages:
                    continue
            source.taken.add(identity)
            cloned = self._clone(kid, parent_ref, source, translated, 0, what)
            if cloned is not None:
                kids.append(cloned)
        # LibreOffice leaves a footnote's link back to its call out of the structure: a
        # Link element of its own, as PDF/UA wants for every link
        for new in pages.values():
            page = self.writer.pages[new]
            for annotation in _children(page.get("/Annots")):
                target = _resolve(annotation)
                if (
                    isinstance(target, DictionaryObject)
                    and target.get("/Subtype") == "/Link"
                    and "/StructParent" not in target
                    and isinstance(annotation, IndirectObject)
                ):
                    link = DictionaryObject(
                        {
                            NameObject("/Type"): NameObject("/StructElem"),
                            NameObject("/S"): NameObject("/Link"),
                            NameObject("/P"): parent_ref,
                            NameObject("/Pg"): page.indirect_reference,
                            NameObject("/K"): DictionaryObject(
                                {
                                    NameObject("/Type"): NameObject("/OBJR"),
                                    NameObject("/Obj"): annotation,
                                    NameObject("/Pg"): page.indirect_reference,
                                }
                            ),
                        }
                    )
                    ref = self.writer._add_object(link)
                    kids.append(ref)
                    target[NameObject("/StructParent")] = NumberObject(self.key(ref))
                    target._convgen_keyed = True  # type: ignore[attr-defined]

    # -- cloning -------------------------------------------------------------------------

    def _page(
        self, value: Any, translated: dict[Any, Any], source: _Source | None = None
    ) -> IndirectObject | None:
        if not isinstance(value, IndirectObject):
            return None
        if source is not None and value.idnum in source.pages:
            return source.pages[value.idnum]
        new = translated.get(value.idnum)
        return IndirectObject(new, 0, self.writer) if isinstance(new, int) else None

    def _clone(
        self,
        value: PdfObject,
        parent: IndirectObject,
        source: _Source,
        translated: dict[Any, Any],
        depth: int,
        what: str,
    ) -> PdfObject | None:
        element = _resolve(value)
        if isinstance(element, int) and not isinstance(element, bool):
            return NumberObject(int(element))
        if not isinstance(element, DictionaryObject):
            return None
        if depth > MAX_DEPTH:
            raise ConversionError(f"{what} : arbre de structure trop imbriqué")
        kind = element.get("/Type")
        if kind == "/MCR":
            reference = DictionaryObject({NameObject("/Type"): NameObject("/MCR")})
            mcid = _resolve(element.get("/MCID"))
            if not isinstance(mcid, int):
                return None
            reference[NameObject("/MCID")] = NumberObject(int(mcid))
            page = self._page(
                element.raw_get("/Pg") if "/Pg" in element else None, translated, source
            )
            if "/Pg" in element and page is None:
                return None  # content of a page left out
            if page is not None:
                reference[NameObject("/Pg")] = page
            if "/Stm" in element:
                reference[NameObject("/Stm")] = element.raw_get("/Stm").clone(self.writer)
            return reference
        if kind == "/OBJR":
            target = element.raw_get("/Obj") if "/Obj" in element else None
            mapped = self._page(target, translated)
            if mapped is None or self.writer._objects[mapped.idnum - 1] is None:
                return None  # an annotation removed (active content) or never copied
            reference = DictionaryObject(
                {NameObject("/Type"): NameObject("/OBJR"), NameObject("/Obj"): mapped}
            )
            page = self._page(
                element.raw_get("/Pg") if "/Pg" in element else None, translated, source
            )
            if page is not None:
                reference[NameObject("/Pg")] = page
            return reference
        identity = _key(value)
        if identity in source.cloned:
            return None  # an element reached twice (a malformed tree): kept once
        source.count += 1
        if source.count > MAX_ELEMENTS:
            raise ConversionError(f"{what} : arbre de structure démesuré")
        new = DictionaryObject()
        ref = self.writer._add_object(new)
        source.cloned[identity] = ref
        for name in element:
            if name in ("/P", "/K", "/Pg", "/Ref"):
                continue
            new[NameObject(name)] = element.raw_get(name).clone(self.writer)
        new[NameObject("/P")] = parent
        if "/Pg" in element:
            page = self._page(element.raw_get("/Pg"), translated, source)
            if page is not None:
                new[NameObject("/Pg")] = page
        identifier = _resolve(element.get("/ID"))
        kind = element.get("/S")
        if identifier is None and self._role_map.get(kind, kind) == "/Note":
            # PDF/UA wants an identifier on every note; LibreOffice 7.4 gives none
            identifier = TextStringObject(f"note-{len(self._ids) + 1}")
            new[NameObject("/ID")] = identifier
        if identifier is not None:
            text = str(identifier)
            if text in self._ids:
                del new["/ID"]  # the same identifier in two parts: the first keeps it
            else:
                self._ids[text] = ref
        kids = ArrayObject()
        for kid in _children(element.raw_get("/K") if "/K" in element else None):
            cloned = self._clone(kid, ref, source, translated, depth + 1, what)
            if cloned is not None:
                kids.append(cloned)
        if len(kids) == 1:
            new[NameObject("/K")] = kids[0]
        elif kids:
            new[NameObject("/K")] = kids
        return ref

    # -- the tree ------------------------------------------------------------------------

    def finish(self, language: str) -> None:
        """Write the structure tree root in the writer's catalog."""
        writer = self.writer
        for source in self._all:
            for key, value in source.entries.items():
                target = _resolve(value)
                if isinstance(target, ArrayObject):
                    mapped = ArrayObject(
                        source.cloned.get(_key(item), NullObject())
                        for item in list.__iter__(target)
                    )
                    self._entries.append((key + source.offset, mapped))
                elif isinstance(target, DictionaryObject) and _key(value) in source.cloned:
                    self._entries.append((key + source.offset, source.cloned[_key(value)]))
        nums = ArrayObject()
        for key, value in sorted(self._entries, key=lambda entry: entry[0]):
            nums.append(NumberObject(key))
            nums.append(value)
        self.document[NameObject("/K")] = self._kids
        self.document[NameObject("/P")] = NullObject()  # set below, once the root exists
        self.document[NameObject("/Lang")] = TextStringObject(language)
        root = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructTreeRoot"),
                NameObject("/K"): self.document_ref,
                NameObject("/ParentTree"): writer._add_object(
                    DictionaryObject({NameObject("/Nums"): nums})
                ),
                NameObject("/ParentTreeNextKey"): NumberObject(self._next),
            }
        )
        if self._role_map:
            root[NameObject("/RoleMap")] = self._role_map
        if self._class_map:
            root[NameObject("/ClassMap")] = self._class_map
        if self._ids:
            names = ArrayObject()
            for text in sorted(self._ids):
                names.append(TextStringObject(text))
                names.append(self._ids[text])
            root[NameObject("/IDTree")] = DictionaryObject({NameObject("/Names"): names})
        root_ref = writer._add_object(root)
        self.document[NameObject("/P")] = root_ref
        catalog = writer.root_object
        catalog[NameObject("/StructTreeRoot")] = root_ref
        catalog[NameObject("/MarkInfo")] = DictionaryObject(
            {NameObject("/Marked"): BooleanObject(self.tagged)}
        )

    def append(self, element: DictionaryObject) -> IndirectObject:
        """Add ``element`` (a new structure element, such as a Form) after the document's
        own content, before the annexes."""
        element[NameObject("/P")] = self.document_ref
        ref = self.writer._add_object(element)
        position = next(
            (index for index, kid in enumerate(self._kids) if _resolve(kid).get("/S") == "/Part"),
            len(self._kids),
        )
        self._kids.insert(position, ref)
        return ref


def _children(value: Any) -> list[PdfObject]:
    resolved = _resolve(value)
    if resolved is None:
        return []
    if isinstance(resolved, ArrayObject):
        return list(list.__iter__(resolved))
    return [value]


def _first_page(value: PdfObject, pages: dict[int, int], depth: int = 0) -> int | None:
    """The page (number in its PDF) where an element's content starts."""
    element = _resolve(value)
    if not isinstance(element, DictionaryObject) or depth > MAX_DEPTH:
        return None
    if "/Pg" in element:
        page = element.raw_get("/Pg")
        if isinstance(page, IndirectObject) and page.idnum in pages:
            return pages[page.idnum]
    for kid in _children(element.raw_get("/K") if "/K" in element else None):
        found = _first_page(kid, pages, depth + 1)
        if found is not None:
            return found
    return None
