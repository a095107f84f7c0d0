"""``casus eval``: score the coder on gold records."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from casus.api import evaluate_file
from casus.settings import Settings


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--show",
    type=click.Choice(["none", "misses", "all"]),
    default="none",
    show_default=True,
    help="List per-record misses and false positives.",
)
@click.option(
    "--convention",
    type=click.Choice(["cameo", "petrarch"]),
    default="cameo",
    show_default=True,
    help="cameo: score codes as casus gives them ('will meet' is 036, an intention). "
    "petrarch: score a future event by the act beneath it ('will meet' as 04), as PETRARCH-2 "
    "codes regardless of tense; PETRARCH-2 records only.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--model", default=Settings().model, show_default=True, help="spaCy model package.")
def eval_cmd(gold: Path, show: str, convention: str, as_json: bool, model: str) -> None:
    """Score the coder on GOLD (PLOVER or PETRARCH-2 gold records, JSONL): precision, recall
    and F1 of (root, source country, target country), overall and by root."""
    report = evaluate_file(gold, settings=Settings(model=model), convention=convention)
    p, r, f = report.scores
    if as_json:
        click.echo(
            json.dumps(
                {
                    "precision": p,
                    "recall": r,
                    "f1": f,
                    "tp": report.tp,
                    "fp": report.fp,
                    "fn": report.fn,
                    "convention": convention,
                    "by_root": {k: dict(v) for k, v in report.by_root.items()},
                    "records": report.records,
                },
                indent=1,
            )
        )
        return
    con = Console()
    if show != "none":
        for rec in report.records:
            if show == "misses" and not (rec["missed"] or rec["false_positives"]):
                continue
            con.print(f"[bold]{rec['id']}[/] {rec['text']}", highlight=False)
            con.print(f"  gold: {rec['gold']}\n  pred: {rec['predicted']}", highlight=False)
            if rec["missed"]:
                con.print(f"  [red]missed[/]: {rec['missed']}", highlight=False)
            if rec["false_positives"]:
                con.print(
                    f"  [yellow]false positives[/]: {rec['false_positives']}", highlight=False
                )
    table = Table(title=f"{gold.name}: by root")
    for col in ("root", "gold", "tp", "fp", "fn", "P", "R", "F1"):
        table.add_column(col, justify="right")
    for root in sorted(report.by_root):
        c = report.by_root[root]
        rp, rr, rf = report.prf(c["tp"], c["fp"], c["fn"])
        table.add_row(
            root,
            str(c["tp"] + c["fn"]),
            str(c["tp"]),
            str(c["fp"]),
            str(c["fn"]),
            f"{rp:.2f}",
            f"{rr:.2f}",
            f"{rf:.2f}",
        )
    con.print(table)
    click.echo(
        f"records: {len(report.records)}  gold events: {report.tp + report.fn}  "
        f"predicted: {report.tp + report.fp}"
    )
    click.echo(f"tp={report.tp} fp={report.fp} fn={report.fn}")
    click.echo(f"precision={p:.3f} recall={r:.3f} F1={f:.3f}")
