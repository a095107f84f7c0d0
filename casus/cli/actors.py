"""``casus actors``: search, show and import the actor knowledge base."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table

from casus.actors.kb import ActorKB, KBEntry, load_kb


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
def show_cmd(actor_id: str, date: str | None, as_json: bool) -> None:
    """One actor: aliases, dated links with their sources, and who links to it."""
    kb = _kb()
    entry = kb.entries.get(actor_id)
    if entry is None:
        hits = kb.search(actor_id, limit=3)
        hint = ", ".join(e.id for e, _, _ in hits)
        raise click.ClickException(
            f"no actor with id {actor_id!r}" + (f"; did you mean {hint}?" if hint else "")
        )
    links = [lk for lk in entry.links if not date or _valid(lk, date)]
    inbound = [(e, lk) for e, lk in kb.inbound(entry.id) if not date or _valid(lk, date)]
    if as_json:
        out = _summary(entry) | {
            "aliases": list(entry.aliases),
            "links": [_link(lk) | {"target_name": _name(kb, lk.target)} for lk in links],
            "linked_from": [_link(lk) | {"from": e.id, "from_name": e.name} for e, lk in inbound],
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


def _valid(link, date: str) -> bool:
    return (not link.start or link.start[: len(date)] <= date) and (
        not link.end or link.end >= date[: len(link.end)]
    )


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
