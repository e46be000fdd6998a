"""Helpers for the accounts tests: separate "browsers" (cookie jars) and an administrator."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from teamboard.accounts import service
from teamboard.core.runtime import Runtime
from tests.conftest import BASE_URL, PASSWORD
from tests.web.conftest import new_browser  # noqa: F401 - a fixture

SESSION_COOKIE = "tb_session"
CSRF_COOKIE = "tb_csrf"


@dataclass
class Browser:
    """One logged-in browser: its own cookie jar and the CSRF token the page would echo."""

    client: httpx.AsyncClient
    csrf: str
    session_cookie: str

    def csrf_headers(self) -> dict[str, str]:
        return {"X-CSRF-Token": self.csrf}


Login = Callable[..., Awaitable[Browser]]


@pytest.fixture
async def browser(app: Any) -> AsyncIterator[Login]:
    """``await browser(email)`` logs in from a fresh cookie jar and returns the browser."""
    clients: list[httpx.AsyncClient] = []

    async def login(email: str, password: str = PASSWORD) -> Browser:
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL)
        clients.append(client)
        r = await client.post("/api/v1/auth/login", json={"email": email, "password": password})
        assert r.status_code == 200, r.text
        cookie = client.cookies.get(SESSION_COOKIE)
        assert cookie
        return Browser(client=client, csrf=r.json()["csrf_token"], session_cookie=cookie)

    yield login
    for client in clients:
        await client.aclose()


async def make_admin(
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
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


From = Callable[[tuple[str, int]], AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture
def from_address(app: Any) -> From:
    """``async with from_address((host, port)) as client``: requests from that address
    (the tests' other clients come from 127.0.0.1)."""

    @asynccontextmanager
    async def make(address: tuple[str, int]) -> AsyncIterator[httpx.AsyncClient]:
        transport = httpx.ASGITransport(app=app, client=address)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            yield client

    return make


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def me_status(client: httpx.AsyncClient, headers: dict[str, str] | None = None) -> int:
    return (await client.get("/api/v1/me", headers=headers)).status_code


async def cookie_me_status(client: httpx.AsyncClient, session_cookie: str) -> int:
    """GET /me presenting only the given session cookie (e.g. one a browser has since dropped)."""
    r = await client.get("/api/v1/me", headers={"Cookie": f"{SESSION_COOKIE}={session_cookie}"})
    return r.status_code
