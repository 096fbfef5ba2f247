"""The locks in requirements/ install what pyproject.toml asks for, pinned and hashed,
and the suite runs on exactly those versions."""

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _locked(name: str) -> dict[str, str]:
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    pins: dict[str, str] = {}
    for block in re.split(r"\n(?=[A-Za-z])", text):
        match = re.match(r"([A-Za-z0-9_.\-]+)==([^\s\\]+)", block)
        if match is None:
            continue
        assert "--hash=sha256:" in block, f"{name}: {match.group(1)} sans empreinte"
        pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


@pytest.mark.parametrize(
    ("lock", "extras"), [("run.txt", []), ("test.txt", ["test"])], ids=["run", "test"]
)
def test_every_requirement_is_pinned_with_its_hash(lock: str, extras: list[str]) -> None:
    pins = _locked(lock)
    wanted = [Requirement(r) for r in PROJECT["dependencies"]]
    for extra in extras:
        wanted += [Requirement(r) for r in PROJECT["optional-dependencies"][extra]]
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{lock}: {name} absent du verrou"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{lock}: {name}=={pins[name]} hors de « {requirement.specifier} »"
        )
    assert "setuptools" in pins  # installed with --no-build-isolation: locked as well


def test_the_suite_runs_on_the_locked_versions() -> None:
    if Path(sys.prefix).resolve() == (ROOT / ".venv-latest").resolve():
        pytest.skip("tools/test-latest : versions les plus récentes, sans verrou")
    pins = _locked("test.txt")
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    drift = {n: (v, installed[n]) for n, v in pins.items() if n in installed and installed[n] != v}
    assert drift == {}, "versions installées différentes du verrou : lancez la commande du README"
