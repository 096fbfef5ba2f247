"""Annexes that are other convgen documents of the project (``document:``): the
document exists, stays in the project, is a convention or a deliberation, is valid
enough to be built and joined, does not lead back to the document that annexes it, and
is no draft annexed to a final version (CG707-CG713)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from convgen.checking.rules.registry import Issue, rule
from convgen.foundation import french
from convgen.foundation.findings import Severity
from convgen.model.convention import Annex, Convention
from convgen.model.documents import ANNEXABLE_KINDS, AnnexedDocument

CYCLE = "CG712"


def _annexed(convention: Convention) -> Iterator[tuple[Annex, AnnexedDocument]]:
    for annex in convention.annexes:
        if annex.annexed is not None:
            yield annex, annex.annexed


def _severity(convention: Convention) -> Severity:
    # like an annex file: a draft may circulate without it, a final version may not
    return Severity.ERROR if convention.is_final else Severity.WARNING


def _in_place(convention: Convention) -> str:
    if convention.is_final:
        return ""
    return " ; le PDF du projet porte à sa place une page « pièce non jointe »"


def _usable(annexed: AnnexedDocument) -> bool:
    """Followed, read, and of a kind convgen builds."""
    result = annexed.result
    return (
        result is not None
        and result.error is None
        and not annexed.cycle
        and annexed.kind in ANNEXABLE_KINDS
    )


@rule(
    "CG707",
    "annexed-document-missing",
    Severity.WARNING,
    "Document annexé introuvable",
)
def annexed_document_missing(convention: Convention) -> Iterator[Issue]:
    """Le document nommé par ``document`` (un autre fichier YAML du projet,
    relatif au fichier qui le nomme) doit exister : convgen le génère et joint
    son PDF à la suite de la convention. Avertissement dans un projet, dont le
    PDF porte une page « pièce non jointe » à la place ; erreur dans une
    version finale."""
    for _, annexed in _annexed(convention):
        if annexed.missing:
            yield Issue(
                annexed.path,
                f"document annexé introuvable : {annexed.written} (le chemin est relatif au "
                f"fichier YAML){_in_place(convention)}",
                severity=_severity(convention),
            )


@rule(
    "CG708",
    "annexed-document-refused",
    Severity.ERROR,
    "Document annexé hors du projet ou chemin invalide",
)
def annexed_document_refused(convention: Convention) -> Iterator[Issue]:
    """Le document annexé se trouve dans le dossier du projet, comme le fichier
    d'une annexe (CG702, CG705, CG706) : ni chemin absolu, ni « .. » ni lien
    symbolique qui en sorte, ni dossier, tube ou périphérique. convgen ne le
    lit pas. Erreur, dans un projet comme dans une version finale."""
    for _, annexed in _annexed(convention):
        if annexed.refused is not None:
            yield Issue(annexed.path, f"document annexé refusé : {annexed.refused}")


@rule("CG709", "annexed-document-unreadable", Severity.WARNING, "Document annexé illisible")
def annexed_document_unreadable(convention: Convention) -> Iterator[Issue]:
    """Le document annexé se lit : un fichier YAML bien formé, en UTF-8.
    Avertissement dans un projet, erreur dans une version finale."""
    for _, annexed in _annexed(convention):
        result = annexed.result
        if result is not None and result.error is not None:
            yield Issue(
                annexed.path,
                f"document annexé illisible ({annexed.written}) : {result.error}"
                f"{_in_place(convention)}",
                severity=_severity(convention),
            )


@rule(
    "CG710",
    "annexed-not-a-document",
    Severity.ERROR,
    "Annexe « document » qui n'est ni une convention ni une délibération",
)
def annexed_not_a_document(convention: Convention) -> Iterator[Issue]:
    """Le fichier nommé par ``document`` est un document que convgen génère seul :
    une convention (« document: convention ») ou une délibération
    (« document: deliberation »). Un modèle, une partie partagée ou un autre
    fichier YAML ne se joint pas ; un PDF ou un .docx s'annexe par ``file``."""
    for _, annexed in _annexed(convention):
        result = annexed.result
        if result is None or result.error is not None or annexed.kind in ANNEXABLE_KINDS:
            continue
        kind = annexed.kind
        found = f"« document: {kind} »" if kind else "aucun champ « document »"
        yield Issue(
            annexed.path,
            f"« {annexed.written} » n'est ni une convention ni une délibération ({found}) ; "
            "un fichier PDF ou Word s'annexe par « file »",
        )


def _own_errors(annexed: AnnexedDocument) -> int:
    result = annexed.result
    if result is None:
        return 0
    return sum(
        1
        for f in result.findings
        # a cycle through this document is reported here by CG712, not counted again
        if f.severity >= Severity.ERROR and f.suppressed is None and f.code != CYCLE
    )


@rule(
    "CG711",
    "annexed-document-invalid",
    Severity.WARNING,
    "Document annexé comportant des erreurs",
)
def annexed_document_invalid(convention: Convention) -> Iterator[Issue]:
    """Le document annexé est valide : ses propres erreurs (que ``convgen check``
    donne en détail sur ce fichier) font ici un seul constat, qui en dit le
    nombre. Un document dont la structure est invalide ne peut pas être
    généré ni joint. Avertissement dans un projet, erreur dans une version
    finale."""
    for _, annexed in _annexed(convention):
        if not _usable(annexed):
            continue
        errors = _own_errors(annexed)
        result = annexed.result
        assert result is not None
        if errors == 0 and result.model is not None:
            continue
        built = "" if result.model is not None else " : il ne peut pas être généré"
        yield Issue(
            annexed.path,
            f"le document annexé « {annexed.written} » comporte "
            f"{french.count_noun(errors, 'erreur')}{built} (convgen check {result.file})"
            f"{_in_place(convention) if result.model is None else ''}",
            severity=_severity(convention),
        )


def _nested_cycle(annexed: AnnexedDocument, seen: set[Path]) -> tuple[Path, ...]:
    """The cycle found at any depth below ``annexed``, if any."""
    if annexed.cycle:
        return annexed.cycle
    model = annexed.result.model if annexed.result is not None else None
    if not isinstance(model, Convention) or annexed.file is None or annexed.file in seen:
        return ()
    seen.add(annexed.file)
    for annex in model.annexes:
        if annex.annexed is not None and (found := _nested_cycle(annex.annexed, seen)):
            return found
    return ()


@rule("CG712", "annexed-document-cycle", Severity.ERROR, "Documents qui s'annexent en boucle")
def annexed_document_cycle(convention: Convention) -> Iterator[Issue]:
    """Un document ne s'annexe pas lui-même, ni par d'autres : une convention A
    qui annexe une convention B qui annexe A joindrait sans fin l'une à
    l'autre. convgen s'arrête au premier retour et signale la boucle ; le PDF
    porte une page « pièce non jointe » à la place du document qui y revient.
    Erreur, dans un projet comme dans une version finale."""
    for _, annexed in _annexed(convention):
        cycle = _nested_cycle(annexed, set())
        if not cycle:
            continue
        if len(cycle) == 2 and cycle[0] == cycle[1]:
            message = f"« {cycle[0].name} » s'annexe lui-même : retirez cette annexe"
        else:
            steps = " → ".join(f"« {path.name} »" for path in cycle)
            message = f"les documents s'annexent en boucle : {steps} ; retirez l'une de ces annexes"
        yield Issue(annexed.path, message)


@rule("CG713", "annexed-draft", Severity.WARNING, "Version finale qui annexe un projet")
def annexed_draft(convention: Convention) -> Iterator[Issue]:
    """Une version finale, qui va être signée, n'annexe pas un document encore à
    l'état de projet (« status: draft ») : ce qui est annexé fait partie de
    l'acte signé et doit être arrêté lui aussi."""
    if not convention.is_final:
        return
    for _, annexed in _annexed(convention):
        document = annexed.result.document if annexed.result is not None else None
        if not _usable(annexed) or document is None or not isinstance(document.data, dict):
            continue
        if document.data.get("status") != "final":
            yield Issue(
                annexed.path,
                f"la version finale annexe « {annexed.written} », qui est encore un projet "
                "(« status: draft ») : arrêtez ce document avant la signature",
            )


@rule(
    "CG714",
    "annex-file-and-document",
    Severity.ERROR,
    "Annexe qui nomme à la fois un fichier et un document",
)
def annex_file_and_document(convention: Convention) -> Iterator[Issue]:
    """Une annexe est un fichier joint (« file » : un PDF ou un .docx) ou un autre
    document convgen du projet (« document »), pas les deux : convgen ne
    saurait pas lequel joindre au PDF à signer."""
    for annex in convention.annexes:
        if annex.file is not None and annex.document is not None:
            yield Issue(
                (*annex.path, "document"),
                "l'annexe nomme à la fois un fichier (« file ») et un document du projet "
                "(« document ») : gardez l'un des deux",
                key=True,
            )
