"""One-shot messages across a redirect: a short-lived cookie signed with HMAC-SHA256
(key derived from the runtime secret), so nobody can plant a message on our pages."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Literal

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


def flash(request: Request, response: Response, message: str, kind: Kind = "success") -> None:
    """Attach ``message`` to ``response``; the next rendered page shows it once."""
    raw = json.dumps([int(time.time()), kind, message[:500]]).encode()
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


def read_flash(request: Request) -> tuple[Kind, str] | None:
    """The pending message, if its signature is good and it is fresh."""
    value = request.cookies.get(FLASH_COOKIE)
    if not value or "." not in value:
        return None
    payload, _, mac = value.rpartition(".")
    if not hmac.compare_digest(mac, _mac(_key(request), payload)):
        return None
    try:
        stamp, kind, message = json.loads(
            base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        )
    except (ValueError, TypeError):
        return None
    if not isinstance(stamp, int) or time.time() - stamp > MAX_AGE:
        return None
    if kind not in ("info", "success", "error") or not isinstance(message, str):
        return None
    return kind, message


def clear_flash(response: Response) -> None:
    response.delete_cookie(FLASH_COOKIE, path="/")
