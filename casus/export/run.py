"""``export``: the events of a store matching a filter, written in one of :data:`FORMATS`."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from casus.export.acled import write_acled
from casus.export.formats import write_plover_events
from casus.export.gdelt import write_gdelt, write_gdelt_mentions
from casus.export.icews import write_icews
from casus.export.network import write_network
from casus.export.tabular import PARQUET_TABLES, event_columns, write_csv, write_parquet
from casus.store import EventFilter, Store

__all__ = ["FORMATS", "ExportFormat", "ExportResult", "export", "mentions_path"]


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str
    binary: bool  # writes bytes rather than text
    stdout: bool  # may be written to standard output
    help: str


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("gdelt", False, True, "GDELT 2.0 event table, 61 columns, TSV, no header"),
        ExportFormat("icews", False, True, "ICEWS-style coded events, TSV with header"),
        ExportFormat("acled", False, True, "ACLED-like CSV of violence, protests and riots"),
        ExportFormat("plover", False, True, "one PLOVER JSON record per event, with evidence"),
        ExportFormat("csv", False, True, "the events table as CSV"),
        ExportFormat("parquet", True, False, "events (or --table mentions) as Parquet"),
        ExportFormat("graphml", True, True, "actor network as GraphML"),
        ExportFormat("gexf", True, True, "actor network as GEXF"),
    )
}


@dataclass(frozen=True, slots=True)
class ExportResult:
    rows: int
    mention_rows: int | None = None


def mentions_path(out: str | Path) -> Path:
    """Where ``--format gdelt -o OUT`` puts the mentions table: OUT.tsv → OUT.mentions.tsv,
    any other OUT → OUT.mentions.tsv appended."""
    out = Path(out)
    if out.suffix == ".tsv":
        return out.with_suffix(".mentions.tsv")
    return out.with_name(out.name + ".mentions.tsv")


@contextlib.contextmanager
def _opened(target: str | Path | IO[Any], binary: bool) -> Iterator[IO[Any]]:
    if isinstance(target, str | Path):
        if binary:
            with open(target, "wb") as fh:
                yield fh
        else:
            with open(target, "w", encoding="utf-8", newline="") as fh:
                yield fh
    else:
        yield target


def export(
    store: Store,
    fmt: str,
    out: str | Path | IO[Any],
    *,
    flt: EventFilter | None = None,
    table: str = "events",
    mentions_out: str | Path | IO[str] | None = None,
) -> ExportResult:
    """Write the events of ``store`` matching ``flt`` as ``fmt`` to ``out`` (a path, or a
    stream: a text stream for text formats, a binary one for ``FORMATS[fmt].binary``).
    ``table`` picks the Parquet table; ``mentions_out`` (gdelt only) also writes the GDELT
    mentions table there."""
    spec = FORMATS.get(fmt)
    if spec is None:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if table != "events" and fmt != "parquet":
        raise ValueError("table applies to --format parquet only")
    if table not in PARQUET_TABLES:
        raise ValueError(f"table must be one of {', '.join(PARQUET_TABLES)}, got {table!r}")
    if mentions_out is not None and fmt != "gdelt":
        raise ValueError("a mentions table is written with --format gdelt only")
    if fmt == "parquet":
        return ExportResult(write_parquet(store, out, flt=flt, table=table))
    events = store.events(flt)
    if fmt in ("graphml", "gexf"):
        with _opened(out, True) as fh:
            graph = write_network(events, fh, fmt)
        return ExportResult(graph.number_of_edges())
    if fmt == "csv":
        with _opened(out, False) as fh:
            return ExportResult(write_csv(events, event_columns(store), fh))
    mentions = store.event_mentions(flt)
    writer = {
        "gdelt": write_gdelt,
        "icews": write_icews,
        "acled": write_acled,
        "plover": write_plover_events,
    }[fmt]
    with _opened(out, False) as fh:
        n = writer(events, mentions, fh)
    if mentions_out is None:
        return ExportResult(n)
    with _opened(mentions_out, False) as fh:
        return ExportResult(n, write_gdelt_mentions(events, mentions, fh))
