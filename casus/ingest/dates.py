"""Date strings: accept ``YYYY-MM-DD`` or an ISO datetime, keep only the date.

Feeds also carry RFC 822 dates (``Tue, 05 Mar 2024 14:00:00 GMT``); ``parse_feed_date``
accepts those as well. A datetime always keeps its own (local) date, never converted to UTC.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_tz

__all__ = [
    "DATE_HELP",
    "FEED_DATE_HELP",
    "check_default_date",
    "header_date",
    "parse_date",
    "parse_feed_date",
]

DATE_HELP = "expected YYYY-MM-DD or an ISO datetime such as 2024-03-05T14:00:00Z"
FEED_DATE_HELP = (
    "expected an RFC 822 date such as 'Tue, 05 Mar 2024 14:00:00 GMT' or an ISO 8601 date "
    "such as 2024-03-05T14:00:00Z"
)

_DATE_PREFIX = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: str) -> str | None:
    """Return the ``YYYY-MM-DD`` date of ``value``, or None if it is not a valid ISO date.

    ``2024-03-05`` and ISO datetimes such as ``2024-03-05T14:00:00+01:00`` are accepted; a
    datetime is cut to its own (local) date, not converted to UTC.
    """
    text = value.strip()
    if not _DATE_PREFIX.match(text):
        return None
    day = text[:10]
    try:
        date.fromisoformat(day)
    except ValueError:
        return None
    if len(text) == 10:
        return day
    if text[10] not in "Tt ":
        return None
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return None
    return day


def parse_feed_date(value: str) -> str | None:
    """``YYYY-MM-DD`` of an ISO 8601 or RFC 822 date (time optional), or None if neither."""
    day = parse_date(value)
    if day is not None:
        return day
    text = value.strip()
    if not text:
        return None
    parts = parsedate_tz(text) or parsedate_tz(f"{text} 00:00:00")
    if parts is None:
        return None
    year, month, mday = parts[:3]
    try:
        return date(year, month, mday).isoformat()
    except ValueError:
        return None


def check_default_date(value: str | None) -> str | None:
    """Validate the caller's default date; raise ValueError with a clear message if it is bad."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(
            f"default_date must be a string in YYYY-MM-DD form, got {type(value).__name__}"
        )
    day = parse_date(value)
    if day is None:
        raise ValueError(f"default_date {value!r} is not a valid date; {DATE_HELP}")
    return day


_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for m in names
}
_LEAD = r"^(?:(?:issued|published|posted|updated|dated?|as of)\b[:,]?\s*)?(?:[A-Za-z]+day,?\s+)?"
_DAY_MONTH_YEAR = re.compile(_LEAD + r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})\s*$", re.I)
_MONTH_DAY_YEAR = re.compile(_LEAD + r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})\s*$", re.I)
_ISO_LINE = re.compile(_LEAD + r"(\d{4})-(\d{2})-(\d{2})\s*$", re.I)
HEADER_LINES = 5


def header_date(text: str) -> str | None:
    """The date a brief or report states on a line of its own near the top ("16 April 2018",
    "Issued 20 June 2025", "April 16, 2018", "2018-04-16"), as ``YYYY-MM-DD``; else None."""
    lines = [ln.strip() for ln in text[:2000].splitlines() if ln.strip()][:HEADER_LINES]
    for line in lines:
        if len(line) > 60:
            continue
        for rx, order in ((_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy"), (_ISO_LINE, "ymd")):
            m = rx.match(line)
            if not m:
                continue
            a, b, c = m.groups()
            try:
                if order == "dmy":
                    day, month, year = int(a), _MONTHS.get(b.lower()), int(c)
                elif order == "mdy":
                    month, day, year = _MONTHS.get(a.lower()), int(b), int(c)
                else:
                    year, month, day = int(a), int(b), int(c)
                if month is None:
                    continue
                return date(year, month, day).isoformat()
            except ValueError:
                continue
    return None
