"""The board's activity feed: its event log, newest first."""

from __future__ import annotations

from fastapi import APIRouter

from teamboard.accounts.deps import CurrentActor
from teamboard.activity.schemas import ActivityPage
from teamboard.activity.service import list_board_activity, list_card_activity
from teamboard.core.deps import DB, IdPath
from teamboard.core.schemas import Limit, Offset

router = APIRouter(tags=["activity"])


@router.get("/boards/{board_id}/activity", response_model=ActivityPage)
async def board_activity(
    board_id: IdPath, actor: CurrentActor, db: DB, limit: Limit = 50, offset: Offset = 0
) -> object:
    items, total = await list_board_activity(db, actor, board_id, limit=limit, offset=offset)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/cards/{card_id}/activity", response_model=ActivityPage)
async def card_activity(
    card_id: IdPath, actor: CurrentActor, db: DB, limit: Limit = 50, offset: Offset = 0
) -> object:
    """The card's own activity: the board's events about it and its comments, newest
    first."""
    items, total = await list_card_activity(db, actor, card_id, limit=limit, offset=offset)
    return {"items": items, "total": total, "limit": limit, "offset": offset}
