"""casus export: each format's shape, filters, stdout and -o, and round trips
(event → store → event, event → each export → the same key fields). No spaCy: the stores are
built from EventMention records made here."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import duckdb
import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casus.cli.main import cli
from casus.coding.ontology import quad_class
from casus.export import export
from casus.export.acled import COLUMNS as ACLED_COLUMNS
from casus.export.acled import acled_type
from casus.export.common import (
    cameo_info,
    country_code,
    country_name,
    flat,
    int_id,
)
from casus.export.gdelt import EVENT_COLUMNS, MENTION_COLUMNS
from casus.export.icews import COLUMNS as ICEWS_COLUMNS
from casus.export.network import actor_network
from casus.export.run import mentions_path
from casus.export.tabular import read_csv_events
from casus.models import (
    CERTAINTIES,
    MODALITIES,
    SECTIONS,
    Actor,
    Document,
    EventMention,
    Evidence,
    Location,
)
from casus.store import Store, content_hash

CODER = "casus.test/1"


def mention(
    mid: str,
    doc: str,
    code: str,
    source: Actor | None,
    target: Actor | None,
    *,
    date: str | None = "2024-03-04",
    sentence: str = "Something happened.",
    sentence_index: int = 0,
    start: int = 0,
    modality: str = "actual",
    certainty: str = "asserted",
    location: Location | None = None,
    precision: str | None = "day",
) -> EventMention:
    info = cameo_info(code)
    assert info is not None, code
    return EventMention(
        event_id=mid,
        doc_id=doc,
        sentence_index=sentence_index,
        sentence=sentence,
        evidence=Evidence(start, start + 4, sentence[:4]),
        date=date,
        date_precision=precision if date else None,
        cameo_code=code,
        cameo_root=code[:2],
        quad_class=quad_class(code),
        goldstein=info.goldstein,
        plover_type=info.plover_type,
        plover_mode=info.plover_mode,
        source=source,
        target=target,
        modality=modality,
        certainty=certainty,
        speaker=None,
        reporting_source=None,
        hedges=(),
        background=False,
        location=location,
        coder=CODER,
        cameo_name=info.name,
    )


def fill(store: Store, docs: Sequence[tuple[Document, list[EventMention]]]) -> None:
    run = store.begin_run(["test"], CODER)
    store.add_documents(((d, content_hash(d.text), ms, []) for d, ms in docs), run)
    store.recluster()


KH = Actor(
    "Kataib Hezbollah",
    actor_id="kataib_hezbollah",
    name="Kata'ib Hezbollah",
    country="IRQ",
    sector="PRM",
    cameo_actor="IRQPRM",
    affiliations=("irgc_qf",),
)
US_TROOPS = Actor("US troops", country="USA", sector="MIL", cameo_actor="USAMIL")
USA = Actor("Washington", actor_id="usa", name="United States", country="USA")
IRQ = Actor("Iraq", actor_id="irq", name="Iraq", country="IRQ")
PROTESTERS = Actor("protesters\tin\r\nBaghdad", country="IRQ", sector="CVL", cameo_actor="IRQCVL")
IRQ_GOV = Actor("the Iraqi government", country="IRQ", sector="GOV", cameo_actor="IRQGOV")
REBELS = Actor("insurgents", country="SYR", sector="REB", cameo_actor="SYRREB")
VILLAGERS = Actor("villagers", country="SYR", sector="CVL", cameo_actor="SYRCVL")
ERBIL = Location(
    "Erbil", geonameid=95446, lat=36.19, lon=44.01, country="IRQ", admin1="Erbil Governorate"
)


@pytest.fixture
def db(tmp_path: Path) -> str:
    """Two reports of one rocket attack (Erbil), a protest, a suicide bombing of civilians,
    a promise of aid, and a threat."""
    a = Document("a", "Report A.", date="2024-03-05", url="https://tw.example/a", outlet="TW")
    b = Document("b", "Report B.", date="2024-03-06", url="https://ll.example/b", outlet="LL")
    attack = "Kataib Hezbollah fired rockets at US troops\tin Erbil\non Monday."
    docs = [
        (
            a,
            [
                mention("m1", "a", "190", KH, US_TROOPS, sentence=attack, location=ERBIL),
                mention(
                    "m2",
                    "a",
                    "141",
                    PROTESTERS,
                    IRQ_GOV,
                    date="2024-03-05",
                    start=80,
                    sentence_index=2,
                    sentence='Protesters said "enough".',
                ),
                mention(
                    "m3",
                    "a",
                    "1831",
                    REBELS,
                    VILLAGERS,
                    date="2024-03-01",
                    start=120,
                    sentence_index=3,
                ),
                mention("m4", "a", "036", USA, IRQ, start=160, sentence_index=4),
                mention("m5", "a", "138", KH, USA, modality="future", start=200, sentence_index=5),
            ],
        ),
        (b, [mention("m6", "b", "190", KH, US_TROOPS, sentence=attack, sentence_index=1)]),
    ]
    path = str(tmp_path / "store.duckdb")
    with Store(path) as store:
        fill(store, docs)
    return path


def invoke(*args: str):
    return CliRunner(mix_stderr=False).invoke(cli, list(args), catch_exceptions=False)


def events_of(path: str) -> list[dict]:
    with Store(path, read_only=True) as store:
        return store.events()


def tsv_rows(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.split("\n") if line]


# -- shapes -------------------------------------------------------------------------------
def test_export_gdelt_column_list_is_the_61_of_gdelt_2() -> None:
    assert len(EVENT_COLUMNS) == 61 == len(set(EVENT_COLUMNS))
    assert EVENT_COLUMNS[:5] == ("GlobalEventID", "Day", "MonthYear", "Year", "FractionDate")
    assert EVENT_COLUMNS[25:35] == (
        "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
        "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    )  # fmt: skip
    assert EVENT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")
    assert len(MENTION_COLUMNS) == 16


def test_export_gdelt_rows_have_61_columns(db: str) -> None:
    result = invoke("export", "--db", db, "--format", "gdelt")
    assert result.exit_code == 0, result.stderr
    rows = tsv_rows(result.stdout)
    events = {int_id(e["event_id"]): e for e in events_of(db)}
    assert len(rows) == len(events) == 5
    for row in rows:
        assert len(row) == 61
        rec = dict(zip(EVENT_COLUMNS, row, strict=True))
        ev = events[int(rec["GlobalEventID"])]
        assert rec["EventCode"] == ev["cameo_code"]
        assert rec["AvgTone"] == "0"
    attack = next(dict(zip(EVENT_COLUMNS, r, strict=True)) for r in rows if r[26] == "190")
    assert attack["Day"] == "20240304" and attack["MonthYear"] == "202403"
    assert attack["Year"] == "2024" and attack["FractionDate"] == "2024.2575"
    assert attack["Actor1Code"] == "IRQPRM" and attack["Actor1Type1Code"] == "PRM"
    assert attack["Actor1Name"] == "Kata'ib Hezbollah" and attack["Actor1CountryCode"] == "IRQ"
    assert attack["Actor2Code"] == "USAMIL" and attack["Actor2CountryCode"] == "USA"
    assert (attack["EventBaseCode"], attack["EventRootCode"], attack["QuadClass"]) == (
        "190", "19", "4"
    )  # fmt: skip
    assert (attack["NumMentions"], attack["NumSources"], attack["NumArticles"]) == ("2", "2", "2")
    assert attack["IsRootEvent"] == "1"
    assert attack["ActionGeo_FullName"] == "Erbil" and attack["ActionGeo_Type"] == "4"
    assert attack["ActionGeo_CountryCode"] == "IRQ" and attack["ActionGeo_FeatureID"] == "95446"
    assert (attack["ActionGeo_Lat"], attack["ActionGeo_Long"]) == ("36.19", "44.01")
    assert attack["Actor1Geo_FullName"] == ""
    assert attack["DATEADDED"] == "20240305000000"
    assert attack["SOURCEURL"] == "https://tw.example/a"


def test_export_gdelt_with_output_also_writes_the_mentions_table(db: str, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    result = invoke("export", "--db", db, "--format", "gdelt", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert "5 rows" in result.stderr
    assert mentions_path(out) == tmp_path / "events.mentions.tsv"
    rows = tsv_rows((tmp_path / "events.mentions.tsv").read_text("utf-8"))
    assert all(len(r) == len(MENTION_COLUMNS) for r in rows)
    by_event: dict[str, list[dict]] = {}
    for r in rows:
        rec = dict(zip(MENTION_COLUMNS, r, strict=True))
        by_event.setdefault(rec["GlobalEventID"], []).append(rec)
    events = {str(int_id(e["event_id"])): e for e in events_of(db)}
    assert set(by_event) <= set(events)
    for gid, recs in by_event.items():
        assert len(recs) == events[gid]["num_mentions"]
    attack = next(v for k, v in by_event.items() if events[k]["cameo_code"] == "190")
    assert {r["MentionIdentifier"] for r in attack} == {
        "https://tw.example/a",
        "https://ll.example/b",
    }
    assert {r["MentionSourceName"] for r in attack} == {"TW", "LL"}
    assert {r["SentenceID"] for r in attack} == {"1", "2"}
    assert {r["Confidence"] for r in attack} == {"100"}
    assert all("<MENTIONID>m" in r["Extras"] for r in attack)


def test_export_gdelt_mentions_out_option(db: str, tmp_path: Path) -> None:
    result = invoke(
        "export", "--db", db, "--format", "gdelt", "--mentions-out", str(tmp_path / "m.tsv")
    )
    assert result.exit_code == 0
    assert len(tsv_rows(result.stdout)) == 5
    assert len(tsv_rows((tmp_path / "m.tsv").read_text("utf-8"))) == 6


def test_export_tsv_text_fields_turn_tabs_and_newlines_into_spaces(db: str) -> None:
    assert flat("a\tb\nc\r\nd\u2028e") == "a b c  d e"
    assert flat(None) == ""
    gdelt = invoke("export", "--db", db, "--format", "gdelt", "--code", "14").stdout
    assert gdelt.count("\n") == 1 and gdelt.endswith("\n")
    assert dict(zip(EVENT_COLUMNS, gdelt[:-1].split("\t"), strict=True))["Actor1Name"] == (
        "protesters in  Baghdad"
    )
    icews = invoke("export", "--db", db, "--format", "icews", "--code", "14").stdout
    header, row = icews[:-1].split("\n")
    assert dict(zip(header.split("\t"), row.split("\t"), strict=True))["Source Name"] == (
        "protesters in  Baghdad"
    )


def test_export_icews_header_and_rows(db: str) -> None:
    result = invoke("export", "--db", db, "--format", "icews", "--root", "19")
    assert result.exit_code == 0
    header, *rows = tsv_rows(result.stdout)
    assert tuple(header) == ICEWS_COLUMNS
    assert len(rows) == 1
    rec = dict(zip(header, rows[0], strict=True))
    assert rec["Event Date"] == "2024-03-04" and rec["CAMEO Code"] == "190"
    assert rec["Event Text"] == "Use conventional military force, not specified"
    assert rec["Source Name"] == "Kata'ib Hezbollah" and rec["Source Sectors"] == "Paramilitary"
    assert rec["Source Country"] == "Iraq" and rec["Target Country"] == "United States"
    assert rec["Target Sectors"] == "Military" and rec["Intensity"] == "-10.0"
    assert rec["Story ID"] == "a" and rec["Sentence Number"] == "1" and rec["Publisher"] == "TW"
    assert (rec["City"], rec["Province"], rec["Country"]) == ("Erbil", "Erbil Governorate", "Iraq")


def test_export_acled_keeps_violence_and_protest_with_their_types(db: str) -> None:
    result = invoke("export", "--db", db, "--format", "acled")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0].keys()) == ACLED_COLUMNS
    by_code = {r["tags"].split(";")[0]: r for r in rows}
    # the promise of aid (036) and the threat (138, future) are not ACLED events
    assert set(by_code) == {"cameo=190", "cameo=141", "cameo=1831"}
    attack, protest, bomb = by_code["cameo=190"], by_code["cameo=141"], by_code["cameo=1831"]
    assert (attack["event_type"], attack["sub_event_type"]) == ("Battles", "Armed clash")
    assert (attack["inter1"], attack["inter2"], attack["interaction"]) == ("3", "1", "13")
    assert attack["assoc_actor_1"] == "irgc_qf" and attack["source"] == "TW; LL"
    assert attack["country"] == "Iraq" and attack["location"] == "Erbil"
    assert attack["time_precision"] == "1" and attack["fatalities"] == ""
    assert attack["notes"] == "Kataib Hezbollah fired rockets at US troops\tin Erbil\non Monday."
    assert (protest["event_type"], protest["disorder_type"]) == ("Protests", "Demonstrations")
    assert (protest["inter1"], protest["inter2"], protest["interaction"]) == ("6", "1", "16")
    assert bomb["event_type"] == "Explosions/Remote violence"
    assert bomb["sub_event_type"] == "Suicide bomb"
    assert bomb["civilian_targeting"] == "Civilian targeting" and bomb["interaction"] == "27"


def _ev(code: str, target_sector: str | None = None, **kw) -> dict:
    base = {
        "cameo_code": code,
        "modality": "actual",
        "certainty": "asserted",
        "target_sector": target_sector,
        "target_country": "SYR" if target_sector else None,
        "target_actor_id": None,
        "source_sector": "REB",
        "source_country": "SYR",
        "source_actor_id": None,
    }
    return base | kw


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (_ev("193", "MIL"), ("Battles", "Armed clash")),
        (_ev("193", "CVL"), ("Violence against civilians", "Attack")),
        (_ev("1823", "CVL"), ("Violence against civilians", "Attack")),
        (_ev("186", "MIL"), ("Battles", "Armed clash")),
        (_ev("181", "MIL"), ("Violence against civilians", "Abduction/forced disappearance")),
        (_ev("1951"), ("Explosions/Remote violence", "Air/drone strike")),
        (_ev("194"), ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
        (_ev("1833"), ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
        (_ev("2041"), ("Explosions/Remote violence", "Chemical weapon")),
        (_ev("192"), ("Battles", "Non-state actor overtakes territory")),
        (_ev("192", source_sector="MIL"), ("Battles", "Government regains territory")),
        (_ev("1453"), ("Riots", "Violent demonstration")),
        (_ev("1412"), ("Protests", "Peaceful protest")),
        (_ev("175"), ("Protests", "Excessive force against protesters")),
        (_ev("173"), ("Strategic developments", "Arrests")),
        (_ev("1712"), ("Strategic developments", "Looting/property destruction")),
        (_ev("190", target_country="USA"), ("Battles", "Armed clash")),
        (_ev("150"), None),
        (_ev("163"), None),
        (_ev("172"), None),
        (_ev("138"), None),
        (_ev("2042"), None),
        (_ev("190", modality="future"), None),
        (_ev("190", certainty="denied"), None),
    ],
    ids=lambda v: v["cameo_code"] + "-" + str(v["target_sector"]) if isinstance(v, dict) else "",
)
def test_export_acled_type_mapping(event: dict, expected: tuple[str, str] | None) -> None:
    assert acled_type(event) == expected


def test_export_plover_one_record_per_event_with_evidence(db: str) -> None:
    result = invoke("export", "--db", db, "--format", "plover")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 5
    attack = next(r for r in records if r["cameo"] == "190")
    assert attack["event"] == "ASSAULT" and attack["context"] == "military"
    assert attack["date"] == "2024-03-04" and attack["numMentions"] == 2
    assert attack["source"][0]["actor_id"] == "kataib_hezbollah"
    assert attack["source"][0]["affiliations"] == ["irgc_qf"]
    assert [m["docId"] for m in attack["mentions"]] == ["a", "b"]
    assert attack["mentions"][0]["evidence"] == {"start": 0, "end": 4, "text": "Kata"}
    assert attack["location"]["name"] == "Erbil"


def test_export_filters_apply_to_every_text_format(db: str) -> None:
    gdelt = invoke("export", "--db", db, "--format", "gdelt", "--source", "IRQ")
    assert sorted(r[26] for r in tsv_rows(gdelt.stdout)) == ["138", "141", "190"]
    icews = invoke("export", "--db", db, "--format", "icews", "--since", "2024-03-05")
    assert [r[6] for r in tsv_rows(icews.stdout)[1:]] == ["141"]
    plover = invoke("export", "--db", db, "--format", "plover", "--until", "2024-03-01")
    assert [json.loads(x)["cameo"] for x in plover.stdout.splitlines()] == ["1831"]
    acled = invoke("export", "--db", db, "--format", "acled", "--dyad", "SYR:SYR")
    assert len(list(csv.DictReader(io.StringIO(acled.stdout)))) == 1
    out = invoke("export", "--db", db, "--format", "csv", "--code", "03")
    assert [r["cameo_code"] for r in read_csv_events(io.StringIO(out.stdout))] == ["036"]


def test_export_bad_filter_is_a_usage_error(db: str) -> None:
    result = invoke("export", "--db", db, "--format", "csv", "--since", "yesterday")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr


def test_export_parquet_refuses_stdout(db: str) -> None:
    result = invoke("export", "--db", db, "--format", "parquet")
    assert result.exit_code == 2
    assert "binary file" in result.stderr and "-o FILE" in result.stderr


@pytest.mark.parametrize(
    "args",
    [("--format", "csv", "--mentions-out", "m.tsv"), ("--format", "gdelt", "--table", "mentions")],
)
def test_export_options_of_other_formats_are_refused(db: str, args: tuple[str, ...]) -> None:
    result = invoke("export", "--db", db, *args)
    assert result.exit_code == 2 and "only" in result.stderr


def test_export_parquet_events_and_mentions(db: str, tmp_path: Path) -> None:
    events = tmp_path / "e.parquet"
    assert invoke("export", "--db", db, "--format", "parquet", "-o", str(events)).exit_code == 0
    con = duckdb.connect()
    cur = con.execute(f"SELECT * FROM '{events}' ORDER BY date NULLS LAST, event_id")
    cols = [d[0] for d in cur.description]
    back = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    assert back == events_of(db)
    mentions = tmp_path / "m.parquet"
    result = invoke(
        "export", "--db", db, "--format", "parquet", "--table", "mentions", "-o", str(mentions),
        "--root", "19",
    )  # fmt: skip
    assert result.exit_code == 0
    ids = con.execute(f"SELECT mention_id FROM '{mentions}' ORDER BY 1").fetchall()
    assert ids == [("m1",), ("m6",)]


def test_export_csv_round_trips_the_events_table(db: str, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    assert invoke("export", "--db", db, "--format", "csv", "-o", str(out)).exit_code == 0
    with out.open(encoding="utf-8", newline="") as fh:
        assert read_csv_events(fh) == events_of(db)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_actor_network(db: str, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"net.{fmt}"
    result = invoke("export", "--db", db, "--format", fmt, "-o", str(out))
    assert result.exit_code == 0
    graph = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert graph.is_directed()
    assert set(graph.nodes) == {"kataib_hezbollah", "USA", "IRQ", "usa", "irq", "SYR"}
    assert graph.nodes["kataib_hezbollah"]["kind"] == "actor"
    assert graph.nodes["USA"]["kind"] == "country" and graph.nodes["USA"]["sector"] == "MIL"
    attack = graph.edges["kataib_hezbollah", "USA"]
    assert attack["kind"] == "events" and int(attack["conflict_events"]) == 1
    assert float(attack["conflict_weight"]) == 10.0 and float(attack["cooperation_weight"]) == 0
    assert attack["first_date"] == attack["last_date"] == "2024-03-04"
    aid = graph.edges["usa", "irq"]
    assert int(aid["cooperation_events"]) == 1 and float(aid["cooperation_weight"]) > 0
    # to stdout too (text XML), filtered
    result = invoke("export", "--db", db, "--format", fmt, "--since", "2024-03-05")
    assert result.exit_code == 0 and result.stdout.startswith("<?xml")
    assert "kataib_hezbollah" not in result.stdout


def test_export_network_weights_go_by_sign_of_goldstein() -> None:
    rows = [
        {
            **{f"{s}_{k}": None for s in ("source", "target") for k in
               ("actor_id", "name", "text", "sector", "country")},
            "source_country": "AAA", "target_country": "BBB", "goldstein": g, "date": d,
        }
        for g, d in ((-2.0, "2024-01-02"), (3.0, "2024-01-01"), (0.0, None), (-10.0, None))
    ]  # fmt: skip
    edge = actor_network(rows).edges["AAA", "BBB"]
    assert (edge["events"], edge["cooperation_events"], edge["conflict_events"]) == (4, 1, 2)
    assert (edge["cooperation_weight"], edge["conflict_weight"]) == (3.0, 12.0)
    assert (edge["first_date"], edge["last_date"]) == ("2024-01-01", "2024-01-02")


def test_export_country_names_round_trip() -> None:
    for code in ("IRQ", "USA", "SYR", "UNO", "ZZZ"):
        assert country_code(country_name(code)) == code
    assert country_name("IRQ") == "Iraq"


# -- round trips (hypothesis) --------------------------------------------------------------
CODES = sorted(
    {
        line.split("\t")[0]
        for line in (Path(__file__).parent.parent / "casus/data/cameo.tsv")
        .read_text("utf-8")
        .splitlines()[1:]
    }
)
TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cs",), include_characters="\t\n\r\"',;"),
    max_size=30,
)
IDS = st.from_regex(r"[a-z][a-z_]{0,11}", fullmatch=True)
ACTORS = st.builds(
    Actor,
    text=TEXT,
    actor_id=st.none() | IDS,
    name=st.none() | TEXT,
    country=st.none() | st.sampled_from(["IRQ", "USA", "SYR", "IRN", "UNO", "EUR"]),
    sector=st.none() | st.sampled_from(["GOV", "MIL", "REB", "PRM", "CVL", "IGO", "MED"]),
    cameo_actor=st.none() | st.from_regex(r"[A-Z]{3,9}", fullmatch=True),
    affiliations=st.lists(IDS, max_size=2, unique=True).map(tuple),
)
LOCATIONS = st.builds(
    Location,
    name=TEXT.filter(bool),
    geonameid=st.none() | st.integers(1, 10**8),
    lat=st.none() | st.floats(-90, 90),
    lon=st.none() | st.floats(-180, 180),
    country=st.none() | st.sampled_from(["IRQ", "SYR"]),
    admin1=st.none() | TEXT,
    precision=st.none() | st.integers(1, 5),
)


DOC_IDS = ("d0", "d1", "d2")


@st.composite
def corpora(draw) -> list[tuple[Document, list[EventMention]]]:
    """One to three documents with one to six event mentions between them."""
    by_doc: dict[str, list[EventMention]] = {}
    for i in range(draw(st.integers(1, 6))):
        code = draw(st.sampled_from(CODES))
        info = cameo_info(code)
        day = draw(st.none() | st.dates(date(2015, 1, 1), date(2030, 12, 31)))
        trigger = draw(TEXT)
        start = draw(st.integers(0, 5000))
        doc_id = draw(st.sampled_from(DOC_IDS))
        by_doc.setdefault(doc_id, []).append(
            EventMention(
                event_id=f"m{i}",
                doc_id=doc_id,
                sentence_index=draw(st.integers(0, 40)),
                sentence=draw(TEXT),
                evidence=Evidence(start, start + len(trigger), trigger),
                date=day.isoformat() if day else None,
                date_precision=draw(st.sampled_from(PRECISIONS)) if day else None,
                cameo_code=code,
                cameo_root=code[:2],
                quad_class=quad_class(code),
                goldstein=info.goldstein,
                plover_type=info.plover_type,
                plover_mode=info.plover_mode,
                source=draw(st.none() | ACTORS),
                target=draw(st.none() | ACTORS),
                modality=draw(st.sampled_from(MODALITIES)),
                certainty=draw(st.sampled_from(CERTAINTIES)),
                speaker=draw(st.none() | ACTORS),
                reporting_source=draw(st.none() | TEXT),
                hedges=tuple(draw(st.lists(TEXT, max_size=2))),
                background=draw(st.booleans()),
                location=draw(st.none() | LOCATIONS),
                coder=CODER,
                section=draw(st.sampled_from(SECTIONS)),
                cameo_name=info.name,
            )
        )
    docs = []
    for doc_id, ms in sorted(by_doc.items()):
        when = draw(st.none() | st.dates(date(2015, 1, 1), date(2030, 12, 31)))
        docs.append(
            (
                Document(
                    doc_id,
                    f"text of {doc_id}",
                    date=when.isoformat() if when else None,
                    url=draw(st.none() | st.just(f"https://news.example/{doc_id}")),
                    outlet=draw(st.none() | TEXT),
                ),
                ms,
            )
        )
    return docs


PRECISIONS = ("day", "week", "month", "year", "document")
ROUND_TRIP = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@ROUND_TRIP
@given(corpora())
def test_export_store_round_trips_event_mentions(docs) -> None:
    with Store(":memory:") as store:
        fill(store, docs)
        back = {m.event_id: m for m in store.mentions()}
    assert back == {m.event_id: m for _, ms in docs for m in ms}


def _code(e: dict, side: str) -> str:
    return e[f"{side}_cameo"] or (e[f"{side}_country"] or "") + (e[f"{side}_sector"] or "")


def _name(e: dict, side: str) -> str:
    return e[f"{side}_name"] or e[f"{side}_text"] or ""


@ROUND_TRIP
@given(corpora())
def test_export_tsv_formats_keep_the_key_fields(docs) -> None:
    with Store(":memory:") as store:
        fill(store, docs)
        events = store.events()
        records = {m.event_id: m for m in store.mentions()}
        links = store.event_mentions()
        gdelt, mentions, icews = io.StringIO(), io.StringIO(), io.StringIO()
        assert export(store, "gdelt", gdelt, mentions_out=mentions).rows == len(events)
        assert export(store, "icews", icews).rows == len(events)
    by_id = {int_id(e["event_id"]): e for e in events}
    rows = tsv_rows(gdelt.getvalue())
    assert len(rows) == len(events) and gdelt.getvalue().count("\n") == len(events)
    for row in rows:
        assert len(row) == 61
        g = dict(zip(EVENT_COLUMNS, row, strict=True))
        e = by_id[int(g["GlobalEventID"])]
        assert g["Day"] == (e["date"].strftime("%Y%m%d") if e["date"] else "")
        assert (g["EventCode"], g["EventRootCode"]) == (e["cameo_code"], e["cameo_root"])
        assert g["EventBaseCode"] == e["cameo_code"][:3]
        assert float(g["GoldsteinScale"]) == e["goldstein"]
        assert int(g["QuadClass"]) == e["quad_class"]
        for n, side in (("1", "source"), ("2", "target")):
            assert g[f"Actor{n}Code"] == _code(e, side)
            assert g[f"Actor{n}Name"] == flat(_name(e, side))
            assert g[f"Actor{n}CountryCode"] == (e[f"{side}_country"] or "")
            assert g[f"Actor{n}Type1Code"] == (e[f"{side}_sector"] or "")
        counts = (e["num_mentions"], e["num_sources"], e["num_articles"])
        assert (int(g["NumMentions"]), int(g["NumSources"]), int(g["NumArticles"])) == counts
        loc = json.loads(e["location"]) if e["location"] else None
        assert g["ActionGeo_FullName"] == (flat(loc["name"]) if loc else "")
        if loc and loc["lat"] is not None:
            assert float(g["ActionGeo_Lat"]) == loc["lat"]
    per_event: dict[str, list[dict]] = {}
    for row in tsv_rows(mentions.getvalue()):
        assert len(row) == len(MENTION_COLUMNS)
        rec = dict(zip(MENTION_COLUMNS, row, strict=True))
        per_event.setdefault(rec["GlobalEventID"], []).append(rec)
    for e in events:
        got = per_event.get(str(int_id(e["event_id"]))) or []
        assert len(got) == e["num_mentions"] == len(links[e["event_id"]])
        ids = {m["mention_id"] for m in links[e["event_id"]]}
        offsets = sorted(int(r["ActionCharOffset"]) for r in got)
        assert offsets == sorted(records[i].evidence.start for i in ids)
        assert {int(r["SentenceID"]) for r in got} == {records[i].sentence_index + 1 for i in ids}
    header, *rows = tsv_rows(icews.getvalue())
    assert tuple(header) == ICEWS_COLUMNS and len(rows) == len(events)
    by_event = {e["event_id"]: e for e in events}
    for row in rows:
        assert len(row) == 20
        i = dict(zip(ICEWS_COLUMNS, row, strict=True))
        e = by_event[i["Event ID"]]
        assert i["Event Date"] == (e["date"].isoformat() if e["date"] else "")
        assert i["CAMEO Code"] == e["cameo_code"] and float(i["Intensity"]) == e["goldstein"]
        assert i["Source Name"] == flat(_name(e, "source"))
        assert i["Target Name"] == flat(_name(e, "target"))
        assert country_code(i["Source Country"]) == e["source_country"]
        assert i["Event Text"] == cameo_info(e["cameo_code"]).name


def _nulls(e: dict) -> dict:
    """An event row as CSV gives it back: an empty optional text is None."""
    return {k: (None if v == "" and k not in REQUIRED else v) for k, v in e.items()}


REQUIRED = ("sentence",)


@ROUND_TRIP
@given(corpora())
def test_export_csv_json_and_parquet_keep_the_events(docs) -> None:
    with Store(":memory:") as store:
        fill(store, docs)
        events = store.events()
        links = store.event_mentions()
        acled, plover, table = io.StringIO(), io.StringIO(), io.StringIO()
        export(store, "acled", acled)
        export(store, "plover", plover)
        export(store, "csv", table)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "events.parquet"
            export(store, "parquet", path)
            cur = duckdb.connect().execute(
                f"SELECT * FROM '{path}' ORDER BY date NULLS LAST, event_id"
            )
            cols = [d[0] for d in cur.description]
            parquet = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    assert parquet == events
    assert read_csv_events(io.StringIO(table.getvalue(), newline="")) == [_nulls(e) for e in events]
    by_event = {e["event_id"]: e for e in events}
    records = [json.loads(line) for line in plover.getvalue().split("\n") if line]
    assert [r["id"] for r in records] == [e["event_id"] for e in events]
    for r in records:
        e = by_event[r["id"]]
        assert r["date"] == (e["date"].isoformat() if e["date"] else None)
        assert (r["cameo"], r["event"], r["text"]) == (
            e["cameo_code"], e["plover_type"], e["sentence"]
        )  # fmt: skip
        assert r["numMentions"] == e["num_mentions"] == len(r["mentions"])
        assert [m["mentionId"] for m in r["mentions"]] == [
            m["mention_id"] for m in links[e["event_id"]]
        ]
        assert [a["actorText"] for a in r["source"]] == ([e["source_text"]] if r["source"] else [])
    rows = list(csv.DictReader(io.StringIO(acled.getvalue(), newline="")))
    assert [r["event_id_cnty"] for r in rows] == [
        e["event_id"] for e in events if acled_type(e) is not None
    ]
    for r in rows:
        e = by_event[r["event_id_cnty"]]
        assert (r["event_type"], r["sub_event_type"]) == acled_type(e)
        assert r["notes"] == e["sentence"] and r["actor1"] == _name(e, "source")
        assert r["event_date"] == (e["date"].isoformat() if e["date"] else "")
        assert r["tags"].startswith(f"cameo={e['cameo_code']};")
