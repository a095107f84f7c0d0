"""Input readers: files, directories, gzip, JSON Lines, HTML and stdin become Documents.

``read_inputs`` never raises for a bad input: it yields an ``InputError`` naming the file (and
line) and carries on with the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import TextIO

from casus.errors import InputError
from casus.ingest.dates import check_default_date
from casus.ingest.readers import read_file, read_stdin
from casus.ingest.sources import StdinSource, plan_sources
from casus.models import Document

__all__ = ["DEFAULT_MAX_BYTES", "read_inputs"]

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20_000_000


def read_inputs(
    paths: Iterable[str],
    *,
    default_date: str | None = None,
    stdin: TextIO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document | InputError]:
    """Yield a Document per input document and an InputError per unreadable input, in order.

    ``-`` reads one plain-text document from ``stdin`` (default ``sys.stdin``); directories
    are read recursively in sorted order. ``default_date`` (``YYYY-MM-DD``) is used for
    documents without a valid date of their own; a bad one raises ValueError here, at call
    time. Documents over ``max_bytes`` bytes are reported, not read.
    """
    day = check_default_date(default_date)
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0:
        raise ValueError(f"max_bytes must be a positive integer, got {max_bytes!r}")
    if isinstance(paths, str):
        paths = [paths]
    return _read_all(paths, default_date=day, stdin=stdin, max_bytes=max_bytes)


def _read_all(
    paths: Iterable[str], *, default_date: str | None, stdin: TextIO | None, max_bytes: int
) -> Iterator[Document | InputError]:
    for source in plan_sources(paths):
        if isinstance(source, InputError):
            logger.debug("cannot read %s", source)
            yield source
        elif isinstance(source, StdinSource):
            yield read_stdin(source, stdin, default_date=default_date, max_bytes=max_bytes)
        else:
            yield from read_file(source, default_date=default_date, max_bytes=max_bytes)
