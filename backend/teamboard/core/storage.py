"""Where uploaded files' bytes live, behind one small interface: a folder under the data
dir (zero set-up, one machine), or any S3-compatible store (``TEAMBOARD_STORAGE_URL=
s3://bucket?endpoint=…``), which several instances on several machines share.

Bytes never sit whole in memory: a save reads its (spooled, seekable) source in chunks, a
read yields chunks of a byte range as the client takes them. A move (an import putting its
staged files in place) is a rename, or a copy inside the store.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import shutil
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any, BinaryIO, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

import anyio.to_thread

from teamboard.core.config import Settings

CHUNK = 64 * 1024
# Keys are made by the app (attachments/service.py), never by a client: this only keeps a
# mistake from reaching outside the folder.
_KEY = re.compile(r"^[a-z0-9][a-z0-9._-]*(?:/[a-z0-9][a-z0-9._-]*)*$")


class Missing(LookupError):
    """No object under that key."""


class Storage(Protocol):
    async def save(self, key: str, source: BinaryIO, size: int, content_type: str) -> None:
        """Store ``source`` (all of it, read from its start: ``size`` bytes) under ``key``."""

    async def read(self, key: str, start: int = 0, stop: int | None = None) -> AsyncIterator[bytes]:
        """The bytes ``start`` to ``stop`` (exclusive; None: the end), in chunks; Missing
        before the first chunk when there is no such object."""

    async def copy(self, source: str, target: str) -> None:
        """The object under ``source`` also under ``target`` (bytes and type), on the
        storage's side where it can; Missing when there is no ``source``."""

    async def delete(self, key: str) -> None:
        """Gone (and no error when it already was)."""

    async def move(self, key: str, to: str) -> None:
        """The object under ``key`` now under ``to`` (and no longer under ``key``), without
        its bytes passing through this process: a rename, or a copy inside the store."""

    async def delete_prefix(self, prefix: str) -> None:
        """Every object whose key starts with ``prefix`` (a folder: ends with "/")."""

    async def close(self) -> None: ...


def open_storage(settings: Settings) -> Storage:
    """No I/O here: an S3 client is made on first use."""
    url = settings.storage_url
    if url.startswith("s3://"):
        return S3Storage(url)
    if url.startswith("file://"):
        return LocalStorage(Path(unquote(urlsplit(url).path)))
    return LocalStorage(settings.data_dir / "attachments")


def _checked(key: str) -> str:
    if not _KEY.match(key) or ".." in key:
        raise ValueError(f"not a storage key: {key!r}")
    return key


class LocalStorage:
    """Files in a folder; each is written beside its place, then renamed into it, so a
    reader never sees half a file. File calls run in worker threads."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / _checked(key)

    async def save(self, key: str, source: BinaryIO, size: int, content_type: str) -> None:
        await anyio.to_thread.run_sync(self._save, self._path(key), source, size)

    @staticmethod
    def _save(path: Path, source: BinaryIO, size: int) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
        source.seek(0)
        try:
            with draft.open("wb") as out:
                left = size
                while left > 0 and (chunk := source.read(min(CHUNK, left))):
                    out.write(chunk)
                    left -= len(chunk)
            os.replace(draft, path)
        finally:
            draft.unlink(missing_ok=True)

    async def read(self, key: str, start: int = 0, stop: int | None = None) -> AsyncIterator[bytes]:
        path = self._path(key)
        try:
            handle = await anyio.to_thread.run_sync(path.open, "rb")
        except FileNotFoundError:
            raise Missing(key) from None
        return self._chunks(handle, start, stop)

    @staticmethod
    async def _chunks(handle: BinaryIO, start: int, stop: int | None) -> AsyncIterator[bytes]:
        try:
            await anyio.to_thread.run_sync(handle.seek, start)
            left = stop - start if stop is not None else None
            while left is None or left > 0:
                wanted = CHUNK if left is None else min(CHUNK, left)
                chunk = await anyio.to_thread.run_sync(handle.read, wanted)
                if not chunk:
                    return
                if left is not None:
                    left -= len(chunk)
                yield chunk
        finally:
            handle.close()

    async def copy(self, source: str, target: str) -> None:
        if not await anyio.to_thread.run_sync(self._copy, self._path(source), self._path(target)):
            raise Missing(source)

    @staticmethod
    def _copy(source: Path, target: Path) -> bool:
        """Written beside its place and renamed, as a save; False: no such source."""
        target.parent.mkdir(parents=True, exist_ok=True)
        draft = target.with_name(f".{target.name}.{secrets.token_hex(6)}")
        try:
            shutil.copyfile(source, draft)
            os.replace(draft, target)
            return True
        except FileNotFoundError:
            if source.exists():
                raise  # not the source that is missing: the folder's trouble, told as it is
            return False
        finally:
            draft.unlink(missing_ok=True)

    async def delete(self, key: str) -> None:
        await anyio.to_thread.run_sync(lambda: self._path(key).unlink(missing_ok=True))

    async def move(self, key: str, to: str) -> None:
        await anyio.to_thread.run_sync(self._move, self._path(key), self._path(to))

    @staticmethod
    def _move(path: Path, to: Path) -> None:
        to.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(path, to)
        except FileNotFoundError:
            raise Missing(str(path)) from None

    async def delete_prefix(self, prefix: str) -> None:
        folder = self._path(prefix.rstrip("/"))
        await anyio.to_thread.run_sync(lambda: shutil.rmtree(folder, ignore_errors=True))

    async def close(self) -> None:
        return None


class S3Storage:
    """One bucket of an S3-compatible store, through aioboto3: one client per process,
    made on first use and closed with the runtime."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        query = {name: values[-1] for name, values in parse_qs(parts.query).items()}
        assert parts.hostname
        self.bucket = parts.hostname
        self._options: dict[str, Any] = {
            "endpoint_url": query.get("endpoint") or None,
            "region_name": query.get("region") or "us-east-1",
        }
        if parts.username:
            self._options["aws_access_key_id"] = unquote(parts.username)
            self._options["aws_secret_access_key"] = unquote(parts.password or "")
        self._stack = AsyncExitStack()
        self._client: Any = None
        self._lock = asyncio.Lock()

    async def client(self) -> Any:
        async with self._lock:
            if self._client is None:
                import aioboto3  # imported only where S3 is configured

                session = aioboto3.Session()
                self._client = await self._stack.enter_async_context(
                    session.client("s3", **self._options)
                )
        return self._client

    async def save(self, key: str, source: BinaryIO, size: int, content_type: str) -> None:
        client = await self.client()
        source.seek(0)
        # The body is the spooled file itself: it is sent in chunks as it is read.
        await client.put_object(
            Bucket=self.bucket,
            Key=_checked(key),
            Body=source,
            ContentLength=size,
            ContentType=content_type,
        )

    async def read(self, key: str, start: int = 0, stop: int | None = None) -> AsyncIterator[bytes]:
        client = await self.client()
        wanted: dict[str, str] = {}
        if start or stop is not None:
            wanted["Range"] = f"bytes={start}-{stop - 1 if stop is not None else ''}"
        try:
            answer = await client.get_object(Bucket=self.bucket, Key=_checked(key), **wanted)
        except client.exceptions.NoSuchKey:
            raise Missing(key) from None
        return self._chunks(answer["Body"])

    @staticmethod
    async def _chunks(body: Any) -> AsyncIterator[bytes]:
        async with body:
            async for chunk in body.iter_chunks(CHUNK):
                yield chunk

    async def copy(self, source: str, target: str) -> None:
        client = await self.client()
        # CopyObject: the store copies the bytes itself (up to 5 GB, beyond any upload's
        # limit), and the content type along with them.
        try:
            await client.copy_object(
                Bucket=self.bucket,
                Key=_checked(target),
                CopySource={"Bucket": self.bucket, "Key": _checked(source)},
            )
        except client.exceptions.NoSuchKey:
            raise Missing(source) from None

    async def delete(self, key: str) -> None:
        client = await self.client()
        await client.delete_object(Bucket=self.bucket, Key=_checked(key))

    async def move(self, key: str, to: str) -> None:
        client = await self.client()
        # One request for up to 5 GB, the most a file may be (core/config.py).
        source = {"Bucket": self.bucket, "Key": _checked(key)}
        try:
            await client.copy_object(Bucket=self.bucket, Key=_checked(to), CopySource=source)
        except client.exceptions.NoSuchKey:
            raise Missing(key) from None
        await client.delete_object(Bucket=self.bucket, Key=key)

    async def delete_prefix(self, prefix: str) -> None:
        client = await self.client()
        pages = client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=_checked(prefix.rstrip("/")) + "/"
        )
        async for page in pages:
            keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
            if keys:  # at most 1000 a page, as many as one request may delete
                await client.delete_objects(
                    Bucket=self.bucket, Delete={"Objects": keys, "Quiet": True}
                )

    async def close(self) -> None:
        await self._stack.aclose()
        self._client = None
