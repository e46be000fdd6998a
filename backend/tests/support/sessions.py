"""Logging in through the API: the SPA's cookie session (a browser of its own, its CSRF
token), raw attempts for the throttling tests, administrators made as the CLI makes them,
and checks of what still opens an account."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

import httpx

from devkit.api import Api
from devkit.flows import SESSION_COOKIE
from teamboard.accounts import service
from teamboard.core.runtime import Runtime
from tests.support.app import PASSWORD


@dataclass
class SpaBrowser:
    """One browser logged in as the SPA logs in (``POST /auth/login``): its own cookie jar
    and the CSRF token its writes echo in a header."""

    client: httpx.AsyncClient
    csrf: str
    session_cookie: str

    def csrf_headers(self) -> dict[str, str]:
        return {"X-CSRF-Token": self.csrf}


# ``await browser(email, password=PASSWORD)``: the accounts tests' ``browser`` fixture.
Login = Callable[..., Awaitable[SpaBrowser]]
# ``async with from_address((host, port)) as client``: their ``from_address`` fixture.
From = Callable[[tuple[str, int]], AbstractAsyncContextManager[httpx.AsyncClient]]


async def create_admin(
    runtime: Runtime, client: httpx.AsyncClient, email: str = "admin@example.com"
) -> dict[str, str]:
    """Creates an administrator through the service (as the CLI does); returns bearer headers."""
    async with runtime.db.session() as s:
        await service.create_user(
            s,
            runtime,
            email=email,
            password=PASSWORD,
            display_name="Admin",
            client=None,
            is_admin=True,
        )
    r = await client.post("/api/v1/auth/token", data={"username": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return bearer(r.json()["access_token"])


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def me_status(client: httpx.AsyncClient, headers: dict[str, str] | None = None) -> int:
    return (await client.get("/api/v1/me", headers=headers)).status_code


async def cookie_me_status(client: httpx.AsyncClient, session_cookie: str) -> int:
    """GET /me presenting only the given session cookie (e.g. one a browser has since dropped)."""
    r = await client.get("/api/v1/me", headers={"Cookie": f"{SESSION_COOKIE}={session_cookie}"})
    return r.status_code


async def signup(client: httpx.AsyncClient, email: str) -> None:
    """Sign-up alone: unlike ``Api.user`` it makes no log-in, so it uses no attempt."""
    await Api(client).sign_up("X", email=email, password=PASSWORD, log_in=False)


async def login(
    client: httpx.AsyncClient, email: str, password: str, headers: dict[str, str] | None = None
) -> httpx.Response:
    """One log-in attempt (``POST /auth/login``), whatever its answer."""
    return await client.post(
        "/api/v1/auth/login", json={"email": email, "password": password}, headers=headers
    )


def assert_limited(r: httpx.Response) -> None:
    """A log-in refused by the limits: 429 with Retry-After, and no session."""
    assert r.status_code == 429, r.text
    retry_after = int(r.headers["retry-after"])
    assert 1 <= retry_after <= 300  # the default window
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == 429 and body["code"] == "rate_limited" and body["title"]
    assert SESSION_COOKIE not in r.headers.get("set-cookie", "")
