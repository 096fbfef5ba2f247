"""The signature: place, date, originals and the signatories."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from convgen.foundation.findings import Path_
from convgen.model.parties import Person, person
from convgen.model.values import MAX_COPIES, Whole, whole


@dataclass
class Signatory:
    party: str
    signer: Person | None
    path: Path_


@dataclass
class Signature:
    place: str | None
    date: str | None
    copies: Whole
    signatories: list[Signatory]
    path: Path_


def signature(raw: dict[str, Any]) -> Signature:
    signatories = []
    for index, item in enumerate(raw["signatories"]):
        s_path = ("signature", "signatories", index)
        if isinstance(item, str):
            signatories.append(Signatory(item, None, s_path))
        else:
            signatories.append(
                Signatory(item["party"], person(item["signer"], (*s_path, "signer")), s_path)
            )
    return Signature(
        place=raw.get("place"),
        date=raw.get("date"),
        copies=whole(raw.get("copies"), 1, MAX_COPIES),
        signatories=signatories,
        path=("signature",),
    )
