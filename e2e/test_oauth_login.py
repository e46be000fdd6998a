"""Log in with an OpenID provider in a real browser, JavaScript off: the button on the
log-in page, the provider's own page, and back on the boards list, logged in. The
provider is a real one (oidc-provider-mock) on a loopback port in a thread."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import BrowserErrors, require_build, start_server
from playwright.sync_api import expect

oidc_provider_mock = pytest.importorskip("oidc_provider_mock")


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, issuer: str) -> Iterator[str]:
    data: Path = tmp_path_factory.mktemp("e2e-oidc")
    server = start_server(
        data,
        oidc_issuer=issuer,
        oidc_client_id="teamboard-e2e",
        oidc_client_secret="e2e-client-secret",  # noqa: S106 - the test provider's
        oidc_name="Acme ID",
    )
    yield server.url
    server.stop()


def test_log_in_with_an_openid_provider(browser: Any, site: str, issuer: str) -> None:
    claims = {"email": "ada.e2e@example.com", "email_verified": True, "name": "Ada E2E"}
    assert httpx.put(f"{issuer}/users/ada-e2e", json=claims).status_code == 204
    context = browser.new_context(base_url=site, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/login")
        page.get_by_role("link", name="Log in with Acme ID").click()

        expect(page).to_have_url(re.compile(rf"^{re.escape(issuer)}/oauth2/authorize\?"))
        expect(page.get_by_role("heading", name="Authorize Client")).to_be_visible()
        page.get_by_placeholder("sub").fill("ada-e2e")
        page.get_by_role("button", name="Authorize").click()

        expect(page).to_have_url(f"{site}/boards")
        expect(page.get_by_role("status")).to_contain_text("Welcome to Teamboard, Ada E2E!")
        page.goto("/account")
        expect(page.get_by_label("E-mail")).to_have_value("ada.e2e@example.com")
        expect(page.get_by_role("button", name="Unlink Acme ID")).to_be_visible()
    finally:
        context.close()


def test_log_in_with_an_openid_provider_from_the_spa(browser: Any, site: str, issuer: str) -> None:
    """The SPA on the same origin: its button starts the provider log-in with ``next`` set
    to the SPA, and the round trip ends in the SPA with the session cookie."""
    require_build()
    claims = {"email": "bea.e2e@example.com", "email_verified": True, "name": "Bea E2E"}
    assert httpx.put(f"{issuer}/users/bea-e2e", json=claims).status_code == 204
    context = browser.new_context(base_url=site, java_script_enabled=True)
    page = context.new_page()
    errors = BrowserErrors(page)
    try:
        page.goto("/app/signup")
        expect(page.get_by_role("link", name="Sign up with Acme ID")).to_be_visible()
        page.goto("/app/login")
        button = page.get_by_role("link", name="Log in with Acme ID")
        expect(button).to_have_attribute("href", f"{site}/auth/oauth/oidc/start?next=%2Fapp%2F")
        button.click()

        expect(page).to_have_url(re.compile(rf"^{re.escape(issuer)}/oauth2/authorize\?"))
        page.get_by_placeholder("sub").fill("bea-e2e")
        page.get_by_role("button", name="Authorize").click()

        expect(page).to_have_url(f"{site}/app/")
        expect(page.get_by_role("heading", name="Your boards")).to_be_visible()
        expect(page.get_by_role("navigation", name="Main")).to_contain_text("Bea E2E")
        # The provider's own page (a CDN stylesheet, no favicon) is not ours to judge.
        ours = [m for m in errors.messages if issuer not in m and "cdn.jsdelivr.net" not in m]
        assert ours == [], ours
    finally:
        context.close()
