"""Where the renderer printed each value of the model.

A finding names a value by its path in the document (``signature.copies``,
``articles[2].commitments[0].items[2].figures.taux``); the words that print it are
somewhere in the filled template, wherever the template lays them out. When asked
(:class:`Marks`), the renderer wraps each piece of rich text it makes from the model in
a hidden bookmark (``_convgen_N``) and remembers the paths the piece prints — for each,
the words inside the piece that print it, when the piece says more (« la Ville de
Saint-Dizier » in the sentence that lists the steering committee). The comments stage
(:mod:`convgen.rendering.comments`) reads the bookmarks back in the .docx, whatever the
template, and removes them.
"""

from __future__ import annotations

from collections.abc import Mapping

from convgen.foundation.findings import Path_

MARK_PREFIX = "_convgen_"  # a leading underscore: a bookmark Word keeps hidden
# Bookmark ids of the marks, far above those a template carries (they are all removed
# before the document is written).
MARK_ID_BASE = 0x40000000

# The paths a piece of text prints, each with the words of the piece that print it
# (None: the whole piece).
Place = Mapping[Path_, str | None]


def place(*paths: Path_) -> dict[Path_, str | None]:
    """A piece that prints each of ``paths`` as a whole."""
    return dict.fromkeys(paths)


class Marks:
    """The places the renderer marked, by mark number (the ``N`` of ``_convgen_N``)."""

    def __init__(self) -> None:
        self.places: list[dict[Path_, str | None]] = []

    def wrap(self, xml: str, where: Place) -> str:
        """``xml`` (runs of one paragraph) inside a new mark for ``where``; nothing
        printed, or nothing to tell, is left as it is."""
        if not xml or not where:
            return xml
        number = len(self.places)
        self.places.append(dict(where))
        ident = MARK_ID_BASE + number
        return (
            f'<w:bookmarkStart w:id="{ident}" w:name="{MARK_PREFIX}{number}"/>'
            f'{xml}<w:bookmarkEnd w:id="{ident}"/>'
        )
