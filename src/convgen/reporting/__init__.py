"""Stage 8 — reporting: findings, builds and reviews said for a person (text) or for a
tool (JSON, GitHub annotations, SARIF, Markdown)."""
