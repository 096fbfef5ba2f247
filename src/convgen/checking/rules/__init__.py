"""Every check convgen makes, by family, and the registry that lists them.

(the codes of the loader and the schema check, CG0xx and CG1xx, are declared in
:mod:`convgen.foundation.codes`, with the catalogue of every code)

- :mod:`.references`: parties, figures, articles and annexes referred to (CG2xx);
- :mod:`.parties`: signatories, originals, governance, commitments (CG3xx);
- :mod:`.signing`: authority to sign, identity, short names, signature places (CG306–CG313);
- :mod:`.money`: rates, financing plan, amounts in words (CG4xx);
- :mod:`.time`: period, durations, notices, dates and years (CG5xx);
- :mod:`.deliberations`: quorum, pouvoirs, tally, dates and approvals (CG6xx);
- :mod:`.annexes`: annex files the signature-ready PDF carries (CG7xx).
"""

from convgen.checking.rules import (
    annexes,
    deliberations,
    money,
    parties,
    references,
    signing,
    time,
)
from convgen.checking.rules.registry import REGISTRY, Issue, Rule, catalogue, run

__all__ = [
    "REGISTRY",
    "Issue",
    "Rule",
    "annexes",
    "catalogue",
    "deliberations",
    "money",
    "parties",
    "references",
    "run",
    "signing",
    "time",
]
