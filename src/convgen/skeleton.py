"""``convgen new``: a new document with every section, its unknowns marked as gaps.

The skeleton is valid against the schema, so ``convgen check`` on it lists
exactly what remains to be written (as gaps), nothing else.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import OutputError, UsageError
from .resources import KINDS, schema_path

CONVENTION = """\
# yaml-language-server: $schema={schema}
#
# Convention « {name} » : squelette écrit par `convgen new convention`.
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

sides:                             # « Entre : … D'une part, Et … D'autre part »
  - [partie-1]
  - [partie-2]

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
            text: Participer à hauteur de @{{taux}} au financement du projet.
            figures:
              taux: {{percent: ..., base: À définir}}
      - party: partie-2
        items:
          - À définir
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

terms:
  start: signature
  duration: {{years: ...}}
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
  copies: 2
  signatories: [partie-1, partie-2]

annexes:
  - key: annexe-1
    title: À définir
"""

DELIBERATION = """\
# yaml-language-server: $schema={schema}
#
# Délibération « {name} » : squelette écrit par `convgen new deliberation`.
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

vote:
  against: []
  abstentions: []

signature:
  place: À définir
  date: ...

publicity:
  court: tribunal administratif de [à compléter]
"""

TEMPLATES = {"convention": CONVENTION, "deliberation": DELIBERATION}


def _schema_reference(target: Path, kind: str) -> str:
    """The schema path an editor should use: the project's copy if there is one, else ours."""
    folder = target.resolve().parent
    for directory in (folder, *folder.parents):
        candidate = directory / "schemas" / f"{kind}.schema.json"
        if candidate.is_file():
            return Path(os.path.relpath(candidate, folder)).as_posix()
    return schema_path(kind).resolve().as_posix()


def skeleton(kind: str, name: str, target: Path) -> str:
    """The text of a new ``kind`` document called ``name``, to be written at ``target``."""
    if kind not in TEMPLATES:
        raise UsageError(f"type de document inconnu « {kind} » (possibles : {', '.join(KINDS)})")
    return TEMPLATES[kind].format(
        schema=_schema_reference(target, kind), name=name.replace('"', "'"), file=target.name
    )


def write_skeleton(kind: str, name: str, output: str | Path | None = None) -> Path:
    """Write a new document; refuses to overwrite an existing file."""
    slug = "".join(c if c.isalnum() or c in "-_" else "-" for c in name.lower()).strip("-")
    target = Path(output) if output is not None else Path(f"{slug or kind}.yaml")
    if target.is_dir():
        target = target / f"{slug or kind}.yaml"
    if target.exists():
        raise OutputError("le fichier existe déjà : choisissez un autre nom", file=target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(skeleton(kind, name, target), encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"écriture impossible : {exc.strerror}", file=target) from exc
    return target
