"""Reading a board or a card list costs the same number of SQL statements at any size."""

from __future__ import annotations

from typing import Any

from teamboard.cards.board_cache import board_cache
from teamboard.cards.comments import add_comment
from teamboard.cards.service import create_card
from teamboard.core.actor import Actor
from teamboard.core.runtime import Runtime
from tests.support.api import Api, actor, auth, label
from tests.support.app import QueryCounter


async def _fill(
    runtime: Runtime, actor: Actor, columns: list[int], labels: list[int], start: int, stop: int
) -> None:
    async with runtime.db.session() as db:
        for index in range(start, stop):
            card = await create_card(
                db,
                actor,
                columns[index % len(columns)],
                {
                    "title": f"Card {index}",
                    "description": "Notes" if index % 4 == 0 else "",
                    "due_date": None,
                    "label_ids": labels[: index % 3],
                    "assignee_ids": [actor.id] if index % 2 else [],
                    "position": None,
                },
            )
            for number in range(index % 3 if index % 5 == 0 else 0):
                await add_comment(db, actor, card.id, f"Comment {number}")


async def _count(
    runtime: Runtime, queries: QueryCounter, api: Api, url: str, who: dict[str, str]
) -> int:
    # Cold caches: count the statements of a first read, the one that does the work.
    runtime.db.access.clear()
    runtime.db.memo.clear()
    board_cache(runtime.db).clear()
    queries.statements.clear()
    queries.active = True
    r = await api.client.get(url, headers=auth(who))
    queries.active = False
    assert r.status_code == 200, r.text
    return queries.count()


async def _setup(api: Api, runtime: Runtime) -> tuple[dict[str, str], Any, Actor, list[int]]:
    owner = await api.user("owner")
    board = await api.board(owner)
    labels = [await label(api, owner, board["id"], name) for name in ("a", "b")]
    return owner, board, await actor(runtime, owner), labels


async def test_reads_are_constant(api: Api, runtime: Runtime, queries: QueryCounter) -> None:
    """Same statement count at 10, 500 and 510 cards (past 500, a selectinload would
    split its IN list and cost more)."""
    owner, board, actor, labels = await _setup(api, runtime)
    columns = [column["id"] for column in board["columns"]]
    board_url = f"/api/v1/boards/{board['id']}"
    list_urls = (
        f"/api/v1/boards/{board['id']}/cards?limit=200",
        f"/api/v1/columns/{columns[0]}/cards?limit=200&label={labels[0]}&q=card",
    )
    board_counts: dict[int, int] = {}
    list_counts: dict[int, list[int]] = {}
    done = 0
    for size in (10, 500, 510):
        await _fill(runtime, actor, columns, labels, done, size)
        done = size
        board_counts[size] = await _count(runtime, queries, api, board_url, owner)
        list_counts[size] = [await _count(runtime, queries, api, url, owner) for url in list_urls]
        r = await api.client.get(board_url, headers=auth(owner))
        cards = [card for column in r.json()["columns"] for card in column["cards"]]
        assert len(cards) == size
        assert sum(len(card["label_ids"]) for card in cards) == sum(i % 3 for i in range(size))
        assert sum(len(card["assignee_ids"]) for card in cards) == size // 2
        # What the tiles show, counted in the same statements.
        counts = {c["title"]: c["comment_count"] for c in cards}
        assert counts == {f"Card {i}": i % 3 if i % 5 == 0 else 0 for i in range(size)}
        assert sum(card["has_description"] for card in cards) == len(range(0, size, 4))
    assert board_counts[10] == board_counts[500] == board_counts[510], board_counts
    assert board_counts[10] <= 10
    assert list_counts[10] == list_counts[500] == list_counts[510], list_counts
