"""The HTML redline loads in a real browser (headless Chromium) and is drawn.

Skipped where Chromium is not installed, except in CI (``CONVGEN_REQUIRE_CHROMIUM=1``).
The screenshot's path is printed: a reviewer can look at it.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from convgen.review import redline, review
from convgen.review.html import html_page

from review_cases import write_pair

CHROMIUM = (
    os.environ.get("CONVGEN_CHROMIUM")
    or shutil.which("chromium")
    or shutil.which("chromium-browser")
)

if CHROMIUM is None:
    if os.environ.get("CONVGEN_REQUIRE_CHROMIUM") == "1":
        raise RuntimeError("Chromium est requis (CONVGEN_REQUIRE_CHROMIUM=1) mais introuvable")
    pytest.skip("Chromium n'est pas installé", allow_module_level=True)

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profil'}", *args],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_the_redline_page_loads_and_is_drawn(tmp_path: Path) -> None:
    old, new = write_pair(tmp_path, "rates-and-notice")
    comparison = review(str(old), str(new))
    page = tmp_path / "relecture.html"
    page.write_text(
        html_page(comparison.review, redline(comparison, date="2026-11-22T00:00:00Z").data),
        encoding="utf-8",
    )
    shot = tmp_path / "relecture.png"
    completed = _chromium(
        tmp_path, "--window-size=1100,1600", f"--screenshot={shot}", page.as_uri()
    )
    assert shot.is_file(), completed.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 50_000  # a drawn page, not a blank one
    print(f"\ncapture de la page de relecture : {shot}")
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    assert "<del>trois</del><ins>six</ins>" in dom
    assert dom.count("<ins>") >= 3
