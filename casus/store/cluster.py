"""Event mentions from many reports merged into events.

Two mentions are one event when they have the same CAMEO root, the same source and target
country, actor ids that do not disagree (a known id on one side and none on the other is
compatible; two different ids are not), and dates within a few days. Mentions coded as
negated or hypothetical make no event. Background mentions ("since the Sunday strikes") are
attached afterwards to the latest event of their kind on or before their date, within a
fortnight; only when there is none do they make an event of their own (``background_only``).

The result depends only on the set of mentions, not on the order they were ingested in, so a
store rebuilt from the same reports has the same events with the same ids.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

__all__ = ["MentionRow", "Cluster", "cluster_mentions", "combined_certainty"]

DAY_TOLERANCE = 1  # both dates read from the text ("on Sunday")
REPORT_TOLERANCE = 2  # one date is only the report's date: reports lag the event
MAX_SPAN = 3  # days from an event's first mention date to its last
BACKGROUND_WINDOW = 14  # days back in which a background mention looks for its event
NO_EVENT = {"negated", "hypothetical"}
# acts that happen somewhere; where a statement or threat is "placed" says little about it
MATERIAL_ROOTS = {"06", "07", "08", "14", "15", "16", "17", "18", "19", "20"}
CERTAINTY_RANK = {"asserted": 4, "claimed": 3, "reported": 2, "unconfirmed": 1}


@dataclass(frozen=True, slots=True)
class MentionRow:
    mention_id: str
    doc_id: str
    outlet: str | None
    doc_date: date | None
    date: date | None
    date_precision: str | None
    cameo_code: str
    cameo_root: str
    source_country: str | None
    target_country: str | None
    source_id: str | None
    target_id: str | None
    modality: str
    certainty: str
    background: bool
    sentence_index: int = 0
    ev_start: int = 0
    place_country: str | None = None  # where the sentence says it happened
    source_aff: tuple[str, ...] = ()  # patrons and parents of the source ("part of the PMF")
    target_aff: tuple[str, ...] = ()

    @property
    def when(self) -> date | None:
        return self.date or self.doc_date

    @property
    def sort_key(self) -> tuple:
        return (self.when or date.min, self.doc_id, self.ev_start, self.mention_id)


@dataclass(slots=True)
class Cluster:
    key: tuple
    mentions: list[MentionRow] = field(default_factory=list)
    background: list[MentionRow] = field(default_factory=list)
    source_ids: set[str] = field(default_factory=set)
    target_ids: set[str] = field(default_factory=set)
    first: date | None = None
    last: date | None = None
    places: set[str] = field(default_factory=set)
    source_related: set[str] = field(default_factory=set)  # ids and their parents, patrons
    target_related: set[str] = field(default_factory=set)

    @property
    def event_id(self) -> str:
        first = (self.mentions or self.background)[0]
        return "ev_" + hashlib.sha1(first.mention_id.encode()).hexdigest()[:16]

    @property
    def background_only(self) -> bool:
        return not self.mentions

    def admits(self, m: MentionRow) -> bool:
        if (
            m.cameo_root in MATERIAL_ROOTS
            and m.place_country
            and self.places
            and m.place_country not in self.places
        ):
            return False  # the sentences put the act in different countries
        if not _ids_fit(m.source_id, m.source_aff, self.source_ids, self.source_related):
            return False
        if not _ids_fit(m.target_id, m.target_aff, self.target_ids, self.target_related):
            return False
        d = m.when
        if d is None or self.first is None:
            return d is None and self.first is None
        exact = m.date_precision == "day"
        tol = DAY_TOLERANCE if exact else REPORT_TOLERANCE
        if d < self.first - timedelta(days=tol) or d > self.last + timedelta(days=tol):
            return False
        return (max(d, self.last) - min(d, self.first)).days <= MAX_SPAN

    def add(self, m: MentionRow, *, background: bool = False) -> None:
        (self.background if background else self.mentions).append(m)
        if background:
            return
        if m.source_id:
            self.source_ids.add(m.source_id)
            self.source_related |= {m.source_id, *m.source_aff}
        if m.target_id:
            self.target_ids.add(m.target_id)
            self.target_related |= {m.target_id, *m.target_aff}
        if m.place_country and m.cameo_root in MATERIAL_ROOTS:
            self.places.add(m.place_country)
        d = m.when
        if d is not None:
            self.first = d if self.first is None else min(self.first, d)
            self.last = d if self.last is None else max(self.last, d)

    def certainty(self) -> str:
        return combined_certainty(m.certainty for m in self.mentions or self.background)


def _ids_fit(mid: str | None, aff: tuple[str, ...], ids: set[str], related: set[str]) -> bool:
    """A side's actor ids agree when either is unknown, they are equal, or one is a parent or
    patron of the other (Harakat al-Nujaba and the PMF it is part of)."""
    if not mid or not ids:
        return True
    return mid in related or bool(ids & set(aff))


def combined_certainty(values: Iterable[str]) -> str:
    """Denied if any report has the actor deny it; else the firmest any report gives, so an
    event stays unconfirmed only while every report of it is unconfirmed."""
    values = list(values)
    if "denied" in values:
        return "denied"
    ranked = [v for v in values if v in CERTAINTY_RANK]
    return max(ranked, key=CERTAINTY_RANK.__getitem__) if ranked else "asserted"


def _key(m: MentionRow) -> tuple:
    return (m.cameo_root, m.source_country or "-", m.target_country or "-")


def cluster_mentions(rows: Iterable[MentionRow]) -> list[Cluster]:
    """Events from mentions; mentions coded negated or hypothetical are left out.

    Mentions naming both sides' countries make the events first. A mention with one side
    unknown ("Russia attacked the port" with no target country) then joins the event with the
    same root and known side on a compatible date, if there is one; background mentions come
    last. So a vaguer report never splits an event that fuller reports define."""
    usable = sorted((r for r in rows if r.modality not in NO_EVENT), key=lambda r: r.sort_key)
    groups: dict[tuple, list[Cluster]] = {}
    clusters: list[Cluster] = []

    def new_cluster(m: MentionRow) -> Cluster:
        c = Cluster(_key(m))
        groups.setdefault(c.key, []).append(c)
        clusters.append(c)
        return c

    full = [m for m in usable if not m.background and m.source_country and m.target_country]
    partial = [
        m for m in usable if not m.background and not (m.source_country and m.target_country)
    ]
    for m in full:
        found = next((c for c in groups.get(_key(m), []) if c.admits(m)), None)
        (found or new_cluster(m)).add(m)
    for m in partial:
        found = next((c for c in groups.get(_key(m), []) if c.admits(m)), None)
        if found is None:
            found = _nearest(_wider(groups, m), m)
        (found or new_cluster(m)).add(m)
    for m in (m for m in usable if m.background):
        best = _background_home(groups.get(_key(m), []) + _wider(groups, m), m)
        if best is None:
            best = new_cluster(m)
            best.add(m)  # its own event, from background mentions only
            best.background.append(best.mentions.pop())
        else:
            best.add(m, background=True)
    return clusters


def _wider(groups: dict[tuple, list[Cluster]], m: MentionRow) -> list[Cluster]:
    """Events a mention with an unknown side could belong to: same root and known side."""
    if m.source_country and m.target_country:
        return []
    out = []
    for (root, src, tgt), cs in groups.items():
        if root != m.cameo_root or (src, tgt) == (m.source_country or "-", m.target_country or "-"):
            continue
        if m.source_country and src != m.source_country:
            continue
        if m.target_country and tgt != m.target_country:
            continue
        if not m.source_country and not m.target_country:
            continue
        out += [c for c in cs if not c.background_only]
    return out


def _nearest(candidates: list[Cluster], m: MentionRow) -> Cluster | None:
    fits = [c for c in candidates if c.admits(m)]
    if not fits or m.when is None:
        return None
    return min(fits, key=lambda c: (abs((c.first - m.when).days), c.event_id))


def _background_home(candidates: list[Cluster], m: MentionRow) -> Cluster | None:
    d = m.when
    best: Cluster | None = None
    for c in candidates:
        if not _ids_fit(m.source_id, m.source_aff, c.source_ids, c.source_related):
            continue
        if not _ids_fit(m.target_id, m.target_aff, c.target_ids, c.target_related):
            continue
        if d is None or c.first is None:
            continue
        if c.first > d + timedelta(days=REPORT_TOLERANCE):
            continue  # an event after the report cannot be its background
        if (d - c.first).days > BACKGROUND_WINDOW:
            continue
        if best is None or c.first > best.first:
            best = c
    return best


def representative(values: Iterable[str | None]) -> str | None:
    """The most frequent non-null value (the smallest on a tie, for stable output)."""
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    top = max(counts.values())
    return min(v for v, n in counts.items() if n == top)
