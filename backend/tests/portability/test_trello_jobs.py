"""The Trello import as a job (portability/jobs.py): the upload refused in words when
it is not an export, refused while it streams past TEAMBOARD_MAX_IMPORT_BYTES; 202, then
queued → done with the board and the report; the importer's alone (404 for anyone
else); all or nothing when the database refuses a row half way."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text, update

from devkit.api import assert_problem
from teamboard.boards.models import Board, BoardMember
from teamboard.cards.models import Card, Comment
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from teamboard.portability.jobs import FAILED, Importer
from teamboard.portability.models import Import
from teamboard.portability.writer import BATCH
from tests.support.api import Api, auth
from tests.support.app import BACKEND
from tests.support.archives import all_stored
from tests.support.trello import encoded, large_export, run_imports, small_export, upload

LIMIT = 2 * 1024 * 1024  # past the 1 MB every other body may have


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"max_import_bytes": LIMIT}


async def _jobs(runtime: Runtime) -> int:
    async with runtime.db.session() as db:
        return int(await db.scalar(select(func.count()).select_from(Import)) or 0)


async def test_the_job_goes_from_202_to_done_with_its_board_and_report(api: Api) -> None:
    me = await api.user("importer")
    started = await upload(api, me, encoded(small_export()))
    assert set(started) == {"id", "status"} and started["status"] == "queued"
    waiting = await api.call(me, "GET", f"/api/v1/imports/{started['id']}")
    assert waiting["status"] == "queued" and waiting["board_id"] is None
    assert waiting["progress"] == {"done": 0, "total": 0}
    await run_imports(api.runtime)
    job = await api.call(me, "GET", f"/api/v1/imports/{started['id']}")
    assert job["status"] == "done"
    assert job["progress"] == {"done": 4, "total": 4}
    assert job["report"]["imported"]["cards"] == 4
    assert job["error"] is None and job["finished_at"] is not None
    board = await api.call(me, "GET", f"/api/v1/boards/{job['board_id']}")
    assert board["name"] == "Launch plan"


async def test_someone_else_cannot_read_your_import(api: Api) -> None:
    me, other = await api.user("importer"), await api.user("other")
    started = await upload(api, me, encoded(small_export()))
    await run_imports(api.runtime)
    r = await api.client.get(f"/api/v1/imports/{started['id']}", headers=auth(other))
    assert_problem(r, 404, "not_found")
    r = await api.client.get(f"/api/v1/imports/{started['id']}")
    assert r.status_code == 401
    job = await api.call(me, "GET", f"/api/v1/imports/{started['id']}")
    r = await api.client.get(f"/api/v1/boards/{job['board_id']}", headers=auth(other))
    assert r.status_code == 404


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"not json at all", "This file is not JSON"),
        (b"[1, 2, 3]", "not an object with a board's lists and cards"),
        (b'{"name": "A board"}', "it has no “lists” and “cards”"),
        (
            json.dumps({"name": "B", "lists": [], "cards": [{"id": "c", "name": "x"}]}).encode(),
            "“idList” in the 1st of the “cards” is missing.",
        ),
    ],
)
async def test_a_file_that_is_not_a_trello_export_is_refused_in_words(
    api: Api, content: bytes, words: str
) -> None:
    me = await api.user("importer")
    problem = await upload(api, me, content, status=422)
    assert words in problem["detail"] + " ".join(e["msg"] for e in problem["errors"])
    assert all(e["loc"] == ["body", "file"] for e in problem["errors"])
    assert "Export as JSON" in problem["detail"] or "1st" in problem["detail"]
    assert await _jobs(api.runtime) == 0
    # Kept in the storage to be checked there, and dropped once refused.
    mark = hashlib.sha256(content).hexdigest()[:16]
    assert not [key for key in all_stored(api.runtime, None) if mark in key]


async def test_a_member_map_is_checked_entry_by_entry(api: Api) -> None:
    me = await api.user("importer")
    problem = await upload(
        api, me, encoded(small_export()), member_map="alice\nbob=not-an-address", status=422
    )
    messages = [e["msg"] for e in problem["errors"]]
    assert len(messages) == 2
    assert "such as alice=alice@example.com" in messages[0]
    assert "Enter a real e-mail address for bob" in messages[1]
    r = await api.client.post(
        "/api/v1/imports/trello", headers=auth(me), data={"member_map": "a=b@example.com"},
        files={"other": ("x", b"{}")},
    )  # fmt: skip
    assert_problem(r, 422, "invalid")


HEAD = b'--x\r\nContent-Disposition: form-data; name="file"; filename="board.json"\r\n\r\n'


class Body:
    """A multipart body (one never-ending file) in chunks, counting those the app took."""

    def __init__(self, chunks: int, size: int = 16_384) -> None:
        self.chunks, self.size, self.taken = chunks, size, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield HEAD
        for _ in range(self.chunks):
            self.taken += 1
            yield b" " * self.size


async def test_an_export_over_the_limit_is_refused_while_it_streams(api: Api) -> None:
    me = await api.user("importer")
    body = Body(chunks=640)  # 10 MB, no Content-Length
    r = await api.client.post(
        "/api/v1/imports/trello",
        content=body.__aiter__(),
        headers=auth(me) | {"Content-Type": "multipart/form-data; boundary=x"},
    )
    assert_problem(r, 413, "too_large")
    assert body.taken < LIMIT // 16_384 + 4  # about the limit's worth, never the rest
    declared = Body(chunks=64)
    r = await api.client.post(
        "/api/v1/imports/trello",
        content=declared.__aiter__(),
        headers=auth(me)
        | {"Content-Type": "multipart/form-data; boundary=x", "Content-Length": str(2 * LIMIT)},
    )
    assert_problem(r, 413, "too_large")
    assert declared.taken == 0
    assert await _jobs(api.runtime) == 0
    # Under the limit, the same route takes it (the limit is the import's own, not 1 MB's).
    padded = encoded(small_export()) + b" " * (LIMIT - 100_000)
    assert (await upload(api, me, padded))["status"] == "queued"


POISON = "Card 1499"  # in the last batch of cards (of writer.BATCH, fewer than 1,500)


async def _refuse_a_card(runtime: Runtime) -> None:
    """A real refusal by the database: a card with the title POISON breaks a rule."""
    async with runtime.db.engine.begin() as conn:
        if BACKEND == "postgres":
            await conn.execute(
                text(f"ALTER TABLE cards ADD CONSTRAINT refuse_poison CHECK (title <> '{POISON}')")
            )
        else:
            await conn.execute(
                text(
                    "CREATE TRIGGER refuse_poison BEFORE INSERT ON cards "
                    f"WHEN NEW.title = '{POISON}' BEGIN SELECT RAISE(ABORT, 'refused'); END"
                )
            )


async def _allow_cards(runtime: Runtime) -> None:
    async with runtime.db.engine.begin() as conn:
        if BACKEND == "postgres":
            await conn.execute(text("ALTER TABLE cards DROP CONSTRAINT IF EXISTS refuse_poison"))
        else:
            await conn.execute(text("DROP TRIGGER IF EXISTS refuse_poison"))


@pytest.mark.parametrize("settings_overrides", [{}])
async def test_a_failure_half_way_leaves_no_board(api: Api) -> None:
    me = await api.user("importer")
    export = large_export(cards=1500, actions=3000)
    await _refuse_a_card(api.runtime)
    try:
        started = await upload(api, me, encoded(export))
        await run_imports(api.runtime)
    finally:
        await _allow_cards(api.runtime)
    job = await api.call(me, "GET", f"/api/v1/imports/{started['id']}")
    assert job["status"] == "failed"
    assert job["error"] == FAILED and job["board_id"] is None
    # The batches before the last had committed.
    assert job["progress"] == {"done": 1500 - (1500 % BATCH or BATCH), "total": 1500}
    async with api.runtime.db.session() as db:
        for model in (Board, Card, Comment):
            assert await db.scalar(select(func.count()).select_from(model)) == 0
    boards = await api.call(me, "GET", "/api/v1/boards")
    assert boards["items"] == [] if isinstance(boards, dict) else boards == []


class Died(BaseException):
    """A worker process that dies mid-import: no ``except Exception`` cleans up after it."""


@pytest.mark.parametrize("settings_overrides", [{}])
async def test_a_job_whose_worker_died_is_taken_again_and_its_half_board_removed(
    api: Api,
) -> None:
    me = await api.user("importer")
    started = await upload(api, me, encoded(large_export(cards=1500, actions=100)))

    def die_after_the_first_batch(done: int, _total: int) -> None:
        if done > BATCH:
            raise Died

    runtime = api.runtime
    dying = Importer(
        runtime.settings, runtime.db, runtime.files, on_progress=die_after_the_first_batch
    )
    with pytest.raises(Died):
        await dying.turn()
    async with runtime.db.session() as db:
        job = await db.get_one(Import, started["id"])
        assert job.status == "running" and job.board_id is not None
        half = job.board_id
        # The child was killed after the batches it had committed (those the worker had
        # heard of, and perhaps a few more): whole batches, on a board nobody sees.
        written = await db.scalar(select(func.count()).select_from(Card)) or 0
        assert written >= 2 * BATCH and written % BATCH == 0
        assert await db.scalar(select(func.count()).select_from(BoardMember)) == 0
    # Nobody takes it while its lease lasts …
    await run_imports(runtime)
    assert (await api.call(me, "GET", f"/api/v1/imports/{started['id']}"))["status"] == "running"
    # … and once it has run out, the next worker removes the half board and starts again.
    async with runtime.db.session() as db, db.transaction():
        await db.execute(update(Import).values(locked_until=utcnow() - timedelta(seconds=1)))
    await run_imports(runtime)
    job_read = await api.call(me, "GET", f"/api/v1/imports/{started['id']}")
    assert job_read["status"] == "done" and job_read["board_id"] != half
    async with runtime.db.session() as db:
        assert list(await db.scalars(select(Board.id))) == [job_read["board_id"]]
        assert await db.scalar(select(func.count()).select_from(Card)) == 1500


@pytest.mark.parametrize("settings_overrides", [{"email_lookup_max_per_account": 3}])
async def test_a_member_map_counts_against_the_invitations_limit(api: Api) -> None:
    me = await api.user("importer")
    three = "alice=a@example.com\nbob=b@example.com\ncarol=c@example.com"
    await upload(api, me, encoded(small_export()), member_map=three)
    problem = await upload(
        api, me, encoded(small_export()), member_map="bob=b@example.com", status=429
    )
    assert problem["code"] == "rate_limited"
    assert await _jobs(api.runtime) == 1
