"""A board as CSV, for spreadsheets: one row per card (archived ones too, by their status),
columns in board order and cards in column order.

RFC 4180: comma-separated, every field quoted when it needs to be, CRLF line ends. UTF-8
with a byte-order mark, which is how Excel knows the file is UTF-8. A cell that a
spreadsheet would read as a formula (starting with ``= + - @``, or a tab or carriage
return that some strip before reading) is prefixed with an apostrophe: a card titled
``=HYPERLINK(...)`` stays text in the exporter's spreadsheet (OWASP "CSV injection").

Owners export (as with the JSON document, it names the members by e-mail). Four
statements, whatever the board's size; a board holds a bounded number of cards, so the
file is built in memory, in a few milliseconds.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from typing import NamedTuple

from sqlalchemy import literal, select

from teamboard.accounts.models import User
from teamboard.boards.access import access_board
from teamboard.boards.models import BoardColumn, Label, Role
from teamboard.cards.models import Card, CardAssignee, CardLabel
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork

HEADER = (
    "board",
    "column",
    "title",
    "description",
    "labels",
    "assignees",
    "due",
    "status",
    "created",
    "updated",
)
BOM = "\ufeff"
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value: str) -> str:
    """A cell a spreadsheet shows as the text it is."""
    return "'" + value if value.startswith(_FORMULA) else value


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _moment(value: datetime) -> str:
    """``2031-02-03T09:30:00Z``: UTC, to the second (times are stored in UTC)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.replace(microsecond=0).isoformat() + "Z"


class Spreadsheet(NamedTuple):
    board_name: str
    text: str


async def export_csv(db: UnitOfWork, actor: Actor, board_id: int) -> Spreadsheet:
    board, _role = await access_board(db, actor, board_id, Role.owner)
    columns = {
        column_id: name
        for column_id, name in await db.execute(
            select(BoardColumn.id, BoardColumn.name)
            .where(BoardColumn.board_id == board_id)
            .order_by(BoardColumn.rank, BoardColumn.id)
        )
    }
    order = {column_id: index for index, column_id in enumerate(columns)}
    labels: dict[int, list[str]] = {}
    people: dict[int, list[str]] = {}
    for kind, card_id, name in await db.execute(
        select(literal("l"), CardLabel.card_id, Label.name)
        .join(Label, Label.id == CardLabel.label_id)
        .where(Label.board_id == board_id)
        .union_all(
            select(literal("a"), CardAssignee.card_id, User.email)
            .join(User, User.id == CardAssignee.user_id)
            .join(Card, Card.id == CardAssignee.card_id)
            .where(Card.board_id == board_id)
        )
    ):
        (labels if kind == "l" else people).setdefault(card_id, []).append(name)
    cards = sorted(
        (
            await db.execute(
                select(
                    Card.id,
                    Card.column_id,
                    Card.rank,
                    Card.title,
                    Card.description,
                    Card.due_date,
                    Card.archived,
                    Card.created_at,
                    Card.updated_at,
                ).where(Card.board_id == board_id)
            )
        ).all(),
        key=lambda row: (order[row.column_id], row.archived, row.rank, row.id),
    )
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")  # quoting: minimal, as RFC 4180 has it
    writer.writerow(HEADER)
    for row in cards:
        writer.writerow(
            [
                cell(board.name),
                cell(columns[row.column_id]),
                cell(row.title),
                cell(row.description),
                cell(", ".join(sorted(labels.get(row.id, []), key=str.casefold))),
                cell(", ".join(sorted(people.get(row.id, [])))),
                _day(row.due_date),
                "archived" if row.archived else "open",
                _moment(row.created_at),
                _moment(row.updated_at),
            ]
        )
    return Spreadsheet(board.name, out.getvalue())
