"""The GitHub path: OAuth 2 without ID tokens; who the user is comes from its API, and only
a verified e-mail counts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.github import CLIENT_ID, CLIENT_SECRET, GitHub, run_github
from tests.support.oidc import start
from tests.support.pages import NewBrowser


@pytest.fixture(scope="module")
def github() -> Iterator[GitHub]:
    with run_github() as server:
        yield server


@pytest.fixture
def settings_overrides(github: GitHub) -> dict[str, Any]:
    return {
        "github_client_id": CLIENT_ID,
        "github_client_secret": CLIENT_SECRET,
        "github_url": github.url,
        "github_api_url": f"{github.url}/api",
    }


async def test_log_in_with_github_uses_the_verified_primary_email(
    new_browser: NewBrowser, github: GitHub
) -> None:
    github.user = {"id": 583231, "login": "octocat", "name": None}
    github.emails = [
        {"email": "octo@unverified.example", "primary": False, "verified": False},
        {"email": "other@example.com", "primary": False, "verified": True},
        {"email": "Octo@Example.com", "primary": True, "verified": True},
    ]
    browser = await new_browser()
    assert "Log in with GitHub" in (await browser.get("/login")).text
    authorize_url = await start(browser.client, "/auth/oauth/github/start")
    assert authorize_url.startswith(f"{github.url}/login/oauth/authorize?")
    assert "code_challenge_method=S256" in authorize_url and "nonce=" not in authorize_url
    checked = github.pkce_checked
    r = await browser.get(github.approve(authorize_url))
    assert r.status_code == 303, r.text
    assert github.pkce_checked == checked + 1
    me = (await browser.get("/api/v1/me")).json()
    assert me["email"] == "octo@example.com" and me["display_name"] == "octocat"


async def test_github_without_a_verified_email_makes_no_account(
    new_browser: NewBrowser, github: GitHub
) -> None:
    github.user = {"id": 1, "login": "ghost"}
    github.emails = [{"email": "ghost@example.com", "primary": True, "verified": False}]
    browser = await new_browser()
    r = await browser.get(github.approve(await start(browser.client, "/auth/oauth/github/start")))
    assert r.status_code == 409
    assert "GitHub did not share a verified e-mail address" in r.text


async def test_a_refused_code_is_shown_cleanly(new_browser: NewBrowser, github: GitHub) -> None:
    browser = await new_browser()
    back = github.approve(await start(browser.client, "/auth/oauth/github/start"))
    github.codes.clear()  # expired at GitHub
    r = await browser.get(back)
    assert r.status_code == 502
    assert "GitHub refused the log-in (bad_verification_code)" in r.text
