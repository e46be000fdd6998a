"""The caller's notifications (list, mark one or all read), the cards they follow, and how
notifications reach them by e-mail."""

from __future__ import annotations

from fastapi import APIRouter

from teamboard.accounts.deps import CurrentActor
from teamboard.core.deps import DB, IdPath
from teamboard.core.schemas import Limit, Offset
from teamboard.notifications import follows, preferences, service
from teamboard.notifications.schemas import (
    FollowState,
    MarkedRead,
    NotificationPage,
    NotificationRead,
    NotificationSettings,
)

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


# -- following cards ------------------------------------------------------------------------


@router.get("/cards/{card_id}/follow", response_model=FollowState)
async def read_follow(card_id: IdPath, actor: CurrentActor, db: DB) -> object:
    """Whether the caller follows the card: hears of every new comment on it."""
    return {"following": await follows.is_following(db, actor, card_id)}


@router.put("/cards/{card_id}/follow", response_model=FollowState)
async def follow_card(card_id: IdPath, actor: CurrentActor, db: DB) -> object:
    """Follow the card (any member who can see it may). Creating a card, being assigned
    to it and commenting on it follow it too."""
    return {"following": await follows.follow(db, actor, card_id)}


@router.delete("/cards/{card_id}/follow", response_model=FollowState)
async def unfollow_card(card_id: IdPath, actor: CurrentActor, db: DB) -> object:
    """Stop following the card, until you next comment on it or are assigned to it."""
    return {"following": await follows.unfollow(db, actor, card_id)}


# -- e-mail ---------------------------------------------------------------------------------


@router.get("/me/notification-settings", response_model=NotificationSettings)
async def read_settings(actor: CurrentActor, db: DB) -> object:
    """How each kind of notification reaches the caller by e-mail."""
    return await preferences.read_choices(db, actor.id)


@router.put("/me/notification-settings", response_model=NotificationSettings)
async def save_settings(body: NotificationSettings, actor: CurrentActor, db: DB) -> object:
    """``immediately``: a message per notification; ``daily``: one digest a day (at
    ``TEAMBOARD_DIGEST_HOUR_UTC``, UTC); ``off``: none. In-app notifications stay."""
    return await preferences.save_choices(db, actor, body.model_dump())
