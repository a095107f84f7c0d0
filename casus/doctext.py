"""The text of a parsed chunk, built once per Doc."""

from __future__ import annotations

from spacy.tokens import Doc

__all__ = ["doc_text"]


def doc_text(doc: Doc) -> str:
    """The parsed text of ``doc``: ``Doc.text`` joins every token's text on each call."""
    text = doc.user_data.get("casus_text")
    if text is None:
        text = doc.user_data["casus_text"] = doc.text
    return text
