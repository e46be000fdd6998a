"""Two-factor log-in through the API: enrolment, the second step of /auth/token and
/auth/login, codes that are wrong, used twice or too many, recovery codes, turning it off.
Codes are computed here with pyotp from the secret the server showed."""

from __future__ import annotations

import base64
import re
from datetime import timedelta
from typing import Any

import httpx
import pyotp
import pytest
from sqlalchemy import update

from devkit.api import assert_problem
from teamboard.accounts.models import MfaChallenge
from teamboard.accounts.schemas import MfaRequired
from teamboard.core.models import utcnow
from teamboard.core.runtime import Runtime
from tests.support.api import Api
from tests.support.app import PASSWORD
from tests.support.authenticator import Authenticator, enrol, token_log_in
from tests.support.sessions import From, me_status

TOKEN, LOGIN, MFA = "/api/v1/auth/token", "/api/v1/auth/login", "/api/v1/auth/mfa"


async def first_step(client: httpx.AsyncClient, email: str, path: str = TOKEN) -> str:
    """The first step of a log-in for an account with two-factor: its mfa_token."""
    if path == TOKEN:
        r = await client.post(TOKEN, data={"username": email, "password": PASSWORD})
    else:
        r = await client.post(LOGIN, json={"email": email, "password": PASSWORD})
    body = assert_problem(r, 401, "mfa_required")
    MfaRequired.model_validate(body)  # the documented schema
    assert body["mfa_required"] is True
    assert r.headers["www-authenticate"] == "Bearer"
    assert "access_token" not in body and "tb_session" not in r.cookies
    return str(body["mfa_token"])


async def test_enrolment_changes_nothing_until_a_first_code(
    api: Api, client: httpx.AsyncClient
) -> None:
    who = await api.user("Ada")
    email = who["X-Email"]
    r = await client.post("/api/v1/me/two-factor", headers=who)
    assert r.status_code == 200, r.text
    started = r.json()
    secret = started["secret"]
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    assert started["otpauth_uri"].startswith("otpauth://totp/Teamboard:")
    assert f"secret={secret}" in started["otpauth_uri"]
    assert started["qr_svg"].startswith("<svg") and "<script" not in started["qr_svg"]

    # Started, not confirmed: the account logs in as before, and says two-factor is off.
    assert (await client.get("/api/v1/me", headers=who)).json()["two_factor_enabled"] is False
    await token_log_in(client, email, PASSWORD)

    app = Authenticator(secret)
    r = await client.post("/api/v1/me/two-factor/confirm", json={"code": app.wrong()}, headers=who)
    body = assert_problem(r, 422, "invalid")
    assert body["errors"][0]["loc"] == ["body", "code"]
    await token_log_in(client, email, PASSWORD)  # still no second step

    r = await client.post(
        "/api/v1/me/two-factor/confirm", json={"code": await app.code()}, headers=who
    )
    assert r.status_code == 200, r.text
    codes = r.json()["recovery_codes"]
    assert len(codes) == len(set(codes)) == 10
    assert all(re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", c) for c in codes)
    # As a password change: the access token that enrolled is over too.
    assert await me_status(client, who) == 401
    headers = await token_log_in(client, email, PASSWORD, app)
    assert (await client.get("/api/v1/me", headers=headers)).json()["two_factor_enabled"] is True
    # Nor can it be started again while on.
    assert_problem(await client.post("/api/v1/me/two-factor", headers=headers), 409, "conflict")


async def test_enrolling_ends_other_sessions_and_refresh_tokens(
    api: Api, client: httpx.AsyncClient, browser: Any
) -> None:
    who = await api.user()
    elsewhere = await browser(who["X-Email"])
    assert await me_status(elsewhere.client) == 200
    await enrol(client, who)
    assert await me_status(elsewhere.client) == 401
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": who["X-Refresh"]})
    assert r.status_code == 401


async def test_the_token_log_in_asks_for_the_code(api: Api, client: httpx.AsyncClient) -> None:
    who = await api.user()
    app, _codes = await enrol(client, who)
    token = await first_step(client, who["X-Email"])
    r = await client.post(MFA, json={"mfa_token": token, "code": await app.code()})
    assert r.status_code == 200, r.text
    pair = r.json()
    assert set(pair) >= {"access_token", "refresh_token", "expires_in"}
    assert "tb_session" not in r.cookies  # the flow recorded in the token: a token pair
    headers = {"Authorization": f"Bearer {pair['access_token']}"}
    assert (await client.get("/api/v1/me", headers=headers)).json()["id"] == int(who["X-User-Id"])
    # Single use.
    r = await client.post(MFA, json={"mfa_token": token, "code": await app.code()})
    assert_problem(r, 401, "unauthenticated")


async def test_the_browser_log_in_asks_for_the_code(api: Api, client: httpx.AsyncClient) -> None:
    who = await api.user()
    app, _codes = await enrol(client, who)
    token = await first_step(client, who["X-Email"], LOGIN)
    assert await me_status(client) == 401
    r = await client.post(MFA, json={"mfa_token": token, "code": await app.code()})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"csrf_token", "user"} and body["user"]["two_factor_enabled"] is True
    assert r.cookies.get("tb_session") and r.cookies.get("tb_csrf") == body["csrf_token"]
    assert await me_status(client) == 200


async def test_a_wrong_code_is_refused_and_keeps_the_token(
    api: Api, client: httpx.AsyncClient
) -> None:
    who = await api.user()
    app, _codes = await enrol(client, who)
    token = await first_step(client, who["X-Email"])
    for wrong in (app.wrong(), "not a code", "12345"):
        r = await client.post(MFA, json={"mfa_token": token, "code": wrong})
        body = assert_problem(r, 422, "invalid")
        assert body["errors"] == [
            {
                "loc": ["body", "code"],
                "msg": body["errors"][0]["msg"],
                "type": "invalid",
                "code": "code_wrong",
            }
        ]
        assert "is not correct" in body["errors"][0]["msg"]
    r = await client.post(MFA, json={"mfa_token": token, "code": await app.code()})
    assert r.status_code == 200, r.text


async def test_a_code_is_never_accepted_twice(api: Api, client: httpx.AsyncClient) -> None:
    who = await api.user()
    app, _codes = await enrol(client, who)
    code = await app.code()
    earlier = app.last_step - 1  # within the drift window, before the one used
    r = await client.post(
        MFA, json={"mfa_token": await first_step(client, who["X-Email"]), "code": code}
    )
    assert r.status_code == 200, r.text

    token = await first_step(client, who["X-Email"])
    r = await client.post(MFA, json={"mfa_token": token, "code": code})
    body = assert_problem(r, 422, "invalid")
    assert "already used" in body["errors"][0]["msg"]
    older = pyotp.TOTP(app.secret).generate_otp(earlier)
    assert_problem(await client.post(MFA, json={"mfa_token": token, "code": older}), 422)
    r = await client.post(MFA, json={"mfa_token": token, "code": await app.code()})
    assert r.status_code == 200, r.text


async def test_an_expired_or_unknown_token_is_refused(
    api: Api, client: httpx.AsyncClient, runtime: Runtime
) -> None:
    who = await api.user()
    app, _codes = await enrol(client, who)
    token = await first_step(client, who["X-Email"])
    async with runtime.db.session() as db:
        await db.execute(update(MfaChallenge).values(expires_at=utcnow() - timedelta(seconds=1)))
        await db.commit()
    r = await client.post(MFA, json={"mfa_token": token, "code": await app.code()})
    assert "log in again" in assert_problem(r, 401, "unauthenticated")["detail"]
    r = await client.post(MFA, json={"mfa_token": "made-up", "code": await app.code()})
    assert_problem(r, 401, "unauthenticated")


async def test_a_recovery_code_works_once(api: Api, client: httpx.AsyncClient) -> None:
    who = await api.user()
    _app, codes = await enrol(client, who)
    # Read off paper: upper case and spaces are fine.
    typed = f"  {codes[3].upper().replace('-', ' ')} "
    r = await client.post(
        MFA, json={"mfa_token": await first_step(client, who["X-Email"]), "code": typed}
    )
    assert r.status_code == 200, r.text
    token = await first_step(client, who["X-Email"])
    r = await client.post(MFA, json={"mfa_token": token, "code": codes[3]})
    assert_problem(r, 422, "invalid")
    r = await client.post(MFA, json={"mfa_token": token, "code": codes[4]})
    assert r.status_code == 200, r.text


async def test_turning_it_off_needs_a_code(api: Api, client: httpx.AsyncClient, app: Any) -> None:
    who = await api.user()
    phone, codes = await enrol(client, who)
    headers = await token_log_in(client, who["X-Email"], PASSWORD, phone)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=str(client.base_url)) as other:
        await browser_log_in(other, who["X-Email"], phone)
        await turn_off(client, other, who["X-Email"], phone, codes, headers)


async def turn_off(
    client: httpx.AsyncClient,
    elsewhere: httpx.AsyncClient,
    email: str,
    app: Authenticator,
    codes: list[str],
    headers: dict[str, str],
) -> None:
    r = await client.request(
        "DELETE", "/api/v1/me/two-factor", json={"code": app.wrong()}, headers=headers
    )
    assert_problem(r, 422, "invalid")
    r = await client.request("DELETE", "/api/v1/me/two-factor", json={}, headers=headers)
    assert_problem(r, 422)
    await first_step(client, email)  # still on

    r = await client.request(
        "DELETE", "/api/v1/me/two-factor", json={"code": codes[0]}, headers=headers
    )
    assert r.status_code == 204, r.text
    assert await me_status(elsewhere) == 401  # other sessions ended
    headers = await token_log_in(client, email, PASSWORD)  # one step again
    assert (await client.get("/api/v1/me", headers=headers)).json()["two_factor_enabled"] is False
    r = await client.request(
        "DELETE", "/api/v1/me/two-factor", json={"code": "123456"}, headers=headers
    )
    assert_problem(r, 409, "conflict")


async def browser_log_in(client: httpx.AsyncClient, email: str, app: Authenticator) -> None:
    """A cookie session in ``client``, through both steps."""
    token = await first_step(client, email, LOGIN)
    r = await client.post(MFA, json={"mfa_token": token, "code": await app.code()})
    assert r.status_code == 200, r.text


async def test_new_recovery_codes_need_a_code_and_replace_the_old(
    api: Api, client: httpx.AsyncClient
) -> None:
    who = await api.user()
    app, old = await enrol(client, who)
    headers = await token_log_in(client, who["X-Email"], PASSWORD, app)
    path = "/api/v1/me/two-factor/recovery-codes"
    assert_problem(await client.post(path, json={"code": app.wrong()}, headers=headers), 422)
    r = await client.post(path, json={"code": await app.code()}, headers=headers)
    assert r.status_code == 200, r.text
    new = r.json()["recovery_codes"]
    assert len(new) == 10 and not set(new) & set(old)
    token = await first_step(client, who["X-Email"])
    assert_problem(await client.post(MFA, json={"mfa_token": token, "code": old[0]}), 422)
    r = await client.post(MFA, json={"mfa_token": token, "code": new[0]})
    assert r.status_code == 200, r.text


class TestRateLimits:
    @pytest.fixture
    def settings_overrides(self) -> dict[str, Any]:
        return {"two_factor_max_failures": 3, "two_factor_max_per_address": 6}

    async def test_wrong_codes_lock_the_account_s_second_step(
        self, api: Api, client: httpx.AsyncClient, from_address: From
    ) -> None:
        who = await api.user()
        app, _codes = await enrol(client, who)
        token = await first_step(client, who["X-Email"])
        for _ in range(3):
            assert_problem(
                await client.post(MFA, json={"mfa_token": token, "code": app.wrong()}), 422
            )
        # Even the right code now, and from another address too: the count is the account's.
        r = await client.post(MFA, json={"mfa_token": token, "code": await app.code()})
        assert_problem(r, 429, "rate_limited")
        assert int(r.headers["retry-after"]) > 0
        async with from_address(("203.0.113.9", 4000)) as other:
            r = await other.post(MFA, json={"mfa_token": token, "code": await app.code()})
        assert_problem(r, 429, "rate_limited")

    async def test_one_address_cannot_spread_guesses_over_accounts(
        self, api: Api, client: httpx.AsyncClient, from_address: From
    ) -> None:
        tokens = []
        for _ in range(4):
            who = await api.user()
            app, _codes = await enrol(client, who)
            tokens.append((await first_step(client, who["X-Email"]), app))
        # Enrolment counted 4 attempts of the address's 6; two wrong guesses end it.
        for token, app in tokens[:2]:
            assert_problem(
                await client.post(MFA, json={"mfa_token": token, "code": app.wrong()}), 422
            )
        token, app = tokens[2]
        r = await client.post(MFA, json={"mfa_token": token, "code": await app.code()})
        assert_problem(r, 429, "rate_limited")
        async with from_address(("203.0.113.10", 4000)) as other:
            r = await other.post(MFA, json={"mfa_token": token, "code": await app.code()})
        assert r.status_code == 200, r.text


def test_the_qr_code_is_an_image_the_csp_allows() -> None:
    from teamboard.accounts.two_factor import Enrolment

    enrolment = Enrolment("JBSWY3DPEHPK3PXP", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP", "<svg/>")
    assert enrolment.grouped_secret == "JBSW Y3DP EHPK 3PXP"
    prefix = "data:image/svg+xml;base64,"
    assert enrolment.qr_data_uri.startswith(prefix)
    assert base64.b64decode(enrolment.qr_data_uri[len(prefix) :]) == b"<svg/>"
