"""The ``convgen`` command line: parse options, call the library, report, exit.

Exit status: 0 clean, 1 findings at error level (or a refused build),
2 usage error or input that cannot be read.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

import click

from . import __version__

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

F = TypeVar("F", bound=Callable[..., object])


def _fail(error: Exception) -> None:
    click.echo(f"convgen : {error}", err=True)
    sys.exit(EXIT_USAGE)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="convgen")
def main() -> None:
    """Conventions multipartites et délibérations : vérification et génération Word."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--strict", is_flag=True, help="Traiter chaque avertissement comme une erreur.")
def check(paths: tuple[str, ...], strict: bool) -> None:
    """Vérifier des conventions (fichiers YAML ou dossiers).

    Signale les mentions à compléter (« ... % », « À définir »…) et les
    incohérences, avec fichier, ligne et colonne.
    """
    from .check import check_paths
    from .report import format_check

    results = check_paths(paths, strict=strict)
    if not results:
        click.echo("convgen : aucun fichier YAML trouvé", err=True)
        sys.exit(EXIT_USAGE)
    for result in results:
        if result.error is not None:
            click.echo(f"convgen : {result.error}", err=True)
    readable = [r for r in results if r.error is None]
    colour = sys.stdout.isatty()
    if readable:
        click.echo(format_check(readable, colour=colour), color=colour)
    if any(r.error is not None for r in results):
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FINDINGS if any(r.has_errors for r in results) else EXIT_OK)


@main.command()
@click.argument("source", type=click.Path(path_type=str))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=str),
    help="Fichier .docx à écrire, ou dossier (par défaut : à côté du YAML).",
)
@click.option(
    "--template",
    type=click.Path(exists=True, dir_okay=False, path_type=str),
    help="Modèle Word (.docx) d'une institution, utilisant les mêmes variables.",
)
@click.option("--strict", is_flag=True, help="Traiter chaque avertissement comme une erreur.")
def build(source: str, output: str | None, template: str | None, strict: bool) -> None:
    """Générer le document Word d'une convention.

    Un projet est généré avec ses lacunes surlignées et « PROJET » en
    en-tête ; une version finale qui comporte des erreurs est refusée.
    """
    from .build import build_file
    from .errors import ConvgenError
    from .report import format_build

    try:
        result = build_file(source, output=output, template=template, strict=strict)
    except ConvgenError as exc:
        _fail(exc)
        return
    if result.check.error is not None:
        _fail(result.check.error)
    colour = sys.stdout.isatty()
    click.echo(format_build(result, colour=colour), color=colour)
    sys.exit(EXIT_FINDINGS if result.refused else EXIT_OK)
