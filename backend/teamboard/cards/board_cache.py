"""The columns, cards, labels and members of recently read boards, kept current by
applying each event to them — the same events, the same way, as the clients do
(frontend/src/features/board/model/events.ts) — rather than read again after every change.

A :class:`BoardState` (cards/board_state.py) is one board at one ``seq`` of its log, never
mutated: an event makes a new state that shares every unchanged column with the one
before. A read that asked the database for the board's row asks here for the state at
that row's seq (cards/board_read.py), so a state that is behind (an event not arrived
yet) or dropped only costs a rebuild, never a wrong answer. A read that did not ask takes
the newest state (:meth:`BoardCache.current`), whose row the events moved on — only while
this process hears every other's events.

An event is applied only when its effect on the board read is exactly known; any other
drops the board, and the next read rebuilds it once (single flight). Events arrive in
commit order here and from other processes (realtime/relay.py), nearly so: one that comes
early waits in a small buffer for the one before it.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from weakref import WeakKeyDictionary

from teamboard.cards.board_state import BoardHead, BoardState, apply_event
from teamboard.core.db import Database
from teamboard.core.events import Event

MAX_BOARDS = 64  # boards kept, least recently used out first
MAX_TILES = 50_000  # cards kept over all boards' newest states (a big board uses many)
HISTORY = 4  # states kept per board: reads still running at the seq before a change
MAX_EARLY = 32  # events kept per board while the one before them has not arrived


@dataclass
class _Board:
    states: OrderedDict[int, BoardState] = field(default_factory=OrderedDict)
    early: dict[int, Event] = field(default_factory=dict)

    @property
    def newest(self) -> BoardState | None:
        return next(reversed(self.states.values()), None)

    @property
    def tiles(self) -> int:
        return self.newest.tiles if self.newest is not None else 0

    def add(self, state: BoardState) -> None:
        self.states[state.seq] = state
        while len(self.states) > HISTORY:
            self.states.popitem(last=False)


class BoardCache:
    """Board states of one process (one per :class:`Database`, see :func:`board_cache`)."""

    def __init__(self) -> None:
        self._boards: OrderedDict[int, _Board] = OrderedDict()
        self._loading: dict[tuple[int, int], asyncio.Future[tuple[BoardState, bool]]] = {}

    def get(self, board_id: int, seq: int) -> BoardState | None:
        board = self._boards.get(board_id)
        if board is None:
            return None
        self._boards.move_to_end(board_id)
        return board.states.get(seq)

    def current(self, board_id: int) -> BoardState | None:
        """The newest state with its head, when no event is known to be missing from it:
        the board as this process knows it, to answer a read with no query at all."""
        board = self._boards.get(board_id)
        if board is None or board.early:
            return None
        newest = board.newest
        if newest is None or newest.head is None:
            return None
        self._boards.move_to_end(board_id)
        return newest

    def attach(self, board_id: int, head: BoardHead, seq: int) -> None:
        """The board's row as read at ``seq``, for a state the events left without one."""
        board = self._boards.get(board_id)
        state = board.states.get(seq) if board is not None else None
        if board is not None and state is not None and state.head is None:
            board.states[seq] = replace(state, head=head)

    def drop(self, board_id: int) -> None:
        self._boards.pop(board_id, None)

    def clear(self) -> None:
        self._boards.clear()

    def __len__(self) -> int:
        return len(self._boards)

    async def load(
        self,
        board_id: int,
        seq: int,
        build: Callable[[], Awaitable[tuple[BoardState, bool]]],
    ) -> tuple[BoardState, bool]:
        """The state at ``seq``, built by one caller while the others wait for it (after a
        dropped board, every concurrent reader would otherwise rebuild it). ``build`` says
        whether what it read is exactly that version (see board_read.py); only then is it
        kept."""
        if (state := self.get(board_id, seq)) is not None:
            return state, True
        key = (board_id, seq)
        if (building := self._loading.get(key)) is not None:
            # Shielded: a waiter's cancellation must not cancel the shared build.
            return await asyncio.shield(building)
        future: asyncio.Future[tuple[BoardState, bool]] = asyncio.get_running_loop().create_future()
        self._loading[key] = future
        # Events committed while it is read are kept, to bring it up to date at once.
        self._boards.setdefault(board_id, _Board())
        try:
            built = await build()
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: no "never retrieved" warning without waiters
            raise
        finally:
            del self._loading[key]
        if built[1]:
            self._seed(board_id, built[0])
        future.set_result(built)
        return built

    def _seed(self, board_id: int, state: BoardState) -> None:
        board = self._boards.get(board_id)
        if board is None:
            board = self._boards[board_id] = _Board()
        elif (newest := board.newest) is not None and state.seq < newest.seq:
            return  # older than what events have brought: of no use to them
        board.add(state)
        self._boards.move_to_end(board_id)
        self._catch_up(board_id, board)
        self._bound()

    def apply(self, events: list[Event]) -> None:
        """Committed events, in their live form (core/db.py ``Database.changed``)."""
        for event in events:
            board_id, seq = event.get("board_id"), event.get("seq")
            if not isinstance(board_id, int) or not isinstance(seq, int):
                continue
            board = self._boards.get(board_id)
            if board is None:
                continue
            if event.get("type") == "board.deleted":
                self.drop(board_id)
                continue
            if (newest := board.newest) is not None and seq <= newest.seq:
                continue  # applied already (or older than the states kept)
            if len(board.early) >= MAX_EARLY:
                self.drop(board_id)  # the missing event is not coming: rebuild when read
                continue
            board.early[seq] = event
            self._catch_up(board_id, board)
        self._bound()

    def _catch_up(self, board_id: int, board: _Board) -> None:
        """Apply the buffered events that follow the newest state, in order."""
        newest = board.newest
        if newest is None:
            return  # being read: the events wait for it
        for seq in [s for s in board.early if s <= newest.seq]:
            del board.early[seq]
        while (event := board.early.pop(newest.seq + 1, None)) is not None:
            try:
                after = apply_event(newest, event)
            except (KeyError, TypeError, ValueError):  # a shape not understood: rebuild
                after = None
            if after is None:
                self.drop(board_id)
                return
            board.add(after)
            newest = after

    def _bound(self) -> None:
        while len(self._boards) > MAX_BOARDS:
            self._boards.popitem(last=False)
        tiles = sum(board.tiles for board in self._boards.values())
        while tiles > MAX_TILES and len(self._boards) > 1:
            _id, board = self._boards.popitem(last=False)
            tiles -= board.tiles


_CACHES: WeakKeyDictionary[Database, BoardCache] = WeakKeyDictionary()


def board_cache(database: Database) -> BoardCache:
    """The process's board cache, following its events from the first read on."""
    cache = _CACHES.get(database)
    if cache is None:
        cache = _CACHES[database] = BoardCache()
        database.follow(cache)
    return cache
