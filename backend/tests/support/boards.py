"""A small populated board, built through the API only: one owner, a viewer member, an
outsider, three columns, a labelled card with a comment and an image attached. And the
table of every board-scoped route with the smallest role allowed to call it, which the
role matrix, the isolation and the validation tests walk."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.support.api import Api, Headers, auth, label
from tests.support.files import image, uploaded


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
    checklist_id: int
    item_id: int
    attachment_id: int

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
            "checklist": self.checklist_id,
            "item": self.item_id,
            "member": self.member_id,
            "attachment": self.attachment_id,
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
    comment_id = r.json()["id"]
    checklist = await api.checklist(owner, card["id"], "Steps", ["Write it", "Test it"])
    item_id = checklist["items"][0]["id"]
    picture = await uploaded(api.client, owner, card["id"], image(), "picture.png")
    return World(
        owner,
        member,
        outsider,
        board["id"],
        columns,
        card,
        label_id,
        comment_id,
        checklist["id"],
        item_id,
        picture["id"],
    )


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


# -- every board-scoped route -----------------------------------------------------------

Body = Callable[[World], dict[str, Any]] | None
Files = Callable[[World], dict[str, tuple[str, bytes, str]]] | None


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    need: str  # the smallest role allowed
    ok: int
    body: Body = field(default=None, compare=False)
    label: str = ""
    # An undo: the DELETE (a path) the owner makes first, within the window.
    undoes: str = ""
    events: int = 1  # how many events it records
    # False: allowed, it leaves this board as it was (a copy of it is another board).
    writes: bool = True
    # A multipart upload instead of a JSON body: httpx's ``files``.
    files: Files = field(default=None, compare=False)

    def url(self, world: World) -> str:
        return "/api/v1" + self.path.format(**world.ids())

    async def prepare(self, api: Api, world: World) -> None:
        if self.undoes:
            url = "/api/v1" + self.undoes.format(**world.ids())
            r = await api.client.delete(url, headers=auth(world.owner))
            assert r.status_code == 204, r.text

    @property
    def name(self) -> str:
        return f"{self.method} {self.path}" + (f" ({self.label})" if self.label else "")


def const(data: dict[str, Any]) -> Body:
    return lambda _world: data


# Every mutating board-scoped route of the boards, cards and attachments routers
# (``POST /boards`` has no board yet); tests/boards/test_role_matrix.py checks that none is
# missing.
MUTATIONS = [
    Route("PATCH", "/boards/{board}", "editor", 200, const({"name": "Renamed"}), "rename"),
    Route("PATCH", "/boards/{board}", "editor", 200, const({"description": "New"}), "describe"),
    Route("PATCH", "/boards/{board}", "owner", 200, const({"archived": True}), "archive"),
    Route("PATCH", "/boards/{board}", "owner", 200, const({"archived": False}), "unarchive"),
    Route("PATCH", "/boards/{board}", "owner", 200, const({"is_template": True}), "template"),
    Route(
        "POST",
        "/boards/{board}/copy",
        "viewer",
        201,
        const({"name": "Copy", "include_cards": True}),
        writes=False,
    ),
    Route("DELETE", "/boards/{board}", "owner", 204),
    Route(
        "POST",
        "/boards/{board}/members",
        "owner",
        202,
        lambda w: {"email": w.outsider["X-Email"], "role": "editor"},
    ),
    Route("PATCH", "/boards/{board}/members/{member}", "owner", 200, const({"role": "editor"})),
    Route("DELETE", "/boards/{board}/members/{member}", "owner", 204),
    Route(
        "POST",
        "/boards/{board}/members/{member}/restore",
        "owner",
        200,
        undoes="/boards/{board}/members/{member}",
    ),
    Route("POST", "/boards/{board}/columns", "editor", 201, const({"name": "QA"})),
    Route(
        "PUT",
        "/boards/{board}/columns/order",
        "editor",
        200,
        lambda w: {"column_ids": w.columns[::-1]},
    ),
    Route("PATCH", "/columns/{column}", "editor", 200, const({"name": "Backlog", "wip_limit": 3})),
    Route("PATCH", "/columns/{column}", "editor", 200, const({"position": 2}), "reorder"),
    Route("DELETE", "/columns/{column}", "editor", 204),
    Route("POST", "/boards/{board}/labels", "editor", 201, const({"name": "Feature"})),
    Route("PATCH", "/labels/{label}", "editor", 200, const({"name": "Defect", "color": "#00ff00"})),
    Route("DELETE", "/labels/{label}", "editor", 204),
    Route("POST", "/labels/{label}/restore", "editor", 200, undoes="/labels/{label}"),
    Route("POST", "/columns/{column}/cards", "editor", 201, const({"title": "New card"})),
    Route("PATCH", "/cards/{card}", "editor", 200, const({"title": "Edited"})),
    Route("PATCH", "/cards/{card}", "editor", 200, const({"archived": True}), "archive"),
    Route(
        "POST",
        "/cards/{card}/move",
        "editor",
        200,
        lambda w: {"column_id": w.columns[1], "position": 0},
    ),
    Route("DELETE", "/cards/{card}", "editor", 204),
    Route("POST", "/cards/{card}/copy", "editor", 201, lambda w: {"column_id": w.columns[1]}),
    Route("POST", "/cards/{card}/restore", "editor", 200, undoes="/cards/{card}"),
    Route("POST", "/cards/{card}/comments", "editor", 201, const({"body": "Me too"})),
    # The comment was written by the board's creator (the owner here): authors edit.
    Route("PATCH", "/comments/{comment}", "owner", 200, const({"body": "Edited"})),
    Route("DELETE", "/comments/{comment}", "owner", 204),
    # Restoring is for whoever may delete: the author, or a board owner.
    Route("POST", "/comments/{comment}/restore", "owner", 200, undoes="/comments/{comment}"),
    Route("POST", "/cards/{card}/checklists", "editor", 201, const({"title": "Release"})),
    Route("PATCH", "/checklists/{checklist}", "editor", 200, const({"title": "Renamed"})),
    Route("DELETE", "/checklists/{checklist}", "editor", 204),
    Route("POST", "/checklists/{checklist}/items", "editor", 201, const({"text": "Ship it"})),
    Route("PATCH", "/checklist-items/{item}", "editor", 200, const({"done": True}), "tick"),
    Route("PATCH", "/checklist-items/{item}", "editor", 200, const({"position": 1}), "move"),
    Route("DELETE", "/checklist-items/{item}", "editor", 204),
    # The new card's card.created, then the item's checklist_item.deleted.
    Route("POST", "/checklist-items/{item}/convert", "editor", 201, const({}), events=2),
    Route(
        "POST",
        "/cards/{card}/attachments",
        "editor",
        201,
        files=lambda _w: {"file": ("notes.txt", b"notes", "text/plain")},
    ),
    Route(
        "PUT", "/cards/{card}/cover", "editor", 204, lambda w: {"attachment_id": w.attachment_id}
    ),
    Route("DELETE", "/attachments/{attachment}", "editor", 204),
]

READS = [
    "/boards/{board}",
    "/boards/{board}/members",
    "/boards/{board}/columns",
    "/boards/{board}/labels",
    "/boards/{board}/cards",
    "/boards/{board}/activity",
    "/columns/{column}",
    "/columns/{column}/cards",
    "/cards/{card}",
    "/cards/{card}/comments",
    "/cards/{card}/attachments",
    "/attachments/{attachment}",
    "/attachments/{attachment}/content",
    "/attachments/{attachment}/thumbnail",
]


async def populated_board(api: Api) -> tuple[tuple[Headers, Headers, Headers], int]:
    """A board with everything a document holds: a description, members of each role,
    labels, a WIP limit, cards with labels, assignees and a due date, an archived card, and
    comments (one of them edited). Returns its owner, editor and viewer, and its id."""
    owner, editor, viewer = await api.user("owner"), await api.user("editor"), await api.user("v")
    board = await api.board(owner, "Launch", description="Ship **v1**.")
    board_id = board["id"]
    await api.share(owner, board_id, editor, "editor")
    await api.share(owner, board_id, viewer, "viewer")
    todo, doing, _done = (column["id"] for column in board["columns"])
    await api.call(owner, "PATCH", f"/api/v1/columns/{doing}", json={"wip_limit": 2})
    bug, ui = await label(api, owner, board_id, "bug"), await label(api, owner, board_id, "ui")
    card = await api.card(
        owner,
        todo,
        "Sign-up form",
        description="- [ ] validate",
        due_date="2031-02-03",
        label_ids=[bug, ui],
        assignee_ids=[int(editor["X-User-Id"])],
    )
    await api.card(editor, doing, "Dark mode", label_ids=[ui])
    gone = await api.card(owner, doing, "Old idea")
    await api.call(owner, "PATCH", f"/api/v1/cards/{gone['id']}", json={"archived": True})
    await api.comment(owner, card["id"], "Looks good.")
    mine = await api.comment(editor, card["id"], "On it")
    await api.call(editor, "PATCH", f"/api/v1/comments/{mine['id']}", json={"body": "Done"})
    steps = await api.checklist(owner, card["id"], "Steps", ["Design", "Build", "Test"])
    await api.checklist(owner, card["id"], "Later", ["Polish"])
    design, build, _test = (item["id"] for item in steps["items"])
    await api.call(owner, "PATCH", f"/api/v1/checklist-items/{design}", json={"done": True})
    tick = {"assignee_id": int(editor["X-User-Id"]), "due_at": "2031-02-01", "position": 0}
    await api.call(owner, "PATCH", f"/api/v1/checklist-items/{build}", json=tick)
    return (owner, editor, viewer), board_id
