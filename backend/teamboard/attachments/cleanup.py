"""Files nobody can reach any more leave the storage too: a deleted attachment's at once
(attachments/service.py), those of a card deleted for good once its undo window is over
and the trash is purged, and all of a deleted board's (their keys share its prefix)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from teamboard.attachments.models import Attachment
from teamboard.attachments.service import forget_file
from teamboard.core.events import Event
from teamboard.core.storage import Storage

log = logging.getLogger(__name__)
_TABLE = Attachment.__tablename__


def board_prefix(board_id: int) -> str:
    return f"boards/{board_id}/"


class Cleanup:
    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        # Deletions under way, kept so none is collected before it ends; each ends.
        self._running: set[asyncio.Task[None]] = set()

    async def purged(self, items: list[list[dict[str, Any]]]) -> None:
        """Purger hook (boards/trash.py): the files of the attachments a purge forgot."""
        for item in items:
            for part in item:
                if part.get("table") != _TABLE:
                    continue
                for row in part["rows"]:
                    await forget_file(self.storage, row["storage_key"], row["has_thumbnail"])

    def published(self, events: list[Event]) -> None:
        """Publisher listener: a deleted board's files, after its deletion committed."""
        for event in events:
            if event.get("type") == "board.deleted":
                self._spawn(self._board_gone(int(event["board_id"])))

    async def _board_gone(self, board_id: int) -> None:
        try:
            await self.storage.delete_prefix(board_prefix(board_id))
        except Exception:  # the storage is down: the bytes stay, unreachable; say so
            log.exception("could not delete the files of board %s", board_id)

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def settle(self) -> None:
        """Wait for the deletions under way (tests; a process closing)."""
        while self._running:
            await asyncio.gather(*self._running)
