"""Leases: a named turn that one process at a time may hold, for a while.

A periodic task that must not run twice at once across workers and instances (the daily
digest, the due-date reminders) takes its lease for the length of a turn. The lease is a
row; taking it is one conditional UPDATE (free or expired, or already ours), else an
INSERT that a unique key lets only one process win — the same on SQLite and PostgreSQL.
A process that dies holding it only delays the next turn until the lease runs out.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Awaitable, Callable, Hashable
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import String, or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from teamboard.core.db import UnitOfWork
from teamboard.core.models import Base, utcnow

T = TypeVar("T", bound=Hashable)

# Who holds a lease: unique per process (a restarted one is someone else).
HOLDER = f"{os.getpid()}.{secrets.token_hex(4)}"


class Lease(Base):
    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(64))
    until: Mapped[datetime]


async def take(db: UnitOfWork, name: str, seconds: float, holder: str = HOLDER) -> bool:
    """Whether this process holds ``name`` for the next ``seconds`` (taken or renewed)."""
    now = utcnow()
    until = now + timedelta(seconds=seconds)
    async with db.transaction():
        taken = await db.execute(
            update(Lease)
            .where(Lease.name == name, or_(Lease.until <= now, Lease.holder == holder))
            .values(holder=holder, until=until)
        )
        if taken.rowcount:  # type: ignore[attr-defined]
            return True
    try:
        async with db.transaction():
            db.add(Lease(name=name, holder=holder, until=until))
    except IntegrityError:  # held by another process
        return False
    return True


async def give_back(db: UnitOfWork, name: str, holder: str = HOLDER) -> None:
    async with db.transaction():
        await db.execute(
            update(Lease).where(Lease.name == name, Lease.holder == holder).values(until=utcnow())
        )


async def drain(
    db: UnitOfWork,
    name: str,
    seconds: float,
    holder: str,
    *,
    batch: Callable[[], Awaitable[list[T]]],
    handle: Callable[[T], Awaitable[int]],
    limit: int,
) -> int:
    """One turn of a task under the lease ``name``: ``handle`` each item ``batch`` finds,
    asking again until it finds nothing not yet handled or ``limit`` items were (the next
    turn goes on), renewing the lease between batches. Returns the sum of what ``handle``
    returned; 0 when another process holds the lease."""
    if not await take(db, name, seconds, holder):
        return 0
    done = 0
    try:
        handled: set[T] = set()
        while len(handled) < limit:
            items = [item for item in await batch() if item not in handled]
            if not items:
                break
            for item in items:
                handled.add(item)
                done += await handle(item)
            await take(db, name, seconds, holder)
    finally:
        await give_back(db, name, holder)
    return done
