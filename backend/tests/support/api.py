"""Shared helpers for the card tests: board layout as ids, ranks straight from the DB."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from teamboard.cards.models import Card
from teamboard.core.runtime import Runtime
from tests.conftest import Api, auth


async def layout(api: Api, who: dict[str, str], board_id: int) -> dict[int, list[int]]:
    """Card ids per column, in the order GET /boards/{id} shows them; checks that the
    positions it reports are exactly 0..n-1 in that order."""
    r = await api.client.get(f"/api/v1/boards/{board_id}", headers=auth(who))
    assert r.status_code == 200, r.text
    result: dict[int, list[int]] = {}
    for column in r.json()["columns"]:
        cards: list[dict[str, Any]] = column["cards"]
        assert [c["position"] for c in cards] == list(range(len(cards)))
        assert all(c["column_id"] == column["id"] for c in cards)
        result[column["id"]] = [c["id"] for c in cards]
    return result


async def ranks(runtime: Runtime, board_id: int) -> dict[int, list[int]]:
    """Ranks of the visible cards per column, in rank order."""
    async with runtime.db.session() as db:
        rows = await db.execute(
            select(Card.column_id, Card.rank)
            .where(Card.board_id == board_id, Card.archived.is_(False))
            .order_by(Card.column_id, Card.rank, Card.id)
        )
        result: dict[int, list[int]] = {}
        for column_id, rank in rows:
            result.setdefault(column_id, []).append(rank)
        return result


def assert_ranks_sane(by_column: dict[int, list[int]]) -> None:
    for column_ranks in by_column.values():
        assert len(set(column_ranks)) == len(column_ranks), "duplicate ranks in a column"
        assert all(abs(rank) < 2**62 for rank in column_ranks)


async def move(
    api: Api, who: dict[str, str], card_id: int, column_id: int, position: int
) -> dict[str, Any]:
    r = await api.client.post(
        f"/api/v1/cards/{card_id}/move",
        json={"column_id": column_id, "position": position},
        headers=auth(who),
    )
    assert r.status_code == 200, r.text
    card: dict[str, Any] = r.json()
    return card


async def label(api: Api, who: dict[str, str], board_id: int, name: str) -> int:
    r = await api.client.post(
        f"/api/v1/boards/{board_id}/labels",
        json={"name": name, "color": "#123abc"},
        headers=auth(who),
    )
    assert r.status_code == 201, r.text
    label_id: int = r.json()["id"]
    return label_id
