"""An upload's size is bounded while it streams (413 before the rest of the body is read),
one board's files together by its quota, and an upload needs a file with bytes in it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from devkit.api import assert_problem
from devkit.s3 import S3Server
from teamboard.core.runtime import Runtime
from tests.support.api import Api, auth
from tests.support.boards import build_world
from tests.support.files import fresh_storage, stored_names, upload

LIMIT = 100_000
QUOTA = 250_000


@pytest.fixture
def settings_overrides(s3: S3Server | None, tmp_path: Path) -> dict[str, Any]:
    return fresh_storage(s3, tmp_path / "files") | {
        "max_upload_bytes": LIMIT,
        "board_quota_bytes": QUOTA,
    }


HEAD = b'--x\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n'


class Body:
    """A multipart body (one file, never ending) handed over in chunks, counting how many
    the app took."""

    def __init__(self, chunks: int, size: int = 16_384) -> None:
        self.chunks, self.size, self.taken = chunks, size, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield HEAD
        for _ in range(self.chunks):
            self.taken += 1
            yield b"x" * self.size


async def test_a_declared_oversize_body_is_refused_before_it_is_read(api: Api) -> None:
    world = await build_world(api)
    body = Body(chunks=64)  # 1 MB, ten times the limit
    r = await api.client.post(
        f"/api/v1/cards/{world.card_id}/attachments",
        content=body.__aiter__(),
        headers=auth(world.owner)
        | {"Content-Type": "multipart/form-data; boundary=x", "Content-Length": str(64 * 16_384)},
    )
    assert_problem(r, 413, "too_large")
    assert body.taken == 0


async def test_a_streamed_oversize_body_is_refused_as_it_passes_the_limit(api: Api) -> None:
    world = await build_world(api)
    body = Body(chunks=640)  # 10 MB, no Content-Length
    r = await api.client.post(
        f"/api/v1/cards/{world.card_id}/attachments",
        content=body.__aiter__(),
        headers=auth(world.owner) | {"Content-Type": "multipart/form-data; boundary=x"},
    )
    assert_problem(r, 413, "too_large")
    assert body.taken < 20  # about the limit's worth, never the rest


async def test_a_file_over_the_limit_is_refused_and_nothing_is_kept(
    api: Api, runtime: Runtime, s3: S3Server | None
) -> None:
    world = await build_world(api)
    before = stored_names(runtime, s3, world.board_id)
    r = await upload(api.client, world.owner, world.card_id, b"y" * (LIMIT + 1), "big.bin")
    assert_problem(r, 413, "too_large")
    r = await upload(api.client, world.owner, world.card_id, b"y" * LIMIT, "just.bin")
    assert r.status_code == 201, r.text
    assert len(stored_names(runtime, s3, world.board_id)) == len(before) + 1


async def test_the_board_quota_counts_every_file_of_the_board(api: Api) -> None:
    world = await build_world(api)
    for _ in range(2):
        r = await upload(api.client, world.owner, world.card_id, b"z" * LIMIT, "part.bin")
        assert r.status_code == 201, r.text
    r = await upload(api.client, world.owner, world.card_id, b"z" * LIMIT, "more.bin")
    problem = assert_problem(r, 413, "quota_exceeded")
    assert "left" in problem["detail"]
    # Deleting makes room again.
    files = await api.client.get(
        f"/api/v1/cards/{world.card_id}/attachments", headers=auth(world.owner)
    )
    last = files.json()[-1]["id"]
    await api.client.delete(f"/api/v1/attachments/{last}", headers=auth(world.owner))
    r = await upload(api.client, world.owner, world.card_id, b"z" * LIMIT, "more.bin")
    assert r.status_code == 201, r.text


async def test_an_upload_needs_a_file_with_bytes(api: Api) -> None:
    world = await build_world(api)
    r = await upload(api.client, world.owner, world.card_id, b"", "empty.txt")
    problem = assert_problem(r, 422, "invalid")
    assert problem["errors"][0]["loc"] == ["body", "file"]
    assert problem["errors"][0]["msg"].startswith("The file is empty")
    r = await api.client.post(
        f"/api/v1/cards/{world.card_id}/attachments",
        data={"other": "x"},
        files={"picture": ("a.txt", b"a", "text/plain")},
        headers=auth(world.owner),
    )
    problem = assert_problem(r, 422, "invalid")
    assert problem["errors"][0]["msg"] == "Choose a file to upload."
