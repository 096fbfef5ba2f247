"""``convgen new``: a new document with every section, its unknowns marked as gaps.

The skeleton is valid against the schema, so ``convgen check`` on it lists
exactly what remains to be written (as gaps), nothing else — whatever the name
given on the command line: it is cleaned first (:func:`clean_name`), so that
it cannot break the YAML written around it nor bring a character that
``convgen check`` would report.
"""

from __future__ import annotations

import errno
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from convgen.foundation.errors import OutputError, UsageError
from convgen.foundation.paths import PROJECT_MARKERS, project_root
from convgen.foundation.resources import KINDS, bundled_text

CONVENTION = """\
# yaml-language-server: $schema={schema}
#
# Convention « {shown} » : squelette écrit par `convgen new convention`.
# Remplacez chaque « À définir » et chaque « ... » ; `convgen check {file}`
# liste ce qui reste à compléter. Le format : docs/format.md.
document: convention
status: draft
version: v1

title:
  kind: Convention de partenariat
  name: "{name}"
  subject: À définir
  period: {{from: ..., to: ...}}

drafted_by: partie-1

parties:
  - id: partie-1
    name: À définir
    gender: f                      # f ou m : « la »/« le », « représentée »/« représenté »
    address:
      street: À définir
      postal_code: ...
      city: À définir
    representative:
      civility: Mme                # Mme ou M.
      first_name: À définir
      last_name: À définir
      quality: À définir           # par exemple « sa Présidente »
      authority:                   # ce qui l'habilite à signer : « dûment habilitée par … »
        kind: deliberation         # deliberation, decision, arrete, delegation, decret ou statuts
        body: À définir            # sans article : « Conseil municipal »
        number: ...
        date: ...
  - id: partie-2
    name: À définir
    gender: m
    address:
      street: À définir
      postal_code: ...
      city: À définir
    representative:
      civility: M.
      first_name: À définir
      last_name: À définir
      quality: À définir
      authority:
        kind: deliberation
        body: À définir
        number: ...
        date: ...

sides:                             # « Entre : … D'une part, Et … D'autre part »
  - [partie-1]
  - [partie-2]

visas:                             # « VU … ; » après la comparution : sans « Vu » ni « ; »
  - le code général des collectivités territoriales
  - la délibération n° ... du ...

preamble:
  - À définir

articles:
  - key: objet
    title: Objet
    body:
      - La présente convention a pour objet [à compléter].
  - key: engagements
    title: Engagements des parties
    commitments:
      - party: partie-1
        items:
          - À définir
          - key: participation
            text: Participer au financement du projet à hauteur de @{{montant}}.
            figures:
              montant: {{amount: ...}}
      - party: partie-2
        items:
          - À définir
  - key: financement
    clause: financing              # « Dispositions financières », rédigées d'après « financing »
  - key: comite
    clause: governance
  - key: communication
    clause: communication
  - key: duree
    clause: duration
  - key: avenant
    clause: amendment
  - key: resiliation
    clause: termination
  - key: juridiction
    clause: jurisdiction

governance:
  name: comité de pilotage
  gender: m
  members: [partie-1, partie-2]
  meetings_per_year: ...
  role:
    - Le comité de pilotage [à compléter].

communication:
  consent: written

financing:                         # qui verse quoi à qui, quand, contre quelles pièces
  - key: subvention
    party: partie-1                # la partie qui verse
    beneficiary: partie-2          # la partie qui reçoit
    kind: subvention de fonctionnement
    amount: ...                    # ou « rate: 20 » et « base: {{label: …, amount: …}} »
    ceiling: ...                   # « dans la limite de »
    schedule:                      # les parts font 100 %
      - {{share: 50, when: à la signature de la présente convention}}
      - {{share: 50, when: sur présentation du compte rendu financier de l'action}}
    justification: [compte rendu financier de l'action]
    deadline: {{months: 6}}          # après la fin de l'action
    reimbursement: true            # sommes non utilisées ou non justifiées reversées
    subject_to_credits: true       # « sous réserve du vote des crédits correspondants »
    imputation: À définir          # « chapitre 65, article 6574 »

terms:
  start: signature                 # last_signature, ou une date AAAA-MM-JJ
  duration: {{years: ...}}
  # end: AAAA-MM-JJ                # facultatif : « Elle prend fin le … »
  renewal:
    kind: express                  # express, tacit ou none
    notice: {{months: ...}}
    form: lettre recommandée avec avis de réception
  termination:
    notice: {{months: ...}}
    form: lettre recommandée avec avis de réception
    force_majeure: true
  amendment:
    effective: signature
  jurisdiction:
    amicable: true
    court: tribunal administratif compétent

signature:
  copies: 2                        # imprimé « en deux (2) exemplaires originaux »
  mode: together                   # together : un « Fait à …, le … » ; each : un par signataire
  signatories: [partie-1, partie-2]

annexes:
  - key: annexe-1
    title: À définir
"""

DELIBERATION = """\
# yaml-language-server: $schema={schema}
#
# Délibération « {shown} » : squelette écrit par `convgen new deliberation`.
# Les nombres (présents, votants, suffrages exprimés, majorité absolue) se
# déduisent des listes : ne les écrivez pas. `convgen check {file}` liste ce
# qui reste à compléter.
document: deliberation
status: draft

authority:
  name: À définir                  # « Communauté d'Agglomération de … »
  gender: f
  assembly: conseil municipal      # conseil communautaire, bureau…
  siren: ...                       # neuf chiffres, pour l'identifiant de télétransmission
  department: ...                  # « 052 »

session:
  date: ...                        # AAAA-MM-JJ
  time: "18:00"
  place: À définir                 # « la salle du conseil, à … »
  convocation: ...
  president:
    name: À définir                # « M. Prénom NOM »
    quality: Maire

act:
  number: À définir
  object: "{name}"

approves: À définir                # le fichier de la convention approuvée : saint-dizier.yaml

members_in_office: ...

attendance:
  present:
    - À définir                    # un nom par ligne : « Mme Prénom NOM »
  represented: []                  # - {{member: Mme X, proxy: M. Y}}
  excused: []
  absent: []

secretary: À définir
rapporteur:
  name: À définir
  quality: À définir

expose:
  by: president
  paragraphs:
    - À définir

visas:
  - le Code général des collectivités territoriales
considerations:
  - À définir

decision:
  - D'approuver [à compléter].
  - D'autoriser [à compléter] à signer ladite convention ainsi que tout document s'y rapportant.

imputation:                        # dernier article : « De dire que les crédits nécessaires
  budget: budget principal         # seront inscrits au budget principal de l'exercice … »
  year: ...
  chapter: ...                     # « 65 »
  nature: ...                      # « 6574 »

vote:
  against: []
  abstentions: []

signature:
  place: À définir
  date: ...

publicity:                         # mentions de fin d'acte
  transmission: ...                # AAAA-MM-JJ : transmission au représentant de l'État
  publication: ...                 # AAAA-MM-JJ : publication ou affichage
  teletransmission_id: ...         # identifiant @CTES : 052-200067007-AAAAMMJJ-numéro-DE
  court: tribunal administratif de [à compléter]
"""

TEMPLATES = {"convention": CONVENTION, "deliberation": DELIBERATION}


# A title fits on a line or two of the cover page; a longer name is cut at a word.
MAX_NAME = 120
# The file name made from it (« maison-des-competences.yaml »), in characters and in
# bytes: well under the 255 bytes a file name may have.
MAX_SLUG = 80
MAX_SLUG_BYTES = 200
# Removed from a name: controls and line breaks (YAML reads U+0085, U+2028 and U+2029
# as line ends), format characters (invisible or reordering: CG030, CG031), lone
# surrogates (a command line in an unknown encoding), unassigned code points.
_DROPPED = {"Cc", "Cf", "Cs", "Co", "Cn"}
_SPACES = {"Zs", "Zl", "Zp"}


def _keep(character: str) -> str:
    category = unicodedata.category(character)
    if character in "\t\n\r\v\f\x85" or category in _SPACES:
        return " "
    if category in _DROPPED:
        return ""
    return character


def clean_name(name: str) -> str:
    """``name`` as the skeleton writes it: printable characters only, one line, spaces
    collapsed, straight double quotes as apostrophes, at most :data:`MAX_NAME` characters
    (cut at a word); « À définir » when nothing is left."""
    return _cleaned(name) or "À définir"


def _cleaned(name: str) -> str:
    text = "".join(_keep(c) for c in unicodedata.normalize("NFC", name))
    text = " ".join(text.replace('"', "'").split())
    if len(text) > MAX_NAME:
        cut = text[: MAX_NAME + 1]
        space = cut.rfind(" ")
        text = (cut[:space] if space > MAX_NAME // 2 else cut[:MAX_NAME]).rstrip(" ,;:-")
    return text


def _quoted(text: str) -> str:
    """The inside of a double-quoted YAML scalar that reads back as ``text``."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _comment(text: str) -> str:
    """``text`` safe in a YAML comment: on one line, printable."""
    return "".join(_keep(c) for c in text)


def _ascii(text: str) -> str:
    """``text`` without accents (« compétences » → « competences », « cœur » → « coeur »):
    a file name travels by e-mail, in archives and between systems that spell accents
    differently (NFC, NFD); what has no ASCII spelling is left for :func:`slug` to drop."""
    spelled = "".join(_LIGATURES.get(c, c) for c in unicodedata.normalize("NFKD", text))
    return "".join(c for c in spelled if not unicodedata.combining(c))


_LIGATURES = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O"}


def slug(name: str, default: str) -> str:
    """The file name (without « .yaml ») made from ``name``: ASCII lower case letters and
    digits joined by hyphens, at most :data:`MAX_SLUG` characters, cut at a hyphen."""
    lowered = _ascii(_cleaned(name)).lower()
    text = "".join(c if (c.isascii() and c.isalnum()) or c in "-_" else "-" for c in lowered)
    text = re.sub(r"-{2,}", "-", text).strip("-_")
    while len(text) > MAX_SLUG or len(text.encode("utf-8")) > MAX_SLUG_BYTES:
        cut = text.rfind("-", 0, len(text) - 1)
        text = text[:cut] if cut > MAX_SLUG // 2 else text[: min(MAX_SLUG, len(text) - 1)]
        text = text.strip("-_")
    return text or default


_OS_ERRORS = {
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.EACCES: "droits d'accès insuffisants",
    errno.EPERM: "opération non permise",
    errno.ENOSPC: "plus de place sur le disque",
    errno.EROFS: "disque en lecture seule",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EISDIR: "c'est un dossier",
    errno.ELOOP: "lien symbolique qui boucle",
    errno.EEXIST: "le fichier existe déjà",
}


def _why(exc: OSError | ValueError) -> str:
    if isinstance(exc, ValueError):
        return "chemin invalide (caractère nul)"
    return _OS_ERRORS.get(exc.errno or 0, exc.strerror or str(exc))


def _schema_reference(target: Path, kind: str) -> tuple[str, Path | None]:
    """The schema path an editor should use, relative to ``target``'s folder, and where
    to write it first (None when it is there already).

    The project's ``schemas/`` (the shipped schemas in convgen's own repository, or a
    copy) when there is one, in the folder or above, up to the project's root; else the
    self-contained schema (:func:`bundled_text`), to be written in ``schemas/`` at the
    project's root. Never an absolute path into convgen's installation: the file travels.
    """
    try:
        folder = target.resolve().parent
        root = project_root(target.resolve())
    except (OSError, RuntimeError, ValueError):  # links that loop: the write will say so
        folder = root = Path(os.path.abspath(target)).parent
    above = (folder, *folder.parents)
    bounded = root in above and any((root / marker).exists() for marker in PROJECT_MARKERS)
    for directory in above[: above.index(root) + 1] if bounded else above:
        candidate = directory / "schemas" / f"{kind}.schema.json"
        if candidate.is_file():
            return Path(os.path.relpath(candidate, folder)).as_posix(), None
    written = root / "schemas" / f"{kind}.schema.json"
    return Path(os.path.relpath(written, folder)).as_posix(), written


def skeleton(kind: str, name: str, target: Path) -> str:
    """The text of a new ``kind`` document called ``name``, to be written at ``target``."""
    if kind not in TEMPLATES:
        raise UsageError(f"type de document inconnu « {kind} » (possibles : {', '.join(KINDS)})")
    return TEMPLATES[kind].format(
        schema=_comment(_schema_reference(target, kind)[0]),
        name=_quoted(clean_name(name)),
        shown=clean_name(name),
        file=_comment(target.name),
    )


@dataclass(frozen=True)
class Written:
    """What :func:`write_skeleton` wrote: the document, and the schema it names when the
    project had none (``None`` when the project's own ``schemas/`` serves)."""

    path: Path
    schema: Path | None


def write_skeleton(kind: str, name: str, output: str | Path | None = None) -> Written:
    """Write a new document; refuses to overwrite an existing file."""
    default = f"{slug(name, kind)}.yaml"
    target = Path(output) if output is not None else Path(default)
    try:
        if target.is_dir():
            target = target / default
        if os.path.lexists(target):
            raise OutputError("le fichier existe déjà : choisissez un autre nom", file=target)
        text = skeleton(kind, name, target)
        target.parent.mkdir(parents=True, exist_ok=True)
        schema_file = _schema_reference(target, kind)[1]
        if schema_file is not None:  # the project has no schema: it gets the bundled one
            schema_file.parent.mkdir(parents=True, exist_ok=True)
            schema_file.write_text(bundled_text(kind), encoding="utf-8")
        with target.open("x", encoding="utf-8") as handle:  # never through a link
            handle.write(text)
    except (OSError, ValueError) as exc:
        shown = str(target).encode("utf-8", "replace").decode("utf-8")
        raise OutputError(f"écriture impossible : {_why(exc)}", file=shown) from exc
    return Written(target, schema_file)
