"""Every check convgen makes, by family, and the registry that lists them.

(the codes of the loader and the schema check, CG0xx and CG1xx, are declared in
:mod:`convgen.foundation.codes`, with the catalogue of every code)

- :mod:`.references`: parties, figures, articles and annexes referred to (CG2xx);
- :mod:`.annex_mentions`: annexes named by hand in the prose (CG217–CG219);
- :mod:`.clauses`: clauses in the drafters' words, bound values and places (CG212–CG216);
- :mod:`.parties`: signatories, originals, governance, commitments (CG3xx);
- :mod:`.signing`: authority to sign, identity, short names, signature places (CG306–CG313);
- :mod:`.money`: rates and amounts in words (CG4xx);
- :mod:`.tables`: tables and the financing plan: sums, totals, ceilings, cells (CG4xx);
- :mod:`.written_totals`: totals and ceilings written in the prose (CG414);
- :mod:`.financing`: financing terms, payments and ceilings (CG420-CG429);
- :mod:`.time`: period, durations, notices, dates and years (CG5xx);
- :mod:`.deliberations`: quorum, pouvoirs, tally, dates and approvals (CG6xx);
- :mod:`.annexes`: annex files the signature-ready PDF carries (CG7xx);
- :mod:`.documents`: annexes that are other documents of the project (CG707-CG719);
- :mod:`.avenants`: the convention an avenant amends, its parties and signature (CG9xx).
"""

from convgen.checking.rules import (
    annex_mentions,
    annexes,
    avenants,
    clauses,
    deliberations,
    documents,
    financing,
    money,
    parties,
    references,
    signing,
    tables,
    time,
    written_totals,
)
from convgen.checking.rules.registry import REGISTRY, Issue, Rule, catalogue, run

__all__ = [
    "REGISTRY",
    "Issue",
    "Rule",
    "annex_mentions",
    "annexes",
    "avenants",
    "catalogue",
    "clauses",
    "deliberations",
    "documents",
    "financing",
    "money",
    "parties",
    "references",
    "run",
    "signing",
    "tables",
    "time",
    "written_totals",
]
