"""Property tests of the REST API from its own `/openapi.json` (issue 17), with schemathesis, in-process.

The app runs over a temporary SQLite store filled with a few fake events (`fill_store`, so the id
routes can hit stored rows) and `FakeAnalyzer` for the write routes (no spaCy); the bearer token is
sent on every request so `POST /articles` and `POST /analyze` get past the auth check. Every
operation is checked for no server error (status < 500) and for a response matching the
documented schema; small and derandomized so CI is fast and deterministic.

Why the app is built at import, not in a fixture: `schemathesis.pytest.from_fixture` (4.32) sets
`request.node._nodeid`, which pytest 9 no longer has, so the schema is loaded eagerly here and the
store is filled by a module fixture.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from dateline.corpus.fake import FakeAnalyzer, fill_store
from dateline.serve.app import create_app

TOKEN = "schemathesis-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

_DIR = Path(tempfile.mkdtemp(prefix="dateline-schemathesis-"))
atexit.register(shutil.rmtree, _DIR, ignore_errors=True)  # also when the module is collected but not run
_APP = create_app(str(_DIR / "api.db"), token=TOKEN, make_analyzer=FakeAnalyzer)
schema = schemathesis.openapi.from_asgi("/openapi.json", _APP)


@pytest.fixture(scope="module", autouse=True)
def _filled_store() -> Iterator[None]:
    store = _APP.state.serve.store
    fill_store(store, 12)
    yield
    store.close()


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_api_conforms_to_its_openapi_schema(case: schemathesis.Case) -> None:
    case.call_and_validate(headers=AUTH, checks=[not_a_server_error, response_schema_conformance])


def test_known_good_requests_conform_too() -> None:
    """The generated bodies of `POST /articles` are all refused (422: `published` and `text`/`html` are checked
    beyond their documented types) and generated ids are unknown (404), so store and read back for real."""
    article = {"text": "Red Brigade attacked Blue Front in Aleppo on 2024-03-02. Dispatch: witnesses said so.",
               "published": "2024-03-03", "url": "https://example.org/schemathesis", "source": "Wire"}
    response = schema["/api/v1/articles"]["POST"].Case(body={"articles": [article]}).call_and_validate(
        headers=AUTH, checks=[not_a_server_error, response_schema_conformance])
    assert response.status_code == 200, response.text
    doc_id = response.json()["articles"][0]["id"]
    event_id = schema["/api/v1/events"]["GET"].Case(query={"limit": 1}).call_and_validate(
        headers=AUTH, checks=[not_a_server_error, response_schema_conformance]).json()["events"][0]["id"]
    for path, name, value in (("/api/v1/articles/{doc_id}", "doc_id", doc_id),
                              ("/api/v1/events/{event_id}", "event_id", event_id)):
        response = schema[path]["GET"].Case(path_parameters={name: value}).call_and_validate(
            headers=AUTH, checks=[not_a_server_error, response_schema_conformance])
        assert response.status_code == 200, (path, response.text)
