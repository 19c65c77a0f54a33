"""The Map page of `dateline serve` (/map), its shipped base map and the script that builds it.

As in test_serve_pages.py, a store of the two short real articles of the API tests, ingested
through `POST /api/v1/articles` (the spaCy pipeline, marked `model`). The page is checked for
its JSON blob of points (the events with coordinates, and only those, the same as the API's
rows), its list linked to it by index, the timeline's filters, and a place name carrying
`</script><script>` that must stay inside the blob as data. The base map is checked as
served (`/static/basemap.json`) and against the build script's pinned source.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from dateline.analyzer import Analyzer
from dateline.serve import create_app
from dateline.store import tables as t
from test_serve_api import HOMS, MOSCOW, _never
from test_serve_pages import Served, _page, _store

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "src" / "dateline" / "serve" / "static"
INJECTED = '</script><script>alert("map")</script><!--'


class _MapPage(HTMLParser):
    """The page's JSON blobs (by id), its list items' indexes and links, and every <script> tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blobs: dict[str, str] = {}
        self.items: list[dict[str, Any]] = []
        self.scripts: list[dict[str, str | None]] = []
        self._blob: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script":
            self.scripts.append(a)
            if a.get("type") == "application/json":
                self._blob = a.get("id") or ""
                self.blobs[self._blob] = ""
        elif tag == "li" and a.get("data-i") is not None:
            self.items.append({"i": int(a["data-i"] or -1), "href": None})
        elif tag == "a" and self.items and self.items[-1]["href"] is None:
            self.items[-1]["href"] = a.get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._blob = None

    def handle_data(self, data: str) -> None:
        if self._blob is not None:
            self.blobs[self._blob] += data


def _map(client: TestClient, query: str = "", status: int = 200) -> tuple[str, _MapPage, list[dict[str, Any]]]:
    html = _page(client, f"/map{query}", status)
    parsed = _MapPage()
    parsed.feed(html)
    return html, parsed, json.loads(parsed.blobs["map-points"])


def _placed(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    """The API's coded events with coordinates for the same filters, in its order."""
    rows = client.get("/api/v1/events", params={"limit": 1000, "coded": True, **params}).json()["events"]
    return [r for r in rows if r["lat"] is not None and r["lon"] is not None]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, analyzer: Analyzer) -> Iterator[Served]:
    client, summary = _store(tmp_path_factory, analyzer, HOMS, MOSCOW)
    yield client, summary
    client.close()


@pytest.mark.model
def test_map_page_renders_points_and_a_linked_list(served: Served) -> None:
    client, _ = served
    html, page, points = _map(client)
    assert '<div id="map" class="map" data-basemap="/static/basemap.json"' in html
    assert '<a href="/map">Map</a>' in html and 'action="/map"' in html  # nav link; the timeline's form, here
    assert {"src": "/static/map.js", "defer": None} in page.scripts
    placed = _placed(client)
    assert placed and [p["id"] for p in points] == [r["id"] for r in placed]
    assert [p["i"] for p in points] == list(range(len(points)))
    for point, row in zip(points, placed, strict=True):
        assert (point["lat"], point["lon"]) == (round(row["lat"], 4), round(row["lon"], 4))
        assert point["label"] == row["label"] and point["place"] == row["place"] and point["type"] == row["type"]
    assert {p["place"] for p in points} >= {"Homs", "Moscow"}
    # the list holds the same events, each once, by the same index, linking to its event page
    assert sorted(item["i"] for item in page.items) == [p["i"] for p in points]
    by_index = {p["i"]: p for p in points}
    for item in page.items:
        assert item["href"] == by_index[item["i"]]["url"]
        assert client.get(item["href"]).status_code == 200


@pytest.mark.model
def test_map_shows_only_events_with_coordinates(served: Served) -> None:
    client, _ = served
    every = client.get("/api/v1/events", params={"limit": 1000, "coded": True}).json()["events"]
    unplaced = [r for r in every if r["lat"] is None or r["lon"] is None]
    html, _, points = _map(client)
    assert all(isinstance(p["lat"], float) and isinstance(p["lon"], float) for p in points)
    assert not {r["id"] for r in unplaced} & {p["id"] for p in points}
    assert len(points) + len(unplaced) == len(every)
    if unplaced:
        assert f"{len(unplaced)} matching event" in html and 'href="/?">timeline</a>' in html


@pytest.mark.model
def test_map_filters_narrow_the_points_and_the_list(served: Served) -> None:
    client, _ = served
    html, page, points = _map(client, "?entity=Putin")
    assert points and [p["id"] for p in points] == [r["id"] for r in _placed(client, entity="Putin")]
    assert {p["place"] for p in points} == {"Moscow"} and len(page.items) == len(points)
    assert 'name="entity" value="Putin"' in html and 'href="/map">Clear</a>' in html
    _, _, homs = _map(client, "?place=Homs&type=&since=&until=&min_sources=&certainty=")  # empty = no filter
    assert homs and {p["place"] for p in homs} == {"Homs"}
    assert not {p["id"] for p in homs} & {p["id"] for p in points}
    html, page, none = _map(client, "?min_sources=2")
    assert none == [] and page.items == [] and "No events with coordinates match." in html
    html, _, none = _map(client, "?since=someday", status=422)
    assert none == [] and "E010" in html and '<form class="filters" method="get" action="/map">' in html


@pytest.mark.model
def test_a_place_name_cannot_break_out_of_the_blob(tmp_path_factory: pytest.TempPathFactory,
                                                   analyzer: Analyzer) -> None:
    client, _ = _store(tmp_path_factory, analyzer, HOMS)
    store = client.app.state.serve.store  # type: ignore[attr-defined]
    with store.engine.begin() as conn:
        changed = conn.execute(update(t.places).where(t.places.c.name == "Homs").values(name=INJECTED)).rowcount
    assert changed == 1
    html, page, points = _map(client)
    assert INJECTED in {p["place"] for p in points}  # the name reaches the script as data, unchanged
    assert "</script><script>alert" not in html and "<!--" not in html.split("<main>")[1]
    assert page.scripts == [{"src": "/static/dateline.js", "defer": None},
                            {"type": "application/json", "id": "map-points"}, {"src": "/static/map.js", "defer": None}]
    blob = page.blobs["map-points"]
    assert "<" not in blob and ">" not in blob and "\\u003c/script\\u003e" in blob
    assert "&lt;/script&gt;&lt;script&gt;alert" in html  # and the list shows it as text
    client.close()


def test_base_map_is_served_from_static_and_parses(tmp_path: Path) -> None:
    client = TestClient(create_app(str(tmp_path / "empty.db"), make_analyzer=_never))
    response = client.get("/static/basemap.json")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    assert len(response.content) < 300_000
    basemap = response.json()
    assert basemap["viewBox"] == [0, 0, 3600, 1800] and basemap["projection"] == "equirectangular"
    names = {c["name"] for c in basemap["countries"]}
    assert len(basemap["countries"]) > 150 and {"Syria", "Russia", "France", "Antarctica", "Fiji"} <= names
    path = re.compile(r"(M-?\d+ \d+l-?\d+(?:[ -]\d+)+z)+")
    assert all(path.fullmatch(c["d"]) for c in basemap["countries"])
    client.close()


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_basemap", ROOT / "scripts" / "build_basemap.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_base_map_records_the_build_scripts_source_version_and_licence() -> None:
    build = _script()
    header = json.loads((STATIC / "basemap.json").read_text(encoding="utf-8"))
    assert (header["package"], header["version"], header["integrity"]) == (build.PACKAGE, build.VERSION,
                                                                          build.INTEGRITY)
    assert header["licence"] == build.LICENCE and "public domain" in header["licence"] and "ISC" in header["licence"]
    assert header["source"].startswith(f"npm {build.PACKAGE}@{build.VERSION}, countries-110m.json")
    assert header["built_by"] == "scripts/build_basemap.py" and re.fullmatch(r"[0-9a-f]{64}", header["sha256"])
    assert build.OUT == STATIC / "basemap.json"


def test_build_script_decodes_topojson_and_wraps_the_antimeridian() -> None:
    build = _script()
    topology = {"transform": {"scale": [1, 1], "translate": [-180, -90]},
                "arcs": [[[170, 100], [0, 10], [10, -10]], [[180, 100], [-10, 0]]],
                "objects": {"countries": {"geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "id": "001", "properties": {"name": "Square"}},
                    {"type": "Polygon", "arcs": [[~1, ~0]], "id": "002", "properties": {"name": "Reversed"}}]}}}
    assert build.decode_arcs(topology)[0] == [(-10, 10), (-10, 20), (0, 10)]
    shapes = {c["name"]: c["d"] for c in build.countries(topology)}
    assert shapes["Square"] == "M1700 800l0-100 100 100-100 0z"
    assert shapes["Reversed"] == "M1700 800l100 0-100-100 0 100z"
    across = build.unwrap([(179.0, 10.0), (-179.0, 10.0), (-179.0, 11.0), (179.0, 11.0)])
    assert across == [[(179.0, 10.0), (181.0, 10.0), (181.0, 11.0), (179.0, 11.0)],
                      [(-181.0, 10.0), (-179.0, 10.0), (-179.0, 11.0), (-181.0, 11.0)]]
    pole = build.unwrap([(-180.0, -80.0), (0.0, -70.0), (179.0, -80.0), (-180.0, -81.0)])
    assert pole == [[(-180.0, -80.0), (0.0, -70.0), (179.0, -80.0), (180.0, -81.0), (180.0, -90.0),
                     (-180.0, -90.0)]]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_map_script_parses() -> None:
    subprocess.run(["node", "--check", str(STATIC / "map.js")], check=True, capture_output=True)
