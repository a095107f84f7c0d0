"""The corpus store: clustering rules, safe ingest, queries, and the demo corpus."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest
import yaml

from casus.errors import DataError
from casus.models import Actor, Document, EventMention, Evidence
from casus.store import EventFilter, Store, cluster_mentions, combined_certainty, ingest
from casus.store.cluster import MentionRow
from casus.store.schema import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
GOLD = ROOT / "tests" / "golden" / "demo_events.yaml"


# -- clustering rules (no model) -----------------------------------------------------------
def row(
    mid,
    doc,
    day,
    *,
    root="19",
    src="RUS",
    tgt="UKR",
    outlet=None,
    prec="day",
    certainty="asserted",
    modality="actual",
    background=False,
    src_id=None,
    tgt_id=None,
    doc_day=None,
):
    d = date.fromisoformat(day) if day else None
    return MentionRow(
        mid,
        doc,
        outlet or doc,
        date.fromisoformat(doc_day) if doc_day else d,
        d,
        prec,
        root + "0",
        root,
        src,
        tgt,
        src_id,
        tgt_id,
        modality,
        certainty,
        background,
    )


def test_reports_of_one_event_merge_and_different_days_do_not():
    rows = [
        row("a", "d1", "2024-05-25"),
        row("b", "d2", "2024-05-26", prec="document"),  # next day's report of it
        row("c", "d3", "2024-05-31"),  # another strike, same dyad, six days later
    ]
    clusters = cluster_mentions(rows)
    assert sorted(len(c.mentions) for c in clusters) == [1, 2]


def test_different_named_actors_do_not_merge():
    rows = [
        row("a", "d1", "2018-04-16", src="IRQ", tgt="USA", src_id="harakat_al_nujaba"),
        row("b", "d2", "2018-04-16", src="IRQ", tgt="USA", src_id="kataib_hezbollah"),
        row("c", "d3", "2018-04-16", src="IRQ", tgt="USA"),  # no id: fits either
    ]
    clusters = cluster_mentions(rows)
    assert len(clusters) == 2
    assert sum(len(c.mentions) for c in clusters) == 3


def test_background_attaches_to_the_earlier_event():
    rows = [
        row("a", "d1", "2018-04-14", src="USA", tgt="SYR"),
        row("b", "d2", "2018-04-16", src="USA", tgt="SYR", background=True, prec="document"),
        row("c", "d3", "2018-04-20", src="USA", tgt="SYR", background=True),
    ]
    (c,) = cluster_mentions(rows)
    assert [m.mention_id for m in c.background] == ["b", "c"]
    assert not c.background_only


def test_background_with_no_event_makes_its_own():
    rows = [row("a", "d1", "2024-01-14", src="YEM", tgt="USA", background=True)]
    (c,) = cluster_mentions(rows)
    assert c.background_only and not c.mentions


def test_unknown_side_joins_the_fuller_event():
    rows = [
        row("a", "d1", "2024-05-31", src="RUS", tgt="UKR"),
        row("b", "d2", "2024-05-31", src="RUS", tgt=None),
    ]
    (c,) = cluster_mentions(rows)
    assert len(c.mentions) == 2


def test_negated_and_hypothetical_make_no_event():
    rows = [
        row("a", "d1", "2024-05-31", modality="negated"),
        row("b", "d2", "2024-05-31", modality="hypothetical"),
    ]
    assert cluster_mentions(rows) == []


def test_event_ids_do_not_depend_on_input_order():
    rows = [row(f"m{i}", f"d{i}", f"2024-05-{20 + i % 3:02d}") for i in range(9)]
    a = sorted(c.event_id for c in cluster_mentions(rows))
    b = sorted(c.event_id for c in cluster_mentions(list(reversed(rows))))
    assert a == b


@pytest.mark.parametrize(
    ("values", "want"),
    [
        (["unconfirmed", "unconfirmed"], "unconfirmed"),
        (["unconfirmed", "asserted"], "asserted"),
        (["reported", "claimed"], "claimed"),
        (["asserted", "denied"], "denied"),
    ],
)
def test_combined_certainty(values, want):
    assert combined_certainty(values) == want


# -- the store without a model -----------------------------------------------------------
def mention(doc_id: str, n: int, day: str, src: str, tgt: str, code: str = "190") -> EventMention:
    return EventMention(
        event_id=f"{doc_id}-{n}",
        doc_id=doc_id,
        sentence_index=n,
        sentence=f"Sentence {n}.",
        evidence=Evidence(0, 8, "Sentence"),
        date=day,
        date_precision="day",
        cameo_code=code,
        cameo_root=code[:2],
        quad_class=4,
        goldstein=-10.0,
        plover_type="ASSAULT",
        plover_mode=None,
        source=Actor(src, country=src),
        target=Actor(tgt, country=tgt),
        modality="actual",
        certainty="asserted",
        speaker=None,
        reporting_source=None,
        hedges=(),
        background=False,
        location=None,
        coder="test/1",
    )


def coded(doc_id: str, text: str, outlet: str, events):
    from casus.store import content_hash

    doc = Document(doc_id, text, "2024-05-31", outlet=outlet)
    return (doc, content_hash(text), events, [])


def test_store_dedupes_by_text_and_counts_sources(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        run = store.begin_run(["x"], "test/1")
        added = store.add_documents(
            [
                coded(
                    "a",
                    "Russia struck Odesa.",
                    "Wire A",
                    [mention("a", 0, "2024-05-31", "RUS", "UKR")],
                ),
                coded(
                    "b",
                    "Russian missiles hit Odesa.",
                    "Wire B",
                    [mention("b", 0, "2024-05-31", "RUS", "UKR")],
                ),
            ],
            run,
        )
        assert added == (2, 2)
        again = store.add_documents(
            [coded("c", "Russia  struck Odesa. ", "Wire C", [])], run
        )  # same text up to whitespace
        assert again == (0, 0)
        assert store.recluster() == 1
        (ev,) = store.events()
        assert (ev["num_mentions"], ev["num_sources"], ev["num_articles"]) == (2, 2, 2)
        detail = store.event(ev["event_id"])
        assert {m["outlet"] for m in detail["mentions"]} == {"Wire A", "Wire B"}
        assert [m.event_id for m in store.mentions("a")] == ["a-0"]


def test_store_schema_versioned_and_newer_refused(tmp_path):
    path = tmp_path / "s.duckdb"
    Store(path).close()
    con = duckdb.connect(str(path))
    assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    con.execute("INSERT INTO schema_version VALUES (?, current_timestamp)", [SCHEMA_VERSION + 1])
    con.close()
    with pytest.raises(DataError, match="newer"):
        Store(path)


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(DataError, match="no such store"):
        Store(tmp_path / "nope.duckdb", read_only=True)


@pytest.mark.parametrize(
    "value",
    ["'; DROP TABLE events; --", "x' OR '1'='1", 'USA"); DELETE FROM mentions; --', "%"],
)
def test_filters_are_parameters_not_sql(tmp_path, value):
    with Store(tmp_path / "s.duckdb") as store:
        run = store.begin_run(["x"], "test/1")
        store.add_documents(
            [
                coded(
                    "a", "Russia struck Odesa.", "W", [mention("a", 0, "2024-05-31", "RUS", "UKR")]
                )
            ],
            run,
        )
        store.recluster()
        for field in ("actor", "source", "target", "country", "plover", "text"):
            rows = store.events(EventFilter(**{field: value}))
            assert rows == [] or value == "%"
        assert store.counts()["events"] == 1 and store.counts()["mentions"] == 1


@pytest.mark.parametrize(
    "kw",
    [
        {"since": "2024-13-01"},
        {"code": "19x"},
        {"root": "1"},
        {"modality": "maybe"},
        {"certainty": "sure"},
        {"quad": 7},
        {"text": "x" * 500},
    ],
)
def test_bad_filters_are_refused(kw):
    with pytest.raises(ValueError):
        EventFilter(**kw)


# -- the demo corpus (model-backed) ------------------------------------------------------
@pytest.fixture(scope="module")
def demo_store(coder, tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    store = Store(path)
    first = ingest([str(CORPUS)], store, coder=coder)
    second = ingest([str(CORPUS)], store, coder=coder)
    yield store, first, second
    store.close()


def _expected():
    data = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    for ev in data["events"]:
        for src in [ev["source"], *(ev.get("co_sources") or [])]:
            yield ev, src


def _merged_with(event_id: str) -> list[dict]:
    data = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    by_id = {ev["id"]: ev for ev in data["events"]}
    return [
        by_id[other]
        for pair in data.get("known_merges") or []
        if event_id in pair
        for other in pair
        if other != event_id
    ]


def _matches(store, ev, src):
    """Store events of the expected event's root and dyad within a day of its date that carry
    at least one of its reports."""
    day = date.fromisoformat(str(ev["date"]))
    docs = set(ev["reports"]) | set(ev.get("background") or [])
    out = []
    for row in store.events(EventFilter(root=ev["cameo_root"], source=src, target=ev["target"])):
        if row["date"] is None or abs((row["date"] - day).days) > 1:
            continue
        detail = store.event(row["event_id"])
        if docs & {m["record"]["doc_id"] for m in detail["mentions"]}:
            out.append(detail)
    return out


def test_demo_rerun_is_a_no_op(demo_store):
    store, first, second = demo_store
    assert first.docs_new >= 40  # the README is skipped; every report is stored
    assert second.docs_new == 0 and second.docs_known == first.docs_new
    assert second.mentions_new == 0 and second.events == first.events


def test_demo_events_found_once_with_their_sources(demo_store):
    store, _, _ = demo_store
    found = 0
    total = 0
    for ev, src in _expected():
        total += 1
        hits = _matches(store, ev, src)
        assert len(hits) <= 1, f"{ev['id']} ({src}) counted {len(hits)} times"
        if not hits:
            continue
        found += 1
        hit = hits[0]
        main = {m["record"]["doc_id"] for m in hit["mentions"] if m["role"] == "main"}
        allowed = set(ev["reports"]) | set(ev.get("background") or [])
        for other in _merged_with(ev["id"]):
            allowed |= set(other["reports"]) | set(other.get("background") or [])
        assert main <= allowed, f"{ev['id']}: reports of other events merged in: {main - allowed}"
        most = ev["num_sources"] + sum(o["num_sources"] for o in _merged_with(ev["id"]))
        assert 1 <= hit["num_sources"] <= most, ev["id"]
    print(f"demo corpus: {found}/{total} expected events found")
    # measured 23 of 24: the miss is a coder miss (see the issue-4 note), not clustering
    assert found >= 22, f"only {found} of {total} expected events found"


def test_demo_background_mentions_attach(demo_store):
    store, _, _ = demo_store
    expected = list(_expected())
    attached = 0
    for ev, src in expected:
        for hit in _matches(store, ev, src):
            attached += sum(1 for m in hit["mentions"] if m["role"] == "background")
    assert attached >= 5
    # no event is made from background mentions alone where its main event exists
    rows = store.con.execute(
        "SELECT count(*) FROM events WHERE background_only AND event_id IN ("
        "SELECT e2.event_id FROM events e2 JOIN events e1 ON e1.cameo_root = e2.cameo_root "
        "AND e1.source_country = e2.source_country AND e1.target_country = e2.target_country "
        "AND NOT e1.background_only AND e1.date <= e2.date AND e2.date - e1.date <= 14)"
    ).fetchone()[0]
    assert rows == 0


def test_demo_query_filters(demo_store):
    store, _, _ = demo_store
    syria = store.events(EventFilter.from_dyad("USA:SYR", root="19"))
    assert syria and all(e["source_country"] == "USA" for e in syria)
    ukr = store.events(EventFilter(country="UKR", since="2024-05-01", until="2024-06-30"))
    assert ukr and all(
        "UKR" in (e["source_country"], e["target_country"])
        and date(2024, 5, 1) <= e["date"] <= date(2024, 6, 30)
        for e in ukr
    )
    assert store.count_events(EventFilter(text="Odesa")) >= 1
    assert store.count_events(EventFilter(text="no such words here")) == 0


# -- a run killed with SIGKILL, then resumed ---------------------------------------------
TABLES = {
    "documents": "SELECT * EXCLUDE (run_id) FROM documents ORDER BY doc_id",
    "mentions": "SELECT * FROM mentions ORDER BY mention_id",
    "events": "SELECT * FROM events ORDER BY event_id",
    "event_mentions": "SELECT * FROM event_mentions ORDER BY mention_id",
    "facts": "SELECT * FROM facts ORDER BY fact_id",
    "ingest_errors": "SELECT * EXCLUDE (run_id) FROM ingest_errors ORDER BY error_key",
}


def _casus(*args: str) -> list[str]:
    return [sys.executable, "-c", "from casus.cli.main import main; main()", *args]


def _dump(path: Path) -> dict:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {name: con.execute(sql).fetchall() for name, sql in TABLES.items()}
    finally:
        con.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_sigkill_mid_ingest_then_resume_equals_clean_run(coder, tmp_path):
    env = {**os.environ, "CASUS_HOME": str(tmp_path / "home")}
    clean = tmp_path / "clean.duckdb"
    subprocess.run(
        _casus("ingest", str(CORPUS), "--db", str(clean), "--quiet"),
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    killed = tmp_path / "killed.duckdb"
    proc = subprocess.Popen(
        _casus("-v", "ingest", str(CORPUS), "--db", str(killed), "--quiet"),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    # kill as soon as the first batch of documents is committed, mid-run
    assert proc.stderr is not None
    for line in proc.stderr:
        if "committed" in line:
            break
    assert proc.poll() is None, "the ingest finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    partial = _dump(killed)
    assert len(partial["documents"]) < len(_dump(clean)["documents"])
    # every stored document has all its mentions: whole documents or none
    con = duckdb.connect(str(killed), read_only=True)
    bad = con.execute(
        "SELECT count(*) FROM documents d WHERE n_mentions <> "
        "(SELECT count(*) FROM mentions m WHERE m.doc_id = d.doc_id)"
    ).fetchone()[0]
    con.close()
    assert bad == 0
    subprocess.run(
        _casus("ingest", str(CORPUS), "--db", str(killed), "--quiet"),
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    assert _dump(killed) == _dump(clean)


def test_actors_show_counts_events_in_the_store(demo_store):
    import json

    from click.testing import CliRunner

    from casus.cli.main import cli

    store, _, _ = demo_store
    res = CliRunner().invoke(
        cli, ["actors", "show", "harakat_al_nujaba", "--json", "--db", store.path]
    )
    assert res.exit_code == 0, res.output
    counts = json.loads(res.output)["events"]
    assert counts["as_source"] + counts["via_affiliation"] >= 1


def test_cli_ingest_csv_columns_and_events_csv(tmp_path):
    from click.testing import CliRunner

    from casus.cli.main import cli

    src = tmp_path / "feed.csv"
    src.write_text(
        "headline,body,published,source\n"
        'Strike,"Russian forces shelled Kharkiv on Monday, officials said.",2024-05-20,Wire A\n',
        encoding="utf-8",
    )
    db = str(tmp_path / "c.duckdb")
    runner = CliRunner()
    res = runner.invoke(
        cli, ["ingest", str(src), "--db", db, "--quiet", "--csv-column", "text=body"]
    )
    assert res.exit_code == 0, res.output
    assert "1 new document" in res.output
    res = runner.invoke(cli, ["events", "--db", db, "--format", "csv", "--country", "UKR"])
    lines = res.output.strip().splitlines()
    assert lines[0].startswith("event_id,date,cameo_code") and len(lines) == 2
    assert ",2024-05-20," in lines[1] or "2024-05-" in lines[1]
    res = runner.invoke(cli, ["ingest", str(src), "--db", db, "--csv-column", "txt=body"])
    assert res.exit_code == 2 and "ROLE=NAME" in res.output
    res = runner.invoke(cli, ["events", "--db", db, "--since", "2024-99-01"])
    assert res.exit_code == 2 and "since" in res.output


def test_parallel_workers_store_what_one_process_stores(tmp_path):
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    inputs = [str(CORPUS / "steppe_monitor.jsonl"), str(CORPUS / "sahel_dispatch.jsonl")]
    with Store(one) as s:
        ingest(inputs, s, workers=1)
    with Store(two) as s:
        ingest(inputs, s, workers=2)
    assert _dump(one) == _dump(two)


def test_a_unit_and_its_parent_organisation_are_one_side():
    rows = [
        row("a", "d1", "2018-04-16", src="IRQ", tgt="USA", src_id="popular_mobilization_forces"),
        MentionRow(
            "b",
            "d2",
            "d2",
            date(2018, 4, 16),
            date(2018, 4, 16),
            "day",
            "190",
            "19",
            "IRQ",
            "USA",
            "harakat_al_nujaba",
            None,
            "actual",
            "asserted",
            False,
            source_aff=("popular_mobilization_forces", "irn"),
        ),
    ]
    (c,) = cluster_mentions(rows)
    assert len(c.mentions) == 2


def test_acts_placed_in_different_countries_stay_apart_but_statements_do_not():
    def placed(mid, root, country):
        return MentionRow(
            mid,
            mid,
            mid,
            date(2024, 5, 1),
            date(2024, 5, 1),
            "day",
            root + "0",
            root,
            "RUS",
            "UKR",
            None,
            None,
            "actual",
            "asserted",
            False,
            place_country=country,
        )

    assert len(cluster_mentions([placed("a", "19", "UKR"), placed("b", "19", "SYR")])) == 2
    assert len(cluster_mentions([placed("a", "13", "UKR"), placed("b", "13", "SYR")])) == 1
