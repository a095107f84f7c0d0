"""Share of golden actor phrases resolved right, by category.

    .venv/bin/python bench/actor_phrases.py [CASES.tsv] [--failures]
"""

from __future__ import annotations

import sys
from pathlib import Path

from casus import Coder
from casus.eval.actors import load_phrase_cases, score_phrases

DEFAULT = Path(__file__).resolve().parent.parent / "tests" / "golden" / "actor_phrases.tsv"


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv if not a.startswith("--")]
    cases = load_phrase_cases(paths[0] if paths else DEFAULT)
    report = score_phrases(Coder().resolve_actor, cases)
    for cat, (right, total) in report.by_category().items():
        print(f"{cat:14} {right:4}/{total:<4} {right / total:6.1%}")
    right = len(cases) - len(report.failures())
    print(f"{'all':14} {right:4}/{len(cases):<4} {report.share:6.1%}")
    if "--failures" in argv:
        for r in report.failures():
            c = r.case
            want, got = "/".join(c.expected), "/".join(r.got)
            print(f"  {c.category:12} {c.phrase!r} {c.date or ''}: want {want} got {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
