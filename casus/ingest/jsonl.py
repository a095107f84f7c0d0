"""JSON Lines: one document object per line, read as a stream so large files stay cheap."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import IO, Any

from casus.errors import InputError
from casus.ingest.dates import DATE_HELP, parse_date
from casus.ingest.decoding import (
    EMPTY_MESSAGE,
    bad_utf8_message,
    normalise_text,
    too_large_message,
)
from casus.models import Document

__all__ = ["parse_record", "read_jsonl"]

logger = logging.getLogger(__name__)

_EXPECTED = 'expected one JSON object per line with a "text" string'
_OPTIONAL_FIELDS = ("url", "outlet", "title")
_CHUNK = 1 << 20


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _optional_str(record: dict[str, Any], name: str) -> str | None:
    """The field as a string or None; raise ValueError if it has another type."""
    value = record.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f'"{name}" must be a string or null, got {_json_type(value)}')
    return value


def _record_id(record: dict[str, Any], fallback: str) -> str:
    value = record.get("id")
    if value is None or value == "":
        return fallback
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f'"id" must be a string or an integer, got {_json_type(value)}')


def _record_date(record: dict[str, Any], default_date: str | None) -> str | None:
    value = record.get("date")
    if value is None or value == "":
        return default_date
    if not isinstance(value, str):
        raise ValueError(f'"date" must be a string, got {_json_type(value)}; {DATE_HELP}')
    day = parse_date(value)
    if day is None:
        raise ValueError(f'bad "date" {value!r}; {DATE_HELP}')
    return day


def parse_record(
    line: str, *, lineno: int, path: str, key: str, default_date: str | None
) -> Document | InputError:
    """Turn one non-blank line into a Document, or an InputError saying what is wrong."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        message = f"invalid JSON ({exc.msg} at column {exc.colno}); {_EXPECTED}"
        if lineno == 1 and line.lstrip().startswith("["):
            message += "; the file looks like a JSON array, convert it with: jq -c '.[]'"
        return InputError(message, path=path, line=lineno)
    except (ValueError, RecursionError) as exc:
        return InputError(f"invalid JSON ({exc}); {_EXPECTED}", path=path, line=lineno)
    if not isinstance(record, dict):
        return InputError(f"got {_json_type(record)}; {_EXPECTED}", path=path, line=lineno)
    text = record.get("text")
    if text is None:
        return InputError(f'missing "text" field; {_EXPECTED}', path=path, line=lineno)
    if not isinstance(text, str):
        message = f'"text" must be a string, got {_json_type(text)}; {_EXPECTED}'
        return InputError(message, path=path, line=lineno)
    if not text.strip():
        message = f'"text" is empty; {_EXPECTED} holding the document text'
        return InputError(message, path=path, line=lineno)
    try:
        return Document(
            id=_record_id(record, f"{key}:{lineno}"),
            text=normalise_text(text),
            date=_record_date(record, default_date),
            url=_optional_str(record, "url"),
            outlet=_optional_str(record, "outlet"),
            title=_optional_str(record, "title"),
            language=_optional_str(record, "language") or "en",
        )
    except ValueError as exc:
        return InputError(str(exc), path=path, line=lineno)


def read_jsonl(
    stream: IO[bytes], *, path: str, key: str, default_date: str | None, max_bytes: int
) -> Iterator[Document | InputError]:
    """Yield one Document or InputError per non-blank line of a binary stream.

    A line longer than ``max_bytes`` is skipped without being held in memory. Missing ids
    become ``<key>:<line>``.
    """
    offset = 0
    lineno = 0
    seen_content = False
    while raw := stream.readline(max_bytes + 1):
        lineno += 1
        start = offset
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            size = len(raw)
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(_CHUNK)
                size += len(raw)
            offset += size
            seen_content = True
            body_size = size - 1 if raw.endswith(b"\n") else size
            yield InputError(too_large_message(body_size, max_bytes), path=path, line=lineno)
            continue
        offset += len(raw)
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            seen_content = True
            message = bad_utf8_message(
                raw[exc.start], line=lineno, column=exc.start + 1, offset=start + exc.start
            )
            yield InputError(message, path=path, line=lineno)
            continue
        if lineno == 1:
            line = line.removeprefix("\ufeff")
        if not line.strip():
            continue
        seen_content = True
        yield parse_record(line, lineno=lineno, path=path, key=key, default_date=default_date)
    if not seen_content:
        yield InputError(EMPTY_MESSAGE, path=path)
    logger.debug("read %d lines from %s", lineno, path)
