"""A board's columns, cards, labels and members at one ``seq`` of its log, and what one
event makes of them — as the clients apply it (frontend/src/features/board/model/events.ts).

An event is applied only when its effect on the board read is exactly known from its data
(and the board's state): anything else answers None, and a read rebuilds the state.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from typing import Any, NamedTuple

from teamboard.boards.schemas import LabelRead, MemberRead
from teamboard.cards.schemas import CardTile, ColumnWithCards
from teamboard.core.events import Event

# The board's content does not change: only the seq (and the board's row) moves on.
_UNCHANGED = frozenset(
    {"board.updated", "comment.updated", "invitation.sent", "invitation.revoked"}
    | {"invitation.declined"}
)


@dataclass(frozen=True)
class BoardHead:
    """The board's own fields at a state's seq — its row, as a read finds it — but the
    reader's role. Events move it on: every event's ``at`` is the board's updated_at
    (boards/log.py)."""

    id: int
    name: str
    description: str
    archived: bool
    created_at: datetime
    updated_at: datetime
    is_template: bool = False


@dataclass(slots=True)
class _Fragment:
    """One column as shown, made from the column it was of: its tiles numbered, and its
    JSON once written."""

    of: ColumnWithCards
    numbered: ColumnWithCards
    json: bytes | None = None


@dataclass(frozen=True)
class BoardState:
    seq: int
    # In each column the tiles' order is the truth; a tile's own ``position`` may lag
    # behind it (an event does not renumber the thousands of tiles a move shifts: that
    # would make a move cost what the column holds). What is shown is ``numbered``.
    columns: tuple[ColumnWithCards, ...]
    labels: tuple[LabelRead, ...]
    members: tuple[MemberRead, ...]
    head: BoardHead | None  # None: not known from the events (a read has the row)
    # Each column as shown, with the column it was made from: shared along the states
    # events make (``replace`` keeps it), so a change numbers and serialises only the
    # columns it changed, and only when they are shown.
    fragments: dict[int, _Fragment] = field(default_factory=dict, compare=False, repr=False)

    @property
    def tiles(self) -> int:
        return sum(len(column.cards) for column in self.columns)

    @cached_property
    def numbered(self) -> tuple[ColumnWithCards, ...]:
        """The columns with each tile's ``position`` its place, as a read shows them."""
        return tuple(self._fragment(column).numbered for column in self.columns)

    def columns_json(self) -> bytes:
        """``[…]``: the columns as BoardDetail.model_dump_json() writes them."""
        parts = []
        for column in self.columns:
            fragment = self._fragment(column)
            if fragment.json is None:
                fragment.json = fragment.numbered.model_dump_json().encode()
            parts.append(fragment.json)
        return b"[" + b",".join(parts) + b"]"

    def _fragment(self, column: ColumnWithCards) -> _Fragment:
        known = self.fragments.get(column.id)
        if known is None or known.of is not column:
            known = self.fragments[column.id] = _Fragment(column, _numbered(column))
        return known


def _numbered(column: ColumnWithCards) -> ColumnWithCards:
    if all(card.position == index for index, card in enumerate(column.cards)):
        return column
    cards = [
        card if card.position == index else card.model_copy(update={"position": index})
        for index, card in enumerate(column.cards)
    ]
    return column.model_copy(update={"cards": cards})


# -- one event -------------------------------------------------------------------------------


def apply_event(state: BoardState, event: Event) -> BoardState | None:
    """The state after ``event`` (the next seq), or None when only a read can tell."""
    kind, data = event["type"], event["data"]
    # The board's row moved on with the event: its seq, and updated_at = the event's at.
    # Its own fields only change with board.updated, whose row a read fetches.
    head = state.head
    if head is not None and kind != "board.updated":
        head = replace(head, updated_at=datetime.fromisoformat(event["at"]))
    after = replace(state, seq=event["seq"], head=None if kind == "board.updated" else head)
    if kind in _UNCHANGED:
        return after
    if kind in ("card.created", "card.moved", "card.updated"):
        return _card_changed(after, kind, data["card"], data)
    if kind == "card.restored" and data.get("progress") is not None:
        return _restored(after, data)
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
    if kind.startswith(("checklist.", "checklist_item.")):
        return _progressed(after, data["card_id"], data["progress"])
    if kind in _ATTACHMENT_EVENTS:
        return _attachments_changed(after, kind, data)
    return None


class _Place(NamedTuple):
    """Where a card's tile is: its column, and its index there (its ``position`` may lag)."""

    tile: CardTile
    column_id: int
    at: int


def _place_of(state: BoardState, card_id: int) -> _Place | None:
    for column in state.columns:
        for index, card in enumerate(column.cards):
            if card.id == card_id:
                return _Place(card, column.id, index)
    return None


def _find(state: BoardState, card_id: int) -> CardTile | None:
    found = _place_of(state, card_id)
    return found.tile if found is not None else None


def _tile(card: dict[str, Any], comment_count: int, **shown: Any) -> CardTile:
    """``shown``: what else the tile shows that the card's own data does not say."""
    fields = {key: value for key, value in card.items() if key != "gone"}
    description = str(fields["description"])
    return CardTile.model_validate(
        fields
        | {"has_description": bool(description.strip()), "comment_count": comment_count}
        | shown
    )


def _card_changed(
    state: BoardState, kind: str, card: dict[str, Any], data: dict[str, Any]
) -> BoardState | None:
    found = _place_of(state, card["id"])
    if card["archived"]:
        # An archived card is not on the board: moved or edited there, it stays off.
        return state if found is None else None
    if kind == "card.created":
        # A copy may come with its checklists' progress, its files and its cover.
        progress = data.get("progress") or {"done": 0, "total": 0}
        new = _tile(
            card,
            0,
            checklist_done=progress["done"],
            checklist_total=progress["total"],
            attachment_count=data.get("attachment_count") or 0,
            cover_url=data.get("cover_url"),
        )
        return None if found is not None else _placed(state, new, card["position"], None)
    if found is None:
        return None  # a visible card the state does not have: it cannot be exact
    current = found.tile
    tile = _tile(
        card,
        current.comment_count,
        checklist_done=current.checklist_done,
        checklist_total=current.checklist_total,
        attachment_count=current.attachment_count,
        cover_url=current.cover_url,
    )
    if kind == "card.updated" and (
        found.column_id != card["column_id"] or found.at != card["position"]
    ):
        return None  # an edit does not move a card: something else happened meanwhile
    return _placed(state, tile, card["position"], found)


def _restored(state: BoardState, data: dict[str, Any]) -> BoardState | None:
    """A card back, with its comments, checklists and attachments (an older event, without
    their counts, is only told by a read). A card deleted from the archive comes back to
    the archive: not shown."""
    card = data["card"]
    current = _find(state, card["id"])
    if card["archived"]:
        return state if current is None else None
    if current is not None:
        return None
    tile = _tile(
        card,
        data["comment_count"],
        checklist_done=data["progress"]["done"],
        checklist_total=data["progress"]["total"],
        attachment_count=data.get("attachment_count") or 0,
        cover_url=data.get("cover_url"),
    )
    return _placed(state, tile, card["position"], None)


def _reordered(column: ColumnWithCards, cards: list[CardTile]) -> ColumnWithCards:
    """The column with ``cards`` in this order (numbered when shown: BoardState.numbered)."""
    return column.model_copy(update={"cards": cards})


def _placed(state: BoardState, tile: CardTile, index: int, was: _Place | None) -> BoardState | None:
    """``tile`` at ``index`` of its column, taken from where it ``was`` (None: not shown)."""
    if not any(column.id == tile.column_id for column in state.columns):
        return None
    columns = []
    for column in state.columns:
        cards = column.cards
        if was is not None and column.id == was.column_id:
            cards = [*cards[: was.at], *cards[was.at + 1 :]]
        if column.id == tile.column_id:
            at = max(0, min(index, len(cards)))
            cards = [*cards[:at], tile, *cards[at:]]
        columns.append(column if cards is column.cards else _reordered(column, cards))
    return replace(state, columns=tuple(columns))


def _without(state: BoardState, card_id: int, *, must: bool) -> BoardState | None:
    if _find(state, card_id) is None:
        return None if must else state
    columns = tuple(
        _reordered(column, [card for card in column.cards if card.id != card_id])
        if any(card.id == card_id for card in column.cards)
        else column
        for column in state.columns
    )
    return replace(state, columns=columns)


def _count_comments(state: BoardState, card_id: int, by: int) -> BoardState | None:
    current = _find(state, card_id)
    if current is None:
        return state  # an archived card's comments: not shown on the board
    return _retiled(state, current.model_copy(update={"comment_count": current.comment_count + by}))


def _progressed(state: BoardState, card_id: int, progress: dict[str, int]) -> BoardState | None:
    current = _find(state, card_id)
    if current is None:
        return state  # an archived card's checklists: not shown on the board
    done, total = progress["done"], progress["total"]
    return _retiled(
        state, current.model_copy(update={"checklist_done": done, "checklist_total": total})
    )


def _retiled(state: BoardState, tile: CardTile) -> BoardState:
    """``tile`` in place of the card of the same id (same column, same position)."""
    card_id = tile.id
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


# -- attachments (attachments/events.py) ---------------------------------------------------

_ATTACHMENT_EVENTS = frozenset({"attachment.created", "attachment.deleted", "card.cover_changed"})


def _attachments_changed(state: BoardState, kind: str, data: dict[str, Any]) -> BoardState:
    """One more file, one fewer (and no cover if it was the cover), or a new cover."""
    current = _find(state, data["card_id"])
    if current is None:
        return state  # an archived card's files: not shown on the board
    if kind == "card.cover_changed":
        update: dict[str, Any] = {"cover_url": data["cover_url"]}
    else:
        by = 1 if kind == "attachment.created" else -1
        update = {"attachment_count": current.attachment_count + by}
        if data.get("was_cover"):
            update["cover_url"] = None
    tile = current.model_copy(update=update)
    columns = tuple(
        column.model_copy(
            update={"cards": [tile if card.id == tile.id else card for card in column.cards]}
        )
        if column.id == tile.column_id
        else column
        for column in state.columns
    )
    return replace(state, columns=columns)
