"""Whatever the address holds, the search answers 200 or a problem+json written for
people, every field's error at once; and a page costs the same statements at any size."""

from __future__ import annotations

import base64
import json

import pytest

from devkit.api import assert_problem
from teamboard.core.runtime import Runtime
from tests.support.api import Api, auth
from tests.support.app import QueryCounter

BAD = [
    ({"q": "x" * 201}, "q", "too_long"),
    ({"q": "x" * 60_000}, "q", "too_long"),
    ({"board_id": "１２"}, "board_id", "not_a_number"),
    ({"board_id": "²"}, "board_id", "not_a_number"),
    ({"label": "9" * 40}, "label", "too_big"),
    ({"assignee": "-1"}, "assignee", "too_small"),
    ({"assignee": "1.5"}, "assignee", "not_a_number"),
    ({"limit": "0"}, "limit", "too_small"),
    ({"limit": "51"}, "limit", "too_big"),
    ({"limit": "99999999999999999999999999"}, "limit", "too_big"),
    ({"due": "later"}, "due", "choice"),
    ({"archived": "perhaps"}, "archived", "yes_no"),
    ({"cursor": "garbage"}, "cursor", "cursor"),
    ({"cursor": "x" * 201}, "cursor", "too_long"),
]


def _encoded(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


CURSORS = [
    "",
    "====",
    "%%%",
    _encoded([1.0, "2026-01-01T00:00:00+00:00"]),
    _encoded([1.0, "2026-01-01T00:00:00", 1]),  # a naive time
    _encoded([1.0, "not a time", 1]),
    _encoded(["1", "2026-01-01T00:00:00+00:00", 1]),
    _encoded([1.0, "2026-01-01T00:00:00+00:00", 0]),
    _encoded([1.0, "2026-01-01T00:00:00+00:00", 2**70]),
    _encoded([1.0, "2026-01-01T00:00:00+00:00", True]),
    _encoded({"a": 1}),
    _encoded([float("inf"), "2026-01-01T00:00:00+00:00", 1]),
    _encoded([1.0, "0001-01-01T00:00:00+01:00", 1]),  # before year 1 in UTC
    _encoded([1.0, "9999-12-31T23:59:59+00:00", 1, 2]),
    base64.urlsafe_b64encode(b"[" * 150).decode(),
    base64.urlsafe_b64encode(b"\xff\xfe").decode(),
]


@pytest.mark.parametrize(("params", "field", "code"), BAD, ids=lambda v: str(v)[:40])
async def test_bad_input_is_told(api: Api, params: dict[str, str], field: str, code: str) -> None:
    who = await api.user("ana")
    r = await api.client.get("/api/v1/search", params={"q": "x", **params}, headers=auth(who))
    body = assert_problem(r, 422, "invalid")
    [error] = body["errors"]
    assert error["loc"] == ["query", field]
    assert error["code"] == code
    assert "Input should" not in error["msg"] and "Value error" not in error["msg"]


@pytest.mark.parametrize("cursor", CURSORS)
async def test_a_cursor_not_handed_out_is_refused(api: Api, cursor: str) -> None:
    who = await api.user("ana")
    r = await api.client.get(
        "/api/v1/search", params={"q": "x", "cursor": cursor}, headers=auth(who)
    )
    body = assert_problem(r, 422, "invalid")
    assert body["errors"][0]["code"] == "cursor"
    assert "start the search again" in body["errors"][0]["msg"]


async def test_every_error_at_once(api: Api) -> None:
    who = await api.user("ana")
    params = {"q": "x" * 300, "due": "soon", "limit": "x", "cursor": "nope"}
    r = await api.client.get("/api/v1/search", params=params, headers=auth(who))
    body = assert_problem(r, 422, "invalid")
    assert sorted(e["loc"][-1] for e in body["errors"]) == ["cursor", "due", "limit", "q"]


async def test_anonymous_callers_are_refused(api: Api) -> None:
    r = await api.client.get("/api/v1/search", params={"q": "x"})
    assert_problem(r, 401)


async def test_a_page_costs_the_same_statements_at_any_size(
    api: Api, runtime: Runtime, queries: QueryCounter
) -> None:
    who = await api.user("ana")
    counts = []
    for size in (2, 30):
        board = await api.board(who, f"Board {size}")
        column = board["columns"][0]["id"]
        for n in range(size):
            card = await api.card(who, column, f"Walrus {n}", label_ids=[])
            await api.comment(who, card["id"], "krill walrus")
        runtime.db.access.clear()
        runtime.db.memo.clear()
        queries.statements.clear()
        queries.active = True
        r = await api.client.get(
            "/api/v1/search", params={"q": "walrus", "limit": 50}, headers=auth(who)
        )
        queries.active = False
        assert r.status_code == 200, r.text
        assert len(r.json()["hits"]) == min(50, 2 + (size > 2) * size)
        counts.append(queries.count())
    assert counts[0] == counts[1], counts


ODD_QUERIES = [
    "nul\x00here",
    "\x00",
    "tab\tand\nline",
    "\ue000mark\ue001",
    "'quote' \\back\\slash",
    "a:* & b | !c <-> (d)",
    "NEAR(a b) AND c OR NOT d * ^e",
    "\u202eright-to-left\u202c",
    "😀 emoji",
    "日本語",
    '"unclosed phrase',
    "-",
    "or -or or",
]


@pytest.mark.parametrize("q", ODD_QUERIES)
async def test_any_text_is_a_query(api: Api, q: str) -> None:
    """Whatever characters ``q`` holds, the engines' own syntax included: 200, never a
    500 (nothing a person types is SQL or FTS5 or tsquery syntax)."""
    who = await api.user("ana")
    column = (await api.board(who, "Ops"))["columns"][0]["id"]
    await api.card(who, column, "Deploy the nul here quote back slash")
    r = await api.client.get("/api/v1/search", params={"q": q}, headers=auth(who))
    assert r.status_code == 200, r.text
    for hit in r.json()["hits"]:
        assert "\ue000" not in hit["snippet"]
