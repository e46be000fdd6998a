from __future__ import annotations

from datetime import datetime
from functools import cache
from importlib import resources
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, EmailStr, Field, StringConstraints, computed_field
from pydantic_core import PydanticCustomError

from teamboard.core.problems import Problem
from teamboard.core.schemas import Schema, ShortName
from teamboard.core.zones import UNKNOWN_ZONE, is_zone

# Long passphrases and any Unicode are welcome; the upper bound only stops abuse of argon2.
Password = Annotated[str, StringConstraints(min_length=1, max_length=1024)]
# A new password: the rules are checked with the other fields, so that a form shows every
# error at once (service.check_password_rules says the same for callers without a schema);
# the document states the length so that clients can tell in advance. "Not a common
# password" cannot be said in a schema.
MIN_PASSWORD = 8


@cache
def common_passwords() -> frozenset[str]:
    text = resources.files("teamboard.accounts").joinpath("common_passwords.txt").read_text()
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def password_rules(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise PydanticCustomError(
            "password_too_short",
            f"must be at least {MIN_PASSWORD} characters",
            {"limit": MIN_PASSWORD},
        )
    if password.lower() in common_passwords():
        raise PydanticCustomError("password_common", "is too common; choose another")
    return password


NewPassword = Annotated[
    Password,
    AfterValidator(password_rules),
    Field(
        json_schema_extra={"minLength": MIN_PASSWORD},
        description=f"At least {MIN_PASSWORD} characters, and not a common password",
    ),
]


def _lower(value: str) -> str:
    return value.lower()


Email = Annotated[EmailStr, StringConstraints(max_length=320), AfterValidator(_lower)]


def _known_zone(value: str) -> str:
    if not is_zone(value):
        raise PydanticCustomError("time_zone", UNKNOWN_ZONE)
    return value


TimeZoneName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64),
    AfterValidator(_known_zone),
    Field(
        description="An IANA time zone name, e.g. Europe/Paris",
        examples=["Europe/Paris"],
    ),
]


class SignUp(Schema):
    email: Email
    password: NewPassword
    display_name: ShortName


class LogIn(Schema):
    email: Annotated[str, StringConstraints(min_length=1, max_length=320)]
    password: Password


class UserRead(Schema):
    id: int
    email: str
    display_name: str
    is_active: bool
    is_admin: bool
    created_at: datetime
    email_verified_at: datetime | None = Field(exclude=True, default=None)
    time_zone: str | None = Field(
        default=None, description="The IANA zone dates and times are shown in; null: not set (UTC)"
    )
    two_factor_enabled_at: datetime | None = Field(exclude=True, default=None)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def email_verified(self) -> bool:
        """Whether the owner of the address proved it."""
        return self.email_verified_at is not None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def two_factor_enabled(self) -> bool:
        """Whether log-in asks for a code from an authenticator app."""
        return self.two_factor_enabled_at is not None


class MeRead(UserRead):
    # Set by an e-mail change until its link is used (or runs out): the address stays
    # ``email`` until then.
    pending_email: str | None = Field(
        default=None, description="The address a change waits to be confirmed for, by a link"
    )


class UserBrief(Schema):
    id: int
    display_name: str


class ProfileUpdate(Schema):
    display_name: ShortName | None = None
    email: Email | None = None
    # Asked when ``email`` changes: a session left open must not be enough to take the
    # account's address (and with it, password resets). Accounts without a password
    # prove themselves by a recent provider log-in instead.
    current_password: Password | None = None
    # null clears it (pages show UTC, and the SPA offers the browser's zone again).
    time_zone: TimeZoneName | None = None


class PasswordChange(Schema):
    current_password: Password
    new_password: NewPassword


class SessionInfo(Schema):
    model_config = {"extra": "ignore"}
    csrf_token: str
    user: UserRead


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int


class RefreshRequest(Schema):
    refresh_token: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class LogOut(Schema):
    refresh_token: Annotated[str, StringConstraints(max_length=200)] | None = None


class SessionRead(Schema):
    id: int
    user_agent: str
    ip_address: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    current: bool = False


class UserAdminUpdate(Schema):
    is_active: bool | None = None
    is_admin: bool | None = None


class UserCreate(Schema):
    email: Email
    password: Password
    display_name: ShortName
    is_admin: bool = Field(default=False)


# The token of a mailed link (the last part of its address).
LinkToken = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class EmailLink(Schema):
    token: LinkToken


class PasswordResetRequest(Schema):
    email: Email


class PasswordReset(Schema):
    token: LinkToken
    password: NewPassword


class LinkSent(Schema):
    detail: str = Field(description="What was sent where, written for people")


# -- two-factor log-in ----------------------------------------------------------------------

# A 6-digit code from the app, or a recovery code (10 letters and digits, a dash allowed).
MAX_CODE = 32
Code = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_CODE),
    Field(description="The 6-digit code the authenticator app shows, or a recovery code"),
]


class MfaRequired(Problem):
    """The 401 of a log-in whose password was right, for an account with two-factor
    log-in: finish it at ``POST /api/v1/auth/mfa`` with ``mfa_token`` and a code."""

    mfa_required: Literal[True]
    mfa_token: str = Field(description="Single use, valid for 5 minutes")


class MfaCompletion(Schema):
    mfa_token: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    code: Code


class TwoFactorCode(Schema):
    code: Code


class TwoFactorEnrolment(BaseModel):
    """Add the account to an authenticator app: scan ``qr_svg`` (an SVG image of
    ``otpauth_uri``) or type ``secret`` in; then confirm with a first code."""

    model_config = {"from_attributes": True}
    secret: str = Field(description="The key, base32")
    otpauth_uri: str
    qr_svg: str = Field(description="An SVG document: a QR code of otpauth_uri")


class RecoveryCodes(BaseModel):
    recovery_codes: list[str] = Field(
        description="Single-use codes that stand in for the app; shown this once only"
    )
