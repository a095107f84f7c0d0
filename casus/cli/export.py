"""``casus export``: the events of a store as GDELT, ICEWS, ACLED-like, PLOVER, CSV, Parquet,
GraphML or GEXF."""

from __future__ import annotations

import sys

import click

from casus.cli.store import DB_OPTION, FILTER_KEYS, filter_options, make_filter
from casus.export.run import FORMATS, export, mentions_path
from casus.store import Store


@click.command("export")
@DB_OPTION
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(list(FORMATS)),
    help="; ".join(f"{f.name}: {f.help}" for f in FORMATS.values()) + ".",
)
@click.option(
    "-o",
    "--output",
    default=None,
    type=click.Path(dir_okay=False, writable=True),
    help="Write here instead of standard output (required for parquet).",
)
@click.option(
    "--mentions-out",
    default=None,
    type=click.Path(dir_okay=False, writable=True),
    help="With --format gdelt: also write the GDELT mentions table here "
    "(default with -o OUT.tsv: OUT.mentions.tsv).",
)
@click.option(
    "--table",
    type=click.Choice(["events", "mentions"]),
    default="events",
    show_default=True,
    help="With --format parquet: which table.",
)
@filter_options
def export_cmd(
    db: str, fmt: str, output: str | None, mentions_out: str | None, table: str, **kw
) -> None:
    """Export the events in the store matching the filters (the same as 'casus events')."""
    spec = FORMATS[fmt]
    flt = make_filter({k: kw[k] for k in FILTER_KEYS})
    if output is None and not spec.stdout:
        raise click.UsageError(
            f"--format {fmt} writes a binary file: give one with -o FILE (e.g. -o events.{fmt})"
        )
    if mentions_out is not None and fmt != "gdelt":
        raise click.UsageError("--mentions-out goes with --format gdelt only")
    if table != "events" and fmt != "parquet":
        raise click.UsageError("--table goes with --format parquet only")
    if fmt == "gdelt" and mentions_out is None and output is not None:
        mentions_out = str(mentions_path(output))
    out = output if output is not None else (sys.stdout.buffer if spec.binary else sys.stdout)
    with Store(db, read_only=True) as store:
        result = export(store, fmt, out, flt=flt, table=table, mentions_out=mentions_out)
    if output is not None:
        what = "edges" if fmt in ("graphml", "gexf") else "rows"
        msg = f"{result.rows} {what} written to {output}"
        if result.mention_rows is not None:
            msg += f"; {result.mention_rows} mention rows to {mentions_out}"
        click.echo(msg, err=True)
