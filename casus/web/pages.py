"""The dashboard's pages, rendered on the server from Jinja2 templates.

Events, one event with its reports, the map, the timeline, the network and the actors. The
filter form is the same on every page and travels in the query string, so switching pages
keeps the current filter. Only the network page runs a script (``static/network.js``, a small
force layout of our own); the map and timeline are SVG drawn here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from casus.models import CERTAINTIES, MODALITIES
from casus.store import EventFilter
from casus.web.charts import QUAD_COLOURS, QUAD_NAMES, map_view, timeline_chart
from casus.web.desk import BINS, SORTS, Desk
from casus.web.filters import event_filter, filter_query

__all__ = ["router", "render_error"]

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")
router = APIRouter(include_in_schema=False)
Filter = Annotated[EventFilter, Depends(event_filter)]
SORT_PATTERN = "^-?(" + "|".join(SORTS) + ")$"
PAGE_SIZES = (25, 50, 100, 200)
COLUMNS = (  # (sort key or None, heading)
    ("date", "date"),
    ("code", "code"),
    ("plover", "PLOVER"),
    ("source", "source"),
    ("target", "target"),
    ("modality", "modality"),
    ("certainty", "certainty"),
    ("mentions", "mentions"),
    ("sources", "sources"),
    ("goldstein", "Goldstein"),
)


def _desk(request: Request) -> Desk:
    return request.app.state.desk


def _context(request: Request, flt: EventFilter | None, page: str, **kw) -> dict:
    desk = _desk(request)
    query = filter_query(flt) if flt is not None else {}
    return {
        "request": request,
        "page": page,
        "flt": flt or EventFilter(),
        "query": query,
        "qs": urlencode(query),
        "choices": desk.choices(),
        "modalities": MODALITIES,
        "certainties": CERTAINTIES,
        "quad_names": QUAD_NAMES,
        "quad_colours": QUAD_COLOURS,
        "db": Path(desk.path).name,
        "urlencode": urlencode,
        **kw,
    }


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    ctx = _context(request, None, "error", status=status, message=message)
    ctx["query"] = {k: v for k, v in request.query_params.items() if v}
    return templates.TemplateResponse(request, "error.html", ctx, status_code=status)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/events", status_code=307)


@router.get("/events", response_class=HTMLResponse)
def events_page(
    request: Request,
    flt: Filter,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    sort: Annotated[str, Query(pattern=SORT_PATTERN)] = "-date",
):
    result = _desk(request).events(flt, limit=limit, offset=offset, sort=sort)
    query = filter_query(flt)

    def link(**change) -> str:
        params = query | {"limit": limit, "sort": sort, "offset": offset} | change
        return "/events?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})

    headers = []
    for key, label in COLUMNS:
        current = sort.lstrip("-") == key
        descending = sort.startswith("-")
        flip = f"{'' if current and descending else '-'}{key}"
        arrow = ("▼" if descending else "▲") if current else ""
        headers.append(
            {"label": label, "href": link(sort=flip, offset=0), "arrow": arrow, "key": key}
        )
    pages = {
        "first": offset + 1 if result["total"] else 0,
        "last": min(offset + limit, result["total"]),
        "prev": link(offset=max(offset - limit, 0)) if offset > 0 else None,
        "next": link(offset=offset + limit) if offset + limit < result["total"] else None,
    }
    ctx = _context(
        request,
        flt,
        "events",
        result=result,
        headers=headers,
        pages=pages,
        limit=limit,
        sort=sort,
        page_sizes=PAGE_SIZES,
    )
    return templates.TemplateResponse(request, "events.html", ctx)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str):
    ev = _desk(request).event(event_id[:200])
    if ev is None:
        return render_error(request, 404, f"no event with id {event_id[:200]!r}")
    return templates.TemplateResponse(
        request, "event.html", _context(request, None, "event", ev=ev)
    )


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, flt: Filter):
    desk = _desk(request)
    points = desk.map_points(flt)
    countries = {
        c for p in points["placed"] for c in (p["source_country"], p["target_country"]) if c
    }
    if not points["placed"]:
        countries |= {
            c for p in points["unplaced"] for c in (p["source_country"], p["target_country"]) if c
        }
    view = map_view(points["placed"], desk.capitals(sorted(countries)))
    return templates.TemplateResponse(
        request, "map.html", _context(request, flt, "map", points=points, view=view)
    )


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(
    request: Request,
    flt: Filter,
    bin: Annotated[str, Query(pattern="^(" + "|".join(BINS) + ")$")] = "day",
):
    ts = _desk(request).timeseries(flt, bin=bin)
    chart = timeline_chart(ts["series"], bin)
    return templates.TemplateResponse(
        request,
        "timeline.html",
        _context(request, flt, "timeline", ts=ts, chart=chart, bin=bin, bins=BINS),
    )


@router.get("/network", response_class=HTMLResponse)
def network_page(
    request: Request,
    flt: Filter,
    max_nodes: Annotated[int, Query(ge=1, le=1000)] = 60,
):
    net = _desk(request).network(flt, max_nodes=max_nodes)
    api = "/api/network?" + urlencode(filter_query(flt, max_nodes=max_nodes))
    return templates.TemplateResponse(
        request,
        "network.html",
        _context(request, flt, "network", net=net, api=api, max_nodes=max_nodes),
    )


@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request, q: Annotated[str | None, Query(max_length=200)] = None):
    result = _desk(request).actors(q=q or None, limit=500)
    return templates.TemplateResponse(
        request,
        "actors.html",
        _context(request, None, "actors", actors=result["actors"], q=q or ""),
    )


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor_page(request: Request, actor_id: str):
    actor = _desk(request).actor(actor_id[:200])
    if actor is None:
        return render_error(
            request, 404, f"no actor {actor_id[:200]!r} in the knowledge base or the store"
        )
    return templates.TemplateResponse(
        request,
        "actor.html",
        _context(request, None, "actors", actor=actor, events_qs=urlencode(actor["filter"])),
    )
