"""A real OpenID provider (oidc-provider-mock: Authlib's authorization server, run by
tests/oauth/conftest.py on a loopback port in a thread), and walking a browser through
the whole log-in at it."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit, urlunsplit
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

import httpx


@dataclass
class Provider:
    """The running provider: its issuer URL and every request it received ("POST /path")."""

    issuer: str
    requests: list[str]

    def calls(self, request: str) -> int:
        return self.requests.count(request)


def recorded(app: WSGIApplication, requests: list[str]) -> WSGIApplication:
    """The provider's WSGI app, noting each request's method and path in ``requests``."""

    def wsgi(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        requests.append(f"{environ['REQUEST_METHOD']} {environ['PATH_INFO']}")
        return app(environ, start_response)

    return wsgi


def set_user(issuer: str, sub: str, **claims: Any) -> None:
    """The claims the provider will vouch for about ``sub``."""
    r = httpx.put(f"{issuer}/users/{quote(sub, safe='')}", json=claims)
    assert r.status_code == 204, r.text


def with_params(url: str, **params: str) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()} | params
    return urlunsplit(parts._replace(query=urlencode(query)))


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


async def start(client: httpx.AsyncClient, url: str = "/auth/oauth/oidc/start") -> str:
    """Starts a log-in; returns the provider's authorization URL it sends the browser to."""
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
    """The whole round trip: start, authorize as ``sub``, and our callback's answer."""
    back = await authorize(await start(client, start_url), sub)
    return await client.get(back)


SPA = "http://spa.example"
EXCHANGE = "/api/v1/auth/oauth/exchange"


def pkce() -> tuple[str, str]:
    """A verifier, as the SPA makes and keeps it, and its S256 challenge."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).decode().rstrip("=")


def start_url(return_to: str, challenge: str) -> str:
    return f"/auth/oauth/oidc/start?return_to={quote(return_to)}&code_challenge={challenge}"


async def handed_code(client: httpx.AsyncClient, sub: str, challenge: str) -> str:
    r = await log_in_with(client, sub, start_url(SPA + "/login", challenge))
    assert r.status_code == 303, r.text
    return query_of(r.headers["location"])["oauth_code"]


async def exchange(client: httpx.AsyncClient, code: str, verifier: str | None) -> httpx.Response:
    body = {"code": code} | ({"code_verifier": verifier} if verifier is not None else {})
    return await client.post(EXCHANGE, json=body, headers={"Origin": SPA})
