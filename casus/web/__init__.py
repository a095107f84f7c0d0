"""The analyst's desk: a JSON API and web dashboard over a casus store.

``create_app(db_path)`` builds the FastAPI app; ``casus serve`` runs it with uvicorn. The web
dependencies are the ``web`` extra (``pip install 'casus[web]'``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["create_app", "require_web"]

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI


def require_web() -> None:
    """Raise a clear error when the web extra is not installed."""
    import importlib.util

    missing = [m for m in ("fastapi", "uvicorn", "jinja2") if importlib.util.find_spec(m) is None]
    if missing:
        from casus.errors import CasusError

        raise CasusError(
            f"the web dashboard needs {', '.join(missing)}; install them with "
            "pip install 'casus[web]'"
        )


def create_app(db_path: Any, *, read_only: bool = True) -> FastAPI:
    require_web()
    from casus.web.app import create_app as _create

    return _create(db_path, read_only=read_only)
