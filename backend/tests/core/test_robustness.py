"""Hostile and odd input: every answer is a problem+json 4xx, never a 500, and a refused
request changes nothing."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from devkit.api import assert_problem
from tests.support.api import Api, auth


@pytest.fixture
async def watched(
    api: Api, caplog: pytest.LogCaptureFixture
) -> AsyncIterator[tuple[Api, dict[str, str], dict[str, Any]]]:
    """An owner with a board and a card; after the test, no response may have been a 5xx
    and nothing may have been logged as an error."""
    statuses: list[tuple[str, int]] = []

    async def record(response: httpx.Response) -> None:
        statuses.append((f"{response.request.method} {response.request.url}", response.status_code))

    api.client.event_hooks["response"].append(record)
    owner = await api.user("owner")
    board = await api.board(owner)
    await api.card(owner, board["columns"][0]["id"], "Existing", description="Keep")
    caplog.set_level(logging.ERROR, logger="teamboard")
    yield api, owner, board
    api.client.event_hooks["response"].remove(record)
    assert [s for s in statuses if s[1] >= 500] == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


async def _snapshot(api: Api, who: dict[str, str], board_id: int) -> Any:
    r = await api.client.get(f"/api/v1/boards/{board_id}", headers=auth(who))
    assert r.status_code == 200
    return r.json()


async def test_malformed_json_is_400(watched: tuple[Api, dict[str, str], dict[str, Any]]) -> None:
    api, owner, board = watched
    column = board["columns"][0]["id"]
    headers = auth(owner) | {"content-type": "application/json"}
    for raw in (b'{"title": "x",', b"{title: 'x'}", b"", b"\xff\xfe{}", b"[" * 50_000):
        r = await api.client.post(f"/api/v1/columns/{column}/cards", content=raw, headers=headers)
        if raw == b"":
            assert_problem(r, 422)  # no body at all: the body is missing
        else:
            assert_problem(r, 400)


async def test_wrong_types_are_422(watched: tuple[Api, dict[str, str], dict[str, Any]]) -> None:
    api, owner, board = watched
    url = f"/api/v1/columns/{board['columns'][0]['id']}/cards"
    for payload in (
        {"title": 123},
        {"title": ["x"]},
        {"title": "x", "label_ids": "1"},
        {"title": "x", "label_ids": [True]},
        {"title": "x", "due_date": "tomorrow"},
        {"title": "x", "position": "top"},
        {"title": "x", "position": -1},
        {"title": "x", "position": 1.5},
        {"title": "x", "unknown": 1},
        {"title": "x", "label_ids": list(range(1, 60))},
        ["title", "x"],
        "title",
        None,
    ):
        body = assert_problem(await api.client.post(url, json=payload, headers=auth(owner)), 422)
        assert body["code"] == "invalid" and body["errors"], payload


async def test_length_limits(watched: tuple[Api, dict[str, str], dict[str, Any]]) -> None:
    api, owner, board = watched
    url = f"/api/v1/columns/{board['columns'][0]['id']}/cards"
    for payload in (
        {"title": "x" * 100_000},
        {"title": "x" * 201},
        {"title": "   "},
        {"title": "x", "description": "d" * 20_001},
    ):
        assert_problem(await api.client.post(url, json=payload, headers=auth(owner)), 422)
    r = await api.client.post(
        url, json={"title": "x" * 200, "description": "d" * 20_000}, headers=auth(owner)
    )
    assert r.status_code == 201 and len(r.json()["title"]) == 200


async def test_control_characters_refused_other_unicode_kept(
    watched: tuple[Api, dict[str, str], dict[str, Any]],
) -> None:
    api, owner, board = watched
    url = f"/api/v1/columns/{board['columns'][0]['id']}/cards"
    for payload in (
        {"title": "nul\x00byte"},
        {"title": "bell\x07"},
        {"title": "tab\tin title"},
        {"title": "new\nline"},
        {"title": "x", "description": "nul\x00byte"},
        {"title": "x", "description": "escape\x1b[31m"},
    ):
        assert_problem(await api.client.post(url, json=payload, headers=auth(owner)), 422)
    headers = auth(owner) | {"content-type": "application/json"}
    for raw in (
        b'{"title": "lone \\ud800 surrogate"}',
        b'{"title": "x", "description": "\\udfff"}',
    ):
        assert_problem(await api.client.post(url, content=raw, headers=headers), 422)
    kept = [
        "right\u202eto-left override",
        "zero\u200bwidth\u200djoiner\ufeff",
        "emoji 👩\u200d💻 and 中文 and עברית",
        "isolates \u2067x\u2069",
    ]
    for title in kept:
        r = await api.client.post(
            url, json={"title": title, "description": f"{title}\n\ttabbed"}, headers=auth(owner)
        )
        assert r.status_code == 201, r.text
        r = await api.client.get(f"/api/v1/cards/{r.json()['id']}", headers=auth(owner))
        assert r.json()["title"] == title
        assert r.json()["description"] == f"{title}\n\ttabbed"
    r = await api.client.post(url, json={"title": "Cafe\u0301"}, headers=auth(owner))
    assert r.json()["title"] == "Caf\u00e9"  # stored in NFC


async def test_huge_integers_are_422(watched: tuple[Api, dict[str, str], dict[str, Any]]) -> None:
    api, owner, board = watched
    column = board["columns"][0]["id"]
    card = (await api.client.get(f"/api/v1/boards/{board['id']}", headers=auth(owner))).json()[
        "columns"
    ][0]["cards"][0]
    big = 10**30
    requests: list[tuple[str, str, Any]] = [
        ("POST", f"/api/v1/columns/{column}/cards", {"title": "x", "position": big}),
        ("POST", f"/api/v1/columns/{column}/cards", {"title": "x", "label_ids": [2**63]}),
        ("POST", f"/api/v1/columns/{column}/cards", {"title": "x", "assignee_ids": [-(2**70)]}),
        ("POST", f"/api/v1/cards/{card['id']}/move", {"column_id": 2**64, "position": 0}),
        ("POST", f"/api/v1/cards/{card['id']}/move", {"column_id": column, "position": big}),
        ("PATCH", f"/api/v1/cards/{card['id']}", {"title": "x", "version": 2**63}),
        ("GET", f"/api/v1/cards/{big}", None),
        ("GET", f"/api/v1/cards/{2**63}", None),
        ("GET", "/api/v1/cards/0", None),
        ("GET", "/api/v1/cards/-1", None),
        ("GET", f"/api/v1/boards/{board['id']}/cards?limit={big}", None),
        ("GET", f"/api/v1/boards/{board['id']}/cards?offset={big}", None),
        ("GET", f"/api/v1/boards/{board['id']}/cards?label={big}", None),
        ("GET", f"/api/v1/boards/{board['id']}/activity?offset={big}", None),
    ]
    for method, url, payload in requests:
        r = await api.client.request(method, url, json=payload, headers=auth(owner))
        assert_problem(r, 422)
    r = await api.client.patch(
        f"/api/v1/cards/{card['id']}",
        json={"title": "x"},
        headers=auth(owner) | {"If-Match": f'"{big}"'},
    )
    assert_problem(r, 422)
    # Past Python's int-parsing limit, and non-finite numbers: refused, never a crash.
    headers = auth(owner) | {"content-type": "application/json"}
    url = f"/api/v1/cards/{card['id']}/move"
    for number in (b"9" * 5_000, b"1e400", b"NaN", b"-Infinity"):
        raw = b'{"column_id": %d, "position": %s}' % (column, number)
        r = await api.client.post(url, content=raw, headers=headers)
        assert r.status_code in (400, 422), r.text
        assert_problem(r, r.status_code)


async def test_unknown_route_and_wrong_method(
    watched: tuple[Api, dict[str, str], dict[str, Any]],
) -> None:
    api, owner, board = watched
    for url in ("/api/v1/nope", "/api/v1/boards/1/nope", "/api/v2/boards", "/no/such/page"):
        body = assert_problem(await api.client.get(url, headers=auth(owner)), 404)
        assert body["code"] == "not_found"
    for method, url in (
        ("PUT", f"/api/v1/boards/{board['id']}/cards"),
        ("DELETE", f"/api/v1/boards/{board['id']}/activity"),
        ("PATCH", "/api/v1/boards"),
    ):
        r = await api.client.request(method, url, headers=auth(owner))
        body = assert_problem(r, 405)
        assert body["code"] == "method_not_allowed"
        assert "allow" in r.headers
    # A fixed segment is a resource of its own: /imports/trello is not GET /imports/{id}.
    for source in ("trello", "teamboard"):
        r = await api.client.request("PUT", f"/api/v1/imports/{source}", headers=auth(owner))
        assert_problem(r, 405)
        assert r.headers["allow"] == "POST"
    r = await api.client.request("PUT", "/api/v1/imports/7", headers=auth(owner))
    assert assert_problem(r, 405) and r.headers["allow"] == "GET"
    for source in ("trello", "teamboard"):  # a GET there is no import's id
        r = await api.client.get(f"/api/v1/imports/{source}", headers=auth(owner))
        assert assert_problem(r, 405) and r.headers["allow"] == "POST"


async def test_refused_requests_change_nothing(
    watched: tuple[Api, dict[str, str], dict[str, Any]],
) -> None:
    api, owner, board = watched
    before = await _snapshot(api, owner, board["id"])
    card = before["columns"][0]["cards"][0]
    column = before["columns"][0]["id"]
    viewer = await api.user("viewer")
    await api.share(owner, board["id"], viewer, "viewer")
    before = await _snapshot(api, owner, board["id"])
    c = api.client
    url = f"/api/v1/cards/{card['id']}"
    attempts = [
        await c.patch(url, json={"title": "new", "description": "\x00"}, headers=auth(owner)),
        await c.patch(url, json={"title": "new", "label_ids": [999_999]}, headers=auth(owner)),
        await c.patch(url, json={"title": "new", "version": 99}, headers=auth(owner)),
        await c.patch(url, json={"title": "new"}, headers=auth(viewer)),
        await c.post(
            f"{url}/move", json={"column_id": 999_999, "position": 0}, headers=auth(owner)
        ),
        await c.post(f"/api/v1/columns/{column}/cards", json={"title": ""}, headers=auth(owner)),
        await c.post(f"/api/v1/columns/{column}/cards", json={"title": "x"}, headers=auth(viewer)),
        await c.delete(url, headers=auth(viewer)),
        await c.delete(url, headers=auth(owner) | {"If-Match": '"7"'}),
        await c.post(f"{url}/comments", json={"body": " "}, headers=auth(owner)),
    ]
    assert all(400 <= r.status_code < 500 for r in attempts), [r.status_code for r in attempts]
    assert await _snapshot(api, owner, board["id"]) == before
    r = await c.get(f"{url}/comments", headers=auth(owner))
    assert r.json()["total"] == 0
