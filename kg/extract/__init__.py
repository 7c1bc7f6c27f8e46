"""Extract facts (awarded, worksFor, leads) from recognised mentions, each with its evidence."""

from .facts import extract_document, extract_facts

__all__ = ["extract_document", "extract_facts"]
