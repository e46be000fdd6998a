"""A board's archive (portability/archive.py) with its files in a folder, and in a bucket
of a real S3 API server: export → import → export gives the same document and the same
bytes; the zip is written in chunks, never a whole file at once; a JSON export lists the
files an import of it leaves out; and a failed import leaves no board and no bytes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from devkit.s3 import S3Server
from teamboard.boards.models import Board
from teamboard.core.errors import Invalid
from teamboard.core.runtime import Runtime
from teamboard.core.storage import CHUNK
from teamboard.portability.imports import import_board
from teamboard.portability.service import FORMAT, document_text, export_board
from tests.support.api import Api, actor, auth
from tests.support.archives import BIG, all_stored, entries, exported, filed_board, imported
from tests.support.files import fresh_storage


@pytest.fixture(params=["local", "s3"])
def s3(request: pytest.FixtureRequest) -> S3Server | None:
    if request.param != "s3":
        return None
    server: S3Server = request.getfixturevalue("s3_server")
    return server


@pytest.fixture
def settings_overrides(s3: S3Server | None, tmp_path: Path) -> dict[str, Any]:
    return fresh_storage(s3, tmp_path / "files")


async def _boards(runtime: Runtime) -> int:
    async with runtime.db.session() as db:
        return int(await db.scalar(select(func.count(Board.id))) or 0)


async def test_export_import_export_gives_the_same_document_and_bytes(
    api: Api, runtime: Runtime, s3: S3Server | None
) -> None:
    filed = await filed_board(api)
    doc, sink = await exported(runtime, filed.owner, filed.board_id)
    assert doc.format == FORMAT
    listed = [
        (a.name, a.content_type, a.size, a.uploader, a.cover, a.file)
        for column in doc.columns
        for card in column.cards
        for a in card.attachments
    ]
    owner, editor = filed.owner["X-Email"], filed.editor["X-Email"]
    sizes = {name: len(data) for name, data in filed.files.items()}
    assert listed == [
        ("phöto.png", "image/png", sizes["phöto.png"], owner, True, "files/1/phöto.png"),
        (
            "notes: v1.txt",
            "text/plain",
            sizes["notes: v1.txt"],
            owner,
            False,
            "files/2/notes_ v1.txt",
        ),
        ("big.bin", "application/octet-stream", len(BIG), editor, False, "files/3/big.bin"),
    ]
    # The document, and the files' bytes under the paths it names: nothing else.
    files = entries(bytes(sink.data))
    assert sorted(files) == ["board.json", *sorted(a[5] for a in listed)]
    assert files["board.json"].decode() == document_text(doc)
    assert {a[0]: files[a[5]] for a in listed} == filed.files
    async with runtime.db.session() as db:
        assert await export_board(db, await actor(runtime, filed.owner), filed.board_id) == doc

    copy = await imported(runtime, filed.owner, bytes(sink.data))
    assert (copy.files, copy.skipped, copy.notes()) == (3, 0, ["3 files restored"])
    again, again_sink = await exported(runtime, filed.owner, copy.board_id)
    assert again == doc
    assert entries(bytes(again_sink.data)) == files
    # The copy's own keys, under its prefix; nothing staged is left behind.
    stored = all_stored(runtime, s3)
    assert not [key for key in stored if key.startswith("imports/")]
    assert len([key for key in stored if key.startswith(f"boards/{copy.board_id}/")]) == 4
    # Its tile shows the cover, whose thumbnail was made again from the image.
    r = await api.client.get(f"/api/v1/boards/{copy.board_id}", headers=auth(filed.owner))
    tile = r.json()["columns"][0]["cards"][0]
    assert tile["attachment_count"] == 2 and tile["cover_url"]
    r = await api.client.get(tile["cover_url"], headers=auth(filed.owner))
    assert r.status_code == 200 and r.headers["content-type"] == "image/webp"


async def test_a_big_file_goes_into_the_zip_in_chunks(api: Api, runtime: Runtime) -> None:
    filed = await filed_board(api)
    _doc, sink = await exported(runtime, filed.owner, filed.board_id)
    # The sink cannot seek (a response's body cannot either) and saw each write: none
    # carried more than one chunk of the storage's, the 3 MB file went in many.
    assert len(BIG) > 40 * CHUNK
    assert max(sink.writes) <= CHUNK
    assert len(sink.writes) > len(BIG) // CHUNK


async def test_a_json_export_lists_the_files_its_import_leaves_out(
    api: Api, runtime: Runtime, s3: S3Server | None
) -> None:
    filed = await filed_board(api)
    stored = all_stored(runtime, s3)
    async with runtime.db.session() as db:
        me = await actor(runtime, filed.owner)
        doc = await export_board(db, me, filed.board_id)
        copy = await import_board(db, me, doc)
        again = await export_board(db, me, copy.board_id)
    assert (copy.files, copy.skipped) == (0, 3)
    assert copy.notes() == [
        "3 attachments left out: a JSON export lists files without their bytes "
        "(an archive carries them)"
    ]
    assert [a for column in again.columns for card in column.cards for a in card.attachments] == []
    assert all_stored(runtime, s3) == stored


async def test_a_damaged_file_leaves_no_board_and_no_bytes(
    api: Api, runtime: Runtime, s3: S3Server | None
) -> None:
    filed = await filed_board(api)
    _doc, sink = await exported(runtime, filed.owner, filed.board_id)
    data = bytearray(sink.data)
    # The big file, the last one, is stored as it is: one byte of it changed, its CRC no
    # longer matches — found only once the two files before it are in the storage.
    at = data.index(BIG[:1024]) + len(BIG) // 2
    data[at] ^= 0xFF
    stored, boards = all_stored(runtime, s3), await _boards(runtime)
    with pytest.raises(Invalid, match="big.bin' is damaged"):
        await imported(runtime, filed.owner, bytes(data))
    assert all_stored(runtime, s3) == stored
    assert await _boards(runtime) == boards
