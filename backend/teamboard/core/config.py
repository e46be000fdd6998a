"""Settings, read once from the environment (prefix ``TEAMBOARD_``) or a ``.env`` file.

A wrong value must stop start-up with one line naming the variable, so ``load_settings``
turns pydantic's multi-line report into :class:`ConfigError`.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ENV_PREFIX = "TEAMBOARD_"


class ConfigError(RuntimeError):
    """A setting is wrong; the message is one line naming the variable."""


def _origin(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{url!r} is not an http(s) origin")
    return f"{parts.scheme}://{parts.netloc}".lower()


class OidcProviderSettings(BaseModel):
    """One OpenID Connect provider found by discovery from its issuer."""

    model_config = {"frozen": True, "extra": "forbid"}

    key: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,31}$")
    name: str = Field(min_length=1, max_length=60)
    issuer: str
    client_id: str = Field(min_length=1)
    client_secret: str = Field(default="", repr=False)

    @field_validator("issuer")
    @classmethod
    def _check_issuer(cls, value: str) -> str:
        _origin(value)
        return value.rstrip("/")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", extra="ignore", frozen=True
    )

    data_dir: Path = Path("data")
    database_url: str = ""
    secret_key: str = Field(default="", repr=False)
    base_url: str = "http://127.0.0.1:8000"
    cors_origins: Annotated[list[str], NoDecode] = []
    cors_allow_credentials: bool = True

    access_token_minutes: int = Field(default=15, ge=1, le=15)
    refresh_token_days: int = Field(default=30, ge=1, le=365)
    session_days: int = Field(default=14, ge=1, le=365)

    # Password attempts (log-in, and the current password of a password change), counted
    # over the window. Failures of one account from one address are refused past
    # LOGIN_MAX_PER_ACCOUNT (the name predates the pair); every attempt from one address
    # past LOGIN_MAX_PER_ADDRESS. Failures of one account from all addresses together past
    # LOGIN_ACCOUNT_CEILING only slow each further attempt (by LOGIN_DELAY_SECONDS, doubling
    # up to LOGIN_MAX_DELAY_SECONDS): a stranger can never lock the owner out.
    login_max_per_account: int = Field(default=5, ge=1, le=1000)
    login_max_per_address: int = Field(default=30, ge=1)
    login_window_seconds: int = Field(default=300, ge=1, le=86_400)
    login_account_ceiling: int = Field(default=20, ge=1, le=1000)
    login_delay_seconds: float = Field(default=1.0, gt=0, le=60)
    login_max_delay_seconds: float = Field(default=15.0, gt=0, le=300)
    # Sign-ups per client address, and invitations to a board (each mails an address of the
    # caller's choosing; named for the add-by-e-mail they replace) per account and per
    # address, over their own window.
    signup_max_per_address: int = Field(default=10, ge=1, le=100_000)
    email_lookup_max_per_account: int = Field(default=50, ge=1, le=100_000)
    email_lookup_max_per_address: int = Field(default=100, ge=1, le=100_000)
    lookup_window_seconds: int = Field(default=3600, ge=1, le=86_400)
    # Mailed links (verification, password reset, e-mail change), over the lookup window:
    # reset requests per e-mail address (known or not: a refusal tells nothing), mails
    # asked for per signed-in account (resends, e-mail changes), and both per client address.
    account_mail_max_per_email: int = Field(default=5, ge=1, le=100_000)
    account_mail_max_per_account: int = Field(default=5, ge=1, le=100_000)
    account_mail_max_per_address: int = Field(default=20, ge=1, le=100_000)
    # Two-factor log-in. REQUIRE_TWO_FACTOR: every account must set it up before using
    # anything but its enrolment (accounts/deps.py must_enrol). Codes (log-in, disabling,
    # new recovery codes) are counted over TWO_FACTOR_WINDOW_SECONDS: wrong ones per
    # account past TWO_FACTOR_MAX_FAILURES, and every attempt per client address past
    # TWO_FACTOR_MAX_PER_ADDRESS, are refused (429). TWO_FACTOR_ISSUER names the site in
    # authenticator apps.
    require_two_factor: bool = False
    two_factor_max_failures: int = Field(default=10, ge=1, le=1000)
    two_factor_max_per_address: int = Field(default=60, ge=1, le=100_000)
    two_factor_window_seconds: int = Field(default=3600, ge=60, le=86_400)
    two_factor_issuer: str = Field(default="Teamboard", min_length=1, max_length=60)

    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    trusted_proxies: Annotated[list[str], NoDecode] = []
    argon2_time_cost: int = Field(default=3, ge=1, le=100)
    argon2_memory_kib: int = Field(default=65536, ge=8, le=4_194_304)
    # Each password hash or check holds ARGON2_MEMORY_KIB while it runs: a process runs at
    # most BUDGET // MEMORY of them at once (at least one). The others wait this long for
    # a turn, then get 503 with Retry-After.
    argon2_memory_budget_mib: int = Field(default=256, ge=1, le=1_048_576)
    argon2_wait_seconds: float = Field(default=10.0, gt=0, le=120)
    db_echo: bool = False
    # PostgreSQL pool, per worker process: workers x instances x (size + overflow) must
    # stay under the server's max_connections. SQLite keeps size + overflow connections
    # open. A request waits this long for a connection, then gets 503.
    db_pool_size: int = Field(default=10, ge=1, le=1000)
    db_max_overflow: int = Field(default=10, ge=0, le=1000)
    db_pool_timeout: float = Field(default=10.0, gt=0, le=300)

    # Operations: JSON log lines for collectors (or text for people), and who may read
    # /metrics besides loopback (a bearer token; empty: loopback only).
    log_format: Literal["json", "text"] = "json"
    log_level: Literal["debug", "info", "warning", "error", "critical"] = "info"
    metrics_token: str = Field(default="", repr=False)
    # How long another process's change may go unseen by this one's access cache.
    cache_seconds: float = Field(default=2.0, ge=0, le=60)
    # The built frontend (Vite's output); empty: the frontend/dist folder of this checkout.
    frontend_dist: Path | None = None
    # Set under `make dev`: pages load the islands from the Vite dev server (hot reload).
    vite_dev_url: str = ""

    # Real-time: Redis joins several processes' live updates; without it each process
    # still notices other processes' changes by reading the event log this often.
    redis_url: str = ""
    realtime_poll_seconds: float = Field(default=1.0, gt=0, le=60)
    ws_queue_size: int = Field(default=256, ge=8, le=100_000)
    ws_max_replay: int = Field(default=1000, ge=0, le=100_000)
    # Each socket's budget (realtime/budget.py): subscribe messages, and events replayed
    # to resuming subscribes, per minute; a minute's worth may come at once.
    ws_subscribes_per_minute: int = Field(default=60, ge=1, le=100_000)
    ws_replay_per_minute: int = Field(default=5000, ge=1, le=10_000_000)
    # The server pings every socket this often and drops one silent for as long again.
    ws_ping_seconds: float = Field(default=20.0, gt=0, le=600)

    # Log-in with OAuth 2 / OpenID Connect providers; each is offered only when configured.
    github_client_id: str = ""
    github_client_secret: str = Field(default="", repr=False)
    # GitHub Enterprise Server lives elsewhere: its site and its REST API root.
    github_url: str = "https://github.com"
    github_api_url: str = "https://api.github.com"
    google_client_id: str = ""
    google_client_secret: str = Field(default="", repr=False)
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = Field(default="", repr=False)
    oidc_name: str = Field(default="Single sign-on", min_length=1, max_length=60)
    # More OpenID providers: a JSON list of {"key", "name", "issuer", "client_id", "client_secret"}.
    oidc_providers: list[OidcProviderSettings] = []
    oauth_timeout_seconds: float = Field(default=10.0, gt=0, le=60)

    # Mail: messages are queued in the database with the change that causes them and sent
    # by the background runner. Without an SMTP URL they stay queued, for /admin/mail.
    smtp_url: str = Field(default="", repr=False)
    mail_from: str = "Teamboard <teamboard@localhost>"
    smtp_timeout_seconds: float = Field(default=30.0, gt=0, le=300)
    # Background work (mail, digests, reminders): in each app process ("embedded"), or only
    # in `teamboard worker` processes ("off" in the app's environment).
    background: Literal["embedded", "off"] = "embedded"
    mail_poll_seconds: float = Field(default=2.0, gt=0, le=300)
    # Notification e-mail (notifications/): the daily digest goes out at this hour, UTC;
    # the digest and due-date reminder tasks look for work this often; past this many
    # "immediately" mails in an hour, a user's further notifications wait for the digest.
    digest_hour_utc: int = Field(default=7, ge=0, le=23)
    notifications_poll_seconds: float = Field(default=60.0, gt=0, le=3600)
    notification_mails_per_hour: int = Field(default=20, ge=1, le=10_000)

    # Attachments (attachments/): where their bytes live — empty, a folder under the data
    # dir; ``s3://bucket?endpoint=https://…&region=…`` any S3-compatible store, which
    # several instances share (credentials: the usual AWS_* variables, or
    # ``s3://KEY:SECRET@bucket?…``). One upload's size, checked while it streams; all of one
    # board's attachments together; images larger than this many pixels get no thumbnail
    # (a decompression bomb is refused before it is decoded).
    storage_url: str = Field(default="", repr=False)
    max_upload_bytes: int = Field(default=25 * 1024 * 1024, ge=1024, le=5 * 1024**3)
    board_quota_bytes: int = Field(default=1024**3, ge=1024)
    image_max_pixels: int = Field(default=40_000_000, ge=10_000, le=500_000_000)
    # Imports (portability/jobs.py): an uploaded export's size, checked while it streams.
    max_import_bytes: int = Field(default=50 * 1024 * 1024, ge=1024, le=1024**3)

    @field_validator("cors_origins", "trusted_proxies", mode="before")
    @classmethod
    def _split_csv(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @field_validator("cors_origins")
    @classmethod
    def _check_origins(cls, value: list[str]) -> list[str]:
        return [item if item == "*" else _origin(item) for item in value]

    @field_validator("base_url")
    @classmethod
    def _check_base_url(cls, value: str) -> str:
        _origin(value)
        return value.rstrip("/")

    @field_validator("vite_dev_url")
    @classmethod
    def _check_vite_dev_url(cls, value: str) -> str:
        return _origin(value) if value else ""

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        if value and not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator("storage_url")
    @classmethod
    def _check_storage_url(cls, value: str) -> str:
        if not value:
            return value
        parts = urlsplit(value)
        if parts.scheme not in ("s3", "file") or (parts.scheme == "s3" and not parts.hostname):
            raise ValueError("must be empty, file:///a/folder or s3://bucket?endpoint=https://…")
        return value

    @field_validator("redis_url")
    @classmethod
    def _check_redis_url(cls, value: str) -> str:
        if value and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value

    @field_validator("smtp_url")
    @classmethod
    def _check_smtp_url(cls, value: str) -> str:
        if value and not value.startswith(("smtp://", "smtps://")):
            raise ValueError("must start with smtp:// (STARTTLS when offered) or smtps://")
        return value

    @field_validator("log_format", "log_level", "background", mode="before")
    @classmethod
    def _lower_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("metrics_token")
    @classmethod
    def _check_metrics_token(cls, value: str) -> str:
        if value and len(value) < 16:
            raise ValueError("must be at least 16 characters")
        return value

    @field_validator("oidc_issuer", "github_url", "github_api_url")
    @classmethod
    def _check_issuer(cls, value: str) -> str:
        if value:
            _origin(value)
        return value.rstrip("/")

    @model_validator(mode="after")
    def _no_wildcard_with_credentials(self) -> Settings:
        if "*" in self.cors_origins and self.cors_allow_credentials:
            raise ValueError(f"{ENV_PREFIX}CORS_ORIGINS: '*' cannot be combined with credentials")
        return self

    @model_validator(mode="after")
    def _replay_fits_the_budget(self) -> Settings:
        if self.ws_replay_per_minute < self.ws_max_replay:
            raise ValueError(
                f"{ENV_PREFIX}WS_REPLAY_PER_MINUTE must be at least {ENV_PREFIX}WS_MAX_REPLAY "
                f"({self.ws_max_replay}): a resume of that length must fit in the budget"
            )
        return self

    @model_validator(mode="after")
    def _complete_providers(self) -> Settings:
        pairs = {
            "GITHUB_CLIENT_SECRET": (self.github_client_id, self.github_client_secret),
            "GOOGLE_CLIENT_SECRET": (self.google_client_id, self.google_client_secret),
        }
        for name, (client_id, secret) in pairs.items():
            if client_id and not secret:
                raise ValueError(f"{ENV_PREFIX}{name}: required with its client id")
        if bool(self.oidc_issuer) != bool(self.oidc_client_id):
            raise ValueError(f"{ENV_PREFIX}OIDC_ISSUER and OIDC_CLIENT_ID go together")
        keys = [p.key for p in self.oidc_providers]
        reserved = {"github", "google", "oidc"}
        if len(set(keys)) != len(keys) or reserved & set(keys):
            raise ValueError(
                f"{ENV_PREFIX}OIDC_PROVIDERS: keys must be unique and not github, google or oidc"
            )
        return self

    # -- derived values -------------------------------------------------------------
    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{self.data_dir / 'teamboard.db'}"

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

    @property
    def site_origin(self) -> str:
        return _origin(self.base_url)

    @property
    def secure_cookies(self) -> bool:
        return self.base_url.startswith("https://")

    @property
    def allowed_origins(self) -> frozenset[str]:
        """Origins allowed to send cookie-authenticated unsafe requests and WebSockets."""
        return frozenset({self.site_origin, *(o for o in self.cors_origins if o != "*")})

    @property
    def argon2_slots(self) -> int:
        """How many password hashes or checks one process runs at once."""
        return max(1, self.argon2_memory_budget_mib * 1024 // self.argon2_memory_kib)

    @property
    def resolved_frontend_dist(self) -> Path:
        return self.frontend_dist or Path(__file__).resolve().parents[3] / "frontend" / "dist"

    @property
    def jwt_issuer(self) -> str:
        return self.base_url

    def resolved_secret_key(self) -> str:
        """The configured key, else one generated once and kept in the data folder (0600).
        Written whole to a temporary file, then hard-linked into place: workers starting
        together never read a half-written (empty) key, and all end up with the first one."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret_key"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            draft = path.with_name(f".secret_key.{secrets.token_hex(8)}")
            fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                with os.fdopen(fd, "w") as handle:
                    handle.write(secrets.token_urlsafe(48))
                with contextlib.suppress(FileExistsError):
                    os.link(draft, path)  # atomic, never replaces: the first key wins
            finally:
                draft.unlink()
        key = path.read_text().strip()
        if len(key) < 32:
            raise ConfigError(f"{path}: no usable key; delete it or set {ENV_PREFIX}SECRET_KEY")
        return key


def load_settings() -> Settings:
    try:
        settings = Settings()
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else ""
        message = str(error["msg"]).removeprefix("Value error, ")
        if field:
            message = f"{ENV_PREFIX}{field.upper()}: {message}"
        raise ConfigError(message) from None
    if settings.secret_key and len(settings.secret_key) < 32:
        raise ConfigError(f"{ENV_PREFIX}SECRET_KEY: must be at least 32 characters")
    return settings


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
