"""Event coding: lexicon, triggers, arguments, modality and certainty -> EventMention."""

from casus.coding.coder import CODER_NAME, CODER_VERSION, Coder

__all__ = ["Coder", "CODER_NAME", "CODER_VERSION"]
