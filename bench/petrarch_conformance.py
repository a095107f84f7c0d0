"""Conformance with the PETRARCH validation suite.

    PYTHONPATH=. .venv/bin/python bench/petrarch_conformance.py [SUITE_DIR] [--misses]

SUITE_DIR defaults to ../shared/reference/petrarch-validation (read at run time only). The
suite's actors, agents, verbs and discards dictionaries are imported into a temporary KB and
the coder is built from them alone, then every record of PETR.UnitTest.records.xml is coded.
Prints the import reports, the share of records coded exactly as expected (same set of
(source, target, event code)), a looser share (root + source and target country), and both
by record category. See casus/eval/petrarch.py for the rules.
"""

from __future__ import annotations

import sys
from pathlib import Path

from casus.eval.petrarch import run_conformance

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared/reference/petrarch-validation"


def main(argv: list[str]) -> int:
    show_misses = "--misses" in argv
    args = [a for a in argv if a != "--misses"]
    suite = Path(args[0]) if args else DEFAULT
    if not suite.is_dir():
        print(
            f"PETRARCH validation suite not found at {suite}; nothing measured.\n"
            "Pass its directory (with PETR.Validate.*.txt and PETR.UnitTest.records.xml).",
            file=sys.stderr,
        )
        return 2
    r = run_conformance(suite)
    for rep in r.imports:
        print("\n".join(rep.summary()))
    print()
    print(f"records: {r.total}")
    print(f"exact (same (source, target, code) set): {r.exact} ({r.exact_rate:.1%})")
    print(f"loose (root + source/target country):    {r.loose} ({r.loose_rate:.1%})")
    print(f"\n{'category':<12} {'n':>4} {'exact':>6} {'loose':>6}")
    for cat, (n, exact, loose) in r.by_category.items():
        print(f"{cat:<12} {n:>4} {exact:>6} {loose:>6}")
    if show_misses:
        print()
        for rec, got in r.misses:
            print(f"{rec.id}: expected {sorted(rec.expected)} got {sorted(got)}")
            print(f"    {rec.text[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
