"""The shipped templates are exactly what tools/make_templates.py writes."""

import importlib.util
import sys

from conftest import ROOT


def _generator():
    spec = importlib.util.spec_from_file_location(
        "make_templates", ROOT / "tools" / "make_templates.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_templates"] = module
    spec.loader.exec_module(module)
    return module


def test_committed_templates_match_the_generator() -> None:
    generated = _generator().templates()
    assert generated, "no template generated"
    for name, content in generated.items():
        committed = (ROOT / "templates" / name).read_bytes()
        assert committed == content, (
            f"templates/{name} is stale: run python tools/make_templates.py"
        )


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
