"""The context of the deliberation template: an « extrait du registre des délibérations ».

The sentences follow the customary form of an extract: the session written
out in words (« Le seize décembre deux mille vingt et un, à dix-huit heures
trente »), the attendance lists in one run separated by « – », every count
derived from the lists, and the publicity mentions at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docxtpl import RichText

from convgen.foundation import french, gaps
from convgen.foundation.findings import Path_
from convgen.foundation.names import Name
from convgen.foundation.resources import template_path
from convgen.model.deliberation import Deliberation, Imputation, Member
from convgen.rendering.base import (
    STATUS_DRAFT,
    STATUS_FINAL,
    Properties,
    TextRenderer,
    fill,
    keywords,
)
from convgen.rendering.marks import Marks, Place, place

SEPARATOR = " – "
# What each row of the vote prints (written counts, named votes).
_VOTE_ROWS: dict[str, Place] = {
    "Votants": place(("counts", "voters"), ("vote",)),
    "Pour": place(("counts", "for"), ("counts", "result"), ("vote", "unanimous")),
    "Contre": place(("counts", "against"), ("vote", "against")),
    "Abstentions": place(("counts", "abstentions"), ("vote", "abstentions")),
    "Bulletins blancs ou nuls": place(("counts", "blank_or_void"), ("vote", "blank_or_void")),
    "Ne prennent pas part au vote": place(("counts", "not_voting"), ("vote", "not_voting")),
    "Suffrages exprimés": place(("counts", "expressed")),
    "Majorité absolue": place(("counts", "absolute_majority")),
}

# Template contexts are ``dict[str, Any]``: the values the template reads (texts, RichText
# runs, nested lists of such dicts); rendering/contract.py names what each template takes.


def _officer_phrase(name: Name, quality: str | None, form: str) -> str:
    shown = name.shown(form)
    return f"{shown}, {quality}" if quality else shown


def _list_label(verb: str, members: Sequence[Name]) -> str:
    """« Étaient présents », « Était présente », « Étaient présentes »."""
    feminine = bool(members) and all(m.feminine for m in members)
    ending = ("e" if feminine else "") + ("s" if len(members) > 1 else "")
    head = "Étaient" if len(members) > 1 else "Était"
    return f"{head} {verb}{ending}"


def _lists_have_gaps(deliberation: Deliberation) -> bool:
    """Whether a list of members (attendance, proxies, named votes) holds a gap."""
    d = deliberation
    names = [m.name for m in (*d.present, *d.excused, *d.absent)]
    names += [m.name for m in (*d.against, *d.abstentions, *d.not_voting)]
    names += [n for p in d.represented for n in (p.member, p.holder)]
    return any(gaps.is_gap(str(name)) for name in names)


class DeliberationRenderer(TextRenderer):
    """Builds the template context of one deliberation."""

    def __init__(self, deliberation: Deliberation, marks: Marks | None = None) -> None:
        super().__init__(marks)
        self.deliberation = deliberation
        self.counts = deliberation.counts
        # A name still to write (« À définir ») is no member: lists that hold one count
        # nothing yet, so their figures are gaps and no result is announced.
        self.counted = not _lists_have_gaps(deliberation)

    # -- pieces ------------------------------------------------------------------------

    def _assembly(self, *, capital: bool = False, form: str = "") -> str:
        d = self.deliberation
        return french.definite(french.capitalise(d.assembly), d.gender, form=form, capital=capital)

    def _president_title(self, quality: str | None, name: Name) -> str:
        """« Le Président », « La Maire », from a quality and the civility."""
        noun = quality or ("Présidente" if name.feminine else "Président")
        return french.definite(noun, "f" if name.feminine else "m", capital=True)

    def opening(self) -> str:
        d = self.deliberation
        session = d.session
        when = french.capitalise(f"le {french.lenient(french.date_in_words, session.date)}")
        if session.time:
            when += f", à {french.lenient(french.time_in_words, session.time)}"
        convened = french.agree("convoqué", d.gender)
        met = french.agree("réuni", d.gender)
        where = "en séance publique" if session.public else "à huis clos"
        president = _officer_phrase(d.president.name, d.president.quality, d.civility)
        return (
            f"{when}, {self._assembly()}, légalement {convened} le "
            f"{french.lenient(french.format_date, session.convocation)}, s'est {met} "
            f"{where} à {session.place}, sous la présidence de {president}."
        )

    def count_line(self) -> str:
        c = self.counts
        if not self.counted:
            return "Présents : ... — Représentés : ... — Absents : ... — Votants : ..."
        return (
            f"Présents : {c.present} — Représentés : {c.represented} — Absents : {c.absent} — "
            f"Votants : {c.voters}"
        )

    def lists(self) -> list[dict[str, Any]]:
        d = self.deliberation
        out = []

        def add(verb: str, key: str, members: list[Member]) -> None:
            if members:
                names = [m.name for m in members]
                where: dict[Path_, str | None] = place(("attendance", key), ("counts", key))
                where.update((m.path, m.name.shown(d.civility)) for m in members)
                out.append(
                    {
                        "label": _list_label(verb, names),
                        "text": self.join((n.shown(d.civility) for n in names), SEPARATOR, where),
                    }
                )

        add("présent", "present", d.present)
        if d.represented:
            givers = [p.member for p in d.represented]
            label = (
                _list_label("excusé", givers)
                + " et "
                + _list_label("représenté", givers).split()[-1]
            )
            given = [
                f"{p.member.shown(d.civility)} donne pouvoir à {p.holder.shown(d.civility)}"
                for p in d.represented
            ]
            where = place(("attendance", "represented"), ("counts", "represented"))
            for proxy, words in zip(d.represented, given, strict=True):
                for path in (proxy.path, (*proxy.path, "member"), (*proxy.path, "proxy")):
                    where[path] = words
            out.append({"label": label, "text": self.join(given, SEPARATOR, where)})
        add("excusé", "excused", d.excused)
        add("absent", "absent", d.absent)
        return out

    def officers(self) -> list[dict[str, Any]]:
        d = self.deliberation
        out = []
        if d.secretary is not None:
            out.append(
                {
                    "label": "Secrétaire de séance",
                    "text": self.plain(d.secretary.name.shown(d.civility), at=d.secretary.path),
                }
            )
        if d.rapporteur is not None:
            phrase = _officer_phrase(d.rapporteur.name, d.rapporteur.quality, d.civility)
            out.append({"label": "Rapporteur", "text": self.plain(phrase, at=d.rapporteur.path)})
        return out

    def expose_intro(self) -> str:
        d = self.deliberation
        if d.expose_by == "rapporteur" and d.rapporteur is not None:
            return f"{d.rapporteur.name.shown(d.civility)}, rapporteur, expose :"
        return f"{self._president_title(d.president.quality, d.president.name)} expose :"

    def articles(self) -> list[dict[str, Any]]:
        d = self.deliberation
        texts: list[tuple[str, Path_]] = [
            (text, ("decision", index)) for index, text in enumerate(d.decision)
        ]
        if d.imputation:
            texts.append((self._imputation(d.imputation), d.imputation.path))
        return [
            {
                "label": self.plain(f"Article {french.article_number(i)}"),
                "text": self.plain(text, at=path),
            }
            for i, (text, path) in enumerate(texts, start=1)
        ]

    @staticmethod
    def _imputation(imputation: Imputation) -> str:
        where = f"{imputation.budget} de l'exercice {imputation.year}"
        for value, label in ((imputation.chapter, "Chapitre"), (imputation.nature, "Nature")):
            if value:
                where += f" – {label} {value}"
        return f"De dire que les crédits nécessaires seront inscrits au {where}."

    def vote_rows(self) -> list[dict[str, Any]]:
        d, c = self.deliberation, self.counts

        def named(count: int, members: list[Member]) -> str:
            return (
                f"{count} ({', '.join(m.name.shown(d.civility) for m in members)})"
                if members
                else str(count)
            )

        if not self.counted:
            labels = ["Votants", "Pour", "Contre", "Abstentions"]
            labels += ["Suffrages exprimés", "Majorité absolue"]
            return [
                {"label": label, "value": self.plain("...", at=_VOTE_ROWS[label])}
                for label in labels
            ]
        rows = [("Votants", str(c.voters)), ("Pour", str(c.votes_for))]
        rows.append(("Contre", named(c.against, d.against)))
        rows.append(("Abstentions", named(c.abstentions, d.abstentions)))
        if c.blank_or_void:
            rows.append(("Bulletins blancs ou nuls", str(c.blank_or_void)))
        if d.not_voting:
            rows.append(("Ne prennent pas part au vote", named(c.not_voting, d.not_voting)))
        rows += [
            ("Suffrages exprimés", str(c.expressed)),
            ("Majorité absolue", str(c.absolute_majority)),
        ]
        return [
            {"label": label, "value": self.plain(value, at=_VOTE_ROWS[label])}
            for label, value in rows
        ]

    def mentions(self) -> list[RichText]:
        publicity = self.deliberation.publicity
        out: list[RichText] = []
        if publicity is None:
            return out
        steps = []
        if publicity.transmission:
            steps.append(
                "transmission au représentant de l'État le "
                + french.lenient(french.format_date, publicity.transmission)
            )
        if publicity.publication:
            published = french.lenient(french.format_date, publicity.publication)
            steps.append(f"publication le {published}")
        if steps:
            out.append(
                self.plain(
                    f"Acte rendu exécutoire après {' et '.join(steps)}.",
                    at=place(
                        ("publicity",), ("publicity", "transmission"), ("publicity", "publication")
                    ),
                )
            )
        if publicity.teletransmission_id:
            out.append(
                self.plain(
                    f"Identifiant de télétransmission : {publicity.teletransmission_id}",
                    at={
                        ("publicity", "teletransmission_id"): publicity.teletransmission_id,
                    },
                )
            )
        if publicity.court:
            court = french.definite(publicity.court, "m")
            out.append(
                self.plain(
                    "La présente délibération peut faire l'objet d'un recours devant "
                    f"{court} dans un délai de deux mois à compter de sa publication.",
                    at=("publicity", "court"),
                )
            )
        return out

    def approved_titles(self) -> list[str]:
        titles = []
        for approved in self.deliberation.approved:
            convention = approved.result.convention if approved.result else None
            if convention is None:
                titles.append(approved.written)
                continue
            title = convention.title
            period = "-".join(str(y) for y in title.period) if title.period else ""
            titles.append(" ".join(t for t in (title.kind, period) if t) + f" — {title.name}")
        return titles

    def object(self) -> str:
        d = self.deliberation
        if d.object:
            return d.object
        for approved in d.approved:
            convention = approved.result.convention if approved.result else None
            if convention is not None:
                kind = convention.title.kind.lower()
                gender = "f" if kind.startswith("convention") else "m"
                period = (
                    f" {'-'.join(map(str, convention.title.period))}"
                    if convention.title.period
                    else ""
                )
                return (
                    f"Approbation {french.definite(kind, gender, form='de')}{period} « "
                    f"{convention.title.name} » et autorisation de signature"
                )
        return ""

    def _opening_place(self) -> Place:
        """What the opening sentence prints: the session, its president, the convocation."""
        d = self.deliberation
        session = d.session
        where: dict[Path_, str | None] = place(("session",), ("session", "public"))
        where[d.session.president.path] = _officer_phrase(
            d.president.name, d.president.quality, d.civility
        )
        if session.place:
            where[("session", "place")] = session.place
        if session.convocation:
            where[("session", "convocation")] = (
                french.lenient(french.format_date, session.convocation) or None
            )
        return where

    # -- the whole context -------------------------------------------------------------

    def context(self) -> dict[str, Any]:
        """Every variable the deliberation template may use."""
        d = self.deliberation
        signature = d.signature
        annexes = self.approved_titles()
        approved = [a.path for a in d.approved]
        return {
            "draft": not d.is_final,
            "version": d.version or "",
            "authority": self.plain(d.authority.name, at=d.authority.path),
            "register": f"{self._assembly(form='de')}",
            "session_heading": self.plain(
                f"Séance du {french.lenient(french.format_date, d.session.date, weekday=True)}",
                at=place(("session", "date")),
            ),
            "number": self.plain(d.number, at=("act", "number")),
            "object": self.plain(self.object(), at=place(("act", "object"), *approved)),
            "opening": self.plain(self.opening(), at=self._opening_place()),
            "in_office": self.plain(
                f"Nombre de {d.members_title} en exercice : {d.members_in_office_written}",
                at=("members_in_office",),
            ),
            "count_line": french.typography(self.count_line()),
            "lists": self.lists(),
            "officers": self.officers(),
            "expose_intro": self.plain(self.expose_intro(), at=("expose", "by")),
            "expose": [
                self.plain(p, at=("expose", "paragraphs", i)) for i, p in enumerate(d.expose)
            ],
            "assembly": f"{self._assembly(capital=True)},",
            "visas": [self.plain(v, at=("visas", i)) for i, v in enumerate(d.visas)],
            "considerations": [
                self.plain(c, at=("considerations", i)) for i, c in enumerate(d.considerations)
            ],
            "articles": self.articles(),
            "vote_rows": self.vote_rows(),
            "result": self.counts.result_sentence if self.counted else "",
            "signature_place": self.blank_or(signature.place, at=("signature", "place")),
            "signature_date": self.blank_or(
                french.lenient(french.format_date, signature.date) or None,
                at=("signature", "date"),
            ),
            "signatory_title": self.plain(
                f"{self._president_title(d.signatory.quality, d.signatory.name)},",
                at=place((*d.signatory.path, "quality"), ("signature",)),
            ),
            "signatory_name": self.plain(
                d.signatory.name.bare, at=place(d.signatory.path, ("signature", "signatory"))
            ),
            "mentions": self.mentions(),
            "annexes": [
                {
                    "label": "Annexe" if len(annexes) == 1 else f"Annexe {i}",
                    "title": self.plain(t, at=path),
                }
                for i, (t, path) in enumerate(zip(annexes, approved, strict=True), start=1)
            ],
        }


def properties(deliberation: Deliberation, subject: str) -> Properties:
    """Title, subject, author (the authority) and date (the session's) of the deliberation."""
    return Properties(
        title=f"Délibération n° {deliberation.number}",
        subject=subject,
        author=deliberation.authority.name or "",
        keywords=keywords("délibération", deliberation.assembly, deliberation.number),
        date=deliberation.session.date,
        status=STATUS_FINAL if deliberation.is_final else STATUS_DRAFT,
    )


def render_deliberation(
    deliberation: Deliberation, template: str | Path | None = None, marks: Marks | None = None
) -> tuple[bytes, int]:
    """The .docx of ``deliberation`` and the number of gaps highlighted in it; with
    ``marks``, where each value is printed (:mod:`convgen.rendering.marks`)."""
    renderer = DeliberationRenderer(deliberation, marks)
    context = renderer.context()
    template_file = Path(template) if template is not None else template_path("deliberation")
    data = fill(template_file, context, properties(deliberation, renderer.object()))
    return data, renderer.gap_count
