"""A real OpenID provider (oidc-provider-mock: Authlib's authorization server) on a loopback
port in a thread, and helpers that walk a browser through the whole log-in."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import parse_qs, quote, urlencode, urlsplit, urlunsplit

import httpx
import oidc_provider_mock
import pytest

from tests.web.conftest import Browser, NewBrowser, follow, hidden, new_browser  # noqa: F401


@dataclass
class Provider:
    """The running provider: its issuer URL and every request it received ("POST /path")."""

    issuer: str
    requests: list[str]

    def calls(self, request: str) -> int:
        return self.requests.count(request)


def _recorded(app: Any, requests: list[str]) -> Any:
    def wsgi(environ: dict[str, Any], start_response: Any) -> Any:
        requests.append(f"{environ['REQUEST_METHOD']} {environ['PATH_INFO']}")
        return app(environ, start_response)

    return wsgi


@pytest.fixture(scope="session")
def provider() -> Iterator[Provider]:
    with oidc_provider_mock.run_server_in_thread() as server:
        requests: list[str] = []
        # The server thread reads ``server.app`` for each request it handles.
        server.app = cast(Any, _recorded(server.app, requests))
        yield Provider(f"http://127.0.0.1:{server.server_port}", requests)


@pytest.fixture(scope="session")
def issuer(provider: Provider) -> str:
    return provider.issuer


def closed_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def settings_overrides(issuer: str) -> dict[str, Any]:
    return {
        "oidc_issuer": issuer,
        "oidc_client_id": "teamboard-tests",
        "oidc_client_secret": "a-client-secret",
        "oidc_name": "Acme ID",
        # A second provider (the same server under another name) for linking two.
        "oidc_providers": [
            {
                "key": "corp",
                "name": "Corp ID",
                "issuer": issuer,
                "client_id": "teamboard-corp",
                "client_secret": "another-secret",
            }
        ],
        "cors_origins": ["http://spa.example"],
    }


def set_user(issuer: str, sub: str, **claims: Any) -> None:
    r = httpx.put(f"{issuer}/users/{quote(sub, safe='')}", json=claims)
    assert r.status_code == 204, r.text


def with_params(url: str, **params: str) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()} | params
    return urlunsplit(parts._replace(query=urlencode(query)))


@dataclass
class Trip:
    """One pass through the provider: the authorization URL, then its answer to us."""

    authorize_url: str
    callback_url: str = ""


async def start(client: httpx.AsyncClient, url: str = "/auth/oauth/oidc/start") -> str:
    r = await client.get(url)
    assert r.status_code == 303, r.text
    return r.headers["location"]


async def authorize(authorize_url: str, sub: str, action: str = "") -> str:
    """Submits the provider's authorization form as the person would; returns where the
    provider sends the browser back to."""
    data = {"sub": sub} | ({"action": action} if action else {})
    async with httpx.AsyncClient() as provider:
        page = await provider.get(authorize_url)
        assert page.status_code == 200, page.text
        r = await provider.post(authorize_url, data=data)
    assert r.status_code == 302, r.text
    return r.headers["location"]


async def log_in_with(
    client: httpx.AsyncClient, sub: str, start_url: str = "/auth/oauth/oidc/start"
) -> httpx.Response:
    back = await authorize(await start(client, start_url), sub)
    return await client.get(back)


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


__all__ = ["Browser", "NewBrowser", "follow", "hidden"]
