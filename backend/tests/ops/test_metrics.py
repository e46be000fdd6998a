"""/metrics: Prometheus text, labelled by route template, readable from loopback or
with the metrics token only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from teamboard.app import create_app
from teamboard.core.runtime import Runtime
from tests.support.api import Api, auth
from tests.support.app import BASE_URL, scrape, value

TOKEN = "metrics-token-0123456789abcdef"
OUTSIDE = ("203.0.113.9", 4711)


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"metrics_token": TOKEN}


@pytest.fixture
async def outsider(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=OUTSIDE)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as c:
        yield c


async def test_requests_counted_by_route_template_never_raw_path(
    client: httpx.AsyncClient, api: Api
) -> None:
    owner = await api.user("owner")
    board = await api.board(owner)
    column = board["columns"][0]["id"]
    card = await api.card(owner, column)
    route = "/api/v1/cards/{card_id}/move"
    before = await scrape(client)
    r = await client.post(
        f"/api/v1/cards/{card['id']}/move", json={"column_id": column, "position": 0},
        headers=auth(owner),
    )  # fmt: skip
    assert r.status_code == 200, r.text
    await client.get("/no/such/page/12345")
    await client.request("BREW", "/api/v1/boards")
    after = await scrape(client)

    counted = "teamboard_http_requests_total"
    assert value(after, counted, method="POST", route=route, status="200") == (
        value(before, counted, method="POST", route=route, status="200") + 1
    )
    hist = "teamboard_http_request_duration_seconds_count"
    assert value(after, hist, method="POST", route=route) == (
        value(before, hist, method="POST", route=route) + 1
    )
    assert value(after, counted, method="GET", route="unmatched", status="404") >= 1
    assert value(after, counted, method="other", route="/api/v1/boards", status="405") >= 1
    assert f"/api/v1/cards/{card['id']}" not in after
    assert "/no/such/page" not in after and "BREW" not in after
    # Committed domain events: the move's, at least.
    events = "teamboard_events_published_total"
    assert value(after, events) >= value(before, events) + 1


async def test_the_304_shortcut_is_counted_under_its_route(
    client: httpx.AsyncClient, api: Api
) -> None:
    owner = await api.user("owner")
    board = await api.board(owner)
    r = await client.get(f"/api/v1/boards/{board['id']}", headers=auth(owner))
    etag = r.headers["etag"]
    before = await scrape(client)
    r = await client.get(
        f"/api/v1/boards/{board['id']}", headers=auth(owner) | {"If-None-Match": etag}
    )
    assert r.status_code == 304
    assert r.headers["x-request-id"]
    after = await scrape(client)
    labels = {"method": "GET", "route": "/api/v1/boards/{board_id}", "status": "304"}
    name = "teamboard_http_requests_total"
    assert value(after, name, **labels) == value(before, name, **labels) + 1


async def test_pool_and_websocket_gauges_are_exposed(client: httpx.AsyncClient) -> None:
    text = await scrape(client)
    names = {family.name for family in text_string_to_metric_families(text)}
    assert {
        "teamboard_websockets_open",
        "teamboard_db_pool_checked_out",
        "teamboard_db_pool_checked_in",
        "teamboard_db_pool_size",
        "teamboard_db_pool_overflow",
    } <= names
    assert value(text, "teamboard_db_pool_size") >= 1


async def test_outsiders_need_the_token(outsider: httpx.AsyncClient) -> None:
    r = await outsider.get("/metrics")
    assert r.status_code == 403
    assert r.headers["content-type"] == "application/problem+json"
    r = await outsider.get("/metrics", headers={"Authorization": "Bearer wrong-token-000000000"})
    assert r.status_code == 403
    r = await outsider.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200 and "teamboard_http_requests_total" in r.text


async def test_loopback_through_a_proxy_is_not_loopback(client: httpx.AsyncClient) -> None:
    # nginx on the same host connects from 127.0.0.1 on behalf of anyone.
    for header in ("X-Forwarded-For", "Forwarded", "X-Real-IP"):
        r = await client.get("/metrics", headers={header: "198.51.100.7"})
        assert r.status_code == 403, header
    r = await client.get("/metrics", headers={"X-Forwarded-For": "198.51.100.7",
                                               "Authorization": f"Bearer {TOKEN}"})  # fmt: skip
    assert r.status_code == 200


async def test_without_a_token_only_loopback_reads(runtime: Runtime) -> None:
    app = create_app(runtime.settings.model_copy(update={"metrics_token": ""}), runtime)
    outside = httpx.ASGITransport(app=app, client=OUTSIDE)
    async with httpx.AsyncClient(transport=outside, base_url=BASE_URL) as c:
        assert (await c.get("/metrics", headers={"Authorization": "Bearer "})).status_code == 403
    inside = httpx.ASGITransport(app=app, client=("127.0.0.1", 5000))
    async with httpx.AsyncClient(transport=inside, base_url=BASE_URL) as c:
        assert (await c.get("/metrics")).status_code == 200
