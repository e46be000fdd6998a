"""The configured providers and the conversation with them: discovery, the authorization
URL, the code exchange and who the user is (ID token or GitHub's API).

Every call is async (httpx via Authlib), bounded by a timeout, and any failure becomes
:class:`UpstreamFailed` or :class:`Invalid` with a message a person can act on.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass
from typing import Any, Literal

import httpx
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from teamboard.core.config import Settings
from teamboard.core.errors import NotFound, UpstreamFailed
from teamboard.oauth.flow import derive_key

with warnings.catch_warnings():
    # Authlib would rather have the httpx2 fork and says so on import (its own filter makes
    # that warning "always", hence the order); it fully supports httpx, which this project
    # pins and whose errors are caught below.
    from authlib.deprecate import AuthlibDeprecationWarning

    warnings.simplefilter("ignore", AuthlibDeprecationWarning)
    from authlib.integrations.httpx_client import AsyncOAuth2Client
    from authlib.integrations.httpx_client import OAuthError as AuthlibOAuthError

GOOGLE_ISSUER = "https://accounts.google.com"
# Discovery documents and key sets change rarely; a key rotation is caught by a refetch
# when a token names an unknown key.
METADATA_TTL = 3600.0
ID_TOKEN_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"]
CLOCK_LEEWAY = 60
# What a misbehaving provider can make httpx, Authlib or a JSON parser raise.
PROVIDER_FAILURES = (httpx.HTTPError, ValueError, KeyError, TypeError)


@dataclass(frozen=True, slots=True)
class Provider:
    key: str
    name: str
    kind: Literal["oidc", "github"]
    client_id: str
    client_secret: str
    # OpenID: the issuer. GitHub: its site (the API root is ``api``).
    issuer: str = ""
    api: str = ""
    scope: str = "openid email profile"


@dataclass(frozen=True, slots=True)
class ProviderUser:
    """Who the provider says the user is. ``email`` is kept only when verified."""

    subject: str
    email: str | None
    email_verified: bool
    name: str


def configured(settings: Settings) -> dict[str, Provider]:
    found: list[Provider] = []
    if settings.github_client_id:
        found.append(
            Provider(
                "github",
                "GitHub",
                "github",
                settings.github_client_id,
                settings.github_client_secret,
                issuer=settings.github_url,
                api=settings.github_api_url,
                scope="read:user user:email",
            )
        )
    if settings.google_client_id:
        found.append(
            Provider(
                "google",
                "Google",
                "oidc",
                settings.google_client_id,
                settings.google_client_secret,
                GOOGLE_ISSUER,
            )
        )
    if settings.oidc_issuer:
        found.append(
            Provider(
                "oidc",
                settings.oidc_name,
                "oidc",
                settings.oidc_client_id,
                settings.oidc_client_secret,
                settings.oidc_issuer,
            )
        )
    for extra in settings.oidc_providers:
        found.append(
            Provider(
                extra.key, extra.name, "oidc", extra.client_id, extra.client_secret, extra.issuer
            )
        )
    return {p.key: p for p in found}


def _down(provider: Provider, what: str) -> UpstreamFailed:
    return UpstreamFailed(f"{provider.name} could not be reached ({what}); try again later")


class Gateway:
    """One per process: the providers, and their discovery documents and keys cached."""

    def __init__(self, settings: Settings) -> None:
        self.providers = configured(settings)
        self.base_url = settings.base_url
        self.timeout = settings.oauth_timeout_seconds
        self._metadata: dict[str, tuple[float, dict[str, Any]]] = {}
        self._keys: dict[str, tuple[float, KeySet]] = {}
        self.flow_key = derive_key(settings.resolved_secret_key())

    def listed(self) -> list[Provider]:
        return list(self.providers.values())

    def name_of(self, key: str) -> str:
        """A linked provider may since have been removed from the settings."""
        provider = self.providers.get(key)
        return provider.name if provider else key

    def get(self, key: str) -> Provider:
        provider = self.providers.get(key)
        if provider is None:
            raise NotFound("No such log-in provider")
        return provider

    def redirect_uri(self, provider: Provider) -> str:
        """Exact, derived from the base URL: registered once at the provider."""
        return f"{self.base_url}/auth/oauth/{provider.key}/callback"

    def _client(self, provider: Provider, **kwargs: Any) -> AsyncOAuth2Client:
        return AsyncOAuth2Client(
            client_id=provider.client_id,
            client_secret=provider.client_secret or None,
            token_endpoint_auth_method=("client_secret_post" if provider.client_secret else "none"),
            scope=provider.scope,
            redirect_uri=self.redirect_uri(provider),
            code_challenge_method="S256",
            timeout=self.timeout,
            follow_redirects=False,
            **kwargs,
        )

    async def _get_json(self, provider: Provider, url: str, what: str) -> Any:
        try:
            async with httpx.AsyncClient(timeout=self.timeout) as http:
                response = await http.get(url, headers={"accept": "application/json"})
            response.raise_for_status()
            return response.json()
        except PROVIDER_FAILURES:
            raise _down(provider, what) from None

    async def metadata(self, provider: Provider) -> dict[str, Any]:
        if provider.kind == "github":
            return {
                "authorization_endpoint": f"{provider.issuer}/login/oauth/authorize",
                "token_endpoint": f"{provider.issuer}/login/oauth/access_token",
            }
        cached = self._metadata.get(provider.key)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        url = f"{provider.issuer}/.well-known/openid-configuration"
        document = await self._get_json(provider, url, "discovery")
        needed = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
        if not isinstance(document, dict) or any(
            not isinstance(document.get(k), str) for k in needed
        ):
            raise _down(provider, "bad discovery document")
        # OpenID Connect Discovery §4.3: the document must name the issuer we asked.
        if document["issuer"].rstrip("/") != provider.issuer:
            raise _down(provider, "discovery names another issuer")
        self._metadata[provider.key] = (time.monotonic() + METADATA_TTL, document)
        return document

    async def _key_set(self, provider: Provider, *, fresh: bool = False) -> KeySet:
        cached = self._keys.get(provider.key)
        if cached is not None and cached[0] > time.monotonic() and not fresh:
            return cached[1]
        document = await self.metadata(provider)
        raw = await self._get_json(provider, document["jwks_uri"], "keys")
        try:
            keys = KeySet.import_key_set(raw)
        except (JoseError, ValueError, TypeError, KeyError):
            raise _down(provider, "bad key set") from None
        self._keys[provider.key] = (time.monotonic() + METADATA_TTL, keys)
        return keys

    async def authorization_url(
        self, provider: Provider, *, state: str, nonce: str, verifier: str
    ) -> str:
        document = await self.metadata(provider)
        extra = {"nonce": nonce} if provider.kind == "oidc" else {}
        async with self._client(provider) as client:
            url, _ = client.create_authorization_url(
                document["authorization_endpoint"], state=state, code_verifier=verifier, **extra
            )
        return str(url)

    async def identify(
        self, provider: Provider, *, code: str, verifier: str, nonce: str
    ) -> ProviderUser:
        """Trades the code for tokens and says who signed in."""
        document = await self.metadata(provider)
        async with self._client(provider) as client:
            try:
                token = await client.fetch_token(
                    document["token_endpoint"],
                    grant_type="authorization_code",
                    code=code,
                    code_verifier=verifier,
                    headers={"accept": "application/json"},
                )
            except AuthlibOAuthError as exc:
                raise UpstreamFailed(
                    f"{provider.name} refused the log-in ({exc.error}); please try again"
                ) from None
            except PROVIDER_FAILURES:
                raise _down(provider, "token") from None
            if provider.kind == "github":
                return await self._github_user(provider, client)
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise UpstreamFailed(f"{provider.name} sent no ID token")
        return await self._verify_id_token(provider, document, id_token, nonce)

    async def _verify_id_token(
        self, provider: Provider, document: dict[str, Any], id_token: str, nonce: str
    ) -> ProviderUser:
        claims = await self._decode(provider, id_token)
        registry = jwt.JWTClaimsRegistry(
            leeway=CLOCK_LEEWAY,
            iss={"essential": True, "value": document["issuer"]},
            aud={"essential": True, "value": provider.client_id},
            exp={"essential": True},
            sub={"essential": True},
            nonce={"essential": True, "value": nonce},
        )
        try:
            registry.validate(claims)
        except JoseError as exc:
            raise UpstreamFailed(
                f"The answer from {provider.name} failed its checks ({exc.error}: "
                f"{exc.description or 'claim'}); please start again"
            ) from None
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != provider.client_id:
            raise UpstreamFailed(f"The ID token from {provider.name} was meant for another party")
        email = claims.get("email")
        verified = claims.get("email_verified") is True and isinstance(email, str)
        name = claims.get("name") or claims.get("preferred_username") or ""
        return ProviderUser(
            subject=str(claims["sub"]),
            email=email.strip().lower() if isinstance(email, str) and email else None,
            email_verified=verified,
            name=str(name).strip(),
        )

    async def _decode(self, provider: Provider, id_token: str) -> dict[str, Any]:
        for fresh in (False, True):
            keys = await self._key_set(provider, fresh=fresh)
            try:
                return dict(jwt.decode(id_token, keys, algorithms=ID_TOKEN_ALGORITHMS).claims)
            except InvalidKeyIdError:
                continue  # no key with that id: the provider may have rotated its keys
            except (JoseError, ValueError):
                break
        raise UpstreamFailed(f"The ID token from {provider.name} has a bad signature")

    async def _github_user(self, provider: Provider, client: AsyncOAuth2Client) -> ProviderUser:
        """GitHub speaks OAuth 2 only: the user and their verified e-mails from its API."""
        headers = {"accept": "application/vnd.github+json"}
        try:
            user = (await client.get(f"{provider.api}/user", headers=headers)).raise_for_status()
            emails = await client.get(f"{provider.api}/user/emails", headers=headers)
            profile, addresses = user.json(), emails.raise_for_status().json()
        except (*PROVIDER_FAILURES, AuthlibOAuthError):
            raise _down(provider, "user API") from None
        if not isinstance(profile, dict) or "id" not in profile or not isinstance(addresses, list):
            raise _down(provider, "unexpected user data")
        verified = [
            a
            for a in addresses
            if isinstance(a, dict) and a.get("verified") is True and isinstance(a.get("email"), str)
        ]
        verified.sort(key=lambda a: a.get("primary") is not True)
        email = verified[0]["email"].strip().lower() if verified else None
        return ProviderUser(
            subject=str(profile["id"]),
            email=email,
            email_verified=email is not None,
            name=str(profile.get("name") or profile.get("login") or "").strip(),
        )
