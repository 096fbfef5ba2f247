"""``convgen avenant``: the avenant that turns the signed text into the amended one,
written from the two versions, and proved.

The two conventions are compared as their documents print them
(:func:`convgen.rendering.consolidated.legal_text`), articles matched by key, not by
position. The amended text is first numbered as the signed one is (:func:`numbering`):
an article the signed text has keeps its number, a new one takes « 6 bis » after the 6
(« 6 ter » after a 6 bis), the next number at the end of its level, and an article
moved elsewhere is abrogated where it was and inserted where it goes; its references
(« l'article 6 ter ») print so. Each difference becomes an operation
(:mod:`convgen.model.amendments`): the fewest whole words that changed, quoted with
enough of their context to be found once in their alinéa; an alinéa added, replaced or
removed; an article inserted or abrogated; an annex replaced or added; a party that
joins or leaves.

The operations are written as an avenant (``document: avenant``), which is then read
back, checked and drafted like any other, and **proved**: its own operations, applied to
the signed text by :func:`convgen.model.amendments.apply`, which knows nothing of this
comparison, must give exactly the amended text. An avenant that cannot be proved is not
written.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from convgen.building.build import (
    guard_outputs,
    inputs,
    pdf_document,
    refuse_input,
    sweep_temporary,
    write_atomically,
)
from convgen.building.verification import findings as verification
from convgen.checking.check import CheckResult, check_document
from convgen.checking.config import Config
from convgen.checking.readiness import refusal
from convgen.foundation.errors import InputError, UsageError
from convgen.foundation.findings import Severity
from convgen.loading.reader import parse
from convgen.loading.revisions import is_revision
from convgen.model.amendments import (
    AddAnnex,
    AddParagraphs,
    AddParty,
    AmendmentError,
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
    apply,
    occurrences,
)
from convgen.model.annexes import annex_sources
from convgen.model.avenant import Avenant
from convgen.model.consolidated import (
    BULLET,
    SUB_BULLET,
    TABLE,
    ArticleText,
    LegalText,
    Para,
    differences,
    parse_number,
)
from convgen.model.convention import Article, Convention, renumbered
from convgen.model.outline import INSERTED_SUFFIXES, Number
from convgen.review import words as _words
from convgen.review.sources import Version, read_version


class Unwritable(Exception):
    """What makes an avenant impossible to write from these two versions (in French)."""


@dataclass
class AvenantRun:
    """What :func:`write_avenant` compared, wrote, or why it refused."""

    old: str
    new: str
    operations: list[Operation] = field(default_factory=list)
    text: str = ""  # the avenant's YAML
    check: CheckResult | None = None  # the avenant as checked
    refused: str | None = None  # why nothing was written (exit status 1)
    docx: str | None = None
    yaml: str | None = None
    pdf: str | None = None
    pages: int = 0
    pdf_error: str | None = None
    unchanged: list[str] = field(default_factory=list)  # differences no avenant carries

    @property
    def articles(self) -> int:
        """How many articles the avenant has (its changes, and its two closing ones)."""
        avenant = self.check.avenant if self.check is not None else None
        text = avenant.text if avenant is not None else None
        return len(text.articles) if text is not None else 0


# --- numbering the amended text as the signed one ---------------------------------------------


@dataclass
class Numbering:
    """The amended text's articles and annexes, numbered as the signed text numbers them
    (by key), and the articles of the signed text the amended one keeps in place."""

    articles: dict[str, Number] = field(default_factory=dict)
    annexes: dict[str, int] = field(default_factory=dict)
    kept: set[str] = field(default_factory=set)


def _in_order(old: Sequence[str], new: Sequence[str]) -> set[str]:
    """The keys both lists share in the same order (the others moved)."""
    common_old = [k for k in old if k in new]
    common_new = [k for k in new if k in old]
    matcher = difflib.SequenceMatcher(None, common_old, common_new, autojunk=False)
    return {common_new[j + k] for _, j, size in matcher.get_matching_blocks() for k in range(size)}


def _next_suffix(anchor: Number, taken: set[str]) -> Number | None:
    start = INSERTED_SUFFIXES.index(anchor.suffix) + 1 if anchor.suffix else 0
    for suffix in INSERTED_SUFFIXES[start:]:
        candidate = Number(anchor.parts, suffix)
        if candidate.text not in taken:
            return candidate
    return None


def _number_level(
    old: Sequence[Article],
    new: Sequence[Article],
    parent: Number | None,
    numbering: Numbering,
) -> None:
    """Number one level of the amended text: a kept article takes its signed number; a
    new one, after the last article before it, the suffix that follows (« 6 bis », then
    « 6 ter »), or the next number when the signed level ends there."""
    old_keys = [a.key for a in old]
    kept = _in_order(old_keys, [a.key for a in new])
    numbering.kept |= kept
    by_key = {a.key: a for a in old}
    taken = {a.number for a in old}
    anchor: Number | None = None  # the article just before, in the amended text
    position = -1  # the index, in the signed level, of the last kept article before
    for article in new:
        if article.key in kept:
            signed = parse_number(by_key[article.key].number)
            assert signed is not None
            numbering.articles[article.key] = anchor = signed
            position = old_keys.index(article.key)
            _number_level(by_key[article.key].children, article.children, signed, numbering)
            continue
        if anchor is None:
            if old or parent is None:
                raise Unwritable(
                    f"l'article « {article.title} » viendrait avant le premier article de son "
                    "niveau : un avenant ne renumérote pas (placez-le après un article)"
                )
            number = Number((*parent.parts, 1))
        elif position == len(old) - 1 and not anchor.suffix:
            number = Number((*anchor.parts[:-1], anchor.parts[-1] + 1))
        else:
            following = parse_number(old[position + 1].number) if position + 1 < len(old) else None
            if following is not None and following.parts == anchor.parts and not anchor.suffix:
                raise Unwritable(
                    f"l'article « {article.title} » est placé entre l'article {anchor.text} et "
                    f"l'article {following.text} : aucun numéro ne peut l'y insérer sans "
                    f"renuméroter ; placez-le après l'article {following.text}"
                )
            found = _next_suffix(anchor, taken)
            if found is None:
                raise Unwritable(f"plus de suffixe libre après l'article {anchor.text}")
            number = found
        taken.add(number.text)
        numbering.articles[article.key] = anchor = number
        _number_new(article.children, number, numbering)


def _number_new(children: Sequence[Article], parent: Number, numbering: Numbering) -> None:
    for index, child in enumerate(children):
        number = Number((*parent.parts, index + 1))
        numbering.articles[child.key] = number
        _number_new(child.children, number, numbering)


def numbering(old: Convention, new: Convention) -> Numbering:
    """How the amended text ``new`` is numbered once ``old`` is amended into it."""
    found = Numbering()
    _number_level(old.articles, new.articles, None, found)
    old_annexes = {a.key: a.number for a in old.annexes}
    last = max(old_annexes.values(), default=0)
    for annex in new.annexes:
        if annex.key in old_annexes:
            found.annexes[annex.key] = old_annexes[annex.key]
        else:
            last += 1
            found.annexes[annex.key] = last
    return found


# --- the operations --------------------------------------------------------------------------

_TOKEN = re.compile(r"[\w'\-]+|[^\w\s]")
_FIGURE = re.compile(
    r"^(?:\d[\d.,]*|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|"
    r"onze|douze|quinze|vingt|trente|quarante|cinquante|soixante|cent|mille)$"
)
_MONTH = re.compile(
    r"^(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)$"
)
_YEAR = re.compile(r"^\d{4}$")
MAX_REGIONS = 3  # more changes than this in one alinéa: the alinéa is rewritten


def _spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _TOKEN.finditer(text)]


def _word_operations(
    article: str, rank: int | None, old: str, new: str
) -> list[ReplaceWords] | None:
    """The word replacements that turn ``old`` into ``new``, left to right, each quoting
    the fewest whole words found once in the alinéa as it then reads; ``None`` when the
    alinéa is better rewritten whole."""
    old_spans, new_spans = _spans(old), _spans(new)
    old_tokens = [old[a:b] for a, b in old_spans]
    new_tokens = [new[a:b] for a, b in new_spans]
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    regions = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    changed = sum(max(i2 - i1, j2 - j1) for _, i1, i2, j1, j2 in regions)
    if not regions or len(regions) > MAX_REGIONS or changed > 0.6 * max(len(old_tokens), 1):
        return None
    current, spans = old, list(old_spans)
    delta = 0  # tokens the replacements so far added before the next region (or removed)
    ops: list[ReplaceWords] = []
    for index, (_, i1, i2, j1, j2) in enumerate(regions):
        start, end = i1 + delta, i2 + delta  # the region, in the current tokens
        # right context stays in the unchanged words before the next region
        limit = (regions[index + 1][1] if index + 1 < len(regions) else len(old_tokens)) + delta
        left = right = 0
        if i1 == i2:  # an insertion: quote a neighbouring word
            left, right = (1, 0) if start > 0 else (0, 1)
        figure = re.sub(r"^[dl]'", "", old_tokens[i1].lower()) if i2 - i1 == 1 else ""
        if figure and _FIGURE.match(figure) and end < limit:
            right = max(right, 1)  # « trois mois », « 20 % »: the figure with its unit
        if (
            i2 > i1
            and _MONTH.match(old_tokens[i2 - 1].lower())
            and end < limit
            and _YEAR.match(old_tokens[i2])
        ):
            right = max(right, 1)  # « 30 juin 2026 »: a date is quoted whole
        while True:
            low, high = start - left, end + right
            if high <= low or high > len(spans):
                return None
            quoted = current[spans[low][0] : spans[high - 1][1]]
            new_low, new_high = j1 - left, j2 + right
            by = (
                new[new_spans[new_low][0] : new_spans[new_high - 1][1]]
                if new_high > new_low
                else ""
            )
            if len(occurrences(current, quoted)) == 1:
                break
            if low > 0:
                left += 1
            elif high < limit:
                right += 1
            else:
                return None
        ops.append(ReplaceWords(article, rank, quoted, by))
        begin = occurrences(current, quoted)[0]
        if by:
            current = current[:begin] + by + current[begin + len(quoted) :]
        else:
            current = _struck(current, begin, quoted)
        spans = _spans(current)
        delta += (j2 - j1) - (i2 - i1)
    return ops if current == new else None


def _struck(text: str, start: int, words: str) -> str:
    end = start + len(words)
    if end < len(text) and text[end] == " ":
        end += 1
    elif start > 0 and text[start - 1] == " ":
        start -= 1
    return text[:start] + text[end:]


def _paragraph_operations(article: ArticleText, amended: ArticleText) -> list[Operation]:
    """The alinéas of ``article`` made those of ``amended``: word changes, alinéas
    rewritten, added, removed, top to bottom, each rank that of the alinéa as the
    changes before it left the article."""
    old, new = list(article.paragraphs), list(amended.paragraphs)
    number = article.number
    single = len(old) == 1 and len(new) == 1
    ops: list[Operation] = []
    matcher = difflib.SequenceMatcher(
        None, [(p.style, p.text) for p in old], [(p.style, p.text) for p in new], autojunk=False
    )
    position = 0  # index, in the article as amended so far, of the next old alinéa
    length = len(old)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            position += i2 - i1
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for paragraph in (*old[i1:i2], *new[j1:j2]):
            if paragraph.style == TABLE:
                raise Unwritable(
                    f"un tableau de l'article {number} change : un avenant cite ses alinéas en "
                    "toutes lettres, convgen ne sait pas y reproduire un tableau"
                )
        for k in range(pairs):
            before, after = old[i1 + k], new[j1 + k]
            rank = None if single else position + 1
            replaced = (
                _word_operations(number, rank, before.text, after.text)
                if before.style == after.style
                and _words.similarity(before.text, after.text) >= 0.5
                and TABLE not in (before.style, after.style)
                else None
            )
            if replaced is not None:
                ops.extend(replaced)
            else:
                ops.append(ReplaceParagraph(number, position + 1, after))
            position += 1
        for _ in range(i2 - i1 - pairs):
            ops.append(RemoveParagraph(number, position + 1))
            length -= 1
        added = new[j1 + pairs : j2]
        if added:
            at_end = position == length
            ops.append(AddParagraphs(number, None if at_end else position, tuple(added)))
            position += len(added)
            length += len(added)
    return ops


def _article_operations(
    old: ArticleText, new: ArticleText, kept: set[str], new_index: dict[str, ArticleText]
) -> list[Operation]:
    ops: list[Operation] = []
    if old.title != new.title:
        ops.append(RetitleArticle(old.number, new.title))
    paragraph_ops = _paragraph_operations(old, new)
    if not old.children and not new.children and len(paragraph_ops) > max(3, len(old.paragraphs)):
        return [ReplaceArticle(old.number, new.title, new.paragraphs)]
    ops.extend(paragraph_ops)
    ops.extend(_level_operations(old.children, new.children, old.number, kept, new_index))
    return ops


def _level_operations(
    old: tuple[ArticleText, ...],
    new: tuple[ArticleText, ...],
    parent: str | None,
    kept: set[str],
    new_index: dict[str, ArticleText],
) -> list[Operation]:
    """The operations of one level: each article of the signed text changed in place or
    abrogated, then (after the article it follows) each article inserted."""
    ops: list[Operation] = []
    by_key = {a.key: a for a in new}
    for article in old:
        if article.key in kept and article.key in by_key:
            ops.extend(_article_operations(article, by_key[article.key], kept, new_index))
        else:
            ops.append(RemoveArticle(article.number))
    previous: str | None = None
    for article in new:
        if article.key in kept:
            previous = article.number
            continue
        ops.append(InsertArticle(previous, parent if previous is None else None, _plain(article)))
        previous = article.number
    return ops


def _plain(article: ArticleText) -> ArticleText:
    if any(p.style == TABLE for a in article.walk() for p in a.paragraphs):
        raise Unwritable(
            f"l'article {article.number} contient un tableau : un avenant cite ses alinéas en "
            "toutes lettres, il ne sait pas reproduire un tableau"
        )
    return article


def _annex_operations(
    old: Convention, new: Convention, old_text: LegalText, new_text: LegalText, base: Path
) -> list[Operation]:
    ops: list[Operation] = []
    files = {s.annex.key: s.file for s in annex_sources(new)}
    new_by_key = {a.key: a for a in new_text.annexes}
    for annex in old_text.annexes:
        amended = new_by_key.get(annex.key)
        if amended is None:
            ops.append(RemoveAnnex(annex.number))
        elif amended != annex:
            ops.append(
                ReplaceAnnex(
                    annex.number,
                    amended.title,
                    amended.digest,
                    _joined(files.get(annex.key), annex.number, base),
                )
            )
    known = {a.key for a in old_text.annexes}
    for annex in new_text.annexes:
        if annex.key not in known:
            file = _joined(files.get(annex.key), annex.number, base)
            ops.append(AddAnnex(annex.number, annex.title, annex.digest, file))
    return ops


def _joined(file: Path | None, number: int, base: Path) -> str:
    """The path an avenant writes for the file of a new annex: relative to the avenant."""
    if file is None:
        raise Unwritable(
            f"l'annexe {number} change, mais n'est pas un fichier : un avenant joint la "
            "nouvelle annexe en fichier (PDF ou DOCX, « file » dans la convention modifiée)"
        )
    return Path(os.path.relpath(file.resolve(), base.resolve())).as_posix()


def operations(
    old: Convention,
    new: Convention,
    old_text: LegalText,
    new_text: LegalText,
    kept: set[str],
    base: Path,
) -> list[Operation]:
    """Every operation that turns ``old_text`` into ``new_text``."""
    ops: list[Operation] = []
    old_parties = {p.id: p for p in old_text.parties}
    for party in new_text.parties:
        if party.id not in old_parties:
            ops.append(AddParty(party.id, party.name))
        elif old_parties[party.id].name != party.name:
            ops.append(RenameParty(party.id, party.name))
    new_ids = {p.id for p in new_text.parties}
    ops.extend(RemoveParty(p.id) for p in old_text.parties if p.id not in new_ids)
    new_index = {a.key: a for a in new_text.walk()}
    ops.extend(_level_operations(old_text.articles, new_text.articles, None, kept, new_index))
    ops.extend(_annex_operations(old, new, old_text, new_text, base))
    return ops


# --- the avenant as YAML ------------------------------------------------------------------


def _blocks(paragraphs: Sequence[Para]) -> list[Any]:
    """Alinéas as convention blocks: texts, and bullets gathered in lists."""
    out: list[Any] = []
    for para in paragraphs:
        if para.style == BULLET:
            if not (out and isinstance(out[-1], dict) and "bullets" in out[-1]):
                out.append({"bullets": []})
            out[-1]["bullets"].append(para.text)
        elif para.style == SUB_BULLET:
            if not (out and isinstance(out[-1], dict) and out[-1]["bullets"]):
                raise Unwritable(f"sous-puce sans puce : « {para.text} »")
            items = out[-1]["bullets"]
            if isinstance(items[-1], str):
                items[-1] = {"text": items[-1], "bullets": []}
            items[-1]["bullets"].append(para.text)
        else:
            out.append(para.text)
    return out


def _sub_articles(children: Sequence[ArticleText]) -> list[dict[str, Any]]:
    out = []
    for child in children:
        item: dict[str, Any] = {"number": child.number, "title": child.title}
        if child.paragraphs:
            item["body"] = _blocks(child.paragraphs)
        if child.children:
            item["articles"] = _sub_articles(child.children)
        out.append(item)
    return out


def _change(op: Operation) -> dict[str, Any]:
    """One operation as the YAML of ``changes`` writes it."""
    if isinstance(op, ReplaceWords):
        spec: dict[str, Any] = {"words": op.words}
        if op.by:
            spec["by"] = op.by
        if op.paragraph is not None:
            spec["paragraph"] = op.paragraph
        return {"article": op.article, "replace" if op.by else "strike": spec}
    if isinstance(op, ReplaceParagraph):
        return {"article": op.article, "rewrite": {"paragraph": op.paragraph, "text": op.text.text}}
    if isinstance(op, AddParagraphs):
        added: dict[str, Any] = {"body": _blocks(op.paragraphs)}
        if op.after is not None:
            added["after"] = op.after
        return {"article": op.article, "add": added}
    if isinstance(op, RemoveParagraph):
        return {"article": op.article, "delete": {"paragraph": op.paragraph}}
    if isinstance(op, RetitleArticle):
        return {"article": op.article, "retitle": op.title}
    if isinstance(op, ReplaceArticle):
        body: dict[str, Any] = {"title": op.title, "body": _blocks(op.paragraphs)}
        return {"article": op.article, "substitute": body}
    if isinstance(op, RemoveArticle):
        return {"article": op.article, "abrogate": True}
    if isinstance(op, InsertArticle):
        inserted: dict[str, Any] = {}
        if op.after is not None:
            inserted["after"] = op.after
        else:
            inserted["within"] = op.within
        inserted["number"] = op.number
        if re.fullmatch(r"[a-z0-9][a-z0-9-]*", op.article.key):  # not a generated one
            inserted["key"] = op.article.key
        inserted["title"] = op.article.title
        if op.article.paragraphs:
            inserted["body"] = _blocks(op.article.paragraphs)
        if op.article.children:
            inserted["articles"] = _sub_articles(op.article.children)
        return {"insert": inserted}
    if isinstance(op, ReplaceAnnex):
        return {"annex": op.number, "replace": {"file": op.file, "title": op.title}}
    if isinstance(op, AddAnnex):
        return {"add_annex": {"number": op.number, "title": op.title, "file": op.file}}
    if isinstance(op, RemoveAnnex):
        return {"annex": op.number, "remove": True}
    if isinstance(op, AddParty):
        return {"join": op.party}
    if isinstance(op, RemoveParty):
        return {"leave": op.party}
    return {"rename": {"party": op.party, "name": op.name}}


def _raw_parties(convention: Convention) -> dict[str, Any]:
    data = convention.source.data
    parties = data.get("parties") if isinstance(data, dict) else None
    return {p["id"]: p for p in parties or [] if isinstance(p, dict) and "id" in p}


def avenant_data(
    old: Convention, new: Convention, ops: Sequence[Operation], *, number: int, amends: str
) -> dict[str, Any]:
    """The avenant's document: what it amends, its parties (those that join, and those
    whose description changed), its changes and its signature."""
    old_parties, new_parties = _raw_parties(old), _raw_parties(new)
    described = [raw for pid, raw in new_parties.items() if old_parties.get(pid) != raw]
    leaving = [op.party for op in ops if isinstance(op, RemoveParty)]
    signatories = [p.id for p in new.parties] + [p for p in leaving if p not in new_parties]
    data: dict[str, Any] = {
        "document": "avenant",
        "status": "draft",
        "number": number,
        "amends": amends,
    }
    if new.drafted_by and new.drafted_by != old.drafted_by:
        data["drafted_by"] = new.drafted_by
    if described:
        data["parties"] = described
    if [list(s) for s in new.sides] != [list(s) for s in old.sides] and not leaving:
        data["sides"] = [list(s) for s in new.sides]
    data["changes"] = [_change(op) for op in ops]
    data["signature"] = {"copies": len(signatories), "signatories": signatories}
    if old.signature.place and not old.signature.each:
        data["signature"]["place"] = old.signature.place
    return data


_HEADER = """\
# Avenant n° {number}, écrit par convgen avenant : de la version signée {old}
# à la version modifiée {new}.
# Chaque modification se relit ici (« changes ») : elle est rédigée en un article de
# l'avenant et vérifiée sur le texte signé (convgen check). Complétez la signature,
# l'exposé des motifs (« expose ») et les visas, puis : convgen build.
"""


def dump(data: dict[str, Any], header: str) -> str:
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=88)
    return header + body


# --- the whole command -----------------------------------------------------------------------


def _checked(version: Version, config: Config | None, role: str) -> CheckResult:
    result = check_document(version.document, config=config, follow_approvals=False)
    if version.document.kind != "convention":
        kind = version.document.kind or "aucun « document: »"
        raise InputError(f"{role} n'est pas une convention ({kind})", file=version.label)
    return result


def _amends(old: str, base: Path) -> str:
    """``amends`` as the avenant writes it: the revision as given, or the file relative to
    the avenant."""
    if not Path(old).is_file() and is_revision(old):
        return old
    return Path(os.path.relpath(Path(old).resolve(), base.resolve())).as_posix()


def _unchanged(old: Convention, new: Convention) -> list[str]:
    """What differs between the versions that no article of an avenant carries."""
    notes = []
    old_data, new_data = old.source.data, new.source.data
    for key, label in (
        ("preamble", "le préambule"),
        ("visas", "les visas"),
        ("title", "le bloc de titre"),
    ):
        if old_data.get(key) != new_data.get(key):
            notes.append(f"{label} diffère : un avenant ne le reprend pas, l'exposé peut le dire")
    return notes


def write_avenant(
    old: str,
    new: str,
    *,
    output: str | Path | None = None,
    number: int = 1,
    yaml_out: str | Path | None = None,
    pdf: bool = False,
    template: str | Path | None = None,
    force: bool = False,
    config: Config | None = None,
) -> AvenantRun:
    """Write the avenant that amends OLD (the signed version, a file or a git revision,
    ``status: final``) into NEW, as a .docx (``output``), its YAML (``yaml_out``) and its
    PDF (``pdf``), once proved. A refusal is the run's ``refused``; raises
    :class:`~convgen.foundation.errors.ConvgenError` for input that cannot be read and
    outputs that may not be written."""
    run = AvenantRun(old, new)
    if number < 1 or number > 99:
        raise UsageError(f"--number : {number} n'est pas un numéro d'avenant (de 1 à 99)")
    old_version, new_version = read_version(old), read_version(new)
    old_check = _checked(old_version, config, "SIGNEE")
    new_check = _checked(new_version, config, "MODIFIEE")
    signed, amended = old_check.convention, new_check.convention
    for role, check in (("SIGNEE", old_check), ("MODIFIEE", new_check)):
        reason = refusal(check, strict=False)
        if reason is not None:
            first = next(
                (
                    f
                    for f in check.findings
                    if f.severity >= Severity.ERROR and f.suppressed is None
                ),
                None,
            )
            detail = f" (ligne {first.line} : {first.message})" if first is not None else ""
            run.refused = (
                f"{role} ({check.file}) ne peut pas servir à un avenant : {reason}{detail}"
            )
            return run
    assert signed is not None and amended is not None
    if not signed.is_final:
        run.refused = (
            f"SIGNEE ({old}) est un projet (status: {signed.status}) : un avenant modifie la "
            "version signée d'une convention (status: final) ; un projet se corrige"
        )
        return run
    target = Path(output) if output is not None else None
    # where the avenant is, for its paths (``amends``, the annexes it joins): its YAML, or,
    # when only its .docx is written, beside the amended text (in its project)
    if yaml_out is not None:
        base = Path(yaml_out).parent
    elif Path(new).is_file():
        base = Path(new).parent
    else:
        base = Path(old).parent if Path(old).is_file() else Path.cwd()
    outputs: list[tuple[str, str | Path]] = []
    if target is not None:
        outputs.append(("-o", target))
        if pdf:
            outputs.append(("--pdf", target.with_suffix(".pdf")))
    made_from = [*inputs(old_check, template, pdf=True), *inputs(new_check, template, pdf=True)]
    if outputs:
        guard_outputs(outputs, made_from, force=force)
    if yaml_out is not None:
        refuse_input(yaml_out, made_from, "--yaml")
    from convgen.rendering.consolidated import legal_text  # docxtpl: slow to import

    try:
        found = numbering(signed, amended)
        amended = renumbered(amended, found.articles, found.annexes)
        old_text, new_text = legal_text(signed), legal_text(amended)
        run.operations = operations(signed, amended, old_text, new_text, found.kept, base)
    except Unwritable as exc:
        run.refused = str(exc)
        return run
    run.unchanged = _unchanged(signed, amended)
    if not run.operations:
        run.refused = (
            "les deux versions ont le même texte (parties, articles, annexes) : il n'y a pas "
            "d'avenant à écrire"
        )
        return run
    data = avenant_data(signed, amended, run.operations, number=number, amends=_amends(old, base))
    header = _HEADER.format(number=number, old=old, new=new)
    run.text = dump(data, header)
    virtual = Path(yaml_out) if yaml_out else base / f"avenant-{number}.yaml"
    document = parse(run.text, virtual.resolve().parent / virtual.name)
    run.check = check = check_document(document, config=config, verify=verification)
    avenant = check.avenant
    if avenant is None or avenant.text is None:
        first = next((f for f in check.findings if f.severity >= Severity.ERROR), None)
        why = f" : {first.message}" if first is not None else " (convgen check le détaille)"
        run.refused = f"l'avenant écrit ne se relit pas{why}"
        return run
    proof = prove(avenant, old_text, new_text)
    if proof:
        run.refused = "l'avenant ne donne pas exactement MODIFIEE : " + " ; ".join(proof[:8])
        return run
    blocking = refusal(check, strict=False)
    errors = [f for f in check.findings if f.severity >= Severity.ERROR and f.suppressed is None]
    if blocking is not None or errors:
        run.refused = f"l'avenant écrit a des erreurs : {errors[0].message if errors else blocking}"
        return run
    _write(run, avenant, target, yaml_out, pdf, template)
    return run


def prove(avenant: Avenant, old_text: LegalText, new_text: LegalText) -> list[str]:
    """What ``avenant`` fails to give: its operations applied to the signed text, compared
    with the amended one (empty: proved)."""
    try:
        result = apply(avenant.operations, old_text)
    except AmendmentError as exc:
        return [exc.message]
    return differences(new_text, result)


def _write(
    run: AvenantRun,
    avenant: Avenant,
    target: Path | None,
    yaml_out: str | Path | None,
    pdf: bool,
    template: str | Path | None,
) -> None:
    from convgen.rendering import render

    folders = [p.parent for p in (target, Path(yaml_out) if yaml_out else None) if p]
    sweep_temporary(folders)
    if yaml_out is not None:
        write_atomically(Path(yaml_out), run.text.encode("utf-8"))
        run.yaml = str(yaml_out)
    if target is None:
        return
    data, _ = render(avenant, template)
    write_atomically(target, data)
    run.docx = str(target)
    if not pdf:
        return
    from convgen.pdf import libreoffice
    from convgen.pdf.plan import publish

    assert run.check is not None
    soffice = libreoffice.find_soffice()
    (outcome,) = publish([pdf_document(run.check, data, strict=False)], soffice=soffice)
    if outcome.error:
        run.pdf_error = outcome.error
        return
    destination = target.with_suffix(".pdf")
    write_atomically(destination, outcome.data)
    run.pdf, run.pages = str(destination), outcome.pages
