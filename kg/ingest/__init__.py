"""Ingest: files → decoded text → normalised text with an offset map → dated `Article`s.

    articles, errors = load_articles(["data/corpus"])
"""

from kg.ingest.articles import split_articles
from kg.ingest.dates import (
    assign_dates,
    dateline_date,
    detect_date,
    document_year,
    issue_date,
    latest_year,
    lead_year,
    stamp_date,
)
from kg.ingest.decode import IngestError, decode_bytes, read_text
from kg.ingest.normalise import normalise
from kg.ingest.reader import articles_from_text, load_articles, read_paths

__all__ = [
    "IngestError",
    "articles_from_text",
    "assign_dates",
    "dateline_date",
    "decode_bytes",
    "detect_date",
    "document_year",
    "issue_date",
    "latest_year",
    "lead_year",
    "load_articles",
    "normalise",
    "read_paths",
    "read_text",
    "split_articles",
    "stamp_date",
]
