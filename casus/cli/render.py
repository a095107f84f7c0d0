"""Rich table rendering of event mentions."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from casus.models import Actor, Document, EventMention


def _actor(a: Actor | None) -> str:
    if a is None:
        return "—"
    code = a.cameo_actor or a.country or "?"
    return f"{a.text} [{code}]"


def render_table(console: Console, doc: Document, events: list[EventMention]) -> None:
    title = f"{doc.id}" + (f" ({doc.date})" if doc.date else "") + f": {len(events)} events"
    table = Table(title=title, show_lines=True, expand=False)
    table.add_column("#", justify="right")
    table.add_column("code")
    table.add_column("source → target")
    table.add_column("modality / certainty")
    table.add_column("speaker / reported by")
    table.add_column("evidence")
    for ev in events:
        flags = []
        if ev.background:
            flags.append("background")
        if ev.section != "report":
            flags.append(ev.section)
        mod = f"{ev.modality} / {ev.certainty}"
        if ev.hedges:
            mod += "\nhedges: " + ", ".join(ev.hedges)
        if flags:
            mod += "\n" + ", ".join(flags)
        who = ev.speaker.text if ev.speaker else ""
        if ev.reporting_source:
            who += ("\n" if who else "") + f"via {ev.reporting_source}"
        table.add_row(
            str(ev.sentence_index),
            f"{ev.cameo_code} {ev.plover_type}\n{ev.cameo_name}",
            f"{_actor(ev.source)}\n→ {_actor(ev.target)}",
            mod,
            who or "—",
            f"“{ev.evidence.text}”",
        )
    console.print(table)
