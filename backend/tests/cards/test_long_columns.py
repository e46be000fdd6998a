"""A long column on the board page shows its first cards and a "Show N more" link, a plain
link that opens the whole column with JavaScript off; the tiles shown are the same markup
either way, and the page costs the same statements collapsed or opened."""

from __future__ import annotations

import re

from sqlalchemy import insert

from teamboard.cards.board_cache import board_cache
from teamboard.cards.board_view import SHOWN_PER_COLUMN
from teamboard.cards.models import Card
from teamboard.core.positions import spread
from teamboard.core.runtime import Runtime
from tests.support.app import QueryCounter
from tests.support.pages import Browser, World

TILE = re.compile(
    r'<li class="card-tile" id="card-(\d+)">.*?</li>(?=\s*(?:<li class="card-tile"|</ol>))', re.S
)
MORE = re.compile(r'<p class="show-more"><a href="([^"]+)">Show (\d+) more')
TOKEN = re.compile(r'name="csrf_token" value="[^"]*"')
EXTRA = 7


def _unmasked(html: str) -> str:
    return TOKEN.sub('name="csrf_token"', html)


async def _long_column(runtime: Runtime, world: World, who: int) -> list[int]:
    """The board's second column gets SHOWN_PER_COLUMN + EXTRA cards; their ids, in order."""
    count = SHOWN_PER_COLUMN + EXTRA
    rows = [
        {"board_id": world.board_id, "column_id": world.columns[1], "title": f"Long {i}",
         "rank": rank, "creator_id": who, "description": ""}
        for i, rank in enumerate(spread(count))
    ]  # fmt: skip
    async with runtime.db.session() as db:
        ids = list(await db.scalars(insert(Card).returning(Card.id), rows))
        await db.commit()
    runtime.db.memo.clear()  # written behind the app's back: no new board version
    runtime.db.access.clear()
    board_cache(runtime.db).clear()
    return ids


async def test_a_long_column_shows_its_first_cards_and_a_link_to_the_rest(
    owner: Browser, world: World, runtime: Runtime
) -> None:
    ids = await _long_column(runtime, world, owner.id)
    page = (await owner.get(f"/boards/{world.board_id}")).text
    shown = [int(i) for i in re.findall(r'id="card-(\d+)"', page)]
    assert shown == [world.card_id, *ids[:SHOWN_PER_COLUMN]]
    links = MORE.findall(page)
    assert len(links) == 1, links
    href, more = links[0]
    assert int(more) == EXTRA
    assert href == f"/boards/{world.board_id}?show={world.columns[1]}#card-{ids[SHOWN_PER_COLUMN]}"

    opened = await owner.get(href.replace("&amp;", "&"))
    assert opened.status_code == 200
    assert [int(i) for i in re.findall(r'id="card-(\d+)"', opened.text)] == [world.card_id, *ids]
    assert MORE.search(opened.text) is None
    # The tiles both pages show are the same markup (the islands read it), but for the
    # CSRF token, masked afresh on every page.
    collapsed_tiles = {m.group(1): _unmasked(m.group(0)) for m in TILE.finditer(page)}
    opened_tiles = {m.group(1): _unmasked(m.group(0)) for m in TILE.finditer(opened.text)}
    assert collapsed_tiles and all(opened_tiles[k] == v for k, v in collapsed_tiles.items())


async def test_the_link_keeps_the_filter_and_the_columns_already_opened(
    owner: Browser, world: World, runtime: Runtime
) -> None:
    ids = await _long_column(runtime, world, owner.id)
    page = await owner.get(f"/boards/{world.board_id}", params={"q": "Long", "show": "999999"})
    href, more = MORE.findall(page.text)[0]
    assert int(more) == EXTRA  # every card of the column matches "Long"
    assert href == (
        f"/boards/{world.board_id}?q=Long&amp;show={world.columns[1]}#card-{ids[SHOWN_PER_COLUMN]}"
    )


async def test_opening_a_column_costs_no_more_statements(
    owner: Browser, world: World, runtime: Runtime, queries: QueryCounter
) -> None:
    await _long_column(runtime, world, owner.id)
    counts = []
    for url in (f"/boards/{world.board_id}", f"/boards/{world.board_id}?show={world.columns[1]}"):
        runtime.db.access.clear()
        runtime.db.memo.clear()
        board_cache(runtime.db).clear()
        queries.statements.clear()
        queries.active = True
        assert (await owner.get(url)).status_code == 200
        queries.active = False
        counts.append(queries.count())
    assert counts[0] == counts[1], counts


async def test_a_card_moved_past_the_shown_ones_is_found_where_the_page_goes(
    owner: Browser, world: World, runtime: Runtime
) -> None:
    await _long_column(runtime, world, owner.id)
    form = {"column_id": str(world.columns[1]), "position": "", "version": "1"}  # last
    r = await owner.post(f"/cards/{world.card_id}/move", form)
    assert r.status_code == 303
    where = f"/boards/{world.board_id}?show={world.columns[1]}#card-{world.card_id}"
    assert r.headers["location"] == where
    page = (await owner.get(where.split("#")[0])).text
    assert f'id="card-{world.card_id}"' in page
