"""Accuracy floors on our own gold records (bench/gold): a change that loses accuracy on
composed text of the dev sets' kinds fails here, whatever it does to the dev sets."""

from pathlib import Path

import pytest

from casus.eval.scoring import evaluate, load_gold

GOLD = Path(__file__).resolve().parent.parent / "bench" / "gold"

# measured 2026-11-26 (fifth session): plover_a 0.749, petr2_a 0.813, plover_b 0.681, petr2_b 0.792
FLOORS = {
    "casus_plover_a.jsonl": 0.70,
    "casus_petr2_a.jsonl": 0.78,
    "casus_plover_b.jsonl": 0.62,
    "casus_petr2_b.jsonl": 0.75,
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_f1_floor_on_our_gold(coder, name):
    records = load_gold(GOLD / name)
    assert len(records) >= 80
    report = evaluate(coder, records)
    f1 = report.scores[2]
    assert f1 >= FLOORS[name], f"{name}: F1 {f1:.3f} under the floor {FLOORS[name]}"
