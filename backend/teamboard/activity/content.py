"""Reading the event log: the text it left out, filled in from the current rows.

Text that people write and may later change or delete (card titles and descriptions,
comment bodies, board, column and label names, members' names and addresses) is left out
of an event when it is stored, and filled in from the current rows when the log is read
(the activity feed, a replay to a client that resumes, another process catching up). So
deleting a comment or a card leaves no readable copy of its text behind, and an edit
leaves no old version: the log shows what is there now, or that it is gone.

Live delivery is unaffected: an event is published after its commit with its text, as the
change made it, and goes nowhere that keeps it.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from teamboard.accounts.models import User
from teamboard.attachments.models import Attachment
from teamboard.boards.log import TEXT_OF, Text, holder_of
from teamboard.boards.models import Board, BoardColumn, Label
from teamboard.cards.models import Card, Checklist, ChecklistItem, Comment
from teamboard.core.db import UnitOfWork


async def fill_text(db: UnitOfWork, events: Iterable[dict[str, Any]]) -> None:
    """Put the current text back into events read from the log, in place: one query per
    kind of thing the events name, however many events there are. A thing that no longer
    exists gets empty text and ``"gone": true``. A comment's or a checklist's event also
    gets its card's title (``card_title``, or ``card_gone``), from the same query as the
    cards'."""
    wanted: dict[str, set[int]] = defaultdict(set)
    places: list[tuple[Text, dict[str, Any]]] = []
    comments_cards: list[tuple[int, dict[str, Any]]] = []
    for event in events:
        kind = str(event.get("type"))
        text = TEXT_OF.get(kind)
        on_comment = kind.startswith(_ON_A_CARD)
        if (text is None and not on_comment) or not isinstance(event.get("data"), dict):
            continue
        # A copy: the dict read may be the ORM row's own, which must not change under it.
        data = event["data"] = copy.deepcopy(event["data"])
        if on_comment and isinstance(card_id := _card_of_comment(data), int):
            wanted["card"].add(card_id)
            comments_cards.append((card_id, data))
        holder = holder_of(text, data) if text is not None else None
        if text is None or holder is None or not isinstance(holder.get(text.id_key), int):
            continue
        wanted[text.kind].add(holder[text.id_key])
        places.append((text, holder))
    if not wanted:
        return
    found: dict[str, dict[int, dict[str, Any]]] = {
        kind: await _current(db, kind, sorted(ids)) for kind, ids in wanted.items()
    }
    for text, holder in places:
        now = found[text.kind].get(holder[text.id_key])
        if now is None:
            holder.update(dict.fromkeys(text.fields, ""), gone=True)
        else:
            holder.update({field: now[field] for field in text.fields})
    for card_id, data in comments_cards:
        card = found["card"].get(card_id)
        if card is None:
            data["card_gone"] = True
        else:
            data["card_title"] = card["title"]


# Events about a part of a card: they name the card by ``card_id`` (or their comment's).
_ON_A_CARD = ("comment.", "checklist.", "checklist_item.", "attachment.", "card.cover_changed")


def _card_of_comment(data: dict[str, Any]) -> Any:
    comment = data.get("comment")
    return comment.get("card_id") if isinstance(comment, dict) else data.get("card_id")


_COLUMNS: dict[str, tuple[Any, ...]] = {
    "card": (Card.id, Card.title, Card.description),
    "comment": (Comment.id, Comment.body),
    "checklist": (Checklist.id, Checklist.title),
    "checklist_item": (ChecklistItem.id, ChecklistItem.text),
    "board": (Board.id, Board.name, Board.description),
    "column": (BoardColumn.id, BoardColumn.name),
    "label": (Label.id, Label.name),
    "user": (User.id, User.display_name, User.email),
    "attachment": (Attachment.id, Attachment.filename),
}


async def _current(db: UnitOfWork, kind: str, ids: list[int]) -> dict[int, dict[str, Any]]:
    id_column, *fields = _COLUMNS[kind]
    rows = await db.execute(select(id_column, *fields).where(id_column.in_(ids)))
    return {
        row[0]: {f.key: value for f, value in zip(fields, row[1:], strict=True)} for row in rows
    }
