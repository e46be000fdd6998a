"""The SPA's side: the providers list, and the hand-off to an SPA on its own origin by a
one-time code (never a token in a URL) traded for a token pair."""

from __future__ import annotations

from urllib.parse import quote

from tests.oauth.conftest import NewBrowser, authorize, log_in_with, query_of, set_user, start

SPA = "http://spa.example"


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
    url = f"/auth/oauth/oidc/start?return_to={quote(SPA + '/signed-in?tab=1')}"
    r = await log_in_with(browser.client, "spa-user", url)
    assert r.status_code == 303
    location = r.headers["location"]
    assert location.startswith(f"{SPA}/signed-in?tab=1&oauth_code=")
    assert "access_token" not in location and "refresh" not in location
    assert "tb_session" not in browser.client.cookies  # the SPA holds tokens, not our cookie
    code = query_of(location)["oauth_code"]

    spa = browser.client
    wrong_origin = {"Origin": "http://other.example"}
    r = await spa.post("/api/v1/auth/oauth/exchange", json={"code": code}, headers=wrong_origin)
    assert r.status_code == 400
    r = await spa.post("/api/v1/auth/oauth/exchange", json={"code": code}, headers={"Origin": SPA})
    assert r.status_code == 200, r.text
    assert r.headers["access-control-allow-origin"] == SPA
    pair = r.json()
    me = await spa.get("/api/v1/me", headers={"Authorization": f"Bearer {pair['access_token']}"})
    assert me.json()["email"] == "spa@example.com"
    refreshed = await spa.post(
        "/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]}
    )
    assert refreshed.status_code == 200

    again = await spa.post(
        "/api/v1/auth/oauth/exchange", json={"code": code}, headers={"Origin": SPA}
    )
    assert again.status_code == 400
    assert "invalid, expired or already used" in again.json()["detail"]


async def test_return_to_must_be_an_allowed_origin(new_browser: NewBrowser) -> None:
    browser = await new_browser()
    for target in ("http://evil.example/x", "javascript:alert(1)", "//evil.example"):
        r = await browser.get(f"/auth/oauth/oidc/start?return_to={quote(target)}")
        assert r.status_code == 422, target
        assert "allowed origin" in r.text
        assert "tb_oauth" not in browser.client.cookies


async def test_a_split_origin_spa_is_told_of_a_refusal(new_browser: NewBrowser) -> None:
    browser = await new_browser()
    first = await start(browser.client, f"/auth/oauth/oidc/start?return_to={quote(SPA)}")
    back = await authorize(first, "someone", action="deny")
    r = await browser.get(back)
    assert r.status_code == 303
    assert r.headers["location"].startswith(f"{SPA}?oauth_error=")
    assert "access_denied" in query_of(r.headers["location"])["oauth_error"]
