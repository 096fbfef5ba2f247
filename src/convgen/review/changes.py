"""What changed between two versions, in the terms a reviewer reads.

The two documents are compared by identity, not by position: parties by id,
articles and annexes by key, commitments by party and key, members of a
list by name. Inserting an article therefore reports the insertion once;
the articles it renumbers are not « changed ». Values are written the way
the document prints them (« 20 % », « six mois », « 1er avril 2022 »), a
text shows the words that changed, and a gap that receives a value is
« comblée ».
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from convgen.checking.schema import titles_at
from convgen.foundation import french, gaps
from convgen.foundation.findings import Path_
from convgen.loading.reader import value_at
from convgen.model import markup
from convgen.model.avenant import Avenant, AvenantOutline
from convgen.model.deliberation import Deliberation, DeliberationOutline
from convgen.model.outline import Outline
from convgen.rendering.clauses import duration_words
from convgen.review import words
from convgen.review.words import Segment

ADDED, REMOVED, CHANGED, MOVED, FILLED, INTRODUCED = (
    "added",
    "removed",
    "changed",
    "moved",
    "filled",
    "introduced",
)
KIND_LABELS = {
    ADDED: "ajouté",
    REMOVED: "supprimé",
    CHANGED: "modifié",
    MOVED: "déplacé",
    FILLED: "lacune comblée",
    INTRODUCED: "lacune introduite",
}

# The order in which a reviewer reads the sections; commitments get one section per party.
SECTIONS = [
    "Titre",
    "Parties",
    "Préambule",
    "Articles",
    "Engagements",
    "Gouvernance",
    "Durées et préavis",
    "Plan de financement",
    "Communication",
    "Séance et acte",
    "Présences",
    "Exposé et visas",
    "Décision",
    "Vote",
    "Signature",
    "Signature et publicité",
    "Annexes",
    "Convention approuvée",
    "Convention modifiée",
    "Modifications",
    "Lacunes",
    "Document",
]
_CONVENTION_SECTIONS = {
    "title": "Titre",
    "parties": "Parties",
    "sides": "Parties",
    "drafted_by": "Parties",
    "visas": "Préambule",
    "preamble": "Préambule",
    "opening": "Préambule",
    "places": "Articles",
    "articles": "Articles",
    "governance": "Gouvernance",
    "terms": "Durées et préavis",
    "budget": "Plan de financement",
    "communication": "Communication",
    "signature": "Signature",
    "annexes": "Annexes",
}
_DELIBERATION_SECTIONS = {
    "authority": "Séance et acte",
    "session": "Séance et acte",
    "act": "Séance et acte",
    "members_in_office": "Présences",
    "attendance": "Présences",
    "secretary": "Présences",
    "rapporteur": "Présences",
    "expose": "Exposé et visas",
    "visas": "Exposé et visas",
    "considerations": "Exposé et visas",
    "decision": "Décision",
    "imputation": "Décision",
    "vote": "Vote",
    "counts": "Vote",
    "signature": "Signature et publicité",
    "publicity": "Signature et publicité",
    "approves": "Convention approuvée",
}
_AVENANT_SECTIONS = {
    "title": "Titre",
    "number": "Titre",
    "amends": "Convention modifiée",
    "parties": "Parties",
    "sides": "Parties",
    "drafted_by": "Parties",
    "collective": "Parties",
    "visas": "Préambule",
    "expose": "Préambule",
    "effective": "Modifications",
    "changes": "Modifications",
    "signature": "Signature",
}
_IDENTITY_FIELDS = ("id", "key", "party", "member", "name")
_DURATION_UNITS = {"years", "months", "weeks", "days"}


@dataclass(frozen=True)
class Change:
    """One change, as a reviewer would note it."""

    section: str
    kind: str
    subject: str
    old: str | None = None
    new: str | None = None
    segments: tuple[Segment, ...] = ()
    path: Path_ = ()
    party: str | None = None


@dataclass
class Review:
    """Every change between two versions of a document."""

    old: str
    new: str
    kind: str
    changes: list[Change] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return not self.changes

    def sections(self) -> list[tuple[str, list[Change]]]:
        """The changes grouped by section, in reading order."""
        order = {name: index for index, name in enumerate(SECTIONS)}
        grouped: dict[str, list[Change]] = {}
        for change in self.changes:
            grouped.setdefault(change.section, []).append(change)

        def rank(title: str) -> tuple[int, str]:
            base = "Engagements" if title.startswith("Engagements") else title
            return (order.get(base, len(SECTIONS)), title)

        return [(title, grouped[title]) for title in sorted(grouped, key=rank)]


# --- a generic comparison of the written data ------------------------------------------------


@dataclass(frozen=True)
class _Raw:
    kind: str
    old_path: Path_ | None
    new_path: Path_ | None
    old: Any = None
    new: Any = None


def _identity(item: Any) -> str | None:
    if isinstance(item, dict):
        for name in _IDENTITY_FIELDS:
            if isinstance(item.get(name), str):
                return f"{name}:{item[name]}"
    return None


def _atomic(value: Any) -> bool:
    """Values compared as a whole: scalars, durations, lists of plain words."""
    if isinstance(value, dict):
        return bool(value) and set(value) <= _DURATION_UNITS
    if isinstance(value, list):
        return all(isinstance(v, str) and len(v) < 40 and " " not in v.strip() for v in value) and (
            bool(value)
        )
    return True


def _walk(old: Any, new: Any, old_path: Path_, new_path: Path_) -> Iterator[_Raw]:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict) and not _atomic(old) and not _atomic(new):
        for key in list(new) + [k for k in old if k not in new]:
            if key not in old:
                yield _Raw(ADDED, None, (*new_path, key), None, new[key])
            elif key not in new:
                yield _Raw(REMOVED, (*old_path, key), None, old[key], None)
            else:
                yield from _walk(old[key], new[key], (*old_path, key), (*new_path, key))
        return
    if isinstance(old, list) and isinstance(new, list) and not (_atomic(old) and _atomic(new)):
        yield from _walk_list(old, new, old_path, new_path)
        return
    yield _Raw(CHANGED, old_path, new_path, old, new)


def _walk_list(old: list[Any], new: list[Any], old_path: Path_, new_path: Path_) -> Iterator[_Raw]:
    old_ids = [_identity(item) for item in old]
    new_ids = [_identity(item) for item in new]
    if all(old_ids) and all(new_ids) and (old or new):
        common = [i for i in new_ids if i in old_ids]
        common_old = [i for i in old_ids if i in new_ids]
        matcher = difflib.SequenceMatcher(None, common_old, common, autojunk=False)
        in_order = {
            common[j + k] for _, j, size in matcher.get_matching_blocks() for k in range(size)
        }
        for index, identity in enumerate(new_ids):
            if identity not in old_ids:
                yield _Raw(ADDED, None, (*new_path, index), None, new[index])
                continue
            old_index = old_ids.index(identity)
            if identity not in in_order:
                yield _Raw(
                    MOVED, (*old_path, old_index), (*new_path, index), old[old_index], new[index]
                )
            yield from _walk(old[old_index], new[index], (*old_path, old_index), (*new_path, index))
        for index, identity in enumerate(old_ids):
            if identity not in new_ids:
                yield _Raw(REMOVED, (*old_path, index), None, old[index], None)
        return
    keys_old = [_text_key(item) for item in old]
    keys_new = [_text_key(item) for item in new]
    matcher = difflib.SequenceMatcher(None, keys_old, keys_new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":  # same texts; a figure beside the text may still differ
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                yield from _walk(old[i], new[j], (*old_path, i), (*new_path, j))
            continue
        pairs = list(zip(range(i1, i2), range(j1, j2), strict=False)) if tag == "replace" else []
        paired_old, paired_new = set(), set()
        for i, j in pairs:
            if words.similarity(keys_old[i], keys_new[j]) >= 0.5 or type(old[i]) is dict:
                paired_old.add(i)
                paired_new.add(j)
                yield from _walk(old[i], new[j], (*old_path, i), (*new_path, j))
        for i in range(i1, i2):
            if i not in paired_old:
                yield _Raw(REMOVED, (*old_path, i), None, old[i], None)
        for j in range(j1, j2):
            if j not in paired_new:
                yield _Raw(ADDED, None, (*new_path, j), None, new[j])


def _text_key(item: Any) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        return " ".join(str(v) for v in item.values() if isinstance(v, str))
    return repr(item)


# --- presenting values the way the document prints them -----------------------------------------


def _shown(value: Any, path: Path_) -> str:
    """``value`` as the document would print it."""
    if value is None:
        return "(vide)"
    if isinstance(value, bool):
        return "oui" if value else "non"
    last = path[-1] if path else None
    if isinstance(value, (int, float)):
        if last == "percent":
            return french.format_percent(value)
        if last in ("amount", "total", "ceiling") or "shares" in path or "party_totals" in path:
            return french.format_amount(value)
        return str(value)
    if isinstance(value, dict) and value and set(value) <= _DURATION_UNITS:
        return duration_words(value)
    if isinstance(value, str) and last == "percent":
        return f"{value} %"  # a rate still blank prints « ... % »
    if isinstance(value, str):
        if len(value) == 10 and value[4:5] == "-" and value[7:8] == "-":
            return french.lenient(french.format_date, value)
        return " ".join(value.split())
    if isinstance(value, list):
        return ", ".join(_shown(v, path) for v in value)
    if isinstance(value, dict):
        text = next(
            (
                v
                for k, v in value.items()
                if k in ("title", "name", "text", "label") and isinstance(v, str)
            ),
            None,
        )
        return (
            " ".join(text.split())
            if text
            else ", ".join(f"{k} : {_shown(v, (*path, k))}" for k, v in value.items())
        )
    return str(value)


def _figure_shown(figure: Any) -> str | None:
    """A declared figure (``{percent: 20}``) as the document prints it (« 20 % »)."""
    if not isinstance(figure, dict):
        return None
    for kind in ("percent", "amount", "years", "months", "count"):
        if kind in figure:
            value = figure[kind]
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return f"{value} %" if kind == "percent" else str(value)
            if kind in ("years", "months"):
                return duration_words({kind: int(value)})
            return _shown(value, (kind,))
    return None


# The objects a party's field belongs to, with their article, to name the field
# « qualité du représentant » rather than « qualité ».
_OWNERS = {
    "représentant": "du représentant",
    "signataire": "du signataire",
    "siège": "du siège",
    "adresse": "de l'adresse",
    "habilitation": "de l'habilitation",
    "habilitation à signer": "de l'habilitation à signer",
    "désignation abrégée": "de la désignation abrégée",
}


def _field_label(kind: str, path: Path_) -> str | None:
    """The schema's name for the field at ``path``, with the object it belongs to when it
    is a field of a field (« Qualité du représentant », « Ville de l'adresse »)."""
    titles = titles_at(kind, path)
    named = [t for t in titles if t]
    if not named:
        return None
    label = named[-1]
    if len(titles) >= 2 and titles[-1] and titles[-2]:
        owner = _OWNERS.get(titles[-2].lower())
        if owner is not None:
            label = f"{label} {owner}"
    return label


def _article_summary(article: dict[str, Any]) -> str:
    """The start of the article's text (its title is already in the subject)."""
    title = article.get("title") or article.get("clause") or ""
    body = next((b for b in article.get("body") or [] if isinstance(b, str)), "")
    body = " ".join(body.split())
    if len(body) > 90:
        body = body[:90].rsplit(" ", 1)[0] + "…"
    return f"« {body} »" if body else str(title)


def _contains_gap(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_contains_gap(v) for v in value.values())
    if isinstance(value, list):
        return any(_contains_gap(v) for v in value)
    return isinstance(value, str) and gaps.is_gap(value)


class _Comparison:
    """Turns raw differences into reviewer's changes for one pair of documents."""

    def __init__(self, kind: str, old_data: Any, new_data: Any) -> None:
        self.kind = kind
        self.old_data, self.new_data = old_data, new_data
        make: type[Outline | AvenantOutline | DeliberationOutline] = DeliberationOutline
        if kind == "convention":
            make = Outline
        elif kind == "avenant":
            make = AvenantOutline
        self.old_outline, self.new_outline = make(old_data), make(new_data)
        self.sections = {
            "convention": _CONVENTION_SECTIONS,
            "avenant": _AVENANT_SECTIONS,
        }.get(kind, _DELIBERATION_SECTIONS)

    def _section(self, path: Path_, party: str | None) -> str:
        if self.kind == "convention" and "commitments" in path and party:
            data = self.new_data if value_at(self.new_data, ("parties",)) else self.old_data
            names = {p.get("id"): p for p in data.get("parties", []) if isinstance(p, dict)}
            party_data = names.get(party)
            name = party_data.get("name") if isinstance(party_data, dict) else party
            gender = party_data.get("gender", "f") if isinstance(party_data, dict) else "f"
            return f"Engagements {french.definite(str(name), gender, form='de')}"
        return self.sections.get(str(path[0]) if path else "", "Document")

    def change(self, raw: _Raw) -> Change:
        path = raw.new_path if raw.new_path is not None else raw.old_path
        assert path is not None
        outline = self.new_outline if raw.new_path is not None else self.old_outline
        subject, party = outline.describe(path)
        label = _field_label(self.kind, path)
        kind = raw.kind
        if kind == CHANGED:
            if _contains_gap(raw.old) and not _contains_gap(raw.new):
                kind = FILLED
            elif _contains_gap(raw.new) and not _contains_gap(raw.old):
                kind = INTRODUCED
        subject = french.apostrophes(self._subject(subject, path, label, raw))
        old_value = self._readable(raw.old, raw.old_path, self.old_data, self.old_outline)
        new_value = self._readable(raw.new, raw.new_path, self.new_data, self.new_outline)
        old = None if raw.old_path is None else french.apostrophes(_shown(old_value, raw.old_path))
        new = None if raw.new_path is None else french.apostrophes(_shown(new_value, raw.new_path))
        if (
            kind in (ADDED, REMOVED)
            and path[0] == "articles"
            and isinstance(raw.old or raw.new, dict)
        ):
            article = raw.new if kind == ADDED else raw.old
            described = _article_summary(article)
            renumbered = (
                " ; les articles suivants sont renumérotés" if not article.get("inserted") else ""
            )
            if kind == ADDED:
                new = described + renumbered
            else:
                old = described + renumbered
        segments: tuple[Segment, ...] = ()
        texts = isinstance(old_value, str) and isinstance(new_value, str) and kind != MOVED
        if texts and (" " in old_value.strip() or " " in new_value.strip()):
            segments = tuple(
                words.diff(
                    french.apostrophes(" ".join(old_value.split())),
                    french.apostrophes(" ".join(new_value.split())),
                )
            )
        return Change(self._section(path, party), kind, subject, old, new, segments, path, party)

    def _readable(self, value: Any, path: Path_ | None, data: Any, outline: Any) -> Any:
        """A drafted text as the document prints it: « l'@{article:resiliation} » is
        « l'article 7 » there, « @{taux} » the rate declared beside the text."""
        if not isinstance(value, str) or "@{" not in value or path is None:
            return value
        holder = value_at(data, path[:-1]) if path else None
        figures = holder.get("figures") if isinstance(holder, dict) else None
        annexes = [a.get("key") for a in (data.get("annexes") or []) if isinstance(a, dict)]
        out = []
        for segment in markup.parse(value):
            if isinstance(segment, markup.Literal):
                out.append(segment.text)
            elif isinstance(segment, markup.CrossRef) and segment.kind == "article":
                entry = outline.by_key(segment.key) if isinstance(outline, Outline) else None
                out.append(f"article {entry.number.text}" if entry else segment.source)
            elif isinstance(segment, markup.CrossRef) and segment.key in annexes:
                out.append(f"annexe {annexes.index(segment.key) + 1}")
            elif isinstance(segment, markup.FigureRef) and isinstance(figures, dict):
                out.append(_figure_shown(figures.get(segment.name)) or segment.source)
            else:
                out.append(segment.source)
        return "".join(out)

    def _subject(self, subject: str, path: Path_, label: str | None, raw: _Raw) -> str:
        """« Article 7 — Résiliation (clause de résiliation) : préavis »."""
        if raw.kind in (ADDED, REMOVED, MOVED) and path and path[0] == "articles":
            outline = self.new_outline if raw.new_path is not None else self.old_outline
            entries = outline.entries if isinstance(outline, Outline) else []
            entry = next((e for e in entries if e.path == path), None)
            if entry is not None:
                return f"{entry.label} — {entry.title}" if entry.title else entry.label
        whole = isinstance(raw.old if raw.new is None else raw.new, dict) and raw.kind in (
            ADDED,
            REMOVED,
        )
        redundant = (
            label is None
            or label.lower() in subject.lower()
            or label in ("Texte", "Contenu", "Bloc", "Paragraphe")
        )
        if not whole and not redundant and label is not None:
            return f"{subject} : {label[:1].lower() + label[1:]}"
        return subject

    def changes(self) -> list[Change]:
        found = [self.change(raw) for raw in _walk(self.old_data, self.new_data, (), ())]
        return [c for c in found if c.path and c.path[0] not in ("document", "status", "version")]


def _count_changes(old: Deliberation, new: Deliberation) -> Iterator[Change]:
    """The derived tally: counts are never written, so their changes come from the lists."""
    a, b = old.counts, new.counts
    labels = [
        ("present", "Présents"),
        ("represented", "Représentés"),
        ("absent", "Absents"),
        ("voters", "Votants"),
        ("votes_for", "Pour"),
        ("against", "Contre"),
        ("abstentions", "Abstentions"),
        ("expressed", "Suffrages exprimés"),
        ("absolute_majority", "Majorité absolue"),
    ]
    for attribute, label in labels:
        before, after = getattr(a, attribute), getattr(b, attribute)
        if before != after:
            yield Change(
                "Vote",
                CHANGED,
                f"Décompte : {label.lower()}",
                str(before),
                str(after),
                (),
                ("vote",),
            )
    if a.result_sentence != b.result_sentence:
        yield Change(
            "Vote", CHANGED, "Résultat", a.result_sentence, b.result_sentence, (), ("vote",)
        )


def _gap_summary(changes: list[Change]) -> Iterator[Change]:
    """The « Lacunes » section: each gap filled or introduced, by where it is."""
    for change in changes:
        if change.kind in (FILLED, INTRODUCED):
            yield Change(
                "Lacunes",
                change.kind,
                change.subject,
                change.old,
                change.new,
                (),
                change.path,
                change.party,
            )


def compare(old: Any, new: Any, *, old_label: str, new_label: str) -> Review:
    """The review of two models of the same kind (conventions, deliberations, avenants)."""
    kind = (
        "deliberation"
        if isinstance(new, Deliberation)
        else "avenant"
        if isinstance(new, Avenant)
        else "convention"
    )
    comparison = _Comparison(kind, old.source.data, new.source.data)
    changes = comparison.changes()
    if isinstance(old, Deliberation) and isinstance(new, Deliberation):
        changes.extend(_count_changes(old, new))
    changes.extend(list(_gap_summary(changes)))
    return Review(old_label, new_label, kind, changes)


def compare_data(kind: str, old: Any, new: Any, *, old_label: str, new_label: str) -> Review:
    """The review of two raw documents (used when one cannot be modelled)."""
    changes = _Comparison(kind, old, new).changes()
    changes.extend(list(_gap_summary(changes)))
    return Review(old_label, new_label, kind, changes)
