"""laomo-kg: a knowledge graph of model workers, craftsmen, organisations and honours.

Stages, one sub-package each: ingest → nlp → extract → (graph) → cli.
"""

__version__ = "0.1.0"
