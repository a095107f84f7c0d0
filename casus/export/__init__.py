"""Output formats: event mentions as JSONL and PLOVER records; the events of a store as
GDELT, ICEWS, ACLED-like, PLOVER, CSV and Parquet tables and as an actor network."""

from casus.export.formats import to_jsonl_line, to_plover, write_plover_events
from casus.export.run import FORMATS, ExportResult, export

__all__ = ["FORMATS", "ExportResult", "export", "to_jsonl_line", "to_plover", "write_plover_events"]
