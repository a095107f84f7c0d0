"""The casus store: one DuckDB file holding documents, event mentions, events and facts.

Every document goes in with its mentions and facts in one transaction, keyed by the hash of
its text, so a run killed at any moment leaves whole documents or none, and running the same
inputs again adds nothing. Events are rebuilt from all mentions at the end of each run, in one
transaction, by :func:`casus.store.cluster.cluster_mentions`.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from casus.actors.learn import Fact
from casus.errors import DataError, InputError
from casus.models import Actor, Document, EventMention
from casus.store.cluster import MentionRow, cluster_mentions, representative
from casus.store.query import EventFilter, build_where
from casus.store.schema import migrate

__all__ = ["Store", "content_hash", "DEFAULT_DB"]

DEFAULT_DB = "casus.duckdb"
ACTOR_FIELDS = ("text", "actor_id", "name", "country", "sector", "cameo", "affiliations")


def _cache_missing_modules() -> None:
    """DuckDB tries to import pandas, pyarrow and polars for every Python value it binds; when
    they are not installed each try is a search of sys.path. Recording them as absent, once,
    makes a bulk insert about ten times faster. Installed modules are left alone."""
    for name in ("pandas", "pyarrow", "polars"):
        if name not in sys.modules and importlib.util.find_spec(name) is None:
            sys.modules[name] = None  # type: ignore[assignment]


def content_hash(text: str) -> str:
    """What makes two documents the same: their text, whitespace-normalised."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class RunSummary:
    run_id: int
    docs_new: int
    docs_known: int
    errors: int
    mentions_new: int
    events: int


class Store:
    """A casus store at ``path`` (created and migrated on open)."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> None:
        self.path = str(path)
        _cache_missing_modules()
        if read_only and not Path(self.path).exists():
            raise DataError(f"{self.path}: no such store; run 'casus ingest' first")
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.ConnectionException as exc:
            if not (read_only and "different configuration" in str(exc)):
                raise DataError(f"{self.path}: cannot open the store: {exc}") from exc
            # this process has the store open for writing: share that database
            self.con = duckdb.connect(self.path)
        except duckdb.Error as exc:
            raise DataError(f"{self.path}: cannot open the store: {exc}") from exc
        if not read_only:
            migrate(self.con, self.path)
        self._hashes: set[str] | None = None
        self._ids: set[str] | None = None
        self._column_cache: dict[str, list[tuple[str, str]]] = {}

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------
    def begin_run(self, inputs: Sequence[str], coder: str) -> int:
        row = self.con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchone()
        run_id = int(row[0])
        self.con.execute(
            "INSERT INTO runs (run_id, started, inputs, coder) VALUES (?, current_timestamp, ?, ?)",
            [run_id, list(inputs), coder],
        )
        return run_id

    def end_run(self, summary: RunSummary) -> None:
        self.con.execute(
            "UPDATE runs SET finished = current_timestamp, docs_new = ?, docs_known = ?, "
            "errors = ?, mentions_new = ? WHERE run_id = ?",
            [
                summary.docs_new,
                summary.docs_known,
                summary.errors,
                summary.mentions_new,
                summary.run_id,
            ],
        )

    def known_hashes(self) -> set[str]:
        if self._hashes is None:
            rows = self.con.execute("SELECT content_hash FROM documents").fetchall()
            self._hashes = {r[0] for r in rows}
        return self._hashes

    def add_error(self, error: InputError, run_id: int) -> bool:
        """Record an unreadable input once (the same error again is not a new row)."""
        key = hashlib.sha1(f"{error.path}|{error.line}|{error.message}".encode()).hexdigest()
        exists = self.con.execute(
            "SELECT 1 FROM ingest_errors WHERE error_key = ?", [key]
        ).fetchone()
        if exists:
            return False
        self.con.execute(
            "INSERT INTO ingest_errors VALUES (?, ?, ?, ?, ?)",
            [key, error.path, error.line, error.message, run_id],
        )
        return True

    def unique_doc_id(self, doc: Document, digest: str) -> str:
        """The document's own id, or that id and a hash when another text already has it."""
        if self._ids is None:
            rows = self.con.execute("SELECT doc_id FROM documents").fetchall()
            self._ids = {r[0] for r in rows}
        return doc.id if doc.id not in self._ids else f"{doc.id}~{digest[:10]}"

    def add_documents(
        self,
        coded: Iterable[tuple[Document, str, list[EventMention], list[Fact]]],
        run_id: int,
        source_path: str | None = None,
    ) -> tuple[int, int]:
        """Store documents with their mentions and facts, all in one transaction. Returns
        (documents added, mentions added); documents whose text is stored already are
        skipped."""
        docs = mentions = 0
        doc_rows: list[list[Any]] = []
        mention_rows: list[list[Any]] = []
        fact_rows: list[list[Any]] = []
        stored: list[tuple[str, str]] = []
        for doc, digest, events, facts in coded:
            if digest in self.known_hashes() or any(d == digest for _, d in stored):
                continue
            doc_rows.append(_document_row(doc, digest, len(events), run_id, source_path))
            mention_rows += [_mention_row(ev) for ev in events]
            fact_rows += [_fact_row(doc.id, f) for f in facts]
            stored.append((doc.id, digest))
            docs += 1
            mentions += len(events)
        if not stored:
            return 0, 0
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._bulk("INSERT INTO documents", doc_rows)
            self._bulk("INSERT OR IGNORE INTO mentions", mention_rows)
            self._bulk("INSERT OR IGNORE INTO facts", fact_rows)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        for doc_id, digest in stored:
            self.known_hashes().add(digest)
            if self._ids is not None:
                self._ids.add(doc_id)
        return docs, mentions

    def _bulk(self, insert: str, rows: list[list[Any]]) -> None:
        """Many rows at once. Binding Python values costs DuckDB a round trip per value, so
        the rows go through a temporary JSON Lines file that DuckDB reads natively (about ten
        times faster than a VALUES list)."""
        if not rows:
            return
        table = insert.split()[-1]
        columns = self._columns(table)
        if len(columns) != len(rows[0]):
            raise DataError(f"{table}: {len(rows[0])} values for {len(columns)} columns")
        fd, tmp = tempfile.mkstemp(prefix=f"casus-{table}-", suffix=".jsonl")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                for r in rows:
                    rec = {
                        name: (json.loads(v) if kind == "JSON" and isinstance(v, str) else v)
                        for (name, kind), v in zip(columns, r, strict=True)
                    }
                    fh.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
            spec = "{" + ", ".join(f"'{n}': '{k}'" for n, k in columns) + "}"
            self.con.execute(
                f"{insert} SELECT * FROM read_json(?, format='newline_delimited', "
                f"columns={spec}, maximum_object_size=1073741824)",
                [tmp],
            )
        finally:
            os.unlink(tmp)

    def _columns(self, table: str) -> list[tuple[str, str]]:
        if table not in self._column_cache:
            self._column_cache[table] = [
                (r[0], r[1])
                for r in self.con.execute(
                    "SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_name = ? ORDER BY ordinal_position",
                    [table],
                ).fetchall()
            ]
        return self._column_cache[table]

    # -- events ----------------------------------------------------------------------------
    def recluster(self, ontology: Any | None = None) -> int:
        """Rebuild the events table from every stored mention; returns the number of events."""
        rows = self.con.execute(
            """SELECT m.mention_id, m.doc_id, d.outlet, d.date, m.date, m.date_precision,
                      m.cameo_code, m.cameo_root, m.source_country, m.target_country,
                      CASE WHEN lower(m.source_actor_id) = lower(m.source_country) THEN NULL
                           ELSE m.source_actor_id END,
                      CASE WHEN lower(m.target_actor_id) = lower(m.target_country) THEN NULL
                           ELSE m.target_actor_id END,
                      m.modality, m.certainty,
                      m.background, m.sentence_index, m.ev_start,
                      CASE WHEN m.location->>'source' = 'text'
                           THEN m.location->>'country' END,
                      coalesce(m.source_affiliations, []), coalesce(m.target_affiliations, [])
               FROM mentions m JOIN documents d USING (doc_id)"""
        ).fetchall()
        clusters = cluster_mentions(
            MentionRow(*r[:-2], source_aff=tuple(r[-2]), target_aff=tuple(r[-1])) for r in rows
        )
        records = {
            r[0]: json.loads(r[1])
            for r in self.con.execute("SELECT mention_id, record FROM mentions").fetchall()
        }
        outlets = {
            r[0]: r[1] for r in self.con.execute("SELECT doc_id, outlet FROM documents").fetchall()
        }
        docdates = {
            r[0]: r[1] for r in self.con.execute("SELECT doc_id, date FROM documents").fetchall()
        }
        event_rows, link_rows = [], []
        for c in clusters:
            main = c.mentions or c.background
            recs = [records[m.mention_id] for m in main]
            code = representative(r["cameo_code"] for r in recs)
            rep = next(r for r in recs if r["cameo_code"] == code)
            source = _representative_actor(r.get("source") for r in recs)
            target = _representative_actor(r.get("target") for r in recs)
            day_dates = [m.date for m in main if m.date and m.date_precision == "day"]
            when = (
                min(day_dates) if day_dates else min((m.when for m in main if m.when), default=None)
            )
            seen = [docdates[m.doc_id] for m in c.mentions + c.background if docdates[m.doc_id]]
            sources = {outlets[m.doc_id] or f"doc:{m.doc_id}" for m in c.mentions}
            modality = (
                "actual"
                if any(m.modality == "actual" for m in main)
                else (representative(m.modality for m in main) or "actual")
            )
            location = _best_location(r.get("location") for r in recs)
            event_rows.append(
                [
                    c.event_id,
                    code,
                    rep["cameo_root"],
                    rep["quad_class"],
                    rep["goldstein"],
                    rep["plover_type"],
                    rep["plover_mode"],
                    *_actor_values(source),
                    *_actor_values(target),
                    when,
                    min(seen) if seen else None,
                    max(seen) if seen else None,
                    len(c.mentions) + len(c.background),
                    len(sources),
                    len({m.doc_id for m in c.mentions + c.background}),
                    len(c.background),
                    modality,
                    c.certainty(),
                    c.background_only,
                    json.dumps(location) if location else None,
                    rep["sentence"],
                ]
            )
            link_rows += [[c.event_id, m.mention_id, "main"] for m in c.mentions]
            link_rows += [[c.event_id, m.mention_id, "background"] for m in c.background]
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute("DELETE FROM event_mentions")
            self.con.execute("DELETE FROM events")
            self._bulk("INSERT INTO events", event_rows)
            self._bulk("INSERT INTO event_mentions", link_rows)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return len(event_rows)

    # -- reading ---------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("documents", "mentions", "events", "facts", "ingest_errors"):
            out[table] = int(self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        return out

    def events(
        self,
        flt: EventFilter | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
        order: str = "date",
    ) -> list[dict[str, Any]]:
        """Events matching ``flt`` as dicts (one row of the events table each)."""
        where, params = build_where(flt or EventFilter())
        order_sql = {
            "date": "date NULLS LAST, event_id",
            "-date": "date DESC NULLS LAST, event_id",
            "mentions": "num_mentions DESC, date, event_id",
            "goldstein": "goldstein, date, event_id",
        }.get(order)
        if order_sql is None:
            raise ValueError(f"unknown order {order!r}")
        sql = f"SELECT * FROM events e {where} ORDER BY {order_sql}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = [*params, int(limit), int(offset)]
        return self._dicts(sql, params)

    def count_events(self, flt: EventFilter | None = None) -> int:
        where, params = build_where(flt or EventFilter())
        return int(self.con.execute(f"SELECT count(*) FROM events e {where}", params).fetchone()[0])

    def event(self, event_id: str) -> dict[str, Any] | None:
        rows = self._dicts("SELECT * FROM events WHERE event_id = ?", [event_id])
        if not rows:
            return None
        ev = rows[0]
        ev["mentions"] = self._dicts(
            """SELECT em.role, m.record, d.outlet, d.url, d.title, d.date AS doc_date
               FROM event_mentions em JOIN mentions m USING (mention_id)
               JOIN documents d ON d.doc_id = m.doc_id
               WHERE em.event_id = ? ORDER BY d.date, m.doc_id, m.ev_start""",
            [event_id],
        )
        for m in ev["mentions"]:
            m["record"] = json.loads(m["record"])
        return ev

    def event_mentions(self, flt: EventFilter | None = None) -> dict[str, list[dict[str, Any]]]:
        """The mentions of every event matching ``flt``, in one query: event id → its mentions
        in report order, each a dict with ``role``, ``mention_id``, ``record`` (the output
        contract) and the document's ``doc_id``, ``outlet``, ``url``, ``title``, ``doc_date``
        and ``doc_chars``."""
        where, params = build_where(flt or EventFilter())
        rows = self._dicts(
            f"""SELECT em.event_id, em.role, m.mention_id, m.record, d.doc_id, d.outlet, d.url,
                      d.title, d.date AS doc_date, d.n_chars AS doc_chars
               FROM event_mentions em JOIN mentions m USING (mention_id)
               JOIN documents d ON d.doc_id = m.doc_id
               WHERE em.event_id IN (SELECT e.event_id FROM events e {where})
               ORDER BY em.event_id, d.date NULLS LAST, m.doc_id, m.ev_start, m.mention_id""",
            params,
        )
        out: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            row["record"] = json.loads(row["record"])
            out.setdefault(row.pop("event_id"), []).append(row)
        return out

    def mentions(self, doc_id: str | None = None) -> Iterator[EventMention]:
        sql = "SELECT record FROM mentions"
        params: list[Any] = []
        if doc_id is not None:
            sql += " WHERE doc_id = ?"
            params.append(doc_id)
        sql += " ORDER BY doc_id, sentence_index, ev_start, mention_id"
        for (record,) in self.con.execute(sql, params).fetchall():
            yield EventMention.from_dict(json.loads(record))

    def _dicts(self, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, list(params))
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _actor_values(actor: Actor | dict | None) -> list[Any]:
    if actor is None:
        return [None] * len(ACTOR_FIELDS)
    if isinstance(actor, dict):
        actor = Actor.from_dict(actor)
    return [
        actor.text,
        actor.actor_id,
        actor.name,
        actor.country,
        actor.sector,
        actor.cameo_actor,
        list(actor.affiliations),
    ]


def _best_location(locations: Iterable[dict | None]) -> dict | None:
    """The event's place: one the sentences name before a dateline fallback, then the most
    precise, then the one most reports give."""
    found = [loc for loc in locations if loc]
    if not found:
        return None
    counts = Counter(json.dumps(loc, sort_keys=True) for loc in found)
    return max(
        found,
        key=lambda loc: (
            loc.get("source") != "dateline",
            loc.get("precision") or 0,
            counts[json.dumps(loc, sort_keys=True)],
        ),
    )


def _representative_actor(actors: Iterable[dict | None]) -> dict | None:
    """The side as most reports give it: the most frequent (country, actor id), preferring
    a named actor among equals."""
    seen = [a for a in actors if a]
    if not seen:
        return None
    counts = Counter((a.get("country"), a.get("actor_id")) for a in seen)
    best = max(counts, key=lambda k: (counts[k], k[1] is not None, str(k)))
    return next(a for a in seen if (a.get("country"), a.get("actor_id")) == best)


def _document_row(
    doc: Document, digest: str, n: int, run_id: int, source_path: str | None
) -> list[Any]:
    return [
        doc.id,
        digest,
        doc.url,
        doc.outlet,
        doc.title,
        _date(doc.date),
        doc.language,
        len(doc.text),
        n,
        source_path,
        run_id,
    ]


def _fact_row(doc_id: str, f: Fact) -> list[Any]:
    return [
        f.key,
        doc_id,
        f.subject_id,
        f.subject_text,
        f.rel,
        f.object_id,
        f.object_text,
        f.country,
        f.sector,
        f.kind,
        f.provisional,
        _date(f.date),
        f.sentence,
        f.start,
        f.end,
    ]


def _mention_row(ev: EventMention) -> list[Any]:
    return [
        ev.event_id,
        ev.doc_id,
        ev.sentence_index,
        ev.sentence,
        ev.evidence.start,
        ev.evidence.end,
        ev.evidence.text,
        _date(ev.date),
        ev.date_precision,
        ev.cameo_code,
        ev.cameo_root,
        ev.quad_class,
        ev.goldstein,
        ev.plover_type,
        ev.plover_mode,
        *_actor_values(ev.source),
        *_actor_values(ev.target),
        ev.modality,
        ev.certainty,
        ev.speaker.text if ev.speaker else None,
        ev.reporting_source,
        list(ev.hedges),
        ev.background,
        ev.section,
        json.dumps(ev.location.to_dict()) if ev.location else None,
        ev.coder,
        json.dumps(ev.to_dict(), ensure_ascii=False),
    ]
