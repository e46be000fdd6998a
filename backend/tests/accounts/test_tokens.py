"""Bearer access tokens (JWT) and rotating refresh tokens."""

from __future__ import annotations

import asyncio
import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest
from sqlalchemy import update

from teamboard.accounts.models import RefreshToken
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from tests.support.api import Api
from tests.support.app import PASSWORD
from tests.support.sessions import bearer, me_status

AUDIENCE = "teamboard-api"


def claims(runtime: Runtime, user_id: str, **changes: Any) -> dict[str, Any]:
    """Claims exactly like the server's own; a change of ``None`` drops that claim."""
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "iss": runtime.settings.base_url,
        "aud": AUDIENCE,
        "sub": user_id,
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "jti": "forged",
        "typ": "access",
        "ep": 0,
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def sign(payload: dict[str, Any], key: str, algorithm: str = "HS256") -> str:
    return jwt.encode(payload, key, algorithm=algorithm)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


async def refresh(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.post("/api/v1/auth/refresh", json={"refresh_token": token})


def assert_401(r: httpx.Response) -> None:
    assert r.status_code == 401, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "unauthenticated"
    assert r.headers["www-authenticate"].startswith("Bearer")


# -- access tokens -------------------------------------------------------------------------


async def test_token_crafted_like_the_servers_is_accepted(
    api: Api, client: httpx.AsyncClient, runtime: Runtime
) -> None:
    """The control for the forgeries below: only the one changed claim makes them fail."""
    alice = await api.user("alice")
    token = sign(claims(runtime, alice["X-User-Id"]), runtime.settings.resolved_secret_key())
    r = await client.get("/api/v1/me", headers=bearer(token))
    assert r.status_code == 200, r.text
    assert r.json()["email"] == alice["X-Email"]


FORGERIES: dict[str, dict[str, Any]] = {
    "expired": {"exp": datetime.now(UTC) - timedelta(seconds=5)},
    "wrong audience": {"aud": "another-api"},
    "no audience": {"aud": None},
    "wrong issuer": {"iss": "http://evil.example"},
    "no issuer": {"iss": None},
    "no expiry": {"exp": None},
    "no type": {"typ": None},
    "refresh type": {"typ": "refresh"},
    "old auth epoch": {"ep": 1},
    "unknown user": {"sub": "987654"},
    "non-numeric subject": {"sub": "alice"},
}


@pytest.mark.parametrize("change", FORGERIES.values(), ids=FORGERIES.keys())
async def test_bad_claims_are_refused(
    api: Api, client: httpx.AsyncClient, runtime: Runtime, change: dict[str, Any]
) -> None:
    alice = await api.user("alice")
    payload = claims(runtime, alice["X-User-Id"], **change)
    token = sign(payload, runtime.settings.resolved_secret_key())
    assert_401(await client.get("/api/v1/me", headers=bearer(token)))


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")  # HS384/HS512
async def test_wrong_key_alg_none_and_other_algorithms_are_refused(
    api: Api, client: httpx.AsyncClient, runtime: Runtime
) -> None:
    alice = await api.user("alice")
    payload = claims(runtime, alice["X-User-Id"])
    key = runtime.settings.resolved_secret_key()
    unsigned = sign(payload, key).rsplit(".", 1)[0] + "."  # HS256 header, no signature
    for token in (
        sign(payload, "another-secret-key-that-is-long-enough-9876543210"),
        # No key: an unsigned token is the point (PyJWT's types ask for one).
        jwt.encode(payload, None, algorithm="none"),  # type: ignore[arg-type]
        unsigned,
        sign(payload, key, "HS512"),
        sign(payload, key, "HS384"),
    ):
        assert_401(await client.get("/api/v1/me", headers=bearer(token)))


async def test_tampered_token_is_refused(api: Api, client: httpx.AsyncClient) -> None:
    alice, bob = await api.user("alice"), await api.user("bob")
    token = alice["Authorization"].removeprefix("Bearer ")
    header, payload, signature = token.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert data["sub"] == alice["X-User-Id"]
    data["sub"] = bob["X-User-Id"]
    forged = f"{header}.{b64(json.dumps(data).encode())}.{signature}"
    assert_401(await client.get("/api/v1/me", headers=bearer(forged)))
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    assert_401(await client.get("/api/v1/me", headers=bearer(f"{header}.{payload}.{flipped}")))
    assert (await client.get("/api/v1/me", headers=bearer(token))).status_code == 200


@pytest.mark.parametrize(
    "authorization", ["Bearer", "Bearer ", "Basic YWxpY2U6cGFzc3dvcmQ=", "Token abc", "garbage"]
)
async def test_malformed_authorization_header_is_refused(
    client: httpx.AsyncClient, authorization: str
) -> None:
    assert_401(await client.get("/api/v1/me", headers={"Authorization": authorization}))


async def test_missing_token_is_401_with_challenge(client: httpx.AsyncClient) -> None:
    assert_401(await client.get("/api/v1/boards"))


async def test_refresh_token_is_not_an_access_token(api: Api, client: httpx.AsyncClient) -> None:
    alice = await api.user("alice")
    assert_401(await client.get("/api/v1/me", headers=bearer(alice["X-Refresh"])))
    # ...and it was not consumed by the attempt.
    assert (await refresh(client, alice["X-Refresh"])).status_code == 200


# -- refresh rotation ------------------------------------------------------------------------


async def test_refresh_rotates_to_a_new_working_pair(api: Api, client: httpx.AsyncClient) -> None:
    alice = await api.user("alice")
    r = await refresh(client, alice["X-Refresh"])
    assert r.status_code == 200, r.text
    pair = r.json()
    assert pair["token_type"] == "bearer" and pair["expires_in"] == 15 * 60
    assert pair["refresh_token"] != alice["X-Refresh"]
    assert f"Bearer {pair['access_token']}" != alice["Authorization"]
    assert await me_status(client, bearer(pair["access_token"])) == 200
    assert (await refresh(client, pair["refresh_token"])).status_code == 200


async def test_reused_refresh_token_revokes_the_whole_family(
    api: Api, client: httpx.AsyncClient
) -> None:
    alice = await api.user("alice")
    other = await client.post(
        "/api/v1/auth/token", data={"username": alice["X-Email"], "password": PASSWORD}
    )
    first = alice["X-Refresh"]
    second = (await refresh(client, first)).json()["refresh_token"]
    third = (await refresh(client, second)).json()["refresh_token"]
    assert_401(await refresh(client, first))  # a replay: the family is presumed stolen
    assert_401(await refresh(client, third))  # so even the newest one is dead
    assert_401(await refresh(client, second))
    # Another log-in's family is untouched.
    assert (await refresh(client, other.json()["refresh_token"])).status_code == 200


async def test_concurrent_uses_of_one_refresh_token_let_exactly_one_win(
    api: Api, client: httpx.AsyncClient
) -> None:
    for _ in range(3):
        token = (await api.user("alice"))["X-Refresh"]
        results = await asyncio.gather(refresh(client, token), refresh(client, token))
        assert sorted(r.status_code for r in results) == [200, 401], [r.text for r in results]
        # The loser's replay kills the family, including the successor the winner just got.
        (winner,) = (r for r in results if r.status_code == 200)
        assert_401(await refresh(client, winner.json()["refresh_token"]))


async def test_expired_refresh_token_is_refused(
    api: Api, client: httpx.AsyncClient, runtime: Runtime
) -> None:
    alice, bob = await api.user("alice"), await api.user("bob")
    async with runtime.db.session() as s:
        await s.execute(
            update(RefreshToken)
            .where(RefreshToken.user_id == int(alice["X-User-Id"]))
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
        await s.commit()
    assert_401(await refresh(client, alice["X-Refresh"]))
    assert (await refresh(client, bob["X-Refresh"])).status_code == 200


async def test_unknown_or_empty_refresh_token_is_refused(client: httpx.AsyncClient) -> None:
    assert_401(await refresh(client, "not-a-real-token"))
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": ""})
    assert r.status_code == 422


# -- log-out ---------------------------------------------------------------------------------


async def test_logout_with_bearer_revokes_the_given_refresh_family(
    api: Api, client: httpx.AsyncClient
) -> None:
    alice = await api.user("alice")
    rotated = (await refresh(client, alice["X-Refresh"])).json()
    r = await client.post(
        "/api/v1/auth/logout",
        json={"refresh_token": rotated["refresh_token"]},
        headers=bearer(rotated["access_token"]),
    )
    assert r.status_code == 204, r.text
    assert_401(await refresh(client, rotated["refresh_token"]))


async def test_logout_cannot_revoke_someone_elses_refresh_token(
    api: Api, client: httpx.AsyncClient
) -> None:
    alice, bob = await api.user("alice"), await api.user("bob")
    r = await client.post(
        "/api/v1/auth/logout",
        json={"refresh_token": bob["X-Refresh"]},
        headers={"Authorization": alice["Authorization"]},
    )
    assert r.status_code == 204
    assert (await refresh(client, bob["X-Refresh"])).status_code == 200


async def test_logout_needs_authentication(client: httpx.AsyncClient) -> None:
    assert_401(await client.post("/api/v1/auth/logout"))
