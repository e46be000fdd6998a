"""Who gets notified: assignment and @mentions, never of one's own doing; the list API."""

from __future__ import annotations

import pytest

from teamboard.notifications.service import handles_of, mentioned_handles
from tests.support.api import Api, auth


@pytest.mark.parametrize(
    ("text", "handles"),
    [
        ("ping @ada and @Grace.Hopper.", {"ada", "grace.hopper"}),
        ("mail ada@example.com, not a mention", set()),
        ("@@ada @ @-x (@bob)", {"bob"}),
        ("", set()),
    ],
)
def test_mentions_are_read_from_text(text: str, handles: set[str]) -> None:
    assert mentioned_handles(text) == handles


def test_a_user_is_mentioned_by_mail_name_or_display_name() -> None:
    assert handles_of("Ada.L@example.com", "Ada Lovelace") == {"ada.l", "adalovelace"}


async def _person(api: Api, display_name: str) -> dict[str, str]:
    """A user whose display name has a space (``Api.user`` puts the name in the e-mail)."""
    who = await api.user("mate")
    r = await api.client.patch("/api/v1/me", json={"display_name": display_name}, headers=auth(who))
    assert r.status_code == 200, r.text
    return who


async def _board(api: Api) -> tuple[dict[str, str], dict[str, str], int, int]:
    owner, mate = await api.user("owner"), await _person(api, "Mate Person")
    board = await api.board(owner)
    await api.share(owner, board["id"], mate, "editor")
    return owner, mate, board["id"], board["columns"][0]["id"]


async def _notes(api: Api, who: dict[str, str]) -> list[dict[str, object]]:
    r = await api.client.get("/api/v1/notifications", headers=auth(who))
    assert r.status_code == 200, r.text
    items: list[dict[str, object]] = r.json()["items"]
    return items


async def test_assigning_notifies_only_the_newly_assigned(api: Api) -> None:
    owner, mate, _board_id, column = await _board(api)
    card = await api.card(owner, column, "Task", assignee_ids=[int(owner["X-User-Id"])])
    assert await _notes(api, owner) == []  # self-assignment
    url = f"/api/v1/cards/{card['id']}"
    both = [int(owner["X-User-Id"]), int(mate["X-User-Id"])]
    r = await api.client.patch(url, json={"assignee_ids": both}, headers=auth(owner))
    assert r.status_code == 200, r.text
    r = await api.client.patch(url, json={"title": "Renamed"}, headers=auth(owner))
    notes = await _notes(api, mate)
    # Only the assignment notifies (not the rename), and it shows the card as it is now.
    assert [(n["kind"], n["card_id"], n["card_title"]) for n in notes] == [
        ("assigned", card["id"], "Renamed")
    ]


async def test_a_mention_by_display_name_or_mail_notifies_once(api: Api) -> None:
    owner, mate, _board_id, column = await _board(api)
    card = await api.card(owner, column, "Task")
    handle = mate["X-Email"].split("@")[0]
    url = f"/api/v1/cards/{card['id']}/comments"
    r = await api.client.post(url, json={"body": "cc @MatePerson"}, headers=auth(owner))
    assert r.status_code == 201, r.text
    comment_id = r.json()["id"]
    # Editing to name the same person again, by their mail handle too, notifies nobody
    # new: a member is told of a comment once, and the notification shows it as it is now.
    r = await api.client.patch(
        f"/api/v1/comments/{comment_id}",
        json={"body": f"cc @MatePerson @{handle}"},
        headers=auth(owner),
    )
    assert r.status_code == 200, r.text
    notes = await _notes(api, mate)
    assert [n["kind"] for n in notes] == ["mentioned"]
    assert notes[0]["excerpt"] == f"cc @MatePerson @{handle}"


async def test_an_outsider_mentioned_is_not_notified(api: Api) -> None:
    owner, _mate, _board_id, column = await _board(api)
    outsider = await _person(api, "Outsider")
    card = await api.card(owner, column, "Task")
    r = await api.client.post(
        f"/api/v1/cards/{card['id']}/comments",
        json={"body": "@Outsider look"},
        headers=auth(owner),
    )
    assert r.status_code == 201
    assert await _notes(api, outsider) == []


async def test_the_list_needs_a_user_and_checks_its_input(api: Api) -> None:
    owner = await api.user("owner")
    assert (await api.client.get("/api/v1/notifications")).status_code == 401
    r = await api.client.get("/api/v1/notifications?limit=0", headers=auth(owner))
    assert r.status_code == 422
    r = await api.client.post("/api/v1/notifications/999999/read", headers=auth(owner))
    assert r.status_code == 404
    r = await api.client.post("/api/v1/notifications/read-all", headers=auth(owner))
    assert r.json() == {"marked": 0}
