"""The SPA's side: the providers list, and the hand-off to an SPA on its own origin by a
one-time code (never a token in a URL) traded for a token pair by the browser that
started the log-in (it alone holds the verifier of the challenge it started with)."""

from __future__ import annotations

from urllib.parse import quote

from tests.support.oidc import (
    EXCHANGE,
    SPA,
    authorize,
    exchange,
    handed_code,
    log_in_with,
    pkce,
    query_of,
    set_user,
    start,
    start_url,
)
from tests.support.pages import NewBrowser


async def test_the_configured_providers_are_listed(new_browser: NewBrowser) -> None:
    browser = await new_browser()
    r = await browser.get("/api/v1/auth/providers")
    assert r.status_code == 200
    assert r.json() == [
        {
            "key": "oidc",
            "name": "Acme ID",
            "start_url": "http://testserver/auth/oauth/oidc/start",
        },
        {
            "key": "corp",
            "name": "Corp ID",
            "start_url": "http://testserver/auth/oauth/corp/start",
        },
    ]
    for page, verb in (("/login", "Log in"), ("/signup", "Sign up")):
        html = (await browser.get(f"{page}?next=/account")).text
        assert f'href="/auth/oauth/oidc/start?next=/account">{verb} with Acme ID</a>' in html
        assert f"{verb} with Corp ID" in html


async def test_a_split_origin_spa_gets_a_one_time_code(
    new_browser: NewBrowser, issuer: str
) -> None:
    set_user(issuer, "spa-user", email="spa@example.com", email_verified=True, name="Spa")
    browser = await new_browser()
    verifier, challenge = pkce()
    r = await log_in_with(
        browser.client, "spa-user", start_url(SPA + "/signed-in?tab=1", challenge)
    )
    assert r.status_code == 303
    location = r.headers["location"]
    assert location.startswith(f"{SPA}/signed-in?tab=1&oauth_code=")
    assert "access_token" not in location and "refresh" not in location
    assert "tb_session" not in browser.client.cookies  # the SPA holds tokens, not our cookie
    code = query_of(location)["oauth_code"]

    spa = browser.client
    wrong_origin = {"Origin": "http://other.example"}
    body = {"code": code, "code_verifier": verifier}
    r = await spa.post(EXCHANGE, json=body, headers=wrong_origin)
    assert r.status_code == 400
    r = await exchange(spa, code, verifier)
    assert r.status_code == 200, r.text
    assert r.headers["access-control-allow-origin"] == SPA
    pair = r.json()
    me = await spa.get("/api/v1/me", headers={"Authorization": f"Bearer {pair['access_token']}"})
    assert me.json()["email"] == "spa@example.com"
    refreshed = await spa.post(
        "/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]}
    )
    assert refreshed.status_code == 200

    again = await exchange(spa, code, verifier)
    assert again.status_code == 400
    assert "invalid, expired or already used" in again.json()["detail"]


async def test_a_code_taken_to_another_browser_logs_nobody_in(
    new_browser: NewBrowser, issuer: str
) -> None:
    """Log-in CSRF: an attacker finishes a log-in of their own and sends the victim the
    SPA's address with its code. The victim's browser does not hold the verifier, so the
    code logs nobody in, and is spent by the attempt."""
    set_user(issuer, "mallory-spa", email="mallory@example.com", email_verified=True)
    attacker = await new_browser()
    verifier, challenge = pkce()
    victim = (await new_browser()).client
    for victims_verifier in (None, "", pkce()[0]):
        code = await handed_code(attacker.client, "mallory-spa", challenge)
        r = await exchange(victim, code, victims_verifier)
        assert r.status_code == 400, r.text
        assert "not issued to this browser" in r.json()["detail"]
        assert "access_token" not in r.text
        # Spent: not even the browser that started the log-in can use it now.
        r = await exchange(attacker.client, code, verifier)
        assert r.status_code == 400
        assert "invalid, expired or already used" in r.json()["detail"]
    code = await handed_code(attacker.client, "mallory-spa", challenge)
    assert (await exchange(attacker.client, code, verifier)).status_code == 200


async def test_a_split_origin_log_in_needs_a_code_challenge(new_browser: NewBrowser) -> None:
    browser = await new_browser()
    for query in ("", "&code_challenge=too-short", f"&code_challenge={'=' * 43}"):
        r = await browser.get(f"/auth/oauth/oidc/start?return_to={quote(SPA)}{query}")
        assert r.status_code == 422, query
        assert "code_challenge" in r.text and "S256" in r.text
        assert "tb_oauth" not in browser.client.cookies
    # Both mistakes at once are both told.
    r = await browser.get("/auth/oauth/oidc/start?return_to=http://evil.example/")
    assert "allowed origin" in r.text and "code_challenge" in r.text
    # Without return_to (this site's own pages) no challenge is involved.
    r = await browser.get(f"/auth/oauth/oidc/start?code_challenge={pkce()[1]}")
    assert r.status_code == 422 and "only with return_to" in r.text


async def test_return_to_must_be_an_allowed_origin(new_browser: NewBrowser) -> None:
    browser = await new_browser()
    for target in ("http://evil.example/x", "javascript:alert(1)", "//evil.example"):
        r = await browser.get(f"/auth/oauth/oidc/start?return_to={quote(target)}")
        assert r.status_code == 422, target
        assert "allowed origin" in r.text
        assert "tb_oauth" not in browser.client.cookies


async def test_a_split_origin_spa_is_told_of_a_refusal(new_browser: NewBrowser) -> None:
    browser = await new_browser()
    first = await start(browser.client, start_url(SPA, pkce()[1]))
    back = await authorize(first, "someone", action="deny")
    r = await browser.get(back)
    assert r.status_code == 303
    assert r.headers["location"].startswith(f"{SPA}?oauth_error=")
    assert "access_denied" in query_of(r.headers["location"])["oauth_error"]
