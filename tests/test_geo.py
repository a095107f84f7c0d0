"""Geolocation: the gazetteer on golden place strings, and event locations in coded text."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from casus.geo.gazetteer import load_gazetteer, place_key
from casus.models import Location

GOLDEN = Path(__file__).parent / "golden" / "places.tsv"


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def _rows() -> list[dict[str, str]]:
    with GOLDEN.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _id(place) -> str | None:
    if place is None:
        return None
    return place.feature if place.feature and not place.geonameid else str(place.geonameid)


def test_geo_golden_places_resolved(gaz):
    rows = _rows()
    assert len(rows) >= 220
    regions = {r["region"] for r in rows}
    assert {"ME", "UA", "SAHEL", "HORN"} <= regions
    misses = []
    for r in rows:
        hints = [r["country_hint"]] if r["country_hint"] else []
        got = _id(gaz.resolve(r["text"], countries=hints))
        if got != r["expected"]:
            misses.append((r["id"], r["text"], r["expected"], got))
    share = 1 - len(misses) / len(rows)
    assert share >= 0.90, misses


def test_geo_places_yaml_all_resolve(gaz):
    assert gaz.unresolved == []


def test_geo_us_is_never_canada(gaz):
    for name in ("U.S.", "US", "USA", "United States", "America"):
        assert gaz.resolve(name).country == "USA", name


def test_geo_place_key_spellings():
    assert place_key("the Gaza Strip") == "gaza strip"
    assert place_key("Ma'arrat al-Nu'man") == place_key("Maarrat al Numan")
    assert place_key("Goražde") == "gorazde"


def test_geo_country_hint_chooses(gaz):
    assert gaz.resolve("Tripoli").country == "LBY"
    assert gaz.resolve("Tripoli", countries=["LBN"]).country == "LBN"


def test_geo_capital_beats_a_small_namesake_in_a_document_country(gaz):
    # "Moscow" in a story that names the United States is not Moscow, Idaho; "Dhaka" in one
    # that names India is Bangladesh's capital
    assert gaz.resolve("Moscow", countries=["USA"]).country == "RUS"
    assert gaz.resolve("Dhaka", countries=["IND"]).country == "BGD"
    assert gaz.resolve("Lisbon", countries=["USA"]).country == "PRT"
    # a namesake of some size in the document's country still wins
    assert gaz.resolve("Tripoli", countries=["LBN"]).country == "LBN"
    assert gaz.resolve("Tripoli").country == "LBY"


def test_geo_location_round_trip():
    loc = Location(
        "Baghdad",
        98182,
        33.34,
        44.40,
        "IRQ",
        "Baghdad Governorate",
        3,
        relation="near",
        direction="northwest",
        source="text",
        text="Baghdad",
    )
    assert Location.from_dict(loc.to_dict()) == loc
    assert Location.from_dict({"name": "X", "precision": 4, "unknown": 1}).name == "X"
    assert {"name", "geonameid", "lat", "lon", "country", "admin1", "precision"} <= set(
        loc.to_dict()
    )


# -- event locations (model-backed) ------------------------------------------------------------
def _locations(coder, text: str) -> list[Location | None]:
    return [e.location for e in coder.code_text(text, date="2024-03-01")]


def test_geo_seed_siege_near_baghdad(seed_events):
    _, events = seed_events
    siege = [e for e in events if "siege" in e.evidence.text and e.cameo_code.startswith("19")]
    assert siege
    loc = siege[0].location
    assert loc is not None and loc.geonameid == 98182  # Baghdad
    assert (loc.relation, loc.direction, loc.precision, loc.source) == (
        "near",
        "northwest",
        3,
        "text",
    )


def test_geo_capitals_as_actors_are_not_locations(coder):
    locs = _locations(coder, "Washington warned Tehran on Monday.")
    assert locs and all(loc is None for loc in locs)
    locs = _locations(coder, "Moscow condemned Kyiv for the attack.")
    assert all(loc is None for loc in locs)


def test_geo_organisation_is_no_place_by_an_alternate_name(coder):
    # "Taliban" is an alternate name of a village in Turkey; the group is no location
    locs = _locations(coder, "Kabul fell to the Taliban in August.")
    assert locs and all(loc is None or loc.country != "TUR" for loc in locs)


def test_geo_neighbours(gaz):
    assert gaz.near("TUR", ["SYR"]) and gaz.near("SYR", ["SYR"])
    assert not gaz.near("PRT", ["MLI", "RUS"]) and not gaz.near(None, ["MLI"])


def test_geo_far_small_namesake_is_no_place(coder):
    # Moura in Mali is not in the gazetteer; Moura, Portugal (9,000 people) is no place of a
    # story on Mali: unknown beats a wrong country
    locs = _locations(coder, "The Malian army killed dozens of civilians in Moura on Sunday.")
    assert locs and all(loc is None or loc.country != "PRT" for loc in locs)
    # a small town across the border of a country the story names is still placed
    locs = _locations(coder, "Syrian shells landed in Akcakale, killing two civilians.")
    assert any(loc is not None and loc.country == "TUR" for loc in locs)


def test_geo_no_place_is_null(coder):
    locs = _locations(coder, "The United States condemned Iran.")
    assert locs and all(loc is None for loc in locs)


def test_geo_in_a_town(coder):
    locs = _locations(coder, "Israeli tanks fired shells at targets in Jericho.")
    assert any(loc and loc.name == "Jericho" and loc.precision == 4 for loc in locs)


def test_geo_small_ukrainian_town_as_object(coder):
    locs = _locations(coder, "Russian forces shelled Vuhledar overnight.")
    assert locs[0] is not None and locs[0].geonameid == 690823
    assert locs[0].admin1 == "Donetsk Oblast"


def test_geo_dateline_fallback(coder):
    text = "HODEIDAH, Yemen (Reuters) - Houthi fighters attacked government troops on Monday."
    loc = _locations(coder, text)[0]
    assert loc is not None and loc.source == "dateline" and loc.geonameid == 79415


def test_geo_division_by_suffix(coder):
    locs = _locations(coder, "U.S. troops clashed with militants in Deir ez-Zor province.")
    assert locs[0] is not None and locs[0].precision == 2
    assert locs[0].feature == "adm1:SYR:deir-ez-zor"


def test_geo_switch_off(shared):
    from casus import Coder
    from casus.settings import Settings

    off = Coder(Settings(geolocate=False))
    assert off.locator is None


def test_geo_location_survives_the_store(seed_events, tmp_path):
    from casus.models import Document
    from casus.store.db import Store, content_hash

    text, events = seed_events
    with Store(tmp_path / "geo.duckdb") as store:
        run = store.begin_run(["seed"], "test")
        store.add_documents(
            [(Document("seed", text, "2018-04-16"), content_hash(text), events, [])], run
        )
        back = {m.event_id: m.location for m in store.mentions("seed")}
    assert back == {e.event_id: e.location for e in events}
