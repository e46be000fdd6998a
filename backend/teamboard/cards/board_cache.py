"""The columns, cards, labels and members of recently read boards, kept current by
applying each event to them — the same events, the same way, as the clients do
(frontend/src/features/board/model/events.ts) — rather than read again after every change.

A :class:`BoardState` is one board at one ``seq`` of its log, never mutated: an event
makes a new state that shares every unchanged column with the one before. A read asks for
the state at the seq the database gave it (cards/board_read.py), so a state that is
behind (an event not arrived yet) or dropped only costs a rebuild, never a wrong answer;
the board's own fields (name, seq, updated_at, the caller's role) come from that read's
row, not from here.

An event is applied only when its effect on the rendering is exactly known from its data;
any other (a label or a member changed: their order is the database's collation; a column
added, moved or deleted; a card restored, whose comment count the event lacks) drops the
board, and the next read rebuilds it once (single flight). Events arrive in commit order
here and from other processes (realtime/relay.py), nearly so: one that comes early waits
in a small buffer for the one before it.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any
from weakref import WeakKeyDictionary

from teamboard.boards.schemas import LabelRead, MemberRead
from teamboard.cards.schemas import CardTile, ColumnWithCards
from teamboard.core.db import Database
from teamboard.core.events import Event

MAX_BOARDS = 64  # boards kept, least recently used out first
MAX_TILES = 50_000  # cards kept over all boards' newest states (a big board uses many)
HISTORY = 4  # states kept per board: reads still running at the seq before a change
MAX_EARLY = 32  # events kept per board while the one before them has not arrived

# The board's content does not change: only the seq (and the board's row) moves on.
_UNCHANGED = frozenset(
    {"board.updated", "comment.updated", "invitation.sent", "invitation.revoked"}
    | {"invitation.declined"}
)


@dataclass(frozen=True)
class BoardState:
    seq: int
    columns: tuple[ColumnWithCards, ...]
    labels: tuple[LabelRead, ...]
    members: tuple[MemberRead, ...]

    @property
    def tiles(self) -> int:
        return sum(len(column.cards) for column in self.columns)


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
                after = step(newest, event)
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
        database.follow(cache.apply)
    return cache


# -- one event -------------------------------------------------------------------------------


def step(state: BoardState, event: Event) -> BoardState | None:
    """The state after ``event`` (the next seq), or None when only a read can tell."""
    kind, data = event["type"], event["data"]
    after = replace(state, seq=event["seq"])
    if kind in _UNCHANGED:
        return after
    if kind in ("card.created", "card.moved", "card.updated"):
        return _card_changed(after, kind, data["card"])
    if kind == "card.archived":
        return _without(after, data["card"]["id"], must=True)
    if kind == "card.deleted":
        return _without(after, data["id"], must=False)
    if kind in ("comment.created", "comment.restored"):
        return _count_comments(after, data["comment"]["card_id"], 1)
    if kind == "comment.deleted":
        return _count_comments(after, data["card_id"], -1)
    if kind == "column.updated":
        return _column_updated(after, data)
    return None


def _find(state: BoardState, card_id: int) -> CardTile | None:
    for column in state.columns:
        for card in column.cards:
            if card.id == card_id:
                return card
    return None


def _tile(card: dict[str, Any], comment_count: int) -> CardTile:
    fields = {key: value for key, value in card.items() if key != "gone"}
    description = str(fields["description"])
    return CardTile.model_validate(
        fields | {"has_description": bool(description.strip()), "comment_count": comment_count}
    )


def _card_changed(state: BoardState, kind: str, card: dict[str, Any]) -> BoardState | None:
    current = _find(state, card["id"])
    if card["archived"]:
        # An archived card is not on the board: moved or edited there, it stays off.
        return state if current is None else None
    if kind == "card.created":
        return None if current is not None else _placed(state, _tile(card, 0), card["position"])
    if current is None:
        return None  # a visible card the state does not have: it cannot be exact
    tile = _tile(card, current.comment_count)
    if kind == "card.updated" and (
        current.column_id != card["column_id"] or current.position != card["position"]
    ):
        return None  # an edit does not move a card: something else happened meanwhile
    return _placed(state, tile, card["position"])


def _renumbered(column: ColumnWithCards, cards: list[CardTile]) -> ColumnWithCards:
    cards = [
        card if card.position == index else card.model_copy(update={"position": index})
        for index, card in enumerate(cards)
    ]
    return column.model_copy(update={"cards": cards})


def _placed(state: BoardState, tile: CardTile, index: int) -> BoardState | None:
    """``tile`` at ``index`` of its column, taken from wherever it was."""
    if not any(column.id == tile.column_id for column in state.columns):
        return None
    columns = []
    for column in state.columns:
        others = [card for card in column.cards if card.id != tile.id]
        if column.id == tile.column_id:
            at = max(0, min(index, len(others)))
            column = _renumbered(column, [*others[:at], tile, *others[at:]])
        elif len(others) != len(column.cards):
            column = _renumbered(column, others)
        columns.append(column)
    return replace(state, columns=tuple(columns))


def _without(state: BoardState, card_id: int, *, must: bool) -> BoardState | None:
    if _find(state, card_id) is None:
        return None if must else state
    columns = tuple(
        _renumbered(column, [card for card in column.cards if card.id != card_id])
        if any(card.id == card_id for card in column.cards)
        else column
        for column in state.columns
    )
    return replace(state, columns=columns)


def _count_comments(state: BoardState, card_id: int, by: int) -> BoardState | None:
    current = _find(state, card_id)
    if current is None:
        return state  # an archived card's comments: not shown on the board
    tile = current.model_copy(update={"comment_count": current.comment_count + by})
    columns = tuple(
        column.model_copy(
            update={"cards": [tile if card.id == card_id else card for card in column.cards]}
        )
        if column.id == tile.column_id
        else column
        for column in state.columns
    )
    return replace(state, columns=columns)


def _column_updated(state: BoardState, data: dict[str, Any]) -> BoardState | None:
    """A column renamed or given a WIP limit, in place; one that moved is dropped."""
    position = next((i for i, c in enumerate(state.columns) if c.id == data["id"]), None)
    if position is None or position != data["position"]:
        return None
    column = state.columns[position]
    changed = column.model_copy(
        update={"name": data["name"], "wip_limit": data["wip_limit"], "version": data["version"]}
    )
    columns = (*state.columns[:position], changed, *state.columns[position + 1 :])
    return replace(state, columns=columns)
