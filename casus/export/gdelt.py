"""Events as the GDELT 2.0 event table, and their mentions as the GDELT 2.0 mentions table.

Both are written as GDELT ships them: tab separated, no header, no quoting, one row a line.
Text fields cannot hold a tab or a line break, so each one becomes a space (:func:`flat`).

How our events fill GDELT's columns:

- ``GlobalEventID``: a stable integer from our event id (:func:`casus.export.common.int_id`);
  the same store exports the same ids every time.
- ``Day``/``MonthYear``/``Year``/``FractionDate``: the event's date; FractionDate as the
  codebook computes it, ``Year + (month * 30 + day) / 365`` to 4 decimals. An undated event
  leaves them empty.
- ``ActorNCode``: the actor's CAMEO code (``IRQMIL``), else its country and sector;
  ``ActorNName``: our actor name, else its words in the text (our case, not upper case);
  ``ActorNCountryCode``: the actor's country code as casus holds it, which is ISO 3166
  alpha-3 or a CAMEO IGO code (``UNO``), as CAMEO country codes mostly are;
  ``ActorNKnownGroupCode``: the IGO part of an ``IGO...`` CAMEO code, else empty;
  ``ActorNType1Code``: the sector (GOV, MIL, REB…). Ethnic, religion and type 2/3: empty.
- ``IsRootEvent``: 1 when a main report of the event is the first sentence of its document.
- ``EventCode`` is our CAMEO code, ``EventBaseCode`` its first three digits,
  ``EventRootCode`` its first two; ``QuadClass`` and ``GoldsteinScale`` ours.
- ``NumMentions``/``NumSources``/``NumArticles``: the event's counts.
- ``AvgTone``: casus measures no tone, so it is 0.
- Geography: casus places the action, not the actors, so ``Actor1Geo_*`` and ``Actor2Geo_*``
  are empty and ``ActionGeo_*`` comes from the event's ``location`` when it has one.
  ``Type`` is 4 (world city) for a place with coordinates, else 1 (country): a Location
  does not yet say whether it is a town or a province. ``CountryCode`` is ISO alpha-3, not
  FIPS 10-4 as in GDELT (casus ships no FIPS table); ``ADM1Code`` is that code followed by
  the admin1 name; ``FeatureID`` is the GeoNames id.
- ``DATEADDED``: the day the event was first reported (``first_seen``, else its date) at
  00:00:00, as YYYYMMDDHHMMSS; ``SOURCEURL``: the URL of its first report that has one, else
  ``casus:`` and that report's document id.

Mentions table, one row per report of an event (main or background):
``EventTimeDate`` is the event's DATEADDED; ``MentionTimeDate`` the report's document date;
``MentionType`` 1 (web); ``MentionSourceName`` the outlet (else the URL's host);
``MentionIdentifier`` the URL, else ``casus:doc_id``; ``SentenceID`` the 1-based sentence;
actor offsets -1 (casus keeps none), ``ActionCharOffset`` the trigger's offset in the
document; ``InRawText`` 1; ``Confidence`` from the mention's certainty
(:data:`CONFIDENCE`); ``MentionDocLen`` the document's length in characters;
``MentionDocTone`` 0; ``MentionDocTranslationInfo`` empty; ``Extras`` our mention id and
role as ``<MENTIONID>…</MENTIONID><ROLE>…</ROLE>``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, TextIO
from urllib.parse import urlparse

from casus.export.common import (
    EventRow,
    MentionRows,
    as_date,
    flat,
    int_id,
    location_of,
)

__all__ = [
    "CONFIDENCE",
    "EVENT_COLUMNS",
    "MENTION_COLUMNS",
    "event_row",
    "write_gdelt",
    "write_gdelt_mentions",
]

_ACTOR = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

EVENT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR),
    *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO),
    *(f"Actor2Geo_{c}" for c in _GEO),
    *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED",
    "SOURCEURL",
)
assert len(EVENT_COLUMNS) == 61, "the GDELT 2.0 event table has 61 columns"

MENTION_COLUMNS: tuple[str, ...] = (
    "GlobalEventID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
)

# GDELT's Confidence (0-100) from how sure the report is.
CONFIDENCE = {"asserted": 100, "claimed": 70, "reported": 60, "unconfirmed": 30, "denied": 10}


def _actor(e: EventRow, side: str) -> list[str]:
    country = e[f"{side}_country"]
    sector = e[f"{side}_sector"]
    cameo = e[f"{side}_cameo"] or ((country or "") + (sector or ""))
    name = e[f"{side}_name"] or e[f"{side}_text"]
    known = cameo[3:6] if cameo.startswith("IGO") else ""
    return [cameo, name, country, known, "", "", "", sector, "", ""]


def _geo(e: EventRow) -> list[Any]:
    loc = location_of(e)
    if loc is None:
        return [""] * len(_GEO)
    kind = 1 if loc.lat is None or loc.lon is None else 4
    adm1 = f"{loc.country or ''}{loc.admin1}" if loc.admin1 else ""
    return [kind, loc.name, loc.country, adm1, "", loc.lat, loc.lon, loc.geonameid]


def _stamp(day: date | None) -> str:
    return f"{day:%Y%m%d}000000" if day else ""


def date_added(e: EventRow) -> str:
    return _stamp(as_date(e.get("first_seen")) or as_date(e.get("date")))


def _source_url(ms: Iterable[Mapping[str, Any]]) -> str:
    ms = list(ms)
    for m in ms:
        if m.get("url"):
            return m["url"]
    return f"casus:{ms[0]['doc_id']}" if ms else ""


def event_row(e: EventRow, mentions: MentionRows) -> list[Any]:
    """The 61 values of one event in GDELT's column order (not yet flattened)."""
    day = as_date(e["date"])
    code = e["cameo_code"]
    ms = mentions.get(e["event_id"]) or []
    root = int(any(m["role"] == "main" and m["record"]["sentence_index"] == 0 for m in ms))
    values = [
        int_id(e["event_id"]),
        f"{day:%Y%m%d}" if day else "",
        f"{day:%Y%m}" if day else "",
        day.year if day else "",
        f"{day.year + (day.month * 30 + day.day) / 365:.4f}" if day else "",
        *_actor(e, "source"),
        *_actor(e, "target"),
        root,
        code,
        code[:3],
        code[:2],
        e["quad_class"],
        e["goldstein"],
        e["num_mentions"],
        e["num_sources"],
        e["num_articles"],
        0,
        *[""] * len(_GEO),
        *[""] * len(_GEO),
        *_geo(e),
        date_added(e),
        _source_url(ms),
    ]
    assert len(values) == len(EVENT_COLUMNS)
    return values


def _line(values: Iterable[Any]) -> str:
    return "\t".join(flat(v) for v in values) + "\n"


def write_gdelt(events: Iterable[EventRow], mentions: MentionRows, out: TextIO) -> int:
    """Write ``events`` as GDELT 2.0 event rows; returns the number of rows."""
    n = 0
    for e in events:
        out.write(_line(event_row(e, mentions)))
        n += 1
    return n


def mention_rows(e: EventRow, mentions: MentionRows) -> list[list[Any]]:
    """The GDELT mentions-table rows of one event (not yet flattened)."""
    rows = []
    added = date_added(e)
    for m in mentions.get(e["event_id"]) or []:
        rec = m["record"]
        source = m.get("outlet") or (urlparse(m["url"]).hostname if m.get("url") else "") or ""
        rows.append(
            [
                int_id(e["event_id"]),
                added,
                _stamp(as_date(m.get("doc_date"))),
                1,
                source,
                m.get("url") or f"casus:{m['doc_id']}",
                rec["sentence_index"] + 1,
                -1,
                -1,
                rec["evidence"]["start"],
                1,
                CONFIDENCE.get(rec["certainty"], 50),
                m.get("doc_chars") or "",
                0,
                "",
                f"<MENTIONID>{m['mention_id']}</MENTIONID><ROLE>{m['role']}</ROLE>",
            ]
        )
    return rows


def write_gdelt_mentions(events: Iterable[EventRow], mentions: MentionRows, out: TextIO) -> int:
    """Write the reports of ``events`` as GDELT 2.0 mentions rows; returns the number of rows."""
    n = 0
    for e in events:
        for row in mention_rows(e, mentions):
            out.write(_line(row))
            n += 1
    return n
