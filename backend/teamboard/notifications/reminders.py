"""Due-date reminders: a card with a due date reminds its assignees (a notification, and
e-mail by their choice) once when it is due and once when it is overdue.

Due dates are days, read in UTC: a card due on D is due by the end of D, i.e. D+1 00:00 UTC.
The ``due_soon`` reminder fires 24 hours before that, from D 00:00 UTC ("due today"); the
``overdue`` one from D+1 00:00 UTC on, for a week (a card overdue for longer, e.g. when this
first runs on old cards, reminds nobody). A card archived or without assignees at that time
reminds nobody until it has them again (within the same window).

Each reminder fires exactly once per card, kind and due date: firing writes a
``card_reminders`` row under a unique key (card, kind, due date) in the transaction of its
notifications, so two processes, or a restarted one, cannot fire it twice. A moved due date
has keys of its own: the new date gets its reminders, the old date's never fire (the scan
reads the card's current due date). A date moved away and back keeps what it fired.

The scan reads cards due in the window through an index on ``cards.due_date`` and skips
those already reminded through the unique key: bounded work per turn.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, case, exists, select
from sqlalchemy.exc import IntegrityError

from teamboard.cards.models import Card, CardAssignee
from teamboard.core.config import Settings
from teamboard.core.db import Database, UnitOfWork
from teamboard.core.leases import HOLDER, drain
from teamboard.core.models import utcnow
from teamboard.core.runner import Task
from teamboard.notifications.models import CardReminder
from teamboard.notifications.service import notify

TASK = "notifications.reminders"
LEASE_SECONDS = 300
OVERDUE_FOR = timedelta(days=7)  # how long after the due day an overdue reminder may come
BATCH = 100
MAX_PER_TURN = 1000


def reminder_for(due: date, today: date) -> str | None:
    if due == today:
        return "due_soon"
    if today - OVERDUE_FOR <= due < today:
        return "overdue"
    return None


@dataclass(frozen=True, slots=True)
class Due:
    card_id: int
    due_date: date
    kind: str


class Reminders:
    def __init__(self, settings: Settings, db: Database) -> None:
        self.settings = settings
        self.db = db
        self.holder = f"{HOLDER}.{secrets.token_hex(4)}"

    def task(self) -> Task:
        return Task(TASK, self.settings.notifications_poll_seconds, self._turn)

    async def _turn(self) -> None:
        await self.turn()

    async def turn(self, now: datetime | None = None) -> int:
        """Fires the reminders due at ``now``; returns how many fired."""
        at = now or utcnow()
        async with self.db.session() as db:
            return await drain(
                db,
                TASK,
                LEASE_SECONDS,
                self.holder,
                batch=lambda: due_reminders(db, at),
                handle=lambda due: fire(db, due, at),
                limit=MAX_PER_TURN,
            )


def scan(today: date, limit: int = BATCH) -> Select[int, date, str]:
    """Reminders due on ``today`` that have not fired: cards due today or overdue within
    the window, not archived, with assignees."""
    kind = case((Card.due_date == today, "due_soon"), else_="overdue")
    fired = exists().where(
        CardReminder.card_id == Card.id,
        CardReminder.kind == kind,
        CardReminder.due_date == Card.due_date,
    )
    assigned = exists().where(CardAssignee.card_id == Card.id)
    return (
        select(Card.id, Card.due_date, kind)
        .where(
            Card.due_date >= today - OVERDUE_FOR,
            Card.due_date <= today,
            Card.archived.is_(False),
            assigned,
            ~fired,
        )
        .order_by(Card.due_date, Card.id)
        .limit(limit)
    )


async def due_reminders(db: UnitOfWork, now: datetime, limit: int = BATCH) -> list[Due]:
    rows = await db.execute(scan(now.date(), limit))
    return [Due(card_id, due_date, kind) for card_id, due_date, kind in rows]


async def fire(db: UnitOfWork, due: Due, now: datetime) -> int:
    """One reminder, with its notifications, in one transaction; 1 if it fired here."""
    try:
        async with db.transaction():
            card = await db.scalar(
                select(Card).where(Card.id == due.card_id).execution_options(populate_existing=True)
            )
            if card is None or card.archived or card.due_date != due.due_date:
                return 0  # changed since the scan: the next scan sees it as it is
            if reminder_for(card.due_date, now.date()) != due.kind:
                return 0
            db.add(
                CardReminder(card_id=card.id, kind=due.kind, due_date=due.due_date, fired_at=now)
            )
            await db.flush()  # the unique key refuses a reminder that fired elsewhere
            assignees = set(
                await db.scalars(
                    select(CardAssignee.user_id).where(CardAssignee.card_id == card.id)
                )
            )
            about = {"id": card.id, "board_id": card.board_id, "title": card.title}
            await notify(db, None, due.kind, about, assignees, due_date=due.due_date)
    except IntegrityError:
        return 0
    return 1
