"""Golden records: one sentence or two per construction, with what must (and must not) come out.

Each record in tests/golden/constructions.jsonl says why it is there (``note``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

RECORDS = [
    json.loads(line)
    for line in (Path(__file__).parent / "golden" / "constructions.jsonl").read_text().splitlines()
    if line.strip()
]


def _country(actor) -> str | None:
    if actor is None:
        return None
    return (actor.cameo_actor or actor.country or "")[:3] or None


def _matches(ev, want: dict) -> bool:
    checks = {
        "root": lambda: ev.cameo_root == want["root"],
        "source": lambda: _country(ev.source) == want["source"],
        "target": lambda: _country(ev.target) == want["target"],  # null: no target
        "modality": lambda: ev.modality == want["modality"],
        "certainty": lambda: ev.certainty == want["certainty"],
        "background": lambda: ev.background == want["background"],
        "speaker": lambda: _country(ev.speaker) == want["speaker"],
        "hedge": lambda: any(want["hedge"] in h for h in ev.hedges),
        "reporting_source": lambda: want["reporting_source"] in (ev.reporting_source or ""),
        "nominal": lambda: True,
        "code": lambda: ev.cameo_code == want["code"],
    }
    return all(checks[k]() for k in want)


@pytest.mark.parametrize("rec", RECORDS, ids=[r["id"] for r in RECORDS])
def test_golden_construction(coder, rec):
    events = coder.code_text(rec["text"], doc_id=rec["id"], date=rec.get("date", "2024-03-01"))
    listing = "\n".join(
        f"  {e.cameo_code} {_country(e.source)}->{_country(e.target)} "
        f"{e.modality}/{e.certainty} bg={e.background} '{e.evidence.text}'"
        for e in events
    )
    for want in rec["expect"]:
        assert any(_matches(e, want) for e in events), f"missing {want}; got:\n{listing}"
    for bad in rec.get("forbid", []):
        assert not any(_matches(e, bad) for e in events), f"unwanted {bad}; got:\n{listing}"
    if rec.get("forbid_target_text"):
        bad = [e for e in events if e.target and rec["forbid_target_text"] in e.target.text]
        assert not bad, listing
    if rec.get("forbid_any"):
        assert not events, listing
    if "max_events" in rec:
        assert len(events) <= rec["max_events"], f"more than {rec['max_events']}:\n{listing}"
    if rec.get("forbid_asserted_actual"):
        bad = [
            e
            for e in events
            if e.modality == "actual"
            and e.certainty == "asserted"
            and e.source is not None
            and (e.cameo_root not in ("12",))
        ]
        assert not bad, listing
    if rec.get("forbid_untargeted_root"):
        root = rec["forbid_untargeted_root"]
        assert not any(e.cameo_root == root and e.target is None for e in events), listing
    if rec.get("forbid_actual_root"):
        root = rec["forbid_actual_root"]
        assert not any(
            e.cameo_root == root and e.modality == "actual" and not e.background for e in events
        ), listing
