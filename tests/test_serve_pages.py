"""The web pages of `dateline serve` (timeline, event, article, paste) through FastAPI's TestClient.

As in test_serve_api.py, one store per module holds two short real articles ingested through
`POST /api/v1/articles` (the spaCy pipeline, marked `model`); the pages are checked for what
they show (labels, links, marks at the record's offsets), not only for their status, and
an article carrying `<script>` and `onerror=` as text is checked never to reach a page raw.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from dateline.analyzer import Analyzer
from dateline.serve import create_app
from dateline.serve.pages import CSP
from test_serve_api import AUTH, HOMS, MOSCOW, TOKEN  # the same two articles as the API tests

XSS = {"text": "Rebels attacked an army base near Idlib on Monday, a spokesman said. <script>alert(1)</script> "
               "Residents fled the town. <img src=x onerror=alert(1)>",
       "title": "<script>alert(2)</script>", "published": "2024-12-09", "source": "<b>Herald</b>"}
Served = tuple[TestClient, dict[str, Any]]


class _Marks(HTMLParser):
    """Every <mark data-start data-end> of a page with the text it holds (nested marks included)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[dict[str, Any]] = []
        self.marks: list[dict[str, Any]] = []
        self.blob: str | None = None
        self._in_blob = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "mark" and a.get("data-start") is not None:
            self.open.append({"start": int(a["data-start"] or 0), "end": int(a["data-end"] or 0),
                              "kinds": (a.get("class") or "").split(), "refs": (a.get("data-ref") or "").split(),
                              "id": a.get("id"), "text": ""})
        elif tag == "mark":
            self.open.append({"legend": True, "text": ""})
        self._in_blob = tag == "script" and a.get("id") == "record-parts"

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self.open:
            mark = self.open.pop()
            if not mark.get("legend"):
                self.marks.append(mark)
        self._in_blob = False

    def handle_data(self, data: str) -> None:
        for mark in self.open:
            mark["text"] += data
        if self._in_blob:
            self.blob = (self.blob or "") + data


def _marks(html: str) -> _Marks:
    parser = _Marks()
    parser.feed(html)
    return parser


def _page(client: TestClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == CSP
    for tag in re.findall(r"<script\b[^>]*>", response.text):  # no inline script: a file, or JSON data
        assert 'src="/static/' in tag or 'type="application/json"' in tag, tag
    return response.text


def _store(tmp: pytest.TempPathFactory, analyzer: Analyzer, *articles: dict[str, str]) -> Served:
    """A client over a new store holding `articles`, ingested through the API; and the ingest's answer."""
    client = TestClient(create_app(str(tmp.mktemp("pages") / "pages.db"), token=TOKEN, make_analyzer=lambda: analyzer))
    stored = client.post("/api/v1/articles", json={"articles": list(articles)}, headers=AUTH)
    assert stored.status_code == 200 and stored.json()["added"] == len(articles), stored.text
    return client, stored.json()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, analyzer: Analyzer) -> Iterator[Served]:
    client, summary = _store(tmp_path_factory, analyzer, HOMS, MOSCOW)
    yield client, summary
    client.close()


def _event(client: TestClient, **params: Any) -> dict[str, Any]:
    events = client.get("/api/v1/events", params={"limit": 1000, **params}).json()["events"]
    assert len(events) == 1, events
    return events[0]


@pytest.mark.model
def test_timeline_lists_events_by_day_with_links(served: Served) -> None:
    client, _ = served
    html = _page(client, "/")
    seize, meeting = _event(client, type="SEIZE"), _event(client, entity="Putin")
    assert f'href="/events/{quote(seize["id"], safe="/")}">Rebels captured</a>' in html
    assert "SEIZE" in html and "Rebels → " in html and "Homs" in html and "1 source" in html
    assert html.index("<h2>2024-12-07</h2>") < html.index("<h2>2024-12-10</h2>")  # oldest day first
    assert meeting["label"] in html
    for name in ("dateline.js", "dateline.css"):  # shipped in the package, no CDN
        assert client.get(f"/static/{name}").status_code == 200


@pytest.mark.model
def test_timeline_filters_narrow_the_list(served: Served) -> None:
    client, _ = served
    html = _page(client, "/?entity=Putin")
    assert "Recep Tayyip Erdogan met Vladimir Putin" in html and "Rebels captured" not in html
    assert 'name="entity" value="Putin"' in html  # the form keeps what was asked
    html = _page(client, "/?place=Homs&type=&since=&until=&min_sources=&certainty=")  # empty fields = no filter
    assert "Rebels captured" in html and "Erdogan met" not in html
    assert "Rebels captured" not in _page(client, "/?since=2024-12-09")
    assert "No events match." in _page(client, "/?min_sources=2")
    seize = client.get(f"/api/v1/events/{_event(client, type='SEIZE')['id']}").json()
    own = seize["mentions"][0]["certainty"]
    other = next(c for c in ("negated", "future", "denied") if c != own)
    assert "Rebels captured" in _page(client, f"/?certainty={own}")
    assert "Rebels captured" not in _page(client, f"/?certainty={other}")


@pytest.mark.parametrize(("query", "says"), [
    ("since=yesterday", "since &#39;yesterday&#39; is not a date"), ("min_sources=0", "min_sources"),
    ("min_sources=lots", "min_sources"), ("certainty=maybe", "certainty &#39;maybe&#39;"),
    ("class=nonsense", "E010"), ("cursor=garbage", "cursor"),
])
@pytest.mark.model
def test_a_bad_filter_is_a_4xx_page_with_the_form(served: Served, query: str, says: str) -> None:
    client, _ = served
    html = _page(client, f"/?{query}", status=422)
    assert says in html and 'class="error"' in html and '<form class="filters"' in html


@pytest.mark.model
def test_event_page_shows_evidence_with_the_trigger_marked(served: Served) -> None:
    client, summary = served
    seize = _event(client, type="SEIZE")
    html = _page(client, f"/events/{quote(seize['id'])}")
    (mark,) = _marks(html).marks
    assert mark["text"] == "captured" and "hl-event" in mark["kinds"]
    assert re.search(r'<blockquote class="evidence">Rebels <mark [^>]*>captured</mark> the city of Homs', html)
    doc_id = summary["articles"][0]["id"]
    assert f'href="/articles/{quote(doc_id, safe="/")}#ev-' in html
    mention = client.get(f"/api/v1/events/{seize['id']}").json()["mentions"][0]
    assert f"<dd>{mention['when_value']} ({mention['when_basis']})</dd>" in html  # date with its basis
    assert f"<dd>{mention['certainty']}</dd>" in html and "Wire" in html and "<h2>Contradictions</h2>" in html


@pytest.mark.model
def test_article_page_marks_are_the_records_spans(served: Served) -> None:
    client, summary = served
    doc_id = summary["articles"][0]["id"]
    record = client.get(f"/api/v1/articles/{doc_id}").json()["record"]
    text = record["document"]["text"]
    parsed = _marks(_page(client, f"/articles/{quote(doc_id)}"))
    marks = parsed.marks
    assert marks and all(m["text"] == text[m["start"]:m["end"]] for m in marks)
    spans = {(m["start"], m["end"]) for m in marks}
    triggers = {(e["trigger"]["start"], e["trigger"]["end"]) for e in record["events"]}
    names = {(m["start"], m["end"]) for e in record["entities"] + record["places"] for m in e["mentions"]}
    assert triggers <= spans and names <= spans and {(t["start"], t["end"]) for t in record["times"]} <= spans
    captured = next(m for m in marks if m["text"] == "captured")
    assert "hl-event" in captured["kinds"] and captured["id"].startswith("ev-")
    parts = json.loads(parsed.blob or "")
    assert all(0 <= int(r) < len(parts) for m in marks for r in m["refs"])
    assert any(p["kind"] == "place" and p["title"] == "Homs" for p in parts)
    said = [m for m in marks if m["text"] == "said"]
    assert said and any(parts[int(r)]["kind"] == "cue" for m in said for r in m["refs"])  # attribution cue


@pytest.mark.model
def test_paste_page_renders_a_record_and_stores_nothing(served: Served) -> None:
    client, _ = served
    before = client.get("/api/v1/events", params={"limit": 1000}).json()["events"]
    assert 'name="text"' in _page(client, "/analyze")
    text = "Israeli jets struck a weapons depot near Damascus on Sunday, a war monitor said."
    response = client.post("/analyze", data={"text": text, "published": "2024-12-15", "title": "Strike"})
    assert response.status_code == 200 and response.headers["content-security-policy"] == CSP
    marks = _marks(response.text).marks
    assert any(m["text"] == "struck" and "hl-event" in m["kinds"] for m in marks)
    assert all(m["text"] == text[m["start"]:m["end"]] for m in marks)
    assert "The record (not stored)" in response.text
    assert client.get("/api/v1/events", params={"limit": 1000}).json()["events"] == before
    assert client.get("/api/v1/search", params={"q": "Damascus"}).json()["documents"] == []
    bad = client.post("/analyze", data={"text": text, "published": "soon"})
    assert bad.status_code == 422 and "E010" in bad.text and "Damascus" in bad.text  # the form keeps the text
    assert client.post("/analyze", data={"text": "  "}).status_code == 422


@pytest.mark.parametrize("url", ["/events/ev:nope", "/articles/sha256:nope"])
@pytest.mark.model
def test_unknown_ids_are_a_404_page(served: Served, url: str) -> None:
    client, _ = served
    html = _page(client, url, status=404)
    assert "<h1>Not found</h1>" in html and "nope" in html and '{"error"' not in html


@pytest.mark.model
def test_article_text_is_never_markup(tmp_path_factory: pytest.TempPathFactory, analyzer: Analyzer) -> None:
    client, summary = _store(tmp_path_factory, analyzer, XSS)
    with client:
        doc_id = summary["articles"][0]["id"]
        pages = [_page(client, f"/articles/{quote(doc_id)}"), _page(client, "/")]
        events = client.get("/api/v1/events", params={"limit": 1000}).json()["events"]
        pages += [_page(client, f"/events/{quote(e['id'])}") for e in events]
        pages.append(client.post("/analyze", data={"text": XSS["text"]}).text)
        for html in pages:
            assert "<script>alert" not in html and "<img src=x onerror" not in html and "<b>Herald" not in html
        article = re.sub(r"</?mark\b[^>]*>", "", pages[0])  # a mark may cut the escaped tag ("alert(1)</script")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article and "&lt;img src=x onerror=alert(1)&gt;" in article
        assert "&lt;script&gt;alert(2)&lt;/script&gt;" in article  # the title
        assert "&lt;script&gt;alert(1)" in pages[-1]
        assert any("&lt;script&gt;alert(1)" in html for html in pages[2:-1])  # an evidence sentence holds it
