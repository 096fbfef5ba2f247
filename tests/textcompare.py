"""Fuzzy comparison of a rendered convention with an OCR'd seed document.

The seed documents are OCR output: hard line wraps, paragraphs cut by page breaks, bullets
read as "e " or "¢ ", mangled accents and apostrophes, a few recurring letter confusions.
The rendered document is clean French typography (accents, "’", no-break spaces, « »).
:func:`normalise` maps both sides onto the same crude word sequence, :func:`seed_paragraphs`
rebuilds the seed's logical paragraphs, and :func:`similarity` aligns the two word sequences.
Only the standard library is used.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

__all__ = ["Comparison", "normalise", "seed_paragraphs", "similarity"]

# Apostrophe variants (’ ‘ ‛ ʼ ` ´ ′), mapped before NFKD because NFKD turns "´" into an accent.
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2019\u2018\u201b\u02bc`\u00b4\u2032", "'"))
# Double-quote variants (“ ” „ ″ « ‹ › »), so that `1"` and `1”` look the same.
_QUOTES = str.maketrans(dict.fromkeys("\u201c\u201d\u201e\u2033\u00ab\u00bb\u2039\u203a", '"'))

# Whole-token OCR confusions: OCR spelling -> spelling of the normalised proper text.
_TOKEN_FIXES = {
    "cceur": "coeur",  # "Cceur" for "Cœur"
    "cceurs": "coeurs",
    "ceuvre": "oeuvre",  # "ceuvre" for "œuvre"
    "ceuvres": "oeuvres",
    "chnam": "cnam",  # "Chnam" for "Cnam"
    "cham": "cnam",  # "Cham" for "Cnam"
    "colt": "cout",  # "colt" for "coût"
    "colts": "couts",
    "travalil": "travail",  # "Travalil" for "Travail"
    "cing": "cinq",  # "cing" for "cinq"
    "rele": "role",  # "réle" for "rôle" (ô read as é)
}


def normalise(text: str) -> str:
    """Return *text* as lowercase ASCII-ish words separated by single spaces.

    The result is only meant for comparison: accents, case, punctuation, quotes and
    elided articles (l’, d’, qu’…) all disappear, and known OCR confusions are undone,
    so that an OCR'd paragraph and its properly typeset version normalise equal.
    """
    # Typographic vs straight apostrophes and quotes: one straight form of each.
    text = text.translate(_APOSTROPHES).translate(_QUOTES)
    # Mangled accents ("caractére", "ETANT"), no-break spaces, superscripts ("1ᵉʳ" -> "1er").
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    # UPPERCASE headings and names vs other casing.
    text = text.casefold()
    # "Cœur" vs "Coeur" (œ and æ have no NFKD decomposition).
    text = text.replace("œ", "oe").replace("æ", "ae")
    # "co(t" for "coût" (must run before punctuation is stripped).
    text = re.sub(r"\bco\(t(s?)\b", r"cout\1", text)
    # `1"`, "1er", "1 er": all become "1", which also cancels "Article 1" vs "Article 1er".
    text = re.sub(r"\b1(?:\s*er\b|[\"']+)", "1", text)
    # Elided one-letter words and "qu" are dropped with their apostrophe(s): cancels "I'"
    # for "l'", doubled apostrophes ("d’'une") and a stray space after the apostrophe.
    text = re.sub(r"\b(?:qu|[a-z])'+", "", text)
    # Remaining apostrophes (e.g. "'accompagnement" with the "l" lost) join the word parts.
    text = text.replace("'", "")
    # Punctuation, dashes ("—" vs "-"), quotes, "¢" bullets, spacing before ":" and ";".
    text = re.sub(r"[\W_]+", " ", text)
    # Word-level OCR confusions, then whitespace collapsed by split/join.
    return " ".join(_TOKEN_FIXES.get(word, word) for word in text.split())


# A line starting with an OCR'd bullet: "e ", "¢ ", "• ", "- " (and "« " not closed on the line).
_BULLET = re.compile(r"^(?:[e¢•\-]|«(?!.*»))\s+")
# A heading line: "Article 3.2 : …", or a line with letters but no lowercase letter.
_ARTICLE = re.compile(r"^Article\s+\d")
# Lowercase words that never end a paragraph: a block ending with one was cut by a page break.
_DANGLING = frozenset(
    {"a", "à", "au", "aux", "avec", "d’", "dans", "de", "des", "du", "en", "et", "l’", "la"}
    | {"le", "les", "ou", "par", "pour", "sur", "un", "une"}
)


def _is_heading(line: str) -> bool:
    return bool(_ARTICLE.match(line)) or (
        any(ch.isalpha() for ch in line) and not any(ch.islower() for ch in line)
    )


def _continues(previous: str, block_start: str) -> bool:
    """Whether a block starting with *block_start* continues *previous* across a page break."""
    if block_start[:1].islower():
        return True
    words = previous.replace("'", "’").split()
    return bool(words) and words[-1] in _DANGLING


def seed_paragraphs(text: str) -> list[str]:
    """Split OCR'd seed *text* into logical paragraphs (bullet markers removed).

    - blank lines separate blocks, and the lines of a block are re-joined with spaces
      (without a space after a line ending in "-", e.g. "Saint-" + "Dizier");
    - a line starting with a bullet marker starts a new paragraph (the marker is dropped);
    - a heading line ("Article …" or all capitals) is a paragraph of its own;
    - page breaks: a block that does not start with a bullet or heading is appended to the
      previous paragraph when it starts with a lowercase letter, or when the previous
      paragraph ends with an article/preposition such as "de", "la" or "des".
    """
    paragraphs: list[str] = []
    # Whether the last paragraph may still receive lines (False after a heading).
    open_last = False
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        for index, line in enumerate(lines):
            bullet = _BULLET.match(line)
            heading = not bullet and _is_heading(line)
            if bullet:
                line = line[bullet.end() :]
            if index == 0:
                joined = (
                    open_last and not bullet and not heading and _continues(paragraphs[-1], line)
                )
            else:
                joined = open_last and not bullet and not heading
            if joined:
                hyphen = re.search(r"\w-$", paragraphs[-1])  # "Saint-" + "Dizier"
                paragraphs[-1] += ("" if hyphen else " ") + line
            else:
                paragraphs.append(line)
            open_last = not heading
    return [p for p in paragraphs if p.strip()]


@dataclass
class Comparison:
    """Result of :func:`similarity` (all scores between 0 and 1)."""

    ratio: float  # symmetric similarity 2*M / (seed words + rendered words)
    coverage: float  # matched seed words / seed words
    # (fraction of the paragraph's words matched, first 60 characters) per seed paragraph
    paragraphs: list[tuple[float, str]] = field(default_factory=list)

    def report(self, threshold: float = 0.8) -> str:
        """Readable table, one line per seed paragraph; scores below *threshold* get "<<<"."""
        lines = [f"{'#':>3}  {'score':>6}     seed paragraph"]
        for number, (score, start) in enumerate(self.paragraphs, 1):
            flag = "<<<" if score < threshold else "   "
            lines.append(f"{number:>3}  {score:>6.1%} {flag} {start}")
        low = sum(score < threshold for score, _ in self.paragraphs)
        lines.append(f"paragraphs below {threshold:.0%}: {low}/{len(self.paragraphs)}")
        lines.append(f"ratio: {self.ratio:.3f}   coverage: {self.coverage:.3f}")
        return "\n".join(lines)


def similarity(seed_paragraphs: list[str], rendered_paragraphs: list[str]) -> Comparison:
    """Align the normalised words of the whole seed with those of the whole rendered text.

    A paragraph whose normalised text is empty scores 1.0 (it has no word to miss).
    """
    seed_words: list[str] = []
    owner: list[int] = []  # seed word index -> seed paragraph index
    sizes: list[int] = []  # number of normalised words per seed paragraph
    for index, paragraph in enumerate(seed_paragraphs):
        words = normalise(paragraph).split()
        seed_words += words
        owner += [index] * len(words)
        sizes.append(len(words))
    rendered_words = normalise(" ".join(rendered_paragraphs)).split()

    matcher = SequenceMatcher(None, seed_words, rendered_words, autojunk=False)
    matched = [0] * len(seed_paragraphs)
    for block in matcher.get_matching_blocks():
        for position in range(block.a, block.a + block.size):
            matched[owner[position]] += 1
    total_matched = sum(matched)

    total = len(seed_words) + len(rendered_words)
    ratio = 2 * total_matched / total if total else 1.0
    coverage = total_matched / len(seed_words) if seed_words else 1.0
    scores = [
        (hits / size if size else 1.0, paragraph[:60])
        for hits, size, paragraph in zip(matched, sizes, seed_paragraphs, strict=True)
    ]
    return Comparison(ratio=ratio, coverage=coverage, paragraphs=scores)
