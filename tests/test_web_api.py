"""The web API and pages over the demo corpus: every endpoint, bad parameters, SQL injection
through each filter, no asset from elsewhere, and ``casus serve``."""

from __future__ import annotations

import re
import warnings

import pytest

pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")
pytest.importorskip("httpx", reason="httpx (for FastAPI's TestClient) is not installed")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from casus.store import EventFilter, Store
from casus.web import create_app
from casus.web.desk import SORTS
from casus.web.highlight import highlight

ENDPOINTS = (
    "/api/stats",
    "/api/events",
    "/api/timeseries",
    "/api/map",
    "/api/network",
    "/api/actors",
)
PAGES = ("/events", "/map", "/timeline", "/network", "/actors")
FILTERS = (
    "actor", "dyad", "source", "target", "country", "code", "root", "plover",
    "since", "until", "modality", "certainty", "text", "quad",
)  # fmt: skip
INJECTIONS = (
    "'; DROP TABLE events; --",
    '" OR 1=1 --',
    "USA' OR '1'='1",
    "1); DELETE FROM mentions; --",
    "%' UNION SELECT * FROM documents --",
    "19' OR quad_class > 0 --",
)


@pytest.fixture(scope="module")
def client(demo_db):
    app = create_app(demo_db)
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def counts(demo_db):
    with Store(demo_db, read_only=True) as store:
        return store.counts()


def test_web_events_lists_every_event_and_paginates(client, counts):
    body = client.get("/api/events", params={"limit": 500}).json()
    assert body["total"] == counts["events"] > 50
    assert len(body["events"]) == counts["events"]
    page1 = client.get("/api/events", params={"limit": 10, "sort": "date"}).json()["events"]
    page2 = client.get("/api/events", params={"limit": 10, "offset": 10, "sort": "date"}).json()
    ids1 = [e["event_id"] for e in page1]
    ids2 = [e["event_id"] for e in page2["events"]]
    assert len(ids1) == len(ids2) == 10 and not set(ids1) & set(ids2)
    dates = [e["date"] for e in page1 if e["date"]]
    assert dates == sorted(dates)


@pytest.mark.parametrize("sort", [*SORTS, *(f"-{s}" for s in SORTS)])
def test_web_events_sorts(client, counts, sort):
    body = client.get("/api/events", params={"sort": sort, "limit": 500}).json()
    assert body["total"] == counts["events"] and body["sort"] == sort
    if sort.lstrip("-") in ("mentions", "goldstein"):
        key = {"mentions": "num_mentions", "goldstein": "goldstein"}[sort.lstrip("-")]
        values = [e[key] for e in body["events"]]
        assert values == sorted(values, reverse=sort.startswith("-"))


@pytest.mark.parametrize(
    "params",
    [
        {"country": "USA"},
        {"plover": "ASSAULT"},
        {"root": "19"},
        {"code": "19"},
        {"quad": "4"},
        {"since": "2024-01-01", "until": "2024-12-31"},
        {"modality": "conditional"},
        {"certainty": "asserted"},
        {"text": "drone"},
        {"dyad": "RUS:UKR"},
        {"source": "USA"},
        {"target": "SYR"},
        {"actor": "hezbollah"},
    ],
    ids=lambda p: "-".join(p),
)
def test_web_events_filters_as_casus_events(client, demo_db, params):
    body = client.get("/api/events", params=params | {"limit": 500}).json()
    kw = {k: (int(v) if k == "quad" else v) for k, v in params.items() if k != "dyad"}
    flt = EventFilter.from_dyad(params["dyad"]) if "dyad" in params else EventFilter(**kw)
    with Store(demo_db, read_only=True) as store:
        expected = {e["event_id"] for e in store.events(flt)}
    assert {e["event_id"] for e in body["events"]} == expected
    assert 0 < body["total"] == len(expected) < 500
    if "plover" in params:
        assert {e["plover_type"] for e in body["events"]} == {"ASSAULT"}


def test_web_event_detail_has_every_mention_with_evidence(client):
    top = client.get("/api/events", params={"sort": "-mentions", "limit": 1}).json()["events"][0]
    ev = client.get(f"/api/events/{top['event_id']}").json()
    assert len(ev["mentions"]) == top["num_mentions"] > 1
    for m in ev["mentions"]:
        record = m["record"]
        assert m["role"] in ("main", "background")
        assert {"sentence", "evidence", "speaker", "reporting_source", "hedges"} <= set(record)
        marked = [s["text"] for s in m["highlight"]["segments"] if s["kind"] == "evidence"]
        assert marked and marked[0].lower() == record["evidence"]["text"].lower()
        assert "".join(s["text"] for s in m["highlight"]["segments"]) == record["sentence"]


def test_web_highlight_marks_sides_and_hedges_and_says_when_it_guesses():
    rec = {
        "sentence": "Militias reportedly attacked the base, and attacked it again.",
        "evidence": {"start": 0, "end": 0, "text": "attacked"},
        "source": {"text": "Militias"},
        "target": {"text": "the base"},
        "hedges": ["reportedly"],
    }
    h = highlight(rec)
    kinds = {s.kind: s.text for s in h.segments if s.kind}
    assert kinds == {
        "source": "Militias",
        "hedge": "reportedly",
        "evidence": "attacked",
        "target": "the base",
    }
    assert h.found and not h.exact
    assert highlight({"sentence": "x", "evidence": {"text": "absent"}}).found is False


def test_web_timeseries_counts_dated_events_by_quad(client, demo_db):
    body = client.get("/api/timeseries").json()
    with Store(demo_db, read_only=True) as store:
        dated = store.con.execute("SELECT count(*) FROM events WHERE date IS NOT NULL").fetchone()
    assert sum(s["total"] for s in body["series"]) == dated[0]
    for s in body["series"]:
        assert s["total"] == s["q1"] + s["q2"] + s["q3"] + s["q4"]
        assert -10 <= s["goldstein_mean"] <= 10
    months = client.get("/api/timeseries", params={"bin": "month", "country": "USA"}).json()
    assert months["bin"] == "month" and all(s["date"].endswith("-01") for s in months["series"])


def test_web_map_lists_events_without_a_place_beside_it(client, counts):
    body = client.get("/api/map", params={"unplaced_limit": 5000}).json()
    assert body["placed_total"] + body["unplaced_total"] == counts["events"]
    assert len(body["unplaced"]) == body["unplaced_total"]
    for p in body["placed"]:
        assert -90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180


def test_web_network_nodes_edges_and_date_range(client):
    body = client.get("/api/network").json()
    ids = {n["id"] for n in body["nodes"]}
    assert {"USA", "RUS", "UKR"} <= ids
    for e in body["edges"]:
        assert e["source"] in ids and e["target"] in ids
        assert e["events"] == e["cooperation"] + e["conflict"] > 0
        assert e["sign"] in ("cooperation", "conflict")
    rus_ukr = next(e for e in body["edges"] if (e["source"], e["target"]) == ("RUS", "UKR"))
    assert rus_ukr["conflict"] > 0 and rus_ukr["sign"] == "conflict"
    early = client.get("/api/network", params={"until": "2018-12-31"}).json()
    assert 0 < len(early["edges"]) < len(body["edges"])
    assert "UKR" not in {n["id"] for n in early["nodes"]}
    small = client.get("/api/network", params={"max_nodes": 3}).json()
    assert len(small["nodes"]) == 3


def test_web_actors_and_actor_detail(client):
    actors = client.get("/api/actors").json()["actors"]
    assert actors[0]["events"] >= actors[-1]["events"]
    hez = client.get("/api/actors", params={"q": "hezb"}).json()["actors"]
    assert [a["id"] for a in hez] == ["hezbollah"]
    detail = client.get("/api/actors/hezbollah").json()
    assert detail["name"] == "Hezbollah" and detail["in_kb"]
    assert "Hizbollah" in detail["aliases"]
    patrons = [lk for lk in detail["links"] if lk["rel"] == "backed_by"]
    assert patrons and patrons[0]["target"] == "irn" and patrons[0]["start"]
    assert detail["events"]["total"] >= 1
    country = client.get("/api/actors/USA").json()
    assert country["kind"] == "country" and country["events"]["total"] > 10


def test_web_actor_facts_carry_their_sentence(client, demo_db):
    with Store(demo_db, read_only=True) as store:
        row = (
            store.con.execute(
                "SELECT subject_id FROM facts WHERE rel <> 'mentioned' LIMIT 1"
            ).fetchone()
            or store.con.execute("SELECT subject_id FROM facts LIMIT 1").fetchone()
        )
    detail = client.get(f"/api/actors/{row[0]}").json()
    assert detail["facts"] and all(f["sentence"] for f in detail["facts"])


def test_web_stats_and_openapi(client, counts):
    stats = client.get("/api/stats").json()
    assert stats["events"] == counts["events"] and stats["first_date"] <= stats["last_date"]
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    assert {
        "/api/events",
        "/api/events/{event_id}",
        "/api/actors",
        "/api/actors/{actor_id}",
        "/api/network",
        "/api/timeseries",
        "/api/map",
        "/api/stats",
    } <= paths
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert set(FILTERS) <= params
    assert client.get("/docs").status_code == 404  # FastAPI's docs page loads a CDN


@pytest.mark.parametrize(
    "url",
    [
        "/api/events?quad=9",
        "/api/events?quad=abc",
        "/api/events?since=yesterday",
        "/api/events?until=2024-13-45",
        "/api/events?code=abc",
        "/api/events?root=1",
        "/api/events?modality=maybe",
        "/api/events?certainty=sure",
        "/api/events?dyad=USA",
        "/api/events?limit=0",
        "/api/events?limit=100000",
        "/api/events?limit=x",
        "/api/events?offset=-1",
        "/api/events?offset=99999999999999999999999",
        "/api/events?sort=sentence",
        "/api/events?sort=date;DROP",
        "/api/events?actor=" + "x" * 300,
        "/api/timeseries?bin=hour",
        "/api/timeseries?since=2024-02-30",
        "/api/map?unplaced_limit=-5",
        "/api/network?max_nodes=0",
        "/api/network?quad=0",
        "/api/actors?limit=0",
        "/api/actors?q=" + "y" * 300,
        "/api/events/no-such-event",
        "/api/actors/no_such_actor_anywhere",
        "/api/nothing",
        "/events?since=not-a-date",
        "/events?sort=bogus",
        "/timeline?bin=hour",
        "/map?quad=7",
        "/network?root=abc",
        "/events/no-such-event",
        "/actors/no_such_actor_anywhere",
    ],
)
def test_web_bad_parameters_are_a_clear_4xx(client, url):
    r = client.get(url)
    assert 400 <= r.status_code < 500, (url, r.status_code, r.text[:300])
    if url.startswith("/api"):
        assert r.json()["detail"]
    else:
        assert "casus" in r.text and r.headers["content-type"].startswith("text/html")


def test_web_is_read_only(client):
    assert client.post("/api/events", json={}).status_code == 405
    assert client.delete("/api/events/x").status_code == 405
    assert client.app.state.desk.read_only


@pytest.mark.parametrize("name", [*FILTERS, "q", "sort", "bin", "event_id", "actor_id"])
def test_web_sql_injection_through_every_parameter(client, counts, name):
    for attack in INJECTIONS:
        if name == "event_id":
            responses = [client.get("/api/events/" + attack), client.get("/events/" + attack)]
        elif name == "actor_id":
            responses = [client.get("/api/actors/" + attack), client.get("/actors/" + attack)]
        elif name == "q":
            responses = [client.get("/api/actors", params={"q": attack})]
        elif name == "bin":
            responses = [client.get("/api/timeseries", params={"bin": attack})]
        else:
            responses = [
                client.get(url, params={name: attack})
                for url in ("/api/events", "/api/timeseries", "/api/map", "/api/network",
                            "/events")
            ]  # fmt: skip
        for r in responses:
            assert r.status_code in (200, 404, 422), (name, attack, r.status_code, r.text[:200])
            if r.status_code == 200 and r.url.path == "/api/events":
                assert r.json()["total"] == 0  # the text is a value that matches nothing
    stats = client.get("/api/stats").json()
    assert {k: stats[k] for k in counts} == counts  # the store is intact


ASSET = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def test_web_pages_render_and_load_nothing_from_elsewhere(client):
    first = client.get("/api/events", params={"limit": 1}).json()["events"][0]["event_id"]
    urls = [*PAGES, f"/events/{first}", "/actors/hezbollah", "/actors/USA", "/timeline?bin=month"]
    for url in urls:
        r = client.get(url)
        assert r.status_code == 200, url
        assert not ASSET.search(r.text), (url, ASSET.search(r.text))
        for asset in re.findall(r"""(?:src|href)="(/static/[^"]+)""", r.text):
            assert client.get(asset).status_code == 200, asset
    for asset in ("/static/casus.css", "/static/network.js", "/static/world.json"):
        text = client.get(asset).text
        assert not re.search(r"url\(\s*['\"]?https?:|fetch\(\s*['\"]https?:|@import", text)
    assert client.get("/", follow_redirects=False).status_code == 307


def test_web_events_page_filters_and_highlights(client):
    all_rows = client.get("/events", params={"limit": 500}).text.count("<tr data-event=")
    assault = client.get("/events", params={"plover": "ASSAULT", "limit": 500}).text
    assert 0 < assault.count("<tr data-event=") < all_rows
    first = client.get("/api/events", params={"sort": "-mentions", "limit": 1}).json()
    page = client.get(f"/events/{first['events'][0]['event_id']}").text
    assert page.count('<mark class="evidence"') >= 2


def test_web_serve_prints_the_address(demo_db, monkeypatch):
    import uvicorn
    from click.testing import CliRunner

    from casus.cli.main import cli

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, **kw: seen.update(port=port))
    result = CliRunner().invoke(cli, ["serve", "--db", str(demo_db), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert f"casus: serving {demo_db} at http://127.0.0.1:8123/" in result.output
    assert seen == {"port": 8123}
    missing = CliRunner().invoke(cli, ["serve", "--db", str(demo_db) + ".absent"])
    assert missing.exit_code != 0
