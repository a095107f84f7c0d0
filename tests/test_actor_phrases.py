"""Golden actor phrases: phrase (and date) → (country, sector, actor id), written by us.

tests/golden/actor_phrases.tsv holds the cases, each with a note on why it is there and a
category. The test prints the share right by category and every failure, and fails when the
share drops below what the resolver measurably reaches.
"""

from __future__ import annotations

from pathlib import Path

from casus.eval.actors import load_phrase_cases, score_phrases

CASES = Path(__file__).parent / "golden" / "actor_phrases.tsv"
MIN_CASES = 400
MIN_SHARE = 0.96  # measured 0.985 (652/662) with the dated-office lookup


def test_actor_phrases_file_is_well_formed():
    cases = load_phrase_cases(CASES)
    assert len(cases) >= MIN_CASES
    keys = [(c.phrase, c.date) for c in cases]
    assert len(keys) == len(set(keys)), "duplicate phrase/date"
    for c in cases:
        assert c.category, f"line {c.line}: no category"
        assert not c.actor_id or c.country, f"line {c.line}: an actor id needs its country"


def test_actor_phrases_share_right(coder):
    cases = load_phrase_cases(CASES)
    report = score_phrases(coder.resolve_actor, cases)
    for cat, (right, total) in report.by_category().items():
        print(f"{cat:14} {right:4}/{total:<4} {right / total:.1%}")
    right = len(cases) - len(report.failures())
    print(f"all            {right:4}/{len(cases):<4} {report.share:.1%}")
    for r in report.failures():
        c = r.case
        print(f"FAIL {c.category:12} {c.phrase!r} {c.date or ''} want {c.expected} got {r.got}")
    assert report.share >= MIN_SHARE
