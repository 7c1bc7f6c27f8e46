"""Walk the paths a user gives and turn every readable text file into articles.

One bad file must not stop a corpus run: each problem (missing path, binary or undecodable file) comes out
as an `IngestError` value next to the good files, for the caller to report and move on.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.ingest.articles import split_articles
from kg.ingest.dates import assign_dates
from kg.ingest.decode import IngestError, read_text
from kg.ingest.normalise import normalise
from kg.model import Article

TEXT_SUFFIX = ".txt"


def _files_in(folder: str) -> list[str]:
    """All *.txt files under `folder`, sorted, named by joining onto the folder as the user wrote it."""
    found = [
        os.path.join(folder, os.path.relpath(os.path.join(root, name), folder))
        for root, _dirs, names in os.walk(folder)
        for name in names
        if name.lower().endswith(TEXT_SUFFIX)
    ]
    return sorted(found)


def files_of(given: str | Path) -> list[str] | IngestError:
    """The files a path names: a file itself, every .txt file under a folder; an error if there is none."""
    path = str(given)
    if os.path.isdir(path):
        return _files_in(path)
    if os.path.exists(path):
        return [path]
    return IngestError(path, "no such file or directory")


def read_paths(paths: Iterable[str | Path]) -> Iterator[tuple[str, str] | IngestError]:
    """Yield (path, decoded text) per file, or an `IngestError` for a path that cannot be read."""
    for given in paths:
        files = files_of(given)
        if isinstance(files, IngestError):
            yield files
            continue
        for file in files:
            try:
                yield file, read_text(file)
            except IngestError as err:
                yield err


def articles_from_text(source: str, original: str, default_date: str | None = None) -> list[Article]:
    """Normalise one decoded file, cut it into articles and date them."""
    text, offsets = normalise(original)
    articles = split_articles(source, original, text, offsets)
    assign_dates(articles, default_date)
    return articles


def load_articles(
    paths: Iterable[str | Path], default_date: str | None = None
) -> tuple[list[Article], list[IngestError]]:
    """Read every path (files and folders) into articles; return them with the files that failed.

    `default_date` is the date given to articles of files that state none (e.g. a known year).
    """
    articles: list[Article] = []
    errors: list[IngestError] = []
    for item in read_paths(paths):
        if isinstance(item, IngestError):
            errors.append(item)
        else:
            articles.extend(articles_from_text(*item, default_date=default_date))
    return articles, errors
