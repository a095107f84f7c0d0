"""Date strings: accept ``YYYY-MM-DD`` or an ISO datetime, keep only the date.

Feeds also carry RFC 822 dates (``Tue, 05 Mar 2024 14:00:00 GMT``); ``parse_feed_date``
accepts those as well. A datetime always keeps its own (local) date, never converted to UTC.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_tz

__all__ = ["DATE_HELP", "FEED_DATE_HELP", "check_default_date", "parse_date", "parse_feed_date"]

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
