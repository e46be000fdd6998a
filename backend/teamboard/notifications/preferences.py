"""Who wants which notifications by e-mail, and how: for each topic — mentions,
assignments, comments on followed cards, due dates — ``immediately`` (one message per
notification), ``daily`` (one digest a day, notifications/digest.py) or ``off``. In-app
notifications are not affected.

Defaults (a user who never chose): what is addressed to you or is urgent comes at once
(being mentioned, being assigned, a due date near or past); comments on the cards you
follow, which can be many, come once a day in the digest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from teamboard.accounts.models import User
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.models import utcnow
from teamboard.notifications.models import DeliverySettings
from teamboard.notifications.rows import upsert


class Delivery(StrEnum):
    immediately = "immediately"
    daily = "daily"
    off = "off"


TOPICS = ("mentions", "assignments", "comments", "due_dates")
# What each notification kind is, as a topic of the settings.
TOPIC_OF = {
    "mentioned": "mentions",
    "assigned": "assignments",
    "commented": "comments",
    "due_soon": "due_dates",
    "overdue": "due_dates",
}
DEFAULTS = {
    "mentions": Delivery.immediately,
    "assignments": Delivery.immediately,
    "comments": Delivery.daily,
    "due_dates": Delivery.immediately,
}
# Named by an unsubscribe link in a digest: every topic that comes daily.
DIGEST = "digest"


def choices_of(row: DeliverySettings | None) -> dict[str, Delivery]:
    if row is None:
        return dict(DEFAULTS)
    return {topic: Delivery(getattr(row, topic)) for topic in TOPICS}


async def read_choices(db: UnitOfWork, user_id: int) -> dict[str, Delivery]:
    return choices_of(await db.get(DeliverySettings, user_id))


async def save_choices(
    db: UnitOfWork, actor: Actor, choices: dict[str, Delivery]
) -> dict[str, Delivery]:
    async with db.transaction():
        await _save(db, actor.id, choices)
    return choices


async def _save(db: UnitOfWork, user_id: int, choices: dict[str, Delivery]) -> None:
    values = {topic: str(choices[topic]) for topic in TOPICS}
    changes = values | {"updated_at": utcnow()}
    await upsert(db, DeliverySettings, {"user_id": user_id, **changes}, ["user_id"], changes)


async def turn_off(db: UnitOfWork, user_id: int, topic: str) -> list[str]:
    """An unsubscribe link: ``topic``'s e-mail off (``digest``: every daily topic's).
    Returns the topics it turned off (none when they were already)."""
    async with db.transaction():
        choices = await read_choices(db, user_id)
        if topic == DIGEST:
            names = [t for t in TOPICS if choices[t] is Delivery.daily]
        else:
            names = [topic] if choices[topic] is not Delivery.off else []
        if names:
            await _save(db, user_id, choices | dict.fromkeys(names, Delivery.off))
    return names


@dataclass(frozen=True, slots=True)
class Recipient:
    id: int
    email: str
    display_name: str
    choices: dict[str, Delivery]


async def recipients(db: UnitOfWork, user_ids: Iterable[int]) -> dict[int, Recipient]:
    """The active users among ``user_ids``, with their address and choices: one query."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    rows = await db.execute(
        select(User.id, User.email, User.display_name, DeliverySettings)
        .outerjoin(DeliverySettings, DeliverySettings.user_id == User.id)
        .where(User.id.in_(ids), User.is_active.is_(True))
    )
    return {
        user_id: Recipient(user_id, email, name, choices_of(row))
        for user_id, email, name, row in rows
    }
