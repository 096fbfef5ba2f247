"""Stage 5 — the signature-ready PDF: what goes in (plan), LibreOffice's conversion, and
the assembly of the document with its annexes."""
