"""``casus actors``: search, show and import the actor knowledge base."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table

from casus.actors.kb import ActorKB, KBEntry, load_kb, user_kb_dir, valid_at
from casus.actors.learned import (
    promote,
    promoted_ids,
    provisional_actors,
    read_facts,
    save_facts,
)


@click.group("actors")
def actors_cmd() -> None:
    """The actor knowledge base: search it, show one actor, import dictionaries."""


def _kb() -> ActorKB:
    return load_kb()


@actors_cmd.command("search")
@click.argument("text")
@click.option("--limit", default=10, show_default=True, help="At most this many actors.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
def search_cmd(text: str, limit: int, as_json: bool) -> None:
    """Find actors whose name or an alias is like TEXT (typos and al-/el- forgiven)."""
    hits = _kb().search(text, limit=limit)
    if as_json:
        for entry, form, score in hits:
            click.echo(json.dumps(_summary(entry) | {"matched": form, "score": round(score)}))
        return
    if not hits:
        click.echo(f"no actor is like {text!r}")
        raise SystemExit(1)
    table = Table("id", "name", "kind", "country", "sector", "cameo", "matched", "score")
    for entry, form, score in hits:
        table.add_row(
            entry.id,
            entry.name,
            entry.kind,
            entry.country or "",
            entry.sector or "",
            entry.cameo or "",
            form,
            str(round(min(score, 100))),
        )
    Console().print(table)


@actors_cmd.command("show")
@click.argument("actor_id")
@click.option("--date", default=None, help="Only links valid on YYYY-MM-DD.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default=None,
    help="Count the actor's events in this store (default: casus.duckdb if it exists).",
)
def show_cmd(actor_id: str, date: str | None, as_json: bool, db: str | None) -> None:
    """One actor: aliases, dated links with their sources, who links to it, and its events
    in the store."""
    kb = _kb()
    entry = kb.entries.get(actor_id)
    if entry is None:
        hits = kb.search(actor_id, limit=3)
        hint = ", ".join(e.id for e, _, _ in hits)
        raise click.ClickException(
            f"no actor with id {actor_id!r}" + (f"; did you mean {hint}?" if hint else "")
        )
    links = [lk for lk in entry.links if not date or valid_at(lk, date)]
    learned = [
        f
        for f in read_facts(user_kb_dir())
        if f["subject_id"] == entry.id or f.get("object_id") == entry.id
    ]
    inbound = [(e, lk) for e, lk in kb.inbound(entry.id) if not date or valid_at(lk, date)]
    counts = _event_counts(entry.id, db)
    if as_json:
        out = _summary(entry) | {
            "events": counts,
            "aliases": list(entry.aliases),
            "links": [_link(lk) | {"target_name": _name(kb, lk.target)} for lk in links],
            "linked_from": [_link(lk) | {"from": e.id, "from_name": e.name} for e, lk in inbound],
            "learned": learned,
        }
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    con = Console()
    con.print(f"[bold]{entry.name}[/bold]  ({entry.id})")
    con.print(
        f"kind {entry.kind} · country {entry.country or '-'} · sector {entry.sector or '-'}"
        f" · CAMEO {entry.cameo or '-'}"
    )
    if entry.aliases:
        con.print("aliases: " + "; ".join(entry.aliases), highlight=False)
    if counts is not None:
        con.print(
            f"events in {counts['store']}: {counts['as_source']} as source, "
            f"{counts['as_target']} as target, {counts['via_affiliation']} by a member or "
            f"client (as an affiliation)"
        )
    for title, rows in (
        ("links", [(lk, lk.target, _name(kb, lk.target)) for lk in links]),
        ("linked from", [(lk, e.id, e.name) for e, lk in inbound]),
    ):
        if not rows:
            continue
        table = Table("relation", "actor", "role", "from", "until", "source", title=title)
        for lk, other, name in rows:
            table.add_row(
                lk.rel,
                f"{name} ({other})" if name != other else other,
                lk.role or "",
                lk.start or "",
                lk.end or "",
                lk.source or "",
            )
        con.print(table)
    if learned:
        table = Table(
            "subject",
            "relation",
            "object",
            "document",
            "date",
            "evidence",
            title="learned from text",
        )
        for f in learned:
            table.add_row(
                f["subject_text"],
                f["rel"],
                f.get("object_id") or "",
                f["doc_id"],
                f.get("date") or "",
                f["sentence"],
            )
        con.print(table)


def _event_counts(actor_id: str, db: str | None) -> dict | None:
    from pathlib import Path

    from casus.store import DEFAULT_DB, Store

    path = db or (DEFAULT_DB if Path(DEFAULT_DB).exists() else None)
    if path is None:
        return None
    with Store(path, read_only=True) as store:
        row = store.con.execute(
            "SELECT count(*) FILTER (WHERE source_actor_id = $a), "
            "count(*) FILTER (WHERE target_actor_id = $a), "
            "count(*) FILTER (WHERE coalesce(source_actor_id, '') <> $a "
            "AND coalesce(target_actor_id, '') <> $a AND (list_contains(source_affiliations, $a) "
            "OR list_contains(target_affiliations, $a))) FROM events",
            {"a": actor_id},
        ).fetchone()
    return {"store": path, "as_source": row[0], "as_target": row[1], "via_affiliation": row[2]}


def _name(kb: ActorKB, entry_id: str) -> str:
    entry = kb.entries.get(entry_id)
    return entry.name if entry else entry_id


def _summary(entry: KBEntry) -> dict:
    return {
        "id": entry.id,
        "name": entry.name,
        "kind": entry.kind,
        "country": entry.country,
        "sector": entry.sector,
        "cameo_actor": entry.cameo,
    }


def _link(link) -> dict:
    return {
        "rel": link.rel,
        "target": link.target,
        "role": link.role,
        "start": link.start,
        "end": link.end,
        "source": link.source,
    }


@actors_cmd.command("learn")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--date", default=None, metavar="YYYY-MM-DD", help="Date for undated documents.")
@click.option("--save", is_flag=True, help="Keep the facts in the user's knowledge base.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
def learn_cmd(inputs: tuple[str, ...], date: str | None, save: bool, as_json: bool) -> None:
    """Read INPUTS and print what they say about actors: spokesmen, units, patrons, leaders,
    and named organisations and people the knowledge base does not know (provisional)."""
    from casus.api import learn_inputs

    skipped = 0

    def on_error(exc) -> None:
        nonlocal skipped
        skipped += 1
        click.echo(f"skipped {exc}", err=True)

    facts = [f.to_dict() for f in learn_inputs(inputs, default_date=date, on_error=on_error)]
    if as_json:
        for f in facts:
            click.echo(json.dumps(f, ensure_ascii=False))
    else:
        table = Table("subject", "relation", "object", "country", "sector", "evidence")
        for f in facts:
            subject = f["subject_text"] + (" (provisional)" if f["provisional"] else "")
            table.add_row(
                subject,
                f["rel"],
                f["object_id"] or "",
                f["country"] or "",
                f["sector"] or "",
                f["sentence"],
            )
        Console().print(table)
    if save:
        new = save_facts(user_kb_dir(), facts)
        click.echo(
            f"{new} new fact(s) saved to {user_kb_dir()} ({len(facts) - new} known)", err=True
        )
    if skipped:
        click.get_current_context().exit(1)


@actors_cmd.command("provisional")
@click.option("--limit", default=50, show_default=True)
def provisional_cmd(limit: int) -> None:
    """Actors learned from text and not yet promoted, most documents first."""
    done = promoted_ids(user_kb_dir())
    provs = [p for p in provisional_actors(read_facts(user_kb_dir())) if p.id not in done]
    if not provs:
        click.echo("no provisional actors; run 'casus actors learn FILES --save' first")
        return
    table = Table("id", "name", "kind", "country", "sector", "documents", "facts")
    for p in provs[:limit]:
        table.add_row(
            p.id,
            p.name,
            p.kind,
            p.country or "",
            p.sector or "",
            str(p.documents),
            str(len(p.facts)),
        )
    Console().print(table)


@actors_cmd.command("promote")
@click.argument("prov_id")
@click.option("--id", "new_id", default=None, help="Id for the curated actor.")
@click.option("--country", default=None, help="ISO alpha-3 country, if the inferred is wrong.")
@click.option("--sector", default=None, help="Sector code, if the inferred is wrong.")
def promote_cmd(prov_id: str, new_id: str | None, country: str | None, sector: str | None) -> None:
    """Make a provisional actor a curated one in the user's knowledge base."""
    kb_dir = user_kb_dir()
    provs = {p.id: p for p in provisional_actors(read_facts(kb_dir))}
    if not prov_id.startswith("prov:"):
        prov_id = "prov:" + prov_id
    if prov_id not in provs:
        raise click.ClickException(f"no provisional actor {prov_id!r}")
    eid = promote(kb_dir, provs[prov_id], new_id=new_id, country=country, sector=sector)
    click.echo(f"promoted {prov_id} to {eid} in {kb_dir}")


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

    report = import_file(file, fmt, kb_dir or user_kb_dir())
    for line in report.summary():
        click.echo(line)
    if not report.complete:
        click.get_current_context().exit(1)
