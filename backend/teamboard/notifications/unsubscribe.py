"""Unsubscribing from a message's link, without logging in: the link's signed token names
the user and the topic (notifications/mailing.py). A GET only shows what the button will
do (mail scanners fetch links); the POST — the button, or a mail client's one-click
unsubscribe (RFC 8058) — turns that topic's e-mail off."""

from __future__ import annotations

from dataclasses import dataclass

from teamboard.accounts.models import User
from teamboard.core.config import Settings
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import NotFound
from teamboard.notifications.mailing import TOPIC_NAMES, read_token, unsubscribe_key
from teamboard.notifications.preferences import turn_off


@dataclass(frozen=True, slots=True)
class Link:
    user_id: int
    email: str
    topic: str
    topic_name: str


async def check_link(db: UnitOfWork, settings: Settings, token: str) -> Link:
    named = read_token(unsubscribe_key(settings), token)
    user = await db.get(User, named[0]) if named is not None else None
    if named is None or user is None:
        raise NotFound("This unsubscribe link is not valid")
    return Link(user.id, user.email, named[1], TOPIC_NAMES[named[1]])


async def unsubscribe(db: UnitOfWork, settings: Settings, token: str) -> Link:
    link = await check_link(db, settings, token)
    await turn_off(db, link.user_id, link.topic)
    return link
