"""Conformance with the PETRARCH validation suite: its dictionaries imported, its records coded.

The suite (``PETR.Validate.{actors,agents,verbs,discards}.txt`` and
``PETR.UnitTest.records.xml``) is read at run time from a directory the caller names; nothing
of it ships with casus. The dictionaries are imported into a temporary KB directory and the
coder is built from them alone (the shipped cue words and CAMEO table stay: they are the
coder, not knowledge): the suite's fictional countries (Arnor ``ARN``, Gondor ``GON``) and its
deliberately odd codes (Egypt ``UAR``, Japan ``JAP``) must win, and shipped knowledge would
compete with them.

A record is coded *exactly* when casus's set of (source, target, event code) triples equals
the expected one; actors are compared as CAMEO actor codes (``---`` for none, ``---GOV`` for a
sector without a country). The *loose* figure compares (CAMEO root, source country, target
country), countries being the first three letters. Records expecting no event pass when casus
codes none. As in :mod:`casus.eval.scoring`, negated and hypothetical events and background
mentions are not counted as events.
"""

from __future__ import annotations

import tempfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from casus.actors.importer import ImportReport, import_file
from casus.actors.kb import load_kb
from casus.coding.lexicon import load_lexicon
from casus.coding.ontology import load_ontology
from casus.errors import InputError
from casus.eval.scoring import SCORED_MODALITIES
from casus.models import Actor, Document, EventMention

__all__ = [
    "DICTIONARIES",
    "RECORDS",
    "UnitRecord",
    "Conformance",
    "coded",
    "read_records",
    "import_suite",
    "suite_coder",
    "run_conformance",
]

DICTIONARIES = (
    "PETR.Validate.actors.txt",
    "PETR.Validate.agents.txt",
    "PETR.Validate.verbs.txt",
    "PETR.Validate.discards.txt",
)
RECORDS = "PETR.UnitTest.records.xml"

Triple = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class UnitRecord:
    id: str
    category: str
    date: str | None  # YYYY-MM-DD
    text: str
    expected: frozenset[Triple]


@dataclass(slots=True)
class Conformance:
    total: int = 0
    exact: int = 0
    loose: int = 0
    by_category: dict[str, list[int]] = field(default_factory=dict)  # [n, exact, loose]
    misses: list[tuple[UnitRecord, frozenset[Triple]]] = field(default_factory=list)
    imports: list[ImportReport] = field(default_factory=list)

    @property
    def exact_rate(self) -> float:
        return self.exact / self.total if self.total else 0.0

    @property
    def loose_rate(self) -> float:
        return self.loose / self.total if self.total else 0.0


def read_records(path: Path) -> list[UnitRecord]:
    """The ``<Sentence>`` records of a PETRARCH unit-test file."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise InputError(f"cannot read the records: {exc}", path=str(path)) from exc
    out = []
    for s in root.iter("Sentence"):
        text = " ".join((s.findtext("Text") or "").split())
        expected = frozenset(
            (e.get("sourcecode", ""), e.get("targetcode", ""), e.get("eventcode", ""))
            for e in s.findall("EventCoding")
            if e.get("eventcode")
        )
        raw = s.get("date") or ""
        date = f"{raw[:4]}-{raw[4:6]}-{raw[6:8]}" if len(raw) == 8 and raw.isdigit() else None
        out.append(UnitRecord(s.get("id", ""), s.get("category", ""), date, text, expected))
    return out


def import_suite(suite_dir: Path, kb_dir: Path) -> list[ImportReport]:
    """Import the suite's four dictionaries into ``kb_dir``."""
    missing = [n for n in (*DICTIONARIES, RECORDS) if not (suite_dir / n).is_file()]
    if missing:
        raise InputError(
            f"the PETRARCH validation suite is incomplete: missing {missing}", path=str(suite_dir)
        )
    return [import_file(suite_dir / n, "petrarch", kb_dir) for n in DICTIONARIES]


def suite_coder(kb_dir: Path, *, nlp=None):
    """A coder whose actors, agents and verbs are only those imported into ``kb_dir``."""
    from casus.coding.coder import Coder

    data = Path(str(resources.files("casus") / "data"))
    codes = set(load_ontology(data / "cameo.tsv").codes)
    kb = load_kb(extra_dirs=[kb_dir], shipped=False)
    lexicon = load_lexicon(data, codes, extra_dirs=[kb_dir], shipped_triggers=False)
    return Coder(nlp=nlp, kb=kb, lexicon=lexicon)


def _code(actor: Actor | None) -> str:
    if actor is None:
        return "---"
    if actor.cameo_actor:
        return actor.cameo_actor
    return "---" + (actor.sector or "")


def coded(events: list[EventMention]) -> frozenset[Triple]:
    return frozenset(
        (_code(e.source), _code(e.target), e.cameo_code)
        for e in events
        if e.modality in SCORED_MODALITIES and not e.background
    )


def _loose(triples: frozenset[Triple]) -> frozenset[Triple]:
    return frozenset((c[:2], s[:3], t[:3]) for s, t, c in triples)


def run_conformance(suite_dir: Path, *, nlp=None) -> Conformance:
    """Import the suite's dictionaries into a temporary KB, code every record, compare."""
    records = read_records(suite_dir / RECORDS)
    result = Conformance()
    with tempfile.TemporaryDirectory(prefix="casus-petrarch-") as tmp:
        result.imports = import_suite(suite_dir, Path(tmp))
        coder = suite_coder(Path(tmp), nlp=nlp)
        docs = [Document(id=r.id, text=r.text, date=r.date) for r in records]
        by_id = {r.id: r for r in records}
        tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for doc, events in coder.code_documents(docs):
            rec = by_id[doc.id]
            got = coded(events)
            row = tally[rec.category]
            row[0] += 1
            result.total += 1
            if got == rec.expected:
                result.exact += 1
                row[1] += 1
            else:
                result.misses.append((rec, got))
            if _loose(got) == _loose(rec.expected):
                result.loose += 1
                row[2] += 1
        result.by_category = dict(sorted(tally.items()))
    return result
