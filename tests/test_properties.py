"""Properties that hold for every input: the French formatters, the loader, and a fuzz run
of the whole check on random and mutated YAML, which may only ever fail with convgen's
own errors.

The examples are derandomized: CI runs the same ones every time, so that a failure can
be reproduced; ``CONVGEN_FUZZ=random pytest tests/test_properties.py`` explores new
ones (``CONVGEN_FUZZ_EXAMPLES`` sets how many).
"""

import datetime as dt
import os
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convgen.checking.check import check_document
from convgen.foundation import french
from convgen.foundation.errors import ConvgenError
from convgen.loading.reader import parse

from conftest import ROOT, SAINT_DIZIER

NBSP, NNBSP = "\u00a0", "\u202f"
EXPLORE = os.environ.get("CONVGEN_FUZZ") == "random"
EXAMPLES = int(os.environ.get("CONVGEN_FUZZ_EXAMPLES", "300"))
STEADY = settings(derandomize=not EXPLORE, deadline=None, max_examples=150)
FUZZ = settings(
    derandomize=not EXPLORE,
    deadline=None,
    max_examples=EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- numbers -------------------------------------------------------------------------------


@STEADY
@given(st.integers(min_value=0, max_value=10**9))
def test_numbers_in_words_read_back(value: int) -> None:
    words = french.number_in_words(value)
    assert french.parse_number_words(words) == value
    assert "  " not in words and words == words.strip()


@STEADY
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_amounts_in_words_read_back_to_the_cent(euros: int, cents: int) -> None:
    value = Decimal(euros) + Decimal(cents) / 100
    words = french.amount_in_words(value)
    assert french.parse_amount_words(words) == value
    assert words.endswith(("euro", "euros", "centime", "centimes"))


@STEADY
@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_amounts_in_figures_read_back(euros: int, cents: int) -> None:
    value = Decimal(euros) + Decimal(cents) / 100
    text = french.format_amount(value)
    assert text.endswith(f"{NBSP}€")
    assert french.parse_amount_digits(text.removesuffix(f"{NBSP}€")) == value
    assert not re.search(r"\d{4}", text.replace(",", " "))  # grouped by three


@STEADY
@given(st.decimals(min_value=0, max_value=100, places=2, allow_nan=False))
def test_percentages(value: Decimal) -> None:
    text = french.format_percent(value)
    assert text.endswith(f"{NBSP}%")
    assert Decimal(text.removesuffix(f"{NBSP}%").replace(",", ".")) == value


@STEADY
@given(st.integers(min_value=1, max_value=10**6))
def test_ordinals_and_article_numbers(value: int) -> None:
    assert french.ordinal(value) == ("1er" if value == 1 else f"{value}e")
    assert french.ordinal(value, feminine=True) == ("1re" if value == 1 else f"{value}e")
    assert french.article_number(value) == ("1er" if value == 1 else str(value))


@STEADY
@given(
    st.dictionaries(
        st.sampled_from(["years", "months", "weeks", "days"]),
        st.integers(min_value=1, max_value=99),
        min_size=1,
    )
)
def test_durations_name_each_part(duration: dict[str, int]) -> None:
    text = french.format_duration(duration)
    for count in duration.values():
        assert (
            french.number_in_words(count) in text
            or french.number_in_words(count, feminine=True) in text
        )


@STEADY
@given(st.integers(min_value=1, max_value=365))
def test_times_per_year(count: int) -> None:
    assert french.times_per_year(count).endswith(" fois par an")


# --- dates and times -----------------------------------------------------------------------

MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip


@STEADY
@given(st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2999, 12, 31)))
def test_dates_across_the_years(day: dt.date) -> None:
    for value in (day, day.isoformat()):
        text = french.format_date(value)
        assert text == f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"
    words = french.date_in_words(day)
    assert MONTHS[day.month - 1] in words
    assert words.endswith(french.number_in_words(day.year))
    assert french.format_date(day, weekday=True).endswith(french.format_date(day))


@STEADY
@given(st.times())
def test_times(moment: dt.time) -> None:
    text = french.format_time(moment)
    assert text.startswith(f"{moment.hour}{NBSP}h")
    assert french.time_in_words(moment)


# --- texts ---------------------------------------------------------------------------------

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=60,
)


@STEADY
@given(TEXT)
def test_text_helpers_never_fail_and_settle(text: str) -> None:
    typeset = french.typography(text)
    assert french.typography(typeset) == typeset
    assert french.capitalise(french.capitalise(text)) == french.capitalise(text)
    assert french.upper_name(french.upper_name(text)) == french.upper_name(text)
    visible = french.without_format_characters(text)
    assert not any(unicodedata.category(c) == "Cf" for c in visible)
    assert french.without_format_characters(visible) == visible
    french.elides(text)
    french.of(text)
    french.definite(text or "x", "f")
    french.join_words([text, text])


@STEADY
@given(st.one_of(st.none(), st.text(max_size=20), st.integers(), st.floats(allow_nan=True)))
def test_lenient_formatting_never_raises(value) -> None:
    for formatter in (french.format_date, french.format_amount, french.format_percent):
        assert isinstance(french.lenient(formatter, value), str)


# --- the loader ----------------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Co", "Cn")), max_size=30
    ),
)
DATA = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(alphabet="abcdefgh_-é", min_size=1, max_size=8), inner, max_size=4),
    ),
    max_leaves=25,
)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*path, index))


class _Yaml12Dumper(yaml.SafeDumper):
    """PyYAML's writer, told which plain scalars YAML 1.2 reads as numbers.

    PyYAML writes YAML 1.1, where « 0E0 » or « 1e5 » (no dot) are strings and go out
    unquoted; under YAML 1.2's core schema, which convgen reads like the editors' language
    server, they are floats. A YAML 1.2 writer quotes them, so this one does too.
    """


_Yaml12Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:0|[1-9][0-9]*)[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)


@STEADY
@given(DATA)
def test_the_loader_reads_back_what_yaml_writes_with_every_position(data) -> None:
    text = yaml.dump(data, Dumper=_Yaml12Dumper, allow_unicode=True)
    doc = parse(text, Path("données.yaml"))
    assert doc.data == data
    for path in _paths(data):
        assert path in doc.value_positions
        position = doc.position(path)
        assert 1 <= position.line <= text.count("\n") + 1


# --- fuzz: random and mutated YAML through the whole check ---------------------------------


def _check_text(text: str) -> None:
    """Load and check; only convgen's own errors may come out."""
    try:
        doc = parse(text, SAINT_DIZIER)
    except ConvgenError:
        return
    check_document(doc)


@FUZZ
@given(st.text(alphabet=" \n\t-:[]{}&*!|>'\"#%@`,?abcdéé0123456789", max_size=200))
def test_fuzz_random_yaml_like_text(text: str) -> None:
    _check_text("document: convention\n" + text)
    _check_text(text)


SOURCES = [
    SAINT_DIZIER.read_text(encoding="utf-8"),
    (ROOT / "conventions" / "saint-dizier-deliberation.yaml").read_text(encoding="utf-8"),
]


@st.composite
def mutated(draw) -> str:
    lines = draw(st.sampled_from(SOURCES)).splitlines()
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        action = draw(
            st.sampled_from(["delete", "duplicate", "indent", "dedent", "insert", "swap", "value"])
        )
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "indent":
            lines[index] = "  " + lines[index]
        elif action == "dedent":
            lines[index] = lines[index][2:]
        elif action == "insert":
            lines.insert(index, draw(st.text(alphabet=" -:abc[]{}*&!'\"0123456789.", max_size=20)))
        elif action == "swap":
            other = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        else:
            head = lines[index].split(":", 1)[0]
            lines[index] = f"{head}: " + draw(
                st.sampled_from(["", "...", "-1", "2919", "[]", "{}", "null", "x", "1e400", "« »"])
            )
        if not lines:
            lines = [""]
    return "\n".join(lines) + "\n"


@FUZZ
@given(mutated())
def test_fuzz_mutated_conventions_and_deliberations(text: str) -> None:
    _check_text(text)
