"""``casus serve``: the web dashboard and JSON API over a store."""

from __future__ import annotations

import click

from casus.store import DEFAULT_DB


@click.command("serve")
@click.option(
    "--db",
    default=DEFAULT_DB,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="DuckDB store file to show.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
def serve_cmd(db: str, host: str, port: int) -> None:
    """Serve the dashboard (events, map, timeline, network, actors) and the JSON API under
    /api for the store DB, read-only, on this machine."""
    from casus.web import create_app, require_web

    require_web()
    import uvicorn

    app = create_app(db)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"casus: serving {db} at http://{shown}:{port}/ (Ctrl-C to stop)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
