"""The event filter of ``casus events``, read from a request's query string.

Empty fields (what an HTML form sends for a box left blank) count as absent. A value the
filter refuses raises :class:`FilterError`, which the app answers with a 422 that says what
was wrong: JSON under ``/api``, the page with the message elsewhere.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import Query

from casus.store import EventFilter

__all__ = ["FilterError", "event_filter", "filter_query"]


class FilterError(ValueError):
    """A filter value casus cannot use; the message says which and why."""


def event_filter(
    actor: Annotated[
        str | None,
        Query(
            max_length=200, description=("Actor id, or words of an actor's name, on either side.")
        ),
    ] = None,
    dyad: Annotated[
        str | None,
        Query(max_length=200, description=("SOURCE:TARGET, countries or actor ids (IRQ:USA).")),
    ] = None,
    source: Annotated[
        str | None, Query(max_length=200, description=("Source country or actor id."))
    ] = None,
    target: Annotated[
        str | None, Query(max_length=200, description=("Target country or actor id."))
    ] = None,
    country: Annotated[
        str | None, Query(max_length=200, description=("Either side's country (ISO alpha-3)."))
    ] = None,
    code: Annotated[
        str | None, Query(max_length=200, description=("CAMEO code or prefix (19, 190, 1951)."))
    ] = None,
    root: Annotated[
        str | None, Query(max_length=200, description=("CAMEO root, two digits."))
    ] = None,
    plover: Annotated[
        str | None, Query(max_length=200, description=("PLOVER type (ASSAULT, THREATEN...)."))
    ] = None,
    since: Annotated[
        str | None, Query(max_length=200, description=("Events on or after this day, YYYY-MM-DD."))
    ] = None,
    until: Annotated[
        str | None, Query(max_length=200, description=("Events on or before this day, YYYY-MM-DD."))
    ] = None,
    modality: Annotated[
        str | None,
        Query(max_length=200, description=("actual, future, conditional, hypothetical, negated.")),
    ] = None,
    certainty: Annotated[
        str | None,
        Query(max_length=200, description=("asserted, claimed, reported, unconfirmed, denied.")),
    ] = None,
    text: Annotated[
        str | None,
        Query(max_length=200, description=("Words in any sentence that reports the event.")),
    ] = None,
    quad: Annotated[
        str | None,
        Query(
            max_length=200,
            description=(
                "Quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, "
                "4 material conflict."
            ),
        ),
    ] = None,
) -> EventFilter:
    values = {
        "actor": actor,
        "source": source,
        "target": target,
        "country": country,
        "code": code,
        "root": root,
        "plover": plover,
        "since": since,
        "until": until,
        "modality": modality,
        "certainty": certainty,
        "text": text,
    }
    kw: dict = {k: v.strip() for k, v in values.items() if v is not None and v.strip()}
    if quad is not None and quad.strip():
        if quad.strip() not in ("1", "2", "3", "4"):
            raise FilterError(f"quad must be 1, 2, 3 or 4, got {quad!r}")
        kw["quad"] = int(quad.strip())
    try:
        return EventFilter.of(dyad=(dyad or "").strip() or None, **kw)
    except (TypeError, ValueError) as exc:
        raise FilterError(str(exc)) from None


def filter_query(flt: EventFilter, **extra: object) -> dict[str, str]:
    """The filter (and ``extra`` parameters) as query-string values, empty ones left out."""
    out = {k: str(v) for k, v in asdict(flt).items() if v is not None}
    out |= {k: str(v) for k, v in extra.items() if v is not None and v != ""}
    return out
