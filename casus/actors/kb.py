"""The actor knowledge base: countries, international organisations, named actors, sectors.

Everything is read from versioned data files in ``casus/data``:
``countries.tsv``, ``igos.tsv``, ``actors.yaml`` and ``sectors.tsv``.
"""

from __future__ import annotations

import csv
import functools
import logging
import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from casus.errors import DataError

log = logging.getLogger(__name__)

__all__ = [
    "KBEntry",
    "Surface",
    "ActorKB",
    "load_kb",
    "normalize",
    "surface_variants",
    "user_kb_dir",
    "valid_at",
]

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it
ARTICLES = ("al-", "el-", "ad-", "as-", "ash-", "an-", "ar-", "at-", "az-", "ud-")


@dataclass(frozen=True, slots=True)
class Link:
    rel: str
    target: str
    start: str | None = None
    end: str | None = None
    role: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class KBEntry:
    """One known actor: a country, an organisation or a person."""

    id: str
    name: str
    kind: str  # country | igo | org | person
    country: str | None
    sector: str | None
    cameo: str | None
    aliases: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()


@dataclass(frozen=True, slots=True)
class Surface:
    """A surface form pointing at an entry: how the form names it and which sector it implies."""

    entry_id: str
    form: str  # name | alias | demonym | metonym
    sector: str | None = None


@dataclass(slots=True)
class ActorKB:
    entries: dict[str, KBEntry] = field(default_factory=dict)
    surfaces: dict[str, list[Surface]] = field(default_factory=dict)
    sectors: dict[str, tuple[str | None, str]] = field(
        default_factory=dict
    )  # term -> (sector, kind)
    country_by_iso: dict[str, str] = field(default_factory=dict)  # ISO3 -> entry id
    # keys that only match in capitals ("US" but not "us", "IS" but not "is", "WHO")
    caps_only: set[str] = field(default_factory=set)
    _mixed: set[str] = field(default_factory=set)
    _inbound: dict[str, list[tuple[KBEntry, Link]]] | None = None

    def add(self, entry: KBEntry) -> None:
        self.entries[entry.id] = entry
        self._inbound = None

    def add_surface(self, text: str, surface: Surface) -> None:
        bare = text.replace(".", "")
        is_caps = bare.isupper() and len(bare) <= 6
        for variant in surface_variants(text):
            if is_caps and variant not in self._mixed:
                self.caps_only.add(variant)
            elif not is_caps:
                self._mixed.add(variant)
                self.caps_only.discard(variant)
            bucket = self.surfaces.setdefault(variant, [])
            if surface not in bucket:
                bucket.append(surface)

    def lookup(self, text: str) -> list[Surface]:
        return self.surfaces.get(normalize(text), [])

    def country_entry(self, iso3: str | None) -> KBEntry | None:
        if not iso3:
            return None
        eid = self.country_by_iso.get(iso3.upper())
        return self.entries.get(eid) if eid else None

    def affiliations(self, entry_id: str, date: str | None = None) -> tuple[str, ...]:
        """Ids of patrons and parents of ``entry_id`` valid at ``date`` (or at any time)."""
        entry = self.entries.get(entry_id)
        if entry is None:
            return ()
        out: list[str] = []
        for link in entry.links:
            if link.rel not in {
                "part_of",
                "member_of",
                "backed_by",
                "led_by",
                "allied_with",
                "spokesman_of",
                "head_of",
            }:
                continue
            if date and not valid_at(link, date):
                continue
            if link.target not in out:
                out.append(link.target)
        return tuple(out)

    def search(self, text: str, limit: int = 10) -> list[tuple[KBEntry, str, float]]:
        """Entries whose name or an alias is like ``text``: (entry, the form matched, score
        0-100), best first. Exact and prefix matches come before fuzzy ones."""
        from rapidfuzz import fuzz, process

        query = normalize(text)
        if not query:
            return []
        best: dict[str, tuple[KBEntry, str, float]] = {}
        keys = list(self.surfaces)
        for key, score, _ in process.extract(
            query, keys, scorer=fuzz.WRatio, limit=limit * 8, score_cutoff=70
        ):
            if key == query:
                score = 100.0 + len(key)
            elif len(key) < 4 or len(query) < 4:
                continue  # "aa" is not like "Hash al-Shaabi"
            elif key.startswith(query + " ") or query in key.split(" "):
                score = max(score, 95.0)
            for surface in self.surfaces[key]:
                entry = self.entries.get(surface.entry_id)
                if entry is None:
                    continue
                if entry.id not in best or best[entry.id][2] < score:
                    best[entry.id] = (entry, key, float(score))
        ranked = sorted(best.values(), key=lambda r: (-r[2], KIND_ORDER.get(r[0].kind, 9)))
        return ranked[:limit]

    def inbound(self, entry_id: str) -> list[tuple[KBEntry, Link]]:
        """Links from other entries to ``entry_id`` (its spokesmen, members, units…)."""
        if self._inbound is None:
            index: dict[str, list[tuple[KBEntry, Link]]] = {}
            for entry in self.entries.values():
                for link in entry.links:
                    index.setdefault(link.target, []).append((entry, link))
            self._inbound = index
        return self._inbound.get(entry_id, [])


KIND_ORDER = {"org": 0, "person": 1, "igo": 2, "country": 3}


def valid_at(span: Link | Any, date: str) -> bool:
    """Whether a dated link (or anything with ``start`` and ``end``, "YYYY[-MM[-DD]]" or
    None) holds on ``date``; dates are compared to the precision they are given in."""
    if span.start and str(span.start)[: len(date)] > date:
        return False
    if span.end and str(span.end) < date[: len(str(span.end))]:
        return False
    return True


@functools.lru_cache(maxsize=200_000)
def normalize(text: str) -> str:
    """Lowercase, strip diacritics, unify quotes and dashes, squeeze spaces."""
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    text = text.replace("‐", "-").replace("–", "-").replace("—", "-")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().split())


def surface_variants(text: str) -> set[str]:
    """Spelling variants of a name: the article al- joined, spaced or dropped; dots dropped."""
    base = normalize(text)
    out = {base}
    if base.startswith("the "):
        out.add(base[4:])
    words = base.split(" ")
    for i, w in enumerate(words):
        for art in ARTICLES:
            if w.startswith(art) and len(w) > len(art):
                rest = w[len(art) :]
                for repl in (art[:-1] + " " + rest, rest, art[:-1] + rest):
                    out.add(" ".join(words[:i] + [repl] + words[i + 1 :]))
    out |= {v.replace(".", "") for v in out if "." in v}
    out |= {v.replace("'", "") for v in out if "'" in v}
    return {v for v in out if v}


def _split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split(";") if p.strip()]


def _read_tsv(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise DataError(f"{path}:1: missing columns {missing}; has {reader.fieldnames}")
        return [(i + 2, row) for i, row in enumerate(reader)]


def _data_dir() -> Path:
    return Path(str(resources.files("casus") / "data"))


def user_kb_dir() -> Path:
    """The user's own knowledge base: ``$CASUS_HOME/kb`` (default ``~/.local/share/casus/kb``).

    ``casus actors import`` writes there; its ``actors*.yaml`` and ``sectors*.tsv`` files are
    loaded after the shipped data, so an imported entry with a shipped id replaces it."""
    home = os.environ.get("CASUS_HOME") or str(Path.home() / ".local" / "share" / "casus")
    return Path(home) / "kb"


def load_kb(
    data_dir: Path | None = None,
    extra_dirs: Iterable[Path] | None = None,
    *,
    shipped: bool = True,
) -> ActorKB:
    """Load the shipped knowledge base (or one from ``data_dir``), then each of ``extra_dirs``
    (default: the user's KB directory, when it exists). ``shipped=False`` loads only the
    extra directories: an imported dictionary on its own."""
    base = data_dir or _data_dir()
    kb = ActorKB()
    if shipped:
        _load_countries(kb, base / "countries.tsv")
        _load_igos(kb, base / "igos.tsv")
        for path in sorted(base.glob("actors*.yaml")):
            _load_named(kb, path)
        _load_sectors(kb, base / "sectors.tsv")
    for extra in [user_kb_dir()] if extra_dirs is None else extra_dirs:
        extra = Path(extra)
        if not extra.is_dir():
            continue
        for path in sorted(extra.glob("actors*.yaml")):
            _load_named(kb, path)
        for path in sorted(extra.glob("sectors*.tsv")):
            _load_sectors(kb, path)
        _load_provisional(kb, extra)
    log.debug("actor KB: %d entries, %d surface forms", len(kb.entries), len(kb.surfaces))
    return kb


def _load_countries(kb: ActorKB, path: Path) -> None:
    for line, row in _read_tsv(path, ("iso3", "name", "aliases", "demonyms", "metonyms")):
        iso = (row["iso3"] or "").strip().upper()
        if len(iso) != 3:
            raise DataError(f"{path}:{line}: iso3 must be 3 letters, got {iso!r}")
        eid = iso.lower()
        entry = KBEntry(
            eid, row["name"].strip(), "country", iso, None, iso, tuple(_split(row["aliases"]))
        )
        kb.add(entry)
        kb.country_by_iso[iso] = eid
        kb.add_surface(entry.name, Surface(eid, "name"))
        for a in entry.aliases:
            kb.add_surface(a, Surface(eid, "alias"))
        for d in _split(row["demonyms"]):
            kb.add_surface(d, Surface(eid, "demonym"))
        for m in _split(row["metonyms"]):
            surface, _, sector = m.rpartition(":")
            if not surface:
                surface, sector = m, "GOV"
            kb.add_surface(surface, Surface(eid, "metonym", sector.strip() or "GOV"))


def _load_igos(kb: ActorKB, path: Path) -> None:
    if not path.exists():
        return
    cols = ("id", "name", "aliases", "country", "cameo_actor", "sector")
    for line, row in _read_tsv(path, cols):
        eid = "igo_" + row["id"].strip().lower()
        if not row["name"]:
            raise DataError(f"{path}:{line}: empty name")
        sector = (row["sector"] or "IGO").strip()
        entry = KBEntry(
            eid,
            row["name"].strip(),
            "igo",
            (row["country"] or "IGO").strip(),
            sector,
            (row["cameo_actor"] or "").strip() or None,
            tuple(_split(row["aliases"])),
        )
        kb.add(entry)
        kb.add_surface(entry.name, Surface(eid, "name"))
        for a in entry.aliases:
            kb.add_surface(a, Surface(eid, "alias"))


def _load_named(kb: ActorKB, path: Path) -> None:
    if not path.exists():
        return
    try:
        items = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or []
    except yaml.YAMLError as exc:
        raise DataError(f"{path}: not valid YAML: {exc}") from exc
    for n, item in enumerate(items):
        if not isinstance(item, dict) or not item.get("id") or not item.get("name"):
            raise DataError(f"{path}: entry {n + 1} needs at least id and name")
        links = tuple(
            Link(
                str(lk.get("rel")),
                str(lk.get("target")),
                _date(lk.get("start")),
                _date(lk.get("end")),
                lk.get("role"),
                lk.get("source"),
            )
            for lk in item.get("links") or []
            if isinstance(lk, dict)
        )
        kind = "person" if item.get("type") == "person" else "org"
        entry = KBEntry(
            str(item["id"]),
            str(item["name"]),
            kind,
            item.get("country"),
            item.get("sector"),
            item.get("cameo"),
            tuple(str(a) for a in item.get("aliases") or []),
            links,
        )
        kb.add(entry)
        kb.add_surface(entry.name, Surface(entry.id, "name"))
        for a in entry.aliases:
            kb.add_surface(a, Surface(entry.id, "alias"))


def _load_provisional(kb: ActorKB, kb_dir: Path) -> None:
    """Actors learned from text and not yet promoted: matched by name, marked ``prov:``."""
    from casus.actors.learned import promoted_ids, provisional_actors, read_facts

    done = promoted_ids(kb_dir)
    for prov in provisional_actors(read_facts(kb_dir)):
        if prov.id in kb.entries or prov.id in done:
            continue
        entry = prov.entry()
        kb.add(entry)
        for name in (entry.name, *entry.aliases):
            if kb.lookup(name):
                continue  # a curated name is never taken over by a learned one
            kb.add_surface(name, Surface(entry.id, "name"))


def _date(value: object) -> str | None:
    return None if value in (None, "") else str(value)


def _load_sectors(kb: ActorKB, path: Path) -> None:
    for line, row in _read_tsv(path, ("term", "sector", "kind")):
        term = normalize(row["term"] or "")
        if not term:
            raise DataError(f"{path}:{line}: empty term")
        sector = (row["sector"] or "").strip()
        kb.sectors[term] = (
            None if sector in ("", "-") else sector,
            (row["kind"] or "agent").strip(),
        )
