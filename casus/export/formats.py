"""Event mention serialisations (the JSONL output contract, PLOVER records) and PLOVER
records of whole events with the evidence of their reports (:func:`write_plover_events`)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any, TextIO

from casus.export.common import cameo_info
from casus.models import Actor, EventMention

__all__ = ["plover_event", "to_jsonl_line", "to_plover", "write_plover_events"]


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


def _event_actor(e: dict[str, Any], side: str) -> list[dict[str, Any]]:
    if not (e.get(f"{side}_text") or e.get(f"{side}_country") or e.get(f"{side}_actor_id")):
        return []
    return [
        {
            "actorText": e[f"{side}_text"],
            "code": e[f"{side}_cameo"] or e[f"{side}_country"],
            "country": e[f"{side}_country"],
            "sector": e[f"{side}_sector"],
            "actor_id": e[f"{side}_actor_id"],
            "name": e[f"{side}_name"],
            "affiliations": list(e[f"{side}_affiliations"] or ()),
        }
    ]


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


def _evidence(m: dict[str, Any]) -> dict[str, Any]:
    rec = m["record"]
    speaker = rec.get("speaker")
    return {
        "mentionId": m["mention_id"],
        "role": m["role"],
        "docId": m["doc_id"],
        "outlet": m.get("outlet"),
        "url": m.get("url"),
        "title": m.get("title"),
        "docDate": _iso(m.get("doc_date")),
        "sentenceIndex": rec["sentence_index"],
        "text": rec["sentence"],
        "evidence": rec["evidence"],
        "date": rec.get("date"),
        "datePrecision": rec.get("date_precision"),
        "cameo": rec["cameo_code"],
        "mode": rec.get("plover_mode") or "",
        "modality": rec["modality"],
        "certainty": rec["certainty"],
        "speaker": speaker["text"] if speaker else None,
        "reportingSource": rec.get("reporting_source"),
        "hedges": rec.get("hedges") or [],
        "section": rec.get("section"),
        "coder": rec["coder"],
    }


def plover_event(
    e: dict[str, Any], mentions: list[dict[str, Any]], context: str | None = None
) -> dict[str, Any]:
    """A PLOVER record of one event (a row of the events table) with the evidence of each
    of its reports (``mentions``, as :meth:`casus.store.Store.event_mentions` gives them).
    Field names follow :func:`to_plover`; counts are ``numMentions``, ``numSources``,
    ``numArticles`` and ``numBackground``."""
    loc = e.get("location")
    return {
        "id": e["event_id"],
        "date": _iso(e["date"]),
        "event": e["plover_type"],
        "mode": e["plover_mode"] or "",
        "context": context or "",
        "source": _event_actor(e, "source"),
        "target": _event_actor(e, "target"),
        "text": e["sentence"],
        "modality": e["modality"],
        "certainty": e["certainty"],
        "cameo": e["cameo_code"],
        "goldstein": e["goldstein"],
        "quadClass": e["quad_class"],
        "numMentions": e["num_mentions"],
        "numSources": e["num_sources"],
        "numArticles": e["num_articles"],
        "numBackground": e["num_background"],
        "firstSeen": _iso(e["first_seen"]),
        "lastSeen": _iso(e["last_seen"]),
        "backgroundOnly": e["background_only"],
        "location": json.loads(loc) if isinstance(loc, str) else loc,
        "mentions": [_evidence(m) for m in mentions],
    }


def write_plover_events(
    events: Iterable[dict[str, Any]], mentions: dict[str, list[dict[str, Any]]], out: TextIO
) -> int:
    """Write one PLOVER JSON record per event, a line each; returns the number of events.
    The context is the PLOVER context of the event's CAMEO code in ``cameo.tsv``."""
    n = 0
    for e in events:
        info = cameo_info(e["cameo_code"])
        record = plover_event(
            e, list(mentions.get(e["event_id"]) or ()), info.plover_context if info else None
        )
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n
