"""Output formats for event mentions."""

from casus.export.formats import to_jsonl_line, to_plover

__all__ = ["to_jsonl_line", "to_plover"]
