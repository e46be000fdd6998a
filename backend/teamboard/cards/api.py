"""JSON routes for cards and comments."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response, status

from teamboard.accounts.deps import CurrentActor
from teamboard.boards.schemas import BoardRead
from teamboard.cards import (
    board_copies,
    board_read,
    checklists,
    comments,
    copies,
    listing,
    moves,
    service,
)
from teamboard.cards import templates as board_templates
from teamboard.cards.checklist_schemas import CardDetail
from teamboard.cards.schemas import (
    BoardCopy,
    BoardDetail,
    CardCopy,
    CardCreate,
    CardFilters,
    CardMove,
    CardRead,
    CardUpdate,
    CommentCreate,
    CommentRead,
    CommentUpdate,
    TemplateRead,
)
from teamboard.core.deps import DB, RT, IdPath, IfMatch
from teamboard.core.errors import QuotaExceeded
from teamboard.core.problems import problems
from teamboard.core.schemas import Limit, Offset, Page

router = APIRouter()
Filters = Annotated[CardFilters, Query()]


# The hottest write first: routes are matched in order.
@router.post("/cards/{card_id}/move", response_model=CardRead, tags=["cards"])
async def move_card(
    card_id: IdPath, body: CardMove, actor: CurrentActor, db: DB, if_match: IfMatch
) -> object:
    """Move to ``column_id`` at ``position`` (0 = top) in one call."""
    return await moves.move_card(
        db,
        actor,
        card_id,
        column_id=body.column_id,
        position=body.position,
        version=body.version or if_match,
    )


@router.get(
    "/boards/{board_id}",
    response_model=BoardDetail,
    tags=["boards"],
    responses={304: {"description": "Not modified (If-None-Match)"}},
)
async def read_board(
    board_id: IdPath,
    actor: CurrentActor,
    db: DB,
    if_none_match: Annotated[str | None, Header(max_length=500)] = None,
) -> object:
    """The board with its columns, cards, labels and members. Send the ETag back in
    ``If-None-Match`` to get a 304 when nothing changed."""
    snapshot = await board_read.read_board(db, actor, board_id, if_none_match=if_none_match)
    if isinstance(snapshot, str):
        return Response(status_code=304, headers={"ETag": snapshot})
    # Pre-serialised once per board version: no per-request validation of 200 cards.
    return Response(snapshot.body, media_type="application/json", headers={"ETag": snapshot.etag})


@router.post(
    "/boards/{board_id}/copy",
    response_model=BoardRead,
    status_code=status.HTTP_201_CREATED,
    responses=problems(QuotaExceeded),
    tags=["boards"],
)
async def copy_board(
    board_id: IdPath, body: BoardCopy, actor: CurrentActor, db: DB, rt: RT
) -> object:
    """A new board, yours alone, with the board's columns (and WIP limits) and labels, and
    with ``include_cards`` its visible cards with their labels, checklists and files (the
    files copied: 413 when they exceed a board's quota). Any member may copy."""
    return await board_copies.copy_board(
        db, rt.files, actor, board_id, name=body.name, include_cards=body.include_cards
    )


@router.get("/templates", response_model=list[TemplateRead], tags=["boards"])
async def list_templates(actor: CurrentActor, db: DB) -> object:
    """The built-in templates, then the template boards you are a member of. Start a board
    from one with ``POST /boards`` and its ``id`` as ``template``."""
    return await board_templates.list_templates(db, actor)


@router.get("/boards/{board_id}/cards", response_model=Page[CardRead], tags=["cards"])
async def list_board_cards(
    board_id: IdPath,
    filters: Filters,
    actor: CurrentActor,
    db: DB,
    limit: Limit = 50,
    offset: Offset = 0,
) -> object:
    """Filter by label, assignee, text (``q``), due date range, archived state or column."""
    items, total = await listing.list_cards(
        db, actor, board_id, filters, limit=limit, offset=offset
    )
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/columns/{column_id}/cards", response_model=Page[CardRead], tags=["cards"])
async def list_column_cards(
    column_id: IdPath,
    filters: Filters,
    actor: CurrentActor,
    db: DB,
    limit: Limit = 50,
    offset: Offset = 0,
) -> object:
    items, total = await listing.list_column_cards(
        db, actor, column_id, filters, limit=limit, offset=offset
    )
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.post(
    "/columns/{column_id}/cards",
    response_model=CardRead,
    status_code=status.HTTP_201_CREATED,
    tags=["cards"],
)
async def create_card(column_id: IdPath, body: CardCreate, actor: CurrentActor, db: DB) -> object:
    return await service.create_card(db, actor, column_id, body.model_dump())


@router.get("/cards/{card_id}", response_model=CardDetail, tags=["cards"])
async def read_card(card_id: IdPath, actor: CurrentActor, db: DB) -> object:
    """The card with its checklists and their items."""
    return await checklists.read_card_detail(db, actor, card_id)


@router.patch("/cards/{card_id}", response_model=CardRead, tags=["cards"])
async def update_card(
    card_id: IdPath, body: CardUpdate, actor: CurrentActor, db: DB, if_match: IfMatch
) -> object:
    """Send ``version`` (or ``If-Match``) to refuse the write if someone changed the card."""
    changes = body.model_dump(exclude_unset=True, exclude={"version"})
    return await service.update_card(db, actor, card_id, changes, body.version or if_match)


@router.delete("/cards/{card_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["cards"])
async def delete_card(card_id: IdPath, actor: CurrentActor, db: DB, if_match: IfMatch) -> None:
    await service.delete_card(db, actor, card_id, if_match)


@router.post("/cards/{card_id}/restore", response_model=CardRead, tags=["cards"])
async def restore_card(card_id: IdPath, actor: CurrentActor, db: DB) -> object:
    """Undo a deletion within a few seconds, with its comments, labels and assignees."""
    return await service.restore_card(db, actor, card_id)


@router.post(
    "/cards/{card_id}/copy",
    response_model=CardRead,
    status_code=status.HTTP_201_CREATED,
    responses=problems(QuotaExceeded),
    tags=["cards"],
)
async def copy_card(card_id: IdPath, body: CardCopy, actor: CurrentActor, db: DB, rt: RT) -> object:
    """Copy the card (you are a member of its board) to ``column_id`` of any board you
    edit, with the parts in ``include``; the copy is a ``card.created`` there. Its files
    are copied (413 when they exceed the target board's quota)."""
    return await copies.copy_card(
        db,
        rt.files,
        actor,
        card_id,
        column_id=body.column_id,
        position=body.position,
        title=body.title,
        include=body.include,
    )


@router.get("/cards/{card_id}/comments", response_model=Page[CommentRead], tags=["comments"])
async def list_comments(
    card_id: IdPath, actor: CurrentActor, db: DB, limit: Limit = 50, offset: Offset = 0
) -> object:
    items, total = await comments.list_comments(db, actor, card_id, limit=limit, offset=offset)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.post(
    "/cards/{card_id}/comments",
    response_model=CommentRead,
    status_code=status.HTTP_201_CREATED,
    tags=["comments"],
)
async def add_comment(card_id: IdPath, body: CommentCreate, actor: CurrentActor, db: DB) -> object:
    return await comments.add_comment(db, actor, card_id, body.body)


@router.patch("/comments/{comment_id}", response_model=CommentRead, tags=["comments"])
async def edit_comment(
    comment_id: IdPath, body: CommentUpdate, actor: CurrentActor, db: DB
) -> object:
    return await comments.edit_comment(db, actor, comment_id, body.body)


@router.delete("/comments/{comment_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["comments"])
async def delete_comment(comment_id: IdPath, actor: CurrentActor, db: DB) -> None:
    await comments.delete_comment(db, actor, comment_id)


@router.post("/comments/{comment_id}/restore", response_model=CommentRead, tags=["comments"])
async def restore_comment(comment_id: IdPath, actor: CurrentActor, db: DB) -> object:
    """Undo a deletion within a few seconds (the author or a board owner)."""
    return await comments.restore_comment(db, actor, comment_id)
