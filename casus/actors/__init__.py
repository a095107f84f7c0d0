"""Actors: the knowledge base of countries, organisations and people, and resolution of
noun phrases in a parse to :class:`casus.models.Actor`."""

from casus.actors.kb import ActorKB, KBEntry, load_kb
from casus.actors.resolve import ActorResolver

__all__ = ["ActorKB", "KBEntry", "load_kb", "ActorResolver"]
