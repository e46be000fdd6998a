"""An import's progress reaches the importer's sockets live (``import.progress``, a
per-user message of the protocol): the real server's runner takes the job, and each
batch of cards, then the end, arrive; nobody else hears of it."""

from __future__ import annotations

import asyncio
import contextlib

from teamboard.portability.writer import BATCH
from tests.support.live import Server, Users, open_socket, receive, receive_until
from tests.support.trello import encoded, large_export


async def test_the_importer_hears_the_progress_live_and_no_one_else(
    server: Server, users: Users
) -> None:
    me, other = await users("importer"), await users("other")
    async with (
        await open_socket(server, me) as mine,
        await open_socket(server, other) as theirs,
    ):
        started = await me.call(
            "POST",
            "/api/v1/imports/trello",
            files={"file": ("board.json", encoded(large_export(2500, 500)), "application/json")},
            status=202,
        )
        done, before = await receive_until(
            mine,
            lambda m: m["type"] == "import.progress" and m["data"]["status"] == "done",
            within=60,
        )
        progress = [m["data"] for m in before if m["type"] == "import.progress"]
        assert {p["id"] for p in progress} == {started["id"]}
        assert progress[0]["status"] == "queued"
        steps = [p["progress"]["done"] for p in progress if p["status"] == "running"]
        # Each batch of cards as it commits.
        assert steps[-3:] == [2500 - 2 * BATCH, 2500 - BATCH, 2500]
        assert all(p["progress"]["total"] == 2500 for p in progress[-3:])
        job = await me.call("GET", f"/api/v1/imports/{started['id']}")
        assert done["data"]["board_id"] == job["board_id"] is not None
        with contextlib.suppress(TimeoutError, asyncio.TimeoutError):
            heard = await receive(theirs, within=0.5)
            assert heard["type"] != "import.progress", heard
