"""What the exporters share: flat text for TSV, ids, dates, places, code and country names.

Every exporter takes the event rows of :meth:`casus.store.Store.events` (dicts, one per row
of the events table) and, when it needs them, the mentions of
:meth:`casus.store.Store.event_mentions` (event id → mention dicts).
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from casus.coding.ontology import CodeInfo, load_ontology
from casus.models import Location

__all__ = [
    "EventRow",
    "MentionRows",
    "as_date",
    "cameo_info",
    "country_name",
    "country_code",
    "flat",
    "int_id",
    "location_of",
    "main_mention",
]

EventRow = Mapping[str, Any]
MentionRows = Mapping[str, Sequence[Mapping[str, Any]]]

# Characters that end a line for some reader (str.splitlines, csv, awk) or end a TSV field.
_BREAKS = dict.fromkeys(map(ord, "\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), " ")


def flat(value: Any) -> str:
    """A field of a tab-separated file: None is empty, and each tab, newline, carriage return
    or other line separator becomes one space (TSV as GDELT and ICEWS ship it has no quoting,
    so these are the only characters that could break a row)."""
    if value is None:
        return ""
    return str(value).translate(_BREAKS)


def int_id(event_id: str) -> int:
    """A stable positive 60-bit integer for an event id (GDELT's GlobalEventID is an
    integer): the first 15 hex digits of the id's SHA-1."""
    return int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:15], 16)


def as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def location_of(row: EventRow | Mapping[str, Any]) -> Location | None:
    """The ``location`` JSON of an event or mention row as a :class:`Location`."""
    loc = row.get("location")
    if not loc:
        return None
    if isinstance(loc, str):
        loc = json.loads(loc)
    return Location(**loc)


def main_mention(event: EventRow, mentions: MentionRows) -> Mapping[str, Any] | None:
    """The mention an event row was built from: a main mention with the event's code and
    sentence, else its first main mention, else its first mention."""
    ms = mentions.get(event["event_id"]) or []
    main = [m for m in ms if m["role"] == "main"] or list(ms)
    for m in main:
        rec = m["record"]
        if rec["cameo_code"] == event["cameo_code"] and rec["sentence"] == event["sentence"]:
            return m
    return main[0] if main else None


def _data() -> Path:
    return Path(str(resources.files("casus") / "data"))


@cache
def _ontology() -> dict[str, CodeInfo]:
    return load_ontology(_data() / "cameo.tsv").codes


def cameo_info(code: str) -> CodeInfo | None:
    """The row of ``cameo.tsv`` for a code (name, Goldstein, PLOVER type, mode, context)."""
    return _ontology().get(code)


@cache
def _countries() -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    with (_data() / "countries.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            names[row["iso3"].upper()] = row["name"]
    with (_data() / "igos.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            code = (row.get("country") or "").upper()
            if code and code not in names:
                names[code] = row["name"]
    codes = {name.casefold(): code for code, name in names.items()}
    return names, codes


def country_name(code: str | None) -> str:
    """The English name of a country (or IGO) code; an unknown code is returned as it is."""
    if not code:
        return ""
    return _countries()[0].get(code.upper(), code)


def country_code(name: str) -> str | None:
    """The inverse of :func:`country_name` (None for an empty name)."""
    if not name:
        return None
    return _countries()[1].get(name.casefold(), name)
