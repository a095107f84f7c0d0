"""Scoring actor resolution on phrase cases: phrase (and date) → (country, sector, actor id).

A case file is a TSV with columns ``phrase, date, country, sector, actor_id, note`` and an
optional ``category``. An empty expected field means the resolved actor must have none; a
phrase that resolves to no actor counts as all three empty.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from casus.errors import DataError
from casus.models import Actor

__all__ = ["PhraseCase", "PhraseResult", "PhraseReport", "load_phrase_cases", "score_phrases"]

COLUMNS = ("phrase", "date", "country", "sector", "actor_id", "note")


@dataclass(frozen=True, slots=True)
class PhraseCase:
    phrase: str
    date: str | None
    country: str
    sector: str
    actor_id: str
    note: str = ""
    category: str = ""
    line: int = 0

    @property
    def expected(self) -> tuple[str, str, str]:
        return (self.country, self.sector, self.actor_id)


@dataclass(frozen=True, slots=True)
class PhraseResult:
    case: PhraseCase
    got: tuple[str, str, str]

    @property
    def ok(self) -> bool:
        return self.got == self.case.expected


@dataclass(slots=True)
class PhraseReport:
    results: list[PhraseResult] = field(default_factory=list)

    @property
    def share(self) -> float:
        return sum(r.ok for r in self.results) / len(self.results) if self.results else 0.0

    def by_category(self) -> dict[str, tuple[int, int]]:
        """category → (right, total), categories in file order."""
        out: dict[str, tuple[int, int]] = {}
        for r in self.results:
            right, total = out.get(r.case.category, (0, 0))
            out[r.case.category] = (right + r.ok, total + 1)
        return out

    def failures(self) -> list[PhraseResult]:
        return [r for r in self.results if not r.ok]


def load_phrase_cases(path: Path) -> list[PhraseCase]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise DataError(f"{path}:1: missing columns {missing}; has {reader.fieldnames}")
        return [
            PhraseCase(
                phrase=row["phrase"].strip(),
                date=(row["date"] or "").strip() or None,
                country=(row["country"] or "").strip(),
                sector=(row["sector"] or "").strip(),
                actor_id=(row["actor_id"] or "").strip(),
                note=(row["note"] or "").strip(),
                category=(row.get("category") or "").strip(),
                line=n + 2,
            )
            for n, row in enumerate(reader)
        ]


def _triple(actor: Actor | None) -> tuple[str, str, str]:
    if actor is None:
        return ("", "", "")
    return (actor.country or "", actor.sector or "", actor.actor_id or "")


def score_phrases(
    resolve: Callable[..., Actor | None], cases: Iterable[PhraseCase]
) -> PhraseReport:
    """Score ``resolve(phrase, date=...)`` (e.g. ``Coder.resolve_actor``) on ``cases``."""
    report = PhraseReport()
    for case in cases:
        report.results.append(PhraseResult(case, _triple(resolve(case.phrase, date=case.date))))
    return report
