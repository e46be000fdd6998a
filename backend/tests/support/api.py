"""devkit's API driver as the suite uses it, in-process: a user is passed around as the
headers of its requests (``auth(who)``), with its id, e-mail and refresh token alongside,
and becomes the services' ``Actor`` to call a service directly. And the card tests'
helpers: a board's layout as ids, ranks straight from the database, moves, labels."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

import devkit.api
from teamboard.accounts.models import User
from teamboard.accounts.service import actor_of
from teamboard.cards.models import Card
from teamboard.core.actor import Actor
from teamboard.core.runtime import Runtime
from tests.support.app import PASSWORD

Headers = dict[str, str]


class Api(devkit.api.Api):
    """devkit's driver over the test client (``api`` fixture)."""

    async def user(self, name: str = "", *, password: str = PASSWORD) -> Headers:
        """Signs up a fresh user; returns bearer headers (with its id and e-mail)."""
        made = await self.sign_up(name, password=password)
        return {
            "Authorization": made.headers["Authorization"],
            "X-User-Id": str(made.id),
            "X-Email": made.email,
            "X-Refresh": made.refresh,
        }

    async def share(self, owner: Headers, board_id: int, who: Headers, role: str) -> None:
        await self.add_member(owner, board_id, who["X-Email"], role)


def auth(who: Headers) -> Headers:
    """The headers that authenticate a request as ``who`` (its bearer token alone)."""
    return devkit.api.bearer(who)


async def actor(runtime: Runtime, who: Headers) -> Actor:
    """The services' actor for a user the API signed up, to call a service directly."""
    async with runtime.db.session() as db:
        user = await db.get(User, int(who["X-User-Id"]))
        assert user is not None
        return actor_of(user)


async def layout(api: Api, who: Headers, board_id: int) -> dict[int, list[int]]:
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
    api: Api, who: Headers, card_id: int, column_id: int, position: int
) -> dict[str, Any]:
    r = await api.client.post(
        f"/api/v1/cards/{card_id}/move",
        json={"column_id": column_id, "position": position},
        headers=auth(who),
    )
    assert r.status_code == 200, r.text
    card: dict[str, Any] = r.json()
    return card


async def label(api: Api, who: Headers, board_id: int, name: str) -> int:
    r = await api.client.post(
        f"/api/v1/boards/{board_id}/labels",
        json={"name": name, "color": "#123abc"},
        headers=auth(who),
    )
    assert r.status_code == 201, r.text
    label_id: int = r.json()["id"]
    return label_id
