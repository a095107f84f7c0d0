"""The actor network of a set of events, as a networkx DiGraph written as GraphML or GEXF.

Nodes are actors: the actor id when the side has one, else its country code (an event side
with neither is left out, and so is the event). Node attributes: ``name`` (the actor's name,
else the words most often used for it), ``country``, ``sector`` (the most frequent one) and
``kind`` ("actor" for an actor id, "country" for a country code).

One directed edge source → target per pair of nodes, over all their events, with attributes:

- ``kind`` = "events" (the only kind of edge written so far);
- ``events``: the number of events;
- ``cooperation_events``/``conflict_events``: events with a positive / negative Goldstein
  score (score 0, such as plain statements, counts in ``events`` only);
- ``cooperation_weight``: the sum of the positive Goldstein scores; ``conflict_weight``: the
  sum of the magnitudes of the negative ones (so both weights are >= 0). Weights go by the
  sign of the score, not the quad class, so a verbal act that is hostile ("deny", -2.0) in
  quad class 1 weighs as conflict;
- ``first_date``/``last_date``: the first and last event date (YYYY-MM-DD, empty when no
  event is dated).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import IO, Any

import networkx as nx

from casus.export.common import EventRow, as_date

__all__ = ["NETWORK_FORMATS", "actor_network", "write_network"]

NETWORK_FORMATS = ("graphml", "gexf")


def _node(e: EventRow, side: str) -> tuple[str, str] | None:
    if e[f"{side}_actor_id"]:
        return e[f"{side}_actor_id"], "actor"
    if e[f"{side}_country"]:
        return e[f"{side}_country"], "country"
    return None


def actor_network(events: Iterable[EventRow]) -> nx.DiGraph:
    """The actor network of ``events`` (rows of the events table)."""
    graph = nx.DiGraph()
    names: dict[str, Counter] = {}
    sectors: dict[str, Counter] = {}
    for e in events:
        ends = [_node(e, "source"), _node(e, "target")]
        if None in ends:
            continue
        for (node, kind), side in zip(ends, ("source", "target"), strict=True):
            if node not in graph:
                graph.add_node(node, name="", country=e[f"{side}_country"] or "", kind=kind)
                names[node], sectors[node] = Counter(), Counter()
            names[node][e[f"{side}_name"] or e[f"{side}_text"] or node] += 1
            if e[f"{side}_sector"]:
                sectors[node][e[f"{side}_sector"]] += 1
        (a, _), (b, _) = ends
        if not graph.has_edge(a, b):
            graph.add_edge(
                a,
                b,
                kind="events",
                events=0,
                cooperation_events=0,
                conflict_events=0,
                cooperation_weight=0.0,
                conflict_weight=0.0,
                first_date="",
                last_date="",
            )
        edge = graph.edges[a, b]
        edge["events"] += 1
        score = float(e["goldstein"])
        if score > 0:
            edge["cooperation_events"] += 1
            edge["cooperation_weight"] += score
        elif score < 0:
            edge["conflict_events"] += 1
            edge["conflict_weight"] += -score
        day = as_date(e["date"])
        if day:
            iso = day.isoformat()
            edge["first_date"] = min(edge["first_date"] or iso, iso)
            edge["last_date"] = max(edge["last_date"], iso)
    for node, data in graph.nodes(data=True):
        data["name"] = _top(names[node])
        data["sector"] = _top(sectors[node])
    return graph


def _top(counts: Counter) -> str:
    if not counts:
        return ""
    return max(counts, key=lambda k: (counts[k], k))


def write_network(events: Iterable[EventRow], out: IO[bytes], fmt: str = "graphml") -> Any:
    """Write the actor network of ``events`` to a binary stream as GraphML or GEXF; returns
    the graph."""
    graph = actor_network(events)
    if fmt == "graphml":
        nx.write_graphml(graph, out, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(graph, out, encoding="utf-8")
    else:
        raise ValueError(f"network format must be one of {', '.join(NETWORK_FORMATS)}")
    return graph
