"""Stage 2 — the model: typed conventions and deliberations built from loaded data, their
outline (articles, numbering) and their annexes."""
