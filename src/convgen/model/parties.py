"""The parties: legal persons, their address and the person who represents them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from convgen.foundation import french
from convgen.foundation.findings import Path_
from convgen.model.values import Gender


@dataclass
class Person:
    civility: str
    first_name: str
    last_name: str
    quality: str | None
    path: Path_
    quality_written: bool = False  # the key is written, even empty (a gap, CG103)

    @property
    def full_name(self) -> str:
        """« Sylvie PETIOT »."""
        return f"{self.first_name} {french.upper_name(self.last_name)}"

    @property
    def civility_long(self) -> str:
        return {"M.": "Monsieur", "Mme": "Madame"}.get(self.civility, self.civility)


@dataclass
class Address:
    street: str
    postal_code: str
    city: str
    cedex: bool
    path: Path_

    @property
    def text(self) -> str:
        """« 292 rue Saint-Martin, 75003 PARIS », « 1 rue Navier, 51082 REIMS Cedex »."""
        city = self.city.upper() + (" Cedex" if self.cedex else "")
        return f"{self.street}, {self.postal_code} {city}"


@dataclass
class Party:
    id: str
    name: str
    gender: Gender
    elision: bool | None
    legal_form: str | None
    short_name: str | None
    address: Address
    representative: Person
    path: Path_

    @property
    def noun(self) -> str:
        """The name the party goes by after the opening: its announced short name, else
        its name (as :func:`convgen.model.outline.party_noun` reads it from the data)."""
        return (self.short_name or "").strip() or self.name.strip() or self.id

    def phrase(self, *, form: str = "", capital: bool = False) -> str:
        """The party as named after the opening (« la Préfecture… », « du CNAM »)."""
        return french.definite(
            self.noun, self.gender, form=form, capital=capital, elision=self.elision
        )

    def full_phrase(self, *, form: str = "", capital: bool = False) -> str:
        """The party with its full name (« Le Conservatoire national des arts et métiers »)."""
        return french.definite(
            self.name, self.gender, form=form, capital=capital, elision=self.elision
        )


def person(data: dict[str, Any], path: Path_) -> Person:
    return Person(
        civility=data.get("civility") or "",
        first_name=data.get("first_name") or "",
        last_name=data.get("last_name") or "",
        quality=data.get("quality"),
        path=path,
        quality_written="quality" in data,
    )


def party(raw: dict[str, Any], path: Path_) -> Party:
    address = raw["address"]
    postal = address.get("postal_code")
    return Party(
        id=raw["id"],
        name=raw.get("name") or "",
        gender=raw["gender"],
        elision=raw["elision"] if isinstance(raw.get("elision"), bool) else None,
        legal_form=raw.get("legal_form"),
        short_name=raw.get("short_name"),
        address=Address(
            street=address.get("street") or "",
            postal_code=f"{postal:05d}"
            if isinstance(postal, int) and 0 <= postal <= 99999
            else str(postal or ""),
            city=address.get("city") or "",
            cedex=bool(address.get("cedex")),
            path=(*path, "address"),
        ),
        representative=person(raw["representative"], (*path, "representative")),
        path=path,
    )


def parties(data: list[dict[str, Any]]) -> list[Party]:
    return [party(raw, ("parties", index)) for index, raw in enumerate(data)]
