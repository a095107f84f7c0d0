"""Benchmark: words/s of casus coding against bare spaCy parsing, and peak memory.

    .venv/bin/python bench/bench_code.py [FILES...]

The same figures come from `casus bench`; this script exists so that benchmarks live beside
the tests and can be run without the CLI.
"""

from __future__ import annotations

import sys
from pathlib import Path

from casus.bench import default_texts, run_bench


def main(argv: list[str]) -> int:
    texts = [Path(a).read_text(encoding="utf-8") for a in argv] or default_texts()
    r = run_bench(texts, min_words=20000, repeats=3)
    print(f"documents: {r.docs}  words: {r.words}  events: {r.events}")
    print(f"bare nlp.pipe: {r.parse_wps:,.0f} words/s")
    print(f"casus code:    {r.code_wps:,.0f} words/s")
    print(f"coding overhead over parsing: {r.overhead * 100:+.1f}%")
    print(f"peak memory (max RSS): {r.peak_rss_mb:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
