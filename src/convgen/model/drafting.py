"""An avenant's operations written in French drafting style, one article of the avenant
for each place of the convention it changes.

The formulas are those of French amending texts: « À l'article 7 de la Convention, les
mots « trois mois » sont remplacés par les mots « six mois ». », « L'article 7 de la
Convention est complété par un alinéa ainsi rédigé : », « Après l'article 6 bis de la
Convention, il est inséré un article 6 ter ainsi rédigé : », « L'article 8 de la
Convention est abrogé. ». Several operations on one article make one article of the
avenant, « ainsi modifié », in points 1°, 2°…; a quoted text opens each of its alinéas
with « and closes the last with ».

What is quoted is the operations' own text, as :func:`convgen.model.amendments.apply`
reads it: the avenant prints exactly what its proof applies.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from convgen.foundation import french
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
from convgen.model.consolidated import BULLET, SUB_BULLET, ArticleText, Para, number_key

CONVENTION = "la Convention"  # the defined term, announced in the visa


@dataclass(frozen=True)
class Drafted:
    """One article of the avenant: its title and its alinéas, as printed."""

    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Context:
    """What the drafting needs to know of the parties: how to name one in a sentence
    (« La Ville de Saint-Dizier »), and the name a renamed party had."""

    party_phrase: Callable[[str], str]
    old_name: Callable[[str], str]


def _rank(paragraph: int) -> str:
    return f"{french.ordinal_words(paragraph)} alinéa"


def _words(words: str) -> str:
    """« le mot « x » », « les mots « x y » »."""
    return f"le mot « {words} »" if " " not in words.strip() else f"les mots « {words} »"


def _replaced(words: str) -> str:
    return "est remplacé" if " " not in words.strip() else "sont remplacés"


def _inserted(words: str) -> str:
    return "est inséré" if " " not in words.strip() else "sont insérés"


def _struck(words: str) -> str:
    return "est supprimé" if " " not in words.strip() else "sont supprimés"


def words_phrase(words: str, by: str) -> str:
    """What happens to the words, after « Au deuxième alinéa de l'article 7, »:
    « les mots « trois mois » sont remplacés par les mots « six mois » », « après les mots
    « x », sont insérés les mots « y » », « les mots « x » sont supprimés »."""
    if not by:
        return f"{_words(words)} {_struck(words)}"
    if by.startswith(words + " "):
        rest = by[len(words) + 1 :]
        return f"après {_words(words)}, {_inserted(rest)} {_words(rest)}"
    if by.endswith(" " + words):
        rest = by[: -len(words) - 1]
        return f"avant {_words(words)}, {_inserted(rest)} {_words(rest)}"
    return f"{_words(words)} {_replaced(words)} par {_words(by)}"


def _line(para: Para) -> str:
    if para.style == BULLET:
        return f"– {para.text}"
    if para.style == SUB_BULLET:
        return f"— {para.text}"
    return para.text


def _article_lines(article: ArticleText) -> list[str]:
    heading = f"{article.label} : {article.title}" if article.title else article.label
    lines = [heading, *(_line(p) for p in article.paragraphs)]
    for child in article.children:
        lines.extend(_article_lines(child))
    return lines


def quoted(lines: Sequence[str], end: str) -> list[str]:
    """Quoted alinéas: each opens with «, the last closes with » and ``end``."""
    out = [f"« {line}" for line in lines]
    if out:
        out[-1] = f"{out[-1]} »{end}"
    return out


def _count(paragraphs: Sequence[Para]) -> tuple[str, str, str]:
    """(« un alinéa ainsi rédigé », « il est inséré », « est complété par ») for one, the
    plural forms for several."""
    if len(paragraphs) == 1:
        return "un alinéa ainsi rédigé", "il est inséré", "est complété par"
    words = french.number_in_words(len(paragraphs))
    return f"{words} alinéas ainsi rédigés", "sont insérés", "est complété par"


def _of(article: str) -> str:
    return f"de l'article {article} de {CONVENTION}"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(op: Operation, context: Context, *, alone: bool) -> tuple[str, list[str]]:
    """The sentence for ``op`` (without its final punctuation) and the lines it quotes.
    ``alone``: the whole article of the avenant, naming the convention's article; else a
    point of an article « ainsi modifié », naming only the alinéa."""
    if isinstance(op, ReplaceWords):
        where = (
            (
                f"au {_rank(op.paragraph)} {_of(op.article)}"
                if alone
                else f"au {_rank(op.paragraph)}"
            )
            if op.paragraph is not None
            else (f"à l'article {op.article} de {CONVENTION}" if alone else "")
        )
        what = words_phrase(op.words, op.by)
        return (_capitalise(f"{where}, {what}") if where else _capitalise(what)), []
    if isinstance(op, ReplaceParagraph):
        subject = f"le {_rank(op.paragraph)}" + (f" {_of(op.article)}" if alone else "")
        return (
            _capitalise(f"{subject} est remplacé par un alinéa ainsi rédigé :"),
            [_line(op.text)],
        )
    if isinstance(op, AddParagraphs):
        lines = [_line(p) for p in op.paragraphs]
        drafted_as, inserted, completed = _count(op.paragraphs)
        if op.after is None:
            subject = f"l'article {op.article} de {CONVENTION}" if alone else "il"
            return _capitalise(f"{subject} {completed} {drafted_as} :"), lines
        place = ("avant le premier alinéa" if op.after == 0 else f"après le {_rank(op.after)}") + (
            f" {_of(op.article)}" if alone else ""
        )
        return _capitalise(f"{place}, {inserted} {drafted_as} :"), lines
    if isinstance(op, RemoveParagraph):
        subject = f"le {_rank(op.paragraph)}" + (f" {_of(op.article)}" if alone else "")
        return _capitalise(f"{subject} est supprimé"), []
    if isinstance(op, RetitleArticle):
        subject = f"l'intitulé {_of(op.article)}" if alone else "son intitulé"
        return _capitalise(f"{subject} est remplacé par l'intitulé suivant : « {op.title} »"), []
    if isinstance(op, ReplaceArticle):
        subject = f"l'article {op.article} de {CONVENTION}" if alone else "il"
        article = ArticleText(op.article, op.title, op.paragraphs, op.children)
        return (
            _capitalise(f"{subject} est remplacé par les dispositions suivantes :"),
            _article_lines(article),
        )
    if isinstance(op, RemoveArticle):
        subject = f"l'article {op.article} de {CONVENTION}" if alone else "il"
        return _capitalise(f"{subject} est abrogé"), []
    if isinstance(op, InsertArticle):
        lines = _article_lines(op.article)
        if op.after is not None:
            return (
                f"Après l'article {op.after} de {CONVENTION}, il est inséré un article "
                f"{op.number} ainsi rédigé :",
                lines,
            )
        return (
            f"L'article {op.within} de {CONVENTION} est complété par un article "
            f"{op.number} ainsi rédigé :",
            lines,
        )
    return _outside(op, context), []


def _outside(op: Operation, context: Context) -> str:
    if isinstance(op, AddParty):
        return (
            f"{context.party_phrase(op.party)} devient partie à {CONVENTION} à compter de "
            "l'entrée en vigueur du présent avenant"
        )
    if isinstance(op, RemoveParty):
        return (
            f"{context.party_phrase(op.party)} cesse d'être partie à {CONVENTION} à compter "
            "de l'entrée en vigueur du présent avenant"
        )
    if isinstance(op, RenameParty):
        return (
            f"Dans la comparution de {CONVENTION}, la dénomination "
            f"« {context.old_name(op.party)} » est remplacée par la dénomination « {op.name} »"
        )
    if isinstance(op, RemoveAnnex):
        return f"L'annexe {op.number} de {CONVENTION} est supprimée"
    raise TypeError(op)  # annexes joined to the avenant: see draft()


def _annex_sentence(op: ReplaceAnnex | AddAnnex, joined: int, old_title: str | None) -> str:
    if isinstance(op, ReplaceAnnex):
        titled = (
            f", intitulée « {op.title} »" if old_title is not None and op.title != old_title else ""
        )
        return (
            f"L'annexe {op.number} de {CONVENTION} est remplacée par l'annexe {joined} du "
            f"présent avenant{titled}"
        )
    return (
        f"{_capitalise(CONVENTION)} est complétée par une annexe {op.number}, intitulée "
        f"« {op.title} », qui figure en annexe {joined} du présent avenant"
    )


def _title(group: Sequence[Operation]) -> str:
    first = group[0]
    if isinstance(first, AddParty | RemoveParty | RenameParty):
        return f"Parties à {CONVENTION}"
    if isinstance(first, InsertArticle):
        return f"Insertion d'un article {first.number} dans {CONVENTION}"
    if isinstance(first, ReplaceAnnex):
        return f"Remplacement de l'annexe {first.number} de {CONVENTION}"
    if isinstance(first, AddAnnex):
        return f"Ajout d'une annexe {first.number} à {CONVENTION}"
    if isinstance(first, RemoveAnnex):
        return f"Suppression de l'annexe {first.number} de {CONVENTION}"
    if len(group) == 1 and isinstance(first, RemoveArticle):
        return f"Abrogation de l'article {first.article} de {CONVENTION}"
    if len(group) == 1 and isinstance(first, ReplaceArticle):
        return f"Remplacement de l'article {first.article} de {CONVENTION}"
    article = getattr(first, "article", "")
    return f"Modification de l'article {article} de {CONVENTION}"


def _points(group: Sequence[Operation]) -> list[Operation | list[ReplaceWords]]:
    """The points of an article « ainsi modifié »: word changes in one alinéa, one after
    the other, make one point (« Au quatrième alinéa, les mots … et les mots … »)."""
    points: list[Operation | list[ReplaceWords]] = []
    for op in group:
        previous = points[-1] if points else None
        if (
            isinstance(op, ReplaceWords)
            and isinstance(previous, list)
            and previous[-1].paragraph == op.paragraph
        ):
            previous.append(op)
        elif isinstance(op, ReplaceWords):
            points.append([op])
        else:
            points.append(op)
    return points


def _words_sentence(point: Operation | list[ReplaceWords], *, alone: bool) -> str:
    """One alinéa's word changes in one sentence: « Au quatrième alinéa de l'article 3.2
    de la Convention, les mots « a » sont remplacés par les mots « b » et les mots « c »
    sont remplacés par les mots « d » »."""
    assert isinstance(point, list)
    first = point[0]
    if first.paragraph is not None:
        where = f"au {_rank(first.paragraph)}" + (f" {_of(first.article)}" if alone else "")
    else:
        where = f"à l'article {first.article} de {CONVENTION}" if alone else ""
    what = french.join_words(words_phrase(op.words, op.by) for op in point)
    return _capitalise(f"{where}, {what}" if where else what)


def group_key(op: Operation) -> tuple[str, str]:
    """The place an operation changes: its article of the avenant gathers the operations
    of one place (the parties, an article, an inserted article, an annex)."""
    if isinstance(op, AddParty | RemoveParty | RenameParty):
        return ("parties", "")
    if isinstance(op, InsertArticle):
        return ("insert", number_key(op.number))
    if isinstance(op, ReplaceAnnex | AddAnnex | RemoveAnnex):
        return ("annex", str(op.number))
    return ("article", number_key(op.article))


def groups(operations: Sequence[Operation]) -> list[list[Operation]]:
    """The operations, in their order, gathered by place (consecutive ones only: an
    avenant lists its articles in the order of the convention)."""
    out: list[list[Operation]] = []
    for op in operations:
        if out and group_key(out[-1][0]) == group_key(op) and group_key(op)[0] != "insert":
            out[-1].append(op)
        else:
            out.append([op])
    return out


def draft(
    operations: Sequence[Operation],
    context: Context,
    annex_titles: Callable[[int], str | None],
) -> list[Drafted]:
    """One article of the avenant per place changed, in the order of ``operations``
    (already in the convention's order). Annexes a change joins to the avenant are
    numbered 1, 2… in that order; ``annex_titles`` gives an annex's title in the
    convention."""
    drafted: list[Drafted] = []
    joined = 0
    for group in groups(operations):
        title = _title(group)
        if isinstance(group[0], ReplaceAnnex | AddAnnex):
            lines = []
            for op in group:
                assert isinstance(op, ReplaceAnnex | AddAnnex)
                joined += 1
                lines.append(_annex_sentence(op, joined, annex_titles(op.number)) + ".")
            drafted.append(Drafted(title, tuple(lines)))
            continue
        if len(group) == 1 or isinstance(group[0], AddParty | RemoveParty | RenameParty):
            if len(group) > 1:  # parties: one sentence each
                lines = [_sentence(op, context, alone=True)[0] + "." for op in group]
                drafted.append(Drafted(title, tuple(lines)))
                continue
            sentence, quote = _sentence(group[0], context, alone=True)
            # a quotation that ends the article closes it: « … »
            lines = [sentence + ("" if quote else "."), *quoted(quote, "")]
            drafted.append(Drafted(title, tuple(lines)))
            continue
        points = _points(group)
        if len(points) == 1:
            lines = [_words_sentence(points[0], alone=True) + "."]
            drafted.append(Drafted(title, tuple(lines)))
            continue
        article = getattr(group[0], "article", "")
        lines = [f"L'article {article} de {CONVENTION} est ainsi modifié :"]
        for index, point in enumerate(points):
            end = "." if index == len(points) - 1 else " ;"
            if isinstance(point, list):
                lines.append(f"{index + 1}° {_words_sentence(point, alone=False)}{end}")
                continue
            sentence, quote = _sentence(point, context, alone=False)
            if quote:
                lines.append(f"{index + 1}° {sentence}")
                lines.extend(quoted(quote, end))
            else:
                lines.append(f"{index + 1}° {sentence}{end}")
        drafted.append(Drafted(title, tuple(lines)))
    return drafted
