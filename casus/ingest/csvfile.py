"""CSV and TSV: a header row, then one document per row, read as a stream.

Which column holds what is a ``CsvColumns``; a role left as None is found in the header by its
usual names (``text``, ``body``, ``content``, ``article`` for the text, and so on), matched
without regard to case or surrounding spaces. Line numbers in messages are physical lines of
the file, so a row whose quoted text spans several lines is reported at the line it starts on.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import IO

from casus.errors import InputError
from casus.ingest.dates import DATE_HELP, parse_date
from casus.ingest.decoding import (
    EMPTY_MESSAGE,
    bad_utf8_message,
    normalise_text,
    too_large_message,
)
from casus.models import Document

__all__ = ["AUTO_COLUMNS", "CsvColumns", "read_csv"]

logger = logging.getLogger(__name__)

# Header names tried, in order, for each role the user does not name.
AUTO_COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article"),
    "id": ("id",),
    "date": ("date", "published", "publish_date", "pubdate"),
    "url": ("url", "link"),
    "outlet": ("outlet", "source"),
    "title": ("title", "headline"),
    "language": ("language", "lang"),
}
_CHUNK = 1 << 20
# The largest field size the csv module accepts on every platform (a C long may be 32 bits).
_FIELD_LIMIT_CAP = 2**31 - 1


@dataclass(frozen=True, slots=True)
class CsvColumns:
    """Which CSV/TSV column holds each part of a document; None means find it by its usual names.

    A column named here must be in the header, or the file is reported and skipped. Only the
    text column is required; the others are read when present.
    """

    text: str | None = None
    id: str | None = None
    date: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    language: str | None = None

    def __post_init__(self) -> None:
        for role in fields(self):
            value = getattr(self, role.name)
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise ValueError(
                    f"csv_columns.{role.name} must be a non-empty column name or None, "
                    f"got {value!r}"
                )


class _Lines:
    """Decoded lines of a binary stream for ``csv.reader``, remembering which lines were bad.

    A line with invalid UTF-8 is passed on with replacement characters, and a line over
    ``max_bytes`` is skipped unread (an empty line, or a lone quote if it held an odd number
    of quotes, stands in for it so the parser's quoting state stays right); ``bad`` says why,
    and the row holding such a line is reported instead of read.
    """

    def __init__(self, stream: IO[bytes], max_bytes: int) -> None:
        self._stream = stream
        self._max_bytes = max_bytes
        self.lineno = 0
        self.offset = 0
        self.bad: dict[int, str] = {}

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        raw = self._stream.readline(self._max_bytes + 1)
        if not raw:
            raise StopIteration
        self.lineno += 1
        start = self.offset
        self.offset += len(raw)
        if len(raw) > self._max_bytes and not raw.endswith(b"\n"):
            return self._skip_long_line(raw)
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.bad[self.lineno] = bad_utf8_message(
                raw[exc.start], line=self.lineno, column=exc.start + 1, offset=start + exc.start
            )
            line = raw.decode("utf-8", errors="replace")
        if self.lineno == 1:
            line = line.removeprefix("\ufeff")
        return line

    def _skip_long_line(self, head: bytes) -> str:
        quotes, chunk = head.count(b'"'), head
        while chunk and not chunk.endswith(b"\n"):
            chunk = self._stream.readline(_CHUNK)
            self.offset += len(chunk)
            quotes += chunk.count(b'"')
        self.bad[self.lineno] = too_large_message(None, self._max_bytes)
        return '"\n' if quotes % 2 else "\n"


def _resolve(header: list[str], columns: CsvColumns) -> dict[str, int] | str:
    """Column index of each role found in the header, or a message saying what is missing."""
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        positions.setdefault(name.strip().lower(), index)
    found: dict[str, int] = {}
    for role, candidates in AUTO_COLUMNS.items():
        named = getattr(columns, role)
        if named is not None:
            index = positions.get(named.strip().lower())
            if index is None:
                return f"no column {named!r} (given as the {role} column)"
            found[role] = index
            continue
        for candidate in candidates:
            if candidate in positions:
                found[role] = positions[candidate]
                break
    if "text" not in found:
        return "no text column (looked for " + ", ".join(AUTO_COLUMNS["text"]) + ")"
    return found


def _cell(row: list[str], found: dict[str, int], role: str) -> str | None:
    index = found.get(role)
    if index is None or index >= len(row):
        return None
    return row[index].strip() or None


def _row_document(
    row: list[str],
    *,
    header: list[str],
    found: dict[str, int],
    fallback_id: str,
    default_date: str | None,
) -> Document | str:
    """The row as a Document, or a message saying what is wrong with it."""
    text_name = header[found["text"]].strip()
    if len(row) > len(header):
        return (
            f"row has {len(row)} fields but the header has {len(header)}; "
            "quote fields that contain the delimiter"
        )
    if found["text"] >= len(row):
        return f"row has {len(row)} fields and no value for the text column {text_name!r}"
    text = row[found["text"]]
    if not text.strip():
        return f"text column {text_name!r} is empty"
    raw_date = _cell(row, found, "date")
    day = default_date
    if raw_date is not None:
        day = parse_date(raw_date)
        if day is None:
            return f"bad date {raw_date!r}; {DATE_HELP}"
    return Document(
        id=_cell(row, found, "id") or fallback_id,
        text=normalise_text(text),
        date=day,
        url=_cell(row, found, "url"),
        outlet=_cell(row, found, "outlet"),
        title=_cell(row, found, "title"),
        language=_cell(row, found, "language") or "en",
    )


def read_csv(
    stream: IO[bytes],
    *,
    path: str,
    key: str,
    delimiter: str,
    columns: CsvColumns,
    default_date: str | None,
    max_bytes: int,
) -> Iterator[Document | InputError]:
    """Yield one Document or InputError per data row of a binary CSV/TSV stream.

    Blank rows are skipped. Missing ids become ``<key>:<n>``, ``n`` counting data rows from 1
    (blank rows not counted), so the ids do not change when the file is read again. A row over
    ``max_bytes`` bytes is reported, and so is a row holding invalid UTF-8. An error from the
    csv parser itself is reported and the rest of the file is not read, because after it the
    row boundaries are unknown.
    """
    # The limit is process-wide; it is only ever raised, so other readers are not hurt.
    csv.field_size_limit(max(csv.field_size_limit(), min(max_bytes, _FIELD_LIMIT_CAP)))
    lines = _Lines(stream, max_bytes)
    reader = csv.reader(lines, delimiter=delimiter)
    header: list[str] | None = None
    found: dict[str, int] = {}
    rows = 0
    end_line = end_offset = 0
    try:
        for row in reader:
            start_line, start_offset = end_line + 1, end_offset
            end_line, end_offset = lines.lineno, lines.offset
            bad_lines = [n for n in range(start_line, end_line + 1) if n in lines.bad]
            if not bad_lines and not any(cell.strip() for cell in row):
                continue
            if header is None:
                if bad_lines:
                    yield InputError(lines.bad[bad_lines[0]], path=path, line=bad_lines[0])
                    return
                header = row
                resolved = _resolve(header, columns)
                if isinstance(resolved, str):
                    names = ", ".join(repr(name.strip()) for name in header)
                    message = (
                        f"{resolved}; the header has: {names}; name the text column with "
                        "csv_columns=CsvColumns(text=...)"
                    )
                    yield InputError(message, path=path, line=start_line)
                    return
                found = resolved
                continue
            rows += 1
            if bad_lines:
                yield InputError(lines.bad[bad_lines[0]], path=path, line=bad_lines[0])
                continue
            size = end_offset - start_offset
            if size > max_bytes:
                yield InputError(too_large_message(size, max_bytes), path=path, line=start_line)
                continue
            result = _row_document(
                row,
                header=header,
                found=found,
                fallback_id=f"{key}:{rows}",
                default_date=default_date,
            )
            if isinstance(result, str):
                yield InputError(result, path=path, line=start_line)
            else:
                yield result
    except csv.Error as exc:
        message = f"malformed CSV ({exc}); stopped reading this file"
        yield InputError(message, path=path, line=lines.lineno or None)
        return
    if header is None:
        yield InputError(EMPTY_MESSAGE, path=path)
    elif rows == 0:
        yield InputError("no rows after the header, nothing to code", path=path)
    logger.debug("read %d rows from %s", rows, path)
