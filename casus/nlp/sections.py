"""Sections of a document: reporting, quotation, analyst comment and boilerplate.

Paragraphs are separated by blank lines. A paragraph that opens with a heading such as
"Comment:" or "Analysis:" starts an analyst-comment section that runs to the end of the
document (boilerplate excepted); a paragraph with two or more boilerplate cues (about-us,
donations, copyright, "click here") is boilerplate as a whole.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from casus.coding.lexicon import Cues

__all__ = [
    "Paragraph",
    "segment",
    "chunk_text",
    "parse_spans",
    "quote_mask",
    "is_boilerplate_sentence",
    "heading_length",
]

_PARA_SPLIT = re.compile(r"\n[ \t]*\n+")
OPEN_QUOTES = "“«„"
CLOSE_QUOTES = "”»"


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    section: str  # report | comment | boilerplate
    # whether any boilerplate pattern matches in it: where none does, none matches in a
    # sentence of it either, and its sentences need no test of their own
    cued: bool = True


def paragraphs(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA_SPLIT.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def heading_length(par: str, cues: Cues) -> int:
    """Characters of a leading section heading ("Comment: ") to keep out of the parse."""
    for head in cues.comment_heads + cues.background_heads:
        m = re.match(r"\s*" + re.escape(head) + r"\s*[:\-–—]\s*", par, re.IGNORECASE)
        if m:
            return m.end()
    return 0


@functools.lru_cache(maxsize=32)
def _heading_pattern(heads: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(re.escape(h) for h in heads) + r")\s*[:\-–—]")


def _heading(par: str, heads: tuple[str, ...]) -> bool:
    return bool(heads) and _heading_pattern(heads).match(par.lstrip()[:60].lower()) is not None


# the non-ASCII letters that a case-blind match takes for ASCII ones, which lowercasing does
# not turn into them (Python's re documentation): text with none is searched lowercased
_FOLDING = re.compile("[\u0130\u0131\u017f]")  # İ, ı, ſ (the Kelvin sign lowercases to k)


def _may_be_boilerplate(text: str, cues: Cues) -> bool:
    """Whether any boilerplate pattern matches ``text`` (one search for all of them)."""
    if cues.boilerplate_any is None:
        return True
    if cues.boilerplate_lower is not None and (text.isascii() or not _FOLDING.search(text)):
        return cues.boilerplate_lower.search(text.lower()) is not None
    return cues.boilerplate_any.search(text) is not None


def segment(text: str, cues: Cues) -> list[Paragraph]:
    out: list[Paragraph] = []
    in_comment = False
    for start, end in paragraphs(text):
        par = text[start:end]
        hits = 0
        cued = _may_be_boilerplate(par, cues)
        if cued:
            for p in cues.boilerplate:
                hits += p.search(par) is not None
                if hits >= 2:
                    break  # two cues make boilerplate; more change nothing
        if hits >= 2:
            out.append(Paragraph(start, end, "boilerplate"))
            continue
        if _heading(par, cues.comment_heads):
            in_comment = True
        elif _heading(par, cues.background_heads):
            in_comment = False
        out.append(Paragraph(start, end, "comment" if in_comment else "report", cued))
    return out


def _paragraphs_or_all(text: str) -> list[tuple[int, int]]:
    found = globals()["paragraphs"](text)
    return found or [(0, len(text))]


SHORT_SENTENCE = 12  # words: "Copyright 2024 Reuters.", "Click here to donate."


def is_boilerplate_sentence(sentence: str, cues: Cues) -> bool:
    """Two boilerplate cues, or one in a short sentence: "a staff member went missing
    although it had $12M of unspent donations" is news, "Click here to donate" is not."""
    if not _may_be_boilerplate(sentence, cues):
        return False
    hits = 0
    for p in cues.boilerplate:
        hits += p.search(sentence) is not None
        if hits >= 2:
            return True
    return hits == 1 and len(sentence.split()) <= SHORT_SENTENCE


_QUOTE_MARK = re.compile("[" + re.escape(OPEN_QUOTES + CLOSE_QUOTES) + '"]')


def quote_mask(text: str) -> bytearray:
    """1 for every character inside quotation marks (not the marks themselves); quotes never
    run across paragraphs."""
    mask = bytearray(len(text))
    for start, end in paragraphs(text):
        depth = 0
        straight = False
        pos = start  # the characters from pos to the next mark share the state before it
        for m in _QUOTE_MARK.finditer(text, start, end):
            i = m.start()
            if (depth or straight) and i > pos:
                mask[pos:i] = b"\x01" * (i - pos)
            ch = text[i]
            if ch in OPEN_QUOTES:
                depth = 1  # an unclosed quote followed by a new one (a new quoted paragraph)
            elif ch in CLOSE_QUOTES:
                depth = 0
            else:
                straight = not straight
            pos = i + 1
        if (depth or straight) and end > pos:
            mask[pos:end] = b"\x01" * (end - pos)
    return mask


def chunk_text(text: str, max_chars: int, *, paragraphs: bool = False) -> list[tuple[int, int]]:
    """Split ``text`` into (start, end) pieces of at most ``max_chars``, at paragraph breaks
    where possible, else at sentence ends, else at spaces. With ``paragraphs``, every
    paragraph is its own piece, so that no sentence runs across a paragraph break."""
    if paragraphs:
        out: list[tuple[int, int]] = []
        for ps, pe in _paragraphs_or_all(text):
            out += [(ps + s, ps + e) for s, e in chunk_text(text[ps:pe], max_chars)]
        return out
    if len(text) <= max_chars:
        return [(0, len(text))]
    out: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + max_chars)
        if end < n:
            window = text[start:end]
            cut = window.rfind("\n\n")
            if cut < max_chars // 4:
                cut = max(window.rfind(". "), window.rfind(".\n"))
                cut = cut + 1 if cut >= max_chars // 4 else -1
            if cut < max_chars // 4:
                cut = window.rfind(" ")
            if cut >= max_chars // 4:
                end = start + cut
        out.append((start, end))
        start = end
    return out


def parse_spans(text: str, paragraphs: list[Paragraph], max_chars: int) -> list[tuple[int, int]]:
    """The (start, end) pieces of ``text`` to parse: ``chunk_text`` over the text between
    boilerplate paragraphs, which yield no events and so are not parsed. A text with no
    boilerplate is chunked whole; one that is all boilerplate gives one empty piece, so that
    every document has a parse."""
    cuts = [(p.start, p.end) for p in paragraphs if p.section == "boilerplate"]
    if not cuts:
        return chunk_text(text, max_chars)
    out: list[tuple[int, int]] = []
    start = 0
    for cut_start, cut_end in [*cuts, (len(text), len(text))]:
        if text[start:cut_start].strip():
            out += [(start + s, start + e) for s, e in chunk_text(text[start:cut_start], max_chars)]
        start = cut_end
    return out or [(0, 0)]


# "ADEN (Horn Observer) - ", "GAZA CITY, Palestinian Territories: ", "LYON: ",
# "DAMASCUS/WASHINGTON (Reuters) — ", "KYIV, March 3 (AP) - ": a wire dateline, which names
# where the story was filed, not who acted.
_DATELINE = re.compile(
    r"(?:[A-Z][A-Z'\.-]{2,}(?:[ /][A-Z][A-Z'\.-]+)*)"  # the city in capitals
    r"(?:,\s*[A-Z][A-Za-z'\.-]+(?: [A-Z][A-Za-z'\.-]+){0,3})?"  # ", Palestinian Territories"
    r"(?:,?\s*[A-Z][a-z]{2,8}\.? \d{1,2})?"  # ", March 3"
    r"\s*(?:\([^()\n]{1,60}\))?"  # "(Reuters)"
    r"\s*(?:--|[-\u2013\u2014:])\s+"
)


def datelines(text: str) -> list[tuple[int, int]]:
    """Character spans of wire datelines that open a paragraph."""
    out = []
    for start, end in _paragraphs_or_all(text):
        m = _DATELINE.match(text, start, end)
        if m and m.end() - start <= 80:
            out.append((m.start(), m.end()))
    return out
