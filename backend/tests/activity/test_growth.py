"""The activity reads cost what they show, not what the log holds: no count over the
board's log, no OFFSET walking past the newer events, and a card's events found through
their index rather than by reading the whole board's log (bench/scale.py measures it at
a million events)."""

from __future__ import annotations

from sqlalchemy import text

from teamboard.core.runtime import Runtime
from tests.support.api import Api, auth
from tests.support.plans import StatementLog, plan


async def _busy_board(api: Api) -> tuple[dict[str, str], int, int]:
    owner = await api.user("owner")
    board = await api.board(owner)
    todo = board["columns"][0]["id"]
    quiet = await api.card(owner, todo, "Quiet")
    for index in range(8):
        await api.card(owner, todo, f"Busy {index}")
    await api.client.post(
        f"/api/v1/cards/{quiet['id']}/comments", json={"body": "x"}, headers=auth(owner)
    )
    return owner, board["id"], quiet["id"]


async def test_a_deep_activity_page_is_a_seek_on_the_log_without_count_or_offset(
    api: Api, runtime: Runtime, sent: StatementLog
) -> None:
    owner, board_id, _ = await _busy_board(api)
    runtime.db.access.clear()
    sent.active = True
    r = await api.client.get(
        f"/api/v1/boards/{board_id}/activity", params={"limit": 3, "offset": 4}, headers=auth(owner)
    )
    sent.active = False
    page = r.json()
    assert page["total"] == 11
    assert [e["seq"] for e in page["items"]] == [7, 6, 5]
    reads = sent.reading("events")
    assert len(reads) == 1, reads
    statement, parameters = reads[0]
    assert "count(" not in statement.lower(), statement
    steps = await plan(runtime.db.engine, statement, parameters)
    assert "Seq Scan on events" not in steps and "SCAN events" not in steps, steps
    # A range on the log's key: the page starts where it is, not after skipping rows.
    assert "seq <" in steps or "seq<" in steps, steps


async def _long_log(runtime: Runtime, board_id: int, card_id: int) -> None:
    """PostgreSQL plans by the table's statistics, and on a few rows either index may
    look as cheap (and autovacuum may have sampled them or not). The busy board's long log
    the test is about, then: 3,000 events of another card, written straight in, and the
    statistics of it taken now."""
    if runtime.db.engine.dialect.name != "postgresql":
        return
    async with runtime.db.engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO events (board_id, seq, type, actor_id, data, card_id, created_at)"
                " SELECT :board, 1000 + g, 'card.updated', NULL, '{}', :card, now()"
                " FROM generate_series(1, 3000) AS g"
            ),
            {"board": board_id, "card": card_id},
        )
        await conn.execute(text("ANALYZE events"))


async def test_card_activity_reads_the_cards_events_through_their_index(
    api: Api, runtime: Runtime, sent: StatementLog
) -> None:
    owner, board_id, quiet = await _busy_board(api)
    await _long_log(runtime, board_id, quiet + 1)
    sent.active = True
    r = await api.client.get(f"/api/v1/cards/{quiet}/activity", headers=auth(owner))
    sent.active = False
    assert [e["type"] for e in r.json()["items"]] == ["comment.created", "card.created"]
    reads = sent.reading("events")
    assert len(reads) == 2, reads  # the total, and the page
    for statement, parameters in reads:
        steps = await plan(runtime.db.engine, statement, parameters)
        assert "ix_events_card_id_seq" in steps, steps
