"""The casus exception tree.

CasusError                 base of everything casus raises on purpose
├── InputError             a file, line or document cannot be read; says which and where
├── DataError              a shipped or user-supplied data file (lexicon, actors) is malformed
└── ModelNotFoundError     the spaCy model package is not installed; says how to install it
"""

from __future__ import annotations


class CasusError(Exception):
    """Base class of all errors casus raises on purpose."""


class InputError(CasusError):
    """An input cannot be read. ``path`` and ``line`` say where (line is 1-based or None)."""

    def __init__(self, message: str, *, path: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")
        self.reason = message


class DataError(CasusError):
    """A data file (lexicon, actors, cue words) is malformed; the message names file and line."""


class ModelNotFoundError(CasusError):
    """The spaCy model named in the settings cannot be loaded."""
