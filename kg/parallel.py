"""Extraction on every core: worker processes that each load the pipeline once, results in input order.

`kg.pipeline.extract_articles` stays the single-process API; this module only spreads its calls over
processes. Workers start with 'forkserver' (or 'spawn' where there is none): a fork of a process that
already holds spaCy's threads and models is not safe. Articles go out in chunks of consecutive
articles (a file's articles share one copy of its text in a chunk) and come back rendered (JSON-ready
dicts, not documents holding the whole file again), in the order they were given, so the output is
the same bytes for any number of jobs.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from itertools import chain, islice
from typing import TypeVar

from .model import Article, ExtractedDocument

Render = Callable[[ExtractedDocument], dict]
CHUNK_CHARS = 20_000  # characters of text per task: small enough to balance two cores on a small corpus
CHUNK_BYTES = 60_000  # bytes of files per task (UTF-8 Chinese: about 20,000 characters)
T = TypeVar("T")


def chunks(articles: Iterable[Article], size: int = CHUNK_CHARS) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    chars = 0
    for a in articles:
        chunk.append(a)
        chars += len(a.text)
        if chars >= size:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def _extract(chunk: list[Article], render: Render, use_models: bool) -> list[dict]:
    """One task: the pipeline is built on a worker's first task and cached for the rest."""
    from .pipeline import extract_articles

    return [render(d) for d in extract_articles(chunk, use_models=use_models)]


def _context() -> mp.context.BaseContext:
    """forkserver where there is one, with the pipeline's modules imported once in the server (spaCy
    takes about a second to import; every worker forked from it starts with them), else spawn."""
    if "forkserver" not in mp.get_all_start_methods():
        return mp.get_context("spawn")
    context = mp.get_context("forkserver")
    context.set_forkserver_preload(["kg.nlp.pipeline", "kg.extract", "kg.output"])
    return context


def extract_records(articles: Iterable[Article], render: Render, use_models: bool = True,
                    jobs: int = 1) -> Iterator[dict]:
    """Rendered extraction of every article, in order; `articles` may be a lazy stream, read as workers
    free up (a few chunks ahead), so memory stays bounded. `render` must be a module-level function."""
    for records in _in_order(_extract, chunks(articles), jobs, render, use_models):
        yield from records


@dataclass
class FileBatch:
    """What a worker made of a few files: their records in order, the files it could not read, and how
    many articles each file held."""

    records: list[dict]
    errors: list[str]
    articles: dict[str, int]


def file_chunks(files: Iterable[str], size: int = CHUNK_BYTES) -> Iterator[list[str]]:
    chunk: list[str] = []
    held = 0
    for path in files:
        chunk.append(path)
        with suppress(OSError):  # a file gone: the worker reports it
            held += os.path.getsize(path)
        if held >= size:
            yield chunk
            chunk, held = [], 0
    if chunk:
        yield chunk


def _extract_files(chunk: list[str], render: Render, use_models: bool) -> FileBatch:
    """One task: read the files (decoding and normalising are a tenth of the work: done here, they run
    on every core too), then extract their articles."""
    from .ingest import load_articles
    from .pipeline import extract_articles

    articles, errors = load_articles(chunk)
    counts = dict.fromkeys(chunk, 0)
    for article in articles:
        counts[article.source] = counts.get(article.source, 0) + 1
    return FileBatch([render(d) for d in extract_articles(articles, use_models=use_models)],
                     [str(e) for e in errors], counts)


def extract_files(files: Iterable[str], render: Render, use_models: bool = True, jobs: int = 1
                  ) -> Iterator[FileBatch]:
    """Read and extract files on `jobs` workers, a few files a task; the batches come back in file order,
    so the output is the same bytes for any number of jobs."""
    return _in_order(_extract_files, file_chunks(files), jobs, render, use_models)


def _in_order(work: Callable[..., T], tasks: Iterable, jobs: int, *args: object) -> Iterator[T]:
    """work(task, *args) for every task, on `jobs` worker processes (in this one for a single job or a
    single task), the results in task order, at most two tasks a worker ahead of the one read."""
    tasks = iter(tasks)
    head = list(islice(tasks, 2))
    if jobs <= 1 or len(head) < 2:  # one task: a worker would only add its start-up
        for task in chain(head, tasks):
            yield work(task, *args)
        return
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_context())
    pending: deque[Future] = deque()
    try:
        for task in chain(head, tasks):
            pending.append(pool.submit(work, task, *args))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
