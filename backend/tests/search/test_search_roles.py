"""Search is members-only, by role: every member of a board finds its cards (a viewer
as much as an owner), nobody else ever does — not a stranger, not someone removed from
it, not a board's former member once it is archived, whatever the filters say."""

from __future__ import annotations

import pytest

from tests.support.api import Api, Headers, auth
from tests.support.boards import World, actor_with_role, build_world
from tests.support.search import found, search

CALLERS = [None, "viewer", "editor", "owner"]


async def _mark(api: Api, world: World) -> list[int]:
    """Cards of the world's board with a word no other board has, in a title, a
    description, a comment and a label."""
    column = world.columns[0]
    titled = await api.card(world.owner, column, "Zeppelin")
    described = await api.card(world.owner, column, "Plain", description="zeppelin inside")
    await api.comment(world.owner, world.card_id, "a zeppelin flew by")
    r = await api.client.patch(
        f"/api/v1/labels/{world.label_id}", json={"name": "Zeppelin"}, headers=auth(world.owner)
    )
    assert r.status_code == 200, r.text
    return sorted([titled["id"], described["id"], world.card_id])


async def _sees(api: Api, who: Headers, world: World) -> list[int]:
    """The world's cards ``who`` finds, asked three ways (which must agree)."""
    hits = (await search(api, who, "zeppelin"))["hits"]
    everywhere = sorted(h["card_id"] for h in hits if h["board_id"] == world.board_id)
    on_board = sorted(await found(api, who, "zeppelin", board_id=world.board_id))
    labelled = await found(api, who, "zepp", label=world.label_id)
    assert on_board == everywhere
    assert set(labelled) <= set(everywhere)
    return everywhere


@pytest.mark.parametrize("role", CALLERS, ids=lambda r: r or "non-member")
async def test_members_find_the_boards_cards_others_never(api: Api, role: str | None) -> None:
    world = await build_world(api)
    cards = await _mark(api, world)
    who = await actor_with_role(api, world, role)
    if role is None:
        # The stranger's own board has the word too: they find theirs only.
        board = await api.board(who, "Mine")
        own = await api.card(who, board["columns"][0]["id"], "Zeppelin of mine")
        assert await _sees(api, who, world) == []
        assert await found(api, who, "zeppelin") == [own["id"]]
    else:
        assert await _sees(api, who, world) == cards


async def test_a_removed_member_finds_nothing_more(api: Api) -> None:
    world = await build_world(api)
    cards = await _mark(api, world)
    assert await _sees(api, world.member, world) == cards
    r = await api.client.delete(
        f"/api/v1/boards/{world.board_id}/members/{world.member_id}", headers=auth(world.owner)
    )
    assert r.status_code == 204, r.text
    assert await _sees(api, world.member, world) == []
    r = await api.client.post(
        f"/api/v1/boards/{world.board_id}/members/{world.member_id}/restore",
        headers=auth(world.owner),
    )
    assert r.status_code == 200, r.text
    assert await _sees(api, world.member, world) == cards


async def test_an_archived_board_stays_its_members_alone(api: Api) -> None:
    """Archived, a board is still its members' (they can open it): they find its cards;
    anyone else still does not."""
    world = await build_world(api)
    cards = await _mark(api, world)
    r = await api.client.patch(
        f"/api/v1/boards/{world.board_id}", json={"archived": True}, headers=auth(world.owner)
    )
    assert r.status_code == 200, r.text
    assert await _sees(api, world.member, world) == cards
    assert await _sees(api, world.outsider, world) == []
    stranger = await actor_with_role(api, world, None)
    assert await _sees(api, stranger, world) == []
