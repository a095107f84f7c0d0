"""Filters over the events table, turned into SQL with every value passed as a parameter.

Nothing a user types is ever pasted into SQL text: each filter adds a fixed fragment with
``?`` placeholders, so a filter value such as ``'; DROP TABLE events; --`` is only a string
that matches nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from casus.models import CERTAINTIES, MODALITIES

__all__ = ["EventFilter", "build_where"]

_CODE = re.compile(r"^\d{2,4}$")
_ISO3 = re.compile(r"^[A-Za-z]{3}$")


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What ``casus events`` and ``/api/events`` filter on; every field is optional."""

    actor: str | None = None  # actor id, or text in a side's name or phrase
    source: str | None = None  # country code or actor id of the source
    target: str | None = None  # country code or actor id of the target
    country: str | None = None  # either side's country
    code: str | None = None  # CAMEO code prefix: "19", "190", "1951"
    root: str | None = None  # CAMEO root, two digits
    plover: str | None = None  # PLOVER type
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None
    modality: str | None = None
    certainty: str | None = None
    text: str | None = None  # words in any mention's sentence
    quad: int | None = None  # quad class 1-4

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None:
                try:
                    date.fromisoformat(value)
                except (TypeError, ValueError):
                    raise ValueError(f"{name} must be a date YYYY-MM-DD, got {value!r}") from None
        for name in ("code",):
            value = getattr(self, name)
            if value is not None and not _CODE.match(value):
                raise ValueError(f"code must be 2 to 4 digits, got {value!r}")
        if self.root is not None and not re.fullmatch(r"\d{2}", self.root):
            raise ValueError(f"root must be two digits (01-20), got {self.root!r}")
        if self.modality is not None and self.modality not in MODALITIES:
            raise ValueError(f"modality must be one of {', '.join(MODALITIES)}")
        if self.certainty is not None and self.certainty not in CERTAINTIES:
            raise ValueError(f"certainty must be one of {', '.join(CERTAINTIES)}")
        if self.quad is not None and self.quad not in (1, 2, 3, 4):
            raise ValueError(f"quad must be 1, 2, 3 or 4, got {self.quad!r}")
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str) and len(value) > 200:
                raise ValueError(f"{f.name} is too long (over 200 characters)")

    @classmethod
    def of(cls, *, dyad: str | None = None, **kw: Any) -> EventFilter:
        """The filter from what a user typed: a dyad, when given, stands for source and
        target."""
        if dyad:
            kw.pop("source", None)
            kw.pop("target", None)
            return cls.from_dyad(dyad, **kw)
        return cls(**kw)

    @classmethod
    def from_dyad(cls, dyad: str, **kw: Any) -> EventFilter:
        """``"IRQ:USA"`` or ``"harakat_al_nujaba:USA"``: source and target."""
        source, sep, target = dyad.partition(":")
        if not sep or not source or not target:
            raise ValueError(f"dyad must be SOURCE:TARGET, got {dyad!r}")
        return cls(source=source, target=target, **kw)


def _side(prefix: str, value: str) -> tuple[str, list[Any]]:
    if _ISO3.match(value):
        return (
            f"(upper(e.{prefix}_country) = ? OR e.{prefix}_actor_id = ?)",
            [value.upper(), value],
        )
    return (
        f"(e.{prefix}_actor_id = ? OR list_contains(e.{prefix}_affiliations, ?))",
        [value, value],
    )


# filters of one value each: (field, SQL with its placeholder, how the value is bound)
_SIMPLE: tuple[tuple[str, str, Any], ...] = (
    ("code", "starts_with(e.cameo_code, ?)", str),
    ("root", "e.cameo_root = ?", str),
    ("plover", "upper(e.plover_type) = ?", str.upper),
    ("since", "e.date >= CAST(? AS DATE)", str),
    ("until", "e.date <= CAST(? AS DATE)", str),
    ("modality", "e.modality = ?", str),
    ("certainty", "e.certainty = ?", str),
    ("quad", "e.quad_class = ?", int),
)


def build_where(flt: EventFilter) -> tuple[str, list[Any]]:
    """``WHERE ...`` (or "") and its parameters, for the events table aliased ``e``."""
    parts: list[str] = []
    params: list[Any] = []
    if flt.actor:
        like = f"%{flt.actor.lower()}%"
        parts.append(
            "(e.source_actor_id = ? OR e.target_actor_id = ? OR "
            "list_contains(e.source_affiliations, ?) OR list_contains(e.target_affiliations, ?)"
            " OR lower(e.source_name) LIKE ? OR lower(e.target_name) LIKE ?"
            " OR lower(e.source_text) LIKE ? OR lower(e.target_text) LIKE ?)"
        )
        params += [flt.actor] * 4 + [like] * 4
    for prefix, value in (("source", flt.source), ("target", flt.target)):
        if value:
            sql, p = _side(prefix, value)
            parts.append(sql)
            params += p
    if flt.country:
        parts.append("(upper(e.source_country) = ? OR upper(e.target_country) = ?)")
        params += [flt.country.upper()] * 2
    for name, sql, convert in _SIMPLE:
        value = getattr(flt, name)
        if value is not None and value != "":
            parts.append(sql)
            params.append(convert(value))
    if flt.text:
        parts.append(
            "e.event_id IN (SELECT em.event_id FROM event_mentions em "
            "JOIN mentions m USING (mention_id) WHERE lower(m.sentence) LIKE ?)"
        )
        params.append(f"%{flt.text.lower()}%")
    return ("WHERE " + " AND ".join(parts)) if parts else "", params
