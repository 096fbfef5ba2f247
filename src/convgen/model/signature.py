"""The signature: place, date, originals and the signatories."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from convgen.foundation.findings import Path_
from convgen.model.parties import Person, person
from convgen.model.values import MAX_COPIES, Whole, whole

SignatureMode = Literal["together", "each"]


@dataclass
class Signatory:
    party: str
    signer: Person | None
    path: Path_
    place: str | None = None  # mode « each »: where this signatory signs
    date: str | None = None  # mode « each »: when (AAAA-MM-JJ as written, or a gap)


@dataclass
class Signature:
    place: str | None
    date: str | None
    copies: Whole
    signatories: list[Signatory]
    path: Path_
    # together: one « Fait à …, le … » for all; each: one per signatory (en navette)
    mode: SignatureMode = "together"

    @property
    def each(self) -> bool:
        return self.mode == "each"


def _date(value: object) -> str | None:
    return None if value is None else str(value)


def signature(raw: dict[str, Any]) -> Signature:
    signatories = []
    for index, item in enumerate(raw["signatories"]):
        s_path = ("signature", "signatories", index)
        if isinstance(item, str):
            signatories.append(Signatory(item, None, s_path))
        else:
            signer = item.get("signer")
            signatories.append(
                Signatory(
                    item["party"],
                    person(signer, (*s_path, "signer")) if isinstance(signer, dict) else None,
                    s_path,
                    place=item.get("place"),
                    date=_date(item.get("date")),
                )
            )
    return Signature(
        place=raw.get("place"),
        date=raw.get("date"),
        copies=whole(raw.get("copies"), 1, MAX_COPIES),
        signatories=signatories,
        path=("signature",),
        mode="each" if raw.get("mode") == "each" else "together",
    )
