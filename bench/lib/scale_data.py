"""The growth benchmark's data set, built straight into the database with bulk inserts
(SQLAlchemy Core executemany on SQLite, COPY on PostgreSQL), not through the API: a
million events through the API would take hours. ``teamboard migrate`` makes the schema
first, so the rows land in the real tables with their real indexes.

What it holds (the sizes come from :class:`Sizes`):
- one board per card count (200, 2,000, 10,000 cards; 4 columns, 3 labels, 0-3 labels and
  every second card assigned), its owner and four members;
- two boards whose logs hold 1,000 and 1,000,000 events about 100 cards, one of which (the
  "quiet" card) appears in only a few of them;
- three users, members of 5, 50 (a page of the board list) and 500 boards.
Every user's password is :data:`PASSWORD`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any, cast

from argon2 import PasswordHasher
from sqlalchemy import Table, text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from teamboard.models import Base

PASSWORD = "bench-scale-password"  # noqa: S105 - a throw-away benchmark database
OWNER = "owner@bench.example"
COLUMNS = ("Backlog", "To do", "In progress", "Done")
LABELS = (("bug", "#dc2626"), ("feature", "#2563eb"), ("chore", "#6b7280"))
EVENT_CARDS = 100  # the cards an events board's log is about
QUIET_EVENTS = 10  # how many of a log's events are about its quiet card
CHUNK = 20_000
T0 = datetime(2024, 1, 1, tzinfo=UTC)
STEP = 1 << 20  # core/positions.py


@dataclass(frozen=True)
class Sizes:
    cards: tuple[int, ...]  # one board per count
    events: tuple[int, int]  # small and large event log
    member_of: tuple[int, int, int]  # boards of three users: a few, a page's worth, many
    sockets: int  # for the memory row

    def key(self) -> str:
        return "-".join(map(str, (*self.cards, *self.events, *self.member_of)))


FULL = Sizes(
    cards=(200, 2_000, 10_000), events=(1_000, 1_000_000), member_of=(5, 50, 500), sockets=100
)
QUICK = Sizes(cards=(20, 100, 400), events=(100, 10_000), member_of=(5, 50, 100), sockets=10)


@dataclass
class DataSet:
    """The ids the measurements need; stored as JSON beside a cached database."""

    card_boards: dict[int, int] = field(default_factory=dict)  # card count -> board id
    columns: dict[int, list[int]] = field(default_factory=dict)  # board id -> column ids
    cards: dict[int, list[int]] = field(default_factory=dict)  # board id -> a few card ids
    event_boards: dict[int, int] = field(default_factory=dict)  # event count -> board id
    quiet_cards: dict[int, int] = field(default_factory=dict)  # event count -> card id
    members: dict[int, str] = field(default_factory=dict)  # boards -> the member's e-mail

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, raw: str) -> DataSet:
        data = json.loads(raw)
        return cls(**{k: {int(i): v for i, v in data[k].items()} for k in data})


class Ids:
    """Explicit ids for every table: the builder knows them without reading back."""

    def __init__(self) -> None:
        self.last: dict[str, int] = {}

    def __call__(self, table: str) -> int:
        self.last[table] = self.last.get(table, 0) + 1
        return self.last[table]


def _table(name: str) -> Table:
    table: Table = Base.metadata.tables[name]
    return table


def _complete(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """Every column given: the rows' own values, else the column's scalar default, else
    now for the time stamps, else NULL (COPY fills in no defaults)."""
    out = {}
    for column in table.columns:
        if column.name in row:
            out[column.name] = row[column.name]
        elif column.default is not None and getattr(column.default, "is_scalar", False):
            out[column.name] = getattr(column.default, "arg", None)
        elif column.name.endswith("_at") and not column.nullable:
            out[column.name] = T0
        else:
            out[column.name] = None
    return out


async def _write(conn: AsyncConnection, name: str, rows: Iterable[dict[str, Any]]) -> None:
    table = _table(name)
    postgres = conn.dialect.name == "postgresql"
    json_columns = {c.name for c in table.columns if c.type.__class__.__name__ == "JSON"}
    iterator = iter(rows)
    while chunk := [_complete(table, row) for row in islice(iterator, CHUNK)]:
        if not postgres:
            await conn.execute(table.insert(), chunk)
            continue
        names = [c.name for c in table.columns]
        records = [
            tuple(json.dumps(r[n]) if n in json_columns else r[n] for n in names) for r in chunk
        ]
        raw = await conn.get_raw_connection()
        driver = cast(Any, raw.driver_connection)
        await driver.copy_records_to_table(name, records=records, columns=names)


def _users(ids: Ids, emails: list[str], password_hash: str) -> list[dict[str, Any]]:
    return [
        {
            "id": ids("users"),
            "email": email,
            "display_name": email.split("@")[0].title(),
            "password_hash": password_hash,
            "email_verified_at": T0,
        }
        for email in emails
    ]


def _board(ids: Ids, name: str, seq: int = 0) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    board_id = ids("boards")
    board = {"id": board_id, "name": name, "description": "", "event_seq": seq}
    columns = [
        {"id": ids("board_columns"), "board_id": board_id, "name": n, "rank": (i + 1) * STEP}
        for i, n in enumerate(COLUMNS)
    ]
    return board, columns


def _cards(
    ids: Ids, board_id: int, column_ids: list[int], count: int, creator: int
) -> list[dict[str, Any]]:
    return [
        {
            "id": ids("cards"),
            "board_id": board_id,
            "column_id": column_ids[index % len(column_ids)],
            "title": f"Card {index + 1}: something that needs doing",
            "description": "A short description of the work. " * (1 + index % 4),
            "rank": (index // len(column_ids) + 1) * STEP,
            "creator_id": creator,
        }
        for index in range(count)
    ]


def _events(
    board_id: int, cards: list[dict[str, Any]], count: int, actor: int
) -> Iterator[dict[str, Any]]:
    """``count`` card events: each card created, then moves and edits; the first card (the
    quiet one) appears in :data:`QUIET_EVENTS` of them, evenly spread."""
    quiet = {1 + round(i * (count - 1) / (QUIET_EVENTS - 1)) for i in range(QUIET_EVENTS)}
    others = cards[1:]
    for seq in range(1, count + 1):
        card = cards[0] if seq in quiet else others[seq % len(others)]
        kind = "card.created" if seq <= len(others) else ("card.moved", "card.updated")[seq % 2]
        at = T0 + timedelta(seconds=seq)
        data: dict[str, Any] = {
            "card": {
                "id": card["id"],
                "board_id": board_id,
                "column_id": card["column_id"],
                "position": 0,
                "due_date": None,
                "archived": False,
                "label_ids": [],
                "assignee_ids": [],
                "creator_id": actor,
                "version": 1,
                "created_at": T0.isoformat(),
                "updated_at": at.isoformat(),
            }
        }
        if kind == "card.moved":
            data["from_column_id"] = card["column_id"]
        yield {
            "board_id": board_id,
            "seq": seq,
            "type": kind,
            "actor_id": actor,
            "data": data,
            "card_id": card["id"],  # as boards/log.py's card_of writes it
            "created_at": at,
        }


async def build(url: str, sizes: Sizes) -> DataSet:
    """Fill a migrated, empty database; returns the ids the measurements need."""
    ids, ds = Ids(), DataSet()
    password_hash = PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD)
    helpers = [f"member{i}@bench.example" for i in range(1, 5)]
    listers = [f"member-of-{n}@bench.example" for n in sizes.member_of]
    users = _users(ids, [OWNER, *helpers, *listers], password_hash)
    owner, helper_ids = users[0]["id"], [u["id"] for u in users[1:5]]
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await _write(conn, "users", users)
            boards: list[dict[str, Any]] = []
            columns: list[dict[str, Any]] = []
            members: list[dict[str, Any]] = []
            labels: list[dict[str, Any]] = []
            for count in sizes.cards:
                board, cols = _board(ids, f"{count} cards")
                boards.append(board)
                columns += cols
                ds.card_boards[count] = board["id"]
                ds.columns[board["id"]] = [c["id"] for c in cols]
                members += [
                    {"board_id": board["id"], "user_id": u, "role": "editor"} for u in helper_ids
                ]
                members.append({"board_id": board["id"], "user_id": owner, "role": "owner"})
                labels += [
                    {"id": ids("labels"), "board_id": board["id"], "name": n, "color": c}
                    for n, c in LABELS
                ]
            for count in sizes.events:
                board, cols = _board(ids, f"{count} events", seq=count)
                boards.append(board)
                columns += cols
                ds.event_boards[count] = board["id"]
                ds.columns[board["id"]] = [c["id"] for c in cols]
                members.append({"board_id": board["id"], "user_id": owner, "role": "owner"})
            for index in range(max(sizes.member_of)):
                board, cols = _board(ids, f"Team board {index + 1}")
                boards.append(board)
                columns += cols
                members += [
                    {"board_id": board["id"], "user_id": user["id"], "role": "editor"}
                    for n, user in zip(sizes.member_of, users[5:], strict=True)
                    if index < n
                ]
            ds.members = dict(zip(sizes.member_of, listers, strict=True))
            await _write(conn, "boards", boards)
            await _write(conn, "board_columns", columns)
            await _write(conn, "board_members", members)
            await _write(conn, "labels", labels)
            await _card_rows(conn, ids, ds, sizes, owner, helper_ids, labels)
            await _event_rows(conn, ids, ds, sizes, owner)
            await _finish(conn)
    finally:
        await engine.dispose()
    return ds


async def _card_rows(
    conn: AsyncConnection,
    ids: Ids,
    ds: DataSet,
    sizes: Sizes,
    owner: int,
    helpers: list[int],
    labels: list[dict[str, Any]],
) -> None:
    for count in sizes.cards:
        board_id = ds.card_boards[count]
        cards = _cards(ids, board_id, ds.columns[board_id], count, owner)
        ds.cards[board_id] = [c["id"] for c in cards[:40]]
        board_labels = [label["id"] for label in labels if label["board_id"] == board_id]
        await _write(conn, "cards", cards)
        await _write(
            conn,
            "card_labels",
            (
                {"card_id": c["id"], "label_id": label}
                for i, c in enumerate(cards)
                for label in board_labels[: i % (len(board_labels) + 1)]
            ),
        )
        await _write(
            conn,
            "card_assignees",
            (
                {"card_id": c["id"], "user_id": helpers[i % len(helpers)]}
                for i, c in enumerate(cards)
                if i % 2 == 0
            ),
        )


async def _event_rows(
    conn: AsyncConnection, ids: Ids, ds: DataSet, sizes: Sizes, owner: int
) -> None:
    for count in sizes.events:
        board_id = ds.event_boards[count]
        cards = _cards(ids, board_id, ds.columns[board_id], EVENT_CARDS, owner)
        ds.quiet_cards[count] = cards[0]["id"]
        await _write(conn, "cards", cards)
        await _write(conn, "events", _events(board_id, cards, count, owner))


async def _finish(conn: AsyncConnection) -> None:
    """PostgreSQL: the id sequences past the ids written, and the planner's statistics
    (autovacuum would gather them soon after a real import). SQLite keeps its own
    AUTOINCREMENT counters, and no statistics unless someone runs ANALYZE."""
    if conn.dialect.name != "postgresql":
        return
    for name in ("users", "boards", "board_columns", "labels", "cards"):
        await conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608 - our names
                f"(SELECT max(id) FROM {name}))"
            )
        )
    await conn.execute(text("ANALYZE"))
