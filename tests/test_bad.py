"""Bad and hostile input: a clear message and the right exit status, never a traceback,
never a crash, nothing run, nothing half written.

``tests/bad/`` holds one small file per case; ``tests/bad/expected.json`` gives, for
each, the exit status of ``convgen check`` and the words its output must contain.
Inputs too big to keep in the repository are generated here.
"""

import io
import json
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from convgen.building import build as build_module
from convgen.building.build import BuildOptions, build_paths, write_atomically
from convgen.cli import main
from convgen.rendering.ooxml import document_paragraphs

from conftest import CHAUMONT, ROOT

BAD = ROOT / "tests" / "bad"
# expected.json, and one expected-<family>.json per family of hostile input
EXPECTED: dict = {}
for _part in sorted(BAD.glob("expected*.json")):
    EXPECTED.update(json.loads(_part.read_text(encoding="utf-8")))


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_every_bad_file_has_its_expectation() -> None:
    files = {p.name for p in BAD.iterdir() if not p.name.startswith("expected")}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input_gets_its_message_and_exit_status(name: str) -> None:
    expected = EXPECTED[name]
    result = invoke("check", str(BAD / name))
    output = result.stdout + result.stderr
    assert result.exit_code == expected["exit"], output
    for words in expected["output"]:
        assert words in output, (name, words, output)
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_template_syntax_in_the_text_is_printed_as_written(tmp_path: Path) -> None:
    target = tmp_path / "texte.docx"
    result = invoke("build", str(BAD / "template-in-text.yaml"), "-o", str(target))
    assert result.exit_code == 0, result.output
    text = "\n".join(document_paragraphs(target.read_bytes()))
    assert "{{ 7*7 }}" in text and "{% for x in range(9) %}boucle{% endfor %}" in text
    assert "{{ ''.__class__ }}" in text.replace("’", "'") and "49" not in text


def test_invisible_characters_do_not_reach_the_document(tmp_path: Path) -> None:
    target = tmp_path / "bidi.docx"
    result = invoke("build", str(BAD / "bidi-override.yaml"), "-o", str(target))
    assert result.exit_code == 0  # a draft is built, its error listed
    text = "\n".join(document_paragraphs(target.read_bytes()))
    assert "Ville de SaintDizier" in text and "\u202e" not in text
    assert "\u202e" not in result.stdout  # nor the report, where it would reorder the line


# --- resources: refused quickly, within a fixed budget, never by crashing ------------------

BUDGET_BYTES = 1024 * 1024 * 1024  # address space of the whole process
BUDGET_SECONDS = 60


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (BUDGET_BYTES, BUDGET_BYTES))


GENERATED = {
    "deep-brackets.yaml": "document: convention\nx: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "deep-dashes.yaml": "document: convention\nx:\n  " + "- " * 60_000 + "v\n",
    "deep-braces.yaml": "document: convention\nx: " + "{a: " * 40_000 + "1" + "}" * 40_000 + "\n",
    "many-aliases.yaml": "document: convention\nbase: &b [x, y, z]\nlist:\n"
    + "".join("  - [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n" for _ in range(20_000)),
}


@pytest.mark.skipif(sys.platform == "win32", reason="resource limits")
@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("deep-brackets.yaml", "imbrication trop profonde"),
        ("deep-dashes.yaml", "imbrication trop profonde"),
        ("deep-braces.yaml", "imbrication trop profonde"),
        ("many-aliases.yaml", "document trop grand une fois les alias développés"),
        ("huge.yaml", "fichier trop volumineux"),
        ("billion-laughs.yaml", "document trop grand une fois les alias développés"),
    ],
)
def test_hostile_sizes_are_refused_within_budget(tmp_path: Path, name: str, message: str) -> None:
    if name == "billion-laughs.yaml":
        target = BAD / name
    elif name == "huge.yaml":
        target = tmp_path / name
        target.write_text("document: convention\n" + "a: b\n" * 1_300_000, encoding="utf-8")
    else:
        target = tmp_path / name
        target.write_text(GENERATED[name], encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "convgen", "check", str(target)],
        capture_output=True,
        text=True,
        timeout=BUDGET_SECONDS,
        preexec_fn=_limit,
        check=False,
    )
    assert completed.returncode == 2, (
        completed.returncode,
        completed.stderr[-500:],
    )  # not a signal
    assert message in completed.stderr
    assert "Traceback" not in completed.stderr


# --- templates from elsewhere --------------------------------------------------------------


def _template(tmp_path: Path, snippet: str, *, doctype: str = "") -> Path:
    source = (ROOT / "templates" / "convention.docx").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as package, zipfile.ZipFile(out, "w") as target:
        for info in package.infolist():
            data = package.read(info.filename)
            if info.filename == "word/document.xml":
                if doctype:
                    data = data.replace(b"?>", b"?>" + doctype.encode(), 1)
                paragraph = f"<w:p><w:r><w:t>{snippet}</w:t></w:r></w:p>".encode()
                data = data.replace(b"<w:body>", b"<w:body>" + paragraph, 1)
            target.writestr(info, data)
    path = tmp_path / "modele.docx"
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        (
            "{{ ''.__class__.__mro__[1].__subclasses__() }}",
            "opération interdite dans le modèle : l'accès à « __class__ »",
        ),
        (
            "{{ lipsum.__globals__['os'] }}",
            "opération interdite dans le modèle : l'accès à « __globals__ »",
        ),
        (
            "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
            "opération interdite dans le modèle",
        ),
        (
            "{% include '/etc/passwd' %}",
            "un modèle ne peut pas lire d'autre fichier (« include », « import », « extends » : « /etc/passwd »)",
        ),
        ("{% import 'secret.j2' as s %}", "un modèle ne peut pas lire d'autre fichier"),
        ("{{ inconnue }}", "le modèle utilise une variable inconnue « inconnue »"),
        ("{{ title.nmae }}", "le modèle utilise un champ inconnu « nmae »"),
    ],
)
def test_a_template_runs_sandboxed(tmp_path: Path, snippet: str, message: str) -> None:
    template = _template(tmp_path, snippet.replace("'", "&apos;"))
    result = invoke(
        "build", str(CHAUMONT), "-o", str(tmp_path / "x.docx"), "--template", str(template)
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == f"convgen : {template}: {message}" or message in result.stderr
    assert str(template) in result.stderr  # the message names the template
    assert not (tmp_path / "x.docx").exists()


def test_a_template_cannot_read_files_through_xml_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("MOT-DE-PASSE", encoding="utf-8")
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    template = _template(tmp_path, "&xxe;", doctype=doctype)
    result = invoke(
        "build", str(CHAUMONT), "-o", str(tmp_path / "x.docx"), "--template", str(template)
    )
    written = tmp_path / "x.docx"
    if written.exists():
        with zipfile.ZipFile(written) as package:
            assert b"MOT-DE-PASSE" not in package.read("word/document.xml")
    assert "MOT-DE-PASSE" not in result.output


# --- outputs: never half written, never a signed document replaced by accident -------------


def test_an_interrupted_write_leaves_the_old_file_and_no_debris(
    tmp_path: Path, monkeypatch
) -> None:
    target = tmp_path / "convention.docx"
    target.write_bytes(b"ancienne version")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"nouvelle version" * 1000)
    assert target.read_bytes() == b"ancienne version"
    assert [p.name for p in tmp_path.iterdir()] == ["convention.docx"]


def test_a_killed_build_leaves_no_partial_document(tmp_path: Path) -> None:
    """The .docx appears whole, by a rename, or not at all (here the process is killed
    while it writes: only a hidden temporary file may remain, never the document)."""
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from convgen.building import build\n"
        "real = os.replace\n"
        "def killed(*a, **k): os.kill(os.getpid(), signal.SIGKILL)\n"
        "build.os.replace = killed\n"
        f"build.write_atomically(Path({str(tmp_path / 'c.docx')!r}), b'x' * 100000)\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], check=False, timeout=60)
    assert completed.returncode == -9
    assert not (tmp_path / "c.docx").exists()


def test_an_output_built_from_a_final_version_is_kept_without_force(tmp_path: Path) -> None:
    out = tmp_path / "sortie"
    first = invoke("build", str(CHAUMONT), "-o", f"{out}/", "--rebuild")
    assert first.exit_code == 0, first.output
    signed = (out / "chaumont-final.docx").read_bytes()
    again = invoke("build", str(CHAUMONT), "-o", f"{out}/", "--rebuild")
    assert again.exit_code == 1
    assert "a été généré d'une version finale : il n'est pas remplacé sans --force" in again.stdout
    assert (out / "chaumont-final.docx").read_bytes() == signed
    forced = invoke("build", str(CHAUMONT), "-o", f"{out}/", "--rebuild", "--force")
    assert forced.exit_code == 0
    # a draft's output is replaced freely
    draft = tmp_path / "projet.yaml"
    draft.write_text(
        CHAUMONT.read_text(encoding="utf-8").replace("status: final", "status: draft"),
        encoding="utf-8",
    )
    assert invoke("build", str(draft), "--rebuild").exit_code == 0
    assert invoke("build", str(draft), "--rebuild").exit_code == 0


def test_the_status_is_in_the_document_properties(tmp_path: Path) -> None:
    [result] = build_paths([CHAUMONT], BuildOptions(output=tmp_path / "c.docx", rebuild=True))
    with zipfile.ZipFile(result.output) as package:
        core = package.read("docProps/core.xml").decode()
    assert "<cp:contentStatus>Version finale</cp:contentStatus>" in core
    assert build_module.built_from_final(result.output)
    assert not build_module.built_from_final(tmp_path / "absent.docx")
    (tmp_path / "pas-un-docx.docx").write_bytes(b"rien")
    assert not build_module.built_from_final(tmp_path / "pas-un-docx.docx")


@pytest.mark.skipif(os.name == "nt", reason="liens symboliques")
def test_an_output_that_is_a_symbolic_link_is_replaced_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "ailleurs.txt"
    elsewhere.write_text("à ne pas écraser", encoding="utf-8")
    link = tmp_path / "c.docx"
    link.symlink_to(elsewhere)
    write_atomically(link, b"document")
    assert elsewhere.read_text(encoding="utf-8") == "à ne pas écraser"
    assert not link.is_symlink() and link.read_bytes() == b"document"
