"""French legal formatting: dates, amounts, numbers in words, typography, agreement.

Babel gives month names and digit grouping, num2words gives numbers in words;
this module adds what French legal usage expects on top of them: « 1er avril
2019 » rather than « 1 avril 2019 », « 115 150 € » for whole amounts rather
than « 115 150,00 € », « un million d'euros », no-break spaces before ; : ! ?
and inside « », agreement of « représenté(e) ». Every function here is
exposed to templates as a Jinja filter (see :func:`jinja_filters`).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from babel.numbers import format_decimal as _babel_decimal

from convgen.foundation import gaps


def _babel_date(day: _dt.date, *, format: str, locale: str) -> str:
    from babel.dates import format_date  # slow to import; only rendering needs dates

    return format_date(day, format=format, locale=locale)


LOCALE = "fr_FR"
NBSP = "\u00a0"  # espace insécable: before « : », inside « », before « € » and « % »
NNBSP = "\u202f"  # espace fine insécable: before « ; ! ? », thousands separator
APOSTROPHE = "\u2019"


# --- numbers -----------------------------------------------------------------


def _as_decimal(value: int | float | Decimal | str) -> Decimal:
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    return value if isinstance(value, Decimal) else Decimal(str(value))


def format_number(value: int | float | Decimal) -> str:
    """« 115 150 », « 12,5 »: grouped with a narrow no-break space, decimal comma."""
    return _babel_decimal(_as_decimal(value), locale=LOCALE, decimal_quantization=False)


def format_amount(value: int | float | Decimal, *, currency: str = "€") -> str:
    """« 115 150 € » for whole amounts, « 2 500,50 € » otherwise."""
    amount = _as_decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if amount == amount.to_integral_value():
        digits = _babel_decimal(amount, format="#,##0", locale=LOCALE)
    else:
        digits = _babel_decimal(amount, format="#,##0.00", locale=LOCALE)
    return f"{digits}{NBSP}{currency}"


def format_percent(value: int | float | Decimal) -> str:
    """« 20 % », « 12,5 % » (the value is in percent: 20 means 20 %), to four decimals at
    most: « 0,3 % » for 0.30000000000000004, « 0 % » for 1e-300."""
    rate = _as_decimal(value)
    if rate.is_finite() and rate.adjusted() < 15:
        rate = rate.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    return f"{format_number(rate.normalize())}{NBSP}%"


# Durations and counts are small: their words need not wait for num2words to import.
_SMALL = [
    "zéro",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "dix-sept",
    "dix-huit",
    "dix-neuf",
    "vingt",
]


def number_in_words(value: int, *, feminine: bool = False) -> str:
    """« vingt et un », « deux cents », « une » (feminine) for 1, 21, 31…"""
    if 0 <= int(value) < len(_SMALL):
        words = _SMALL[int(value)]
    else:
        from num2words import num2words  # slow to import

        words = num2words(int(value), lang="fr")
    if feminine and (words == "un" or words.endswith(" un") or words.endswith("-un")):
        words = words[:-2] + "une"
    return words


def amount_in_words(value: int | float | Decimal, *, currency: str = "euro") -> str:
    """« cent quinze mille cent cinquante euros », « un million d'euros »,
    « deux euros et cinquante centimes »."""
    amount = _as_decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if amount < 0:
        raise ValueError("a negative amount has no French wording here")
    units = int(amount)
    cents = int((amount - units) * 100)
    plural = currency + "s"
    if units == 0 and cents:
        head = ""
    else:
        words = number_in_words(units)
        if units > 1 and re.search(r"(?:million|milliard|billion)s?$", words):
            # « un million d'euros », « deux milliards d'euros », « un billion d'euros »
            head = f"{words} d{APOSTROPHE}{plural}"
        else:
            head = f"{words} {currency if units <= 1 else plural}"
    if not cents:
        return head
    tail = f"{number_in_words(cents)} centime{'s' if cents > 1 else ''}"
    return f"{head} et {tail}" if head else tail


_WORD_VALUES = {
    "zéro": 0, "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
    "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12,
    "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20,
    "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "septante": 70,
    "huitante": 80, "octante": 80, "nonante": 90,
}  # fmt: skip
_SCALES = {
    "mille": 10**3,
    "million": 10**6,
    "millions": 10**6,
    "milliard": 10**9,
    "milliards": 10**9,
}


def parse_number_words(text: str) -> int | None:
    """The integer written in French words (« cent quinze mille cent cinquante »).

    Tolerant of spelling variants of the same number (hyphens of the 1990
    reform, « cent »/« cents », « vingt »/« vingts »); ``None`` when a word is
    not a number word.
    """
    tokens = [t for t in re.split(r"[\s\-\u00a0\u202f]+", text.lower().strip()) if t]
    if not tokens:
        return None
    total = current = 0
    previous = ""
    for token in tokens:
        if token == "et":
            continue
        if token in ("cent", "cents"):
            current = (current or 1) * 100 if current < 100 else current + 100
        elif token in _SCALES:
            total += (current or 1) * _SCALES[token]
            current = 0
        elif token in ("vingt", "vingts") and previous == "quatre":
            current += 80 - 4  # « quatre-vingt(s) »
        elif token in _WORD_VALUES:
            current += _WORD_VALUES[token]
        else:
            return None
        previous = token
    return total + current


def parse_amount_words(text: str) -> Decimal | None:
    """The amount of « cent euros et cinquante centimes », « un million d'euros »."""
    lowered = text.lower().replace("’", "'").strip()
    match = re.fullmatch(
        r"(?P<units>.*?)\s*(?:d')?euros?(?:\s+et\s+(?P<cents>.+?)\s+centimes?)?|"
        r"(?P<only>.+?)\s+centimes?",
        lowered,
    )
    if not match:
        return None
    if match.group("only"):
        cents = parse_number_words(match.group("only"))
        return None if cents is None else Decimal(cents) / 100
    units = parse_number_words(match.group("units")) if match.group("units") else 0
    cents = parse_number_words(match.group("cents")) if match.group("cents") else 0
    if units is None or cents is None:
        return None
    return Decimal(units) + Decimal(cents) / 100


def parse_amount_digits(text: str) -> Decimal | None:
    """The amount of « 115 150 », « 115.150 », « 2 500,50 » (French grouping and comma)."""
    cleaned = re.sub(r"[\s\u00a0\u202f.]", "", text.strip()).replace(",", ".")
    try:
        return Decimal(cleaned)
    except ArithmeticError:
        return None


def ordinal(value: int, *, feminine: bool = False) -> str:
    """« 1er », « 1re » (feminine), « 2e », « 21e »."""
    number = int(value)
    if number == 1:
        return "1re" if feminine else "1er"
    return f"{number}e"


def ordinal_words(value: int, *, feminine: bool = False) -> str:
    """« premier » (« première »), « deuxième », « cinquième », « neuvième », « vingt et
    unième »: the rank of an alinéa as an amendment writes it."""
    number = int(value)
    if number < 1:
        raise ValueError("a rank starts at 1")
    if number == 1:
        return "première" if feminine else "premier"
    words = number_in_words(number)
    if words.endswith("cinq"):
        return words + "uième"
    if words.endswith("neuf"):
        return words[:-1] + "vième"
    # « quatre » → « quatrième »; « quatre-vingts », « deux cents » lose their « s »
    if words.endswith("e") or (words.endswith("s") and not words.endswith("trois")):
        words = words[:-1]
    return words + "ième"


def count_noun(count: int, singular: str, plural: str | None = None) -> str:
    """« 0 absent », « 1 représenté », « 8 représentés » (French keeps 0 and 1 singular)."""
    return f"{count} {singular if abs(count) <= 1 else (plural or singular + 's')}"


def article_number(value: int) -> str:
    """« 1er », then « 2 », « 3 »: only the first article takes an ordinal."""
    return ordinal(1) if int(value) == 1 else str(int(value))


_PLURAL_UNITS = {
    "years": ("an", "ans", False),
    "months": ("mois", "mois", False),
    "weeks": ("semaine", "semaines", True),
    "days": ("jour", "jours", False),
}


def format_duration(duration: Mapping[str, int]) -> str:
    """``{years: 5}`` → « cinq ans » ; ``{years: 1, months: 6}`` → « un an et six mois »."""
    parts = []
    for unit, (singular, plural, feminine) in _PLURAL_UNITS.items():
        count = duration.get(unit)
        if not count:
            continue
        words = number_in_words(count, feminine=feminine)
        parts.append(f"{words} {singular if count == 1 else plural}")
    if not parts:
        raise ValueError("an empty duration has no wording")
    return join_words(parts)


def times_per_year(count: int) -> str:
    """« une fois par an », « deux fois par an »."""
    return f"{number_in_words(count, feminine=True)} fois par an"


# --- dates -------------------------------------------------------------------


def as_date(value: _dt.date | str) -> _dt.date:
    """Accept a ``date`` or an ISO ``AAAA-MM-JJ`` string."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    return _dt.date.fromisoformat(str(value))


def format_date(value: _dt.date | str, *, weekday: bool = False) -> str:
    """« 1er avril 2019 », « 16 décembre 2021 » ; with ``weekday``: « jeudi 16 décembre 2021 »."""
    day = as_date(value)
    month_year = _babel_date(day, format="MMMM y", locale=LOCALE)
    text = f"{ordinal(1) if day.day == 1 else day.day} {month_year}"
    if weekday:
        text = f"{_babel_date(day, format='EEEE', locale=LOCALE)} {text}"
    return text


def date_in_words(value: _dt.date | str) -> str:
    """« le seize décembre deux mille vingt et un » without « le »: « seize décembre … »,
    « premier avril deux mille dix-neuf »."""
    day = as_date(value)
    day_words = "premier" if day.day == 1 else number_in_words(day.day)
    month = _babel_date(day, format="MMMM", locale=LOCALE)
    return f"{day_words} {month} {number_in_words(day.year)}"


def time_in_words(value: _dt.time | str) -> str:
    """« dix-huit heures trente », « neuf heures », « midi », « minuit »."""
    moment = value if isinstance(value, _dt.time) else _dt.time.fromisoformat(str(value))
    if moment.minute == 0 and moment.hour in (0, 12):
        return "minuit" if moment.hour == 0 else "midi"
    hours = f"{number_in_words(moment.hour, feminine=True)} heure{'s' if moment.hour > 1 else ''}"
    if moment.minute:
        hours += f" {number_in_words(moment.minute, feminine=True)}"
    return hours


def format_time(value: _dt.time | str) -> str:
    """« 18 h 30 », « 9 h »."""
    moment = value if isinstance(value, _dt.time) else _dt.time.fromisoformat(str(value))
    return f"{moment.hour}{NBSP}h" + (f"{NBSP}{moment.minute:02d}" if moment.minute else "")


# --- words and agreement ------------------------------------------------------

_VOWEL_START = re.compile(r"^[aeiouyàâäéèêëîïôöùûüœæh]", re.IGNORECASE)


def elides(word: str) -> bool:
    """Whether « le »/« la » elide before ``word`` (« l'Agence », « l'État »).

    An initial h is taken as mute; pass ``elision=False`` to
    :func:`definite` for an aspirated h (« le Haut-Commissariat »). A gap (« À
    définir ») never elides: the name it stands for is not known, and « l'À définir »
    would glue the article to the highlighted blank.
    """
    return bool(_VOWEL_START.match(word.strip())) and not gaps.is_gap(word)


# Before the first letter: quotes, brackets and spaces a name may start with (« « Y » »).
_LEADING_MARKS = re.compile(r"^[\s«»\"'’“”(\[]+")


def may_elide(word: str) -> bool:
    """Whether an article may elide before ``word`` at all: a vowel or an h (mute or
    not: only the drafter knows), never a consonant (« L’Communauté » is no French)."""
    return elides(_LEADING_MARKS.sub("", word))


def definite(
    noun: str,
    gender: str,
    *,
    form: str = "",
    capital: bool = False,
    elision: bool | None = None,
) -> str:
    """The noun with its definite article, contracted after « de » or « à ».

    ``form`` is ``""`` (« le Conseil », « la Préfecture », « l'Agence »),
    ``"de"`` (« du Conseil », « de la Préfecture », « de l'Agence ») or
    ``"à"`` (« au Conseil », « à la Préfecture », « à l'Agence »).
    """
    elide = elides(noun) if elision is None else elision and not gaps.is_gap(noun)
    if elide:
        article = {"": "l'", "de": "de l'", "à": "à l'"}[form]
        article = article.replace("'", APOSTROPHE)
        text = f"{article}{noun}"
    else:
        if gender == "f":
            article = {"": "la", "de": "de la", "à": "à la"}[form]
        else:
            article = {"": "le", "de": "du", "à": "au"}[form]
        text = f"{article} {noun}"
    return capitalise(text) if capital else text


# --- a noun cited after a preposition: « à @{lieu:gymnase} » -------------------------

# The words a drafter writes before a cited noun that the noun's own article absorbs:
# a preposition (« à », « de », « d' »), an article (« le », « la », « l' »), both (« à
# la », « de l' ») or their contractions (« au », « du »). They must start a word.
_LEAD = re.compile(
    r"(?:^|(?<=[\s(«'’\u00a0\u202f]))"
    r"(?P<words>(?:[àÀ]|[dD]e)\s+(?:la|l['’])|[àÀ]|[dD]e|[dD]['’]|[aA]u|[dD]u|[lL]e|[lL]a|[lL]['’])"
    r"(?P<space>[ \u00a0]*)$"
)
_LEAD_FORMS = {
    "à": "à", "de": "de", "d'": "de", "au": "à", "du": "de", "le": "", "la": "", "l'": "",
    "à la": "à", "à l'": "à", "de la": "de", "de l'": "de",
}  # fmt: skip
_SENTENCE_END = re.compile(r"(?:^|[.!?…])[\s\u00a0]*$")
# A determiner the drafter wrote before the noun takes the place of its article:
# « un @{governance.name} » is « un comité », not « un le comité ».
_DETERMINER = re.compile(
    r"(?:^|(?<=[\s(«'’]))(?:un|une|ce|cet|cette|son|sa|leur|notre|chaque|tout|toute|aucun|"
    r"aucune|ledit|ladite|dudit|audit|premier|première|seul|seule)[ \u00a0]+$",
    re.IGNORECASE,
)
# Numbers whose initial sound is not elided before: « de huit mois », « le onze ».
_NO_ELISION = re.compile(r"^(?:huit|onze)\b", re.IGNORECASE)


def elides_before(word: str) -> bool:
    """Whether « de », « le », « la » elide before ``word``: as :func:`elides`, but not
    before « huit » or « onze » (« de huit mois », not « d'huit mois »)."""
    return elides(word) and not _NO_ELISION.match(word.strip())


def with_preposition(
    before: str,
    noun: str,
    gender: str,
    *,
    article: bool = True,
    elision: bool | None = None,
    at_start: bool = False,
) -> tuple[str, str]:
    """The text written before a cited noun, and the noun as it must follow it.

    With ``article``, the preposition or article written just before is absorbed into
    the noun's own article, contracted as French requires: « à » + gymnase (m) gives
    « au gymnase », « de » gives « du gymnase », « à » + salle (f) « à la salle »,
    before a vowel or a mute h « à l'espace », « de l'hôtel » (``elision`` forces or
    forbids it); with no preposition, « le gymnase ». Without ``article`` (a town),
    the noun follows the preposition as is, « de » elided before a vowel (« d'Aix »);
    after a determiner of the drafter's (« un », « ce », « chaque »…), as is too.
    The noun is capitalised where a sentence starts (``at_start``: nothing precedes the
    text) or when the absorbed word was (« À la salle »)."""
    elide = elides_before(noun) if elision is None else elision and not gaps.is_gap(noun)
    if article and _DETERMINER.search(before):
        return before, noun
    match = _LEAD.search(before)
    words = match["words"] if match else ""
    if match and not words.endswith(("'", APOSTROPHE)) and not match["space"]:
        match, words = None, ""  # « de » glued to the noun: not a word of its own
    kept = before[: match.start()] if match else before
    capital = words[:1].isupper() or (
        not words and bool(_SENTENCE_END.search(kept)) and (at_start or bool(kept.strip()))
    )
    if not article:
        if not match:
            return before, capitalise(noun) if capital else noun
        form = _LEAD_FORMS[" ".join(words.lower().replace(APOSTROPHE, "'").split())]
        if form != "de" or words.lower() not in ("de", "d'", f"d{APOSTROPHE}"):
            return before, noun  # « à », « le », « du »… are the drafter's own words
        lead = f"d{APOSTROPHE}" if elide else "de "
        return kept, (capitalise(lead) if capital else lead) + noun
    form = _LEAD_FORMS[" ".join(words.lower().replace(APOSTROPHE, "'").split())] if match else ""
    return kept, definite(noun, gender, form=form, capital=capital, elision=elide)


def agree(participle: str, gender: str) -> str:
    """« représenté » → « représentée » for a feminine subject."""
    return participle + "e" if gender == "f" and not participle.endswith("e") else participle


def capitalise(text: str) -> str:
    """Upper-case the first letter only (« le Cnam » → « Le Cnam »)."""
    return text[:1].upper() + text[1:]


def join_words(items: Iterable[str], conjunction: str = "et") -> str:
    """« a », « a et b », « a, b et c »."""
    words = [item for item in items if item]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


# A particle is written in lower case before the name proper; « La » in « de La Tour »
# is part of the name, « la » in « de la Fontaine » is not.
_PARTICLE = re.compile(r"^(?:(?:de|du|des|la|le|von|van|d['’])(?:\s+|(?<=['’])))+")


# The two ways a document writes a civility (``civility: long | short``): one per
# document, never « Madame » beside « Mme » in the same list of parties.
CIVILITY_FORMS = {"long": {"M.": "Monsieur", "Mme": "Madame"}, "short": {"M.": "M.", "Mme": "Mme"}}
_CIVILITY_CANONICAL = {"monsieur": "M.", "m.": "M.", "madame": "Mme", "mme": "Mme"}


def civility(written: str, form: str = "long") -> str:
    """« M. » or « Mme » (as the schema writes them) in the document's ``form``:
    « Monsieur », « Madame » (``long``) or « M. », « Mme » (``short``). A civility
    the forms do not know is printed as written."""
    canonical = _CIVILITY_CANONICAL.get(written.strip().casefold(), written)
    return CIVILITY_FORMS.get(form, CIVILITY_FORMS["long"]).get(canonical, written)


def upper_name(name: str) -> str:
    """A family name in capitals, accents kept, particle as written.

    « Brière » → « BRIÈRE », « de La Tour » → « de LA TOUR », « d'Ornano » → « d'ORNANO »;
    a gap as written (« À définir », not « À DÉFINIR »).
    """
    text = name.strip()
    if gaps.is_gap(text):
        return text
    match = _PARTICLE.match(text)
    if match and match.end() < len(text):
        return text[: match.end()] + text[match.end() :].upper()
    return text.upper()


def of(phrase: str) -> str:
    """« de » before ``phrase``, elided before a vowel: « d’un an », « de trois mois »."""
    return f"d{APOSTROPHE}{phrase}" if elides(phrase) else f"de {phrase}"


# --- typography ---------------------------------------------------------------

_APOSTROPHE = re.compile(r"(?<=\w)'")
# A run of « : ; ! ? » after a word gets one no-break space before it: a normal
# no-break space before « : », a narrow one before « ; ! ? ». A colon inside a
# token (18:30, http://) is left alone: the run must be followed by a space or the end.
_PUNCTUATION = re.compile(r"(?<=[^\s:;!?])[ \u00a0\u202f]*([:;!?]+)(?=\s|$|[»)\]])")
_GUILLEMET_OPEN = re.compile(r"«[ \u00a0\u202f]*")
_GUILLEMET_CLOSE = re.compile(r"[ \u00a0\u202f]*»")
_SPACES = re.compile(r"[ \t]{2,}")
# « article L. 5211-1 », « art. 7 »: the reference stays on one line.
_CODE_REFERENCE = re.compile(r"\b(L|R|D|A|art)\.? (?=\d)|\bn°\.? (?=\S)")
# « 16 décembre 2021 », « 1er avril 2019 »: a date is never broken across lines.
_DATE = re.compile(
    r"\b(1er|\d{1,2})[ \u00a0](janvier|février|mars|avril|mai|juin|juillet|août|septembre|"
    r"octobre|novembre|décembre)(?:[ \u00a0](\d{4}))?\b"
    r"|\b(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|"
    r"décembre)[ \u00a0](\d{4})\b"
)
# « M. Karim KHELIF », « Madame Anne MARTIN »: the civility stays with the name.
_CIVILITY = re.compile(
    r"\b(M\.|MM\.|Mme|Mmes|Mlle|Monsieur|Madame|Messieurs|Mesdames) (?=[A-ZÀ-Ý])"
)


# Hyphens a line must not break at (printed as Word's non-breaking hyphen): between
# figures, in a reference or a number (« L. 5216-5 », « n° 2021-045 », « 2019-2023 »,
# « n° CP-2025-01-11 »),
# and inside a compound proper name (« Saint-Dizier », « Bar-le-Duc », « Jean-Pierre »).
# A common compound (« c'est-à-dire », « vice-président ») may break as any word does.
_FIGURE_HYPHEN = re.compile(r"(?<=\d)-(?=\d)")
# an act's number: the word after « n° » (« n° CP-2025-01-11 »), or a code of capitals
# and figures (« CA-2024-07 », « HN 001-8073/20/CM »)
_NUMBER_TOKEN = re.compile(
    r"(?<=n°[ \u00a0])\S+|(?<![\w-])(?=[A-Z0-9-]*\d)[A-Z0-9]+(?:-[A-Z0-9]+)+(?![\w-])"
)
_COMPOUND_NAME = re.compile(r"(?<![\w’'-])[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:['’][^\W\d_]+)*(?:-[^\W\d_]+)+")


def kept_hyphens(text: str) -> list[int]:
    """The positions in ``text`` of the hyphens a line must not break at."""
    kept = {m.start() for m in _FIGURE_HYPHEN.finditer(text)}
    for match in _NUMBER_TOKEN.finditer(text):
        kept.update(match.start() + i for i, c in enumerate(match[0]) if c == "-")
    for match in _COMPOUND_NAME.finditer(text):
        kept.update(match.start() + i for i, c in enumerate(match[0]) if c == "-")
    return sorted(kept)


# Characters no document may carry (CG032): C0 controls but tab, line feed and carriage
# return (the three XML 1.0 allows, and YAML writes), DEL, the C1 controls (U+0080 to
# U+009F: often Windows-1252 punctuation decoded as Latin-1), lone surrogates (no
# encoding can write them) and the Unicode non-characters (U+FDD0 to U+FDEF, and the
# last two code points of every plane, U+FFFE and U+FFFF among them, which XML refuses).
CONTROL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(
        f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
    )
    + "]"
)


def without_control_characters(text: str) -> str:
    """``text`` without the characters of :data:`CONTROL_CHARACTERS`."""
    return CONTROL_CHARACTERS.sub("", text)


def without_format_characters(text: str) -> str:
    """``text`` without Unicode format characters (bidirectional controls, zero-width
    spaces and joiners, soft hyphens): they change what a reader sees, invisibly; nor
    control characters, which a document cannot carry at all."""
    text = CONTROL_CHARACTERS.sub("", text)
    if text.isascii():
        return text
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def apostrophes(text: str) -> str:
    """``text`` with the typographic apostrophe (« l’article »), as printed: what a
    summary of the document shows, where the rest of :func:`typography` (no-break
    spaces) would only get in the way of a terminal's line breaks."""
    return _APOSTROPHE.sub(APOSTROPHE, text)


@functools.lru_cache(maxsize=8192)  # the conventions of a programme share most of their text
def typography(text: str) -> str:
    """Apply French typographic spacing and the typographic apostrophe.

    « s'engage à: » → « s’engage à : » (no-break space), « ; » preceded by a
    narrow no-break space, « « Progrès » » with no-break spaces inside; no-break spaces
    inside a date (« 16 décembre 2021 »), after a civility (« M. Karim KHELIF ») and in a
    reference (« article L. 5216-5 », « n° 2021-045 »).
    Invisible format characters are left out.
    """
    text = without_format_characters(text)
    text = _SPACES.sub(" ", text)
    text = _APOSTROPHE.sub(APOSTROPHE, text)
    text = _PUNCTUATION.sub(lambda m: (NBSP if m[1][0] == ":" else NNBSP) + m[1], text)
    text = _GUILLEMET_OPEN.sub("«" + NBSP, text)
    text = _GUILLEMET_CLOSE.sub(NBSP + "»", text)
    text = _CODE_REFERENCE.sub(lambda m: m[0][:-1] + NBSP, text)
    text = _DATE.sub(lambda m: NBSP.join(part for part in m.groups() if part), text)
    text = _CIVILITY.sub(lambda m: m[1] + NBSP, text)
    return text


def lenient(formatter: Callable[..., str], value: Any, **options: Any) -> str:
    """``formatter(value)``, or ``value`` as written when it cannot be formatted yet.

    In a draft a date may still be « ... »: the document shows it as written,
    and the renderer highlights it as a gap, rather than failing.
    """
    try:
        return formatter(value, **options)
    except (ValueError, TypeError, ArithmeticError):
        return "" if value is None else str(value)


def jinja_filters() -> dict[str, Callable[..., Any]]:
    """The formatting functions under the names templates use."""
    return {
        "date_fr": format_date,
        "date_en_lettres": date_in_words,
        "heure": format_time,
        "heure_en_lettres": time_in_words,
        "montant": format_amount,
        "montant_en_lettres": amount_in_words,
        "nombre": format_number,
        "nombre_en_lettres": number_in_words,
        "pourcentage": format_percent,
        "ordinal": ordinal,
        "duree": format_duration,
        "typo": typography,
        "accord": agree,
        "majuscules": upper_name,
    }


# A representative's quality that starts with one of these is written before the name
# (« représentée par sa Présidente, Madame … »), any other after it (« Madame …,
# Présidente du Conseil de Territoire »); without it, both name the same capacity.
QUALITY_DETERMINERS = ("son ", "sa ", "ses ", "leur ", "le ", "la ", "l'", "l’")


def quality_determiner(quality: str) -> str:
    """The determiner ``quality`` starts with (« sa », « l’ »), or ``""``."""
    lowered = quality.lower()
    return next((d for d in QUALITY_DETERMINERS if lowered.startswith(d)), "")
