"""Events as ACLED-like CSV: political violence, protests and riots, one row per event.

ACLED records events that happened, so only events that are ``actual`` (not a threat, plan,
condition or hypothetical) and not ``denied`` are written, and only these CAMEO codes, by
longest prefix (:data:`EVENT_TYPES`):

=============  ==============================================================================
CAMEO          ACLED event type / sub-event type
=============  ==============================================================================
14 (not 145)   Protests / Peaceful protest
145            Riots / Violent demonstration
175            Protests / Excessive force against protesters
171, 1711-12   Strategic developments / Looting/property destruction
173            Strategic developments / Arrests
18, 180, 182,  Violence against civilians / Attack — Battles / Armed clash when the target is
 184-186, 20x    armed (:data:`ARMED`: military, police, intelligence, rebels, militias)
181            Violence against civilians / Abduction/forced disappearance
1821           Violence against civilians / Sexual violence
183, 1832-34   Explosions/Remote violence / Remote explosive/landmine/IED
1831           Explosions/Remote violence / Suicide bomb
19, 190, 193,  Battles / Armed clash — Violence against civilians / Attack when the target
 196             is civilian
191            Strategic developments / Other (blockade)
192            Battles / Government regains territory (state source), else Non-state actor
                 overtakes territory
194            Explosions/Remote violence / Shelling/artillery/missile attack
195, 1951-52   Explosions/Remote violence / Air/drone strike
204, 2041      Explosions/Remote violence / Chemical weapon
=============  ==============================================================================

Not written: roots 01-13 (verbal acts and cooperation, threats included), 15 (force posture),
16 (reducing relations), 170, 172, 174 and 176 (administrative and cyber coercion), and 2042.

``inter1``/``inter2`` from the actor's sector (:data:`INTER`): 1 state forces, 2 rebel
groups, 3 political militias, 5 rioters and 6 protesters (a non-state, non-armed side of a
riot or protest), 7 civilians, 8 external/other forces (IGOs); 0 when the side is missing
or its sector unknown; a country with no sector and no named actor of its own ("Syria",
"the United States") counts as its military (state forces, and armed). ``interaction`` is
the two codes, smaller first (``13``), or the one code and 0 (``60``).
``civilian_targeting`` is "Civilian targeting" when the target is civilian
(:data:`CIVILIAN`).

The other columns: ``event_id_cnty`` is our event id; ``event_date`` YYYY-MM-DD;
``time_precision`` 1 when a main report dates the event to the day, 2 to the week, else 3;
``actor1``/``actor2`` the actor's name, else its words; ``assoc_actor_N`` its affiliations
(actor ids, ``; ``); ``country``/``admin1``/``location``/``latitude``/``longitude`` from the
event's location (``country`` by name); ``geo_precision`` 1 for a place with coordinates,
else 3; ``source`` the outlets, ``; ``; ``notes`` the representative
sentence; ``tags`` the CAMEO code, PLOVER type and certainty; ``timestamp`` the UNIX time
of the day the event was first reported. casus has no numeric ISO codes, ACLED regions,
admin2/3, source scale or fatality counts: ``iso``, ``region``, ``admin2``, ``admin3``,
``source_scale`` and ``fatalities`` are empty (empty fatalities means unknown, not zero).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

from casus.export.common import (
    EventRow,
    MentionRows,
    as_date,
    country_name,
    location_of,
)

__all__ = ["COLUMNS", "EVENT_TYPES", "INTER", "acled_type", "event_row", "write_acled"]

COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

# CAMEO code prefix → (event type, sub-event type); the longest prefix wins.
EVENT_TYPES: dict[str, tuple[str, str]] = {
    "14": (PROTESTS, "Peaceful protest"),
    "145": (RIOTS, "Violent demonstration"),
    "171": (STRATEGIC, "Looting/property destruction"),
    "173": (STRATEGIC, "Arrests"),
    "175": (PROTESTS, "Excessive force against protesters"),
    "18": (VAC, "Attack"),
    "181": (VAC, "Abduction/forced disappearance"),
    "1821": (VAC, "Sexual violence"),
    "183": (EXPLOSIONS, "Remote explosive/landmine/IED"),
    "1831": (EXPLOSIONS, "Suicide bomb"),
    "19": (BATTLES, "Armed clash"),
    "191": (STRATEGIC, "Other"),
    "192": (BATTLES, "Non-state actor overtakes territory"),
    "194": (EXPLOSIONS, "Shelling/artillery/missile attack"),
    "195": (EXPLOSIONS, "Air/drone strike"),
    "20": (VAC, "Attack"),
    "204": (EXPLOSIONS, "Chemical weapon"),
}
EXCLUDED = ("2042",)

DISORDER = {
    BATTLES: "Political violence",
    EXPLOSIONS: "Political violence",
    VAC: "Political violence",
    PROTESTS: "Demonstrations",
    RIOTS: "Demonstrations",
    STRATEGIC: "Strategic developments",
}

STATE = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})
ARMED = frozenset({"MIL", "COP", "SPY", "REB", "INS", "SEP", "PRM", "UAF", "CRM"})
CIVILIAN = frozenset(
    {"CVL", "MED", "BUS", "NGO", "REF", "LAB", "EDU", "HLH", "ELI", "AGR", "REL", "SET", "ENV"}
)
INTER: dict[str, int] = {
    **dict.fromkeys(STATE, 1),
    **dict.fromkeys(("REB", "INS", "SEP"), 2),
    **dict.fromkeys(("PRM", "UAF", "CRM", "PTY", "OPP"), 3),
    **dict.fromkeys(CIVILIAN, 7),
    "IGO": 8,
}


def acled_type(e: EventRow) -> tuple[str, str] | None:
    """(event type, sub-event type) of an event, or None when ACLED would not record it."""
    if e["modality"] != "actual" or e["certainty"] == "denied":
        return None
    code = e["cameo_code"]
    if code.startswith(EXCLUDED):
        return None
    prefix = next((code[:n] for n in (4, 3, 2) if code[:n] in EVENT_TYPES), None)
    if prefix is None:
        return None
    kind, sub = EVENT_TYPES[prefix]
    target = _sector(e, "target")
    if kind == BATTLES and sub == "Armed clash" and target in CIVILIAN:
        return VAC, "Attack"
    if kind == VAC and sub == "Attack" and target in ARMED:
        return BATTLES, "Armed clash"
    if prefix == "192" and _sector(e, "source") in STATE:
        return BATTLES, "Government regains territory"
    return kind, sub


def _sector(e: EventRow, side: str) -> str | None:
    """The side's sector; a country with no sector and no named actor of its own is its
    armed forces (``MIL``)."""
    sector = e[f"{side}_sector"]
    country = e[f"{side}_country"]
    actor = e[f"{side}_actor_id"]
    if sector is None and country and (actor is None or actor.upper() == country.upper()):
        return "MIL"
    return sector


def _inter(sector: str | None, present: bool, kind: str) -> int:
    if not present:
        return 0
    if kind in (PROTESTS, RIOTS) and sector not in STATE | ARMED | {"IGO"}:
        return 5 if kind == RIOTS else 6
    return INTER.get(sector or "", 0)


def _precision(e: EventRow, mentions: MentionRows) -> int:
    found = {
        m["record"].get("date_precision")
        for m in mentions.get(e["event_id"]) or []
        if m["role"] == "main"
    }
    return 1 if "day" in found else 2 if "week" in found else 3


def event_row(e: EventRow, mentions: MentionRows) -> list[Any] | None:
    """The ACLED values of one event, or None when it is not an ACLED event."""
    typed = acled_type(e)
    if typed is None:
        return None
    kind, sub = typed
    day = as_date(e["date"])
    has1 = bool(e["source_text"] or e["source_country"])
    has2 = bool(e["target_text"] or e["target_country"])
    inter1 = _inter(_sector(e, "source"), has1, kind)
    target_kind = PROTESTS if sub == "Excessive force against protesters" else kind
    inter2 = _inter(_sector(e, "target"), has2, target_kind)
    codes = sorted(c for c in (inter1, inter2) if c)
    interaction = "".join(map(str, codes)) if len(codes) == 2 else f"{codes[0]}0" if codes else ""
    disorder = DISORDER[kind]
    if sub == "Excessive force against protesters":
        disorder = "Political violence; Demonstrations"
    loc = location_of(e)
    place = admin1 = country = lat = lon = geo = ""
    if loc is not None:
        place, admin1, country = loc.name, loc.admin1 or "", country_name(loc.country)
        lat = "" if loc.lat is None else loc.lat
        lon = "" if loc.lon is None else loc.lon
        geo = 1 if loc.lat is not None and loc.lon is not None else 3
    outlets: list[str] = []
    for m in mentions.get(e["event_id"]) or []:
        name = m.get("outlet") or m.get("url") or f"casus:{m['doc_id']}"
        if name not in outlets:
            outlets.append(name)
    seen = as_date(e.get("first_seen")) or day
    stamp = int(datetime(seen.year, seen.month, seen.day, tzinfo=UTC).timestamp()) if seen else ""
    return [
        e["event_id"],
        day.isoformat() if day else "",
        day.year if day else "",
        _precision(e, mentions),
        disorder,
        kind,
        sub,
        e["source_name"] or e["source_text"] or "",
        "; ".join(e["source_affiliations"] or ()),
        inter1,
        e["target_name"] or e["target_text"] or "",
        "; ".join(e["target_affiliations"] or ()),
        inter2,
        interaction,
        "Civilian targeting" if e["target_sector"] in CIVILIAN else "",
        "",
        "",
        country,
        admin1,
        "",
        "",
        place,
        lat,
        lon,
        geo,
        "; ".join(outlets),
        "",
        e["sentence"],
        "",
        f"cameo={e['cameo_code']}; plover={e['plover_type']}; certainty={e['certainty']}",
        stamp,
    ]


def write_acled(events: Iterable[EventRow], mentions: MentionRows, out: TextIO) -> int:
    """Write the header and one CSV row per ACLED-like event; returns the number of rows
    (events that are not ACLED events are skipped)."""
    writer = csv.writer(out)  # RFC 4180: CRLF rows, so a lone CR in a field is quoted
    writer.writerow(COLUMNS)
    n = 0
    for e in events:
        row = event_row(e, mentions)
        if row is not None:
            writer.writerow(row)
            n += 1
    return n
