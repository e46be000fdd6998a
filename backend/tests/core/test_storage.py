"""The storage interface (core/storage.py) on both its backends — a folder, and a bucket
of a real S3 API server: whole reads and byte ranges in chunks, a missing key said so
before any byte, deletion (twice is fine), and keys that stay inside the folder."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from devkit.s3 import S3Server
from teamboard.core.storage import CHUNK, LocalStorage, Missing, S3Storage, Storage
from tests.support.files import BUCKET

DATA = bytes(range(256)) * 1000  # several chunks


@pytest.fixture(params=["local", "s3"])
async def storage(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Storage]:
    if request.param == "s3":
        server: S3Server = request.getfixturevalue("s3_server")
        store: Storage = S3Storage(server.storage_url(BUCKET))
    else:
        store = LocalStorage(tmp_path / "files")
    yield store
    await store.close()


async def _read(storage: Storage, key: str, start: int = 0, stop: int | None = None) -> list[bytes]:
    return [chunk async for chunk in await storage.read(key, start, stop)]


async def test_save_read_ranges_delete(storage: Storage) -> None:
    with tempfile.TemporaryFile() as source:
        source.write(DATA)
        await storage.save("boards/1/abc", source, len(DATA), "application/octet-stream")
    chunks = await _read(storage, "boards/1/abc")
    assert b"".join(chunks) == DATA
    assert len(chunks) > 1 and max(map(len, chunks)) <= CHUNK  # streamed, never whole
    assert b"".join(await _read(storage, "boards/1/abc", 1000, 1010)) == DATA[1000:1010]
    assert b"".join(await _read(storage, "boards/1/abc", len(DATA) - 3)) == DATA[-3:]
    await storage.delete("boards/1/abc")
    await storage.delete("boards/1/abc")
    with pytest.raises(Missing):
        await storage.read("boards/1/abc")


@pytest.mark.parametrize("key", ["../escape", "/abs", "a/../../b", "UPPER", ""])
async def test_keys_outside_the_pattern_are_refused(tmp_path: Path, key: str) -> None:
    store = LocalStorage(tmp_path)
    with tempfile.TemporaryFile() as source, pytest.raises(ValueError):
        await store.save(key, source, 0, "text/plain")


async def test_move_leaves_the_bytes_under_the_new_key_alone(storage: Storage) -> None:
    with tempfile.TemporaryFile() as source:
        source.write(DATA)
        await storage.save("imports/x/1", source, len(DATA), "application/octet-stream")
    await storage.move("imports/x/1", "boards/2/abc")
    assert b"".join(await _read(storage, "boards/2/abc")) == DATA
    with pytest.raises(Missing):
        await storage.read("imports/x/1")
    with pytest.raises(Missing):
        await storage.move("imports/x/1", "boards/2/def")
