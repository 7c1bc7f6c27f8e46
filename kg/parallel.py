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
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice

from .model import Article, ExtractedDocument

Render = Callable[[ExtractedDocument], dict]
CHUNK_CHARS = 20_000  # characters of text per task: small enough to balance two cores on a small corpus


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


def extract_records(articles: Iterable[Article], render: Render, use_models: bool = True,
                    jobs: int = 1) -> Iterator[dict]:
    """Rendered extraction of every article, in order; `articles` may be a lazy stream, read as workers
    free up (a few chunks ahead), so memory stays bounded. `render` must be a module-level function."""
    tasks = chunks(articles)
    head = list(islice(tasks, 2))
    if jobs <= 1 or len(head) < 2:  # one chunk: a worker would only add its start-up
        for chunk in chain(head, tasks):
            yield from _extract(chunk, render, use_models)
        return
    method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context(method))
    pending: deque[Future] = deque()
    try:
        for chunk in chain(head, tasks):
            pending.append(pool.submit(_extract, chunk, render, use_models))
            if len(pending) >= 2 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
