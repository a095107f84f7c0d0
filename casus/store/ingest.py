"""``casus ingest``: read inputs, code the documents the store has not seen, store them, and
rebuild the events.

Documents are committed in small batches, each batch in one transaction with its mentions and
facts; a document whose text (hash) is stored already is skipped before it is parsed. So a run
killed at any moment leaves a consistent store, and the same command again finishes the job
without losing or duplicating anything. Unreadable inputs go to ``ingest_errors``.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from casus.actors.learn import Fact
from casus.coding.coder import Coder
from casus.errors import InputError
from casus.ingest import read_inputs
from casus.models import Document, EventMention
from casus.settings import Settings
from casus.store.db import RunSummary, Store, content_hash

__all__ = ["ingest", "IngestProgress"]

log = logging.getLogger(__name__)

COMMIT_DOCS = 16  # documents per transaction


@dataclass(slots=True)
class IngestProgress:
    docs_new: int = 0
    docs_known: int = 0
    errors: int = 0
    mentions: int = 0


Coded = tuple[Document, str, list[EventMention], list[Fact]]


def ingest(
    paths: Sequence[str],
    store: Store,
    *,
    settings: Settings | None = None,
    workers: int = 1,
    default_date: str | None = None,
    coder: Coder | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_progress: Callable[[IngestProgress], None] | None = None,
    read_options: dict | None = None,
) -> RunSummary:
    """Ingest ``paths`` into ``store``; returns what the run added."""
    settings = settings or Settings()
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    coder_name = coder.name if coder is not None else _coder_name()
    run_id = store.begin_run(list(paths), coder_name)
    prog = IngestProgress()
    seen_in_run: set[str] = set()
    ids_in_run: set[str] = set()

    def fresh() -> Iterator[tuple[Document, str]]:
        for item in read_inputs(list(paths), default_date=default_date, **(read_options or {})):
            if isinstance(item, InputError):
                prog.errors += 1
                store.add_error(item, run_id)
                if on_error is not None:
                    on_error(item)
                continue
            digest = content_hash(item.text)
            if digest in store.known_hashes() or digest in seen_in_run:
                prog.docs_known += 1
                if on_progress is not None:
                    on_progress(prog)
                continue
            seen_in_run.add(digest)
            doc_id = store.unique_doc_id(item, digest)
            if doc_id in ids_in_run:  # two texts with one id in this run
                doc_id = f"{item.id}~{digest[:10]}"
            ids_in_run.add(doc_id)
            if doc_id != item.id:
                item = dataclasses.replace(item, id=doc_id)
            yield item, digest

    batches = _batches(fresh(), COMMIT_DOCS)
    coded = (
        _code_serial(batches, coder or Coder(settings))
        if workers == 1
        else _code_parallel(batches, settings, workers)
    )
    for batch in coded:
        docs, mentions = store.add_documents(batch, run_id)
        prog.docs_new += docs
        prog.mentions += mentions
        log.info(
            "committed %d document(s), %d mention(s); %d new in this run",
            docs,
            mentions,
            prog.docs_new,
        )
        if on_progress is not None:
            on_progress(prog)
    events = store.recluster()
    summary = RunSummary(run_id, prog.docs_new, prog.docs_known, prog.errors, prog.mentions, events)
    store.end_run(summary)
    return summary


def _coder_name() -> str:
    from casus.coding.coder import CODER_NAME, CODER_VERSION

    return f"{CODER_NAME}/{CODER_VERSION}"


def _batches(
    items: Iterable[tuple[Document, str]], size: int
) -> Iterator[list[tuple[Document, str]]]:
    batch: list[tuple[Document, str]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _code_serial(
    batches: Iterable[list[tuple[Document, str]]], coder: Coder
) -> Iterator[list[Coded]]:
    for batch in batches:
        digests = {d.id: h for d, h in batch}
        yield [
            (c.document, digests[c.document.id], c.mentions, c.facts)
            for c in coder.process(d for d, _ in batch)
        ]


# -- parallel parsing: one Coder per worker process ---------------------------------------
_WORKER_CODER: Coder | None = None


def _init_worker(settings: Settings) -> None:
    global _WORKER_CODER
    _WORKER_CODER = Coder(settings)


def _work(batch: list[tuple[Document, str]]) -> list[Coded]:
    assert _WORKER_CODER is not None
    digests = {d.id: h for d, h in batch}
    return [
        (c.document, digests[c.document.id], c.mentions, c.facts)
        for c in _WORKER_CODER.process(d for d, _ in batch)
    ]


def _code_parallel(
    batches: Iterable[list[tuple[Document, str]]], settings: Settings, workers: int
) -> Iterator[list[Coded]]:
    """Batches coded in ``workers`` processes, yielded in input order, with at most two
    batches per worker in flight so that memory stays bounded on any corpus size."""
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(settings,)
    ) as pool:
        pending: deque[Future] = deque()
        for batch in batches:
            pending.append(pool.submit(_work, batch))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
