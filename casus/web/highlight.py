"""Marking the evidence of a mention inside its sentence.

The store keeps a mention's sentence and the trigger's offsets in the *document*, not the
offset of the sentence in the document, so the trigger is found again in the sentence by its
text. When the trigger's words occur more than once in the sentence the first whole-word
occurrence is marked and the result says it was a guess (``exact`` is false).

The source, target and speaker phrases and the hedge words are marked as well, each at its
first whole-word occurrence that does not overlap a mark already placed (the trigger first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = ["Segment", "Highlighted", "highlight"]


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    kind: str | None  # None for plain text; evidence, source, target, speaker, hedge

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class Highlighted:
    segments: tuple[Segment, ...]
    exact: bool  # the evidence occurs once in the sentence (or was not found at all)
    found: bool  # the evidence text was found in the sentence

    def to_dict(self) -> dict[str, Any]:
        return {
            "segments": [s.to_dict() for s in self.segments],
            "evidence_exact": self.exact,
            "evidence_found": self.found,
        }


def _occurrences(sentence: str, phrase: str) -> list[int]:
    if not phrase or not phrase.strip():
        return []
    pattern = re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", re.IGNORECASE)
    return [m.start() for m in pattern.finditer(sentence)]


def highlight(record: dict[str, Any]) -> Highlighted:
    """Split a mention's sentence into plain and marked segments."""
    sentence: str = record.get("sentence") or ""
    marks: list[tuple[int, int, str]] = []

    def place(phrase: str | None, kind: str) -> int:
        """Mark the first free occurrence of ``phrase``; returns how many occurrences exist."""
        hits = _occurrences(sentence, phrase or "")
        for start in hits:
            end = start + len(phrase or "")
            if all(end <= s or start >= e for s, e, _ in marks):
                marks.append((start, end, kind))
                break
        return len(hits)

    evidence = (record.get("evidence") or {}).get("text")
    n_evidence = place(evidence, "evidence")
    for side in ("source", "target", "speaker"):
        actor = record.get(side) or {}
        place(actor.get("text"), side)
    for hedge in record.get("hedges") or ():
        place(hedge, "hedge")

    marks.sort()
    segments: list[Segment] = []
    at = 0
    for start, end, kind in marks:
        if start > at:
            segments.append(Segment(sentence[at:start], None))
        segments.append(Segment(sentence[start:end], kind))
        at = end
    if at < len(sentence):
        segments.append(Segment(sentence[at:], None))
    return Highlighted(tuple(segments), exact=n_evidence <= 1, found=n_evidence > 0)
