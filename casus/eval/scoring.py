"""Precision, recall and F1 of (root, source country, target country) against gold records.

Two gold formats are read (see ``../shared/eval/README.md``):

* PLOVER gold-standard records: one event per record, ``event`` a PLOVER type, ``source`` and
  ``target`` lists of ``{"code": "USA"}``. The root is the PLOVER type (0.5 names mapped:
  DEMAND→REQUEST, DISAPPROVE→ACCUSE, FIGHT→ASSAULT, INVESTIGATE→ACCUSE). casus types its
  events by the 2021 CAMEO→PLOVER table; for the CAMEO codes whose type changed since 0.5
  (163 imposing sanctions, 1712 destroying property, 0813/0814 easing a curfew or martial
  law: ``PLOVER_05_TYPES``) a record coded in version 0.5 is scored by its own version's type.
* PETRARCH-2 validation records: ``events`` lists of ``{"source", "target", "cameo"}``; the
  root is the two-digit CAMEO root.

An actor is compared by its first three letters (country or group code); a missing actor is
``---``; a gold code that is not ISO but names one country beyond doubt ("JAP", "ITL") is read
as its ISO code (``LEGACY_CODES``). Events coded as negated or hypothetical, and background
mentions, are not events in either gold standard and are not scored.

Conventions. By default casus is scored as it codes, by the CAMEO codebook: "X will meet Y" is
an announced intention (036), "vowed to expel" a threat (137). PETRARCH-2, which has no
modality, codes the verb's own act whatever its tense ("will meet" is 04), and its gold
records say so. ``convention="petrarch"`` scores a future event by the act beneath it
(``act_code``) instead, so that the two coders' differences of convention are told apart from
errors. It changes nothing for PLOVER records, or for events that happened.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from casus.errors import InputError
from casus.models import Document, EventMention

__all__ = ["GoldRecord", "EvalReport", "load_gold", "evaluate", "PLOVER_05"]

PLOVER_05 = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "FIGHT": "ASSAULT",
    "INVESTIGATE": "ACCUSE",
    "YIELD": "CONCEDE",
}
# CAMEO codes whose PLOVER type changed between PLOVER 0.5 (the gold-standard records' version)
# and the 2021 mapping casus codes with: imposing sanctions was SANCTION, destroying property
# COERCE and easing a curfew or martial law CONCEDE in 0.5; the 2021 table puts them under
# COERCE, ASSAULT and RETREAT (its note on 0813: "'ease' is no longer a mode"). Records of
# version 0.5 are scored by their own version's type.
PLOVER_05_TYPES = {"163": "SANCTION", "1712": "COERCE", "0813": "CONCEDE", "0814": "CONCEDE"}
SCORED_MODALITIES = {"actual", "future", "conditional"}
CONVENTIONS = ("cameo", "petrarch")

Triple = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class GoldRecord:
    id: str
    text: str
    date: str | None
    triples: frozenset[Triple]
    kind: str  # plover | petrarch
    version: str = ""  # the PLOVER version a record was coded in ("0.5b1")


# Country codes in gold records that are not ISO 3166 but name one country beyond doubt
# (older CAMEO dictionaries and hand coders used them): read as the ISO code casus gives.
LEGACY_CODES = {
    "JAP": "JPN",
    "ITL": "ITA",
    "VTN": "VNM",
    "GER": "DEU",
    "NED": "NLD",
    "POR": "PRT",
    "DEN": "DNK",
    "SUI": "CHE",
    "RSA": "ZAF",
}


def _code3(value: object) -> str:
    if isinstance(value, str) and len(value) >= 3:
        code = value[:3].upper()
        return LEGACY_CODES.get(code, code)
    return "---"


def _plover_actors(value: object) -> list[str]:
    if isinstance(value, list) and value:
        return [_code3(a.get("code")) for a in value if isinstance(a, dict)] or ["---"]
    return ["---"]


def load_gold(path: Path) -> list[GoldRecord]:
    out: list[GoldRecord] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"not valid JSON ({exc.msg})", path=str(path), line=n) from None
            if "events" in rec:
                triples = frozenset(
                    (str(e.get("cameo", ""))[:2], _code3(e.get("source")), _code3(e.get("target")))
                    for e in rec["events"]
                )
                out.append(GoldRecord(rec["id"], rec["text"], rec.get("date"), triples, "petrarch"))
            elif "event" in rec:
                etype = PLOVER_05.get(rec["event"], rec["event"])
                triples = frozenset(
                    (etype, s, t)
                    for s in _plover_actors(rec.get("source"))
                    for t in _plover_actors(rec.get("target"))
                )
                out.append(
                    GoldRecord(
                        rec["id"],
                        rec["text"],
                        rec.get("date"),
                        triples,
                        "plover",
                        str(rec.get("version") or ""),
                    )
                )
            else:
                raise InputError(
                    "neither a PLOVER record ('event') nor a PETRARCH record ('events')",
                    path=str(path),
                    line=n,
                )
    return out


def _actor3(actor) -> str:
    if actor is None:
        return "---"
    code = actor.cameo_actor or actor.country
    return _code3(code)


def predicted_triples(
    events: Iterable[EventMention], kind: str, convention: str = "cameo", version: str = ""
) -> frozenset[Triple]:
    out = set()
    for ev in events:
        if ev.modality not in SCORED_MODALITIES or ev.background or ev.certainty == "denied":
            continue
        if kind == "plover" and version.startswith("0.5") and ev.cameo_code in PLOVER_05_TYPES:
            root = PLOVER_05_TYPES[ev.cameo_code]
        elif kind == "plover":
            root = PLOVER_05.get(ev.plover_type, ev.plover_type)
        elif convention == "petrarch" and ev.modality == "future" and ev.act_code:
            root = ev.act_code[:2]  # PETRARCH codes "will meet" as the meeting
        else:
            root = ev.cameo_root
        out.add((root, _actor3(ev.source), _actor3(ev.target)))
    return frozenset(out)


@dataclass(slots=True)
class EvalReport:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    by_root: dict[str, Counter] = field(default_factory=dict)
    records: list[dict] = field(default_factory=list)

    @staticmethod
    def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    @property
    def scores(self) -> tuple[float, float, float]:
        return self.prf(self.tp, self.fp, self.fn)


def evaluate(coder, gold: list[GoldRecord], *, convention: str = "cameo") -> EvalReport:
    """Code every gold text with ``coder`` and score the triples (see the module's note on
    ``convention``)."""
    if convention not in CONVENTIONS:
        raise ValueError(f"unknown convention {convention!r}; one of {', '.join(CONVENTIONS)}")
    report = EvalReport()
    docs = [Document(id=g.id, text=g.text, date=g.date) for g in gold]
    by_id = {g.id: g for g in gold}
    for doc, events in coder.code_documents(docs):
        g = by_id[doc.id]
        pred = predicted_triples(events, g.kind, convention, g.version)
        tp, fp, fn = pred & g.triples, pred - g.triples, g.triples - pred
        report.tp += len(tp)
        report.fp += len(fp)
        report.fn += len(fn)
        for kind, items in (("tp", tp), ("fp", fp), ("fn", fn)):
            for root, _, _ in items:
                report.by_root.setdefault(root, Counter())[kind] += 1
        report.records.append(
            {
                "id": g.id,
                "text": g.text,
                "gold": sorted(g.triples),
                "predicted": sorted(pred),
                "missed": sorted(fn),
                "false_positives": sorted(fp),
            }
        )
    return report
