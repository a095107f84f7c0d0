"""The events table as CSV, and events or mentions as Parquet (written by DuckDB's COPY).

CSV has a header with every column of the events table in table order. An empty field is
NULL, so an empty optional text reads back as NULL (a required one, such as ``sentence``,
as ""). Lists (affiliations) are JSON arrays, ``location`` its JSON text, booleans ``true``
or ``false``, dates YYYY-MM-DD. Rows end in CRLF (RFC 4180) and a field with a comma,
quote, CR or LF is quoted, so text comes back exactly. :func:`read_csv_events` reads it.

Parquet keeps DuckDB's own column types (lists stay lists, dates stay dates). ``events`` is
the events matching a filter; ``mentions`` is the stored mentions of those events (every
stored mention, negated and hypothetical ones included, when no filter is given).
"""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import IO, Any, TextIO

from casus.export.common import EventRow
from casus.store import EventFilter, Store
from casus.store.query import build_where

__all__ = ["PARQUET_TABLES", "event_columns", "read_csv_events", "write_csv", "write_parquet"]

PARQUET_TABLES = ("events", "mentions")
_LISTS = ("source_affiliations", "target_affiliations")
_REQUIRED = (
    "event_id",
    "cameo_code",
    "cameo_root",
    "plover_type",
    "modality",
    "certainty",
    "sentence",
)
_INTS = ("quad_class", "num_mentions", "num_sources", "num_articles", "num_background")


def event_columns(store: Store) -> list[str]:
    """The columns of the store's events table, in order."""
    cur = store.con.execute("SELECT * FROM events LIMIT 0")
    return [d[0] for d in cur.description]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv(events: Iterable[EventRow], columns: Sequence[str], out: TextIO) -> int:
    """Write a header and one CSV row per event; returns the number of rows."""
    writer = csv.writer(out)  # RFC 4180: CRLF rows, so a lone CR in a field is quoted
    writer.writerow(columns)
    n = 0
    for e in events:
        writer.writerow([_cell(e[c]) for c in columns])
        n += 1
    return n


def read_csv_events(fh: TextIO) -> list[dict[str, Any]]:
    """Rows written by :func:`write_csv` back as event dicts with their types (dates as
    ``datetime.date``, counts as ints, Goldstein as a float, lists as lists)."""
    out = []
    for row in csv.DictReader(fh):
        ev: dict[str, Any] = {k: (v if v != "" or k in _REQUIRED else None) for k, v in row.items()}
        for k in _LISTS:
            if ev.get(k) is not None:
                ev[k] = json.loads(ev[k])
        for k in _INTS:
            if ev.get(k) is not None:
                ev[k] = int(ev[k])
        for k in ("date", "first_seen", "last_seen"):
            if ev.get(k) is not None:
                ev[k] = date.fromisoformat(ev[k])
        if ev.get("goldstein") is not None:
            ev["goldstein"] = float(ev["goldstein"])
        if ev.get("background_only") is not None:
            ev["background_only"] = ev["background_only"] == "true"
        out.append(ev)
    return out


def _sql(table: str, flt: EventFilter | None) -> tuple[str, list[Any]]:
    if table not in PARQUET_TABLES:
        raise ValueError(f"table must be one of {', '.join(PARQUET_TABLES)}, got {table!r}")
    where, params = build_where(flt or EventFilter())
    if table == "events":
        return f"SELECT * FROM events e {where} ORDER BY date NULLS LAST, event_id", params
    if not where:
        return "SELECT * FROM mentions ORDER BY doc_id, sentence_index, ev_start", params
    return (
        "SELECT * FROM mentions WHERE mention_id IN (SELECT em.mention_id FROM event_mentions em"
        f" WHERE em.event_id IN (SELECT e.event_id FROM events e {where}))"
        " ORDER BY doc_id, sentence_index, ev_start",
        params,
    )


def write_parquet(
    store: Store,
    out: str | Path | IO[bytes],
    *,
    flt: EventFilter | None = None,
    table: str = "events",
) -> int:
    """Write ``table`` (``events`` or ``mentions``) of the events matching ``flt`` to a
    Parquet file at ``out`` (a path, or a binary stream it is copied into); returns the
    number of rows."""
    sql, params = _sql(table, flt)
    if not isinstance(out, str | Path):
        with tempfile.TemporaryDirectory(prefix="casus-export-") as tmp:
            path = Path(tmp) / f"{table}.parquet"
            n = write_parquet(store, path, flt=flt, table=table)
            with path.open("rb") as fh:
                shutil.copyfileobj(fh, out)
            return n
    target = str(out).replace("'", "''")
    store.con.execute(f"COPY ({sql}) TO '{target}' (FORMAT parquet)", params)
    count = store.con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()
    return int(count[0])
