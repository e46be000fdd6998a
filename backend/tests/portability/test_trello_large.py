"""A generated 5,000-card export with 20,000 actions, imported through the route and the
runner's task: its time is printed (the bench's figure, not asserted here: the machine
running the suite varies), and the board is whole."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from teamboard.cards.models import Card, ChecklistItem, Comment
from tests.support.api import Api
from tests.support.app import BACKEND
from tests.support.trello import encoded, large_export, run_imports, upload


async def test_a_5000_card_export_imports_whole(
    api: Api, capsys: pytest.CaptureFixture[str]
) -> None:
    me = await api.user("importer")
    data = encoded(large_export(cards=5000, actions=20_000))
    began = time.perf_counter()
    started = await upload(api, me, data)
    uploaded = time.perf_counter()
    await run_imports(api.runtime)
    finished = time.perf_counter()
    job = await api.call(me, "GET", f"/api/v1/imports/{started['id']}")
    with capsys.disabled():
        print(
            f"\n[trello import, {BACKEND}] {len(data) / 1e6:.1f} MB, 5,000 cards, 20,000 actions: "
            f"upload and check {uploaded - began:.1f} s, import {finished - uploaded:.1f} s"
        )
    assert job["status"] == "done", job
    assert job["report"]["imported"]["cards"] == 5000
    assert job["report"]["imported"]["comments"] == 18_000  # one action in ten is history
    async with api.runtime.db.session() as db:
        board = job["board_id"]
        count = select(func.count())
        assert await db.scalar(count.select_from(Card).where(Card.board_id == board)) == 5000
        assert (
            await db.scalar(count.select_from(Comment).where(Comment.board_id == board)) == 18_000
        )
        items = count.select_from(ChecklistItem).where(ChecklistItem.board_id == board)
        assert await db.scalar(items) == 3000
