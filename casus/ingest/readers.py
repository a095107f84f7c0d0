"""Read one source (file or stdin) into Documents, turning every failure into an InputError."""

from __future__ import annotations

import gzip
import logging
import stat
import sys
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, TextIO

from casus.errors import InputError
from casus.ingest.csvfile import CsvColumns, read_csv
from casus.ingest.dates import header_date, parse_date
from casus.ingest.decoding import (
    SNIFF_BYTES,
    UTF8_HINT,
    decode_text,
    sniff_binary,
    too_large_message,
)
from casus.ingest.feeds import read_feed
from casus.ingest.htmltext import extract_html
from casus.ingest.jsonl import read_jsonl
from casus.ingest.sources import CSV, FEED, HTML, JSONL, TSV, FileSource, StdinSource
from casus.models import Document

__all__ = ["read_file", "read_stdin"]

logger = logging.getLogger(__name__)

STDIN_PATH = "<stdin>"
_GZIP_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)
_DELIMITERS = {CSV: ",", TSV: "\t"}
_DEFAULT_COLUMNS = CsvColumns()


def _os_error_message(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied: cannot read this file"
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, IsADirectoryError):
        return "is a directory, expected a file"
    return f"cannot read this file: {exc.strerror or exc}"


@contextmanager
def _open_binary(source: FileSource) -> Iterator[IO[bytes]]:
    """The file's bytes, decompressed when it is gzip."""
    with source.path.open("rb") as raw:
        if source.compressed:
            with gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
                yield unzipped
        else:
            yield raw


def _read_limited(source: FileSource, max_bytes: int) -> bytes | InputError:
    """The whole (decompressed) document, or an InputError if unreadable or too large."""
    try:
        if not source.compressed:
            info = source.path.stat()
            if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
                return InputError(too_large_message(info.st_size, max_bytes), path=source.display)
        with _open_binary(source) as stream:
            data = stream.read(max_bytes + 1)
    except _GZIP_ERRORS as exc:
        return InputError(f"not a valid gzip file ({exc})", path=source.display)
    except OSError as exc:
        return InputError(_os_error_message(exc), path=source.display)
    if len(data) > max_bytes:
        return InputError(too_large_message(None, max_bytes), path=source.display)
    return data


def _check_head(source: FileSource) -> InputError | None:
    """Reject a binary .jsonl/.csv up front instead of reporting every line of it."""
    try:
        with _open_binary(source) as stream:
            head = stream.read(SNIFF_BYTES)
    except _GZIP_ERRORS as exc:
        return InputError(f"not a valid gzip file ({exc})", path=source.display)
    except OSError as exc:
        return InputError(_os_error_message(exc), path=source.display)
    reason = sniff_binary(head)
    return InputError(reason, path=source.display) if reason else None


def _read_stream(
    source: FileSource, read: Callable[[IO[bytes]], Iterator[Document | InputError]]
) -> Iterator[Document | InputError]:
    """Open ``source`` (gunzipping it when it is gzip) and yield what ``read`` makes of the
    byte stream; a bad head, a broken gzip or an OS error becomes one InputError."""
    problem = _check_head(source)
    if problem is not None:
        yield problem
        return
    try:
        with _open_binary(source) as stream:
            yield from read(stream)
    except _GZIP_ERRORS as exc:
        yield InputError(f"not a valid gzip file ({exc}); stopped reading", path=source.display)
    except OSError as exc:
        yield InputError(_os_error_message(exc), path=source.display)


def _read_jsonl_file(
    source: FileSource, default_date: str | None, max_bytes: int
) -> Iterator[Document | InputError]:
    return _read_stream(
        source,
        lambda stream: read_jsonl(
            stream,
            path=source.display,
            key=source.key,
            default_date=default_date,
            max_bytes=max_bytes,
        ),
    )


def _read_csv_file(
    source: FileSource, columns: CsvColumns, default_date: str | None, max_bytes: int
) -> Iterator[Document | InputError]:
    return _read_stream(
        source,
        lambda stream: read_csv(
            stream,
            path=source.display,
            key=source.key,
            delimiter=_DELIMITERS[source.kind],
            columns=columns,
            default_date=default_date,
            max_bytes=max_bytes,
        ),
    )


def _html_document(
    source: FileSource, markup: str, default_date: str | None
) -> Document | InputError:
    try:
        page = extract_html(markup)
    except ValueError as exc:
        return InputError(f"cannot parse this HTML ({exc})", path=source.display)
    if not page.text.strip():
        return InputError(
            "no readable text in this HTML page (after dropping scripts, navigation, "
            "headers and footers)",
            path=source.display,
        )
    dates = (parse_date(candidate) for candidate in page.dates)
    return Document(
        id=source.key,
        text=page.text,
        date=next((day for day in dates if day), default_date),
        url=page.url,
        outlet=page.outlet,
        title=page.title,
    )


def read_file(
    source: FileSource,
    *,
    default_date: str | None,
    max_bytes: int,
    csv_columns: CsvColumns = _DEFAULT_COLUMNS,
) -> Iterator[Document | InputError]:
    """Yield the documents of one file, and an InputError for each part that cannot be read."""
    logger.debug("reading %s as %s", source.display, source.kind)
    if source.kind == JSONL:
        yield from _read_jsonl_file(source, default_date, max_bytes)
        return
    if source.kind in _DELIMITERS:
        yield from _read_csv_file(source, csv_columns, default_date, max_bytes)
        return
    data = _read_limited(source, max_bytes)
    if isinstance(data, InputError):
        yield data
        return
    if source.kind == FEED:
        yield from read_feed(data, path=source.display, key=source.key, default_date=default_date)
        return
    text = decode_text(data, source.display)
    if isinstance(text, InputError):
        yield text
    elif source.kind == HTML:
        yield _html_document(source, text, default_date)
    else:
        yield Document(id=source.key, text=text, date=header_date(text) or default_date)


def read_stdin(
    source: StdinSource, stream: TextIO | None, *, default_date: str | None, max_bytes: int
) -> Document | InputError:
    """One plain-text document from ``stream`` (default ``sys.stdin``, read as raw bytes)."""
    stream = sys.stdin if stream is None else stream
    buffer = getattr(stream, "buffer", None)
    try:
        if buffer is not None:
            data = buffer.read(max_bytes + 1)
        else:
            raw_text = stream.read(max_bytes + 1)
            data = raw_text.encode("utf-8", errors="surrogateescape")
    except UnicodeDecodeError as exc:
        return InputError(f"not valid UTF-8 ({exc.reason}); {UTF8_HINT}", path=STDIN_PATH)
    except (OSError, ValueError) as exc:
        return InputError(f"cannot read standard input: {exc}", path=STDIN_PATH)
    if len(data) > max_bytes:
        return InputError(too_large_message(None, max_bytes), path=STDIN_PATH)
    text = decode_text(data, STDIN_PATH)
    if isinstance(text, InputError):
        return text
    return Document(id=source.key, text=text, date=default_date)
