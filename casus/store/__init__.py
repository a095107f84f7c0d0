"""The corpus store (DuckDB): documents, event mentions, events (clusters), learned facts."""

from casus.store.cluster import cluster_mentions, combined_certainty
from casus.store.db import DEFAULT_DB, Store, content_hash
from casus.store.ingest import ingest
from casus.store.query import EventFilter

__all__ = [
    "DEFAULT_DB",
    "EventFilter",
    "Store",
    "cluster_mentions",
    "combined_certainty",
    "content_hash",
    "ingest",
]
