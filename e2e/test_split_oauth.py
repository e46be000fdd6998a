"""Provider log-in for the SPA on its own origin: the button sends the browser to the API's
start URL with ``return_to`` (the SPA) and the challenge of a verifier the tab keeps, the
provider's page, back to the SPA with a one-time ``oauth_code`` that the SPA trades (with
the verifier) for tokens and takes out of the address bar. A code brought to another
browser logs nobody in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from conftest import BrowserErrors, require_build, start_server
from playwright.sync_api import expect
from test_split_origin import serve_static

from devkit.ports import free_port
from devkit.spa import split_spa

oidc_provider_mock = pytest.importorskip("oidc_provider_mock")


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory, issuer: str) -> Iterator[dict[str, str]]:
    require_build()
    spa_port = free_port()
    spa = f"http://127.0.0.1:{spa_port}"
    backend = start_server(
        tmp_path_factory.mktemp("split-oauth-data"),
        cors_origins=spa,
        oidc_issuer=issuer,
        oidc_client_id="teamboard-e2e",
        oidc_client_secret="e2e-client-secret",  # noqa: S106 - the test provider's
        oidc_name="Acme ID",
    )
    out = split_spa(tmp_path_factory.mktemp("spa-split-oauth"), backend.url)
    static = serve_static(out, spa_port)
    yield {"api": backend.url, "spa": spa}
    static.shutdown()
    backend.stop()


def test_provider_log_in_on_a_split_origin(
    browser: Any, split: dict[str, str], issuer: str
) -> None:
    claims = {
        "email": "cy.split@example.com",
        "email_verified": True,
        "name": "Cy Split",
    }
    assert httpx.put(f"{issuer}/users/cy-split", json=claims).status_code == 204
    spa = split["spa"]
    context = browser.new_context(base_url=spa, java_script_enabled=True)
    page = context.new_page()
    errors = BrowserErrors(page)
    try:
        page.goto("/login")
        button = page.get_by_role("link", name="Log in with Acme ID")
        start = f"{split['api']}/auth/oauth/oidc/start?return_to={quote(spa + '/login', safe='')}"
        challenge = "&code_challenge=[A-Za-z0-9_-]{43}"
        expect(button).to_have_attribute("href", re.compile(f"^{re.escape(start)}{challenge}$"))
        button.click()
        expect(page).to_have_url(re.compile(rf"^{re.escape(issuer)}/oauth2/authorize\?"))
        page.get_by_placeholder("sub").fill("cy-split")
        page.get_by_role("button", name="Authorize").click()

        expect(page.get_by_role("heading", name="Your boards")).to_be_visible()
        expect(page).to_have_url(f"{spa}/")  # the code is gone from the address
        expect(page.get_by_role("navigation", name="Main")).to_contain_text("Cy Split")
        page.reload()  # the refresh token of this tab survives a reload
        expect(page.get_by_role("navigation", name="Main")).to_contain_text("Cy Split")

        # A code that is spent, or an error from the provider, says so on the log-in page.
        page.goto("/login?oauth_error=The+provider+refused")
        expect(page.get_by_role("alert")).to_contain_text("The provider refused")
        expect(page).to_have_url(f"{spa}/login")
        ours = [m for m in errors.messages if issuer not in m and "cdn.jsdelivr.net" not in m]
        assert ours == [], ours
    finally:
        context.close()


def test_a_code_sent_to_another_browser_logs_nobody_in(
    browser: Any, split: dict[str, str], issuer: str
) -> None:
    """Log-in CSRF: someone logs in with their own account (a script will do), keeps the
    address the callback sends them to with its code, and gets another person to open it."""
    claims = {
        "email": "mal.split@example.com",
        "email_verified": True,
        "name": "Mal Split",
    }
    assert httpx.put(f"{issuer}/users/mal-split", json=claims).status_code == 204
    spa = split["spa"]
    challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"  # of the attacker's verifier
    with httpx.Client(base_url=split["api"]) as attacker:
        r = attacker.get(
            "/auth/oauth/oidc/start",
            params={"return_to": f"{spa}/login", "code_challenge": challenge},
        )
        authorize = r.headers["location"]
        r = httpx.post(authorize, data={"sub": "mal-split"})
        r = attacker.get(r.headers["location"])  # the callback, with the flow cookie
        link = r.headers["location"]
    assert link.startswith(f"{spa}/login?oauth_code=")

    victim = browser.new_context(base_url=spa, java_script_enabled=True)
    try:
        page = victim.new_page()
        errors = BrowserErrors(page)
        page.goto(link)
        expect(page.get_by_role("alert")).to_contain_text("not started in this tab")
        expect(page).to_have_url(f"{spa}/login")  # the code is gone from the address
        expect(page.get_by_role("button", name="Log in")).to_be_visible()
        assert "Mal Split" not in page.content()
        assert errors.messages == [], errors.messages
    finally:
        victim.close()
