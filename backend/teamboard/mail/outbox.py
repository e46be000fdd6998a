"""The outbox: queue a message in the caller's transaction; claim, send and settle it in
the background runner.

Several senders may run at once (app workers, instances, `teamboard worker`). A sender
*claims* due messages with one UPDATE that sets a lease (``locked_until``) on rows nobody
holds — on PostgreSQL with ``FOR UPDATE SKIP LOCKED``, so concurrent senders take
different rows without waiting; on SQLite the process's one writer makes it atomic. A
message is sent by whoever holds its lease, then marked sent. A sender that dies between
the mail server's answer and that mark leaves the lease to run out, and the message is
sent again: at least once, with the same Message-ID, so that a receiving system can tell
a repeat (an SMTP server gives no way to do better).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, select, update

from teamboard.core.config import Settings
from teamboard.core.db import UnitOfWork
from teamboard.core.models import utcnow
from teamboard.mail.compose import Letter, new_message_id
from teamboard.mail.models import OutboxMessage

QUEUED = "mail.queued"  # a staged event: wakes this process's sender after the commit
LEASE = timedelta(minutes=2)  # longer than one send may take (the SMTP timeout)
MAX_ATTEMPTS = 8
BATCH = 20


def queue(
    db: UnitOfWork,
    settings: Settings,
    letter: Letter,
    *,
    kind: str,
    user_id: int | None = None,
    send_after: datetime | None = None,
) -> OutboxMessage:
    """Adds the message to the caller's transaction: it is sent only if that commits."""
    message = OutboxMessage(
        message_id=new_message_id(settings.mail_from),
        kind=kind,
        user_id=user_id,
        to_address=letter.to,
        subject=letter.subject,
        text_body=letter.text,
        html_body=letter.html,
        headers=letter.headers,
        send_after=send_after or utcnow(),
        attempts=0,
    )
    db.add(message)
    db.stage({"type": QUEUED})
    return message


def _due(now: datetime) -> list[ColumnElement[bool]]:
    return [
        OutboxMessage.sent_at.is_(None),
        OutboxMessage.failed_at.is_(None),
        OutboxMessage.send_after <= now,
        (OutboxMessage.locked_until.is_(None)) | (OutboxMessage.locked_until <= now),
    ]


async def claim(db: UnitOfWork, limit: int = BATCH) -> list[OutboxMessage]:
    """Due messages nobody else holds, now held by this sender for :data:`LEASE`."""
    now = utcnow()
    ids = (
        select(OutboxMessage.id)
        .where(*_due(now))
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    async with db.transaction():
        claimed = await db.scalars(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), *_due(now))
            .values(locked_until=now + LEASE, attempts=OutboxMessage.attempts + 1)
            .returning(OutboxMessage)
            .execution_options(synchronize_session=False)
        )
        # In the order they were queued: RETURNING's order is the update's, not the ids'
        # (two digests of one person once arrived the wrong way round on PostgreSQL).
        return sorted(claimed, key=lambda message: message.id)


def backoff(attempts: int) -> timedelta:
    """30 s after the first failure, doubling, at most an hour."""
    return timedelta(seconds=min(3600, 30 * 2 ** max(0, attempts - 1)))


@dataclass(frozen=True, slots=True)
class Outcome:
    sent: bool
    error: str = ""
    final: bool = False  # the server refused it for good (5xx), or the attempts ran out


async def settle(db: UnitOfWork, message_id: int, attempts: int, outcome: Outcome) -> None:
    now = utcnow()
    if outcome.sent:
        values: dict[str, object] = {"sent_at": now, "locked_until": None, "last_error": None}
    elif outcome.final or attempts >= MAX_ATTEMPTS:
        values = {"failed_at": now, "locked_until": None, "last_error": outcome.error[:2000]}
    else:
        values = {
            "send_after": now + backoff(attempts),
            "locked_until": None,
            "last_error": outcome.error[:2000],
        }
    async with db.transaction():
        await db.execute(
            update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values)
        )


async def waiting(db: UnitOfWork) -> int:
    """Messages not sent and not given up."""
    count = await db.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None))
    )
    return int(count or 0)
