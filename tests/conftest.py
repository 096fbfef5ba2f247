"""Shared fixtures: paths, a minimal valid convention, and helpers to load YAML text."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from convgen.checking.check import CheckResult, check_document
from convgen.loading.reader import parse

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAINT_DIZIER = ROOT / "conventions" / "saint-dizier.yaml"
# The folders of conventions/ holding the six example kinds (tests/test_shapes.py); the
# rest of conventions/ is the Cnam programme.
SHAPES = ("contrat-territorial", "association", "cadre", "cpom", "mise-a-disposition", "avenant")
CHAUMONT = FIXTURES / "valid" / "chaumont-final.yaml"

MINIMAL: dict[str, Any] = {
    "document": "convention",
    "status": "final",
    "title": {
        "kind": "Convention de partenariat",
        "name": "Essai",
        "period": {"from": 2022, "to": 2025},
    },
    "parties": [
        {
            "id": "ville",
            "name": "Ville d'Essai",
            "gender": "f",
            "address": {"street": "1 place de la Mairie", "postal_code": "52000", "city": "Essai"},
            "representative": {
                "civility": "Mme",
                "first_name": "Anne",
                "last_name": "Martin",
                "quality": "sa Maire",
                "authority": {
                    "kind": "deliberation",
                    "body": "Conseil municipal",
                    "number": "2022-03-10-001",
                    "date": "2022-03-10",
                },
            },
        },
        {
            "id": "cnam",
            "name": "Cnam Grand Est",
            "gender": "m",
            "address": {
                "street": "4 rue du Docteur Heydenreich",
                "postal_code": "54000",
                "city": "Nancy",
            },
            "representative": {
                "civility": "M.",
                "first_name": "Paul",
                "last_name": "Durand",
                "quality": "son Président",
                "authority": {
                    "kind": "decision",
                    "body": "Bureau",
                    "number": "B-2022-07",
                    "date": "2022-02-15",
                },
            },
        },
    ],
    "sides": [["ville"], ["cnam"]],
    "articles": [
        {"key": "objet", "title": "Objet", "body": ["La convention a pour objet un essai."]},
        {
            "key": "engagements",
            "title": "Engagements des parties",
            "commitments": [
                {"party": "ville", "items": ["Mettre des locaux à disposition."]},
                {"party": "cnam", "items": ["Ouvrir un centre."]},
            ],
        },
        {"key": "duree", "clause": "duration"},
        {"key": "resiliation", "clause": "termination"},
    ],
    "terms": {
        "start": "signature",
        "duration": {"years": 3},
        "termination": {"notice": {"months": 3}, "form": "lettre recommandée"},
    },
    "signature": {"copies": 2, "signatories": ["ville", "cnam"]},
}


DELIBERATION: dict[str, Any] = {
    "document": "deliberation",
    "status": "final",
    "authority": {"name": "Ville d'Essai", "gender": "f", "assembly": "conseil municipal"},
    "session": {
        "date": "2022-03-10",
        "time": "18:00",
        "place": "la salle du conseil",
        "convocation": "2022-03-03",
        "president": {"name": "Mme Anne MARTIN", "quality": "Maire"},
    },
    "act": {"number": "2022-03-10-001", "object": "Approbation d'une convention"},
    "members_in_office": 7,
    "attendance": {
        "present": ["Mme Anne MARTIN", "M. Paul DURAND", "Mme Claire PETIT", "M. Luc ROUX"],
        "represented": [{"member": "Mme Julie BLANC", "proxy": "M. Paul DURAND"}],
        "absent": ["M. Marc NOIR", "Mme Sophie VERT"],
    },
    "secretary": "Mme Claire PETIT",
    "decision": ["D'approuver la convention.", "D'autoriser la Maire à la signer."],
    "vote": {"abstentions": ["M. Luc ROUX"]},
    "signature": {"place": "Essai", "date": "2022-03-11"},
    "publicity": {
        "transmission": "2022-03-14",
        "publication": "2022-03-14",
        "teletransmission_id": "052-123456789-20220310-2022_03_10_001-DE",
        "court": "tribunal administratif de Châlons-en-Champagne",
    },
}


@pytest.fixture
def deliberation() -> dict[str, Any]:
    """A fresh copy of a minimal, valid, final deliberation (no approved convention)."""
    return copy.deepcopy(DELIBERATION)


@pytest.fixture
def minimal() -> dict[str, Any]:
    """A fresh copy of a minimal, valid, final convention."""
    return copy.deepcopy(MINIMAL)


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.fixture
def check_data() -> Callable[..., CheckResult]:
    """Check a convention given as Python data (dumped to YAML, then parsed with positions)."""

    def run(data: Any, *, name: str = "essai.yaml", **options: Any) -> CheckResult:
        return check_document(parse(dump(data), Path(name)), **options)

    return run


@pytest.fixture
def check_text() -> Callable[..., CheckResult]:
    """Check a convention given as YAML text."""

    def run(text: str, *, name: str = "essai.yaml", **options: Any) -> CheckResult:
        return check_document(parse(text, Path(name)), **options)

    return run


def codes(result: CheckResult) -> list[str]:
    """The finding codes of a check, in order."""
    return [f.code for f in result.findings]


def soffice_or_skip() -> str:
    """LibreOffice's executable; skips the calling module where it is not installed,
    except in CI, where ``.ci/run`` installs it and sets ``CONVGEN_REQUIRE_LIBREOFFICE=1``."""
    import os

    from convgen.foundation.errors import ConversionError
    from convgen.pdf.libreoffice import find_soffice

    try:
        return find_soffice()
    except ConversionError:
        if os.environ.get("CONVGEN_REQUIRE_LIBREOFFICE") == "1":
            raise RuntimeError(
                "LibreOffice est requis (CONVGEN_REQUIRE_LIBREOFFICE=1) mais introuvable"
            ) from None
        pytest.skip("LibreOffice n'est pas installé", allow_module_level=True)


def uno_python_or_skip() -> str:
    """The Python convgen converts with over LibreOffice's UNO bridge, if it has the
    ``uno`` module; skips the calling test otherwise, except in CI, where ``.ci/run``
    installs it (Debian: python3-uno) and sets ``CONVGEN_REQUIRE_UNO=1``."""
    import os
    import subprocess

    from convgen.pdf.libreoffice import uno_python

    python = uno_python(soffice_or_skip())
    if python is not None:
        probe = subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=60)
        if probe.returncode == 0:
            return python
    if os.environ.get("CONVGEN_REQUIRE_UNO") == "1":
        raise RuntimeError("le module uno de LibreOffice est requis (CONVGEN_REQUIRE_UNO=1)")
    pytest.skip("pas de Python avec le module uno de LibreOffice (python3-uno)")


def load_tool(name: str):
    """A script of tools/ imported as a module."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def blank_pdf(pages: int = 1, password: str | None = None) -> bytes:
    """A PDF of blank A4 pages, encrypted with ``password`` if given."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def fixture_header(path: Path, name: str) -> str | None:
    """What a fixture's leading comment says of ``name`` (« # expect: CG101 CG102 »)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = re.match(rf"#\s*{name}:\s*(.*)", line)
        if match:
            return match.group(1).strip()
    return None
