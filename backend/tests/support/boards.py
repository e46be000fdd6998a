"""A small populated board for the boards tests: one owner, a viewer member, an outsider,
three columns, a labelled card with a comment. Built through the API only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from devkit.api import assert_problem as assert_problem
from devkit.flows import PROBLEM_KEYS as PROBLEM_KEYS
from tests.conftest import Api, auth

Headers = dict[str, str]
ROLES = ("viewer", "editor", "owner")
RANK = {None: -1, "viewer": 0, "editor": 1, "owner": 2}


@dataclass
class World:
    owner: Headers
    member: Headers  # a viewer; the target of the member-management routes
    outsider: Headers  # never a member; the one to invite
    board_id: int
    columns: list[int]
    card: dict[str, Any]
    label_id: int
    comment_id: int

    @property
    def card_id(self) -> int:
        return int(self.card["id"])

    @property
    def member_id(self) -> int:
        return int(self.member["X-User-Id"])

    def ids(self) -> dict[str, Any]:
        return {
            "board": self.board_id,
            "column": self.columns[0],
            "column2": self.columns[1],
            "card": self.card_id,
            "label": self.label_id,
            "comment": self.comment_id,
            "member": self.member_id,
        }


async def build_world(api: Api) -> World:
    owner = await api.user("owner")
    member = await api.user("member")
    outsider = await api.user("outsider")
    board = await api.board(owner, "World", description="populated")
    columns = [col["id"] for col in board["columns"]]
    await api.share(owner, board["id"], member, "viewer")
    r = await api.client.post(
        f"/api/v1/boards/{board['id']}/labels",
        json={"name": "Bug", "color": "#ff0000"},
        headers=auth(owner),
    )
    assert r.status_code == 201, r.text
    label_id = r.json()["id"]
    card = await api.card(
        owner, columns[0], "Task", label_ids=[label_id], assignee_ids=[int(member["X-User-Id"])]
    )
    await api.card(owner, columns[0], "Other task")
    r = await api.client.post(
        f"/api/v1/cards/{card['id']}/comments", json={"body": "Hello"}, headers=auth(owner)
    )
    assert r.status_code == 201, r.text
    return World(owner, member, outsider, board["id"], columns, card, label_id, r.json()["id"])


async def actor_with_role(api: Api, world: World, role: str | None) -> Headers:
    """The board's creator for ``owner``; a freshly shared user for the other roles; a
    user with a board of their own (but not this one) for ``None``."""
    if role == "owner":
        return world.owner
    who = await api.user(role or "stranger")
    if role is None:
        await api.board(who, "Elsewhere")
    else:
        await api.share(world.owner, world.board_id, who, role)
    return who


async def snapshot(client: httpx.AsyncClient, world: World) -> dict[str, Any]:
    """Everything an owner can see of the board, including the comments (None once the
    card is gone)."""
    r = await client.get(f"/api/v1/boards/{world.board_id}", headers=auth(world.owner))
    assert r.status_code == 200, r.text
    board: dict[str, Any] = r.json()
    r = await client.get(f"/api/v1/cards/{world.card_id}/comments", headers=auth(world.owner))
    assert r.status_code in (200, 404), r.text
    board["comments"] = r.json()["items"] if r.status_code == 200 else None
    return board


async def board_seq(client: httpx.AsyncClient, world: World) -> int:
    r = await client.get(f"/api/v1/boards/{world.board_id}", headers=auth(world.owner))
    assert r.status_code == 200, r.text
    return int(r.json()["seq"])
