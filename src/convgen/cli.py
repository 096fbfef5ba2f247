"""The ``convgen`` command line: parse options, call the library, report, exit.

Exit status: 0 clean (or, for ``build``, the document was written), 1
findings at error level (or a refused build), 2 usage error, input that
cannot be read or output that cannot be written, 130 interrupted (Ctrl-C),
143 terminated (SIGTERM).

Each command parses its options, calls one function of the library, hands what it
returns to a reporter (:mod:`convgen.reporting`) and exits. The library is imported
inside the commands: checking alone takes a third of a second to import (the rules, the
JSON schemas, pypdf), rendering more (docxtpl, lxml), and ``convgen --help`` starts at
once.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from convgen import __version__
from convgen.foundation.errors import ConvgenError
from convgen.reporting import (
    FORMATS,
    REVIEW_FORMATS,
    RULES_FORMATS,
    AvenantReporter,
    build_reporter,
    reporter,
    review_reporter,
    rules_reporter,
    terminal,
)
from convgen.reporting.terminal import colours, visible

if TYPE_CHECKING:
    from convgen.checking.check import CheckResult
    from convgen.checking.config import Config

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 128 + signal.SIGINT
EXIT_TERMINATED = 128 + signal.SIGTERM


# --- help in French -------------------------------------------------------------------
#
# Click writes its help's frame in English (« Usage: », « Show this message and exit. »,
# « [default: text] », PATH, INTEGER). These classes say the same in French; every
# command, option and help of convgen goes through them.

_SECTIONS = {"Options": "Options", "Commands": "Commandes", "Positional arguments": "Arguments"}
_METAVARS = {"path": "CHEMIN", "integer": "ENTIER", "text": "TEXTE", "float": "NOMBRE"}
# a non-breaking space before « : », as French typography has it
_NBSP = "\u00a0"
_EXTRAS = (
    ("default: ", f"par défaut{_NBSP}: "),
    ("required", "obligatoire"),
    ("env var: ", f"variable{_NBSP}: "),
)


class _Formatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "Utilisation : " if prefix is None else prefix)

    @contextlib.contextmanager
    def section(self, name: str) -> Any:
        with super().section(_SECTIONS.get(name, name)):
            yield


class _Context(click.Context):
    formatter_class = _Formatter


class _Option(click.Option):
    """An option whose help says its value's kind and default in French."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.metavar is None and not self.is_flag and self.type.name in _METAVARS:
            self.metavar = _METAVARS[self.type.name]

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        if record is None:
            return None
        names, help_text = record
        head, bracket, extra = help_text.rpartition("  [")
        if bracket and extra.endswith("]"):
            for english, french_text in _EXTRAS:
                extra = extra.replace(english, french_text)
            help_text = f"{head}{bracket}{extra}"
        return names, help_text


def _french_help_option(option: click.Option | None) -> click.Option | None:
    if option is not None:
        option.help = "Afficher cette aide et quitter."
    return option


class _Command(click.Command):
    context_class = _Context

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _french_help_option(super().get_help_option(ctx))


option = functools.partial(click.option, cls=_Option)

config_option = option(
    "--config",
    "config_file",
    type=click.Path(readable=False, path_type=str),
    help="Fichier de configuration (convgen.toml ou pyproject.toml) ; "
    "par défaut le plus proche du dossier courant.",
)
format_option = option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text pour les personnes, json (stable, docs/json.md), github (annotations "
    "GitHub Actions), sarif (SARIF 2.1.0).",
)
strict_option = option(
    "--strict", is_flag=True, help="Traiter chaque avertissement comme une erreur."
)


def _say(message: object) -> None:
    """One line on stderr, « convgen : … », nothing in it a terminal would obey."""
    click.echo(f"convgen : {visible(message)}", err=True)


def _fail(error: Exception | str) -> NoReturn:
    _say(error)
    sys.exit(EXIT_USAGE)


class _Terminated(BaseException):
    """SIGTERM, turned into an exception so that what is under way is cleaned up."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise _Terminated


def _forgiving(stream: Any) -> None:
    """Never let a character the terminal's encoding lacks turn a report into a traceback."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):
            reconfigure(errors="backslashreplace")


def _param_name(param: click.Parameter | None) -> str:
    if param is None:
        return "?"
    if isinstance(param, click.Option):
        return "/".join(param.opts)
    # « [TYPE] », « SOURCES... » in the usage line; « TYPE », « SOURCES » in a message
    return (param.metavar or (param.name or "?").upper()).strip("[]").removesuffix("...")


def _usage_in_french(exc: click.UsageError) -> str:
    """Click's usage errors, said in French from what the exception carries (never its
    English text): the command, then what is wrong."""
    where = exc.ctx.command_path if exc.ctx is not None else "convgen"
    if isinstance(exc, click.NoSuchOption):
        known = sorted(exc.possibilities or ())
        hint = f" (vouliez-vous dire {', '.join(known)} ?)" if known else ""
        return f"{where} : option inconnue {exc.option_name}{hint}"
    if isinstance(exc, click.MissingParameter):
        what = "option" if isinstance(exc.param, click.Option) else "argument"
        return f"{where} : {what} manquant : {_param_name(exc.param)}"
    if isinstance(exc, click.BadParameter):
        choices = getattr(exc.param.type, "choices", None) if exc.param is not None else None
        allowed = f" ; valeurs permises : {', '.join(map(str, choices))}" if choices else ""
        if exc.param is not None and isinstance(exc.param.type, click.types.IntParamType):
            allowed = " (un nombre entier attendu)"
        return f"{where} : valeur invalide pour {_param_name(exc.param)}{allowed}"
    if isinstance(exc, click.BadOptionUsage):
        return f"{where} : option {exc.option_name} mal employée (une valeur manque-t-elle ?)"
    if exc.message.startswith("No such command"):
        commands = ", ".join(sorted(getattr(exc.ctx.command, "commands", {}))) if exc.ctx else ""
        return f"{where} : commande inconnue ; commandes : {commands}"
    if exc.message.startswith("Got unexpected extra argument"):
        return f"{where} : argument en trop"
    return f"{where} : usage incorrect"


class _Main(click.Group):
    """The command group, run so that Ctrl-C is « convgen : interrompu » and status 130,
    never click's « Aborted! » and status 1, and SIGTERM cleans up as Ctrl-C does."""

    context_class = _Context
    command_class = _Command
    group_class = type  # a sub-group is a group like this one

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _french_help_option(super().get_help_option(ctx))

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        _forgiving(sys.stdout)
        _forgiving(sys.stderr)
        previous = None
        with contextlib.suppress(ValueError):  # not the main thread: leave SIGTERM alone
            previous = signal.signal(signal.SIGTERM, _on_sigterm)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except (KeyboardInterrupt, click.Abort):
            _say("interrompu")
            sys.exit(EXIT_INTERRUPTED)
        except _Terminated:
            _say("arrêté (SIGTERM)")
            sys.exit(EXIT_TERMINATED)
        except click.exceptions.NoArgsIsHelpError as exc:
            # « convgen » alone, « convgen new » with nothing to say what: its help, in
            # French, as asked for by -h (click's own text would be the English usage)
            click.echo(exc.ctx.get_help() if exc.ctx is not None else "")
            sys.exit(EXIT_OK)
        except click.UsageError as exc:
            click.echo(visible(_usage_in_french(exc)), err=True)
            if exc.ctx is not None:
                click.echo(f"Aide : {exc.ctx.command_path} --help", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise
            sys.exit(EXIT_FINDINGS)  # the reader went away (| head): nothing more to say
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
        sys.exit(code if isinstance(code, int) else EXIT_OK)


def _config(config_file: str | None) -> Config:
    from convgen.checking.config import load  # slow to import (start-up: see above)

    try:
        return load(config_file)
    except ConvgenError as exc:
        _fail(exc)


@click.group(
    cls=_Main,
    context_settings={"help_option_names": ["-h", "--help"]},
    subcommand_metavar="COMMANDE [ARGUMENTS]...",
)
@click.version_option(
    __version__,
    prog_name="convgen",
    message="%(prog)s, version %(version)s",
    help="Afficher la version et quitter.",
)
def main() -> None:
    """Conventions multipartites et délibérations : vérification et génération Word."""


@main.command()
@click.argument(
    "paths",
    nargs=-1,
    required=True,
    metavar="CHEMINS...",
    type=click.Path(readable=False, path_type=str),
)
@format_option
@strict_option
@config_option
@option(
    "--skip-other-yaml",
    is_flag=True,
    help="Passer sous silence les fichiers YAML qui ne sont pas des documents convgen "
    "(pour un crochet pre-commit sur tous les YAML).",
)
@option(
    "--with-dependents",
    is_flag=True,
    help="Pour un modèle ou une partie partagée, vérifier aussi chaque document du projet "
    "qui l'utilise (« extends », « - use: »).",
)
def check(
    paths: tuple[str, ...],
    output_format: str,
    strict: bool,
    config_file: str | None,
    skip_other_yaml: bool,
    with_dependents: bool,
) -> None:
    """Vérifier des conventions, des délibérations et des avenants (fichiers YAML ou dossiers).

    Signale les mentions à compléter (« ... % », « À définir »…) et les
    incohérences, avec fichier, ligne et colonne, puis ce que chaque partie
    doit encore fournir avant la signature.
    """
    # slow to import (start-up: see above); avenants are tried on the text they amend
    from convgen.building.verification import check_paths

    config = _config(config_file)
    results = check_paths(
        paths,
        strict=strict,
        config=config,
        skip_other_yaml=skip_other_yaml,
        with_dependents=with_dependents,
    )
    if not results and not skip_other_yaml:
        _fail("aucun fichier YAML trouvé")
    _report_check(results, output_format)


def _report_check(results: Sequence[CheckResult], output_format: str) -> NoReturn:
    """Report check results in ``output_format``, and exit: 2 if a file could not be
    read, 1 for findings at error level, else 0."""
    # an unreadable file is one line on stderr, whatever the format (the machine
    # formats carry it too, as a finding)
    for result in results:
        if result.error is not None:
            _say(result.error)
    chosen = reporter(output_format, colour=colours(sys.stdout))
    report = chosen.report(results)
    if report:
        click.echo(report, color=chosen.colour)
    if any(r.error is not None for r in results):
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FINDINGS if any(r.has_errors for r in results) else EXIT_OK)


@main.command()
@click.argument(
    "sources",
    nargs=-1,
    required=True,
    metavar="SOURCES...",
    type=click.Path(readable=False, path_type=str),
)
@option(
    "-o",
    "--output",
    type=click.Path(readable=False, path_type=str),
    help="Fichier .docx à écrire, ou dossier (par défaut : à côté du YAML).",
)
@option(
    "--template",
    type=click.Path(readable=False, path_type=str),
    help="Modèle Word (.docx) d'une institution, utilisant les mêmes variables.",
)
@option(
    "--pdf",
    "pdf",
    is_flag=True,
    help="Écrire aussi le PDF à signer, annexes jointes (LibreOffice).",
)
@option("--pdf-only", is_flag=True, help="N'écrire que le PDF, pas le .docx.")
@option(
    "--pdfa",
    is_flag=True,
    help="PDF/A-2 (2a s'il est entièrement balisé), pour l'archivage et la transmission.",
)
@option(
    "--no-signature-fields",
    "no_signature_fields",
    is_flag=True,
    help="Pas de champ de signature électronique dans le PDF.",
)
@option(
    "-j",
    "--jobs",
    type=int,
    default=None,
    help="Documents générés en parallèle (par défaut : autant que de processeurs ; "
    "au plus quatre par processeur).",
)
@option("--rebuild", is_flag=True, help="Régénérer même ce qui est à jour.")
@option(
    "--force",
    is_flag=True,
    help="Remplacer aussi un fichier généré d'une version finale.",
)
@option(
    "--comments",
    type=click.Choice(["errors", "warnings", "all", "none"]),
    metavar="NIVEAU",
    default="warnings",
    show_default=True,
    help="Constats écrits en commentaires Word dans un projet, sur les mots qu'ils "
    "concernent : errors (les erreurs), warnings (erreurs et avertissements), all (aussi "
    "les informations), none (aucun). Une version finale n'en porte jamais.",
)
@option("--no-comments", is_flag=True, help="N'écrire aucun constat en commentaire.")
@strict_option
@config_option
def build(
    sources: tuple[str, ...],
    output: str | None,
    template: str | None,
    pdf: bool,
    pdf_only: bool,
    pdfa: bool,
    no_signature_fields: bool,
    jobs: int | None,
    rebuild: bool,
    force: bool,
    comments: str,
    no_comments: bool,
    strict: bool,
    config_file: str | None,
) -> None:
    """Générer les documents Word de conventions, de délibérations ou d'avenants, et leur PDF.

    SOURCES : des fichiers YAML, ou des dossiers dont toutes les conventions,
    délibérations et avenants sont générés (pas les parties partagées ni les modèles).

    Un projet est généré avec ses lacunes surlignées et « PROJET » en
    en-tête, ses erreurs listées ; une version finale qui comporte une erreur
    est refusée, comme tout document dont un renvoi ne mène nulle part. Un
    document dont les fichiers sont plus récents que tout ce dont ils sont
    faits est à jour et n'est pas régénéré.

    Avec --pdf, le PDF à signer est écrit à côté du .docx : le document puis
    ses annexes dans l'ordre déclaré, avec signets, numéros de page et
    propriétés, balisé (PDF/UA-1), chaque page d'annexe marquée « Annexe N »,
    et un champ de signature vide par signataire. Les documents sont convertis
    par un LibreOffice lancé une fois pour la commande (un par tâche de -j).

    Les erreurs et avertissements d'un projet sont écrits en commentaires Word,
    auteur « convgen », sur les mots qu'ils concernent ; son PDF les imprime en
    notes de bas de page.
    """
    # slow to import (start-up: see above)
    from convgen.building.build import (
        COMMENT_LEVELS,
        BuildOptions,
        build_paths,
        max_jobs,
        sources_of,
    )

    if jobs is not None and jobs < 1:
        _fail(f"-j : {jobs} n'est pas un nombre de documents en parallèle (au moins 1)")
    context = click.get_current_context()
    if no_comments and context.get_parameter_source("comments") is not (
        click.core.ParameterSource.DEFAULT
    ):
        _fail("--comments et --no-comments s'excluent : choisissez l'un des deux")
    config = _config(config_file)
    options = BuildOptions(
        output=output,
        template=template,
        strict=strict,
        config=config,
        docx=not pdf_only,
        pdf=pdf or pdf_only or pdfa,
        pdfa=pdfa,
        rebuild=rebuild,
        force=force,
        signature_fields=not no_signature_fields,
        comments=COMMENT_LEVELS["none" if no_comments else comments],
    )
    workers = min(jobs or os.cpu_count() or 1, max_jobs())
    try:
        count = len(sources_of(sources))
        if count > 1 and terminal.interactive(sys.stderr):
            with click.progressbar(
                length=count, label="Génération", file=sys.stderr, show_pos=True
            ) as bar:
                results = build_paths(
                    sources, options, jobs=workers, progress=lambda _: bar.update(1)
                )
        else:
            results = build_paths(sources, options, jobs=workers)
    except ConvgenError as exc:
        _fail(exc)
    unreadable = [r for r in results if r.check.error is not None]
    for result in unreadable:
        _say(result.check.error)
    chosen = build_reporter(colour=colours(sys.stdout), pdfa=pdfa)
    report = chosen.report(results)
    if report:
        click.echo(report, color=chosen.colour)
    unwritable = [r for r in results if r.unwritable]
    for result in unwritable:
        _say(result.reason if result.refused else result.pdf_error)
    if unreadable or unwritable:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FINDINGS if any(r.failed for r in results) else EXIT_OK)


@main.command()
@option(
    "--format",
    "output_format",
    type=click.Choice(RULES_FORMATS),
    default="text",
    show_default=True,
    help="markdown produit docs/rules.md.",
)
def rules(output_format: str) -> None:
    """Lister les codes des constats, leur sévérité et leur titre."""
    click.echo(rules_reporter(output_format).report(None))


@main.command()
@click.argument(
    "kind",
    type=click.Choice(["convention", "deliberation", "avenant", "party", "model", "common"]),
    default="convention",
    metavar="[TYPE]",
)
def schema(kind: str) -> None:
    """Afficher le schéma JSON d'un type de document (pour un éditeur ou un autre outil),
    complet : les définitions communes y sont recopiées, il se lit seul où qu'on l'écrive."""
    # slow to import (start-up: see above): the JSON schemas' library
    from convgen.foundation.resources import bundled_text

    click.echo(bundled_text(kind), nl=False)


@main.command()
@click.argument("kind", metavar="TYPE", type=click.Choice(["convention", "deliberation"]))
@click.argument("name", metavar="NOM")
@option(
    "-o",
    "--output",
    type=click.Path(readable=False, path_type=str),
    help="Fichier ou dossier où écrire (par défaut : NOM.yaml dans le dossier courant).",
)
def new(kind: str, name: str, output: str | None) -> None:
    """Écrire un nouveau document avec toutes ses sections, lacunes marquées.

    Exemples : convgen new convention "Maison des compétences de Chaumont" ;
    convgen new deliberation "Approbation du contrat territorial"
    """
    from convgen.building.skeleton import write_skeleton  # slow to import (start-up: see above)

    try:
        written = write_skeleton(kind, name, output)
    except ConvgenError as exc:
        _fail(exc)
    target = written.path
    click.echo(f"Écrit : {target} — complétez-le, puis : convgen check {target}")
    if written.schema is not None:
        schema = written.schema
        with contextlib.suppress(ValueError):  # shown as the user would type it
            schema = schema.relative_to(Path.cwd())
        click.echo(
            f"Écrit aussi : {schema} — le schéma que l'éditeur lit pour signaler "
            "les lacunes et les erreurs pendant la saisie (docs/editeurs.md)"
        )


@main.command()
@click.argument("old", metavar="ANCIENNE")
@click.argument("new", metavar="NOUVELLE")
@option(
    "--format",
    "output_format",
    type=click.Choice(REVIEW_FORMATS),
    default="text",
    show_default=True,
    help="Résumé des modifications : texte (en couleur sur un terminal), Markdown ou JSON.",
)
@option(
    "--docx",
    "docx_out",
    type=click.Path(readable=False, path_type=str),
    help="Écrire NOUVELLE avec des modifications suivies (Word, LibreOffice) par rapport "
    "à ANCIENNE.",
)
@option(
    "--html",
    "html_out",
    type=click.Path(readable=False, path_type=str),
    help="Écrire une page web autonome : le résumé, puis le document annoté.",
)
@option(
    "--force",
    is_flag=True,
    help="Remplacer aussi un fichier généré d'une version finale.",
)
@option("--author", default="convgen", show_default=True, help="Auteur des révisions.")
@option("--date", "when", help="Date des révisions (AAAA-MM-JJ) ; par défaut aujourd'hui.")
@option(
    "--template",
    type=click.Path(readable=False, path_type=str),
    help="Modèle Word des deux versions.",
)
@config_option
def diff(
    old: str,
    new: str,
    output_format: str,
    docx_out: str | None,
    html_out: str | None,
    force: bool,
    author: str,
    when: str | None,
    template: str | None,
    config_file: str | None,
) -> None:
    """Comparer deux versions d'une convention, d'une délibération ou d'un avenant.

    ANCIENNE et NOUVELLE sont des fichiers ou des révisions git
    (HEAD~1:conventions/saint-dizier.yaml). Statut : 0 identiques,
    1 différentes, 2 erreur.
    """
    # slow to import (start-up: see above)
    from convgen import review
    from convgen.reporting.review import format_written

    config = _config(config_file)
    try:
        outcome = review.run(
            old,
            new,
            docx=docx_out,
            html=html_out,
            author=author,
            day=when,
            template=template,
            force=force,
            config=config,
        )
    except ConvgenError as exc:
        _fail(exc)
    chosen = review_reporter(output_format, colour=colours(sys.stdout))
    click.echo(chosen.report(outcome.review), color=chosen.colour)
    for line in format_written(outcome):
        click.echo(line, err=True)
    if outcome.unformatted is not None:
        _fail(outcome.unformatted)
    sys.exit(EXIT_OK if outcome.review.identical else EXIT_FINDINGS)


@main.command()
@click.argument("old", metavar="SIGNEE")
@click.argument("new", metavar="MODIFIEE")
@option(
    "-o",
    "--output",
    type=click.Path(readable=False, path_type=str),
    help="Fichier .docx de l'avenant à écrire.",
)
@option("--number", type=int, default=1, show_default=True, help="Numéro de l'avenant.")
@option(
    "--yaml",
    "yaml_out",
    type=click.Path(readable=False, path_type=str),
    help="Écrire aussi l'avenant en YAML (document: avenant), à relire et compléter.",
)
@option("--pdf", is_flag=True, help="Écrire aussi le PDF de l'avenant (LibreOffice).")
@option(
    "--template",
    type=click.Path(readable=False, path_type=str),
    help="Modèle Word d'une institution (celui des conventions).",
)
@option("--force", is_flag=True, help="Remplacer aussi un fichier généré d'une version finale.")
@config_option
def avenant(
    old: str,
    new: str,
    output: str | None,
    number: int,
    yaml_out: str | None,
    pdf: bool,
    template: str | None,
    force: bool,
    config_file: str | None,
) -> None:
    """Écrire l'avenant qui fait de la convention signée sa version modifiée.

    SIGNEE est la version signée (status: final), MODIFIEE le texte modifié : des
    fichiers ou des révisions git (v1-signee:conventions/saint-dizier.yaml). Une
    modification par endroit du texte signé, rédigée à la française ; les numéros
    des articles restent ceux du texte signé (un article inséré est « 6 bis »).
    L'avenant n'est écrit que s'il est prouvé : appliqué au texte signé, il donne
    exactement MODIFIEE. Statut : 0 écrit, 1 refusé, 2 erreur.
    """
    from convgen.review.avenant import write_avenant  # slow to import (start-up: see above)

    if output is None and yaml_out is None:
        _fail("convgen avenant : indiquez où écrire l'avenant (-o avenant.docx, --yaml …)")
    config = _config(config_file)
    try:
        run = write_avenant(
            old,
            new,
            output=output,
            number=number,
            yaml_out=yaml_out,
            pdf=pdf,
            template=template,
            force=force,
            config=config,
        )
    except ConvgenError as exc:
        _fail(exc)
    chosen = AvenantReporter(colour=colours(sys.stdout))
    report = chosen.report(run)
    if report:
        click.echo(report, color=chosen.colour)
    if run.refused is not None:
        _say(f"avenant refusé : {run.refused}")
        sys.exit(EXIT_FINDINGS)
    if run.pdf_error:
        _say(run.pdf_error)
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


@main.group(subcommand_metavar="COMMANDE [ARGUMENTS]...")
def template() -> None:
    """Modèles Word d'une institution (--template de convgen build)."""


@template.command("check")
@click.argument("file", metavar="MODELE.docx", type=click.Path(readable=False, path_type=Path))
@option(
    "--kind",
    type=click.Choice(["convention", "deliberation"]),
    default=None,
    help="Le type de document que le modèle met en forme.",
)
@format_option
def template_check(file: Path, kind: str | None, output_format: str) -> None:
    """Vérifier qu'un modèle Word (.docx) se prête à la génération.

    Statut : 0 sans erreur, 1 erreurs, 2 modèle illisible.
    """
    # slow to import (start-up: see above): docxtpl, lxml
    from convgen.checking.check import CheckResult
    from convgen.rendering.template_check import check_template

    try:
        result = CheckResult(file, check_template(file, kind))
    except ConvgenError as exc:
        result = CheckResult(file, error=exc)
    _report_check([result], output_format)
