"""The DuckDB schema of a casus store, as numbered migrations.

``schema_version`` holds one row per migration applied. Opening a store applies the missing
migrations in order, each in its own transaction; a store written by a newer casus (a higher
version than this code knows) is refused rather than guessed at.
"""

from __future__ import annotations

import duckdb

from casus.errors import DataError

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "migrate"]

_ACTOR_COLUMNS = """
    {p}_text VARCHAR, {p}_actor_id VARCHAR, {p}_name VARCHAR, {p}_country VARCHAR,
    {p}_sector VARCHAR, {p}_cameo VARCHAR, {p}_affiliations VARCHAR[]
"""

MIGRATIONS: tuple[str, ...] = (
    # 1: documents, mentions, events, facts, errors, runs
    f"""
    CREATE TABLE documents (
        doc_id VARCHAR PRIMARY KEY,
        content_hash VARCHAR NOT NULL UNIQUE,
        url VARCHAR, outlet VARCHAR, title VARCHAR, date DATE, language VARCHAR,
        n_chars INTEGER NOT NULL, n_mentions INTEGER NOT NULL,
        source_path VARCHAR, run_id INTEGER NOT NULL
    );
    CREATE TABLE mentions (
        mention_id VARCHAR PRIMARY KEY,
        doc_id VARCHAR NOT NULL REFERENCES documents(doc_id),
        sentence_index INTEGER NOT NULL, sentence VARCHAR NOT NULL,
        ev_start INTEGER NOT NULL, ev_end INTEGER NOT NULL, ev_text VARCHAR NOT NULL,
        date DATE, date_precision VARCHAR,
        cameo_code VARCHAR NOT NULL, cameo_root VARCHAR NOT NULL,
        quad_class TINYINT NOT NULL, goldstein DOUBLE NOT NULL,
        plover_type VARCHAR NOT NULL, plover_mode VARCHAR,
        {_ACTOR_COLUMNS.format(p="source")},
        {_ACTOR_COLUMNS.format(p="target")},
        modality VARCHAR NOT NULL, certainty VARCHAR NOT NULL,
        speaker_name VARCHAR, reporting_source VARCHAR, hedges VARCHAR[],
        background BOOLEAN NOT NULL, section VARCHAR NOT NULL,
        location JSON, coder VARCHAR NOT NULL,
        record JSON NOT NULL
    );
    CREATE TABLE events (
        event_id VARCHAR PRIMARY KEY,
        cameo_code VARCHAR NOT NULL, cameo_root VARCHAR NOT NULL,
        quad_class TINYINT NOT NULL, goldstein DOUBLE NOT NULL,
        plover_type VARCHAR NOT NULL, plover_mode VARCHAR,
        {_ACTOR_COLUMNS.format(p="source")},
        {_ACTOR_COLUMNS.format(p="target")},
        date DATE, first_seen DATE, last_seen DATE,
        num_mentions INTEGER NOT NULL, num_sources INTEGER NOT NULL,
        num_articles INTEGER NOT NULL, num_background INTEGER NOT NULL,
        modality VARCHAR NOT NULL, certainty VARCHAR NOT NULL,
        background_only BOOLEAN NOT NULL, location JSON,
        sentence VARCHAR NOT NULL
    );
    CREATE TABLE event_mentions (
        event_id VARCHAR NOT NULL,
        mention_id VARCHAR NOT NULL PRIMARY KEY,
        role VARCHAR NOT NULL
    );
    CREATE TABLE facts (
        fact_id VARCHAR PRIMARY KEY,
        doc_id VARCHAR NOT NULL REFERENCES documents(doc_id),
        subject_id VARCHAR NOT NULL, subject_text VARCHAR NOT NULL, rel VARCHAR NOT NULL,
        object_id VARCHAR, object_text VARCHAR, country VARCHAR, sector VARCHAR,
        kind VARCHAR, provisional BOOLEAN NOT NULL, date DATE, sentence VARCHAR NOT NULL,
        start_char INTEGER NOT NULL, end_char INTEGER NOT NULL
    );
    CREATE TABLE ingest_errors (
        error_key VARCHAR PRIMARY KEY,
        path VARCHAR, line INTEGER, message VARCHAR NOT NULL, run_id INTEGER NOT NULL
    );
    CREATE TABLE runs (
        run_id INTEGER PRIMARY KEY, started TIMESTAMP NOT NULL, finished TIMESTAMP,
        inputs VARCHAR[], docs_new INTEGER, docs_known INTEGER, errors INTEGER,
        mentions_new INTEGER, coder VARCHAR
    );
    CREATE INDEX mentions_doc ON mentions(doc_id);
    CREATE INDEX events_date ON events(date);
    CREATE INDEX event_mentions_event ON event_mentions(event_id);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(con: duckdb.DuckDBPyConnection, path: str) -> int:
    """Bring the store at ``path`` to :data:`SCHEMA_VERSION`; returns the version it had."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied TIMESTAMP)"
    )
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    have = int(row[0] or 0) if row else 0
    if have > SCHEMA_VERSION:
        raise DataError(
            f"{path}: store schema version {have} is newer than this casus knows "
            f"({SCHEMA_VERSION}); upgrade casus"
        )
    for version in range(have + 1, SCHEMA_VERSION + 1):
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(MIGRATIONS[version - 1])
            con.execute("INSERT INTO schema_version VALUES (?, current_timestamp)", [version])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return have
