"""What an import read, wrote and could not convert; the shape of one imported actor."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["ImportReport", "actor_entry"]


@dataclass(slots=True)
class ImportReport:
    """What an import read, wrote and could not convert (reason -> line numbers)."""

    path: Path
    fmt: str
    kind: str = ""  # actors | agents | verbs | discards
    read: int = 0
    written: int = 0
    output: Path | None = None
    unchanged: bool = False
    skipped: dict[str, list[int]] = field(default_factory=dict)
    dropped: dict[str, list[int]] = field(default_factory=dict)  # parts of written entries

    def skip(self, reason: str, line: int) -> None:
        self.skipped.setdefault(reason, []).append(line)

    def drop(self, reason: str, line: int) -> None:
        self.dropped.setdefault(reason, []).append(line)

    @property
    def n_skipped(self) -> int:
        return sum(len(v) for v in self.skipped.values())

    @property
    def n_dropped(self) -> int:
        return sum(len(v) for v in self.dropped.values())

    @property
    def complete(self) -> bool:
        """True when every entry was written whole."""
        return not self.skipped and not self.dropped

    def summary(self) -> list[str]:
        kind = f" ({self.kind})" if self.kind else ""
        out = [
            f"{self.path}: {self.fmt}{kind}: {self.read} read, {self.written} written, "
            f"{self.n_skipped} skipped, {self.n_dropped} partly converted"
        ]
        if self.output is not None:
            state = "unchanged" if self.unchanged else "written"
            out.append(f"  -> {self.output} ({state})")
        for title, table in (("skipped", self.skipped), ("partly converted", self.dropped)):
            for reason, lines in sorted(table.items(), key=lambda kv: -len(kv[1])):
                where = ", ".join(str(n) for n in lines[:8]) + (", ..." if len(lines) > 8 else "")
                out.append(f"  {title}: {len(lines)} {reason} (lines {where})")
        return out


def actor_entry(eid, name, kind, aliases, country, sector, cameo, links) -> dict:
    """One actor as written to ``actors-<name>.yaml``, keys in the shipped files' order."""
    return {
        "id": eid,
        "name": name,
        "type": kind,
        "aliases": aliases,
        "country": country,
        "sector": sector,
        "cameo": cameo,
        "links": links,
    }
