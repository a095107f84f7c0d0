"""``casus ingest`` and ``casus events``: a corpus into the store, and events out of it."""

from __future__ import annotations

import csv
import json
import sys
import time

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from casus.settings import Settings
from casus.store import DEFAULT_DB, EventFilter, Store, ingest

DB_OPTION = click.option(
    "--db",
    default=DEFAULT_DB,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="DuckDB store file.",
)


@click.command("ingest")
@click.argument("inputs", nargs=-1, required=True)
@DB_OPTION
@click.option("--date", default=None, metavar="YYYY-MM-DD", help="Date for undated documents.")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Processes parsing in parallel.",
)
@click.option(
    "--model", default=Settings().model, show_default=True, help="spaCy model package to load."
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option(
    "--csv-column",
    "csv_column",
    multiple=True,
    metavar="ROLE=NAME",
    help="CSV/TSV column for a role (text, id, date, url, outlet, title, language), e.g. "
    "--csv-column text=body; roles not named are found by their usual header names.",
)
def ingest_cmd(
    inputs: tuple[str, ...],
    db: str,
    date: str | None,
    workers: int,
    model: str,
    quiet: bool,
    csv_column: tuple[str, ...],
) -> None:
    """Ingest INPUTS (folders, .txt, .jsonl, .html, .gz…) into the store: each document once,
    its event mentions, and the events they make across reports.

    Unreadable inputs are recorded in the store's ingest_errors table and listed; the rest goes
    on. Running the same inputs again adds nothing; a killed run is finished by running it again.
    """
    err = Console(stderr=True)
    read_options = {"csv_columns": _csv_columns(csv_column)} if csv_column else None
    store = Store(db)
    settings = Settings(model=model)
    start = time.perf_counter()
    errors: list[str] = []
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(bar_width=None),
        TextColumn(
            "{task.fields[docs]} new · {task.fields[known]} known · "
            "{task.fields[rate]:.1f} docs/s · {task.fields[mentions]} event mentions"
        ),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
        transient=False,
    )

    with progress:
        task = progress.add_task("ingesting", total=None, docs=0, known=0, rate=0.0, mentions=0)

        def on_progress(p) -> None:
            elapsed = max(time.perf_counter() - start, 1e-6)
            progress.update(
                task,
                docs=p.docs_new,
                known=p.docs_known,
                rate=p.docs_new / elapsed,
                mentions=p.mentions,
            )

        def on_error(exc) -> None:
            errors.append(str(exc))

        try:
            summary = ingest(
                list(inputs),
                store,
                settings=settings,
                workers=workers,
                default_date=date,
                on_error=on_error,
                on_progress=on_progress,
                read_options=read_options,
            )
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--date") from None
        progress.update(task, description="done")
    elapsed = time.perf_counter() - start
    counts = store.counts()
    store.close()
    for e in errors:
        err.print(f"[yellow]skipped[/] {e}", highlight=False)
    click.echo(
        f"{summary.docs_new} new document(s), {summary.docs_known} already stored, "
        f"{summary.errors} unreadable; {summary.mentions_new} new event mention(s) in "
        f"{elapsed:.1f} s ({summary.docs_new / max(elapsed, 1e-6):.1f} docs/s)."
    )
    click.echo(
        f"{db}: {counts['documents']} documents, {counts['mentions']} event mentions, "
        f"{counts['events']} events, {counts['facts']} actor facts, "
        f"{counts['ingest_errors']} ingest errors."
    )
    if errors:
        click.get_current_context().exit(1)


def _csv_columns(pairs: tuple[str, ...]):
    from dataclasses import fields

    from casus.ingest.csvfile import CsvColumns

    roles = {f.name for f in fields(CsvColumns)}
    named: dict[str, str] = {}
    for pair in pairs:
        role, sep, name = pair.partition("=")
        if not sep or role not in roles or not name:
            raise click.BadParameter(
                f"expected ROLE=NAME with ROLE one of {', '.join(sorted(roles))}, got {pair!r}",
                param_hint="--csv-column",
            )
        named[role] = name
    return CsvColumns(**named)


EVENT_COLUMNS = (
    "event_id",
    "date",
    "cameo_code",
    "plover_type",
    "source_country",
    "source_actor_id",
    "source_text",
    "target_country",
    "target_actor_id",
    "target_text",
    "modality",
    "certainty",
    "num_mentions",
    "num_sources",
    "num_articles",
    "num_background",
    "first_seen",
    "last_seen",
    "goldstein",
    "quad_class",
    "sentence",
)


def filter_options(fn):
    """The event filters shared by ``casus events`` and ``casus export``."""
    opts = [
        click.option("--actor", help="Actor id, or words of an actor's name, on either side."),
        click.option("--dyad", help="SOURCE:TARGET, countries or actor ids (IRQ:USA)."),
        click.option("--source", help="Source country or actor id."),
        click.option("--target", help="Target country or actor id."),
        click.option("--country", help="Either side's country (ISO alpha-3)."),
        click.option("--code", help="CAMEO code or prefix (19, 190, 1951)."),
        click.option("--root", help="CAMEO root, two digits."),
        click.option("--plover", help="PLOVER type (ASSAULT, THREATEN…)."),
        click.option("--since", metavar="YYYY-MM-DD", help="Events on or after this day."),
        click.option("--until", metavar="YYYY-MM-DD", help="Events on or before this day."),
        click.option("--modality", help="actual, future, conditional…"),
        click.option("--certainty", help="asserted, claimed, reported, unconfirmed, denied."),
        click.option("--text", help="Words in any sentence that reports the event."),
    ]
    for opt in reversed(opts):
        fn = opt(fn)
    return fn


def make_filter(kw: dict) -> EventFilter:
    try:
        return EventFilter.of(**kw)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


FILTER_KEYS = (
    "actor",
    "dyad",
    "source",
    "target",
    "country",
    "code",
    "root",
    "plover",
    "since",
    "until",
    "modality",
    "certainty",
    "text",
)


@click.command("events")
@DB_OPTION
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl", "csv"]),
    default="table",
    show_default=True,
)
@click.option("--limit", default=None, type=click.IntRange(1), help="At most this many.")
@click.option(
    "--order",
    type=click.Choice(["date", "-date", "mentions", "goldstein"]),
    default="date",
    show_default=True,
)
@click.option(
    "--mentions",
    "with_mentions",
    is_flag=True,
    help="With --format jsonl: each event with its mentions.",
)
def events_cmd(db: str, fmt: str, limit: int | None, order: str, with_mentions: bool, **kw) -> None:
    """Events in the store (each counted once however many reports carry it), filtered."""
    flt = make_filter({k: kw[k] for k in FILTER_KEYS})
    with Store(db, read_only=True) as store:
        rows = store.events(flt, limit=limit, order=order)
        if fmt == "jsonl":
            for row in rows:
                if with_mentions:
                    row = store.event(row["event_id"]) or row
                sys.stdout.write(json.dumps(row, default=str, ensure_ascii=False) + "\n")
        elif fmt == "csv":
            writer = csv.writer(sys.stdout)
            writer.writerow(EVENT_COLUMNS)
            for row in rows:
                writer.writerow(["" if row[c] is None else row[c] for c in EVENT_COLUMNS])
        else:
            _table(rows, store.count_events(flt))


def _side(text: str | None, code: str | None) -> str:
    words = (text or "—").strip() or "—"
    if len(words) > 28:
        words = words[:27] + "…"
    return f"{code or '?'} {words}"


def _table(rows: list[dict], total: int) -> None:
    table = Table(title=f"{len(rows)} of {total} events", show_lines=False, expand=True)
    for col, kw in (
        ("date", {"no_wrap": True}),
        ("code", {"no_wrap": True}),
        ("source → target", {"ratio": 2}),
        ("reports", {"no_wrap": True, "justify": "right"}),
        ("outlets", {"no_wrap": True, "justify": "right"}),
        ("certainty", {"no_wrap": True}),
        ("sentence", {"ratio": 3}),
    ):
        table.add_column(col, **kw)
    for r in rows:
        source = _side(r["source_text"], r["source_cameo"] or r["source_country"])
        target = _side(r["target_text"], r["target_cameo"] or r["target_country"])
        mode = "" if r["modality"] == "actual" else f" ({r['modality']})"
        sentence = r["sentence"] if len(r["sentence"]) <= 140 else r["sentence"][:139] + "…"
        table.add_row(
            str(r["date"] or ""),
            f"{r['cameo_code']} {r['plover_type']}",
            f"{source} → {target}",
            f"{r['num_mentions']}"
            + (f" ({r['num_background']} bg)" if r["num_background"] else ""),
            str(r["num_sources"]),
            r["certainty"] + mode,
            sentence,
        )
    Console().print(table)
