"""Stage 3 — checking: the JSON Schema, the consistency rules, the project's configuration
and suppressions, and readiness for signature."""
