"""The shipped schemas as editors read them: check-jsonschema and yaml-language-server
(the engine of VS Code's YAML extension) report no error on any shipped YAML file, and
still report a real structural error (a wrong type, an unknown field, a value out of
an enumeration). convgen's own, stricter reading is derived from the same files.

The language server tests are skipped where node or the npm package is absent, except
in CI (``CONVGEN_REQUIRE_YAMLLS=1``, after ``npm ci``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
import yamlls
from click.testing import CliRunner

from convgen.cli import main
from convgen.foundation import resources

ROOT = Path(__file__).resolve().parent.parent
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"

SHIPPED = sorted([*ROOT.glob("conventions/**/*.yaml"), *ROOT.glob("tests/fixtures/valid/*.yaml")])
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)", re.MULTILINE)


def _schema_of(path: Path) -> Path:
    """The schema an editor uses for ``path``: its modeline's, else its kind's."""
    found = MODELINE.search(path.read_text(encoding="utf-8"))
    if found:
        return (path.parent / found.group(1)).resolve()
    kind = yaml.safe_load(path.read_text(encoding="utf-8"))["document"]
    return ROOT / "schemas" / f"{kind}.schema.json"


def _check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--schemafile", str(schema), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_shipped_file_names_a_shipped_schema() -> None:
    assert len(SHIPPED) > 20
    for path in SHIPPED:
        schema = _schema_of(path)
        assert schema.is_file(), path
        assert schema.parent == ROOT / "schemas", path


@pytest.mark.parametrize("schema", sorted({_schema_of(p) for p in SHIPPED}), ids=lambda p: p.name)
def test_check_jsonschema_finds_no_error_in_the_shipped_files(schema: Path) -> None:
    files = [p for p in SHIPPED if _schema_of(p) == schema]
    result = _check_jsonschema(schema, *files)
    assert result.returncode == 0, result.stdout + result.stderr


# --- real errors are still errors ------------------------------------------------------------

CHAUMONT = ROOT / "conventions" / "chaumont.yaml"
SAINT_DIZIER = ROOT / "conventions" / "saint-dizier.yaml"
PARTY = ROOT / "conventions" / "parties" / "cnam.yaml"

# (file, text replaced, replacement, what check-jsonschema says)
BROKEN = [
    (CHAUMONT, "status: draft", "status: brouillon", "is not one of"),
    (CHAUMONT, "status: draft", "status: draft\nstatut: draft", "'statut' was unexpected"),
    (SAINT_DIZIER, "copies: ", "copies: [deux]  # ", "is not of type"),
    (PARTY, "gender: m", "gender: masculin", "is not one of"),
    (PARTY, "id: cnam", "id: cnam\nnom: CNAM", "'nom' was unexpected"),
]


def _broken(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text, (source, old)
    schema = _schema_of(source)
    text = MODELINE.sub(f"# yaml-language-server: $schema={schema.as_posix()}", text)
    target = tmp_path / source.name
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


@pytest.mark.parametrize(("source", "old", "new", "said"), BROKEN)
def test_check_jsonschema_still_reports_a_structural_error(
    tmp_path: Path, source: Path, old: str, new: str, said: str
) -> None:
    broken = _broken(tmp_path, source, old, new)
    result = _check_jsonschema(_schema_of(source), broken)
    assert result.returncode == 1, result.stdout
    assert said in result.stdout


def test_a_city_file_must_still_say_what_it_is(tmp_path: Path) -> None:
    """Extending a model relaxes what is required, not what a document is."""
    broken = _broken(tmp_path, CHAUMONT, "document: convention\n", "")
    result = _check_jsonschema(_schema_of(CHAUMONT), broken)
    assert result.returncode == 1
    assert "'document' is a required property" in result.stdout


def test_a_complete_convention_still_requires_its_fields(tmp_path: Path) -> None:
    broken = _broken(tmp_path, SAINT_DIZIER, "\nsignature:", "\nsignature_:")
    result = _check_jsonschema(_schema_of(SAINT_DIZIER), broken)
    assert "'signature' is a required property" in result.stdout


# --- convgen schema: self-contained --------------------------------------------------------


@pytest.mark.parametrize(
    "kind", ["convention", "deliberation", "avenant", "party", "model", "common"]
)
def test_the_printed_schema_resolves_on_its_own(tmp_path: Path, kind: str) -> None:
    result = CliRunner().invoke(main, ["schema", kind])
    assert result.exit_code == 0, result.output
    written = tmp_path / "elsewhere" / "x.json"
    written.parent.mkdir()
    written.write_text(result.stdout, encoding="utf-8")
    refs = re.findall(r'"\$ref": "([^"]*)"', result.stdout)
    assert all(ref.startswith("#") for ref in refs), kind
    files = [p for p in SHIPPED if _schema_of(p).name == f"{kind}.schema.json"]
    if kind == "model":  # the model file names the convention schema, which admits models
        files = [ROOT / "conventions" / "models" / "maison-des-competences.yaml"]
    if kind == "common":
        return  # definitions only: nothing to validate, but it must load (below)
    assert files, kind
    checked = _check_jsonschema(written, *files)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_printed_schema_still_reports_errors(tmp_path: Path) -> None:
    written = tmp_path / "party.json"
    written.write_text(CliRunner().invoke(main, ["schema", "party"]).stdout, encoding="utf-8")
    broken = _broken(tmp_path, PARTY, "gender: m", "gender: masculin")
    assert _check_jsonschema(written, broken).returncode == 1


# --- one source of truth ---------------------------------------------------------------------


def _nodes(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


@pytest.mark.parametrize("kind", resources.SCHEMAS)
def test_the_shipped_schemas_allow_gaps_and_convgen_refuses_them(kind: str) -> None:
    """On disk a gap is allowed (``anyOf: [value, gap]``), never refused: a bare
    ``not: gap`` would be an error in an editor. convgen's reading refuses each."""
    shipped = list(_nodes(resources.shipped(kind)))
    assert not [n for n in shipped if resources.is_gap_ref(n.get("not"))], (
        "write « anyOf: [<la valeur>, {$ref: …/$defs/gap}] », not « not: {$ref: …gap} »"
    )
    allowances = sum(1 for n in shipped if any(resources.is_gap_ref(b) for b in n.get("anyOf", [])))
    strict = list(_nodes(resources.schema(kind)))
    refusals = sum(1 for n in strict if resources.is_gap_ref(n.get("not")))
    assert refusals == allowances
    assert not [n for n in strict if any(resources.is_gap_ref(b) for b in n.get("anyOf", []))]


def test_convgen_drops_the_merge_directives() -> None:
    text = json.dumps(resources.schema("convention"))
    assert "$defs/after" not in text and "$defs/removal" not in text
    assert "$defs/after" in json.dumps(resources.shipped("convention"))


# --- convgen new ---------------------------------------------------------------------------


def test_new_outside_a_project_with_schemas_writes_the_bundled_schema(tmp_path: Path) -> None:
    (tmp_path / "convgen.toml").write_text("", encoding="utf-8")
    folder = tmp_path / "conventions" / "2025"
    folder.mkdir(parents=True)
    result = CliRunner().invoke(
        main, ["new", "convention", "Maison des compétences de Langres", "-o", str(folder)]
    )
    assert result.exit_code == 0, result.output
    written = folder / "maison-des-competences-de-langres.yaml"
    first = written.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/convention.schema.json"
    schema = tmp_path / "schemas" / "convention.schema.json"
    assert json.loads(schema.read_text(encoding="utf-8")) == resources.bundle("convention")
    assert _check_jsonschema(schema, written).returncode == 0


# --- yaml-language-server --------------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[yamlls.Server]:
    missing = yamlls.available()
    if missing is not None:
        if os.environ.get("CONVGEN_REQUIRE_YAMLLS") == "1":
            raise RuntimeError(
                f"yaml-language-server requis (CONVGEN_REQUIRE_YAMLLS=1) : {missing}"
            )
        pytest.skip(missing)
    running = yamlls.Server()
    yield running
    running.close()


OPENED = [
    "conventions/chaumont.yaml",
    "conventions/epinal.yaml",
    "conventions/verdun.yaml",
    "conventions/models/maison-des-competences.yaml",
    "conventions/parties/cnam.yaml",
    "conventions/parties/rectorat-nancy-metz.yaml",  # gaps in its representative
    "conventions/saint-dizier.yaml",
    "conventions/saint-dizier-deliberation.yaml",
    "conventions/cpom/cpom-relais-familles-2025-2027.yaml",  # years as column keys
]


def test_yaml_language_server_finds_no_error(server: yamlls.Server) -> None:
    """In the order an editor would open them: a convention first, then a shared party
    (whose schema once overflowed the server's stack once a convention was open)."""
    found = {name: yamlls.errors(server.diagnostics(ROOT / name)) for name in OPENED}
    assert {name: [d["message"] for d in errors] for name, errors in found.items() if errors} == {}
    assert not [line for line in server.logs if "Maximum call stack" in line]


def test_yaml_language_server_finds_no_error_in_any_shipped_file(server: yamlls.Server) -> None:
    found = {p: yamlls.errors(server.diagnostics(p)) for p in SHIPPED}
    assert {str(p): len(e) for p, e in found.items() if e} == {}


@pytest.mark.parametrize(("source", "old", "new", "said"), BROKEN)
def test_yaml_language_server_reports_a_structural_error(
    server: yamlls.Server, tmp_path: Path, source: Path, old: str, new: str, said: str
) -> None:
    broken = _broken(tmp_path, source, old, new)
    errors = yamlls.errors(server.diagnostics(broken))
    line = new.split("\n")[-1]
    number = next(
        i
        for i, text in enumerate(broken.read_text(encoding="utf-8").splitlines())
        if text.strip().startswith(line.strip())
    )
    assert [e for e in errors if e["range"]["start"]["line"] == number], errors
