"""The parties: legal persons, their identity and address, and the person who represents
them with the authority by which he or she signs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from convgen.foundation import french, gaps
from convgen.foundation.findings import Path_
from convgen.model.values import Gender, text

AuthorityKind = Literal["deliberation", "decision", "arrete", "delegation", "decret", "statuts"]
AUTHORITY_KINDS: tuple[AuthorityKind, ...] = (
    "deliberation",
    "decision",
    "arrete",
    "delegation",
    "decret",
    "statuts",
)


@dataclass
class Authority:
    """What empowers a representative to sign (« dûment habilitée par délibération … »)."""

    kind: AuthorityKind
    body: str | None  # the deliberating body, the author of the arrêté or of the delegation
    body_gender: Gender  # the body's gender: « du Conseil », « de la Commission permanente »
    number: str | None
    date: str | None  # AAAA-MM-JJ as written, or a gap
    text: str | None  # free wording, replacing the generated one (« en vertu de … »)
    path: Path_


@dataclass
class Person:
    civility: str
    first_name: str
    last_name: str
    quality: str | None
    path: Path_
    quality_written: bool = False  # the key is written, even empty (a gap, CG103)
    authority: Authority | None = None

    @property
    def full_name(self) -> str:
        """« Sylvie PETIOT »."""
        return f"{self.first_name} {french.upper_name(self.last_name)}"

    def titled(self, form: str) -> str:
        """« Madame Sylvie PETIOT » (``long``) or « Mme Sylvie PETIOT » (``short``)."""
        shown = french.civility(self.civility, form)
        return f"{shown} {self.full_name}" if shown else self.full_name

    @property
    def gender(self) -> Gender:
        """The person's grammatical gender, from the civility (« dûment habilitée »)."""
        return "f" if self.civility == "Mme" else "m"


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
        # a gap as written: « À DÉFINIR » would no longer be seen, nor highlighted, as one
        written = self.city if gaps.is_gap(self.city) else self.city.upper()
        city = written + (" Cedex" if self.cedex else "")
        return f"{self.street}, {self.postal_code} {city}"

    def same_place(self, other: Address) -> bool:
        """Whether both are the same address, as written (case and spacing aside)."""

        def key(address: Address) -> tuple[str, str, str, bool]:
            return (
                " ".join(address.street.lower().split()),
                address.postal_code,
                " ".join(address.city.lower().split()),
                address.cedex,
            )

        return key(self) == key(other)


@dataclass
class ShortName:
    """The name a party goes by after the opening, with its own article and gender:
    « le CFA du Pays d'Aix » for a feminine « Association … », « AMP » without article."""

    name: str
    gender: Gender
    article: bool
    elision: bool | None  # as applied: a forced elision before a consonant is dropped
    elision_written: bool | None  # as written (rule CG307 reports a refused one)
    path: Path_
    # written as a text: the party's gender and article, announced « ci-après désigné
    # « Le CNAM » » as the programme's contracts do
    plain: bool = False

    def phrase(self, *, form: str = "", capital: bool = False) -> str:
        return designate(
            self.name,
            self.gender,
            article=self.article,
            elision=self.elision,
            form=form,
            capital=capital,
        )


@dataclass
class Collective:
    """The defined term naming all the parties together (« ci-après ensemble dénommées
    « les Parties » »)."""

    name: str
    gender: Gender
    path: Path_


@dataclass
class Party:
    id: str
    name: str
    gender: Gender
    elision: bool | None  # as applied: a forced elision before a consonant is dropped
    legal_form: str | None
    short_name: ShortName | None
    address: Address
    representative: Person
    path: Path_
    elision_written: bool | None = None  # as written (rule CG307 reports a refused one)
    siren: str | None = None
    siret: str | None = None
    seat: Address | None = None

    @property
    def noun(self) -> str:
        """The name the party goes by after the opening: its announced short name, else
        its name (as :func:`convgen.model.outline.party_noun` reads it from the data)."""
        short = self.short_name.name.strip() if self.short_name else ""
        return short or self.name.strip() or self.id

    def phrase(self, *, form: str = "", capital: bool = False) -> str:
        """The party as named after the opening (« la Préfecture… », « du CNAM », « AMP »)."""
        if self.short_name is not None and self.short_name.name.strip():
            return self.short_name.phrase(form=form, capital=capital)
        return french.definite(
            self.noun, self.gender, form=form, capital=capital, elision=self.elision
        )

    def full_phrase(self, *, form: str = "", capital: bool = False) -> str:
        """The party with its full name (« Le Conservatoire national des arts et métiers »)."""
        return french.definite(
            self.name, self.gender, form=form, capital=capital, elision=self.elision
        )


def designate(
    name: str,
    gender: Gender,
    *,
    article: bool = True,
    elision: bool | None = None,
    form: str = "",
    capital: bool = False,
) -> str:
    """A name with its definite article (« du CFA »), or without one (« AMP », « d’AMP »,
    « à AMP ») when it takes none."""
    if article:
        return french.definite(name, gender, form=form, capital=capital, elision=elision)
    elide = french.elides(name) if elision is None else elision
    if form == "de":
        text_ = f"d{french.APOSTROPHE}{name}" if elide else f"de {name}"
    elif form == "à":
        text_ = f"à {name}"
    else:
        text_ = name
    return french.capitalise(text_) if capital else text_


def applied_elision(written: object, noun: str) -> bool | None:
    """The elision to apply: as written, except a forced one where French cannot elide
    (« L'Communauté »): that one is dropped (and reported by rule CG307)."""
    if not isinstance(written, bool):
        return None
    if written and not french.may_elide(noun):
        return None
    return written


def short_name(
    raw: object, party_gender: Gender, party_elision: object, path: Path_
) -> ShortName | None:
    """The short name as written: a text (the party's gender and elision) or an object
    with its own ``gender``, ``article`` and ``elision``; tolerant of partial data, since
    the outline reads it before the schema is known to hold."""
    if isinstance(raw, str):
        return ShortName(
            raw,
            party_gender,
            True,
            applied_elision(party_elision, raw),
            None,
            path,
            plain=True,
        )
    if not isinstance(raw, dict):
        return None
    name = text(raw.get("name")) or ""
    gender: Gender = "f" if raw.get("gender", party_gender) == "f" else "m"
    written = raw.get("elision") if isinstance(raw.get("elision"), bool) else None
    return ShortName(
        name,
        gender,
        raw.get("article") is not False,
        applied_elision(written, name),
        written,
        path,
    )


def authority(raw: object, path: Path_) -> Authority | None:
    if not isinstance(raw, dict):
        return None
    kind = raw.get("kind")
    date = raw.get("date")
    return Authority(
        kind=kind if kind in AUTHORITY_KINDS else "deliberation",
        body=text(raw.get("body")),
        body_gender="f" if raw.get("body_gender") == "f" else "m",
        number=str(raw["number"]) if isinstance(raw.get("number"), (str, int)) else None,
        date=str(date) if date is not None else None,
        text=text(raw.get("text")),
        path=path,
    )


def person(data: dict[str, Any], path: Path_) -> Person:
    return Person(
        civility=data.get("civility") or "",
        first_name=data.get("first_name") or "",
        last_name=data.get("last_name") or "",
        quality=data.get("quality"),
        path=path,
        quality_written="quality" in data,
        authority=authority(data.get("authority"), (*path, "authority")),
    )


def address(raw: dict[str, Any], path: Path_) -> Address:
    postal = raw.get("postal_code")
    return Address(
        street=raw.get("street") or "",
        postal_code=f"{postal:05d}"
        if isinstance(postal, int) and 0 <= postal <= 99999
        else str(postal or ""),
        city=raw.get("city") or "",
        cedex=bool(raw.get("cedex")),
        path=path,
    )


def party(raw: dict[str, Any], path: Path_) -> Party:
    name = raw.get("name") or ""
    gender: Gender = raw["gender"]
    seat = raw.get("seat")
    return Party(
        id=raw["id"],
        name=name,
        gender=gender,
        elision=applied_elision(raw.get("elision"), name),
        elision_written=raw["elision"] if isinstance(raw.get("elision"), bool) else None,
        legal_form=raw.get("legal_form"),
        short_name=short_name(
            raw.get("short_name"), gender, raw.get("elision"), (*path, "short_name")
        ),
        address=address(raw["address"], (*path, "address")),
        representative=person(raw["representative"], (*path, "representative")),
        path=path,
        siren=_identifier(raw.get("siren")),
        siret=_identifier(raw.get("siret")),
        seat=address(seat, (*path, "seat")) if isinstance(seat, dict) else None,
    )


def _identifier(value: object) -> str | None:
    """A SIREN or SIRET as written (YAML may read an unquoted one as a number)."""
    if isinstance(value, bool) or value is None:
        return None
    return str(value) if isinstance(value, (str, int)) else None


def parties(data: list[dict[str, Any]]) -> list[Party]:
    return [party(raw, ("parties", index)) for index, raw in enumerate(data)]


def collective(raw: object) -> Collective | None:
    if not isinstance(raw, dict):
        return None
    return Collective(
        name=text(raw.get("name")) or "",
        gender="f" if raw.get("gender") == "f" else "m",
        path=("collective",),
    )
