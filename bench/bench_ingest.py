"""Benchmark: ``casus ingest`` of many generated documents against bare spaCy parsing.

    .venv/bin/python bench/bench_ingest.py [--docs 10000] [--workers 2] [--db PATH]

Generates short wire reports from templates (our own; actors, places, days and wording
vary, and about one in five repeats an earlier story in other words, as syndicated news
does), parses them once with bare ``nlp.pipe`` and once through ``casus ingest`` into a
fresh DuckDB store, in the same run, and prints documents/s, events/s and peak memory.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from casus.models import Document
from casus.nlp.loader import load_model
from casus.settings import Settings
from casus.store import Store, ingest

SIDES = [
    ("Russian forces", "Ukrainian positions", "Kharkiv"),
    ("Israeli aircraft", "Hezbollah sites", "southern Lebanon"),
    ("Houthi fighters", "a US destroyer", "the Red Sea"),
    ("The Sudanese army", "Rapid Support Forces positions", "Omdurman"),
    ("Turkish drones", "PKK hideouts", "northern Iraq"),
    ("Malian troops", "JNIM fighters", "central Mali"),
    ("Pakistani security forces", "TTP militants", "Khyber Pakhtunkhwa"),
    ("Iraqi militias", "a US base", "western Iraq"),
    ("Somali forces", "al-Shabaab fighters", "Lower Shabelle"),
    ("Myanmar's military", "Arakan Army positions", "Rakhine state"),
]
ACTS = ["attacked", "shelled", "struck", "bombed", "ambushed", "fired rockets at"]
SPEECH = [
    ("{a} condemned {b} for the attack", "condemn"),
    ("{a} accused {b} of violating the ceasefire", "accuse"),
    ("{a} threatened to retaliate against {b}", "threaten"),
    ("{a} called on {b} to return to talks", "appeal"),
    ("{a} said it was ready to meet {b}", "meet"),
]
OUTLETS = ["Tigris Wire", "Levant Ledger", "Meridian Daily", "Horn Observer", "Steppe Monitor"]


def generate(n: int, seed: int = 7) -> list[Document]:
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    docs: list[Document] = []
    for i in range(n):
        if docs and rng.random() < 0.2:  # a later report of an earlier story
            base = docs[rng.randrange(len(docs))]
            text = "Officials said on Tuesday that " + base.text[0].lower() + base.text[1:]
            day = date.fromisoformat(base.date) + timedelta(days=rng.choice((0, 1)))
        else:
            a, b, place = rng.choice(SIDES)
            act = rng.choice(ACTS)
            speech, _ = rng.choice(SPEECH)
            killed = rng.randint(2, 40)
            day = start + timedelta(days=rng.randrange(600))
            text = (
                f"{a} {act} {b} in {place} on Monday, killing at least {killed} people, "
                f"local officials said. "
                + speech.format(a=b.split(" ")[0].capitalize() + " officials", b=a.lower())
                + ". "
                f"The fighting in {place} has displaced thousands of families this year, "
                f"according to aid agencies, and talks brokered by Qatar have stalled."
            )
        docs.append(
            Document(
                f"gen-{i:06d}",
                text,
                day.isoformat(),
                outlet=rng.choice(OUTLETS),
                title=f"Report {i}",
            )
        )
    return docs


def peak_mb() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, kids


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--db", default=None, help="store path (default: a temporary file)")
    args = ap.parse_args(argv)
    docs = generate(args.docs)
    words = sum(len(d.text.split()) for d in docs)
    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        import json

        with corpus.open("w", encoding="utf-8") as fh:
            for d in docs:
                fh.write(
                    json.dumps(
                        {
                            "id": d.id,
                            "text": d.text,
                            "date": d.date,
                            "outlet": d.outlet,
                            "title": d.title,
                        }
                    )
                    + "\n"
                )
        nlp = load_model(settings.model)
        t0 = time.perf_counter()
        for _ in nlp.pipe((d.text for d in docs), batch_size=settings.batch_size):
            pass
        parse_s = time.perf_counter() - t0
        del nlp
        db = Path(args.db) if args.db else Path(tmp) / "bench.duckdb"
        store = Store(db)
        t0 = time.perf_counter()
        summary = ingest([str(corpus)], store, settings=settings, workers=args.workers)
        ingest_s = time.perf_counter() - t0
        counts = store.counts()
        store.close()
    me, kids = peak_mb()
    print(f"documents: {len(docs):,}  words: {words:,}  workers: {args.workers}")
    print(
        f"bare nlp.pipe (1 process):  {len(docs) / parse_s:,.1f} docs/s  "
        f"({words / parse_s:,.0f} words/s, {parse_s:.1f} s)"
    )
    print(
        f"casus ingest:               {summary.docs_new / ingest_s:,.1f} docs/s  "
        f"({words / ingest_s:,.0f} words/s, {ingest_s:.1f} s)"
    )
    print(f"ingest time / parse time:   {ingest_s / parse_s:.2f}")
    print(
        f"event mentions: {counts['mentions']:,} ({counts['mentions'] / ingest_s:,.1f}/s); "
        f"events after clustering: {counts['events']:,} ({counts['events'] / ingest_s:,.1f}/s)"
    )
    print(f"peak memory (max RSS): this process {me:,.0f} MB, largest worker {kids:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
