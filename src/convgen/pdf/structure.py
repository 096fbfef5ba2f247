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

The trees are read and written with qpdf (pikepdf): an element's attributes are copied
by qpdf, which maps what they refer to onto the pages already copied, instead of being
parsed and rebuilt object by object in Python.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from convgen.foundation.errors import ConversionError

MAX_ELEMENTS = 500_000  # structure elements of one part: far past any real document
MAX_DEPTH = 200  # nesting of structure elements or number trees

# The keys of an element rebuilt here, not copied: its parent, its children, its page
# and its references to other elements (which would copy them twice).
_REBUILT = frozenset({"/P", "/K", "/Pg", "/Ref"})


@dataclass
class _Source:
    """One PDF whose structure is being joined (several parts may take its pages)."""

    offset: int
    entries: dict[int, Any]  # its parent tree, flattened
    kids: list[Any]  # its top-level elements, under its Document element if any
    cloned: dict[Any, Any] = field(default_factory=dict)  # objgen → new element
    taken: set[Any] = field(default_factory=set)  # top-level elements already given a part
    count: int = 0
    pages: dict[tuple[int, int], Any] = field(default_factory=dict)  # its page → ours
    used: set[int] = field(default_factory=set)  # its page numbers already copied
    copied_whole: bool = False  # its elements are copied by qpdf, subtree by subtree


def _identity(value: Any) -> Any:
    """An element's identity in its PDF: its object number, or (direct, unshared) none."""
    return value.objgen if value.is_indirect else None


def _integer(value: Any) -> int | None:
    # pikepdf gives a PDF integer as a Python int
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None


def number_tree(node: Any, depth: int = 0) -> Iterator[tuple[int, Any]]:
    """The (key, value) pairs of a number tree, in order."""
    if not isinstance(node, Dictionary) or depth > MAX_DEPTH:
        return
    nums = node.get("/Nums")
    if isinstance(nums, Array):
        for index in range(0, len(nums) - 1, 2):
            key = _integer(nums[index])
            if key is not None:
                yield key, nums[index + 1]
    kids = node.get("/Kids")
    if isinstance(kids, Array):
        for kid in kids:
            yield from number_tree(kid, depth + 1)


def is_tagged(pdf: Pdf) -> bool:
    """Whether a PDF has a structure tree and says it is tagged (``/MarkInfo``)."""
    info = pdf.Root.get("/MarkInfo")
    marked = isinstance(info, Dictionary) and bool(info.get("/Marked", False))
    return marked and isinstance(pdf.Root.get("/StructTreeRoot"), Dictionary)


def foreign(out: Pdf, value: Any) -> Any:
    """A value of another PDF, as a value of ``out``: qpdf copies what is indirect (and
    maps what it has already copied, such as the pages); direct containers are rebuilt."""
    if not isinstance(value, pikepdf.Object):
        return value
    if value.is_indirect:
        return out.copy_foreign(value)
    if isinstance(value, Dictionary):
        return Dictionary({key: foreign(out, item) for key, item in value.items()})
    if isinstance(value, Array):
        return Array([foreign(out, item) for item in value])
    return value


def _children(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, Array):
        return list(value)
    return [value]


class StructureMerger:
    """The structure tree of a PDF being assembled in ``out``, part after part."""

    def __init__(self, out: Pdf) -> None:
        self.out = out
        self.tagged = True  # every part had a structure tree
        self._sources: dict[int, _Source] = {}  # the latest joining of each PDF
        self._all: list[_Source] = []
        self._entries: list[tuple[int, Any]] = []  # the new parent tree
        self._next = 0
        self._role_map = Dictionary()
        self._class_map = Dictionary()
        self._ids: dict[str, Any] = {}
        self.document = out.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Document, K=Array())
        )
        self._part: Any = None
        self._first_part: int | None = None  # where the annexes' Part elements start
        self._keyed: set[tuple[int, int]] = set()  # annotations whose key is ours already

    # -- keys ----------------------------------------------------------------------------

    def key(self, value: Any) -> int:
        """A new parent tree key pointing at ``value`` (an element, for an annotation)."""
        key = self._next
        self._next += 1
        self._entries.append((key, value))
        return key

    def _source(self, pdf: Pdf, what: str, pages: set[int]) -> _Source | None:
        known = self._sources.get(id(pdf))
        # the same PDF joined twice (the same annex in two places): twice its structure
        if known is not None and not (known.used & pages):
            return known
        if not is_tagged(pdf):
            return None
        root = cast(Dictionary, pdf.Root.StructTreeRoot)
        entries = dict(number_tree(root.get("/ParentTree")))
        offset = self._next
        self._next += max(entries, default=-1) + 1
        if self._next > 2**31 - 1:
            raise ConversionError(f"{what} : arbre de structure démesuré")
        source = _Source(offset, entries, self._top_level(root))
        self._sources[id(pdf)] = source
        self._all.append(source)
        for mapping, merged in (("/RoleMap", self._role_map), ("/ClassMap", self._class_map)):
            given = root.get(mapping)
            if isinstance(given, Dictionary):
                for name, value in given.items():
                    if name not in merged:
                        merged[name] = foreign(self.out, value)
        return source

    @staticmethod
    def _top_level(root: Dictionary) -> list[Any]:
        kids = _children(root.get("/K"))
        # LibreOffice's tree is one Document element: its children are the content
        only = kids[0] if len(kids) == 1 else None
        if isinstance(only, Dictionary) and only.get("/S") == Name.Document:
            return _children(only.get("/K"))
        return kids

    # -- parts ---------------------------------------------------------------------------

    def add(
        self,
        pdf: Pdf,
        pages: dict[int, int],
        *,
        title: str | None,
        continues: bool,
        what: str,
        annotations: set[tuple[int, int]],
        whole_copy: bool = False,
    ) -> None:
        """The structure of ``pages`` (page number in ``pdf`` → in the joined file) of one
        part: the document's own (``title`` None) or an annex's. ``annotations`` are the
        annotations the joined file kept (the others were active content).

        ``whole_copy``: ``pdf`` is one LibreOffice wrote, every page of it is in the
        joined file and nothing was removed from them. Its elements are then copied by
        qpdf, a top-level element with all it holds at once (its pages and annotations
        map onto their copies), and only read here for the notes' identifiers; an
        annexed file is rebuilt element by element, within bounds.
        """
        source = self._source(pdf, what, set(pages))
        if source is None:
            self.tagged = False
            return
        if whole_copy and not source.copied_whole and not source.taken:
            source.copied_whole = True
            for kid in source.kids:
                if isinstance(kid, Dictionary) and "/P" in kid:
                    del kid["/P"]  # the copy of an element stops at it, not at its parents
        source.used |= set(pages)
        out_pages = self.out.pages
        for number, new in pages.items():
            page = out_pages[new].obj
            original = pdf.pages[number].obj
            source.pages[original.objgen] = page
            key = _integer(original.get("/StructParents"))
            if key is not None:
                page.StructParents = key + source.offset
            for annotation in _children(page.get("/Annots")):
                if not isinstance(annotation, Dictionary) or "/StructParent" not in annotation:
                    continue
                old = _integer(annotation.StructParent)
                if old is not None and annotation.objgen not in self._keyed:
                    annotation.StructParent = old + source.offset
                    self._keyed.add(annotation.objgen)
        if title is None:
            parent, kids = self.document, self.document.K
        else:
            if not continues or self._part is None:
                self._part = self.out.make_indirect(
                    Dictionary(
                        Type=Name.StructElem,
                        S=Name.Part,
                        T=pikepdf.String(title),
                        P=self.document,
                        K=Array(),
                    )
                )
                if self._first_part is None:
                    self._first_part = len(self.document.K)
                self.document.K.append(self._part)
            parent, kids = self._part, self._part.K
        page_numbers = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
        start = 0
        # a part with every page of its PDF takes every element: no page to look for
        whole = len(pages) == len(pdf.pages) and not source.taken
        for position, kid in enumerate(source.kids):
            identity = _identity(kid) or ("direct", position)
            if not whole:
                # an element without content (an empty paragraph) goes with the one before
                found = _first_page(kid, page_numbers)
                start = start if found is None else found
                if identity in source.taken or start not in pages:
                    continue
            source.taken.add(identity)
            if source.copied_whole and isinstance(kid, Dictionary) and kid.is_indirect:
                cloned = self.out.copy_foreign(kid)
                cloned.P = parent
                self._identify(cloned)
            else:
                cloned = self._clone(kid, parent, source, annotations, 0, what)
            if cloned is not None:
                kids.append(cloned)
        # LibreOffice leaves a footnote's link back to its call out of the structure: a
        # Link element of its own, as PDF/UA wants for every link
        for new in pages.values():
            page = out_pages[new].obj
            for annotation in _children(page.get("/Annots")):
                if (
                    isinstance(annotation, Dictionary)
                    and annotation.get("/Subtype") == Name.Link
                    and "/StructParent" not in annotation
                    and annotation.is_indirect
                ):
                    link = self.out.make_indirect(
                        Dictionary(
                            Type=Name.StructElem,
                            S=Name.Link,
                            P=parent,
                            Pg=page,
                            K=Dictionary(Type=Name.OBJR, Obj=annotation, Pg=page),
                        )
                    )
                    kids.append(link)
                    annotation.StructParent = self.key(link)
                    self._keyed.add(annotation.objgen)

    # -- cloning -------------------------------------------------------------------------

    def _identify(self, element: Any) -> None:
        """Give the notes under ``element`` (copied whole) an identifier, and keep each
        identifier once in the file (see :meth:`_named`)."""
        stack = [element]
        while stack:
            node = stack.pop()
            if not isinstance(node, Dictionary) or node.get("/Type") in (Name.MCR, Name.OBJR):
                continue
            self._named(node, node)
            kids = node.get("/K")
            if isinstance(kids, Array):
                stack.extend(kid for kid in kids if isinstance(kid, Dictionary))
            elif isinstance(kids, Dictionary):
                stack.append(kids)

    def _named(self, element: Any, new: Any) -> None:
        """The identifier of ``new`` (the copy of ``element``): a note gets one (PDF/UA
        wants one on every note; LibreOffice 7.4 gives none); the same identifier in two
        parts stays with the first."""
        identifier = element.get("/ID")
        role = element.get("/S")
        mapped_role = self._role_map.get(role, role) if isinstance(role, Name) else role
        if identifier is None and mapped_role == Name.Note:
            identifier = pikepdf.String(f"note-{len(self._ids) + 1}")
            new.ID = identifier
        if identifier is not None:
            text = str(identifier)
            if text in self._ids:
                del new["/ID"]
            else:
                self._ids[text] = new

    def _page(self, value: Any, source: _Source) -> Any:
        if not isinstance(value, pikepdf.Object) or not value.is_indirect:
            return None
        return source.pages.get(value.objgen)

    def _clone(
        self,
        element: Any,
        parent: Any,
        source: _Source,
        annotations: set[tuple[int, int]],
        depth: int,
        what: str,
    ) -> Any:
        number = _integer(element)
        if number is not None:
            return number
        if not isinstance(element, Dictionary):
            return None
        if depth > MAX_DEPTH:
            raise ConversionError(f"{what} : arbre de structure trop imbriqué")
        kind = element.get("/Type")
        if kind == Name.MCR:
            mcid = _integer(element.get("/MCID"))
            if mcid is None:
                return None
            reference = Dictionary(Type=Name.MCR, MCID=mcid)
            if "/Pg" in element:
                page = self._page(element.Pg, source)
                if page is None:
                    return None  # content of a page left out
                reference.Pg = page
            if "/Stm" in element:
                reference.Stm = foreign(self.out, element.Stm)
            return reference
        if kind == Name.OBJR:
            target = element.get("/Obj")
            if not isinstance(target, pikepdf.Object) or not target.is_indirect:
                return None
            mapped = self.out.copy_foreign(target)
            if mapped.objgen not in annotations:
                return None  # an annotation removed (active content) or never copied
            reference = Dictionary(Type=Name.OBJR, Obj=mapped)
            page = self._page(element.get("/Pg"), source)
            if page is not None:
                reference.Pg = page
            return reference
        identity = _identity(element)
        if identity is not None and identity in source.cloned:
            return None  # an element reached twice (a malformed tree): kept once
        source.count += 1
        if source.count > MAX_ELEMENTS:
            raise ConversionError(f"{what} : arbre de structure démesuré")
        new = self.out.make_indirect(Dictionary())
        if identity is not None:
            source.cloned[identity] = new
        for name, value in element.items():
            if name not in _REBUILT:
                new[name] = foreign(self.out, value)
        new.P = parent
        if "/Pg" in element:
            page = self._page(element.Pg, source)
            if page is not None:
                new.Pg = page
        self._named(element, new)
        kids = Array()
        for kid in _children(element.get("/K")):
            cloned = self._clone(kid, new, source, annotations, depth + 1, what)
            if cloned is not None:
                kids.append(cloned)
        if len(kids) == 1:
            new.K = kids[0]
        elif len(kids):
            new.K = kids
        return new

    # -- the tree ------------------------------------------------------------------------

    def finish(self, language: str) -> None:
        """Write the structure tree root in the joined file's catalog."""
        for source in self._all:
            for key, value in source.entries.items():
                if isinstance(value, Array):
                    mapped = Array(self._copied(item, source) for item in value)
                    self._entries.append((key + source.offset, mapped))
                elif isinstance(value, Dictionary) and self._copied(value, source) is not None:
                    self._entries.append((key + source.offset, self._copied(value, source)))
        nums = Array()
        for key, value in sorted(self._entries, key=lambda entry: entry[0]):
            nums.append(key)
            nums.append(value)
        self.document.Lang = pikepdf.String(language)
        root = Dictionary(
            Type=Name.StructTreeRoot,
            K=self.document,
            ParentTree=self.out.make_indirect(Dictionary(Nums=nums)),
            ParentTreeNextKey=self._next,
        )
        if len(self._role_map):
            root.RoleMap = self._role_map
        if len(self._class_map):
            root.ClassMap = self._class_map
        if self._ids:
            names = Array()
            for text in sorted(self._ids):
                names.append(pikepdf.String(text))
                names.append(self._ids[text])
            root.IDTree = Dictionary(Names=names)
        root_ref = self.out.make_indirect(root)
        self.document.P = root_ref
        self.out.Root.StructTreeRoot = root_ref
        self.out.Root.MarkInfo = Dictionary(Marked=self.tagged)

    def _copied(self, element: Any, source: _Source) -> Any:
        """The copy of an element of ``source``, or None."""
        if not isinstance(element, Dictionary) or not element.is_indirect:
            return None
        if source.copied_whole:
            return self.out.copy_foreign(element)  # made with its top-level element
        return source.cloned.get(element.objgen)

    def append(self, element: Dictionary) -> Any:
        """Add ``element`` (a new structure element, such as a Form) after the document's
        own content, before the annexes."""
        element.P = self.document
        ref = self.out.make_indirect(element)
        if self._first_part is None:
            self.document.K.append(ref)
        else:
            self.document.K.insert(self._first_part, ref)
            self._first_part += 1
        return ref


def _first_page(element: Any, pages: dict[Any, int], depth: int = 0) -> int | None:
    """The page (number in its PDF) where an element's content starts."""
    if not isinstance(element, Dictionary) or depth > MAX_DEPTH:
        return None
    page = element.get("/Pg")
    if isinstance(page, pikepdf.Object) and page.is_indirect and page.objgen in pages:
        return pages[page.objgen]
    for kid in _children(element.get("/K")):
        found = _first_page(kid, pages, depth + 1)
        if found is not None:
            return found
    return None
