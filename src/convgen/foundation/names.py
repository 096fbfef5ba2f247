"""Names of people as an assembly writes them, and matching between lists.

A clerk writes « M. Hervé LAMBERTIN » in the attendance list, « LAMBERTIN
Hervé » in a pouvoir and « M. Herve Lambertin » in the vote: the same person.
Matching ignores civility, order, case and accents; a particle (« de »,
« d' ») belongs to the family name. When a name is not found, the closest one
is suggested, because a spelling slip is the usual cause.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

CIVILITIES = {
    "m.": "M.",
    "m": "M.",
    "mr": "M.",
    "mr.": "M.",
    "monsieur": "M.",
    "mme": "Mme",
    "mme.": "Mme",
    "madame": "Mme",
    "mlle": "Mme",
    "mademoiselle": "Mme",
}
_PARTICLES = {"de", "du", "des", "la", "le", "d'", "d’", "van", "von", "del", "della", "di"}


def fold(text: str) -> str:
    """``text`` without accents, case or extra spaces, for comparing names."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(bare.split())


def _is_upper(token: str) -> bool:
    """A word in capitals (« LAMBERTIN », « ÉTIENNE », « D'ORNANO »); not an initial (« J. »)."""
    token = re.sub(r"^[dD]['’]", "", token)  # « d'ORNANO »: the elided particle is lower case
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@dataclass(frozen=True)
class Name:
    """A person's name as written, with its parts."""

    written: str
    civility: str | None
    given: str
    family: str
    family_first: bool

    @property
    def identified(self) -> bool:
        """Whether the family name could be told apart (written in capitals)."""
        return bool(self.family) and bool(self.given)

    @property
    def key(self) -> tuple[str, ...]:
        """What two spellings of the same person share: folded words, in any order."""
        words = re.split(r"[\s\-’']+", fold(f"{self.given} {self.family}"))
        return tuple(sorted(w for w in words if w))

    @property
    def bare(self) -> str:
        """The name without civility, in the written order (« Hervé LAMBERTIN »)."""
        return f"{self.family} {self.given}" if self.family_first else f"{self.given} {self.family}"

    @property
    def feminine(self) -> bool | None:
        """From the civility, when there is one."""
        return None if self.civility is None else self.civility == "Mme"

    def same(self, other: Name) -> bool:
        return self.key == other.key

    def __str__(self) -> str:
        return self.written


def parse(text: str) -> Name:
    """Split « M. Hervé LAMBERTIN », « LAMBERTIN Hervé », « Mme Marie de LA TOUR »."""
    written = " ".join(text.split())
    tokens = written.split(" ")
    civility = None
    if tokens and tokens[0].casefold() in CIVILITIES:
        civility = CIVILITIES[tokens[0].casefold()]
        tokens = tokens[1:]
    upper = [i for i, token in enumerate(tokens) if _is_upper(token)]
    if not upper:
        return Name(written, civility, " ".join(tokens), "", False)
    first, last = upper[0], upper[-1]
    # particles written in lower case just before the capitals belong to the family name
    while first > 0 and tokens[first - 1].casefold() in _PARTICLES:
        first -= 1
    family = " ".join(tokens[first : last + 1])
    given = " ".join(tokens[:first] + tokens[last + 1 :])
    return Name(written, civility, given, family, family_first=first == 0 and bool(given))


def closest(name: Name, candidates: Iterable[Name], cutoff: float = 0.75) -> Name | None:
    """The candidate most like ``name`` (a spelling slip), if one is close enough."""
    pool = {" ".join(c.key): c for c in candidates}
    match = difflib.get_close_matches(" ".join(name.key), list(pool), n=1, cutoff=cutoff)
    return pool[match[0]] if match else None


def find(name: Name, candidates: Iterable[Name]) -> Name | None:
    """The candidate that is the same person as ``name``."""
    return next((c for c in candidates if c.same(name)), None)
