"""Reading a PDF given as an annex: bounded (pypdf's own limits, a page count, a size,
recursion), and any failure said in French (:class:`ConversionError`), never a
traceback; its bookmarks as a tree. The check (CG703) and the assembly read annexes
the same way, so that what the assembly would trip on is found by the check first."""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from convgen.foundation.errors import ConversionError

if TYPE_CHECKING:  # pypdf is imported when a PDF is read: most checks read none
    from pypdf import PdfReader

MAX_TITLE = 90
# An annex is a few dozen pages; a file claiming more is refused before it is copied.
MAX_PAGES = 5000
MAX_BYTES = 256 * 1024 * 1024


@dataclass
class Heading:
    """One bookmark: a title, the page it opens (0-based) and how far down."""

    title: str
    page: int
    top: float | None = None
    children: list[Heading] = field(default_factory=list)


_CACHED = 64  # parsed PDFs a cache holds at most


def _digest(data: bytes) -> bytes:
    return hashlib.sha1(data, usedforsecurity=False).digest()


@contextlib.contextmanager
def reading(what: str) -> Iterator[None]:
    """Any failure of pypdf on a damaged or hostile PDF, as a French ConversionError;
    pypdf's own warnings (« Detected cycle in outline… ») kept off the user's screen."""
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    except ConversionError:
        raise
    except RecursionError as exc:
        raise ConversionError(f"{what} : PDF illisible (structure trop imbriquée)") from exc
    except MemoryError as exc:
        raise ConversionError(f"{what} : PDF trop volumineux pour être lu") from exc
    except Exception as exc:  # an annex is input: whatever pypdf trips on is reported
        raise _unreadable(exc, what) from exc
    finally:
        log.setLevel(level)


def _unreadable(exc: Exception, what: str) -> ConversionError:
    """What a PDF reader's failure means, in French (pypdf is loaded if it raised)."""
    from pypdf.errors import LimitReachedError, PyPdfError

    if isinstance(exc, LimitReachedError):
        return ConversionError(f"{what} : PDF refusé (taille ou nombre d'objets démesuré)")
    text = str(exc).lower()
    if isinstance(exc, PyPdfError) and ("cyclic" in text or "cycle" in text):
        return ConversionError(f"{what} : arbre de pages cyclique")
    return ConversionError(f"{what} : PDF illisible ({type(exc).__name__})")


class PdfCache:
    """Parsed PDFs, by content, for one run: a programme's conventions join the same
    annexes, and each document's PDF is read for its bookmarks, its pages and its
    assembly. Created by whoever runs (a check, a build, one PDF's assembly) and dropped
    with it; at most :data:`_CACHED` PDFs are held."""

    def __init__(self) -> None:
        self._readers: dict[bytes, PdfReader] = {}
        self._headings: dict[bytes, list[Heading]] = {}

    def read(self, data: bytes, what: str) -> PdfReader:
        """``data`` parsed, its page tree walked once; :class:`ConversionError` (``what``
        names it) when it cannot be appended."""
        key = _digest(data)
        reader = self._readers.get(key)
        if reader is not None:
            return reader
        reader = _parse(data, what)
        if len(self._readers) >= _CACHED:
            self._readers.clear()
            self._headings.clear()
        self._readers[key] = reader
        return reader

    def headings(self, data: bytes) -> list[Heading]:
        """The bookmarks of a PDF, as a tree."""
        key = _digest(data)
        if key not in self._headings:
            reader = self.read(data, "document")
            try:
                with reading("document"):
                    found = _headings(reader)
            except ConversionError:
                found = []  # bookmarks that cannot be read are left out, not the pages
            self._headings[key] = found
        return self._headings[key]

    def annex_problem(self, data: bytes) -> str | None:
        """Why the PDF ``data`` cannot be appended as an annex (in French), or None.

        Reads it as the assembly will: the page tree, every page, the bookmarks.
        """
        try:
            reader = self.read(data, "")
            with reading(""):
                for page in reader.pages:
                    page.get("/Contents")
                self.headings(data)
        except ConversionError as exc:
            return exc.message.removeprefix(" : ")
        return None


def _parse(data: bytes, what: str) -> PdfReader:
    if len(data) > MAX_BYTES:
        raise ConversionError(f"{what} : PDF trop volumineux (plus de {MAX_BYTES // 2**20} Mio)")
    from pypdf import PdfReader

    with reading(what):
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ConversionError(f"{what} : PDF protégé par un mot de passe")
        count = len(reader.pages)  # walks the page tree once: pypdf refuses cycles
    if count == 0:
        raise ConversionError(f"{what} : le PDF n'a aucune page")
    if count > MAX_PAGES:
        raise ConversionError(f"{what} : le PDF a trop de pages ({count}, au plus {MAX_PAGES})")
    return reader


def read_pdf(data: bytes, what: str, cache: PdfCache | None = None) -> PdfReader:
    """``data`` parsed (see :meth:`PdfCache.read`), through ``cache`` when given."""
    return (cache or PdfCache()).read(data, what)


def annex_problem(data: bytes, cache: PdfCache | None = None) -> str | None:
    """See :meth:`PdfCache.annex_problem`."""
    return (cache or PdfCache()).annex_problem(data)


def headings(data: bytes, cache: PdfCache | None = None) -> list[Heading]:
    """See :meth:`PdfCache.headings`."""
    return (cache or PdfCache()).headings(data)


def _headings(reader: PdfReader) -> list[Heading]:
    # page objects by object number, once (pypdf would rebuild this for every bookmark)
    numbers = {
        page.indirect_reference.idnum: index
        for index, page in enumerate(reader.pages)
        if page.indirect_reference is not None
    }

    def walk(items: list[Any]) -> list[Heading]:
        out: list[Heading] = []
        for item in items:
            if isinstance(item, list):
                if out:
                    out[-1].children.extend(walk(item))
                continue
            target = item.page
            if hasattr(target, "idnum"):
                page = numbers.get(target.idnum)
            else:
                page = reader.get_destination_page_number(item)
            if page is None or page < 0:
                continue
            top = item.get("/Top")
            where = float(top) if top is not None else None
            out.append(Heading(heading_title(str(item.title)), page, where))
        return out

    return walk(reader.outline)


def heading_title(text: str) -> str:
    """A bookmark title on one line, cut at a word when a whole paragraph is the heading
    (a deliberation's decision articles)."""
    text = " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())
    if len(text) <= MAX_TITLE:
        return text
    return text[:MAX_TITLE].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
