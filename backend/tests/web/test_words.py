"""Words for invalid input: every field error in the catalogue's sentences (core/messages.py),
never a validator's text, all at once, the same in the API and on the pages."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx

from teamboard.cli.documents import messages_document
from teamboard.core.messages import MESSAGES, message
from tests.support.api import Api, auth
from tests.support.pages import Browser, NewBrowser, World, field_error

# What validators say, in any case: none of it may reach a person.
RAW = re.compile(
    r"Value error|Input should|Field required|Extra inputs|valid string|valid date|"
    r"must be a whole number|String should|List should|outside expected range|"
    r"value is not a valid",
    re.IGNORECASE,
)
ODD_CARDS: list[dict[str, Any]] = [
    {"title": "   ", "due_date": "2026-13-01", "position": "１２"},
    {"title": "x" * 100_000, "due_date": "2026-02-30", "position": 10**30},
    {"title": {"nested": {"json": [1, 2]}}, "description": {"a": [[[]]]}, "label_ids": "1"},
    {"title": "T", "due_date": "0001-01-01", "position": -1, "archived": "maybe", "x": 1},
    {"title": 12, "due_date": "１２", "label_ids": list(range(1, 60)), "assignee_ids": [0]},
]


def assert_people_words(errors: list[dict[str, Any]]) -> None:
    assert errors
    for error in errors:
        assert not RAW.search(error["msg"]), error
        assert error["code"] in MESSAGES, error
        assert error["msg"][:1].isupper() and error["msg"].endswith("."), error


async def test_problem_json_carries_every_field_error_in_people_words(api: Api) -> None:
    who = await api.user()
    board = (await api.client.post("/api/v1/boards", json={"name": "B"}, headers=auth(who))).json()
    column = board["columns"][0]["id"] if "columns" in board else None
    if column is None:
        full = await api.client.get(f"/api/v1/boards/{board['id']}", headers=auth(who))
        column = full.json()["columns"][0]["id"]
    for body in ODD_CARDS:
        r = await api.client.post(f"/api/v1/columns/{column}/cards", json=body, headers=auth(who))
        assert r.status_code == 422, (body, r.text)
        problem = r.json()
        assert problem["code"] == "invalid"
        assert_people_words(problem["errors"])
        assert not RAW.search(r.text)
    r = await api.client.post(
        f"/api/v1/columns/{column}/cards", json=ODD_CARDS[0], headers=auth(who)
    )
    by_field = {e["loc"][-1]: e for e in r.json()["errors"]}
    assert by_field["title"]["msg"] == "Give it a title."
    assert by_field["title"]["code"] == "blank"
    assert by_field["due_date"]["msg"] == "Pick a real due date, such as 2026-12-31."
    assert by_field["position"]["code"] == "not_a_number"
    r = await api.client.post(
        f"/api/v1/columns/{column}/cards", json=ODD_CARDS[1], headers=auth(who)
    )
    by_field = {e["loc"][-1]: e for e in r.json()["errors"]}
    assert by_field["title"]["msg"] == (
        "Shorten the title to 200 characters or fewer (it has 100,000)."
    )
    assert by_field["position"]["code"] == "too_big"


async def test_sign_up_api_names_every_wrong_field_at_once(client: httpx.AsyncClient) -> None:
    body = {"email": "nope", "password": "short", "display_name": "  "}
    r = await client.post("/api/v1/auth/signup", json=body)
    assert r.status_code == 422
    codes = {e["loc"][-1]: e["code"] for e in r.json()["errors"]}
    assert codes == {"email": "email", "password": "password_too_short", "display_name": "blank"}
    assert_people_words(r.json()["errors"])


async def test_sign_up_without_javascript_shows_every_error_at_once(
    new_browser: NewBrowser,
) -> None:
    browser = await new_browser()
    token = await browser.entry_token("/signup")
    data = {"csrf_token": token, "email": "nope", "password": "password", "display_name": ""}
    r = await browser.post("/signup", data)
    assert r.status_code == 422
    assert field_error(r.text, "signup-email") == message("email", "email")
    assert field_error(r.text, "signup-password") == message("password_common", "password")
    assert field_error(r.text, "signup-display_name") == "Enter your name."
    assert not RAW.search(r.text)


async def test_pages_never_show_validator_text(owner: Browser, world: World) -> None:
    column = world.columns[0]
    cases = [
        (f"/cards/{world.card_id}", {"title": "T", "due_date": "2026-13-01", "version": "1"}),
        (f"/cards/{world.card_id}", {"title": " ", "due_date": "１２", "version": "１"}),
        (f"/cards/{world.card_id}", {"title": "x" * 100_000, "version": str(10**30)}),
        (f"/columns/{column}/cards", {"title": "\u3000 "}),
        (f"/boards/{world.board_id}/columns", {"name": " "}),
        (f"/boards/{world.board_id}/labels", {"name": " ", "color": "red"}),
        ("/boards", {"name": "\t"}),
        (f"/cards/{world.card_id}/comments", {"body": " "}),
        (f"/cards/{world.card_id}/move", {"column_id": "x", "position": "１２", "back": "card"}),
    ]
    for url, data in cases:
        r = await owner.post(url, data)
        assert r.status_code == 422, (url, r.status_code)
        assert not RAW.search(r.text), (url, RAW.search(r.text))
    r = await owner.post(f"/cards/{world.card_id}", cases[0][1])
    assert field_error(r.text, "edit-due_date") == "Pick a real due date, such as 2026-12-31."


async def test_every_form_error_is_shown_at_once(owner: Browser, world: World) -> None:
    r = await owner.post(
        f"/cards/{world.card_id}", {"title": " ", "due_date": "2026-13-01", "version": "1"}
    )
    assert field_error(r.text, "edit-title") == "Give it a title."
    assert field_error(r.text, "edit-due_date") == "Pick a real due date, such as 2026-12-31."
    r = await owner.post(f"/boards/{world.board_id}/labels", {"name": " ", "color": "red"})
    assert field_error(r.text, "new-label-name") == "Give it a name."
    assert field_error(r.text, "new-label-color").startswith("Pick a colour")


async def test_whitespace_only_titles_are_refused_with_a_message(
    owner: Browser, world: World
) -> None:
    column = world.columns[1]
    r = await owner.post(f"/columns/{column}/cards", {"title": " \u3000\t"})
    assert r.status_code == 422
    assert field_error(r.text, f"add-card-{column}-title") == "Give it a title."


def test_the_committed_catalogue_is_current() -> None:
    committed = Path(__file__).parents[3] / "frontend/src/generated/messages.json"
    assert committed.read_text(encoding="utf-8") == messages_document(), (
        "frontend/src/generated/messages.json is out of date: run `make client` and commit it"
    )
    assert json.loads(messages_document())["overrides"]["title:blank"] == "Give it a title."


async def test_after_adding_a_card_the_column_add_field_is_focused(
    owner: Browser, world: World
) -> None:
    column = world.columns[1]
    r = await owner.post(f"/columns/{column}/cards", {"title": "Next"})
    assert r.status_code == 303
    location = r.headers["location"]
    assert location.endswith(f"#add-card-{column}-title")
    page = (await owner.get(location)).text
    field = re.search(rf'<input id="add-card-{column}-title"[^>]*>', page)
    assert field and " autofocus" in field.group(0)
    assert 'placeholder="Add a card…"' in field.group(0)
    other = re.search(rf'<input id="add-card-{world.columns[0]}-title"[^>]*>', page)
    assert other and "autofocus" not in other.group(0)


async def test_json_nested_too_deep_is_malformed_json_in_words(api: Api) -> None:
    who = await api.user()
    deep = b'{"name": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    headers = auth(who) | {"content-type": "application/json"}
    r = await api.client.post("/api/v1/boards", content=deep, headers=headers)
    assert r.status_code == 400
    assert r.json()["title"] == "Malformed JSON"
    assert r.json()["detail"] == "The body is not valid JSON."
