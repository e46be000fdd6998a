"""Every integer a client sends (path, query, header, form field, JSON) is read one way:
ASCII digits within the column's range, else a 4xx that says so. Never a 500, never a
misreading ("١٢" is not 12, "1_000" is not 1000)."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import ValidationError

from teamboard.core import schemas
from teamboard.core.deps import if_match_version
from teamboard.core.schemas import MAX_ID
from teamboard.realtime.protocol import client_message
from tests.support.app import BASE_URL
from tests.support.pages import Browser, NewBrowser, World, make_admin

NOT_INTEGERS = ["²", "١٢", "+1", " 1", "1 ", "1_000", "0x10", "1.0", "1e3", "9" * 30, "", "x"]
OUT_OF_RANGE = ["-1", str(2**63), str(-(2**63) - 1)]
BAD = NOT_INTEGERS + OUT_OF_RANGE
# The catalogue's words for a number that is not one, or out of bounds (core/messages.py).
NUMBER = r"as a whole number, using the digits|can be at most|must be at least"
ID_MESSAGE = NUMBER


@pytest.fixture
async def new_browser(app: Any) -> AsyncIterator[NewBrowser]:
    """As tests/conftest.py's, but a crash is answered (500) rather than raised in the
    test: a walk reports every one at once."""
    async with AsyncExitStack() as stack:

        async def make() -> Browser:
            transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
            client = httpx.AsyncClient(
                transport=transport, base_url=BASE_URL, headers={"accept": "text/html"}
            )
            return Browser(await stack.enter_async_context(client))

        yield make


def test_parse_int_takes_ascii_digits_in_range_only() -> None:
    parse_int = schemas.parse_int
    for raw in BAD:
        assert parse_int(raw, 0, MAX_ID) is None, raw
    assert parse_int("0", 0, MAX_ID) == 0
    assert parse_int("007", 0, MAX_ID) == 7
    assert parse_int(str(MAX_ID), 1, MAX_ID) == MAX_ID
    assert parse_int("-5", -10, 10) == -5
    assert parse_int("0", 1, 10) is None


def _int_path_routes(app: Any) -> Iterator[tuple[str, str, list[str]]]:
    """(method, path template, integer path parameters) of every route, API and pages."""
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if not isinstance(route, APIRoute):
            continue
        names = [p.name for p in route.dependant.path_params if p.field_info.annotation is int]
        if names:
            for method in sorted(context.methods or ()):
                yield method, str(context.path), names


def _ids(world: World, owner: Browser) -> dict[str, int]:
    return {
        "board_id": world.board_id,
        "column_id": world.columns[0],
        "card_id": world.card_id,
        "label_id": world.label_id,
        "user_id": owner.id,
    }


class Answers:
    """Every wrong answer of a walk, reported together: the 5xx first."""

    def __init__(self) -> None:
        self.crashes: list[str] = []
        self.wrong: list[str] = []

    def check(self, where: str, r: httpx.Response, status: int, message: str) -> None:
        if r.status_code >= 500:
            self.crashes.append(f"{where}: {r.status_code}")
        elif r.status_code != status or not re.search(message, _messages(r), re.IGNORECASE):
            self.wrong.append(f"{where}: {r.status_code} {_messages(r)[:200]}")

    def assert_right(self) -> None:
        assert self.crashes == [], "\n".join(self.crashes)
        assert self.wrong == [], "\n".join(self.wrong)


def _messages(r: httpx.Response) -> str:
    if r.headers.get("content-type", "").startswith("application/problem+json"):
        return json.dumps(r.json(), ensure_ascii=False)
    return r.text


async def _send(owner: Browser, method: str, url: str, **kwargs: Any) -> httpx.Response:
    if url.startswith("/api/"):
        headers = {"X-CSRF-Token": owner.csrf, "accept": "application/json"}
        body: dict[str, Any] | None = {} if method in ("POST", "PUT", "PATCH") else None
        return await owner.client.request(method, url, json=body, headers=headers, **kwargs)
    if method == "POST":
        return await owner.post(url, {}, **kwargs)
    return await owner.client.request(method, url, **kwargs)


async def test_every_integer_path_parameter_refuses_what_is_not_an_id(
    app: Any, owner: Browser, world: World
) -> None:
    routes = list(_int_path_routes(app))
    assert len(routes) > 60  # the walk did find the routes
    good = _ids(world, owner)
    answers = Answers()
    for method, template, names in routes:
        for name in names:
            for raw in [*BAD, "0"]:
                if raw == "":
                    continue  # an empty segment is another address
                values = {n: str(good.get(n, 1)) for n in names} | {name: raw}
                url = template
                for key, value in values.items():
                    url = url.replace(f"{{{key}}}", quote(value, safe=""))
                r = await _send(owner, method, url)
                answers.check(f"{method} {template} {name}={raw!r}", r, 422, ID_MESSAGE)
    answers.assert_right()


def _latin1(value: str) -> bytes:
    """Header bytes as the server will read them back (Starlette decodes Latin-1)."""
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode()


async def test_a_session_id_beyond_64_bits_is_refused_not_overflowed(owner: Browser) -> None:
    """It was a bare ``int``: 2**64 reached the database driver (OverflowError, a 500)."""
    for raw in (str(2**63), str(2**64), "9" * 30, "+1"):
        r = await owner.client.delete(
            f"/api/v1/me/sessions/{quote(raw)}", headers={"X-CSRF-Token": owner.csrf}
        )
        assert r.status_code == 422, f"{raw}: {r.status_code} {r.text[:200]}"
        assert re.search(ID_MESSAGE, r.text)
    assert (await owner.get("/api/v1/me")).status_code == 200  # "+1" did not end session 1


def _if_match_routes(app: Any) -> Iterator[tuple[str, str]]:
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute) and any(
            d.call is if_match_version for d in route.dependant.dependencies
        ):
            for method in context.methods or ():
                yield method, str(context.path)


async def test_if_match_refuses_what_is_not_a_version(
    app: Any, owner: Browser, world: World
) -> None:
    routes = sorted(_if_match_routes(app))
    assert len(routes) == 5
    good = _ids(world, owner)
    bodies = {
        "/api/v1/cards/{card_id}/move": {"column_id": world.columns[1], "position": 0},
        "/api/v1/cards/{card_id}": {"title": "Changed"},
        "/api/v1/columns/{column_id}": {"name": "Changed"},
    }
    before = await owner.board_json(world.board_id)
    answers = Answers()
    for method, template in routes:
        url = re.sub(r"\{(\w+)\}", lambda m: str(good[m[1]]), template)
        body = bodies.get(template) if method != "DELETE" else None
        for raw in [*BAD, "0"]:
            # Unquoted, spaces around the value are not part of it (HTTP trims them).
            bare = [raw] if raw.strip() == raw else []
            for header in (f'"{raw}"', f'W/"{raw}"', *bare):
                r = await owner.client.request(
                    method,
                    url,
                    json=body,
                    headers={b"If-Match": _latin1(header), b"X-CSRF-Token": owner.csrf.encode()},
                )
                where = f"{method} {template} If-Match: {header!r}"
                answers.check(where, r, 422, "Send the version you last saw as a number")
    answers.assert_right()
    after = await owner.board_json(world.board_id)
    assert after["columns"] == before["columns"]  # nothing moved, changed or went


async def test_every_integer_query_parameter_of_the_api(
    app: Any, owner: Browser, world: World
) -> None:
    good = _ids(world, owner)
    checked = 0
    answers = Answers()
    for template, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            for param in operation.get("parameters", []):
                schema = param["schema"]
                types = [schema] + schema.get("anyOf", [])
                if param["in"] != "query" or not any(t.get("type") == "integer" for t in types):
                    continue
                url = re.sub(r"\{(\w+)\}", lambda m: str(good[m[1]]), template)
                for raw in BAD:
                    if raw == "" and not param.get("required"):
                        continue  # a blank optional filter is no filter
                    r = await owner.client.request(
                        method.upper(),
                        f"{url}?{urlencode({param['name']: raw})}",
                        headers={"X-CSRF-Token": owner.csrf},
                    )
                    where = f"{method} {template}?{param['name']}={raw!r}"
                    answers.check(where, r, 422, NUMBER)
                checked += 1
    assert checked >= 15
    answers.assert_right()


async def test_integer_query_parameters_of_the_pages(
    runtime: Any, owner: Browser, world: World
) -> None:
    await make_admin(runtime, owner.id)
    pages = [
        ("/boards", "offset"),
        ("/admin", "offset"),
        (f"/boards/{world.board_id}", "label"),
        (f"/boards/{world.board_id}", "assignee"),
        (f"/boards/{world.board_id}/archived", "offset"),
        (f"/boards/{world.board_id}/activity", "offset"),
        (f"/cards/{world.card_id}", "offset"),
    ]
    answers = Answers()
    for page, name in pages:
        for raw in BAD:
            if raw == "":
                continue  # blank: the default
            r = await owner.get(f"{page}?{urlencode({name: raw})}")
            answers.check(f"{page}?{name}={raw!r}", r, 422, NUMBER)
    answers.assert_right()
    ok = await owner.get(f"/boards/{world.board_id}?label={world.label_id}&assignee=")
    assert ok.status_code == 200


async def test_integer_form_fields_of_the_pages(runtime: Any, owner: Browser, world: World) -> None:
    await make_admin(runtime, owner.id)
    r = await owner.post(f"/cards/{world.card_id}/comments", {"body": "Hello"})
    assert r.status_code == 303, r.text
    board = await owner.board_json(world.board_id)  # with the comment in its count
    column, card = board["columns"][0], board["columns"][0]["cards"][0]
    comment = (await owner.get(f"/api/v1/cards/{world.card_id}/comments")).json()["items"][0]
    forms: list[tuple[str, dict[str, Any], str]] = [
        (f"/columns/{column['id']}/rename", {"name": "Renamed"}, "version"),
        (f"/columns/{column['id']}/delete", {"confirm": "yes"}, "version"),
        (f"/cards/{card['id']}/move", {"position": "1"}, "column_id"),
        (f"/cards/{card['id']}/move", {"column_id": str(column["id"])}, "position"),
        (f"/cards/{card['id']}/move", {"column_id": str(column["id"])}, "version"),
        (f"/cards/{card['id']}", {"title": "Edited"}, "label_ids"),
        (f"/cards/{card['id']}", {"title": "Edited"}, "assignee_ids"),
        (f"/cards/{card['id']}", {"title": "Edited"}, "version"),
        (f"/cards/{card['id']}/delete", {}, "version"),
        (f"/comments/{comment['id']}/edit", {"body": "Edited"}, "card_id"),
        (f"/comments/{comment['id']}/delete", {}, "card_id"),
        (f"/labels/{world.label_id}/update", {"name": "Edited", "color": "#00ff00"}, "board_id"),
        (f"/labels/{world.label_id}/delete", {}, "board_id"),
        (f"/admin/users/{owner.id}", {"action": "reactivate"}, "offset"),
    ]
    answers = Answers()
    for url, data, field in forms:
        for raw in BAD:
            if raw == "" and field not in ("card_id", "board_id", "column_id"):
                continue  # blank: none (no version check, last position, ...)
            r = await owner.post(url, data | {field: raw})
            answers.check(f"{url} {field}={raw!r}", r, 422, "")
    answers.assert_right()
    after = await owner.board_json(world.board_id)
    assert after["columns"][0]["name"] == column["name"]
    assert after["columns"][0]["cards"] == board["columns"][0]["cards"]
    assert after["labels"] == board["labels"]
    comments = (await owner.get(f"/api/v1/cards/{world.card_id}/comments")).json()["items"]
    assert comments == [comment]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/cards/{card}", {"title": "x", "version": "{bad}"}),
        ("/api/v1/cards/{card}/move", {"column_id": "{bad}", "position": 0}),
        ("/api/v1/cards/{card}/move", {"column_id": "{column}", "position": "{bad}"}),
        ("/api/v1/columns/{column}/cards", {"title": "x", "label_ids": ["{bad}"]}),
        ("/api/v1/boards/{board}/columns", {"name": "x", "wip_limit": "{bad}"}),
        ("/api/v1/boards/{board}/columns/order", {"column_ids": ["{bad}"]}),
    ],
)
async def test_integers_in_json_bodies(
    owner: Browser, world: World, path: str, body: dict[str, Any]
) -> None:
    ids = {"card": world.card_id, "column": world.columns[0], "board": world.board_id}
    method = "PUT" if path.endswith("/order") else "PATCH" if "version" in body else "POST"
    # (The JSON number 1.0 is the integer 1, as JSON Schema has it; 1.5 is not one.)
    numbers: list[Any] = [2**63, -(2**63), -1, 10**30, 2.0**63, 1.5, True, [1], *BAD]
    answers = Answers()
    for bad in numbers:
        filled = json.loads(
            json.dumps(body)
            .replace('"{bad}"', json.dumps(bad))
            .replace('"{column}"', str(ids["column"]))
        )
        url = path.format(**ids)
        r = await owner.client.request(
            method, url, json=filled, headers={"X-CSRF-Token": owner.csrf}
        )
        answers.check(f"{method} {url} {filled}", r, 422, NUMBER)
    answers.assert_right()


def test_live_updates_refuse_what_is_not_a_sequence_number() -> None:
    for since in [2**63, -1, "²", "1_000", " 1", 1.5, True]:
        message = json.dumps({"type": "subscribe", "board_id": 1, "since": since})
        with pytest.raises(ValidationError):
            client_message.validate_json(message)
    for board_id in [2**63, 0, "١٢", "+1"]:
        message = json.dumps({"type": "subscribe", "board_id": board_id})
        with pytest.raises(ValidationError):
            client_message.validate_json(message)
