"""The caller's notifications: list, mark one or all read."""

from __future__ import annotations

from fastapi import APIRouter

from teamboard.accounts.deps import CurrentActor
from teamboard.core.deps import DB, IdPath
from teamboard.core.schemas import Limit, Offset
from teamboard.notifications import service
from teamboard.notifications.schemas import MarkedRead, NotificationPage, NotificationRead

router = APIRouter(tags=["notifications"])


@router.get("/notifications", response_model=NotificationPage)
async def list_notifications(
    actor: CurrentActor, db: DB, unread: bool = False, limit: Limit = 50, offset: Offset = 0
) -> object:
    """Newest first; ``unread`` counts the caller's unread ones whatever the filter."""
    items, total, unread_count = await service.list_notifications(
        db, actor, unread=unread, limit=limit, offset=offset
    )
    return {
        "items": items,
        "total": total,
        "unread": unread_count,
        "limit": limit,
        "offset": offset,
    }


@router.post("/notifications/{notification_id}/read", response_model=NotificationRead)
async def mark_read(notification_id: IdPath, actor: CurrentActor, db: DB) -> object:
    return await service.mark_read(db, actor, notification_id)


@router.post("/notifications/read-all", response_model=MarkedRead)
async def mark_all_read(actor: CurrentActor, db: DB) -> object:
    return {"marked": await service.mark_all_read(db, actor)}
