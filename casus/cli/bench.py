"""``casus bench``: words/s of coding against bare spaCy parsing, and peak memory."""

from __future__ import annotations

from pathlib import Path

import click

from casus.bench import default_texts, run_bench
from casus.settings import Settings


@click.command("bench")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--words", default=20000, show_default=True, help="Words to process per run.")
@click.option("--repeats", default=3, show_default=True, help="Runs of each; the best is kept.")
@click.option("--model", default=Settings().model, show_default=True, help="spaCy model package.")
def bench_cmd(files: tuple[Path, ...], words: int, repeats: int, model: str) -> None:
    """Print words/s of `casus code` and of bare nlp.pipe on the same text (FILES, or the
    bundled examples), the overhead of coding, and peak memory."""
    texts = [f.read_text(encoding="utf-8") for f in files] or default_texts()
    r = run_bench(texts, min_words=words, repeats=repeats, settings=Settings(model=model))
    click.echo(f"documents: {r.docs}  words: {r.words}  events: {r.events}")
    click.echo(f"bare nlp.pipe: {r.parse_wps:,.0f} words/s ({r.parse_seconds:.2f} s)")
    click.echo(f"casus code:    {r.code_wps:,.0f} words/s ({r.code_seconds:.2f} s)")
    click.echo(f"coding overhead over parsing: {r.overhead * 100:+.1f}%")
    if r.coding_only is not None:
        click.echo(
            f"casus parses {r.parsed_share:.0%} of the characters (no boilerplate) in "
            f"{r.pieces_seconds:.2f} s; coding alone over that parse: {r.coding_only * 100:+.1f}%"
        )
    if r.geo_cost is not None:
        click.echo(
            f"geolocation off:  {r.words / r.nogeo_seconds:,.0f} words/s "
            f"({r.nogeo_seconds:.2f} s); geolocation costs {r.geo_cost * 100:+.1f}%"
        )
    click.echo(f"peak memory (max RSS): {r.peak_rss_mb:,.0f} MB")
