"""Gazetteer figures: load time and memory, the share of the golden place strings resolved
right (by region), and the share of PLOVER gold records with ``eventLoc`` placed right.

    PYTHONPATH=. python bench/places.py [--plover ../shared/eval/plover_gsr_dev.jsonl]

A golden row is right when the best place for its text (with its country hint, if any) has
the expected geonameid or our feature id. A PLOVER record is right when the location casus
gives its first event names the same place as the gold ``eventLoc`` name, resolved by the
same gazetteer (same geonameid or feature; a country-level gold name is matched by country).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from casus.geo.gazetteer import build, load_gazetteer, place_key

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "places.tsv"


def golden_rows(path: Path = GOLDEN) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def curated_keys() -> set[str]:
    """Every name places.yaml gives, as index keys (golden rows not among them test the
    geonames data and the scoring alone)."""
    data = yaml.safe_load((ROOT / "casus" / "data" / "places.yaml").read_text(encoding="utf-8"))
    out: set[str] = set()
    for s in data.get("spellings") or []:
        out.update(place_key(n) for n in s["names"])
    for d in (data.get("admin1") or []) + (data.get("features") or []):
        out.update(place_key(n) for n in [d["name"], *d.get("aliases", [])])
        for stem in d.get("stems", []):
            for suffix in d.get("suffixes") or ("province", "governorate", "region", "state"):
                out.add(place_key(f"{stem} {suffix}"))
    return out


def place_id(place) -> str | None:
    if place is None:
        return None
    return place.feature if place.feature and not place.geonameid else str(place.geonameid)


def golden_score(gaz, rows) -> tuple[Counter, Counter, list[str]]:
    right, total, misses = Counter(), Counter(), []
    for r in rows:
        hints = [r["country_hint"]] if r["country_hint"] else []
        got = place_id(gaz.resolve(r["text"], countries=hints))
        total[r["region"]] += 1
        if got == r["expected"]:
            right[r["region"]] += 1
        else:
            misses.append(f"{r['id']} {r['text']!r}: expected {r['expected']}, got {got}")
    return right, total, misses


def plover_score(gaz, path: Path) -> tuple[int, int, int, list[str]]:
    from casus import Coder
    from casus.models import Document

    records = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    records = [r for r in records if r.get("eventLoc")]
    coder = Coder()
    docs = [Document(id=r["id"], text=r["text"], date=r.get("date")) for r in records]
    right = placed = 0
    lines = []
    for rec, (_, events) in zip(records, coder.code_documents(docs), strict=True):
        name = rec["eventLoc"]["name"]
        gold = gaz.resolve(re.sub(r"^(?:the )?(?:town|city|village) of ", "", name))
        locs = [e.location for e in events if e.location is not None]
        got = locs[0] if locs else None
        ok = False
        if got is not None:
            placed += 1
            if gold is not None:
                if gold.kind == "country":
                    ok = got.country == gold.country
                else:
                    ok = (got.geonameid or got.feature) == (gold.geonameid or gold.feature)
            else:  # a gold name the gazetteer does not know ("Algers"): compare the names
                ok = fuzz.ratio(place_key(name), place_key(got.name)) >= 85
        right += ok
        mark = "ok " if ok else "-- "
        lines.append(
            f"{mark}{rec['id']}: gold {rec['eventLoc']['name']!r}, got "
            f"{(got.name, got.precision, got.relation) if got else None}"
            f"{'' if events else ' (no event coded)'}"
        )
    return right, placed, len(records), lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--plover", type=Path, help="PLOVER gold JSONL with eventLoc records")
    ap.add_argument("--misses", action="store_true", help="list the golden rows missed")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    build()
    built = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        import os

        os.environ["CASUS_HOME"] = tmp
        load_gazetteer()  # builds and writes the cache
        tracemalloc.start()
        t0 = time.perf_counter()
        gaz = load_gazetteer()  # reads the cache
        cached = time.perf_counter() - t0
        mem = tracemalloc.get_traced_memory()[0] / 1e6
        tracemalloc.stop()
        size = sum(p.stat().st_size for p in (Path(tmp) / "cache").glob("*.pickle")) / 1e6
    print(f"gazetteer: {len(gaz):,} places, {gaz.names:,} names")
    print(
        f"build from sources: {built:.1f} s; load from cache: {cached:.2f} s ({size:.0f} MB file)"
    )
    print(f"memory held by the loaded gazetteer: {mem:.0f} MB")

    rows = golden_rows()
    right, total, misses = golden_score(gaz, rows)
    for region in sorted(total):
        print(
            f"golden {region:6s} {right[region]:4d}/{total[region]:<4d} "
            f"{right[region] / total[region]:.1%}"
        )
    n, k = sum(total.values()), sum(right.values())
    print(f"golden places resolved right: {k}/{n} = {k / n:.1%}")
    ours = curated_keys()
    plain = [r for r in rows if place_key(r["text"]) not in ours]
    r2, t2, _ = golden_score(gaz, plain)
    k2, n2 = sum(r2.values()), sum(t2.values())
    print(f"  of which {n2} strings not written in places.yaml: {k2}/{n2} = {k2 / n2:.1%}")
    if args.misses:
        print("\n".join(misses))

    if args.plover:
        r, placed, n, lines = plover_score(gaz, args.plover)
        print("\n".join(lines))
        print(
            f"PLOVER eventLoc records: {n}; placed: {placed}; placed right: {r}/{n} = {r / n:.1%}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
