"""The board cache (cards/board_cache.py): after any sequence of changes, the board read
answered from the cached state — the events applied to it — is byte for byte a fresh read,
with the same ETag.

Changes go through the API (the routes, their services and events, as a client makes
them); the cached read is the app's own GET, and the fresh one reads the database through
a second ``Database`` of its own that keeps nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from teamboard.cards.board_cache import MAX_BOARDS, MAX_EARLY, BoardCache, board_cache
from teamboard.cards.board_read import BoardSnapshot, read_board
from teamboard.cards.board_state import BoardHead, BoardState
from teamboard.cards.schemas import ColumnWithCards
from teamboard.core.db import Database
from teamboard.core.runtime import Runtime
from tests.support.api import Api, Headers, actor, auth, label
from tests.support.app import QueryCounter
from tests.support.files import image, upload

CARD_KINDS = ("create", "edit", "move", "archive", "unarchive", "delete", "undelete")
COMMENT_KINDS = ("comment", "uncomment", "recomment", "edit_comment")
CHECKLIST_KINDS = ("checklist", "item", "item", "tick", "unitem", "unchecklist", "convert", "copy")
OTHER_KINDS: tuple[str, ...] = ("label", "relabel", "unlabel", "wip", "rename_column")
OTHER_KINDS += ("reorder", "new_column", "role", "rename_board", "burst")
ATTACHMENT_KINDS = ("attach", "attach_image", "detach", "cover", "uncover")
# Applied to the cached state, never rebuilt (a label, member or column order is).
APPLIED = frozenset({"create", "edit", "move", "archive", "delete", "wip", "rename_column"})
APPLIED |= {"comment", "uncomment", "recomment", "edit_comment", "rename_board", "burst"}
# A card back on the board (from the archive, or deleted and restored): its event counts
# its comments, which its tile shows.
APPLIED |= {"unarchive", "undelete"}
# Checklist events carry the card's progress, which its tile shows.
APPLIED |= set(CHECKLIST_KINDS)
# A file more or fewer, a cover on or off: the tile's count and cover.
APPLIED |= set(ATTACHMENT_KINDS)
BURST = 22  # moves into one gap: past it the column's ranks are spread again
# Text that JSON must escape, and that looks like the place the columns are spliced in.
ODD = ' "q" \\ é ,"columns":[] <b>'

operation = st.tuples(
    st.sampled_from(
        CARD_KINDS * 3 + COMMENT_KINDS + CHECKLIST_KINDS + OTHER_KINDS + ATTACHMENT_KINDS
    ),
    st.integers(0, 50),
    st.integers(0, 50),
    st.integers(0, 6),
)


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    # Nothing expires during an example: a read that needs a query is the cache's doing.
    return {"cache_seconds": 60}


@pytest.fixture
async def people(api: Api) -> tuple[Headers, Headers]:
    """An owner and an editor for every example's board (signing up is rate limited)."""
    return await api.user("owner"), await api.user("editor")


@pytest.fixture
async def fresh(runtime: Runtime) -> AsyncIterator[Database]:
    """The same database, read without any cache (a process of its own)."""
    database = Database(runtime.settings.model_copy(update={"cache_seconds": 0}))
    yield database
    await database.dispose()


class World:
    """One board and what the operations pick from (ids, by index modulo their count)."""

    def __init__(self, api: Api, owner: Headers, editor: Headers, board: dict[str, Any]) -> None:
        self.api, self.owner, self.editor = api, owner, editor
        self.board_id: int = board["id"]
        self.columns: list[int] = [column["id"] for column in board["columns"]]
        self.cards: list[int] = []
        self.deleted: list[int] = []
        self.labels: list[int] = []
        self.comments: list[int] = []
        self.deleted_comments: list[int] = []
        self.archived: set[int] = set()
        self.checklists: list[int] = []
        self.items: list[int] = []
        self.attachments: list[int] = []
        self.images: list[int] = []

    async def call(self, method: str, url: str, body: Any = None) -> Any:
        r = await self.api.client.request(method, url, json=body, headers=auth(self.owner))
        # Refusals (a 4xx: a card whose column is gone …) are part of the game; errors not.
        assert r.status_code < 500, r.text
        return r.json() if r.status_code in (200, 201) and r.content else None

    @staticmethod
    def pick(ids: list[int], index: int) -> int | None:
        return ids[index % len(ids)] if ids else None

    async def run(self, kind: str, a: int, b: int, c: int) -> None:
        card = self.pick(self.cards, a)
        column = self.columns[b % len(self.columns)]
        if kind == "create":
            labels = self.labels[: c % 3]
            assignees = [int(self.editor["X-User-Id"])] if c % 2 else []
            body: dict[str, Any] = {"title": f"Card {a}{ODD * (b % 2)}", "position": c}
            body |= {"description": "x" if b % 2 else ""}
            body |= {"label_ids": labels, "assignee_ids": assignees}
            made = await self.call("POST", f"/api/v1/columns/{column}/cards", body)
            if made is not None:
                self.cards.append(made["id"])
        elif kind == "burst":
            for index in range(BURST):
                moved = self.pick(self.cards, a + index)
                if moved is not None:
                    await self.call(
                        "POST", f"/api/v1/cards/{moved}/move", {"column_id": column, "position": 1}
                    )
        elif card is not None and kind in ("edit", "move", "archive", "unarchive", "delete"):
            await self.card_op(kind, card, column, b, c)
        elif kind == "undelete" and (gone := self.pick(self.deleted, a)) is not None:
            if await self.call("POST", f"/api/v1/cards/{gone}/restore") is not None:
                self.deleted.remove(gone)
                self.cards.append(gone)
        elif kind in COMMENT_KINDS:
            await self.comment_op(kind, card, a)
        elif kind in CHECKLIST_KINDS:
            await self.checklist_op(kind, card, a, b)
        elif kind in ATTACHMENT_KINDS:
            await self.attachment_op(kind, card, a)
        else:
            await self.board_op(kind, a, b, c, column)

    async def card_op(self, kind: str, card: int, column: int, b: int, c: int) -> None:
        url = f"/api/v1/cards/{card}"
        if kind == "edit":
            body: dict[str, Any] = {"title": f"Edited {b}", "description": ODD * (c % 2)}
            body |= {"label_ids": self.labels[: b % 3], "due_date": f"2030-01-{c + 1:02}"}
            body |= {"assignee_ids": [int(self.editor["X-User-Id"])] if b % 2 else []}
            await self.call("PATCH", url, body)
        elif kind == "move":
            await self.call("POST", f"{url}/move", {"column_id": column, "position": c})
        elif kind in ("archive", "unarchive"):
            archived = kind == "archive"
            if await self.call("PATCH", url, {"archived": archived}) is not None:
                (self.archived.add if archived else self.archived.discard)(card)
        else:
            await self.call("DELETE", url)
            self.cards.remove(card)
            self.deleted.append(card)

    async def comment_op(self, kind: str, card: int | None, a: int) -> None:
        comment = self.pick(self.comments, a)
        if kind == "comment" and card is not None:
            made = await self.call("POST", f"/api/v1/cards/{card}/comments", {"body": "Hi"})
            if made is not None:
                self.comments.append(made["id"])
        elif kind == "uncomment" and comment is not None:
            await self.call("DELETE", f"/api/v1/comments/{comment}")
            self.comments.remove(comment)
            self.deleted_comments.append(comment)
        elif kind == "recomment" and (gone := self.pick(self.deleted_comments, a)) is not None:
            if await self.call("POST", f"/api/v1/comments/{gone}/restore") is not None:
                self.deleted_comments.remove(gone)
                self.comments.append(gone)
        elif kind == "edit_comment" and comment is not None:
            await self.call("PATCH", f"/api/v1/comments/{comment}", {"body": f"Edited {a}"})

    async def checklist_op(self, kind: str, card: int | None, a: int, b: int) -> None:
        """Ids of things deleted with their card stay listed: a call on them is a 404."""
        checklist, item = self.pick(self.checklists, a), self.pick(self.items, b)
        if kind == "checklist" and card is not None:
            made = await self.call("POST", f"/api/v1/cards/{card}/checklists", {"title": "C"})
            if made is not None:
                self.checklists.append(made["id"])
        elif kind == "item" and checklist is not None:
            body = {"text": f"Item {a}{ODD * (b % 2)}", "position": b % 3}
            made = await self.call("POST", f"/api/v1/checklists/{checklist}/items", body)
            if made is not None:
                self.items.append(made["id"])
        elif kind == "tick" and item is not None:
            body = {"done": bool(a % 2)} | ({"position": 0} if b % 3 == 0 else {})
            await self.call("PATCH", f"/api/v1/checklist-items/{item}", body)
        elif kind == "unitem" and item is not None:
            await self.call("DELETE", f"/api/v1/checklist-items/{item}")
            self.items.remove(item)
        elif kind == "unchecklist" and checklist is not None:
            await self.call("DELETE", f"/api/v1/checklists/{checklist}")
            self.checklists.remove(checklist)
        elif kind == "copy" and card is not None:
            # A copy with everything, its checklists' progress told with its card.created.
            body = {"column_id": self.columns[b % len(self.columns)], "position": a % 3}
            made = await self.call("POST", f"/api/v1/cards/{card}/copy", body)
            if made is not None:
                self.cards.append(made["id"])
        elif kind == "convert" and item is not None:
            made = await self.call("POST", f"/api/v1/checklist-items/{item}/convert", {})
            self.items.remove(item)
            if made is not None:
                self.cards.append(made["id"])

    async def attachment_op(self, kind: str, card: int | None, a: int) -> None:
        if kind in ("attach", "attach_image") and card is not None:
            data, name = (image(), "p.png") if kind == "attach_image" else (b"notes", "n.txt")
            r = await upload(self.api.client, self.owner, card, data, name)
            if r.status_code == 201:
                self.attachments.append(r.json()["id"])
                if kind == "attach_image":
                    self.images.append(r.json()["id"])
        elif kind == "detach" and (gone := self.pick(self.attachments, a)) is not None:
            await self.call("DELETE", f"/api/v1/attachments/{gone}")
            self.attachments.remove(gone)
            if gone in self.images:
                self.images.remove(gone)
        elif kind == "cover" and (chosen := self.pick(self.images, a)) is not None:
            r = await self.api.client.get(f"/api/v1/attachments/{chosen}", headers=auth(self.owner))
            if r.status_code == 200:
                body = {"attachment_id": chosen}
                await self.call("PUT", f"/api/v1/cards/{r.json()['card_id']}/cover", body)
        elif kind == "uncover" and card is not None:
            await self.call("PUT", f"/api/v1/cards/{card}/cover", {"attachment_id": None})

    async def board_op(self, kind: str, a: int, b: int, c: int, column: int) -> None:
        some_label = self.pick(self.labels, a)
        if kind == "label":
            body = {"name": f"L{a}", "color": "#123abc"}  # refused when the name is taken
            made = await self.call("POST", f"/api/v1/boards/{self.board_id}/labels", body)
            if made is not None:
                self.labels.append(made["id"])
        elif kind == "relabel" and some_label is not None:
            await self.call("PATCH", f"/api/v1/labels/{some_label}", {"name": f"R{b}"})
        elif kind == "unlabel" and some_label is not None:
            await self.call("DELETE", f"/api/v1/labels/{some_label}")
            self.labels.remove(some_label)
        elif kind == "wip":
            await self.call("PATCH", f"/api/v1/columns/{column}", {"wip_limit": c + 1})
        elif kind == "rename_column":
            await self.call("PATCH", f"/api/v1/columns/{column}", {"name": f"C{a}{ODD[:12]}"})
        elif kind == "reorder":
            order = self.columns[a % len(self.columns) :] + self.columns[: a % len(self.columns)]
            await self.call("PUT", f"/api/v1/boards/{self.board_id}/columns/order", order)
            self.columns = order
        elif kind == "new_column" and len(self.columns) < 5:
            made = await self.call(
                "POST", f"/api/v1/boards/{self.board_id}/columns", {"name": f"N{a}", "position": c}
            )
            self.columns.append(made["id"])
        elif kind == "role":
            role = {"role": "viewer" if a % 2 else "editor"}
            user = self.editor["X-User-Id"]
            await self.call("PATCH", f"/api/v1/boards/{self.board_id}/members/{user}", role)
        elif kind == "rename_board":
            body = {"name": f"Board {a}{ODD}", "description": ODD}
            await self.call("PATCH", f"/api/v1/boards/{self.board_id}", body)


async def _cached(world: World, queries: QueryCounter | None = None) -> tuple[bytes, str]:
    if queries is not None:
        queries.statements.clear()
        queries.active = True
    r = await world.api.client.get(f"/api/v1/boards/{world.board_id}", headers=auth(world.owner))
    if queries is not None:
        queries.active = False
    assert r.status_code == 200, r.text
    return r.content, r.headers["ETag"]


async def _fresh(database: Database, runtime: Runtime, world: World) -> BoardSnapshot:
    database.memo.clear()
    async with database.session() as db:
        snapshot = await read_board(db, await actor(runtime, world.owner), world.board_id)
    assert isinstance(snapshot, BoardSnapshot)
    return snapshot


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(operation, min_size=5, max_size=40))
# Always tried: a column re-spread (which changes other cards' ranks, and nothing they show).
@example(operations=[("create", 0, 0, 0)] * 4 + [("burst", 0, 0, 0), ("move", 1, 1, 0)])
@example(operations=[("create", 0, 0, 0)] * 2 + [("create", 0, 0, 1)] * 24)
# Always tried: a card deleted from the archive, and restored there (not on the board).
@example(
    operations=[("create", 0, 0, 0), ("archive", 0, 0, 0), ("delete", 0, 0, 0)]
    + [("undelete", 0, 0, 0)]
)
# Always tried: cards back with their comments (from the archive; deleted and restored).
@example(
    operations=[("create", 0, 0, 0), ("comment", 0, 0, 0), ("comment", 0, 0, 0)]
    + [("archive", 0, 0, 0), ("unarchive", 0, 0, 0), ("delete", 0, 0, 0), ("undelete", 0, 0, 0)]
)
# Always tried: progress on a tile, ticked, converted, and back with its card.
@example(
    operations=[("create", 0, 0, 0), ("checklist", 0, 0, 0), ("item", 0, 0, 0), ("item", 0, 1, 0)]
    + [("tick", 1, 0, 0), ("convert", 0, 1, 0), ("delete", 0, 0, 0), ("undelete", 0, 0, 0)]
    + [("archive", 0, 0, 0), ("unarchive", 0, 0, 0), ("copy", 0, 1, 0), ("unchecklist", 0, 0, 0)]
)
# Always tried: files and a cover on a card that leaves the board and comes back.
@example(
    operations=[("create", 0, 0, 0), ("attach_image", 0, 0, 0), ("attach", 0, 0, 0)]
    + [("cover", 0, 0, 0), ("archive", 0, 0, 0), ("unarchive", 0, 0, 0), ("delete", 0, 0, 0)]
    + [("undelete", 0, 0, 0), ("detach", 1, 0, 0), ("detach", 0, 0, 0), ("uncover", 0, 0, 0)]
)
async def test_cached_board_is_a_fresh_read_after_any_changes(
    api: Api,
    runtime: Runtime,
    fresh: Database,
    queries: QueryCounter,
    people: tuple[Headers, Headers],
    operations: list[tuple[str, int, int, int]],
) -> None:
    # Each example works on a board of its own, so the shared database needs no reset.
    owner, editor = people
    board = await api.board(owner, columns=["A", "B", "C"])
    await api.share(owner, board["id"], editor, "editor")
    world = World(api, owner, editor, board)
    world.labels.append(await label(api, owner, board["id"], "first"))
    cache = board_cache(runtime.db)
    # The only writer here: as a process whose Redis subscription brings every other's
    # events, it may answer from what the events made of the board (cards/board_read.py).
    runtime.db.hears_all = True
    before = await _cached(world)  # the state every change is applied to from here on
    for kind, a, b, c in operations:
        await world.run(kind, a, b, c)
        expected = await _fresh(fresh, runtime, world)
        seq = expected.board.seq
        if kind in APPLIED:
            assert cache.get(world.board_id, seq) is not None, f"{kind}: rebuilt, not applied"
        body, etag = await _cached(world, queries)
        # Byte for byte what pydantic writes of the fresh read (the cached board's body is
        # spliced together from the JSON of its columns).
        assert (body, etag) == (expected.board.model_dump_json().encode(), expected.etag), kind
        assert expected.body == body
        if kind in APPLIED - {"rename_board"}:  # whose row the event does not give
            assert queries.statements == [], f"{kind}: the first read after it queried"
        # The ETag changes exactly when the content does.
        assert (etag == before[1]) == (body == before[0]), kind
        before = (body, etag)


def _state(seq: int) -> BoardState:
    at = datetime(2030, 1, 1, tzinfo=UTC)
    head = BoardHead(id=1, name="B", description="", archived=False, created_at=at, updated_at=at)
    column = ColumnWithCards.model_construct(
        id=1, board_id=1, name="A", wip_limit=None, position=0, version=1, cards=[]
    )
    return BoardState(seq=seq, columns=(column,), labels=(), members=(), head=head)


def _renamed(seq: int, name: str) -> dict[str, Any]:
    column = {"id": 1, "board_id": 1, "name": name, "wip_limit": None, "position": 0}
    data = column | {"version": seq}
    return {"type": "column.updated", "board_id": 1, "seq": seq, "data": data, "at": _AT}


_AT = "2030-01-02T00:00:00+00:00"


async def test_an_event_that_comes_early_waits_for_the_one_before() -> None:
    cache = BoardCache()
    await cache.load(1, 5, _settled(_state(5)))
    cache.apply([_renamed(7, "seven")])  # 6 is still on its way (another instance)
    assert cache.get(1, 7) is None and cache.current(1) is None  # behind: ask the database
    cache.apply([_renamed(6, "six")])
    state = cache.current(1)
    assert state is not None and (state.seq, state.columns[0].name) == (7, "seven")
    assert cache.get(1, 6) is not None  # kept for reads still at the seq before


async def test_a_missing_event_that_never_comes_drops_the_board() -> None:
    cache = BoardCache()
    await cache.load(1, 5, _settled(_state(5)))
    cache.apply([_renamed(seq, "later") for seq in range(7, 7 + MAX_EARLY + 1)])
    assert cache.get(1, 5) is None and len(cache) == 0


async def test_the_cache_keeps_a_bounded_number_of_boards() -> None:
    cache = BoardCache()
    for board_id in range(1, MAX_BOARDS + 10):
        state = replace(_state(1), head=None)
        await cache.load(board_id, 1, _settled(state))
    assert len(cache) == MAX_BOARDS
    assert cache.get(1, 1) is None and cache.get(MAX_BOARDS + 9, 1) is not None


def _settled(state: BoardState) -> Callable[[], Awaitable[tuple[BoardState, bool]]]:
    async def build() -> tuple[BoardState, bool]:
        return state, True

    return build
