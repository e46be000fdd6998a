"""The moves queued for one board, attempted together (PostgreSQL, core/lanes.py): one
read, each move decided in order against the board as the moves before it left it, one
guarded statement that writes the cards and appends every move's event.

Under load a board's moves queue behind each other, and each used to cost two round trips
and a commit of its own: the lane, not the CPU, set their pace, and most connections
waited on a move. Together they cost one read and one commit, however many there are.

The read is one row per move (the card with the mover's role, the target column's board
and its visible cards, the board's seq, all in one snapshot). The write commits only if
the board's log still ends where the read saw it (boards/log.py ``append_if_current``):
all of the moves or none (after a lost race, they are tried again under the board's
lock: then they cannot lose). Their events get consecutive seqs in the moves' order, and each
caller gets its own move's event and answer, as if it had run alone right after the ones
before it. A move that is not the plain case (no such card, refused, a stale version, an
archived card, a column to re-spread) is left out and given to the locking unit of work
(cards/moves.py), which answers with the full detail; the others go on without it.

What a run read, and the moves it wrote, the lane keeps for its next run (:class:`_Board`):
while nobody else writes the board, moves of cards it knows need no read — one round trip.
A fresh read takes each column's cards along (and tells the lanes they are its board's):
moves pick their cards all over a board, and when the read took only the moved cards,
nearly every run had one it did not know and paid a read for it (151 reads in 161 runs on
the 200-card board at 64 connections; 9 in 409 since). A column of up to AHEAD cards is
taken whole; of a longer one, only the first GLANCE, the cards people see and so move:
taking AHEAD of each there made every read of a big board decode ~500 rows, for cards a
move rarely picks (a move on a 2,000-card board cost 1.6x one on a 200-card board).
"""

from __future__ import annotations

import time
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from teamboard.boards.log import envelope, events_params
from teamboard.cards.move_rules import decide, read_card, slot_in
from teamboard.cards.move_statements import BOARDS_OF, LOCK, READ, WRITE
from teamboard.cards.schemas import CardRead
from teamboard.cards.views import as_json
from teamboard.core.actor import Actor
from teamboard.core.errors import AppError, Conflict
from teamboard.core.lanes import FALLBACK, STALE, Done, Miss, Run
from teamboard.core.models import utcnow
from teamboard.core.prepared import Asyncpg

# How long, and over how many cards and columns, a lane keeps what it read of its board
# (bounded in time too: a change that bypassed the board's log would be seen after that at
# the most).
KEEP_SECONDS = 2.0
MAX_KEPT = 10_000
# How many of a target column's first cards a read takes: a move further down a longer
# column is the locking unit's (cards/moves.py), which reads only the ranks beside it.
WINDOW = 256
# How many of each column's cards a lane's fresh read keeps besides the wanted ones: all
# of a column that has AHEAD or fewer (moves pick their cards all over a board, and one
# not known costs its run a read), else the first GLANCE (as many as the board page shows
# of a column before "Show N more", cards/board_view.py).
AHEAD = 128
GLANCE = 20


@dataclass(frozen=True, slots=True)
class Move:
    """One move as asked: ``card_id`` to ``position`` of ``column_id`` (from ``version``)."""

    actor: Actor
    card_id: int
    column_id: int
    position: int
    version: int | None


def lane_row(card_id: int) -> tuple[str, int]:
    """How a move names its card to the lanes."""
    return ("card", card_id)


async def boards_of(db: Asyncpg, moves: list[Move]) -> list[Hashable | None]:
    """The board of each move's card (its lane), None when there is no such card."""
    rows = await db.all(BOARDS_OF, {"cards": [m.card_id for m in moves]})
    found = {row.id: row.board_id for row in rows}
    return [found.get(m.card_id) for m in moves]


@dataclass
class _Board:
    """The board as the moves decided so far leave it: what was read of it, and the moves
    since, laid over it. Kept by the lane from one run to the next while nobody else
    writes the board (every write to it moves its seq on, and the guard then fails) —
    for at most KEEP_SECONDS from the first read."""

    id: int
    seen: int  # its seq: as read, then after each of the lane's writes
    # card → (column, rank, version) after the moves
    moved: dict[int, tuple[int, int, int]] = field(default_factory=dict)
    # column → its first visible (card, rank) as read (all of them: a column in ``partial``)
    read: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    partial: set[int] = field(default_factory=set)  # columns longer than their ``read``
    cards: dict[int, Any] = field(default_factory=dict)  # card → its row as read
    roles: dict[int, Any] = field(default_factory=dict)  # mover → role (None: no member)
    boards: dict[int, int | None] = field(default_factory=dict)  # column → its board
    since: float = field(default_factory=time.monotonic)

    def take(self, row: Any) -> None:
        """What a row read at ``seen`` tells."""
        self.cards[row.id] = row
        self.roles[row.mover] = row.role
        self.boards[row.target] = row.target_board
        self.column(row.target, row)

    def column(self, column_id: int, row: Any) -> None:
        """The column as ``row``, read for a move to it, shows it. Every row of a read has
        the same snapshot: the first one for a column tells it."""
        if column_id not in self.read:
            self.read[column_id] = [(c, r) for c, r in row.target_cards or ()]
            if len(self.read[column_id]) >= WINDOW:
                self.partial.add(column_id)

    def row(self, move: Move) -> Any | None:
        """The move's row as the board knows it, or None when a read must tell."""
        card = self.cards.get(move.card_id)
        if card is None or move.actor.id not in self.roles or move.column_id not in self.read:
            return None
        role, target = self.roles[move.actor.id], self.boards[move.column_id]
        return card._replace(mover=move.actor.id, role=role, target_board=target)

    def ranks(self, column_id: int, card_id: int) -> list[int]:
        """The ranks of the column's visible cards but ``card_id``, now."""
        ranks = [r for c, r in self.read[column_id] if c not in self.moved and c != card_id]
        ranks += [r for c, (col, r, _) in self.moved.items() if col == column_id and c != card_id]
        return sorted(ranks)

    @property
    def fresh(self) -> bool:
        kept = len(self.cards) + len(self.read)  # a move may name any column: both count
        return time.monotonic() - self.since < KEEP_SECONDS and kept < MAX_KEPT


async def attempt_together(db: Asyncpg, run: Run[Move]) -> list[Done[CardRead] | Miss]:
    """Each move's outcome, in order (core/lanes.py ``Many``). After a lost race the board's
    lock is taken first, and everything is read again."""
    if not run.lost:
        return await _together(db, run)
    run.kept.clear()
    async with db.raw.transaction():
        # A statement of its own: one that read the board after waiting for the lock
        # would see the other tables as they were before the commit it waited for.
        await db.all(LOCK, {"card": run.wanted[0].card_id})
        return await _together(db, run)


def _params(moves: list[Move], fresh: bool) -> dict[str, Any]:
    return {
        "cards": [m.card_id for m in moves],
        "users": [m.actor.id for m in moves],
        "targets": [m.column_id for m in moves],
        "window": WINDOW,
        "extra": AHEAD if fresh else 0,
        "glance": min(GLANCE, AHEAD) if fresh else 0,
    }


async def _read(db: Asyncpg, run: Run[Move]) -> tuple[_Board | None, list[Any]]:
    """The board the lane kept, if it is still of use, and a row (none: no such card) for
    each move it cannot tell alone, read now."""
    moves, board = run.wanted, run.kept.get("board")
    if board is not None and not board.fresh:
        board = None
    wanted = [m for m in moves if board is None or board.row(m) is None]
    if not wanted:
        return board, []
    rows = await db.all(READ, _params(wanted, fresh=board is None))
    if board is not None and any(row.board_seq != board.seen for row in rows):
        board = None  # written by someone else since: all of it is read again
        if len(wanted) < len(moves):
            rows = await db.all(READ, _params(moves, fresh=True))
    if board is None and rows:
        board = _Board(rows[0].board_id, rows[0].board_seq)
    asked = [row for row in rows if row.nth is not None]
    for row in rows:
        if board is not None and row.board_id == board.id and row.board_seq == board.seen:
            if row.nth is None:
                board.cards.setdefault(row.id, row)  # a card alone: no mover, no target
                run.found.append(lane_row(row.id))
            else:
                board.take(row)
    return board, asked


async def _together(db: Asyncpg, run: Run[Move]) -> list[Done[CardRead] | Miss]:
    moves = run.wanted
    board, rows = await _read(db, run)
    run.kept.clear()
    read = {(r.id, r.mover, r.target): r for r in rows}
    outcomes: list[Done[CardRead] | Miss] = []
    now = utcnow()
    decided: list[tuple[int, Move, CardRead, dict[str, Any]]] = []  # outcome's index, …
    for move in moves:
        row = board.row(move) if board is not None else None
        if row is None:
            row = read.get((move.card_id, move.actor.id, move.column_id))
        if row is None or row.role is None or board is None:
            outcomes.append(FALLBACK)  # no such card, or not for this mover to see
            continue
        if row.board_id != board.id:
            outcomes.append(STALE)  # another board's (a card not known yet): next time
            continue
        done = _decided(board, row, move, now)
        if done is None:
            outcomes.append(FALLBACK)
            continue
        decided.append((len(outcomes), move, *done))
        outcomes.append(FALLBACK)  # replaced below once committed
    if board is None or not decided:
        return outcomes
    events = [(move.actor, data) for _, move, _, data in decided]
    # This run's cards only (the board keeps the moves of the lane's earlier runs too).
    placed = [(card, board.moved[card]) for card in dict.fromkeys(r.id for _, _, r, _ in decided)]
    params = {
        **events_params(board.id, board.seen, "card.moved", events),
        "now": now,
        "moved": [card for card, _ in placed],
        "columns": [column for _, (column, _, _) in placed],
        "ranks": [rank for _, (_, rank, _) in placed],
        "versions": [version for _, (_, _, version) in placed],
    }
    if not await db.all(WRITE, params):
        for index, *_ in decided:  # the board moved on since it was read: read again
            outcomes[index] = STALE
        return outcomes
    seen, board.seen = board.seen, board.seen + len(decided)
    run.kept["board"] = board  # the next run starts from here
    at = now.isoformat()
    for k, (index, move, result, data) in enumerate(decided, 1):
        event = envelope(board.id, seen + k, "card.moved", move.actor, data, at)
        outcomes[index] = (result, [event])
    return outcomes


def _decided(
    board: _Board, row: Any, move: Move, now: datetime
) -> tuple[CardRead, dict[str, Any]] | None:
    """The move decided on the board as the ones before it left it (recorded there), its
    answer and its event's data; None when it is not the plain case."""
    board.column(move.column_id, row)
    card = row
    if (after := board.moved.get(row.id)) is not None:
        card = row._replace(column_id=after[0], rank=after[1], version=after[2], updated_at=now)
    if card.archived:
        return None  # its place is not among the visible cards: the locking unit's case
    ranks = board.ranks(move.column_id, card.id)
    if move.column_id in board.partial and move.position >= len(ranks):
        # What is known is the top of the column (a move in puts a card among them, one
        # out takes one away): a place below it needs a rank that was not read.
        return None
    try:
        place, index = decide(
            card, board.id, move.column_id, move.version, _later, slot_in(ranks, move.position)
        )
    except AppError:
        return None
    if place is None:
        return None  # the neighbours are adjacent: the column needs re-spreading
    version = card.version + 1
    result = read_card(card, index, column_id=move.column_id, version=version, now=now)
    board.moved[card.id] = (move.column_id, place, version)
    return result, {"card": as_json(result), "from_column_id": card.column_id}


def _later() -> Conflict:
    return Conflict("Stale version")  # the attempt gives way; the unit builds the answer
