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

from convgen.foundation import french

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

    def shown(self, form: str) -> str:
        """The name as the document prints it: its civility in the document's ``form``
        (« Monsieur » or « M. »), then the name as written; as written when it has none."""
        if self.civility is None:
            return self.written
        return f"{french.civility(self.civility, form)} {self.bare}".strip()

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


def _family_core(family: str) -> str:
    """The family name without its particles, folded: « de SAINTDO » → « saintdo »."""
    words = re.split(r"[\s\-’']+", fold(family))
    return " ".join(w for w in words if w and w not in _PARTICLES and f"{w}'" not in _PARTICLES)


def _edits(a: str, b: str) -> int:
    """Edits between ``a`` and ``b``: insertions, deletions, substitutions and the swap
    of two neighbouring letters (the optimal string alignment distance)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _likeness(a: str, b: str) -> float:
    """How alike two folded words are, 0 to 1; one slip of the pen (a letter wrong,
    missing, added or two letters swapped) counts as nearly the same."""
    if a == b:
        return 1.0
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    return max(ratio, 0.95) if min(len(a), len(b)) >= 4 and _edits(a, b) <= 1 else ratio


def similarity(name: Name, other: Name) -> float:
    """How likely ``other`` is the person ``name`` meant, 0 to 1.

    The family name weighs most, particles aside (a clerk drops or adds « de »), then the
    given name; names whose family name could not be told apart are compared word by
    word in any order."""
    if name.identified and other.identified:
        family = _likeness(_family_core(name.family), _family_core(other.family))
        given = _likeness(fold(name.given), fold(other.given))
        return 0.7 * family + 0.3 * given
    return _likeness(" ".join(name.key), " ".join(other.key))


def closest(name: Name, candidates: Iterable[Name], cutoff: float = 0.75) -> Name | None:
    """The candidate most like ``name`` (a spelling slip), if one is close enough."""
    best: tuple[float, Name] | None = None
    for candidate in candidates:
        score = similarity(name, candidate)
        if score >= cutoff and (best is None or score > best[0]):
            best = (score, candidate)
    return best[1] if best else None


def find(name: Name, candidates: Iterable[Name]) -> Name | None:
    """The candidate that is the same person as ``name``."""
    return next((c for c in candidates if c.same(name)), None)
