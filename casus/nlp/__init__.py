"""Loading spaCy and segmenting documents into sections, paragraphs and chunks."""

from casus.nlp.loader import load_model
from casus.nlp.sections import Paragraph, chunk_text, quote_mask, segment

__all__ = ["load_model", "Paragraph", "segment", "chunk_text", "quote_mask"]

