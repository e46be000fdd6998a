"""One-shot messages across a redirect: a short-lived cookie signed with HMAC-SHA256
(key derived from the runtime secret), so nobody can plant a message on our pages."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Literal, NamedTuple

from starlette.requests import Request
from starlette.responses import Response

FLASH_COOKIE = "tb_flash"
MAX_AGE = 60
Kind = Literal["info", "success", "error"]


def derive_key(secret: str) -> bytes:
    return hashlib.sha256(b"teamboard/flash\x00" + secret.encode()).digest()


def _key(request: Request) -> bytes:
    key: bytes = request.app.state.flash_key
    return key


def _mac(key: bytes, payload: str) -> str:
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


class Undo(NamedTuple):
    """An "Undo" button under the message: a POST (with the CSRF token) to ``action``,
    offered until ``until`` (epoch seconds), the end of the server's window for it."""

    action: str
    until: float


class Flash(NamedTuple):
    kind: Kind
    message: str
    undo: str | None = None  # the Undo form's action, while its window is open


def flash(
    request: Request,
    response: Response,
    message: str,
    kind: Kind = "success",
    undo: Undo | None = None,
) -> None:
    """Attach ``message`` to ``response``; the next rendered page shows it once."""
    offer = (
        [undo.action, int(undo.until)] if undo is not None and undo.action.startswith("/") else None
    )
    raw = json.dumps([int(time.time()), kind, message[:500], offer]).encode()
    payload = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    response.set_cookie(
        FLASH_COOKIE,
        f"{payload}.{_mac(_key(request), payload)}",
        max_age=MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=request.app.state.runtime.settings.secure_cookies,
        path="/",
    )


def read_flash(request: Request) -> Flash | None:
    """The pending message, if its signature is good and it is fresh."""
    value = request.cookies.get(FLASH_COOKIE)
    if not value or "." not in value:
        return None
    payload, _, mac = value.rpartition(".")
    if not hmac.compare_digest(mac, _mac(_key(request), payload)):
        return None
    try:
        stamp, kind, message, *rest = json.loads(
            base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        )
    except (ValueError, TypeError):
        return None
    if not isinstance(stamp, int) or time.time() - stamp > MAX_AGE:
        return None
    if kind not in ("info", "success", "error") or not isinstance(message, str):
        return None
    offer = rest[0] if rest else None
    undo = None
    if isinstance(offer, list) and len(offer) == 2 and isinstance(offer[0], str):
        # Past its window the server refuses it anyway: offer no button that cannot work.
        undo = offer[0] if isinstance(offer[1], int) and time.time() < offer[1] else None
    return Flash(kind, message, undo)


def clear_flash(response: Response) -> None:
    response.delete_cookie(FLASH_COOKIE, path="/")
