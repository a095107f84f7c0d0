"""``casus actors``: search, show and import the actor knowledge base."""

from __future__ import annotations

import click


@click.group("actors")
def actors_cmd() -> None:
    """The actor knowledge base: search it, show one actor, import dictionaries."""
