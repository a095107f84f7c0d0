"""``casus code``: code documents and print their events."""

from __future__ import annotations

import json
import sys

import click
from rich.console import Console

from casus.api import code_inputs
from casus.cli.render import render_table
from casus.export.formats import to_jsonl_line, to_plover
from casus.settings import Settings


@click.command("code")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--date",
    "date",
    metavar="YYYY-MM-DD",
    default=None,
    help="Date for documents that carry none of their own.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl", "plover"]),
    default="table",
    show_default=True,
    help="table: readable; jsonl: the output contract; plover: PLOVER records.",
)
@click.option(
    "--model",
    default=Settings().model,
    show_default=True,
    help="spaCy model package to load (installed, never downloaded).",
)
@click.option(
    "--no-comment", is_flag=True, help="Do not code sentences of analyst comment sections."
)
@click.option(
    "--keep-untargeted",
    is_flag=True,
    help="Keep appeals, aid, demands, accusations and sanctions whose target is unknown, and "
    "bare mentions of event nouns with no target (dropped by default).",
)
def code_cmd(
    inputs: tuple[str, ...],
    date: str | None,
    fmt: str,
    model: str,
    no_comment: bool,
    keep_untargeted: bool,
) -> None:
    """Code INPUTS (text files, '-' for stdin, .jsonl, .html, folders) into events.

    Unreadable inputs are reported with file and line on stderr and skipped; the exit status
    is 1 when anything was skipped.
    """
    settings = Settings(
        model=model, code_comment=not no_comment, directed_only=not keep_untargeted
    )
    err = Console(stderr=True)
    out = Console()
    skipped = 0

    def on_error(exc) -> None:
        nonlocal skipped
        skipped += 1
        err.print(f"[yellow]skipped[/] {exc}", highlight=False, markup=True)

    try:
        results = code_inputs(inputs, settings=settings, default_date=date, on_error=on_error)
        for doc, events in results:
            if fmt == "jsonl":
                for ev in events:
                    sys.stdout.write(to_jsonl_line(ev) + "\n")
            elif fmt == "plover":
                for ev in events:
                    sys.stdout.write(json.dumps(to_plover(ev), ensure_ascii=False) + "\n")
            else:
                render_table(out, doc, events)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--date") from None
    sys.stdout.flush()
    if skipped:
        err.print(f"{skipped} input(s) skipped; see messages above.")
        click.get_current_context().exit(1)
