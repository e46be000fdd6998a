"""Security headers, caching of authenticated responses, and the request body limit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from teamboard.app import create_app
from teamboard.core.runtime import Runtime
from teamboard.wiring import build_runtime
from tests.support.api import Api, auth
from tests.support.app import PASSWORD, make_settings


def assert_security_headers(r: httpx.Response) -> None:
    csp = r.headers["content-security-policy"]
    directives = {d.strip().split()[0]: d.strip() for d in csp.split(";") if d.strip()}
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["object-src"] == "object-src 'none'"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert r.headers["x-frame-options"] == "DENY"
    assert len(r.headers.get_list("content-security-policy")) == 1


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/me", 401),
        ("/api/v1/no-such-route", 404),
        ("/api/v1/boards/999999", 401),
        ("/docs", 200),
        ("/static/docs/init.js", 200),
        ("/static/docs/missing.js", 404),
        ("/openapi.json", 200),
        ("/healthz", 200),
        ("/no-such-page", 404),
    ],
)
async def test_security_headers_on_every_kind_of_response(
    client: httpx.AsyncClient, path: str, status: int
) -> None:
    r = await client.get(path)
    assert r.status_code == status, r.text
    assert_security_headers(r)
    if status >= 400 and path.startswith("/api/"):
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["status"] == status


async def test_docs_page_runs_without_inline_script(client: httpx.AsyncClient) -> None:
    r = await client.get("/docs")
    assert r.headers["content-type"].startswith("text/html")
    assert '<script src="/static/docs/init.js">' in r.text
    assert "<script>" not in r.text
    js = await client.get("/static/docs/init.js")
    assert "javascript" in js.headers["content-type"]


async def test_authenticated_json_is_not_cached(api: Api, client: httpx.AsyncClient) -> None:
    alice = await api.user("alice")
    for path in ("/api/v1/me", "/api/v1/boards", "/api/v1/me/sessions"):
        r = await client.get(path, headers=auth(alice))
        assert r.status_code == 200, r.text
        assert r.headers["cache-control"] == "no-store"
        assert_security_headers(r)
    r = await client.post(
        "/api/v1/auth/token", data={"username": alice["X-Email"], "password": PASSWORD}
    )
    assert r.headers["cache-control"] == "no-store"  # carries tokens
    r = await client.post(
        "/api/v1/auth/login", json={"email": alice["X-Email"], "password": PASSWORD}
    )
    assert r.headers["cache-control"] == "no-store"  # carries the CSRF token
    r = await client.get("/api/v1/me")  # now by cookie
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"


async def test_hsts_only_on_https_sites(tmp_path: Path, client: httpx.AsyncClient) -> None:
    r = await client.get("/healthz")
    assert "strict-transport-security" not in r.headers
    settings = make_settings(
        f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}", tmp_path, base_url="https://tb.example"
    )
    runtime = build_runtime(settings)
    transport = httpx.ASGITransport(app=create_app(settings, runtime))
    async with httpx.AsyncClient(transport=transport, base_url="https://tb.example") as https:
        r = await https.get("/healthz")
    await runtime.close()
    assert r.status_code == 200
    assert r.headers["strict-transport-security"].startswith("max-age=")
    assert int(r.headers["strict-transport-security"].split("=")[1].split(";")[0]) >= 31536000


# -- body limit ----------------------------------------------------------------------------------


def assert_too_large(r: httpx.Response, limit: int) -> None:
    assert r.status_code == 413, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == 413 and body["code"] == "too_large"
    assert str(limit) in body["detail"]
    assert_security_headers(r)


async def test_body_over_the_limit_is_413(client: httpx.AsyncClient, runtime: Runtime) -> None:
    limit = runtime.settings.max_body_bytes
    body = b'{"email": "a@example.com", "password": "' + b"x" * limit + b'"}'
    r = await client.post(
        "/api/v1/auth/login", content=body, headers={"Content-Type": "application/json"}
    )
    assert_too_large(r, limit)


@pytest.mark.parametrize(
    ("path", "content_type", "start"),
    [
        ("/api/v1/auth/signup", "application/json", b'{"email": "a@example.com", "password": "'),
        ("/api/v1/auth/token", "application/x-www-form-urlencoded", b"username=a&password="),
    ],
)
async def test_streamed_body_over_the_limit_is_413(
    client: httpx.AsyncClient, runtime: Runtime, path: str, content_type: str, start: bytes
) -> None:
    """No Content-Length (chunked upload): the limit is enforced while the app reads."""
    limit = runtime.settings.max_body_bytes

    async def chunks() -> AsyncIterator[bytes]:
        yield start
        for _ in range(limit // 65536 + 2):
            yield b"x" * 65536

    r = await client.post(path, content=chunks(), headers={"Content-Type": content_type})
    assert "content-length" not in r.request.headers
    assert_too_large(r, limit)


async def test_body_at_the_limit_is_read(client: httpx.AsyncClient, runtime: Runtime) -> None:
    limit = runtime.settings.max_body_bytes
    body = b"{" + b" " * (limit - 2) + b"}"
    assert len(body) == limit
    r = await client.post(
        "/api/v1/auth/signup", content=body, headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 422, r.text  # parsed, and found to be missing its fields


async def test_unparsable_content_length_is_refused(
    client: httpx.AsyncClient, runtime: Runtime
) -> None:
    r = await client.post(
        "/api/v1/auth/signup",
        content=b"{}",
        headers={"Content-Type": "application/json", "Content-Length": "not-a-number"},
    )
    assert_too_large(r, runtime.settings.max_body_bytes)
