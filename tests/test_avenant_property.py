"""A property of the avenant: whatever a drafter changes in a signed convention — words
of an alinéa, an alinéa added or removed, a commitment, a duration, an amount, an
article inserted —, the avenant ``convgen avenant`` writes, read back from its file and
applied to the signed text, gives exactly the amended convention's text."""

from __future__ import annotations

import copy
import re
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convgen.checking.check import check_file
from convgen.loading.reader import load
from convgen.model.amendments import apply
from convgen.model.consolidated import differences
from convgen.rendering.consolidated import legal_text
from convgen.review.avenant import write_avenant

from conftest import ROOT, dump

BASE = load(ROOT / "conventions" / "association" / "convention-ateliers-du-lien-2025.yaml").data
WORDS = ["annuel", "collectif", "municipal", "notamment", "régulièrement", "sept", "douze"]
_PLAIN = re.compile(r"^[a-zàâçéèêëîïôûù]+$")


def _texts(data: dict[str, Any]) -> list[tuple[list[Any], int]]:
    """Every drafted text that can be edited in place: article bodies and commitments
    (the list holding it, and its index)."""
    found: list[tuple[list[Any], int]] = []
    for article in data["articles"]:
        body = article.get("body") or []
        found.extend((body, i) for i, item in enumerate(body) if isinstance(item, str))
        for entry in article.get("commitments") or []:
            items = entry["items"]
            found.extend((items, i) for i, item in enumerate(items) if isinstance(item, str))
    return found


@st.composite
def edits(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(
            st.sampled_from(
                ["word", "insert-word", "strike", "alinea", "notice", "amount", "article"]
            )
        )
        texts = _texts(data)
        holder, index = texts[draw(st.integers(0, len(texts) - 1))]
        words = holder[index].split(" ")
        plain = [i for i, w in enumerate(words) if _PLAIN.match(w)]
        if kind in ("word", "insert-word", "strike") and plain:
            at = plain[draw(st.integers(0, len(plain) - 1))]
            word = draw(st.sampled_from(WORDS))
            if kind == "word":
                words[at] = word
            elif kind == "insert-word":
                words.insert(at, word)
            elif len(words) > 3:
                del words[at]
            holder[index] = " ".join(words)
        elif kind == "alinea":
            article = data["articles"][draw(st.integers(0, len(data["articles"]) - 1))]
            if isinstance(article.get("body"), list):
                article["body"].insert(
                    draw(st.integers(0, len(article["body"]))),
                    f"Un alinéa nouveau, {draw(st.sampled_from(WORDS))}.",
                )
        elif kind == "notice":
            data["terms"]["termination"]["notice"] = {"months": draw(st.integers(1, 6))}
        elif kind == "amount":
            data["financing"][0]["amount"] = draw(st.integers(10, 40)) * 1000
        else:
            at = draw(st.integers(1, len(data["articles"])))
            inserted = at < len(data["articles"])  # at the end: the next number
            key = f"nouveau-{len(data['articles'])}"
            data["articles"].insert(
                at,
                {
                    "key": key,
                    "title": "Article nouveau",
                    "inserted": inserted,
                    "body": [f"Il renvoie à l'@{{article:{data['articles'][0]['key']}}}."],
                },
            )
    return data


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(edits())
def test_the_avenant_of_any_edit_gives_the_amended_text(new: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder)
        signed, amended = where / "signee.yaml", where / "modifiee.yaml"
        signed.write_text(dump(BASE), encoding="utf-8")
        amended.write_text(dump(new), encoding="utf-8")
        run = write_avenant(str(signed), str(amended), yaml_out=where / "avenant.yaml")
        if run.refused is not None and "même texte" in run.refused:
            return  # the edits cancelled out (a word replaced by itself)
        assert run.refused is None, run.refused
        avenant = check_file(where / "avenant.yaml").avenant
        assert avenant is not None
        before = legal_text(check_file(signed).convention)
        after = legal_text(check_file(amended).convention)
        assert differences(after, apply(avenant.operations, before)) == []
