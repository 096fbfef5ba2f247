"""Article numbering and the outline of a convention.

The outline is computed from the raw data, tolerant of missing or wrong
values, because it serves two masters: the renderer (« Article 1er »,
« Article 6 bis », « Article 3.2 ») and every check, which names the article
and the party concerned in its messages even when the document is far from
valid. Generated sub-articles (one per party's commitments, the composition
and role of the governance body) are part of the outline, so that their
numbers are the same in messages and in the document.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from convgen.foundation import french
from convgen.foundation.findings import Path_
from convgen.model import parties as _parties
from convgen.model.values import Gender

INSERTED_SUFFIXES = (
    "bis",
    "ter",
    "quater",
    "quinquies",
    "sexies",
    "septies",
    "octies",
    "nonies",
    "decies",
)

CLAUSE_TITLES = {
    "duration": "Durée",
    "termination": "Résiliation",
    "amendment": "Avenant",
    "jurisdiction": "Attribution de juridiction",
    "communication": "Communication",
    "financing": "Dispositions financières",
}

SECTION_LABELS = {
    "title": "Bloc de titre",
    "sides": "Comparution (« Entre : … Et … »)",
    "preamble": "Préambule",
    "budget": "Plan de financement",
    "status": "Statut du document",
    "document": "Type de document",
    "drafted_by": "Partie rédactrice",
    "visas": "Visas",
    "opening": "Formule d'ouverture des articles",
    "places": "Lieux cités",
}

CLAUSE_NAMES = {
    "duration": "clause de durée",
    "termination": "clause de résiliation",
    "amendment": "clause d'avenant",
    "jurisdiction": "clause de juridiction",
    "communication": "clause de communication",
    "governance": "instance de gouvernance",
    "financing": "dispositions financières",
}

# Which part of the data each clause article prints; the first is where the clause is.
CLAUSE_SOURCES: dict[str, tuple[Path_, ...]] = {
    "duration": (
        ("terms", "start"),
        ("terms", "duration"),
        ("terms", "renewal"),
        ("terms", "end"),
    ),
    "termination": (("terms", "termination"),),
    "amendment": (("terms", "amendment"),),
    "jurisdiction": (("terms", "jurisdiction"),),
    "communication": (("communication",),),
    "governance": (("governance",),),
    "financing": (("financing",),),
}


@dataclass(frozen=True)
class Number:
    """An article number: ``(3, 2)`` with no suffix is « 3.2 », ``(6,)`` + bis is « 6 bis »."""

    parts: tuple[int, ...]
    suffix: str = ""

    @property
    def text(self) -> str:
        if len(self.parts) == 1 and not self.suffix:
            return french.article_number(self.parts[0])
        base = ".".join(str(p) for p in self.parts)
        return f"{base} {self.suffix}" if self.suffix else base

    @property
    def label(self) -> str:
        """« Article 1er », « Article 6 bis », « Article 3.2 »."""
        return f"Article {self.text}"


@dataclass(frozen=True)
class Entry:
    """One article of the outline, written or generated."""

    path: Path_
    number: Number
    key: str
    title: str
    level: int
    generated: str | None = None  # "commitments", "governance-composition", "governance-role"
    party: str | None = None
    clause: str | None = None

    @property
    def label(self) -> str:
        return self.number.label

    @property
    def heading(self) -> str:
        """« Article 3.2 : Engagement de la Préfecture »."""
        return f"{self.label} : {self.title}" if self.title else self.label


# The outline reads the data as YAML gave it, valid or not (``Any``: a document far from
# valid still gets its articles named in messages); the typed model is built from it.


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _short_name(party: Mapping[str, Any]) -> _parties.ShortName | None:
    gender: Gender = "f" if party.get("gender") == "f" else "m"
    short = _parties.short_name(party.get("short_name"), gender, party.get("elision"), ())
    return short if short is not None and short.name.strip() else None


def party_noun(party: Mapping[str, Any]) -> str:
    """The name a party goes by after the opening: its announced short name (a text, or the
    ``name`` of an object), else its name."""
    short = _short_name(party)
    return (
        _text(short.name if short else None)
        or _text(party.get("name"))
        or str(party.get("id", "?"))
    )


def party_phrase(party: Mapping[str, Any], *, form: str = "", capital: bool = False) -> str:
    """« la Préfecture de Région Grand Est », « du CNAM », « Le Conseil régional »; a short
    name with its own gender and article (« du CFA du Pays d'Aix », « d'AMP »)."""
    short = _short_name(party)
    if short is not None:
        return short.phrase(form=form, capital=capital)
    gender = "f" if party.get("gender") == "f" else "m"
    elision = _parties.applied_elision(party.get("elision"), party_noun(party))
    return french.definite(party_noun(party), gender, form=form, capital=capital, elision=elision)


def commitments_title(party: Mapping[str, Any] | None, party_id: str) -> str:
    """Default title of a party's commitments sub-article."""
    if party is None:
        return f"Engagements de « {party_id} »"
    return f"Engagements {party_phrase(party, form='de')}"


def _governance_titles(governance: Mapping[str, Any]) -> tuple[str, str]:
    name = _text(governance.get("name")) or "instance de gouvernance"
    gender = "f" if governance.get("gender") == "f" else "m"
    the = french.definite(name, gender, form="de")
    return f"Composition et fonctionnement {the}", f"Rôle {the}"


class Describes(Protocol):
    """What placing a finding needs of an outline: the subject (« Article 3.2 —
    Engagements de … ») and the party concerned by a path of the document. A
    convention's outline, a deliberation's and a model's or shared party's describe."""

    def describe(self, path: Path_) -> tuple[str, str | None]: ...


class Outline:
    """The numbered articles of a raw convention, and who each path concerns."""

    def __init__(self, data: Any) -> None:
        self.data = data if isinstance(data, Mapping) else {}
        parties = self.data.get("parties")
        self.parties: dict[str, Mapping[str, Any]] = {}
        if isinstance(parties, list):
            for party in parties:
                if isinstance(party, Mapping) and isinstance(party.get("id"), str):
                    self.parties.setdefault(party["id"], party)
        self.entries: list[Entry] = []
        articles = self.data.get("articles")
        if isinstance(articles, list):
            self._number(articles, ("articles",), ())

    # -- numbering --------------------------------------------------------------

    def _number(self, items: Sequence[Any], path: Path_, parent: tuple[int, ...]) -> None:
        counter = 0
        inserted = 0
        for index, item in enumerate(items):
            if not isinstance(item, Mapping):
                continue
            if item.get("inserted") is True and counter > 0:
                suffix = INSERTED_SUFFIXES[min(inserted, len(INSERTED_SUFFIXES) - 1)]
                inserted += 1
            else:
                counter += 1
                inserted = 0
                suffix = ""
            number = Number((*parent, counter), suffix)
            item_path = (*path, index)
            clause = item.get("clause") if isinstance(item.get("clause"), str) else None
            title = _text(item.get("title")) or self._clause_title(clause)
            self.entries.append(
                Entry(
                    path=item_path,
                    number=number,
                    key=str(item.get("key", "")),
                    title=title,
                    level=len(number.parts),
                    clause=clause,
                )
            )
            self._children(item, item_path, number)

    def _clause_title(self, clause: str | None) -> str:
        if clause == "governance":
            governance = self.data.get("governance")
            if isinstance(governance, Mapping):
                return french.capitalise(_text(governance.get("name")))
        return CLAUSE_TITLES.get(clause or "", "")

    def _children(self, item: Mapping[str, Any], path: Path_, number: Number) -> None:
        # Sub-articles of an inserted article hang under its full number (« 6 bis.1 »
        # would be unusual); they are numbered from the base number's parts.
        children = item.get("articles")
        start = len(self.entries)
        if isinstance(children, list):
            self._number(children, (*path, "articles"), number.parts)
        count = sum(1 for e in self.entries[start:] if e.level == len(number.parts) + 1)
        key = str(item.get("key", ""))
        commitments = item.get("commitments")
        if isinstance(commitments, list):
            for index, entry in enumerate(commitments):
                if not isinstance(entry, Mapping):
                    continue
                count += 1
                party_id = str(entry.get("party", ""))
                title = _text(entry.get("title")) or commitments_title(
                    self.parties.get(party_id), party_id
                )
                self.entries.append(
                    Entry(
                        path=(*path, "commitments", index),
                        number=Number((*number.parts, count)),
                        key=f"{key}.{party_id}",
                        title=title,
                        level=len(number.parts) + 1,
                        generated="commitments",
                        party=party_id or None,
                    )
                )
        governance = self.data.get("governance")
        if item.get("clause") == "governance" and isinstance(governance, Mapping):
            composition, role = _governance_titles(governance)
            for suffix, title, kind in (
                ("composition", composition, "governance-composition"),
                ("role", role, "governance-role"),
            ):
                count += 1
                self.entries.append(
                    Entry(
                        path=path,
                        number=Number((*number.parts, count)),
                        key=f"{key}.{suffix}",
                        title=title,
                        level=len(number.parts) + 1,
                        generated=kind,
                    )
                )

    # -- lookups ----------------------------------------------------------------

    def by_key(self, key: str) -> Entry | None:
        """The article whose key is ``key``."""
        return next((e for e in self.entries if e.key == key), None)

    def by_clause(self, clause: str) -> Entry | None:
        """The (first) article that prints ``clause``."""
        return next((e for e in self.entries if e.clause == clause), None)

    def by_number(self, text: str) -> Entry | None:
        """The article numbered ``text`` (« 7 », « 1er », « 6 bis », « 3.2 »)."""
        wanted = " ".join(text.lower().replace("1er", "1").split())
        for entry in self.entries:
            if " ".join(entry.number.text.lower().replace("1er", "1").split()) == wanted:
                return entry
        return None

    def _article_for(self, path: Path_) -> Entry | None:
        best: Entry | None = None
        for entry in self.entries:
            if entry.generated and entry.generated.startswith("governance"):
                continue
            if path[: len(entry.path)] == entry.path and (
                best is None or len(entry.path) > len(best.path)
            ):
                best = entry
        return best

    def describe(self, path: Path_) -> tuple[str, str | None]:
        """A French phrase naming what ``path`` concerns, and the party concerned.

        ``("articles", 2, "commitments", 0, "items", 2)`` gives
        (« Article 3.2 — Engagement de la Préfecture, engagement n° 3 », "prefecture").
        """
        if not path:
            return "Document", None
        describe = {
            "articles": self._describe_article,
            "parties": self._describe_party,
            "terms": self._describe_clause,
            "governance": self._describe_clause,
            "communication": self._describe_clause,
            "annexes": self._describe_annex,
            "financing": self._describe_financing,
            "signature": self._describe_signature,
            "tables": self._describe_table,
        }.get(str(path[0]))
        if describe is not None:
            return describe(path)
        return SECTION_LABELS.get(str(path[0]), "Document"), None

    def _describe_article(self, path: Path_) -> tuple[str, str | None]:
        entry = self._article_for(path)
        if entry is None:
            return "Articles", None
        subject = f"{entry.label} — {entry.title}" if entry.title else entry.label
        rest = path[len(entry.path) :]
        if entry.generated == "commitments" and rest[:1] == ("items",) and len(rest) > 1:
            subject += f", engagement n° {int(rest[1]) + 1}"
            if rest[2:3] == ("figures",) and len(rest) > 3:
                subject += f", chiffre « {rest[3]} »"
        return subject, entry.party

    def _item(self, section: str, path: Path_) -> Any:
        items = self.data.get(section)
        if len(path) > 1 and isinstance(path[1], int) and isinstance(items, list):
            return items[path[1]] if path[1] < len(items) else None
        return None

    def _describe_party(self, path: Path_) -> tuple[str, str | None]:
        party = self._item("parties", path)
        if not isinstance(party, Mapping):
            return "Parties", None
        pid = party.get("id") if isinstance(party.get("id"), str) else None
        label = f"Partie « {pid} »" if pid else "Partie"
        name = _text(party.get("name"))
        return (f"{label} ({name})" if name else label), pid

    def _describe_clause(self, path: Path_) -> tuple[str, str | None]:
        for clause, sources in CLAUSE_SOURCES.items():
            if any(path[: len(source)] == source for source in sources):
                name = CLAUSE_NAMES[clause]
                entry = self.by_clause(clause)
                if entry is None:
                    return french.capitalise(name), None
                return f"{entry.label} — {entry.title} ({name})", None
        return "Durée et fin de la convention", None

    def _describe_financing(self, path: Path_) -> tuple[str, str | None]:
        entry = self.by_clause("financing")
        subject = f"{entry.label} — {entry.title}" if entry else "Financements"
        item = self._item("financing", path)
        if not isinstance(item, Mapping):
            return subject, None
        key = _text(item.get("key"))
        payer = item.get("party") if isinstance(item.get("party"), str) else None
        return (f"{subject}, financement « {key} »" if key else subject), payer

    def _describe_annex(self, path: Path_) -> tuple[str, str | None]:
        if len(path) < 2 or not isinstance(path[1], int):
            return "Annexes", None
        annex = self._item("annexes", path)
        title = _text(annex.get("title")) if isinstance(annex, Mapping) else ""
        return f"Annexe {path[1] + 1}" + (f" — {title}" if title else ""), None

    def _describe_table(self, path: Path_) -> tuple[str, str | None]:
        table = self._item("tables", path)
        if not isinstance(table, Mapping):
            return "Tableaux", None
        title = _text(table.get("title"))
        key = table.get("key") if isinstance(table.get("key"), str) else None
        return f"Tableau « {title or key} »" if title or key else "Tableau", None

    def _describe_signature(self, path: Path_) -> tuple[str, str | None]:
        signature = self.data.get("signature")
        if path[1:2] == ("signatories",) and len(path) > 2 and isinstance(signature, Mapping):
            signatories = signature.get("signatories")
            if (
                isinstance(signatories, list)
                and isinstance(path[2], int)
                and path[2] < len(signatories)
            ):
                item = signatories[path[2]]
                pid = item if isinstance(item, str) else None
                if isinstance(item, Mapping) and isinstance(item.get("party"), str):
                    pid = item["party"]
                if pid:
                    return f"Signature — bloc de « {pid} »", pid
        return "Signature", None
