"""A real OpenID provider (oidc-provider-mock: Authlib's authorization server) on a loopback
port in a thread, and the settings that point the app at it. Walking a browser through the
log-in is tests/support/oidc.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import oidc_provider_mock
import pytest

from tests.support.oidc import Provider, recorded


@pytest.fixture(scope="session")
def provider() -> Iterator[Provider]:
    with oidc_provider_mock.run_server_in_thread() as server:
        requests: list[str] = []
        # The server thread reads ``server.app`` for each request it handles.
        server.app = recorded(server.app, requests)
        yield Provider(f"http://127.0.0.1:{server.server_port}", requests)


@pytest.fixture(scope="session")
def issuer(provider: Provider) -> str:
    return provider.issuer


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
