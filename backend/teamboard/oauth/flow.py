"""The state of one log-in in flight, kept in a signed, short-lived, HttpOnly cookie.

Why a cookie and not a table: the state must be bound to the browser that started the
log-in (that binding is what makes ``state`` stop log-in CSRF), anonymous clicks on
"Log in with …" then write nothing to the database, and any worker can finish a flow
another started. The cookie is signed (HMAC-SHA256, key derived from the secret key),
lives ten minutes, is sent only to the callback path, and is cleared when used. The
browser dropping it is not what makes it single use: the first callback marks the flow
used on the server (``service.spend_flow``), and a replayed cookie is refused there. It
holds nothing worth stealing on its own: the PKCE verifier and the nonce only matter
together with an authorization code issued for this browser's ``state``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import asdict, dataclass

from teamboard.core.security import new_token

FLOW_COOKIE = "tb_oauth"
FLOW_MAX_AGE = 600
FLOW_PATH = "/auth/oauth/"


@dataclass(frozen=True, slots=True)
class Flow:
    provider: str
    state: str
    nonce: str
    verifier: str
    next: str = "/boards"
    # Split-origin SPA: where to send the one-time code; empty for this site's pages.
    return_to: str = ""
    # ... and the S256 challenge of the verifier that SPA keeps: only the browser that
    # started the log-in can trade the code (no log-in CSRF with a code of another's).
    challenge: str = ""
    # Set when a signed-in user links the provider to their account.
    link_user: int | None = None
    started: int = 0

    @classmethod
    def new(
        cls,
        provider: str,
        *,
        next_url: str,
        return_to: str = "",
        challenge: str = "",
        link_user: int | None = None,
    ) -> Flow:
        return cls(
            provider=provider,
            state=new_token(24),
            nonce=new_token(24),
            verifier=new_token(48),  # 64 characters: within PKCE's 43..128
            next=next_url,
            return_to=return_to,
            challenge=challenge,
            link_user=link_user,
            started=int(time.time()),
        )


def s256(verifier: str) -> str:
    """PKCE's S256 (RFC 7636 §4.2): base64url of the verifier's SHA-256, unpadded."""
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def derive_key(secret: str) -> bytes:
    return hashlib.sha256(b"teamboard/oauth-flow\x00" + secret.encode()).digest()


def _mac(key: bytes, payload: str) -> str:
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


def seal(key: bytes, flow: Flow) -> str:
    payload = base64.urlsafe_b64encode(json.dumps(asdict(flow)).encode()).decode().rstrip("=")
    return f"{payload}.{_mac(key, payload)}"


def unseal(key: bytes, value: str | None) -> Flow | None:
    """The flow, if the cookie is ours, intact and fresh."""
    if not value or "." not in value:
        return None
    payload, _, mac = value.rpartition(".")
    if not hmac.compare_digest(mac, _mac(key, payload)):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        flow = Flow(**data)
    except (ValueError, TypeError):
        return None
    if not 0 <= time.time() - flow.started <= FLOW_MAX_AGE:
        return None
    return flow
