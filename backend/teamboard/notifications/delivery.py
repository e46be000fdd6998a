"""Which notifications go out by e-mail, and the messages of those that go at once.

A notification is mailed by its user's choice for its topic (notifications/preferences.py):
``immediately`` queues one message in the transaction that made the notification (the
outbox sends it only if that commits); ``daily`` leaves it for the digest; ``off``, or a
deactivated account, sends nothing. No storm: past ``TEAMBOARD_NOTIFICATION_MAILS_PER_HOUR``
immediate messages to one user in the last hour, that user's further notifications wait for
their next digest instead (which they get then, whatever their choice).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from teamboard.core.db import UnitOfWork
from teamboard.core.models import utcnow
from teamboard.mail.outbox import queue
from teamboard.notifications.mailing import Item, notification_letter, unsubscribe_key
from teamboard.notifications.models import Notification
from teamboard.notifications.preferences import TOPIC_OF, Delivery, Recipient, recipients

SENT = "sent"
DAILY = "daily"
DIGESTED = "digested"
DROPPED = "dropped"


async def _mailed_last_hour(db: UnitOfWork, user_ids: list[int]) -> dict[int, int]:
    if not user_ids:
        return {}
    rows = await db.execute(
        select(Notification.user_id, func.count())
        .where(
            Notification.mail == SENT,
            Notification.created_at >= utcnow() - timedelta(hours=1),
            Notification.user_id.in_(user_ids),
        )
        .group_by(Notification.user_id)
    )
    return {user_id: count for user_id, count in rows}


@dataclass(frozen=True, slots=True)
class Mailing:
    """How one user gets one notification by e-mail: ``sent`` now, or ``daily``."""

    to: Recipient
    state: str


async def plan(db: UnitOfWork, kind: str, user_ids: set[int]) -> dict[int, Mailing]:
    """The users to mail about a notification of ``kind``, and how; the others (choice
    ``off``, deactivated) are left out. Two queries, however many users."""
    topic = TOPIC_OF[kind]
    people = await recipients(db, user_ids)
    wanted = {uid: p for uid, p in people.items() if p.choices[topic] is not Delivery.off}
    now = [uid for uid, p in wanted.items() if p.choices[topic] is Delivery.immediately]
    counts = await _mailed_last_hour(db, now)
    cap = db.settings.notification_mails_per_hour
    return {
        uid: Mailing(p, SENT if uid in now and counts.get(uid, 0) < cap else DAILY)
        for uid, p in wanted.items()
    }


def send_now(
    db: UnitOfWork, notes: list[Notification], mailing: dict[int, Mailing], item: Item
) -> None:
    """Queues a message for each of ``notes`` marked ``sent``, in the caller's transaction."""
    settings = db.settings
    due = [note for note in notes if note.mail == SENT]
    if not due:
        return
    key = unsubscribe_key(settings)
    for note in due:
        letter = notification_letter(settings, key, mailing[note.user_id].to, item)
        queue(db, settings, letter, kind=f"notification.{item.kind}", user_id=note.user_id)
