"""Annexes the signature-ready PDF must carry: files that exist, stay inside the
project, are regular files under a valid path, can be read, and annexes that are
provided at all."""

from __future__ import annotations

from collections.abc import Iterator

from convgen.checking.rules.registry import Issue, rule
from convgen.foundation.findings import Severity
from convgen.foundation.paths import project_root
from convgen.model.annexes import (
    BAD_PATH,
    MISSING,
    NOT_A_FILE,
    NOT_PROVIDED,
    OUTSIDE,
    UNREADABLE,
    annex_source,
    written_in,
    written_path,
)
from convgen.model.convention import Convention

_SUMMARIES = {
    MISSING: "fichier introuvable",
    OUTSIDE: "fichier hors du projet",
    UNREADABLE: "fichier inutilisable",
    BAD_PATH: "chemin invalide",
    NOT_A_FILE: "pas un fichier ordinaire",
}
# Refused before anything is read: an error in a draft as in a final version.
_REFUSED = {OUTSIDE, BAD_PATH, NOT_A_FILE}


def _severity(convention: Convention) -> Severity:
    # like a gap: a draft may circulate without its annexes, a final version may not
    return Severity.ERROR if convention.is_final else Severity.WARNING


def _issues(convention: Convention, code: str) -> Iterator[Issue]:
    if not convention.annexes:
        return
    root = project_root(convention.source.file)
    for annex in convention.annexes:
        written = written_path(convention, annex)
        source = annex_source(written_in(convention, annex), annex, root, written)
        if source.code != code or source.problem is None:
            continue
        in_place = (
            ""
            if convention.is_final
            else " ; le PDF du projet porte à sa place une page « pièce non jointe »"
        )
        if code == NOT_PROVIDED:
            yield Issue(
                annex.path,
                source.problem + in_place,
                severity=_severity(convention),
                key=True,
                summary="pièce à fournir",
            )
            continue
        yield Issue(
            (*annex.path, "file"),
            source.problem + ("" if code in _REFUSED else in_place),
            severity=Severity.ERROR if code in _REFUSED else _severity(convention),
            summary=_SUMMARIES[code],
        )


@rule("CG701", "annex-file-missing", Severity.WARNING, "Fichier d'annexe introuvable")
def annex_file_missing(convention: Convention) -> Iterator[Issue]:
    """Le fichier d'une annexe (``file``, relatif au fichier YAML) doit exister : il
    est joint au PDF à signer. Avertissement dans un projet, dont le PDF porte
    une page « pièce non jointe » à la place ; erreur dans une version finale,
    dont la génération est alors refusée."""
    yield from _issues(convention, MISSING)


@rule("CG702", "annex-outside-project", Severity.ERROR, "Fichier d'annexe hors du projet")
def annex_outside_project(convention: Convention) -> Iterator[Issue]:
    """Le fichier d'une annexe doit se trouver dans le dossier du projet (le dossier
    du fichier YAML, ou le plus proche au-dessus qui contient ``convgen.toml``,
    ``pyproject.toml`` ou ``.git``) : ni chemin absolu, ni « .. » ni lien
    symbolique qui en sorte. Un fichier YAML reçu par courriel ne doit pas
    faire joindre au PDF un fichier pris ailleurs sur le disque. convgen ne
    lit pas ce fichier."""
    yield from _issues(convention, OUTSIDE)


@rule("CG703", "annex-file-unreadable", Severity.WARNING, "Fichier d'annexe inutilisable")
def annex_file_unreadable(convention: Convention) -> Iterator[Issue]:
    """Une annexe jointe est un PDF (ajouté tel quel) ou un document Word .docx
    (converti en PDF) lisible : pas un autre format, pas un PDF protégé par
    un mot de passe ni endommagé. Avertissement dans un projet, erreur dans
    une version finale."""
    yield from _issues(convention, UNREADABLE)


@rule("CG704", "annex-not-provided", Severity.WARNING, "Annexe non fournie")
def annex_not_provided(convention: Convention) -> Iterator[Issue]:
    """Une annexe listée doit avoir un fichier (``file``) ou un contenu imprimé
    (``body``) : sinon le PDF à signer ne peut pas la contenir. Avertissement
    dans un projet, dont le PDF porte une page « pièce non jointe » ; erreur
    dans une version finale."""
    yield from _issues(convention, NOT_PROVIDED)


@rule("CG705", "annex-path-invalid", Severity.ERROR, "Chemin d'annexe invalide")
def annex_path_invalid(convention: Convention) -> Iterator[Issue]:
    """Le chemin du fichier d'une annexe doit pouvoir nommer un fichier : pas de
    caractère nul, pas de nom de plus de 255 octets ni de chemin de plus de
    4096 octets, pas de liens symboliques qui bouclent (un lien qui mène à
    lui-même, directement ou par d'autres). Le message dit lequel ; convgen
    ne lit rien à ce chemin. Erreur, dans un projet comme dans une version
    finale."""
    yield from _issues(convention, BAD_PATH)


@rule("CG706", "annex-not-a-file", Severity.ERROR, "Annexe qui n'est pas un fichier ordinaire")
def annex_not_a_file(convention: Convention) -> Iterator[Issue]:
    """Le fichier d'une annexe doit être un fichier ordinaire : pas un dossier,
    ni un tube nommé (FIFO, dont la lecture attendrait sans fin), ni un
    périphérique comme ``/dev/zero`` (sans fin lui aussi), ni une socket, y
    compris par un lien symbolique. convgen le vérifie sans l'ouvrir et ne le
    lit pas. Erreur, dans un projet comme dans une version finale."""
    yield from _issues(convention, NOT_A_FILE)
