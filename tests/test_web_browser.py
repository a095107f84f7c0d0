"""The dashboard in a real browser: Playwright driving Debian's chromium, offline.

Each page is loaded over the demo corpus served by uvicorn on a free local port; a filter is
applied and the table changes; an event is opened and its evidence is marked; map markers and
network nodes are drawn; a screenshot of each page is saved under ``tests/artifacts/`` (or
``$CASUS_TEST_ARTIFACTS``). No request may leave 127.0.0.1.

Skipped, with the reason, when the ``playwright`` package or ``/usr/bin/chromium`` is missing
(``apt-get install -y chromium``).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(
    os.environ.get("CASUS_TEST_ARTIFACTS", Path(__file__).resolve().parent / "artifacts")
)
# places for the browser test's copy of the store while the geocoder leaves events unplaced
PLACES = (
    ("Odesa", 46.48, 30.73, "UKR"),
    ("Damascus", 33.51, 36.29, "SYR"),
    ("Gaza", 31.50, 34.47, "PSE"),
    ("Baghdad", 33.34, 44.40, "IRQ"),
    ("Bamako", 12.65, -8.00, "MLI"),
)

pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")
pytest.importorskip("uvicorn", reason="the web extra (uvicorn) is not installed")
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed (pip install -e .[dev])"
)
if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)",
        allow_module_level=True,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def base_url(demo_db, tmp_path_factory):
    import duckdb
    import uvicorn

    from casus.web import create_app

    path = tmp_path_factory.mktemp("web") / "demo.duckdb"
    shutil.copy(demo_db, path)
    con = duckdb.connect(str(path))
    placed = con.execute("SELECT count(*) FROM events WHERE location IS NOT NULL").fetchone()[0]
    if not placed:  # give the busiest events a place so the map has markers to show
        ids = con.execute(
            "SELECT event_id FROM events ORDER BY num_mentions DESC, event_id LIMIT 20"
        ).fetchall()
        for i, (event_id,) in enumerate(ids):
            name, lat, lon, country = PLACES[i % len(PLACES)]
            loc = {"name": name, "geonameid": None, "lat": lat, "lon": lon,
                   "country": country, "admin1": None, "precision": "city"}  # fmt: skip
            con.execute(
                "UPDATE events SET location = ? WHERE event_id = ?", [json.dumps(loc), event_id]
            )
    con.close()
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(path), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, base_url):
    """A fresh page that records console errors and every request it makes."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.errors = []
    pg.requests = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("request", lambda r: pg.requests.append(r.url))
    yield pg
    outside = [u for u in pg.requests if not u.startswith(base_url)]
    assert not outside, f"requests left the machine: {outside}"
    assert not pg.errors, f"errors in the page: {pg.errors}"
    context.close()


def _shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")


def _total(pg) -> int:
    return int(pg.get_attribute("#count", "data-total"))


def test_web_browser_events_filter_changes_the_table(page, base_url):
    page.goto(f"{base_url}/events")
    total = _total(page)
    assert total > 50 and page.locator("#events tbody tr[data-event]").count() == 50
    _shot(page, "events")
    page.select_option("select[name=plover]", "ASSAULT")
    page.click("#apply")
    page.wait_for_url("**/events?*plover=ASSAULT*")
    assert 0 < _total(page) < total
    cells = page.locator("#events tbody tr[data-event] td:nth-child(3)").all_inner_texts()
    assert cells and all(c.startswith("ASSAULT") for c in cells)
    page.fill("input[name=country]", "UKR")
    page.click("#apply")
    page.wait_for_url("**country=UKR*")
    narrowed = _total(page)
    assert 0 < narrowed < total
    _shot(page, "events-filtered")
    page.click("th.col-mentions a")  # sort by mentions, most first
    page.wait_for_url("**sort=-mentions*")
    counts = [int(c) for c in page.locator("#events tbody td:nth-child(8)").all_inner_texts()]
    assert counts == sorted(counts, reverse=True) and _total(page) == narrowed


def test_web_browser_event_shows_highlighted_evidence(page, base_url):
    page.goto(f"{base_url}/events?sort=-mentions")
    page.locator("#events tbody tr[data-event] a.open").first.click()
    page.wait_for_selector("#event")
    marks = page.locator("section.mention mark.evidence")
    assert marks.count() >= 2 and marks.first.is_visible()
    triggers = page.locator("section.mention dl dd").first.inner_text()
    assert marks.first.inner_text().lower() in triggers.lower()
    assert page.locator("section.mention").count() >= 2
    assert page.locator("text=reporting source").first.is_visible()
    _shot(page, "event")


def test_web_browser_map_draws_markers_and_lists_unplaced(page, base_url):
    page.goto(f"{base_url}/map")
    markers = page.locator("#map circle.marker")
    total_markers = markers.count()
    assert total_markers > 0 and markers.first.is_visible()
    assert page.locator("#map path.land").count() > 10
    assert page.locator("#unplaced li").count() > 0
    _shot(page, "map")
    page.goto(f"{base_url}/map?quad=1")  # a filter narrows the markers
    assert page.locator("#map circle.marker").count() < total_markers


def test_web_browser_timeline_draws_bars(page, base_url):
    page.goto(f"{base_url}/timeline")
    assert page.locator("#timeline rect.bar").count() > 10
    assert page.locator("#timeline path.goldstein").count() == 1
    _shot(page, "timeline")
    page.click("text=month")
    page.wait_for_url("**bin=month*")
    assert page.locator("#series tbody tr").count() > 3


def test_web_browser_network_draws_nodes_and_opens_an_actor(page, base_url):
    page.goto(f"{base_url}/network")
    page.wait_for_selector("#network[data-ready]")
    nodes = page.locator("#network circle.node")
    assert nodes.count() > 10 and page.locator("#network path.edge.conflict").count() > 0
    assert page.locator("#network path.edge.cooperation").count() > 0
    _shot(page, "network")
    page.locator("#network circle.node[data-id=RUS]").click()
    page.wait_for_url("**/actors/RUS")
    assert "Russia" in page.inner_text("h1")
    _shot(page, "actor-country")


def test_web_browser_actor_page_shows_patrons_and_events(page, base_url):
    page.goto(f"{base_url}/actors")
    assert page.locator("#actors tbody tr").count() > 10
    _shot(page, "actors")
    page.goto(f"{base_url}/actors/hezbollah")
    links = page.locator("#links").inner_text()
    assert "backed by" in links and "Iran" in links and "1982" in links
    _shot(page, "actor")
