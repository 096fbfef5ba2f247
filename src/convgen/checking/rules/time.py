"""Period, duration, notices, and dates or years that cannot be right."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator

from convgen.checking.rules.registry import Issue, rule
from convgen.foundation import french
from convgen.foundation.findings import Path_, Severity
from convgen.model import markup
from convgen.model.convention import Convention, complete, iter_prose

PLAUSIBLE = (1990, 2100)  # years of a convention's own dates
LATEST_YEAR = 2100  # years a text may mention (history is fine, the 2900s are not)
_SPANS = {"biennal": 2, "triennal": 3, "quadriennal": 4, "quinquennal": 5, "sexennal": 6}


def add(start: dt.date, duration: dict[str, int]) -> dt.date:
    """``start`` plus a structured duration, month lengths respected (31 janvier + 1 mois)."""
    months = start.month - 1 + duration.get("years", 0) * 12 + duration.get("months", 0)
    year, month = start.year + months // 12, months % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    moved = dt.date(year, month, day)
    return moved + dt.timedelta(weeks=duration.get("weeks", 0), days=duration.get("days", 0))


def in_months(duration: dict[str, int]) -> float:
    """A duration in months, for comparing durations."""
    days = duration.get("weeks", 0) * 7 + duration.get("days", 0)
    return duration.get("years", 0) * 12 + duration.get("months", 0) + days / 30.4375


def _date(value: str | None) -> dt.date | None:
    try:
        return french.as_date(value) if isinstance(value, str) else None
    except ValueError:
        return None


def start_date(convention: Convention) -> dt.date | None:
    """When the convention takes effect, if the document says it."""
    terms = convention.terms
    if terms is None:
        return None
    if terms.at_signature:
        return _date(convention.signature.date)
    return _date(terms.start)


def computed_end(convention: Convention) -> dt.date | None:
    """The last day the start and the duration give, if both are known."""
    start = start_date(convention)
    duration = complete(convention.terms.duration) if convention.terms else None
    if start is None or duration is None:
        return None
    return add(start, duration) - dt.timedelta(days=1)


def end_date(convention: Convention) -> dt.date | None:
    """The last day of the convention: the declared end (``terms.end``), or the one the
    start and the duration give."""
    declared = _date(convention.terms.end) if convention.terms else None
    return declared if declared is not None else computed_end(convention)


@rule("CG501", "period", Severity.ERROR, "Période du titre et durée")
def period(convention: Convention) -> Iterator[Issue]:
    """La période du titre (« 2021-2026 ») concorde avec la prise d'effet et la
    durée : si la date de prise d'effet est connue, la période va de son année
    à celle du dernier jour ; sinon, l'écart entre les deux années correspond
    à la durée (cinq ans couvrent 2021-2026 à partir d'une signature en cours
    d'année, ou 2021-2025 à partir du 1er janvier). Quand la date de fin déclarée
    est seule à contredire la durée et le titre, c'est elle qui est signalée (CG505),
    une seule fois."""
    bounds = convention.title.period
    whole = complete(convention.terms.duration) if convention.terms else None
    declared = _date(convention.terms.end) if convention.terms else None
    if bounds is None or (whole is None and declared is None):
        return
    first, last = bounds
    if not isinstance(first, int) or not isinstance(last, int):
        return
    path = ("title", "period")
    start, end = start_date(convention), end_date(convention)
    computed = computed_end(convention)
    end_alone_wrong = (
        declared is not None
        and computed is not None
        and start is not None
        and not _ends_alike(declared, computed)
        and (first, last) == (start.year, computed.year)
    )
    if end_alone_wrong:
        return  # the title and the duration agree: the end date is wrong (CG505 says so)
    if start is not None and end is not None:
        if (first, last) != (start.year, end.year):
            yield Issue(
                path,
                f"le titre annonce {first}-{last}, mais la convention court du "
                f"{french.format_date(start)} au {french.format_date(end)} "
                f"({start.year}-{end.year})",
            )
        return
    if declared is not None:  # the start is a signature still to come: the end decides
        if last != declared.year:
            yield Issue(
                path,
                f"le titre annonce {first}-{last}, mais la convention prend fin le "
                f"{french.format_date(declared)} ({declared.year})",
            )
        return
    if whole is None:
        return
    length = french.format_duration(whole)
    years = in_months(whole) / 12
    full = int(years)
    possible = {full - 1, full} if years == full else {full, full + 1}
    if last - first not in possible:
        yield Issue(
            path,
            f"le titre annonce {first}-{last}, soit {last - first + 1} années civiles, pour une "
            f"durée {french.of(length)} : attendu {first}-{first + max(possible)}"
            + (f" ou {first}-{first + min(possible)}" if len(possible) > 1 else ""),
        )


@rule("CG502", "notices", Severity.ERROR, "Préavis et durée")
def notices(convention: Convention) -> Iterator[Issue]:
    """Un préavis (de résiliation, de reconduction) est plus court que la
    durée de la convention, et celui d'une tacite reconduction plus court que
    la période reconduite ; une reconduction doit être notifiée avant
    l'échéance, donc avec un délai. Si la prise d'effet est connue, la date
    limite de notification de la reconduction doit être postérieure à la
    signature."""
    terms = convention.terms
    whole = complete(terms.duration) if terms else None
    if terms is None or whole is None:
        return
    duration = in_months(whole)
    length = french.format_duration(whole)
    termination = terms.termination
    notice = complete(termination.notice) if termination else None
    if termination is not None and notice is not None and in_months(notice) >= duration:
        yield Issue(
            (*termination.path, "notice"),
            f"préavis de résiliation {french.of(french.format_duration(notice))} "
            f"pour une convention {french.of(length)} : le préavis doit être plus court que "
            "la durée",
        )
    renewal = terms.renewal
    if renewal is None or renewal.kind == "none":
        return
    if not renewal.notice:
        yield Issue(
            renewal.path,
            "la reconduction doit être notifiée avant l'échéance : indiquez le délai "
            "(« notice », par exemple {months: 6})",
            severity=Severity.WARNING,
            key=True,
        )
        return
    renewal_notice = complete(renewal.notice)
    if renewal_notice is None:
        return  # still a gap: reported as such
    said = french.format_duration(renewal_notice)
    if in_months(renewal_notice) >= duration:
        yield Issue(
            (*renewal.path, "notice"),
            f"délai de reconduction {french.of(said)} pour une convention {french.of(length)} : "
            "il doit être plus court que la durée",
        )
    period = complete(renewal.length)
    if period is not None and in_months(renewal_notice) >= in_months(period):
        yield Issue(
            (*renewal.path, "notice"),
            f"délai de dénonciation {french.of(said)} pour des périodes reconduites "
            f"{french.of(french.format_duration(period))} : il doit être plus court",
        )
    end = end_date(convention)
    signed = _date(convention.signature.date)
    if end is not None and signed is not None:
        deadline = add(end + dt.timedelta(days=1), {k: -v for k, v in renewal_notice.items()})
        if deadline <= signed:
            yield Issue(
                (*renewal.path, "notice"),
                f"la reconduction devait être notifiée avant le {french.format_date(deadline)}, "
                f"date antérieure à la signature ({french.format_date(signed)})",
            )


def _dates(convention: Convention) -> Iterator[tuple[Path_, str, str | None]]:
    yield ("date",), "date du document", convention.date
    yield ("signature", "date"), "date de signature", convention.signature.date
    if convention.terms is not None and not convention.terms.at_signature:
        yield ("terms", "start"), "date de prise d'effet", convention.terms.start
    if convention.terms is not None and convention.terms.end:
        yield ("terms", "end"), "date de fin", convention.terms.end


@rule("CG503", "implausible-date", Severity.ERROR, "Date ou année invraisemblable")
def implausible_date(convention: Convention) -> Iterator[Issue]:
    """Les dates et années de la convention (période du titre, date du
    document, signature, prise d'effet, date de fin) sont comprises entre 1990 et 2100, et
    la période va d'une année à une année postérieure ou égale. Une prise
    d'effet antérieure à la signature donne un effet rétroactif, en principe
    exclu pour un acte administratif (avertissement)."""
    low, high = PLAUSIBLE
    bounds = convention.title.period
    if bounds is not None:
        for index, (key, year) in enumerate(zip(("from", "to"), bounds, strict=True)):
            if isinstance(year, int) and not low <= year <= high:
                yield Issue(("title", "period", key), f"année {year} invraisemblable")
            if (
                index == 1
                and isinstance(bounds[0], int)
                and isinstance(year, int)
                and year < bounds[0]
            ):
                yield Issue(("title", "period"), f"période {bounds[0]}-{year} à l'envers")
    for path, label, value in _dates(convention):
        day = _date(value)
        if day is not None and not low <= day.year <= high:
            yield Issue(path, f"{label} {french.format_date(day)} invraisemblable")
    start = _date(convention.terms.start) if convention.terms else None
    signed = _date(convention.signature.date)
    if start is not None and signed is not None and start < signed:
        yield Issue(
            ("terms", "start"),
            f"prise d'effet le {french.format_date(start)}, avant la signature du "
            f"{french.format_date(signed)} : effet rétroactif",
            severity=Severity.WARNING,
        )


_RANGE = re.compile(
    r"(?P<span>\b(?:bi|tri|quadri|quinqu|sex)ennal\w*\s+)?(?<![\d,.])(?P<first>\d{4})\s*[-–—/]\s*"
    r"(?P<last>\d{4})(?!\d|,\d)"
)
# A number of a law, decree, deliberation or act is no period: « décret n° 2009-1421 »,
# « délibération 2021-12-16-045 », « arrêté n° 2019-0815 ».
_ACT_NUMBER_BEFORE = re.compile(
    r"(?:\bn\s?[°ºo]\.?|\bnuméro|\bréf\.?|\bréférence|\b(?:loi|décret|arrêté|ordonnance|"
    r"délibération|circulaire|décision|acte|avis|instruction|marché|dossier)(?:\s+(?:n\s?[°ºo]\.?|"
    r"numéro))?)\s*$",
    re.IGNORECASE,
)


def _is_act_number(text: str, match: re.Match[str]) -> bool:
    """Whether a « 2009-1421 » is a number (of an act, a file) rather than a period."""
    if _ACT_NUMBER_BEFORE.search(text[max(0, match.start("first") - 24) : match.start("first")]):
        return True
    return bool(re.match(r"[-/–]\d", text[match.end() :]))  # « 2021-2022-045 »: one identifier


_YEAR_IN_CONTEXT = re.compile(
    r"\b(?:en|année|exercice|exercices|depuis|jusqu['’]en|budget|contrat|"
    r"(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre))"
    r"\s+(?P<year>\d{4})(?!\d|,\d)",
    re.IGNORECASE,
)
_DAY_MONTH_YEAR = re.compile(
    r"\b(?P<day>1er|\d{1,2})\s+(?P<month>janvier|février|mars|avril|mai|juin|juillet|août|"
    r"septembre|octobre|novembre|décembre)\s+(?P<year>\d{4})\b",
    re.IGNORECASE,
)
_MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
]  # fmt: skip


def _range_problem(match: re.Match[str]) -> str | None:
    """What is wrong with a written period such as « quinquennal 2919-2023 », if anything."""
    first, last = int(match["first"]), int(match["last"])
    shown = match[0].strip()
    span = None
    if match["span"]:
        stem = match["span"].strip().lower()
        span = next(n for name, n in _SPANS.items() if stem.startswith(name[:5]))
    hint = ""
    if span is not None and last <= LATEST_YEAR:
        hint = f" ; vouliez-vous écrire {last - span + 1}-{last} ?"
    wrong = [year for year in (first, last) if year > LATEST_YEAR]
    if wrong:
        return f"année {wrong[0]} invraisemblable dans « {shown} »{hint}"
    if first > last:
        return f"période {first}-{last} à l'envers dans « {shown} »{hint}"
    if span is not None and last - first + 1 != span:
        count = french.number_in_words(span, feminine=True)
        return f"« {shown} » compte {last - first + 1} années, pas {count}{hint}"
    return None


@rule("CG504", "implausible-year-in-text", Severity.WARNING, "Année invraisemblable dans un texte")
def implausible_year_in_text(convention: Convention) -> Iterator[Issue]:
    """Une année écrite dans un texte (« contrat quinquennal 2919-2023 »,
    « en 2202 ») au-delà de 2100, une période à l'envers, une période
    « quinquennale » qui ne compte pas cinq années, ou une date qui n'existe
    pas (« 31 février 2022 ») : presque toujours une faute de frappe. Les
    années passées (« fondateur … en 1794 ») sont admises, et les numéros
    d'actes ne sont pas des périodes (« décret n° 2009-1421 »,
    « délibération 2021-12-16-045 »)."""
    for prose in iter_prose(convention):
        text = markup.plain(prose.text)
        for match in _RANGE.finditer(text):
            if _is_act_number(text, match):
                continue
            problem = _range_problem(match)
            if problem:
                period = text[match.start("first") : match.end("last")]
                yield Issue(prose.path, problem, words=period)
        for match in _YEAR_IN_CONTEXT.finditer(text):
            if int(match["year"]) > LATEST_YEAR:
                yield Issue(
                    prose.path,
                    f"année {match['year']} invraisemblable dans « {match[0]} »",
                    words=match["year"],
                )
        for match in _DAY_MONTH_YEAR.finditer(text):
            day = 1 if match["day"] == "1er" else int(match["day"])
            month = _MONTHS.index(match["month"].lower()) + 1
            year = int(match["year"])
            if day > calendar.monthrange(year, month)[1]:
                yield Issue(prose.path, f"la date « {match[0]} » n'existe pas", words=match[0])


def _duration_wording(convention: Convention) -> bool:
    """Whether the duration clause is in the drafters' own words (which then say how the
    duration and the end date relate: « pour trois ans, et au plus tard jusqu'au … »)."""
    return any(a.clause == "duration" and a.wording is not None for a in convention.iter_articles())


@rule("CG505", "end-and-duration", Severity.ERROR, "Date de fin et durée discordantes")
def end_and_duration(convention: Convention) -> Iterator[Issue]:
    """Une convention qui déclare à la fois sa durée et sa date de fin
    (« terms.end ») doit finir à la date que donnent la prise d'effet et la
    durée : trois ans à compter du 1er janvier 2024 finissent le 31 décembre
    2026 (la veille de l'anniversaire, l'usage : « du 1er janvier 2024 au 31
    décembre 2026 ») ou le 1er janvier 2027. Si elle prend effet à sa
    signature, dont la date n'est pas encore connue, la durée et la date de
    fin peuvent se contredire : avertissement, sauf si la clause de durée est
    rédigée par les rédacteurs (qui disent alors laquelle l'emporte) ; si la
    date de signature est écrite, le calcul est fait à partir d'elle
    (avertissement, la date pouvant encore changer)."""
    terms = convention.terms
    if terms is None:
        return
    declared = _date(terms.end)
    whole = complete(terms.duration)
    if declared is None or whole is None:
        return
    path = ("terms", "end")
    length = french.format_duration(whole)
    start = start_date(convention)
    severity = Severity.WARNING if terms.at_signature else None
    if start is None:
        if not _duration_wording(convention):
            yield Issue(
                path,
                f"la convention dure {length} à compter de sa signature, dont la date "
                f"n'est pas fixée, et prend fin le {french.format_date(declared)} : les deux "
                "peuvent se contredire ; gardez l'une des deux, ou dites dans la rédaction "
                "de la clause (« wording ») laquelle l'emporte",
                severity=Severity.WARNING,
            )
        return
    anniversary = add(start, whole)
    if _ends_alike(declared, anniversary - dt.timedelta(days=1)) or declared < start:
        return  # an end before the start is CG506's
    computed = anniversary - dt.timedelta(days=1)
    period = convention.title.period
    if period is not None and period[1] == declared.year != computed.year:
        # the title agrees with the end date: the duration is the value written wrong
        months = (declared.year - start.year) * 12 + declared.month - start.month + 1
        yield Issue(
            ("terms", "duration"),
            f"{length} à compter du {french.format_date(start)} mènent au "
            f"{french.format_date(computed)}, mais la convention prend fin le "
            f"{french.format_date(declared)}, comme l'annonce le titre ({period[0]}-"
            f"{period[1]}) : du {french.format_date(start)} au {french.format_date(declared)}, "
            f"la durée est de {french.format_duration(_months_to_duration(months))}",
            severity=severity,
        )
        return
    yield Issue(
        path,
        f"{length} à compter du {french.format_date(start)} mènent au "
        f"{french.format_date(computed)}, mais la date de fin déclarée est le "
        f"{french.format_date(declared)}",
        severity=severity,
    )


def _ends_alike(declared: dt.date, computed: dt.date) -> bool:
    """Whether a declared end is the one a duration gives: its last day, or the
    anniversary itself (« jusqu'au 1er janvier 2027 »)."""
    return declared in (computed, computed + dt.timedelta(days=1))


def _months_to_duration(months: int) -> dict[str, int]:
    years, rest = divmod(months, 12)
    return {k: v for k, v in (("years", years), ("months", rest)) if v}


@rule("CG506", "end-before-start", Severity.ERROR, "Date de fin antérieure à la prise d'effet")
def end_before_start(convention: Convention) -> Iterator[Issue]:
    """La date de fin (« terms.end ») suit la prise d'effet : une date de
    prise d'effet, ou la date de signature pour une convention qui prend
    effet à sa signature. Une convention qui finit avant de commencer est
    presque toujours une année mal tapée."""
    terms = convention.terms
    declared = _date(terms.end) if terms else None
    start = start_date(convention)
    if terms is None or declared is None or start is None or declared >= start:
        return
    what = "la signature" if terms.at_signature else "la prise d'effet"
    yield Issue(
        ("terms", "end"),
        f"la convention prend fin le {french.format_date(declared)}, avant {what} du "
        f"{french.format_date(start)}",
    )
