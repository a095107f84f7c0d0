"""Event mention serialisations: the JSONL output contract and PLOVER records."""

from __future__ import annotations

import json
from typing import Any

from casus.models import Actor, EventMention

__all__ = ["to_jsonl_line", "to_plover"]


def to_jsonl_line(ev: EventMention) -> str:
    return json.dumps(ev.to_dict(), ensure_ascii=False)


def _plover_actor(a: Actor | None) -> list[dict[str, Any]]:
    if a is None:
        return []
    return [
        {
            "actorText": a.text,
            "code": a.cameo_actor or a.country,
            "country": a.country,
            "sector": a.sector,
            "actor_id": a.actor_id,
        }
    ]


def to_plover(ev: EventMention, context: str | None = None) -> dict[str, Any]:
    """A PLOVER event record (field names as in the PLOVER gold-standard records)."""
    return {
        "id": ev.event_id,
        "date": ev.date,
        "event": ev.plover_type,
        "mode": ev.plover_mode or "",
        "context": context or "",
        "source": _plover_actor(ev.source),
        "target": _plover_actor(ev.target),
        "eventText": ev.evidence.text,
        "text": ev.sentence,
        "modality": ev.modality,
        "certainty": ev.certainty,
        "speaker": ev.speaker.text if ev.speaker else None,
        "reportingSource": ev.reporting_source,
        "background": ev.background,
        "cameo": ev.cameo_code,
        "docId": ev.doc_id,
        "sentenceIndex": ev.sentence_index,
        "evidence": ev.evidence.to_dict(),
        "coder": ev.coder,
    }
