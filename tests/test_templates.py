"""The shipped templates (and sample annexes) are exactly what the tools/ scripts write."""

from conftest import ROOT, load_tool


def _generator():
    return load_tool("make_templates")


def test_committed_templates_match_the_generator() -> None:
    generated = _generator().templates()
    assert generated, "no template generated"
    for name, content in generated.items():
        committed = (ROOT / "templates" / name).read_bytes()
        assert committed == content, (
            f"templates/{name} is stale: run python tools/make_templates.py"
        )


def test_generator_check_covers_the_templates_and_their_documentation() -> None:
    assert _generator().main(["--check"]) == 0


def test_generator_is_deterministic() -> None:
    generator = _generator()
    assert generator.templates() == generator.templates()


def test_style_names_and_ids_are_unique() -> None:
    """Two styles with one name make Word and LibreOffice pick either of them."""
    import re

    styles = _generator().styles_xml().decode("utf-8")
    names = re.findall(r'<w:name w:val="([^"]+)"/>', styles)
    ids = re.findall(r'w:styleId="([^"]+)"', styles)
    assert len(names) == len(set(names))
    assert len(ids) == len(set(ids))


def test_committed_sample_note_matches_the_generator() -> None:
    tool = load_tool("make_sample_annexes")
    committed = (tool.FOLDER / "note-skillshub.docx").read_bytes()
    assert committed == tool.document(tool.NOTE), "run python tools/make_sample_annexes.py"
