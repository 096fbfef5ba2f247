"""The avenant model: a document of its own that amends a signed convention.

An avenant (``document: avenant``) names the convention it amends (``amends``: a file,
or a git revision ``REV:chemin``), its number, and its changes (``changes``), each read
here into an operation of :mod:`convgen.model.amendments`. Its parties are those of the
convention, those who join (``join``, described in ``parties``) and those who leave
(``leave``: they sign the avenant all the same, a contract changing only with the
consent of all its parties). Its text is drafted here too (:mod:`convgen.model.drafting`),
as a convention-shaped document (:attr:`Avenant.text`): the template, the renderer, the
PDF and the deliberation that approves it read it as they read a convention.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from convgen.foundation import french, gaps
from convgen.foundation.findings import Path_
from convgen.foundation.paths import project_root, resolve
from convgen.loading.reader import SourceDocument, value_at
from convgen.model import convention as _convention
from convgen.model import drafting
from convgen.model.amendments import (
    AddAnnex,
    AddParagraphs,
    AddParty,
    InsertArticle,
    Operation,
    RemoveAnnex,
    RemoveArticle,
    RemoveParagraph,
    RemoveParty,
    RenameParty,
    ReplaceAnnex,
    ReplaceArticle,
    ReplaceParagraph,
    ReplaceWords,
    RetitleArticle,
)
from convgen.model.consolidated import (
    BULLET,
    PARAGRAPH,
    SUB_BULLET,
    ArticleText,
    Para,
    normal,
    number_key,
    number_text,
)
from convgen.model.content import BulletList, Paragraph, blocks
from convgen.model.convention import Convention, Whole, printable, whole
from convgen.model.deliberation import CheckedConvention
from convgen.model.outline import SECTION_LABELS, Outline
from convgen.model.parties import party as _party

ARTICLE_VERBS = (
    "replace",
    "strike",
    "rewrite",
    "add",
    "delete",
    "retitle",
    "substitute",
    "abrogate",
)
ANNEX_VERBS = ("replace", "remove")
OTHER_VERBS = ("insert", "add_annex", "join", "leave", "rename")
FEMININE_KINDS = ("convention", "charte", "entente")
MAX_NUMBER = 99


@dataclass
class AmendedConvention:
    """The convention an avenant amends, as checked."""

    written: str  # as written in ``amends``
    path: Path_
    result: CheckedConvention | None = None  # None: not found, or not followed
    refused: str | None = None  # why it could not be read (outside the project, git…)

    @property
    def convention(self) -> Convention | None:
        return self.result.convention if self.result is not None else None


@dataclass(frozen=True)
class Malformed:
    """A change that says nothing, or two things at once."""

    path: Path_
    message: str


@dataclass
class Avenant:
    kind = "avenant"

    status: str
    version: str | None
    date: str | None
    number: Whole
    amends: AmendedConvention
    operations: list[Operation]  # in the avenant's order: that of the convention's text
    malformed: list[Malformed]
    declared: dict[str, Path_]  # the parties described in ``parties``, where
    effective: str | None  # None: on the last signature
    outline: AvenantOutline = field(repr=False)
    source: SourceDocument = field(repr=False)
    text: Convention | None = field(default=None, repr=False)  # the avenant as a document

    @property
    def is_final(self) -> bool:
        return self.status == "final"

    @property
    def convention(self) -> Convention | None:
        """The convention amended, when it could be read and modelled."""
        return self.amends.convention

    @property
    def joining(self) -> list[AddParty]:
        return [op for op in self.operations if isinstance(op, AddParty)]

    @property
    def leaving(self) -> list[RemoveParty]:
        return [op for op in self.operations if isinstance(op, RemoveParty)]


# --- where findings are --------------------------------------------------------------------

_LABELS = {
    **SECTION_LABELS,
    "amends": "Convention modifiée",
    "number": "Numéro de l'avenant",
    "expose": "Exposé préalable",
    "effective": "Entrée en vigueur",
    "changes": "Modifications",
    "signature": "Signature",
    "parties": "Parties",
    "collective": "Dénomination collective des parties",
    "civility": "Forme des civilités",
}


class AvenantOutline:
    """Names what a path of an avenant concerns: « Modification n° 2 (article 7) »."""

    def __init__(self, data: Any) -> None:
        self.data = data if isinstance(data, Mapping) else {}

    def describe(self, path: Path_) -> tuple[str, str | None]:
        if not path:
            return "Document", None
        head = str(path[0])
        items = self.data.get(head)
        item = (
            items[path[1]]
            if len(path) > 1
            and isinstance(path[1], int)
            and isinstance(items, list)
            and path[1] < len(items)
            else None
        )
        if head == "changes" and isinstance(item, Mapping) and isinstance(path[1], int):
            return f"Modification n° {path[1] + 1}{_target(item)}", _party_of(item)
        if head == "parties" and isinstance(item, Mapping):
            pid = item.get("id") if isinstance(item.get("id"), str) else None
            name = item.get("name") if isinstance(item.get("name"), str) else ""
            label = f"Partie « {pid} »" if pid else "Partie"
            return (f"{label} ({name})" if name else label), pid
        if head == "signature" and path[1:2] == ("signatories",) and len(path) > 2:
            signatories = value_at(self.data, ("signature", "signatories"))
            index = path[2]
            if (
                isinstance(signatories, list)
                and isinstance(index, int)
                and index < len(signatories)
            ):
                entry = signatories[index]
                pid = entry if isinstance(entry, str) else None
                if isinstance(entry, Mapping) and isinstance(entry.get("party"), str):
                    pid = entry["party"]
                if pid:
                    return f"Signature — bloc de « {pid} »", pid
        return _LABELS.get(head, "Document"), None


def _target(item: Mapping[str, Any]) -> str:
    if "article" in item:
        return f" (article {number_text(str(item['article']))})"
    if "annex" in item:
        return f" (annexe {item['annex']})"
    insert = item.get("insert")
    if isinstance(insert, Mapping) and insert.get("number") is not None:
        return f" (article inséré {number_text(str(insert['number']))})"
    for verb in ("join", "leave"):
        if isinstance(item.get(verb), str):
            return f" (partie « {item[verb]} »)"
    return ""


def _party_of(item: Mapping[str, Any]) -> str | None:
    for verb in ("join", "leave"):
        if isinstance(item.get(verb), str):
            return str(item[verb])
    rename = item.get("rename")
    if isinstance(rename, Mapping) and isinstance(rename.get("party"), str):
        return str(rename["party"])
    return None


# --- reading the changes ---------------------------------------------------------------------


def paragraphs(raw: Any, path: Path_) -> tuple[tuple[Para, ...], list[Malformed]]:
    """Alinéas written as convention blocks: paragraphs and bullets (a table cannot be
    quoted in an avenant)."""
    out: list[Para] = []
    problems: list[Malformed] = []
    for block in blocks(raw if isinstance(raw, list) else [], path):
        if isinstance(block, Paragraph):
            out.append(Para(normal(block.text), PARAGRAPH))
        elif isinstance(block, BulletList):
            for item in block.items:
                out.append(Para(normal(item.text), BULLET))
                out.extend(Para(normal(c.text), SUB_BULLET) for c in item.children)
        else:
            problems.append(
                Malformed(
                    block.path,
                    "un avenant cite ses alinéas en toutes lettres : un tableau (« table ») "
                    "ne peut pas y être repris",
                )
            )
    return tuple(out), problems


def _sub_articles(raw: Any, path: Path_) -> tuple[tuple[ArticleText, ...], list[Malformed]]:
    out: list[ArticleText] = []
    problems: list[Malformed] = []
    for index, item in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(item, Mapping):
            continue
        item_path = (*path, index)
        paras, found = paragraphs(item.get("body"), (*item_path, "body"))
        children, nested = _sub_articles(item.get("articles"), (*item_path, "articles"))
        problems += found + nested
        out.append(
            ArticleText(
                number_text(str(item.get("number", ""))),
                normal(str(item.get("title") or "")),
                paras,
                children,
            )
        )
    return tuple(out), problems


def _rank(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _verbs(item: Mapping[str, Any]) -> tuple[str, list[str]]:
    """What the change targets (« article », « annex » or nothing) and the verbs written."""
    if "article" in item:
        return "article", [k for k in item if k != "article"]
    if "annex" in item:
        return "annex", [k for k in item if k != "annex"]
    return "", list(item)


def _form_problem(item: Mapping[str, Any]) -> str | None:
    target, verbs = _verbs(item)
    allowed = {"article": ARTICLE_VERBS, "annex": ANNEX_VERBS, "": OTHER_VERBS}[target]
    names = ", ".join(allowed)
    wrong = [v for v in verbs if v not in allowed]
    if target and wrong:
        what = "un article" if target == "article" else "une annexe"
        return f"pour {what}, « {wrong[0]} » ne se dit pas ; une seule de : {names}"
    if not target and wrong:
        return f"« {wrong[0]} » : nommez l'article (« article ») ou l'annexe (« annex ») visés"
    if len(verbs) != 1:
        said = ", ".join(verbs) if verbs else "rien"
        return f"une modification dit une seule chose ({said}) : une seule de {names}"
    return None


class _Reader:
    """Reads the changes of one avenant into operations, and what it could not read."""

    def __init__(self, doc: SourceDocument, convention: Convention | None) -> None:
        self.doc = doc
        self.convention = convention
        self.malformed: list[Malformed] = []
        self.annex_numbers = [a.number for a in convention.annexes] if convention else []

    def read(self, raw: Any) -> list[Operation]:
        ops: list[Operation] = []
        for index, item in enumerate(raw if isinstance(raw, list) else []):
            path = ("changes", index)
            if not isinstance(item, Mapping):
                continue
            problem = _form_problem(item)
            if problem is not None:
                self.malformed.append(Malformed(path, problem))
                continue
            op = self._operation(item, path)
            if op is not None:
                ops.append(op)
        return ops

    def _operation(self, item: Mapping[str, Any], path: Path_) -> Operation | None:
        target, (verb,) = _verbs(item)
        value = item[verb]
        at = (*path, verb)
        if target == "article":
            return self._article(number_text(str(item["article"])), verb, value, at)
        if target == "annex":
            return self._annex(int(item["annex"]), verb, value, at)
        if verb == "insert" and isinstance(value, Mapping):
            paras, found = paragraphs(value.get("body"), (*at, "body"))
            children, nested = _sub_articles(value.get("articles"), (*at, "articles"))
            self.malformed += found + nested
            after, within = value.get("after"), value.get("within")
            if after is None and within is None:
                self.malformed.append(
                    Malformed(at, "un article inséré dit après quel article il vient (« after »)")
                )
                return None
            article = ArticleText(
                number_text(str(value.get("number", ""))),
                normal(_text(value.get("title"))),
                paras,
                children,
                _text(value.get("key")),
            )
            return InsertArticle(
                number_text(str(after)) if after is not None else None,
                number_text(str(within)) if within is not None else None,
                article,
                at,
            )
        if verb == "add_annex" and isinstance(value, Mapping):
            number = _rank(value.get("number")) or max(self.annex_numbers, default=0) + 1
            self.annex_numbers.append(number)
            file = _text(value.get("file"))
            return AddAnnex(
                number,
                normal(_text(value.get("title"))),
                self._digest((*at, "file"), file),
                file,
                at,
            )
        if verb == "join" and isinstance(value, str):
            return AddParty(value, "", at)
        if verb == "leave" and isinstance(value, str):
            return RemoveParty(value, at)
        if verb == "rename" and isinstance(value, Mapping):
            return RenameParty(_text(value.get("party")), normal(_text(value.get("name"))), at)
        return None

    def _article(self, article: str, verb: str, value: Any, at: Path_) -> Operation | None:
        spec = value if isinstance(value, Mapping) else {}
        if verb == "replace":
            if not isinstance(spec.get("words"), str) or not isinstance(spec.get("by"), str):
                self.malformed.append(
                    Malformed(
                        at,
                        "remplacer des mots : « words » (les mots de la convention) et « by » "
                        "(ceux qui les remplacent)",
                    )
                )
                return None
            if "file" in spec or "title" in spec:
                self.malformed.append(
                    Malformed(at, "« file » et « title » ne se disent que d'une annexe (« annex »)")
                )
            return ReplaceWords(
                article, _rank(spec.get("paragraph")), spec["words"], spec["by"], at
            )
        if verb == "strike":
            return ReplaceWords(
                article, _rank(spec.get("paragraph")), _text(spec.get("words")), "", at
            )
        if verb == "rewrite":
            return ReplaceParagraph(
                article,
                _rank(spec.get("paragraph")) or 1,
                Para(normal(_text(spec.get("text"))), ""),
                at,
            )
        if verb == "add":
            paras, found = paragraphs(spec.get("body"), (*at, "body"))
            self.malformed += found
            after = spec.get("after")
            return AddParagraphs(article, after if isinstance(after, int) else None, paras, at)
        if verb == "delete":
            return RemoveParagraph(article, _rank(spec.get("paragraph")) or 1, at)
        if verb == "retitle":
            return RetitleArticle(article, normal(_text(value)), at)
        if verb == "substitute":
            paras, found = paragraphs(spec.get("body"), (*at, "body"))
            children, nested = _sub_articles(spec.get("articles"), (*at, "articles"))
            self.malformed += found + nested
            return ReplaceArticle(article, normal(_text(spec.get("title"))), paras, children, at)
        return RemoveArticle(article, at)  # abrogate: true

    def _annex(self, number: int, verb: str, value: Any, at: Path_) -> Operation | None:
        if verb == "remove":
            return RemoveAnnex(number, at)
        spec = value if isinstance(value, Mapping) else {}
        file = spec.get("file")
        if not isinstance(file, str) or "words" in spec or "by" in spec:
            self.malformed.append(
                Malformed(
                    at,
                    "remplacer une annexe : « file » (le fichier de la nouvelle annexe, "
                    "relatif à l'avenant) et, s'il change, « title »",
                )
            )
            return None
        old = (
            next((a for a in self.convention.annexes if a.number == number), None)
            if self.convention
            else None
        )
        written = spec.get("title")
        title = written if isinstance(written, str) else (old.title if old else "")
        return ReplaceAnnex(number, normal(title), self._digest((*at, "file"), file), file, at)

    def _digest(self, path: Path_, written: str) -> str:
        """The SHA-256 of the file an annex change joins (empty when it cannot be read:
        rule CG911 says why)."""
        if not written or gaps.is_gap(written):
            return ""
        where = self.doc.file_of(self.doc.position(path))
        reference = resolve(where, written, project_root(self.doc.file))
        if not reference.usable or not reference.path.is_file():
            return ""
        try:
            return hashlib.sha256(reference.path.read_bytes()).hexdigest()
        except OSError:
            return ""


# --- the order of the avenant -------------------------------------------------------------------


def _positions(outline: Outline) -> dict[str, tuple[float, float]]:
    """Each article of the convention: where it starts, and where its sub-articles end."""
    entries = outline.entries
    found: dict[str, tuple[float, float]] = {}
    for index, entry in enumerate(entries):
        end = index
        while end + 1 < len(entries) and entries[end + 1].level > entry.level:
            end += 1
        found.setdefault(number_key(entry.number.text), (float(index), float(end)))
    return found


def ordered(operations: Sequence[Operation], convention: Convention | None) -> list[Operation]:
    """``operations`` in the order an avenant lists them: the parties, then the articles
    in the order of the convention (an inserted article after the one it follows, and
    its sub-articles), then the annexes; operations on one place keep their order."""
    positions = _positions(convention.outline) if convention is not None else {}
    inserted: dict[str, float] = {}
    last = float(len(positions) + 1)

    def place(op: Operation) -> tuple[int, float]:
        if isinstance(op, AddParty | RemoveParty | RenameParty):
            return (0, 0.0)
        if isinstance(op, ReplaceAnnex | AddAnnex | RemoveAnnex):
            return (2, float(op.number))
        if isinstance(op, InsertArticle):
            anchor = op.after if op.after is not None else op.within or ""
            start, end = positions.get(
                number_key(anchor),
                (inserted.get(number_key(anchor), last), inserted.get(number_key(anchor), last)),
            )
            at = (start if op.after is None else end) + 0.5
            inserted[number_key(op.number)] = at
            return (1, at)
        key = number_key(op.article)
        if key in positions:
            return (1, positions[key][0])
        return (1, inserted.get(key, last) + 0.01)

    keyed = [(place(op), index, op) for index, op in enumerate(operations)]
    return [op for _, _, op in sorted(keyed, key=lambda item: (item[0], item[1]))]


# --- the avenant as a document -----------------------------------------------------------------


def signed_on(convention: Convention) -> str | None:
    """The day the convention was signed: its date, or the last of its signatories'
    (signatures en navette); ``None`` while none is written."""
    signature = convention.signature
    days = [s.date for s in signature.signatories if s.date] if signature.each else []
    if signature.date:
        days.append(signature.date)
    valid = []
    for day in days:
        try:
            valid.append(french.as_date(day))
        except (ValueError, TypeError):
            continue
    return max(valid).isoformat() if valid else None


def _kind_phrase(convention: Convention) -> tuple[str, str]:
    """(« contrat territorial pluriannuel », its gender)."""
    kind = convention.title.kind.strip() or "convention"
    lowered = kind[:1].lower() + kind[1:]
    gender = "f" if lowered.split()[0] in FEMININE_KINDS else "m"
    return lowered, gender


def _escape(text: str) -> str:
    """A text the avenant prints as written: its « @{ » is no reference."""
    return text.replace("@{", "@@{")


def _raw_parties(convention: Convention | None) -> list[dict[str, Any]]:
    data = convention.source.data if convention is not None else None
    parties = data.get("parties") if isinstance(data, dict) else None
    return [p for p in parties if isinstance(p, dict)] if isinstance(parties, list) else []


def _convention_data(
    avenant: Avenant, data: Mapping[str, Any], convention: Convention
) -> dict[str, Any]:
    """The avenant as a convention-shaped document: title, comparution, visas, exposé,
    one article per place changed, « Autres stipulations », entry into force, signature,
    and the annexes it joins."""
    declared = {
        p["id"]: p
        for p in data.get("parties") or []
        if isinstance(p, dict) and isinstance(p.get("id"), str)
    }
    joining = [op.party for op in avenant.joining]
    parties = [declared.get(p.get("id"), p) for p in _raw_parties(convention)]
    parties += [
        declared[pid]
        for pid in joining
        if pid in declared and all(p.get("id") != pid for p in parties)
    ]
    ids = [p.get("id") for p in parties]
    sides = data.get("sides") or [list(side) for side in convention.sides]
    if not data.get("sides") and joining:
        sides = [list(s) for s in sides]
        sides[-1].extend(pid for pid in joining if pid in ids and all(pid not in s for s in sides))
    collective = data.get("collective") or (
        {"name": convention.collective.name, "gender": convention.collective.gender}
        if convention.collective is not None
        else None
    )
    term = str(collective["name"]) if collective else "parties"
    agreed = french.agree("convenu", str(collective.get("gender") or "f") if collective else "f")
    kind, gender = _kind_phrase(convention)
    name = convention.title.name.strip()
    period = "-".join(str(y) for y in convention.title.period) if convention.title.period else ""
    day = signed_on(convention)
    signed = f"{french.agree('signé', gender)} le {french.format_date(day)}" if day else ""
    number = avenant.number if isinstance(avenant.number, int) else None
    shown_number = str(number) if number is not None else str(avenant.number or "...")
    title = dict(data.get("title") or {})
    title.setdefault("kind", f"Avenant n° {shown_number}")
    title.setdefault(
        "name",
        f"{french.definite(kind, gender, form='à')} « {name} »{' ' + signed if signed else ''}",
    )
    title.setdefault(
        "subject", f"Modification {french.definite(kind, gender, form='de')} « {name} »"
    )
    amendment = convention.outline.by_clause("amendment")
    clause = f", notamment son {_lower(amendment.label)}" if amendment else ""
    visa = (
        f"{french.definite(kind, gender)}{' ' + period if period else ''} « {name} »"
        f"{', ' + signed if signed else ''} (ci-après « {drafting.CONVENTION} »){clause}"
    )
    visas = [_escape(visa), *(_escape(v) for v in data.get("visas") or [] if isinstance(v, str))]
    expose = data.get("expose")
    if not expose:
        reason = (
            f"dans les conditions prévues par son {_lower(amendment.label)}"
            if amendment
            else "par le présent avenant"
        )
        # « la Convention, signée le … »: the defined term is feminine, whatever its kind
        when = f", signée le {french.format_date(day)}," if day else ""
        expose = [f"Les {term} sont {agreed}s de modifier {drafting.CONVENTION}{when} {reason}."]
        names = {p.get("id"): p for p in parties}
        for op in avenant.joining:
            joined = _party_phrase(names.get(op.party), op.party)
            expose.append(f"{joined} devient partie à {drafting.CONVENTION}.")
        for leaving in avenant.leaving:
            left = _party_phrase(names.get(leaving.party), leaving.party)
            expose.append(f"{left} cesse d'y être partie.")
    old_names = {p.id: p.name for p in convention.parties}
    context = drafting.Context(
        party_phrase=lambda pid: _party_phrase(
            next((p for p in parties if p.get("id") == pid), None), pid
        ),
        old_name=lambda pid: old_names.get(pid, pid),
    )
    annex_titles = {a.number: a.title for a in convention.annexes}
    drafted = drafting.draft(avenant.operations, context, annex_titles.get)
    articles: list[dict[str, Any]] = [
        {
            "key": f"modification-{index + 1}",
            "title": article.title,
            "body": [_escape(p) for p in article.paragraphs],
        }
        for index, article in enumerate(drafted)
    ]
    articles.append(
        {
            "key": "autres-stipulations",
            "title": "Autres stipulations",
            "body": [f"Les autres stipulations de {drafting.CONVENTION} demeurent inchangées."],
        }
    )
    starts = french.lenient(french.format_date, avenant.effective)
    effective = (
        f"Le présent avenant prend effet le {starts}."
        if avenant.effective
        else "Le présent avenant entre en vigueur à la date de sa signature par la dernière "
        f"des {term}."
    )
    articles.append({"key": "entree-en-vigueur", "title": "Entrée en vigueur", "body": [effective]})
    annexes = [
        {"key": f"annexe-{index + 1}", "title": op.title, "file": op.file}
        for index, op in enumerate(
            o for o in avenant.operations if isinstance(o, ReplaceAnnex | AddAnnex)
        )
    ]
    signature = data.get("signature") or {"copies": len(ids), "signatories": list(ids)}
    out: dict[str, Any] = {
        "document": "convention",
        "status": avenant.status,
        "title": title,
        "parties": parties,
        "sides": sides,
        "visas": visas,
        "preamble": {"heading": "Exposé préalable", "closing": "Cela exposé,", "body": expose},
        "opening": "il est convenu ce qui suit :",
        "articles": articles,
        "signature": signature,
        "annexes": annexes,
    }
    for name_, value in (
        ("version", avenant.version),
        ("date", avenant.date),
        ("drafted_by", data.get("drafted_by") or convention.drafted_by),
        ("collective", collective),
        ("civility", data.get("civility") or convention.civility),
    ):
        if value is not None:
            out[name_] = value
    return out


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _party_phrase(raw: Mapping[str, Any] | None, party_id: str) -> str:
    if raw is None:
        return f"La partie « {party_id} »"
    return _party(dict(raw), ()).full_phrase(capital=True)


def build(doc: SourceDocument, outline: AvenantOutline, amended: AmendedConvention) -> Avenant:
    """The typed avenant of a document whose structure the schema accepted, amending the
    convention ``amended`` (checked by the caller). Its text is drafted when that
    convention could be modelled."""
    data = printable(doc.data)
    convention = amended.convention
    reader = _Reader(doc, convention)
    operations = ordered(reader.read(data.get("changes")), convention)
    declared: dict[str, Path_] = {
        str(p["id"]): ("parties", index)
        for index, p in enumerate(data.get("parties") or [])
        if isinstance(p, dict) and isinstance(p.get("id"), str)
    }
    names = {p.get("id"): p.get("name") for p in data.get("parties") or [] if isinstance(p, dict)}
    operations = [
        AddParty(op.party, normal(str(names.get(op.party) or "")), op.path)
        if isinstance(op, AddParty)
        else op
        for op in operations
    ]
    effective = data.get("effective")
    avenant = Avenant(
        status=data["status"],
        version=data.get("version"),
        date=data.get("date"),
        number=whole(data.get("number", 1), 1, MAX_NUMBER),
        amends=amended,
        operations=operations,
        malformed=reader.malformed,
        declared=declared,
        effective=effective if isinstance(effective, str) and effective != "signature" else None,
        outline=outline,
        source=doc,
    )
    if convention is not None:
        text_data = _convention_data(avenant, data, convention)
        text = _convention.build(SourceDocument(file=doc.file, text="", data=text_data))
        text.act = "avenant"
        avenant.text = text
    return avenant
