"""Time of the signature-ready PDF, per document, for 1 and for N documents.

    python benchmarks/pdf.py [--n 20] [--repeat 3] [--out FILE]

Builds N copies of conventions/saint-dizier.yaml, each with its own title
(and its Word note converted, its PDF annex appended, a placeholder page:
the annexes are the same for all, and converted once) with ``build_paths``
and ``--pdf``, at ``-j 1`` and at ``-j 2``, and compares in the same run with
baselines on the same rendered .docx files:

- ``soffice_batch``: one bare ``soffice --convert-to`` converting them all
  (the floor: conversion alone, no annexes, no assembly), with convgen's
  export options (tagged PDF), so that LibreOffice does the same work;
- ``soffice_each``: one ``soffice`` process per document (what converting
  them one by one costs; for 1 document, the floor).

Each time is the median of ``--repeat`` runs (the machine's other work moves a single
run by a tenth or more), but for ``soffice_each`` of N documents, run once: it is not
compared with the objectives and takes N LibreOffice starts. Prints seconds per
document and ratios (lower is better).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from convgen.building.build import BuildOptions, build_paths
from convgen.pdf import libreoffice

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "conventions" / "saint-dizier.yaml"


def _copies(folder: Path, n: int) -> list[Path]:
    shutil.copytree(ROOT / "conventions" / "annexes", folder / "annexes")
    text = SOURCE.read_text(encoding="utf-8")
    paths = []
    line = "  name: Maison des compétences de Saint-Dizier, Der & Blaise\n"
    for index in range(n):
        path = folder / f"ville-{index:03d}.yaml"
        # each copy its own title, so that no two main documents are the same
        path.write_text(text.replace(line, f"{line[:-1]} ({index})\n", 1), encoding="utf-8")
        paths.append(path)
    return paths


# convgen's own export options when it has them (tagged PDF), else LibreOffice's defaults
_FILTER = (
    libreoffice.filter_options(pdfa=False) if hasattr(libreoffice, "filter_options") else "pdf"
)


def _soffice(files: list[Path], outdir: Path, profile: Path) -> None:
    subprocess.run(
        [
            libreoffice.find_soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            _FILTER,
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )


def _build(sources: list[Path], output: Path, jobs: int) -> tuple[float, list[Path]]:
    start = time.perf_counter()
    options = BuildOptions(output=f"{output}/", pdf=True, rebuild=True)
    results = build_paths(sources, options, jobs=jobs)
    took = time.perf_counter() - start
    assert all(r.pdf is not None for r in results), [r.pdf_error for r in results]
    return took, [r.output for r in results if r.output is not None]


def _timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def measure(n: int, repeat: int = 3) -> dict[str, float]:
    """Seconds per document for convgen (-j 1, -j 2) and the baselines, on ``n`` documents:
    each the median of ``repeat`` runs, the runs of the four interleaved."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sources = _copies(work / "projet", n)
        _, docx = _build(sources, work / "sorties", 1)
        runs: dict[str, list[float]] = {"j1": [], "j2": [], "batch": [], "each": []}
        for turn in range(repeat):
            runs["j1"].append(_build(sources, work / f"sorties-{turn}", 1)[0])
            runs["j2"].append(_build(sources, work / f"sorties-j2-{turn}", 2)[0])
            runs["batch"].append(
                _timed(lambda: _soffice(docx, work / "batch", work / f"profil-batch-{turn}"))  # noqa: B023 - called at once
            )
            if n == 1 or turn == 0:
                runs["each"].append(
                    _timed(
                        lambda: [
                            _soffice([file], work / "each", work / f"profil-{turn}-{index}")  # noqa: B023
                            for index, file in enumerate(docx)
                        ]
                    )
                )
        convgen, convgen_j2 = statistics.median(runs["j1"]), statistics.median(runs["j2"])
        batch, each = statistics.median(runs["batch"]), statistics.median(runs["each"])
    return {
        "convgen_per_document": convgen / n,
        "convgen_j2_per_document": convgen_j2 / n,
        "soffice_batch_per_document": batch / n,
        "soffice_each_per_document": each / n,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="nombre de documents (défaut : 20)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="mesures dont on prend la médiane (défaut : 3)"
    )
    parser.add_argument("--out", type=Path, help="écrire les résultats en JSON")
    options = parser.parse_args(argv)
    if options.repeat < 1 or options.n < 1:
        parser.error("--n et --repeat : au moins 1")
    if not libreoffice.available():
        print(f"LibreOffice introuvable : {libreoffice.INSTALL_HINT}", file=sys.stderr)
        return 2
    one, many = measure(1, options.repeat), measure(options.n, options.repeat)
    print(
        f"{'documents':<12}{'convgen -j 1':>14}{'convgen -j 2':>14}"
        f"{'soffice, 1 lancement':>24}{'soffice, N lancements':>25}"
    )
    for label, row in (("1", one), (str(options.n), many)):
        print(
            f"{label:<12}{row['convgen_per_document']:>12.3f} s"
            f"{row['convgen_j2_per_document']:>12.3f} s"
            f"{row['soffice_batch_per_document']:>22.3f} s"
            f"{row['soffice_each_per_document']:>23.3f} s"
        )
    summary = {
        "n": options.n,
        "repeat": options.repeat,
        "one": one,
        "many": many,
        # per-document time of N documents against 1 document: the start is shared
        "many_vs_one": many["convgen_per_document"] / one["convgen_per_document"],
        "pdf_vs_soffice": many["convgen_per_document"] / many["soffice_batch_per_document"],
        "pdf_j2_vs_soffice": many["convgen_j2_per_document"] / many["soffice_batch_per_document"],
        # one document against one bare soffice converting its .docx
        "one_vs_soffice": one["convgen_per_document"] / one["soffice_each_per_document"],
        "pdf_vs_soffice_each": many["convgen_per_document"] / many["soffice_each_per_document"],
    }
    print(
        f"convgen, par document : {options.n} documents / 1 = {summary['many_vs_one']:.2f} ; "
        f"face à soffice en un lancement : -j 1 = {summary['pdf_vs_soffice']:.2f}, "
        f"-j 2 = {summary['pdf_j2_vs_soffice']:.2f} ; "
        f"face à un lancement par document = {summary['pdf_vs_soffice_each']:.2f} ; "
        f"un document face à soffice = {summary['one_vs_soffice']:.2f}"
    )
    if options.out:
        options.out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
