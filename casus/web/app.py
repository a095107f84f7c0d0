"""The web app: the JSON API (``/api``), the pages, and the static files they use.

Everything the pages load ships in this package (no CDN): FastAPI's own documentation pages
fetch their scripts from a CDN, so they are switched off; the OpenAPI spec is served at
``/api/openapi.json``.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from casus import __version__
from casus.web.api import router as api_router
from casus.web.desk import Desk
from casus.web.filters import FilterError
from casus.web.pages import render_error
from casus.web.pages import router as page_router

__all__ = ["create_app"]

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent


def create_app(db_path: str | Path, *, read_only: bool = True) -> FastAPI:
    """The dashboard over the store at ``db_path`` (opened read-only unless told)."""
    desk = Desk(db_path, read_only=read_only)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        desk.close()

    app = FastAPI(
        title="casus",
        version=__version__,
        description="Event data from conflict news: events, their reports, actors, network.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.desk = desk
    app.include_router(api_router)
    app.include_router(page_router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(FilterError)
    async def filter_error(request: Request, exc: FilterError):
        return _error(request, 422, str(exc))

    @app.exception_handler(ValueError)
    async def value_error(request: Request, exc: ValueError):
        return _error(request, 422, str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": _jsonable_errors(exc.errors())}, status_code=422)
        message = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg')}"
            for e in exc.errors()
        )
        return render_error(request, 422, message)

    return app


def _error(request: Request, status: int, message: str):
    if request.url.path.startswith("/api"):
        return JSONResponse({"detail": message}, status_code=status)
    return render_error(request, status, message)


def _jsonable_errors(errors) -> list[dict]:
    """Validation errors without the raw input objects that JSON cannot hold."""
    out = []
    for e in errors:
        out.append(
            {
                k: (v if k != "ctx" else {c: str(x) for c, x in v.items()})
                for k, v in e.items()
                if k != "input"
            }
            | {"input": str(e.get("input"))}
        )
    return out
