"""Bytes nobody can reach leave the storage: a card's files stay while its deletion can be
undone (and come back with it), and go when the trash is purged; a deleted board's files
go once its deletion committed."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from devkit.s3 import S3Server
from teamboard.attachments.cleanup import Cleanup
from teamboard.boards.trash import WINDOW, Purger
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from tests.support.api import Api, auth
from tests.support.boards import build_world
from tests.support.files import stored_names, uploaded


async def test_a_cards_files_outlive_its_undo_window_only(
    api: Api, runtime: Runtime, s3: S3Server | None
) -> None:
    world = await build_world(api)
    made = await uploaded(api.client, world.owner, world.card_id, b"kept for the undo")
    held = stored_names(runtime, s3, world.board_id)
    assert len(held) == 3  # the world's image and its thumbnail, and this file
    r = await api.client.delete(f"/api/v1/cards/{world.card_id}", headers=auth(world.owner))
    assert r.status_code == 204
    assert stored_names(runtime, s3, world.board_id) == held
    r = await api.client.post(f"/api/v1/cards/{world.card_id}/restore", headers=auth(world.owner))
    assert r.status_code == 200, r.text
    r = await api.client.get(made["content_url"], headers=auth(world.owner))
    assert r.content == b"kept for the undo"

    r = await api.client.delete(f"/api/v1/cards/{world.card_id}", headers=auth(world.owner))
    purger = Purger(runtime.db, [Cleanup(runtime.files).purged])
    assert await purger.turn(utcnow() + WINDOW + timedelta(seconds=1)) == 1
    assert stored_names(runtime, s3, world.board_id) == []


async def test_a_deleted_boards_files_leave_the_storage(
    api: Api, runtime: Runtime, s3: S3Server | None
) -> None:
    world = await build_world(api)
    other = await build_world(api)
    assert stored_names(runtime, s3, world.board_id) != []
    r = await api.client.delete(f"/api/v1/boards/{world.board_id}", headers=auth(world.owner))
    assert r.status_code == 204
    for _ in range(100):  # deleted after the commit, beside the request
        if not stored_names(runtime, s3, world.board_id):
            break
        await asyncio.sleep(0.05)
    assert stored_names(runtime, s3, world.board_id) == []
    assert len(stored_names(runtime, s3, other.board_id)) == 2
