"""Notification e-mail: one message per notification, or one digest, with the text of the
moment (a mail is sent and gone, unlike a notification, which keeps references only).

Every message carries ``List-Unsubscribe`` with ``List-Unsubscribe-Post:
List-Unsubscribe=One-Click`` (RFC 8058) and a visible link to the same address: a token
signed with the site's key names the user and the topic, so the link works without
logging in (notifications/pages.py: a GET shows a button, a POST turns the topic off).
Links go straight to the site; nothing tracks the reader."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date

from teamboard.core.config import Settings
from teamboard.mail.compose import Letter, compose
from teamboard.notifications.preferences import DIGEST, TOPIC_OF, TOPICS, Recipient

MAIL_TEXT = 2000  # of a comment, in a message of its own
DIGEST_TEXT = 300  # of a comment, in a digest
SUBJECT = 250
TOPIC_NAMES = {
    "mentions": "mentions",
    "assignments": "assignments",
    "comments": "comments on cards you follow",
    "due_dates": "due dates",
    DIGEST: "the daily digest",
}
WHY = {
    "mentions": "someone mentioned you",
    "assignments": "someone assigned you to a card",
    "comments": "you follow this card",
    "due_dates": "you are assigned to this card",
}
_TOKEN = re.compile(r"([1-9][0-9]{0,18})\.([a-z_]{1,20})\.([A-Za-z0-9_-]{43})")


@dataclass(frozen=True, slots=True)
class Item:
    """A notification as a message tells it."""

    kind: str
    actor_name: str
    card_id: int
    card_title: str
    board_name: str
    comment_id: int | None = None
    text: str | None = None
    due_date: date | None = None


def headline(item: Item) -> str:
    title = f"“{item.card_title}”"
    who = item.actor_name or "Someone"
    due = item.due_date.isoformat() if item.due_date else ""
    return {
        "mentioned": f"{who} mentioned you on {title}",
        "assigned": f"{who} assigned you to {title}",
        "commented": f"{who} commented on {title}",
        "due_soon": f"{title} is due today ({due})",
        "overdue": f"{title} is overdue (it was due {due})",
    }.get(item.kind, f"{title} changed")


def card_url(settings: Settings, item: Item) -> str:
    anchor = f"#comment-{item.comment_id}" if item.comment_id else ""
    return f"{settings.base_url}/cards/{item.card_id}{anchor}"


def _clip(text: str | None, limit: int) -> str | None:
    if text is None:
        return None
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- unsubscribe links ----------------------------------------------------------------------


def unsubscribe_key(settings: Settings) -> bytes:
    return hashlib.sha256(
        b"teamboard/unsubscribe\x00" + settings.resolved_secret_key().encode()
    ).digest()


def _mac(key: bytes, user_id: int, topic: str) -> str:
    digest = hmac.new(key, f"{user_id}\x00{topic}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def unsubscribe_token(key: bytes, user_id: int, topic: str) -> str:
    return f"{user_id}.{topic}.{_mac(key, user_id, topic)}"


def read_token(key: bytes, token: str) -> tuple[int, str] | None:
    """The user and topic a token names, if the site signed it."""
    match = _TOKEN.fullmatch(token)
    if match is None:
        return None
    user_id, topic, mac = int(match[1]), match[2], match[3]
    if topic not in (*TOPICS, DIGEST) or not hmac.compare_digest(mac, _mac(key, user_id, topic)):
        return None
    return user_id, topic


def _unsubscribing(settings: Settings, key: bytes, user_id: int, topic: str) -> dict[str, str]:
    url = f"{settings.base_url}/unsubscribe/{unsubscribe_token(key, user_id, topic)}"
    return {
        "unsubscribe_url": url,
        "topic_name": TOPIC_NAMES[topic],
        "settings_url": f"{settings.base_url}/account/notifications",
    }


def _headers(url: str) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        # RFC 3834: automatic, so no out-of-office reply comes back.
        "Auto-Submitted": "auto-generated",
    }


# -- the messages ---------------------------------------------------------------------------


def notification_letter(settings: Settings, key: bytes, to: Recipient, item: Item) -> Letter:
    topic = TOPIC_OF[item.kind]
    links = _unsubscribing(settings, key, to.id, topic)
    subject = headline(item)[:SUBJECT]
    context = {
        **links,
        "headline": headline(item),
        "board_name": item.board_name,
        "card_url": card_url(settings, item),
        "text": _clip(item.text, MAIL_TEXT),
        "why": WHY[topic],
    }
    return compose(
        "notification",
        to=to.email,
        subject=subject,
        base_url=settings.base_url,
        context=context,
        headers=_headers(links["unsubscribe_url"]),
    )


def digest_letter(
    settings: Settings, key: bytes, to: Recipient, items: list[Item], total: int
) -> Letter:
    """``items``: what the message lists (the first ones); ``total``: how many it covers."""
    links = _unsubscribing(settings, key, to.id, DIGEST)
    shown = [
        {
            "headline": headline(item),
            "board_name": item.board_name,
            "card_url": card_url(settings, item),
            "text": _clip(item.text, DIGEST_TEXT),
        }
        for item in items
    ]
    noun = "notification" if total == 1 else "notifications"
    return compose(
        "digest",
        to=to.email,
        subject=f"Your Teamboard digest: {total} {noun}",
        base_url=settings.base_url,
        context={**links, "items": shown, "total": total, "more": total - len(shown)},
        headers=_headers(links["unsubscribe_url"]),
    )
