"""Two instances of the app (each its own runtime: pool, caches, storage client) over one
database and one storage — what several machines sharing an S3 bucket do: a file
uploaded through one is read, and deleted, through the other."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from devkit.api import assert_problem
from devkit.s3 import S3Server
from teamboard.app import create_app
from teamboard.core.runtime import Runtime
from teamboard.wiring import build_runtime
from tests.support.api import Api, auth
from tests.support.app import BASE_URL
from tests.support.boards import build_world
from tests.support.files import stored_names, uploaded


@pytest.fixture
async def other(runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    second = build_runtime(runtime.settings)
    transport = httpx.ASGITransport(app=create_app(second.settings, second))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client
    await second.close()


async def test_a_file_from_one_instance_is_served_and_deleted_by_another(
    api: Api, runtime: Runtime, other: httpx.AsyncClient, s3: S3Server | None
) -> None:
    world = await build_world(api)
    data = b"shared " * 20_000
    made = await uploaded(api.client, world.owner, world.card_id, data, "shared.txt")
    r = await other.get(made["content_url"], headers=auth(world.member) | {"Range": "bytes=7-13"})
    assert r.status_code == 206
    assert r.content == b"shared "
    r = await other.delete(f"/api/v1/attachments/{made['id']}", headers=auth(world.owner))
    assert r.status_code == 204
    r = await api.client.get(made["content_url"], headers=auth(world.owner))
    assert_problem(r, 404, "not_found")
    assert len(stored_names(runtime, s3, world.board_id)) == 2  # the world's image only
