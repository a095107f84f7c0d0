"""The JSON API under ``/api``: events, one event with its reports, actors, one actor, the
actor network and the time series, all read-only. The OpenAPI spec is ``/api/openapi.json``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request

from casus.store import EventFilter
from casus.web.desk import BINS, SORTS, Desk
from casus.web.filters import event_filter

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["api"])

SORT_PATTERN = "^-?(" + "|".join(SORTS) + ")$"
Filter = Annotated[EventFilter, Depends(event_filter)]


def desk(request: Request) -> Desk:
    return request.app.state.desk


DeskDep = Annotated[Desk, Depends(desk)]


@router.get("/stats", summary="What the store holds")
def stats(d: DeskDep) -> dict[str, Any]:
    return d.stats()


@router.get("/events", summary="Events, filtered, sorted and paginated")
def events(
    d: DeskDep,
    flt: Filter,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    sort: Annotated[
        str,
        Query(
            pattern=SORT_PATTERN,
            description=(
                "date, code, plover, source, target, mentions, sources, goldstein, quad, modality "
                "or certainty; a leading - sorts descending"
            ),
        ),
    ] = "-date",
) -> dict[str, Any]:
    return d.events(flt, limit=limit, offset=offset, sort=sort)


@router.get("/events/{event_id}", summary="One event with every report that mentions it")
def event(d: DeskDep, event_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    ev = d.event(event_id)
    if ev is None:
        raise HTTPException(404, f"no event with id {event_id!r}")
    return ev


@router.get("/timeseries", summary="Events per day (or week, month, year) by quad class")
def timeseries(
    d: DeskDep,
    flt: Filter,
    bin: Annotated[str, Query(pattern="^(" + "|".join(BINS) + ")$")] = "day",
) -> dict[str, Any]:
    return d.timeseries(flt, bin=bin)


@router.get("/map", summary="Events placed by their location, and those without one")
def map_points(
    d: DeskDep,
    flt: Filter,
    unplaced_limit: Annotated[int, Query(ge=0, le=5000)] = 200,
) -> dict[str, Any]:
    return d.map_points(flt, unplaced_limit=unplaced_limit)


@router.get("/network", summary="Actors and their cooperation and conflict, as a graph")
def network(
    d: DeskDep,
    flt: Filter,
    max_nodes: Annotated[int, Query(ge=1, le=1000)] = 60,
) -> dict[str, Any]:
    return d.network(flt, max_nodes=max_nodes)


@router.get("/actors", summary="Actors in the store's events, most events first")
def actors(
    d: DeskDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    return d.actors(q=q or None, limit=limit)


@router.get("/actors/{actor_id}", summary="One actor: aliases, patrons, parents, evidence, events")
def actor(
    d: DeskDep,
    actor_id: Annotated[str, Path(max_length=200)],
    events_limit: Annotated[int, Query(ge=0, le=1000)] = 100,
) -> dict[str, Any]:
    out = d.actor(actor_id, events_limit=events_limit)
    if out is None:
        raise HTTPException(404, f"no actor {actor_id!r} in the knowledge base or the store")
    return out
