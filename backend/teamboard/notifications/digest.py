"""The daily digest: one message a day per user, listing the notifications they chose to
get ``daily`` (and those held back by the hourly cap, notifications/delivery.py).

The digest's moment is ``TEAMBOARD_DIGEST_HOUR_UTC`` o'clock, UTC, each day. A turn of the
task (every ``TEAMBOARD_NOTIFICATIONS_POLL_SECONDS``) finds the users with notifications
waiting from before the latest moment and no digest for that moment yet, and sends each one
digest of everything waiting. What a digest covered is written in the transaction that
queues it: a ``notification_digests`` row, unique per user and moment, and each covered
notification marked ``digested`` and pointing to it. So a second process, or the same one
after a restart, never sends the same digest again (the unique key refuses it even without
the lease), and nothing is skipped: a turn after downtime still finds what waits, and
whatever arrives after a digest waits for the next.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from sqlalchemy import exists, select, update
from sqlalchemy.exc import IntegrityError

from teamboard.core.config import Settings
from teamboard.core.db import Database, UnitOfWork
from teamboard.core.leases import HOLDER, drain
from teamboard.core.models import utcnow
from teamboard.core.runner import Task
from teamboard.mail.outbox import queue
from teamboard.notifications.delivery import DAILY, DIGESTED, DROPPED
from teamboard.notifications.mailing import Item, digest_letter, unsubscribe_key
from teamboard.notifications.models import Notification, NotificationDigest
from teamboard.notifications.preferences import TOPIC_OF, Delivery, recipients
from teamboard.notifications.service import with_text

TASK = "notifications.digest"
LEASE_SECONDS = 300  # far longer than a turn; renewed between batches
BATCH = 100  # users per query
MAX_PER_TURN = 2000  # users per turn; the next turn goes on
COVER = 1000  # notifications one digest covers at most (more wait for the next)
LISTED = 50  # of them, listed in the message; the rest counted


def digest_moment(now: datetime, hour: int) -> datetime:
    """The latest digest moment at or before ``now``."""
    today = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    return today if today <= now else today - timedelta(days=1)


class _Taken(Exception):
    """Another process covered some of these notifications first."""


class Digests:
    def __init__(self, settings: Settings, db: Database) -> None:
        self.settings = settings
        self.db = db
        # Each task its own holder: two runtimes of one process exclude each other too.
        self.holder = f"{HOLDER}.{secrets.token_hex(4)}"

    def task(self) -> Task:
        return Task(TASK, self.settings.notifications_poll_seconds, self._turn)

    async def _turn(self) -> None:
        await self.turn()

    async def turn(self, now: datetime | None = None) -> int:
        """Sends the digests due at ``now``; returns how many."""
        moment = digest_moment(now or utcnow(), self.settings.digest_hour_utc)
        async with self.db.session() as db:
            return await drain(
                db,
                TASK,
                LEASE_SECONDS,
                self.holder,
                batch=lambda: _waiting(db, moment),
                handle=lambda user_id: send_digest(db, user_id, moment),
                limit=MAX_PER_TURN,
            )


async def _waiting(db: UnitOfWork, moment: datetime) -> list[int]:
    """Users with notifications waiting from before ``moment`` and no digest for it."""
    done = exists().where(
        NotificationDigest.user_id == Notification.user_id, NotificationDigest.due_at == moment
    )
    rows = await db.scalars(
        select(Notification.user_id)
        .where(Notification.mail == DAILY, Notification.created_at < moment, ~done)
        .distinct()
        .limit(BATCH)
    )
    return list(rows)


async def send_digest(db: UnitOfWork, user_id: int, moment: datetime) -> int:
    """One user's digest for ``moment``, in one transaction; 1 if a message was queued."""
    try:
        async with db.transaction():
            return await _digest(db, user_id, moment)
    except (IntegrityError, _Taken):  # another process sent this digest
        return 0


async def _digest(db: UnitOfWork, user_id: int, moment: datetime) -> int:
    person = (await recipients(db, [user_id])).get(user_id)
    rows = list(
        await db.execute(
            with_text(
                select(Notification).where(
                    Notification.user_id == user_id,
                    Notification.mail == DAILY,
                    Notification.created_at < moment,
                )
            )
            .order_by(Notification.id)
            .limit(COVER)
        )
    )
    # Turned off since (or the account deactivated): never sent.
    wanted = [
        row
        for row in rows
        if person is not None and person.choices[TOPIC_OF[row[0].kind]] is not Delivery.off
    ]
    kept = {row[0].id for row in wanted}
    dropped = [row[0].id for row in rows if row[0].id not in kept]
    if dropped:
        await _mark(db, dropped, mail=DROPPED)
    if person is None or not wanted:
        return 0
    digest = NotificationDigest(user_id=user_id, due_at=moment, items=len(wanted))
    db.add(digest)
    await db.flush()  # the unique (user, moment) refuses a second digest here
    await _mark(db, sorted(kept), mail=DIGESTED, digest_id=digest.id)
    items = [
        Item(note.kind, actor or "", note.card_id, title, board, note.comment_id, body, _due(note))
        for note, title, board, actor, body in wanted[:LISTED]
    ]
    settings = db.settings
    letter = digest_letter(settings, unsubscribe_key(settings), person, items, len(wanted))
    queue(db, settings, letter, kind="notification.digest", user_id=user_id)
    return 1


async def _mark(db: UnitOfWork, ids: list[int], **values: object) -> None:
    done = await db.execute(
        update(Notification)
        .where(Notification.id.in_(ids), Notification.mail == DAILY)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != len(ids):  # type: ignore[attr-defined]
        raise _Taken()


def _due(note: Notification) -> date | None:
    raw = (note.data or {}).get("due_date")
    return date.fromisoformat(raw) if raw else None
