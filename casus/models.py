"""Typed records that flow through the pipeline.

Every record is a frozen dataclass. ``to_dict`` gives the JSON shape of the output contract
in DESIGN.md (field names are fixed there); nothing else in casus builds those dicts by hand.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Document", "Actor", "Evidence", "Location", "EventMention"]


@dataclass(frozen=True, slots=True)
class Document:
    """One input document: a news report, a brief, a web page."""

    id: str
    text: str
    date: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    language: str = "en"


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor as resolved from a mention in the text."""

    text: str
    actor_id: str | None = None
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    cameo_actor: str | None = None
    affiliations: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "actor_id": self.actor_id,
            "name": self.name,
            "country": self.country,
            "sector": self.sector,
            "cameo_actor": self.cameo_actor,
            "affiliations": list(self.affiliations),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Actor | None:
        if d is None:
            return None
        return cls(
            text=d["text"],
            actor_id=d.get("actor_id"),
            name=d.get("name"),
            country=d.get("country"),
            sector=d.get("sector"),
            cameo_actor=d.get("cameo_actor"),
            affiliations=tuple(d.get("affiliations") or ()),
        )


@dataclass(frozen=True, slots=True)
class Evidence:
    """Character offsets of the trigger in the document text."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event happened (see casus.geo).

    ``precision``: 1 country (or wider), 2 first-level division, 3 second-level division or
    the area near a town, 4 city or town, 5 site. ``geonameid`` is the GeoNames id, or None
    for our own features, named by ``feature`` ("casus:green-zone"). ``relation`` is "in" or
    "near", ``direction`` the bearing of a relative description ("northwest" of Baghdad),
    ``source`` "text" (the sentence) or "dateline" (the document's dateline, a fallback),
    ``text`` the words of the document that named it."""

    name: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None
    precision: int | None = None
    feature: str | None = None
    relation: str | None = None
    direction: str | None = None
    source: str | None = None
    text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Location | None:
        if not d:
            return None
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in known})


MODALITIES = ("actual", "future", "conditional", "hypothetical", "negated")
CERTAINTIES = ("asserted", "claimed", "reported", "unconfirmed", "denied")
SECTIONS = ("report", "quote", "comment", "boilerplate")


@dataclass(frozen=True, slots=True)
class EventMention:
    """One coded event mention: the record of the output contract."""

    event_id: str
    doc_id: str
    sentence_index: int
    sentence: str
    evidence: Evidence
    date: str | None
    date_precision: str | None
    cameo_code: str
    cameo_root: str
    quad_class: int
    goldstein: float
    plover_type: str
    plover_mode: str | None
    source: Actor | None
    target: Actor | None
    modality: str
    certainty: str
    speaker: Actor | None
    reporting_source: str | None
    hedges: tuple[str, ...]
    background: bool
    location: Location | None
    coder: str
    section: str = "report"
    cameo_name: str = ""
    # the act itself when ``cameo_code`` announces, threatens or refuses it: "will meet" is
    # 036 with act_code "040"; "vowed to strike" 1384 with "190"; null when they are one
    act_code: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "evidence": self.evidence.to_dict(),
            "date": self.date,
            "date_precision": self.date_precision,
            "cameo_code": self.cameo_code,
            "cameo_root": self.cameo_root,
            "cameo_name": self.cameo_name,
            "act_code": self.act_code,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "plover_type": self.plover_type,
            "plover_mode": self.plover_mode,
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "modality": self.modality,
            "certainty": self.certainty,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "reporting_source": self.reporting_source,
            "hedges": list(self.hedges),
            "background": self.background,
            "location": self.location.to_dict() if self.location else None,
            "section": self.section,
            "coder": self.coder,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> EventMention:
        """The inverse of :meth:`to_dict` (the output contract back into a record)."""
        ev = d["evidence"]
        loc = d.get("location")
        return cls(
            event_id=d["event_id"],
            doc_id=d["doc_id"],
            sentence_index=int(d["sentence_index"]),
            sentence=d["sentence"],
            evidence=Evidence(int(ev["start"]), int(ev["end"]), ev["text"]),
            date=d.get("date"),
            date_precision=d.get("date_precision"),
            cameo_code=d["cameo_code"],
            cameo_root=d["cameo_root"],
            quad_class=int(d["quad_class"]),
            goldstein=float(d["goldstein"]),
            plover_type=d["plover_type"],
            plover_mode=d.get("plover_mode"),
            source=Actor.from_dict(d.get("source")),
            target=Actor.from_dict(d.get("target")),
            modality=d["modality"],
            certainty=d["certainty"],
            speaker=Actor.from_dict(d.get("speaker")),
            reporting_source=d.get("reporting_source"),
            hedges=tuple(d.get("hedges") or ()),
            background=bool(d.get("background")),
            location=Location.from_dict(loc),
            coder=d["coder"],
            section=d.get("section") or "report",
            cameo_name=d.get("cameo_name") or "",
            act_code=d.get("act_code"),
        )
