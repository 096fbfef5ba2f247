"""convgen's tracked changes side by side with an independent redline engine.

For each review scenario of the test suite (the same OLD/NEW pairs), both
engines produce a tracked-changes .docx from the same two builds: convgen from
the two models, jubarte-redlines by comparing the two rendered documents.
Each is then read back by the same engine (jubarte's ``get_revisions``), and
accepting / rejecting every revision is compared with the builds of NEW / OLD.

    python benchmarks/redline.py [--repeat N] [--out FILE]

Prints, per scenario, both revision counts, whether each accept-all gives NEW
and each reject-all gives OLD (with the first paragraph that differs when
not), and the time ratio convgen / peer measured in the same process. Needs
the ``bench`` extra (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the scenarios are the review tests' fixtures

import jubarte_redlines as jubarte  # noqa: E402

from convgen.checking.check import check_file  # noqa: E402
from convgen.rendering import render  # noqa: E402
from convgen.rendering.ooxml import document_paragraphs  # noqa: E402
from convgen.review import accept_all, redline, reject_all, review  # noqa: E402

from review_cases import ALL_CASES, write_pair  # noqa: E402

AUTHOR = "Service juridique"
DATE = "2026-11-22T00:00:00Z"


def _first_difference(got: list[str], want: list[str]) -> str | None:
    for index, (a, b) in enumerate(zip(got, want, strict=False)):
        if a != b:
            return f"§{index + 1} : « {a[:70]} » au lieu de « {b[:70]} »"
    if len(got) != len(want):
        return f"{len(got)} paragraphes au lieu de {len(want)}"
    return None


def _best(repeat: int, work: Callable[[], bytes]) -> tuple[float, bytes]:
    best, result = float("inf"), b""
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def _exactness(marked: bytes, old: list[str], new: list[str]) -> dict[str, str | None]:
    return {
        "accept_all": _first_difference(document_paragraphs(jubarte.accept_revisions(marked)), new),
        "reject_all": _first_difference(document_paragraphs(jubarte.reject_revisions(marked)), old),
    }


def run_case(folder: Path, case: str, repeat: int) -> dict[str, object]:
    """Both engines on one scenario: counts, exactness, best-of-``repeat`` times."""
    old_path, new_path = write_pair(folder, case)
    old_build = render(check_file(old_path).model)[0]
    new_build = render(check_file(new_path).model)[0]
    old_text, new_text = document_paragraphs(old_build), document_paragraphs(new_build)

    def ours() -> bytes:
        return redline(review(str(old_path), str(new_path)), author=AUTHOR, date=DATE).data

    def peer() -> bytes:
        return jubarte.compare_documents(old_build, new_build, author=AUTHOR, date=DATE)

    ours_time, ours_doc = _best(repeat, ours)
    peer_time, peer_doc = _best(repeat, peer)
    # convgen's own accept/reject must agree with the peer engine's reading
    assert document_paragraphs(accept_all(ours_doc)) == new_text, case
    assert document_paragraphs(reject_all(ours_doc)) == old_text, case
    return {
        "case": case,
        "convgen": {
            "revisions": len(jubarte.get_revisions(ours_doc)),
            "seconds": ours_time,
            **_exactness(ours_doc, old_text, new_text),
        },
        "jubarte_redlines": {
            "revisions": len(jubarte.get_revisions(peer_doc)),
            "seconds": peer_time,
            **_exactness(peer_doc, old_text, new_text),
        },
        # convgen reviews from the two YAML files (load, check, render both, compare);
        # the peer starts from the two rendered documents
        "time_ratio": ours_time / peer_time,
    }


def _verdict(side: dict[str, object]) -> str:
    faults = [f"{key} ≠ ({side[key]})" for key in ("accept_all", "reject_all") if side[key]]
    return "exact" if not faults else "; ".join(faults)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="meilleur de N passages")
    parser.add_argument("--out", type=Path, help="écrire les résultats en JSON")
    options = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in ALL_CASES:
            folder = Path(tmp) / case
            folder.mkdir()
            results.append(run_case(folder, case, options.repeat))
    print(f"{'scénario':<22}{'convgen':>9}{'jubarte':>9}{'temps c/j':>11}  exactitude")
    for result in results:
        ours, peer = result["convgen"], result["jubarte_redlines"]
        print(
            f"{result['case']:<22}{ours['revisions']:>9}{peer['revisions']:>9}"
            f"{result['time_ratio']:>10.2f}×  convgen : {_verdict(ours)} ; "
            f"jubarte : {_verdict(peer)}"
        )
    total_ours = sum(r["convgen"]["revisions"] for r in results)
    total_peer = sum(r["jubarte_redlines"]["revisions"] for r in results)
    print(f"révisions au total : convgen {total_ours}, jubarte-redlines {total_peer}")
    if options.out:
        summary = {
            "revisions_vs_jubarte": total_ours / total_peer,
            "cases": results,
            "jubarte_redlines": getattr(jubarte, "__version__", "inconnue"),
        }
        options.out.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
