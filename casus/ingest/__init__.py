"""Input readers: files, folders, gzip, JSON Lines, CSV, HTML, feeds and stdin become Documents.

``read_inputs`` never raises for a bad input: it yields an ``InputError`` naming the file (and
line) and carries on with the rest.

Formats, chosen by the file suffix (a ``.gz`` suffix after it means gzip):

``-``
    One plain-text document from standard input.
``.jsonl``
    One JSON object per line with a ``"text"`` string and optional ``id``, ``date``, ``url``,
    ``outlet``, ``title``, ``language``. Missing ids become ``<file stem>:<line>``.
``.csv``, ``.tsv``
    A header row, then one document per row (comma- or tab-separated, RFC 4180 quoting, so
    text may span lines). ``csv_columns=CsvColumns(...)`` names the columns; a role not named
    is found by its usual header names: text ``text``/``body``/``content``/``article``, id
    ``id``, date ``date``/``published``/``publish_date``/``pubdate``, url ``url``/``link``,
    outlet ``outlet``/``source``, title ``title``/``headline``, language
    ``language``/``lang``. Missing ids become ``<file stem>:<n>`` (n-th data row). Dates are
    ISO, as in JSON Lines. A bad row is reported at the line it starts on.
``.rss``, ``.atom``, ``.xml``
    An RSS 2.0, RSS 1.0 or Atom 1.0 feed; one document per item or entry. Title, link → url,
    pubDate / dc:date / published / updated → date (RFC 822 or ISO 8601), channel or feed
    title → outlet, content:encoded / content / description / summary → text (HTML
    stripped), guid / id, else link, else ``<file stem>:<n>`` → id. A document with a DOCTYPE
    is refused (entity-expansion attacks); an ``.xml`` file that is not a feed is reported.
``.html``, ``.htm``
    One web page: the main text, title, date, canonical url and site name.
anything else
    One plain-text document (strict UTF-8), id the file stem.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import TextIO

from casus.errors import InputError
from casus.ingest.csvfile import CsvColumns
from casus.ingest.dates import check_default_date
from casus.ingest.readers import read_file, read_stdin
from casus.ingest.sources import StdinSource, plan_sources
from casus.models import Document

__all__ = ["DEFAULT_MAX_BYTES", "CsvColumns", "read_inputs"]

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20_000_000


def read_inputs(
    paths: Iterable[str],
    *,
    default_date: str | None = None,
    stdin: TextIO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    csv_columns: CsvColumns | None = None,
) -> Iterator[Document | InputError]:
    """Yield a Document per input document and an InputError per unreadable input, in order.

    ``-`` reads one plain-text document from ``stdin`` (default ``sys.stdin``); directories
    are read recursively in sorted order. ``default_date`` (``YYYY-MM-DD``) is used for
    documents without a valid date of their own; a bad one raises ValueError here, at call
    time. Documents (and CSV rows, JSON lines) over ``max_bytes`` bytes are reported, not
    read. ``csv_columns`` names the CSV/TSV columns; None finds them by their usual names.
    """
    day = check_default_date(default_date)
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0:
        raise ValueError(f"max_bytes must be a positive integer, got {max_bytes!r}")
    if csv_columns is None:
        csv_columns = CsvColumns()
    elif not isinstance(csv_columns, CsvColumns):
        raise ValueError(
            f"csv_columns must be a CsvColumns or None, got {type(csv_columns).__name__}"
        )
    if isinstance(paths, str):
        paths = [paths]
    return _read_all(
        paths, default_date=day, stdin=stdin, max_bytes=max_bytes, csv_columns=csv_columns
    )


def _read_all(
    paths: Iterable[str],
    *,
    default_date: str | None,
    stdin: TextIO | None,
    max_bytes: int,
    csv_columns: CsvColumns,
) -> Iterator[Document | InputError]:
    for source in plan_sources(paths):
        if isinstance(source, InputError):
            logger.debug("cannot read %s", source)
            yield source
        elif isinstance(source, StdinSource):
            yield read_stdin(source, stdin, default_date=default_date, max_bytes=max_bytes)
        else:
            yield from read_file(
                source, default_date=default_date, max_bytes=max_bytes, csv_columns=csv_columns
            )
