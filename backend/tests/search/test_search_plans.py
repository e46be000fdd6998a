"""A search costs what the caller's boards hold, not what the whole database does: the
shapes of its statements, as each engine plans them (bench/scale.py measures the search
over 100,000 cards across 1,000 boards, docs/performance.md "Growth")."""

from __future__ import annotations

import re

import pytest

from teamboard.core.runtime import Runtime
from teamboard.search.service import built_statement
from tests.support.api import Api, auth
from tests.support.app import BACKEND
from tests.support.plans import StatementLog, plan


async def _searched(api: Api, sent: StatementLog, q: str) -> list[tuple[str, object]]:
    """The statements of one search by a member of one board among a stranger's many
    (every card holds the word), after checking its answer."""
    mine = await api.user("ana")
    board = await api.board(mine, "Mine")
    await api.card(mine, board["columns"][0]["id"], "Walrus deployment")
    other = await api.user("bo")
    for index in range(3):
        theirs = await api.board(other, f"Theirs {index}")
        for n in range(4):
            await api.card(other, theirs["columns"][0]["id"], f"Walrus deployment {n}")
    sent.active = True
    r = await api.client.get("/api/v1/search", params={"q": q}, headers=auth(mine))
    sent.active = False
    assert r.status_code == 200, r.text
    assert [h["card_title"] for h in r.json()["hits"]] == ["Walrus deployment"]
    return sent.sent


@pytest.mark.skipif(BACKEND != "postgres", reason="PostgreSQL's plan")
async def test_postgres_matches_only_the_callers_documents_never_a_words_whole_posting_list(
    api: Api, runtime: Runtime, sent: StatementLog
) -> None:
    # The word is an InitPlan, unknown to the planner when it plans: it used to AND the GIN
    # index's bitmap with the boards', and a common word read its whole posting list
    # (every card of the database that holds it) to keep the caller's few.
    [matches] = [(s, p) for s, p in await _searched(api, sent, "walrus") if "ts_rank" in s]
    steps = await plan(runtime.db.engine, *matches)
    assert "ix_search_documents_document" not in steps, steps
    assert "ix_search_documents_board_id" in steps, steps


async def test_words_of_one_shape_share_one_statement(api: Api) -> None:
    # Building the statement cost more Python than a rare word's search costs in SQL: it
    # is built once per form (engine, the query's shape, the filters), its values bound.
    ana = await api.user("ana")
    board = await api.board(ana, "Mine")
    await api.card(ana, board["columns"][0]["id"], "Walrus deployment")

    async def found(q: str, **filters: str) -> list[str]:
        params = {"q": q, **filters}
        r = await api.client.get("/api/v1/search", params=params, headers=auth(ana))
        assert r.status_code == 200, r.text
        return [hit["card_title"] for hit in r.json()["hits"]]

    built_statement.cache_clear()  # the forms other tests built are not this test's
    assert await found("walrus") == ["Walrus deployment"]
    before = built_statement.cache_info()
    assert await found("deployment") == ["Walrus deployment"]
    assert await found("kestrel") == []
    assert await found("depl") == ["Walrus deployment"]
    after = built_statement.cache_info()
    assert (after.misses, after.hits) == (before.misses, before.hits + 3)
    # A filter makes another form; so does, on PostgreSQL, another grouping of the terms
    # (FTS5 binds the whole query as one MATCH expression). What each binds is its own.
    assert await found("walrus", archived="true") == []
    assert await found("kestrel or walrus") == ["Walrus deployment"]
    assert await found("walrus -deployment") == []
    shapes = 2 if BACKEND == "postgres" else 0
    assert built_statement.cache_info().misses == after.misses + 1 + shapes


async def test_a_search_is_one_statement_snippets_and_all(api: Api, sent: StatementLog) -> None:
    # The snippets are written from the text the page's statement brings along: FTS5 ran
    # the whole MATCH again for them (a common word's prefix expansion, twice), and
    # PostgreSQL parsed each document again in ts_headline.
    statements = await _searched(api, sent, "walrus")
    searching = [s for s, _ in statements if re.search(r"search_(fts|documents)", s)]
    assert len(searching) == 1, searching
