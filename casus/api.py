"""Library functions behind the CLI commands."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from casus.actors.learn import Fact
from casus.coding.coder import Coder
from casus.errors import InputError
from casus.eval.scoring import EvalReport, evaluate, load_gold
from casus.ingest import read_inputs
from casus.models import Document, EventMention
from casus.settings import Settings

__all__ = ["code_inputs", "evaluate_file", "learn_inputs"]


def code_inputs(
    paths: Iterable[str],
    *,
    settings: Settings | None = None,
    default_date: str | None = None,
    on_error: Callable[[InputError], None] | None = None,
    coder: Coder | None = None,
) -> Iterator[tuple[Document, list[EventMention]]]:
    """Read inputs (files, '-', .jsonl, .html, folders) and code them; unreadable inputs go to
    ``on_error`` and are skipped."""
    coder = coder or Coder(settings)
    yield from coder.code_documents(_documents(paths, default_date, on_error))


def learn_inputs(
    paths: Iterable[str],
    *,
    settings: Settings | None = None,
    default_date: str | None = None,
    on_error: Callable[[InputError], None] | None = None,
    coder: Coder | None = None,
) -> Iterator[Fact]:
    """Read inputs and yield the actor facts learned from them, document by document."""
    coder = coder or Coder(settings)
    for coded in coder.process(_documents(paths, default_date, on_error)):
        yield from coded.facts


def _documents(
    paths: Iterable[str],
    default_date: str | None,
    on_error: Callable[[InputError], None] | None,
) -> Iterator[Document]:
    for item in read_inputs(list(paths), default_date=default_date):
        if isinstance(item, InputError):
            if on_error is not None:
                on_error(item)
            continue
        yield item


def evaluate_file(
    path: Path,
    *,
    settings: Settings | None = None,
    coder: Coder | None = None,
    convention: str = "cameo",
) -> EvalReport:
    """Score the coder on a gold file (PLOVER or PETRARCH-2 records). ``convention``
    "petrarch" scores future events by the act beneath them, as PETRARCH codes them."""
    return evaluate(coder or Coder(settings), load_gold(Path(path)), convention=convention)
