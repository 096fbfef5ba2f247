"""Pairs of versions for review tests: each NEW is an OLD with edits a reviewer would make."""

from __future__ import annotations

from pathlib import Path

# not from conftest: benchmarks/redline.py imports these cases without pytest
ROOT = Path(__file__).resolve().parent.parent

SAINT_DIZIER = (ROOT / "conventions" / "saint-dizier.yaml").read_text(encoding="utf-8")
DELIBERATION = (ROOT / "conventions" / "saint-dizier-deliberation.yaml").read_text(encoding="utf-8")


def _replace(text: str, *edits: tuple[str, str]) -> str:
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


RATES = (
    (
        "              taux:\n                percent: ...\n                base: coût total",
        "              taux:\n                percent: 20\n                base: coût total",
    ),
    (
        "              taux:\n                percent: ...\n                base: besoins",
        "              taux:\n                percent: 15\n                base: besoins",
    ),
)
NOTICE = (("    notice: {months: 3}", "    notice: {months: 6}"),)
NEW_PARTY = (
    (
        "  - id: cnam\n    name: Conservatoire",
        "  - id: ville\n    name: Ville de Saint-Dizier\n    gender: f\n    address:\n"
        '      street: Place Aristide Briand\n      postal_code: "52100"\n      city: Saint-Dizier\n'
        "    representative:\n      civility: Mme\n      first_name: Élise\n      last_name: Leroux\n"
        "      quality: sa Maire\n\n  - id: cnam\n    name: Conservatoire",
    ),
    ("  - [cnam]\n", "  - [cnam, ville]\n"),
    ("    - cnam\n\nannexes:", "    - cnam\n    - ville\n\nannexes:"),
)
INSERTED_ARTICLE = (
    (
        "  - key: communication\n    title: Communication",
        "  - key: evaluation\n    title: Évaluation\n    body:\n      - >-\n"
        "        Le comité de pilotage évalue chaque année l'activité de la Maison des\n"
        "        compétences.\n\n  - key: communication\n    title: Communication",
    ),
)
REWORDED = (
    (
        "          - Participer aux instances de gouvernance du territoire.",
        "          - Participer activement aux instances de gouvernance du territoire.",
    ),
)


def _moved(text: str) -> str:
    start, end = text.index("  - key: communication\n"), text.index("  - key: duree\n")
    block, rest = text[start:end], text[:start] + text[end:]
    anchor = rest.index("governance:\n  name:")
    return rest[: anchor - 1] + block + rest[anchor - 1 :]


CONVENTION_CASES = {
    "rates-and-notice": _replace(SAINT_DIZIER, *RATES, *NOTICE),
    "party-added": _replace(SAINT_DIZIER, *NEW_PARTY),
    "article-inserted": _replace(SAINT_DIZIER, *INSERTED_ARTICLE),
    "commitment-reworded": _replace(SAINT_DIZIER, *REWORDED),
    "article-moved": _moved(SAINT_DIZIER),
}
DELIBERATION_CASES = {
    "vote-changed": _replace(
        DELIBERATION,
        (
            "  against: []\n  abstentions:\n    - Mme Rachel ROUSSEL\n",
            "  against:\n    - Mme Rachel ROUSSEL\n  abstentions:\n",
        ),
        (
            "  for: 37\n  against: 0\n  abstentions: 2\n  expressed: 37\n",
            "  for: 37\n  against: 1\n  abstentions: 1\n  expressed: 38\n",
        ),
        ("  absolute_majority: 19\n", "  absolute_majority: 20\n"),
    ),
}


def write_pair(folder: Path, name: str) -> tuple[Path, Path]:
    """OLD and NEW of case ``name`` as files in ``folder`` (beside the approved convention)."""
    deliberation = name in DELIBERATION_CASES
    (folder / "saint-dizier.yaml").write_text(SAINT_DIZIER, encoding="utf-8")
    old = folder / ("old-deliberation.yaml" if deliberation else "old.yaml")
    new = folder / ("new-deliberation.yaml" if deliberation else "new.yaml")
    old.write_text(DELIBERATION if deliberation else SAINT_DIZIER, encoding="utf-8")
    cases = DELIBERATION_CASES if deliberation else CONVENTION_CASES
    new.write_text(cases[name], encoding="utf-8")
    return old, new


ALL_CASES = [*CONVENTION_CASES, *DELIBERATION_CASES]
