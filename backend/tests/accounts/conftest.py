"""The accounts tests' own clients: browsers logged in as the SPA logs in, each with its
own cookie jar, and clients that come from a given address (for the limits)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from fastapi import FastAPI

from devkit.flows import SESSION_COOKIE
from tests.support.app import BASE_URL, PASSWORD
from tests.support.sessions import From, Login, SpaBrowser


@pytest.fixture
async def browser(app: FastAPI) -> AsyncIterator[Login]:
    """``await browser(email)`` logs in from a fresh cookie jar and returns the browser."""
    clients: list[httpx.AsyncClient] = []

    async def login(email: str, password: str = PASSWORD) -> SpaBrowser:
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL)
        clients.append(client)
        r = await client.post("/api/v1/auth/login", json={"email": email, "password": password})
        assert r.status_code == 200, r.text
        cookie = client.cookies.get(SESSION_COOKIE)
        assert cookie
        return SpaBrowser(client=client, csrf=r.json()["csrf_token"], session_cookie=cookie)

    yield login
    for client in clients:
        await client.aclose()


@pytest.fixture
def from_address(app: FastAPI) -> From:
    """``async with from_address((host, port)) as client``: requests from that address
    (the tests' other clients come from 127.0.0.1)."""

    @asynccontextmanager
    async def make(address: tuple[str, int]) -> AsyncIterator[httpx.AsyncClient]:
        transport = httpx.ASGITransport(app=app, client=address)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            yield client

    return make
