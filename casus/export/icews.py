"""Events as ICEWS-style coded event data: tab separated, with ICEWS's header, one event a row.

How our events fill the ICEWS columns:

- ``Event ID``: our event id; ``Event Date``: YYYY-MM-DD (empty when undated).
- ``Source Name``/``Target Name``: the actor's name, else its words in the text;
  ``… Sectors``: the sector's name from :data:`SECTOR_NAMES` (the code itself when it has
  none there); ``… Country``: the country's name from ``countries.tsv`` (IGO codes by the
  IGO's name; an unknown code as it is).
- ``Event Text``: the CAMEO name of the code (``cameo.tsv``); ``CAMEO Code``: our code;
  ``Intensity``: the Goldstein score.
- ``Story ID``/``Sentence Number``/``Publisher``: the document id, 1-based sentence number
  and outlet of the event's main report.
- ``City``/``District``/``Province``/``Country``/``Latitude``/``Longitude``: from the
  event's location (City is the place's name when it has coordinates; District is empty:
  casus keeps no admin2).

Like GDELT's files, ICEWS's have no quoting, so a tab or line break in a text field becomes
a space (:func:`casus.export.common.flat`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from casus.export.common import (
    EventRow,
    MentionRows,
    as_date,
    cameo_info,
    country_name,
    flat,
    location_of,
    main_mention,
)

__all__ = ["COLUMNS", "SECTOR_NAMES", "event_row", "write_icews"]

COLUMNS: tuple[str, ...] = (
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
)

SECTOR_NAMES: dict[str, str] = {
    "GOV": "Government",
    "MIL": "Military",
    "COP": "Police",
    "REB": "Rebels",
    "PRM": "Paramilitary",
    "PTY": "Parties",
    "LEG": "Legislative / Parliamentary",
    "JUD": "Judicial",
    "SPY": "Intelligence",
    "OPP": "Opposition",
    "CVL": "Civilian",
    "MED": "Media",
    "BUS": "Business",
    "IGO": "International Government Organization",
    "NGO": "Non-Governmental Organization",
    "UAF": "Unidentified Armed Forces",
    "CRM": "Criminal",
    "REF": "Refugees",
    "INS": "Insurgents",
    "LAB": "Labor",
    "EDU": "Education",
    "HLH": "Health",
    "ELI": "Elite",
    "AGR": "Agriculture",
    "REL": "Religious",
    "SEP": "Separatists",
    "SET": "Settlers",
    "ENV": "Environmental",
}


def _side(e: EventRow, side: str) -> list[str]:
    sector = e[f"{side}_sector"]
    return [
        e[f"{side}_name"] or e[f"{side}_text"] or "",
        SECTOR_NAMES.get(sector, sector) if sector else "",
        country_name(e[f"{side}_country"]),
    ]


def event_row(e: EventRow, mentions: MentionRows) -> list[Any]:
    """The 20 ICEWS values of one event (not yet flattened)."""
    day = as_date(e["date"])
    info = cameo_info(e["cameo_code"])
    m = main_mention(e, mentions)
    loc = location_of(e)
    city = province = country = lat = lon = ""
    if loc is not None:
        province = loc.admin1 or ""
        city = loc.name if loc.lat is not None and loc.lon is not None else ""
        country = country_name(loc.country)
        lat = "" if loc.lat is None else loc.lat
        lon = "" if loc.lon is None else loc.lon
    source, s_sectors, s_country = _side(e, "source")
    target, t_sectors, t_country = _side(e, "target")
    return [
        e["event_id"],
        day.isoformat() if day else "",
        source,
        s_sectors,
        s_country,
        info.name if info else "",
        e["cameo_code"],
        e["goldstein"],
        target,
        t_sectors,
        t_country,
        m["doc_id"] if m else "",
        m["record"]["sentence_index"] + 1 if m else "",
        (m.get("outlet") or "") if m else "",
        city,
        "",
        province,
        country,
        lat,
        lon,
    ]


def write_icews(events: Iterable[EventRow], mentions: MentionRows, out: TextIO) -> int:
    """Write the header and one row per event; returns the number of events."""
    out.write("\t".join(COLUMNS) + "\n")
    n = 0
    for e in events:
        out.write("\t".join(flat(v) for v in event_row(e, mentions)) + "\n")
        n += 1
    return n
