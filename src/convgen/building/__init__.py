"""Stage 6 — building: outputs of one document or of a folder (batches), and skeletons of
new documents."""
