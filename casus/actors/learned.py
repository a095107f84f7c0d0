"""Learned facts kept in the user's knowledge base, and the provisional actors they make.

Facts learned while reading (:mod:`casus.actors.learn`) are appended to
``<kb dir>/learned.jsonl``, one JSON object per line, each with its evidence sentence; the same
fact from the same sentence is kept once. Names the curated KB does not know become
provisional actors (``prov:<slug>``) that later reports resolve to, counted by the documents
that name them, until an analyst promotes one with ``casus actors promote``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from casus.actors.kb import KBEntry, Link
from casus.atomic import write_text
from casus.errors import DataError

__all__ = [
    "LEARNED_FILE",
    "Provisional",
    "read_facts",
    "save_facts",
    "provisional_actors",
    "promote",
    "promoted_ids",
]

LEARNED_FILE = "learned.jsonl"
PROMOTED_FILE = "actors-promoted.yaml"
LINK_RELS = {
    "spokesman_of",
    "leader_of",
    "member_of",
    "part_of",
    "backed_by",
    "led_by",
    "allied_with",
}


def read_facts(kb_dir: Path) -> list[dict]:
    """The learned facts in ``kb_dir`` (none if it has no learned file)."""
    path = Path(kb_dir) / LEARNED_FILE
    if not path.exists():
        return []
    facts = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                fact = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(f"{path}:{n}: not valid JSON: {exc.msg}") from exc
            if not isinstance(fact, dict) or "subject_id" not in fact or "rel" not in fact:
                raise DataError(f"{path}:{n}: a fact needs subject_id and rel")
            facts.append(fact)
    return facts


def save_facts(kb_dir: Path, facts: Iterable[dict]) -> int:
    """Add ``facts`` (dicts as :meth:`Fact.to_dict` makes them) to ``kb_dir``; returns how many
    were new. The file is rewritten whole through a temporary file, so a crash leaves the old
    file or the new one, never half of one."""
    kb_dir = Path(kb_dir)
    kb_dir.mkdir(parents=True, exist_ok=True)
    old = read_facts(kb_dir)
    seen = {f.get("fact_id") for f in old}
    new = [f for f in facts if f["fact_id"] not in seen and not seen.add(f["fact_id"])]
    if not new:
        return 0
    write_text(
        kb_dir / LEARNED_FILE,
        "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in old + new),
    )
    return len(new)


@dataclass(frozen=True, slots=True)
class Provisional:
    """An actor known only from what casus read."""

    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    aliases: tuple[str, ...]
    documents: int
    facts: tuple[dict, ...]

    def entry(self) -> KBEntry:
        links = tuple(
            Link(
                f["rel"],
                f["object_id"],
                f.get("date"),
                None,
                None,
                f"learned from {f['doc_id']}: {f['sentence'][:200]}",
            )
            for f in self.facts
            if f["rel"] in LINK_RELS and f.get("object_id")
        )
        cameo = (self.country or "") + (self.sector or "") or None
        return KBEntry(
            self.id, self.name, self.kind, self.country, self.sector, cameo, self.aliases, links
        )


def provisional_actors(facts: Iterable[dict]) -> list[Provisional]:
    """Group facts about unknown names into provisional actors, most documents first."""
    by_id: dict[str, list[dict]] = {}
    for f in facts:
        if str(f["subject_id"]).startswith("prov:"):
            by_id.setdefault(f["subject_id"], []).append(f)
    out = []
    for pid, group in by_id.items():
        names = Counter(f["subject_text"] for f in group)
        countries = Counter(f["country"] for f in group if f.get("country"))
        sectors = Counter(f["sector"] for f in group if f.get("sector"))
        kinds = Counter(f.get("kind") or "org" for f in group)
        out.append(
            Provisional(
                id=pid,
                name=names.most_common(1)[0][0],
                kind=kinds.most_common(1)[0][0],
                country=countries.most_common(1)[0][0] if countries else None,
                sector=sectors.most_common(1)[0][0] if sectors else None,
                aliases=tuple(n for n, _ in names.most_common()[1:]),
                documents=len({f["doc_id"] for f in group}),
                facts=tuple(group),
            )
        )
    return sorted(out, key=lambda p: (-p.documents, p.id))


def promoted_ids(kb_dir: Path) -> set[str]:
    """Provisional ids already promoted into ``kb_dir``'s curated actors."""
    path = Path(kb_dir) / PROMOTED_FILE
    if not path.exists():
        return set()
    try:
        items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as exc:
        raise DataError(f"{path}: not valid YAML: {exc}") from exc
    return {
        str(i["promoted_from"]) for i in items if isinstance(i, dict) and i.get("promoted_from")
    }


def promote(
    kb_dir: Path,
    prov: Provisional,
    *,
    new_id: str | None = None,
    country: str | None = None,
    sector: str | None = None,
) -> str:
    """Write ``prov`` into the user's curated actors (``actors-promoted.yaml``) under
    ``new_id``; its learned links come along with their evidence. Returns the new id."""
    kb_dir = Path(kb_dir)
    path = kb_dir / PROMOTED_FILE
    items = []
    if path.exists():
        items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    eid = new_id or prov.id.removeprefix("prov:")
    if any(i.get("id") == eid for i in items):
        raise DataError(f"{path}: an actor with id {eid!r} is already promoted")
    entry = prov.entry()
    country = country or entry.country
    sector = sector or entry.sector
    items.append(
        {
            "id": eid,
            "name": entry.name,
            "type": "person" if entry.kind == "person" else "org",
            "aliases": list(entry.aliases),
            "country": country,
            "sector": sector,
            "cameo": (country or "") + (sector or "") or None,
            "links": [
                {
                    "rel": lk.rel,
                    "target": lk.target,
                    "start": lk.start,
                    "end": None,
                    "source": lk.source,
                }
                for lk in entry.links
            ],
            "promoted_from": prov.id,
        }
    )
    kb_dir.mkdir(parents=True, exist_ok=True)
    write_text(path, yaml.safe_dump(items, allow_unicode=True, sort_keys=False))
    return eid
