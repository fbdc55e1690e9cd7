"""Schemathesis against the running web app's /api/openapi.json (issue 14).

A real uvicorn server on a free 127.0.0.1 port serves a file ledger of the
invented fixture articles. Schemathesis generates requests for every operation
of the schema, valid and invalid ones (huge numbers, odd strings, NUL bytes),
and each response must be: no 500, the security headers present, an error
body that is JSON. Bounded for CI (a few dozen requests per operation,
derandomised); the requests that once failed are replayed as regressions below.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
pytest.importorskip("uvicorn")
import httpx
import web_support
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

pytestmark = pytest.mark.slow  # schema-driven fuzzing of the web API

SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options")
EXAMPLES = int(os.environ.get("NEWSLEDGER_FUZZ_EXAMPLES", "0"))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The app over a SQLite file, and over PostgreSQL when .ci/postgres.sh started one
    (PostgreSQL refuses what SQLite takes, e.g. a NUL byte in any parameter)."""
    from ledger_support import PG_ENV, reset_postgres

    from newsledger.corroborate import open_ledger
    from newsledger.web import create_app

    if request.param == "postgresql":
        if not os.environ.get(PG_ENV):
            pytest.skip(f"{PG_ENV} not set (run .ci/postgres.sh)")
        reset_postgres(os.environ[PG_ENV])
        ledger = open_ledger(os.environ[PG_ENV])
    else:
        ledger = open_ledger(str(Path(tmp_path_factory.mktemp("fuzz")) / "fuzz.db"))
    ledger.add_many(web_support.all_fixtures())
    with web_support.serve_in_thread(create_app(ledger), log_level="critical") as url:
        yield url
    ledger.close()


@pytest.fixture(scope="module")
def api_schema(server: str) -> Any:
    return schemathesis.openapi.from_url(f"{server}/api/openapi.json")


def check_response(
    status: int, headers: Any, body: bytes, content_type: str, api: bool = True
) -> None:
    assert status < 500, (status, body[:300])
    for header in SECURITY_HEADERS:
        assert header in headers, (status, header)
    if status >= 400 and api:  # pages answer errors with an HTML page
        assert content_type.startswith("application/json"), (status, content_type, body[:200])
        assert "detail" in httpx.Response(status, content=body).json()


def operations(api_schema: Any) -> list[Any]:
    return [result.ok() for result in api_schema.get_all_operations()]


def test_the_schema_lists_the_api(api_schema: Any) -> None:
    assert {op.path for op in operations(api_schema)} == set(
        OPERATIONS
    )  # a new one gets fuzzed too


# Schemathesis' pytest plugin does not run under pytest 9, so its Hypothesis
# strategies are drawn here directly: valid and invalid requests for each operation.
OPERATIONS = [
    "/api/articles",
    "/api/articles/{article_id}",
    "/api/events",
    "/api/sources",
    "/api/search",
    "/api/incidents",
    "/api/incidents/{incident_id}",
    "/api/outlets",
]


@pytest.mark.parametrize("path", OPERATIONS)
@settings(
    max_examples=EXAMPLES or 30,
    deadline=None,
    derandomize=not EXAMPLES,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(data=st.data())
def test_api_never_500s_and_keeps_headers(api_schema: Any, path: str, data: Any) -> None:
    [operation] = [op for op in operations(api_schema) if op.path == path]
    mode = data.draw(st.sampled_from([GenerationMode.POSITIVE, GenerationMode.NEGATIVE]))
    case = data.draw(operation.as_strategy(generation_mode=mode))
    response = case.call(timeout=30)
    headers = {k.lower(): v[0] if isinstance(v, list) else v for k, v in response.headers.items()}
    check_response(response.status_code, headers, response.content, headers.get("content-type", ""))


# Requests that once failed (issue 14 and the fuzzer's finds), replayed against the server.
REGRESSIONS = [
    "/api/events?offset=99999999999999999999",
    "/api/articles?offset=99999999999999999999",
    "/api/sources?offset=99999999999999999999",
    "/api/events?limit=99999999999999999999",
    "/api/events?actor=%00",
    "/api/events?place=%00",
    "/api/articles?outlet=%00",
    "/api/sources?kind=%00",
    "/api/search?q=%00",
    "/api/incidents/%00",
    "/api/articles/%00",  # on PostgreSQL: a DataError, then a 503, before ids were checked
    "/articles/%00",
    "/incidents/%00",
    "/api/events?near_lat=nan&near_lon=1",
    "/api/events?near_lat=1e999&near_lon=1",
    "/api/events?date_from=9999-99-99",
]


@pytest.mark.parametrize("path", REGRESSIONS)
def test_found_requests_stay_fixed(server: str, path: str) -> None:
    response = httpx.get(server + path, timeout=30)
    check_response(
        response.status_code,
        response.headers,
        response.content,
        response.headers.get("content-type", ""),
        api=path.startswith("/api/"),
    )
