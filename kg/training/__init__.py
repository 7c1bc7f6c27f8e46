"""Training and evaluation of the project's own statistical models (offline, from /work/shared/corpora)."""
