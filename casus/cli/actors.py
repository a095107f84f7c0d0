"""``casus actors``: search, show and import the actor knowledge base."""

from __future__ import annotations

import click


@click.group("actors")
def actors_cmd() -> None:
    """The actor knowledge base: search it, show one actor, import dictionaries."""


@actors_cmd.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "csv", "petrarch"]),
    required=True,
    help="yaml: casus actors schema; csv: id,name,aliases,country,sector,cameo[,relations]; "
    "petrarch: a PETRARCH actors, agents, verbs or discards dictionary (detected).",
)
@click.option(
    "--kb-dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Directory to write into (default: the user KB directory, $CASUS_HOME/kb).",
)
def import_cmd(file: str, fmt: str, kb_dir: str | None) -> None:
    """Import FILE into the knowledge base and print what was read, written and skipped.

    Importing the same file again replaces its earlier import. The exit status is 1 when
    any entry, or any part of one, could not be converted.
    """
    from casus.actors.importer import import_file
    from casus.actors.kb import user_kb_dir

    report = import_file(file, fmt, kb_dir or user_kb_dir())
    for line in report.summary():
        click.echo(line)
    if not report.complete:
        click.get_current_context().exit(1)
