"""Stage 1 — loading: YAML read with the position of every value, and the composition of
a document with its model (``extends``) and its shared parties (``use``)."""
