"""An authenticator app, as the tests hold one: the secret the server showed, and codes
computed from it with pyotp, never twice for the same time step (the server refuses that).

The server accepts the step before and after its current one, so up to three codes are at
hand at any moment; the fourth waits for the clock. No test asserts a time."""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass

import httpx
import pyotp

from tests.support.pages import Browser, follow


def now_step() -> int:
    return int(time.time()) // 30


@dataclass
class Authenticator:
    secret: str
    last_step: int = 0

    async def code(self) -> str:
        """A code the server takes now, for a step after every one used so far."""
        while True:
            step = max(now_step() - 1, self.last_step + 1)
            if step <= now_step() + 1:
                break
            await asyncio.sleep(1)
        self.last_step = step
        return pyotp.TOTP(self.secret).generate_otp(step)

    def wrong(self) -> str:
        """Six digits that are no code of this secret around now."""
        totp = pyotp.TOTP(self.secret)
        near = {totp.generate_otp(now_step() + k) for k in range(-3, 4)}
        return next(c for c in (f"{n:06d}" for n in range(123456, 999999, 7)) if c not in near)


async def enrol(
    client: httpx.AsyncClient, headers: dict[str, str]
) -> tuple[Authenticator, list[str]]:
    """Two-factor log-in turned on through the API; the app and the recovery codes."""
    r = await client.post("/api/v1/me/two-factor", headers=headers)
    assert r.status_code == 200, r.text
    app = Authenticator(r.json()["secret"])
    r = await client.post(
        "/api/v1/me/two-factor/confirm", json={"code": await app.code()}, headers=headers
    )
    assert r.status_code == 200, r.text
    return app, r.json()["recovery_codes"]


async def token_log_in(
    client: httpx.AsyncClient, email: str, password: str, app: Authenticator | None = None
) -> dict[str, str]:
    """Bearer headers from /auth/token and, when asked, /auth/mfa with a code of ``app``."""
    r = await client.post("/api/v1/auth/token", data={"username": email, "password": password})
    if r.status_code == 401 and app is not None:
        body = r.json()
        assert body["mfa_required"] is True, body
        r = await client.post(
            "/api/v1/auth/mfa", json={"mfa_token": body["mfa_token"], "code": await app.code()}
        )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def manual_key(html: str) -> str:
    match = re.search(r'<code class="manual-key" id="manual-key">([A-Z2-7 ]+)</code>', html)
    assert match, "no manual key on the page"
    return match.group(1).replace(" ", "")


async def enrol_through_pages(
    browser: Browser, start: str = "/account"
) -> tuple[Authenticator, list[str]]:
    page = await browser.get(start)
    assert "Set up two-factor log-in" in page.text
    r = await browser.post("/account/two-factor/start")
    assert r.status_code == 303 and r.headers["location"] == "/account/two-factor"
    page = await follow(browser, r)
    assert page.status_code == 200
    app = Authenticator(manual_key(page.text))
    r = await browser.post("/account/two-factor/confirm", {"code": await app.code()})
    assert r.status_code == 200, r.text
    codes = re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", r.text)
    assert len(codes) == 10
    return app, codes
