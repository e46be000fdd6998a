"""Board archives for the export/import tests: a board with files made through the API,
the services called as the CLI (and later the API) calls them, a sink that records how
the zip was written, and changes made to an archive to see the import refuse it."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from devkit.s3 import S3Server
from teamboard.core.config import Settings
from teamboard.core.runtime import Runtime
from teamboard.portability.imports import Imported, import_archive
from teamboard.portability.service import BoardDoc, export_archive
from tests.support.api import Api, Headers, actor, auth
from tests.support.files import image, uploaded

# Several storage chunks (64 KB), far more than one write may carry.
BIG = bytes(range(256)) * 12_000


class Sink(io.RawIOBase):
    """Where an archive is written: it cannot seek (as a response's body cannot), and it
    remembers the size of each write."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.writes: list[int] = []

    def writable(self) -> bool:
        return True

    def write(self, chunk: Any) -> int:
        self.writes.append(len(chunk))
        self.data += chunk
        return len(chunk)


@dataclass(frozen=True)
class Filed:
    """A board with files: an image that is its card's cover, a text file, a big file
    added by an editor, and a card without files."""

    owner: Headers
    editor: Headers
    board_id: int
    files: dict[str, bytes]  # name: bytes


async def filed_board(api: Api) -> Filed:
    owner, editor = await api.user("owner"), await api.user("editor")
    board = await api.board(owner, "Files")
    await api.share(owner, board["id"], editor, "editor")
    first, second, _ = (column["id"] for column in board["columns"])
    card = await api.card(owner, first, "With files")
    await api.card(owner, first, "Without")
    other = await api.card(owner, second, "Big one")
    files = {"phöto.png": image(64, 32), "notes: v1.txt": b"plain words\n" * 50, "big.bin": BIG}
    picture = await uploaded(api.client, owner, card["id"], files["phöto.png"], "phöto.png")
    await uploaded(api.client, owner, card["id"], files["notes: v1.txt"], "notes: v1.txt")
    await uploaded(api.client, editor, other["id"], files["big.bin"], "big.bin")
    r = await api.client.put(
        f"/api/v1/cards/{card['id']}/cover",
        json={"attachment_id": picture["id"]},
        headers=auth(owner),
    )
    assert r.status_code == 204, r.text
    return Filed(owner, editor, board["id"], files)


async def exported(runtime: Runtime, who: Headers, board_id: int) -> tuple[BoardDoc, Sink]:
    sink = Sink()
    async with runtime.db.session() as db:
        doc = await export_archive(db, runtime.files, await actor(runtime, who), board_id, sink)
    return doc, sink


async def imported(
    runtime: Runtime, who: Headers, data: bytes, settings: Settings | None = None
) -> Imported:
    async with runtime.db.session() as db:
        return await import_archive(
            db,
            runtime.files,
            settings or runtime.settings,
            await actor(runtime, who),
            io.BytesIO(data),
        )


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(
    data: bytes,
    change: Callable[[dict[str, Any]], None] | None = None,
    *,
    drop: tuple[str, ...] = (),
    add: dict[str, bytes] | None = None,
) -> bytes:
    """The archive again, its document changed by ``change``, entries dropped or added."""
    found = entries(data)
    document = json.loads(found.pop("board.json"))
    if change is not None:
        change(document)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("board.json", json.dumps(document))
        for name, content in found.items():
            if name not in drop:
                archive.writestr(name, content)
        for name, content in (add or {}).items():  # deflated: a zip bomb is
            archive.writestr(name, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def attachments(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's attachments, in its order (to change them in place)."""
    return [
        a for column in document["columns"] for card in column["cards"] for a in card["attachments"]
    ]


def all_stored(runtime: Runtime, s3: S3Server | None) -> list[str]:
    """Every object the storage holds (staged imports' and boards' alike)."""
    if s3 is not None:
        return s3.keys(urlsplit(runtime.settings.storage_url).hostname or "")
    url = runtime.settings.storage_url
    # No storage named: the data folder's (core/storage.py open_storage).
    root = Path(unquote(urlsplit(url).path)) if url else runtime.settings.data_dir / "attachments"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
