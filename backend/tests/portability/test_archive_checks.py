"""What an archive's import refuses, before a byte is written (portability/archive.py):
each refusal in words, no board made, nothing left in the storage; and what it takes
from the bytes rather than the document (their type, a cover, the uploader by e-mail)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select

from teamboard.boards.models import Board
from teamboard.core.errors import AppError, QuotaExceeded, TooLarge
from teamboard.core.runtime import Runtime
from teamboard.portability.archive import MAX_ENTRIES
from teamboard.portability.service import BoardDoc
from tests.support.api import Api, Headers
from tests.support.archives import (
    all_stored,
    attachments,
    exported,
    filed_board,
    imported,
    rezip,
)
from tests.support.files import fresh_storage, image

ZEROS = bytes(2 * 1024 * 1024)  # packs into 2 KB


@pytest.fixture
def settings_overrides(tmp_path: Path) -> dict[str, Any]:
    return fresh_storage(None, tmp_path / "files")


@pytest.fixture
async def archive(api: Api, runtime: Runtime) -> tuple[Headers, bytes]:
    filed = await filed_board(api)
    _doc, sink = await exported(runtime, filed.owner, filed.board_id)
    return filed.owner, bytes(sink.data)


async def _refused(
    runtime: Runtime, who: Headers, data: bytes, kind: type[AppError], **limits: int
) -> str:
    """The import's refusal, once nothing came of it."""
    settings = runtime.settings.model_copy(update=limits)
    stored = all_stored(runtime, None)
    async with runtime.db.session() as db:
        boards = await db.scalar(select(func.count(Board.id)))
    with pytest.raises(kind) as refusal:
        await imported(runtime, who, data, settings)
    async with runtime.db.session() as db:
        assert await db.scalar(select(func.count(Board.id))) == boards
    assert all_stored(runtime, None) == stored
    return refusal.value.detail


def _set(field: str, value: Any, index: int = 0) -> Any:
    def change(document: dict[str, Any]) -> None:
        attachments(document)[index][field] = value

    return change


async def test_not_a_zip(runtime: Runtime, archive: tuple[Headers, bytes]) -> None:
    who, _ = archive
    detail = await _refused(runtime, who, b"PK\x03\x04 but not a zip", AppError)
    assert detail == "This file is not a zip archive, or it is damaged."


async def test_no_document(runtime: Runtime, archive: tuple[Headers, bytes]) -> None:
    who, _ = archive
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as bare:
        bare.writestr("files/1/a.txt", b"words")
    detail = await _refused(runtime, who, out.getvalue(), AppError)
    assert detail == "The archive has no board.json: it is not a board's export."


async def test_a_path_that_climbs_out(runtime: Runtime, archive: tuple[Headers, bytes]) -> None:
    who, data = archive
    evil = "files/../../evil.png"
    changed = rezip(data, _set("file", evil), drop=("files/1/phöto.png",), add={evil: image()})
    detail = await _refused(runtime, who, changed, AppError)
    assert detail == f"The archive holds an entry named {evil!r}, outside its own folder."


async def test_an_entry_beside_the_files(runtime: Runtime, archive: tuple[Headers, bytes]) -> None:
    who, data = archive
    detail = await _refused(runtime, who, rezip(data, add={"run.sh": b"rm -rf /"}), AppError)
    assert detail == "The archive holds 'run.sh': only board.json and files/… belong."


async def test_too_many_entries(runtime: Runtime, archive: tuple[Headers, bytes]) -> None:
    who, data = archive
    padding = {f"files/pad/{n}": b"" for n in range(MAX_ENTRIES)}
    detail = await _refused(runtime, who, rezip(data, add=padding), AppError)
    assert detail.startswith(f"The archive holds {MAX_ENTRIES + 4} entries; a board's holds at")


async def test_a_file_over_the_upload_limit(
    runtime: Runtime, archive: tuple[Headers, bytes]
) -> None:
    who, data = archive
    detail = await _refused(runtime, who, data, TooLarge, max_upload_bytes=1024 * 1024)
    assert detail == "The archive's 'files/3/big.bin' is 2.9 MB; a file may be 1.0 MB at most."


async def test_a_zip_bomb(runtime: Runtime, archive: tuple[Headers, bytes]) -> None:
    who, data = archive
    bomb = rezip(
        data,
        _set("file", "files/3/zeros", 2),
        drop=("files/3/big.bin",),
        add={"files/3/zeros": ZEROS},
    )
    detail = await _refused(runtime, who, bomb, AppError)
    assert detail.startswith("The archive's 'files/3/zeros' would expand ")
    assert detail.endswith(" times its packed size: refused as a zip bomb.")


async def test_a_file_the_archive_lacks(runtime: Runtime, archive: tuple[Headers, bytes]) -> None:
    who, data = archive
    changed = rezip(data, drop=("files/2/notes_ v1.txt",))
    detail = await _refused(runtime, who, changed, AppError)
    assert detail == "The document names the file 'files/2/notes_ v1.txt', which the archive lacks."


async def test_the_board_quota(runtime: Runtime, archive: tuple[Headers, bytes]) -> None:
    who, data = archive
    detail = await _refused(runtime, who, data, QuotaExceeded, board_quota_bytes=1024 * 1024)
    assert detail == "The archive's files take 2.9 MB; a board's may take 1.0 MB in all."


async def test_two_covers_on_a_card(runtime: Runtime, archive: tuple[Headers, bytes]) -> None:
    who, data = archive
    with pytest.raises(ValidationError, match="a card has one cover at most"):
        await imported(runtime, who, rezip(data, _set("cover", True, 1)))


async def test_the_bytes_say_what_a_file_is(
    api: Api, runtime: Runtime, archive: tuple[Headers, bytes]
) -> None:
    who, data = archive

    def lie(document: dict[str, Any]) -> None:
        photo, notes, big = attachments(document)
        photo |= {"content_type": "text/plain", "size": 1}
        notes |= {"content_type": "image/png", "cover": False, "size": 10**9}
        big |= {"uploader": "nobody@elsewhere.example"}  # unknown here: the importer's
        notes["uploader"] = None  # nobody's (an account since deleted): stays so

    copy = await imported(runtime, who, rezip(data, lie))
    again, _sink = await exported(runtime, who, copy.board_id)
    photo, notes, big = (a for c in again.columns for card in c.cards for a in card.attachments)
    assert (photo.content_type, photo.cover, photo.size > 1) == ("image/png", True, True)
    assert (notes.content_type, notes.size, notes.uploader) == ("text/plain", 600, None)
    assert big.uploader == who["X-Email"]


def test_a_first_format_document_is_still_read() -> None:
    doc = BoardDoc.model_validate({"format": "teamboard.board/1", "name": "Old"})
    assert doc.columns == []
