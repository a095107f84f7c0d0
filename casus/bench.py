"""Speed and memory benchmark: ``casus code`` against bare ``nlp.pipe`` on the same text."""

from __future__ import annotations

import resource
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

from casus.coding.coder import Coder
from casus.models import Document
from casus.nlp.loader import load_model
from casus.nlp.sections import parse_spans, segment
from casus.settings import Settings

__all__ = ["BenchResult", "run_bench"]


@dataclass(frozen=True, slots=True)
class BenchResult:
    words: int
    docs: int
    parse_seconds: float
    code_seconds: float
    events: int
    peak_rss_mb: float
    nogeo_seconds: float | None = None  # coding with geolocation off (settings.geolocate)
    chars: int = 0  # characters of the text
    parsed_chars: int = 0  # of which casus parses (boilerplate paragraphs are left out)
    # casus's own pipeline (its attribute table, paragraph breaks) over just the pieces it
    # parses: the parsing part of ``code_seconds``
    pieces_seconds: float | None = None

    @property
    def parse_wps(self) -> float:
        return self.words / self.parse_seconds

    @property
    def code_wps(self) -> float:
        return self.words / self.code_seconds

    @property
    def overhead(self) -> float:
        return self.code_seconds / self.parse_seconds - 1.0

    @property
    def parsed_share(self) -> float:
        return self.parsed_chars / self.chars if self.chars else 1.0

    @property
    def coding_only(self) -> float | None:
        """Coding time proper (``casus code`` less its own parsing of the pieces it parses)
        over that parse time: what the coding adds to casus's parse, whatever the parse
        saves against bare spaCy (boilerplate left out, the attribute table) not counted."""
        if not self.pieces_seconds:
            return None
        return self.code_seconds / self.pieces_seconds - 1.0

    @property
    def geo_cost(self) -> float | None:
        """Coding time with geolocation over coding time without it, minus one."""
        if not self.nogeo_seconds:
            return None
        return self.code_seconds / self.nogeo_seconds - 1.0


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run_bench(
    texts: list[str],
    *,
    min_words: int = 20000,
    repeats: int = 3,
    settings: Settings | None = None,
    compare_geo: bool = True,
) -> BenchResult:
    """Parse and code the same documents; the best of ``repeats`` runs of each is kept. With
    ``compare_geo`` (and geolocation on) the coding is also timed with geolocation off."""
    corpus: list[str] = []
    words = 0
    while words < min_words:
        for t in texts:
            corpus.append(t)
            words += len(t.split())
    docs = [Document(id=f"bench-{i}", text=t, date="2020-01-01") for i, t in enumerate(corpus)]
    coder = Coder(settings)
    coder.nlp  # noqa: B018 - load the coder's pipeline now, not inside the timed run
    nlp = load_model(coder.settings.model)  # a bare pipeline: spaCy exactly as shipped
    list(nlp.pipe(corpus[:4]))  # warm up
    cues = coder.lexicon.cues
    assert cues is not None
    pieces = [
        t[start:end]
        for t in corpus
        for start, end in parse_spans(t, segment(t, cues), coder.settings.chunk_chars)
    ]
    list(coder.code_documents(docs[:4]))
    plain = None
    if compare_geo and coder.settings.geolocate:
        plain = Coder(
            replace(coder.settings, geolocate=False),
            nlp=coder.nlp,
            kb=coder.kb,
            lexicon=coder.lexicon,
        )
        list(plain.code_documents(docs[:4]))
    parse_best = code_best = nogeo_best = pieces_best = float("inf")
    events = 0
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(corpus, batch_size=coder.settings.batch_size):
            pass
        parse_best = min(parse_best, time.perf_counter() - t0)
        t0 = time.perf_counter()
        for _doc in coder.nlp.pipe(pieces, batch_size=coder.settings.batch_size):
            pass
        pieces_best = min(pieces_best, time.perf_counter() - t0)
        t0 = time.perf_counter()
        events = sum(len(evs) for _, evs in coder.code_documents(docs))
        code_best = min(code_best, time.perf_counter() - t0)
        if plain is not None:
            t0 = time.perf_counter()
            for _ in plain.code_documents(docs):
                pass
            nogeo_best = min(nogeo_best, time.perf_counter() - t0)
    return BenchResult(
        words,
        len(docs),
        parse_best,
        code_best,
        events,
        _peak_rss_mb(),
        nogeo_best if plain is not None else None,
        sum(len(t) for t in corpus),
        sum(len(p) for p in pieces),
        pieces_best,
    )


def default_texts() -> list[str]:
    root = Path(__file__).resolve().parent.parent / "examples"
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.glob("*.txt"))]
    if not texts:
        raise FileNotFoundError(f"no example texts under {root}")
    return texts
