"""X-Request-ID on every response, and the same id in the request's log lines."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from teamboard.core.logs import JsonFormatter, RequestIdFilter, TextFormatter
from tests.support.api import Api, auth
from tests.support.app import BASE_URL

GENERATED = re.compile(r"[0-9a-f]{32}")


async def test_every_response_carries_a_fresh_id(client: httpx.AsyncClient, api: Api) -> None:
    owner = await api.user("owner")
    seen = set()
    requests: list[tuple[str, str, dict[str, Any]]] = [
        ("GET", "/healthz", {}),
        ("GET", "/", {}),
        ("GET", "/api/v1/boards", {"headers": auth(owner)}),
        ("GET", "/api/v1/boards", {}),  # 401
        ("POST", "/api/v1/boards", {"headers": auth(owner), "content": b"{"}),  # 400
        ("GET", "/nowhere", {}),  # 404
        ("GET", "/static/nope.css", {}),
    ]
    for method, path, kwargs in requests:
        r = await client.request(method, path, **kwargs)
        rid = r.headers["x-request-id"]
        assert GENERATED.fullmatch(rid), (path, rid)
        seen.add(rid)
    assert len(seen) == 7


@pytest.mark.parametrize("given", ["abc-123_X.y", "a" * 128, "0f" * 16])
async def test_a_sane_incoming_id_is_kept(client: httpx.AsyncClient, given: str) -> None:
    r = await client.get("/healthz", headers={"X-Request-ID": given})
    assert r.headers["x-request-id"] == given


@pytest.mark.parametrize(
    "given", ["a" * 129, "with space", "new\\nline", 'quote"', "semi;colon", "é", ""]
)
async def test_an_odd_incoming_id_is_replaced(client: httpx.AsyncClient, given: str) -> None:
    r = await client.get("/healthz", headers={b"X-Request-ID": given.encode("utf-8")})
    assert GENERATED.fullmatch(r.headers["x-request-id"])


async def test_the_access_line_carries_the_id_as_json(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="teamboard.access")
    r = await client.get("/nowhere/7", headers={"X-Request-ID": "trace-42"})
    assert r.headers["x-request-id"] == "trace-42"
    [record] = [rec for rec in caplog.records if rec.name == "teamboard.access"]
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "trace-42"
    assert line["level"] == "info" and line["logger"] == "teamboard.access"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/nowhere/7", 404)
    assert isinstance(line["duration_ms"], float) and line["time"].endswith("+00:00")
    assert "trace-42" in TextFormatter().format(record)


def test_lines_outside_a_request_have_no_id() -> None:
    record = logging.LogRecord("teamboard", logging.WARNING, __file__, 1, "hello %s", ("x",), None)
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "hello x" and "request_id" not in line


async def test_errors_carry_one_id_and_unreachable_is_503(
    app: Any, runtime: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.handler.addFilter(RequestIdFilter())

    async def crash() -> None:
        raise RuntimeError("kaput")

    async def bad_query() -> None:
        async with runtime.db.session() as db:
            await db.execute(text("SELECT :x"), {"x": object()})  # cannot be bound

    async def refused() -> None:
        raise ConnectionRefusedError(111, "Connect call failed")

    app.add_api_route("/crash", crash)
    app.add_api_route("/bad-query", bad_query)
    app.add_api_route("/refused", refused)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        for path, status in [("/crash", 500), ("/bad-query", 500), ("/refused", 503)]:
            r = await client.get(path, headers={"X-Request-ID": f"err{status}"})
            assert r.status_code == status, (path, r.text)
            assert r.headers.get_list("x-request-id") == [f"err{status}"], path
            assert len(r.headers.get_list("content-security-policy")) == 1, path
            assert r.json()["code"] == ("unavailable" if status == 503 else "internal")
    assert r.headers["retry-after"] == "5"
    crashes = [rec for rec in caplog.records if rec.getMessage().startswith("unhandled error")]
    # Set on the record by RequestIdFilter: logging's types do not know of it.
    assert [rec.request_id for rec in crashes] == ["err500", "err500"]  # type: ignore[attr-defined]
