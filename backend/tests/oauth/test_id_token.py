"""ID token checks, one claim at a time: tokens signed here with keys made here, handed to
the gateway with the provider's discovery document and key set already cached."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, OctKey, RSAKey

from devkit.ports import free_port
from teamboard.core.errors import UpstreamFailed
from teamboard.oauth.providers import Gateway, Provider
from tests.support.app import make_settings

ISSUER = "https://id.example"
CLIENT = "teamboard"
NONCE = "the-nonce"
KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})


@pytest.fixture
def gateway(tmp_path: Path) -> Gateway:
    settings = make_settings(
        "sqlite+aiosqlite://", tmp_path, oidc_issuer=ISSUER, oidc_client_id=CLIENT
    )
    gw = Gateway(settings)
    # Should a key be refetched, it is asked of a closed loopback port, never the internet.
    document = {"issuer": ISSUER, "jwks_uri": f"http://127.0.0.1:{free_port()}/jwks"}
    public = KeySet.import_key_set({"keys": [KEY.as_dict(private=False)]})
    gw._metadata["oidc"] = (time.monotonic() + 60, document)
    gw._keys["oidc"] = (time.monotonic() + 60, public)
    return gw


def token(key: RSAKey = KEY, **changes: Any) -> str:
    kid = key.kid or "k1"
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": CLIENT,
        "sub": "subject-1",
        "iat": now,
        "exp": now + 300,
        "nonce": NONCE,
        "email": "Pat@Example.com",
        "email_verified": True,
        "name": "Pat",
    }
    claims.update(changes)
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode({"alg": "RS256", "kid": kid}, claims, key)


async def verify(gateway: Gateway, id_token: str) -> Any:
    provider: Provider = gateway.get("oidc")
    document = await gateway.metadata(provider)
    return await gateway._verify_id_token(provider, document, id_token, NONCE)


async def test_a_good_token_says_who(gateway: Gateway) -> None:
    who = await verify(gateway, token())
    assert (who.subject, who.email, who.email_verified, who.name) == (
        "subject-1",
        "pat@example.com",
        True,
        "Pat",
    )
    who = await verify(gateway, token(email_verified="true"))  # a string is not a yes
    assert who.email_verified is False


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"iss": "https://evil.example"}, "iss"),
        ({"aud": "someone-else"}, "aud"),
        ({"aud": None}, "aud"),
        ({"exp": int(time.time()) - 3600}, "exp"),
        ({"nonce": "another"}, "nonce"),
        ({"nonce": None}, "nonce"),
        ({"sub": None}, "sub"),
        ({"aud": [CLIENT, "another-party"]}, "another party"),
        ({"aud": [CLIENT, "another-party"], "azp": "another-party"}, "another party"),
    ],
)
async def test_a_wrong_claim_is_refused(
    gateway: Gateway, changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(UpstreamFailed) as caught:
        await verify(gateway, token(**changes))
    assert message in caught.value.detail


async def test_several_audiences_with_us_as_authorized_party(gateway: Gateway) -> None:
    who = await verify(gateway, token(aud=[CLIENT, "another-party"], azp=CLIENT))
    assert who.subject == "subject-1"


async def test_a_forged_signature_is_refused(gateway: Gateway) -> None:
    with pytest.raises(UpstreamFailed) as caught:
        await verify(gateway, token(OTHER_KEY))
    assert "bad signature" in caught.value.detail
    with pytest.raises(UpstreamFailed):
        await verify(gateway, token()[:-8] + "AAAAAAAA")
    # A key id the provider never published: the keys are fetched again, then refused.
    stranger = RSAKey.generate_key(2048, parameters={"kid": "k2"})
    with pytest.raises(UpstreamFailed):
        await verify(gateway, token(stranger))


# Building the "alg: none" token is the point; joserfc warns about doing so.
@pytest.mark.filterwarnings("ignore:JWS algorithm")
async def test_unsigned_and_symmetric_tokens_are_refused(gateway: Gateway) -> None:
    claims = {"iss": ISSUER, "aud": CLIENT, "sub": "s", "exp": int(time.time()) + 60}
    # No key: an unsigned token is the point (joserfc's types ask for one).
    unsigned = jwt.encode({"alg": "none"}, claims, None, algorithms=["none"])  # type: ignore[arg-type]
    with pytest.raises(UpstreamFailed):
        await verify(gateway, unsigned)
    shared = OctKey.import_key("a-client-secret-that-is-long-enough-for-hs256")
    with pytest.raises(UpstreamFailed):
        await verify(gateway, jwt.encode({"alg": "HS256", "kid": "k1"}, claims, shared))
