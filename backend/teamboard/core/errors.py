"""The one error tree. Services raise these; each transport maps them once
(problem+json for the API, an error page for HTML, a close code for WebSockets)."""

from __future__ import annotations

from typing import Any

from teamboard.core.messages import field_error


class AppError(Exception):
    status = 400
    code = "bad_request"
    title = "Bad request"

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: list[dict[str, Any]] | None = None,
        current: Any = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.errors = errors
        self.current = current
        self.headers = headers or {}
        # Members of a specific problem beside the usual ones (RFC 9457 §3.2).
        self.extra = extra or {}


class BadRequest(AppError):
    """A request that cannot be honoured as sent (e.g. a log-in answer that does not match)."""


class Invalid(AppError):
    """Input that parses but breaks a rule; ``errors`` names the fields."""

    status = 422
    code = "invalid"
    title = "Invalid input"

    @classmethod
    def field(cls, field: str, code: str, *, where: str = "body", **params: Any) -> Invalid:
        """One field's error: ``code`` names its sentence in core/messages.py."""
        error = field_error([where, field], code, **params)
        return cls(error["msg"], errors=[error])


class Unauthenticated(AppError):
    status = 401
    code = "unauthenticated"
    title = "Authentication required"

    def __init__(self, detail: str | None = None, *, headers: dict[str, str] | None = None) -> None:
        # RFC 9110 §15.5.2: every 401 carries a challenge naming a usable scheme.
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer", **(headers or {})})


class SecondFactorRequired(Unauthenticated):
    """The password was right and the account has two-factor log-in: the answer carries
    ``mfa_required`` and the one-time ``mfa_token`` to finish the log-in with a code."""

    code = "mfa_required"
    title = "Second factor required"

    def __init__(self, mfa_token: str) -> None:
        super().__init__("Enter the code from your authenticator app (or a recovery code)")
        self.extra = {"mfa_required": True, "mfa_token": mfa_token}


class Forbidden(AppError):
    status = 403
    code = "forbidden"
    title = "Forbidden"


class TwoFactorRequired(Forbidden):
    """The site requires two-factor log-in and the account has not set it up yet."""

    code = "two_factor_required"
    title = "Two-factor log-in required"


class CsrfFailed(Forbidden):
    code = "csrf_failed"
    title = "CSRF check failed"


class NotFound(AppError):
    status = 404
    code = "not_found"
    title = "Not found"


class Conflict(AppError):
    """A write lost a race or would break a rule about existing state; ``current``
    carries the state the client should reconcile with."""

    status = 409
    code = "conflict"
    title = "Conflict"


class PreconditionRequired(AppError):
    status = 428
    code = "precondition_required"
    title = "Precondition required"


class TooLarge(AppError):
    status = 413
    code = "too_large"
    title = "Request body too large"


class QuotaExceeded(TooLarge):
    """A board's attachments would take more room than the board may have."""

    code = "quota_exceeded"
    title = "Storage quota exceeded"


class RangeNotSatisfiable(AppError):
    status = 416
    code = "range_not_satisfiable"
    title = "Range not satisfiable"

    def __init__(self, size: int) -> None:
        super().__init__(
            f"The file has {size} bytes: ask for a range within them",
            headers={"Content-Range": f"bytes */{size}"},
        )


class RateLimited(AppError):
    status = 429
    code = "rate_limited"
    title = "Too many requests"

    def __init__(self, retry_after: int, what: str = "attempts") -> None:
        super().__init__(
            f"Too many {what}; retry in {retry_after} s",
            headers={"Retry-After": str(retry_after)},
        )
        self.retry_after = retry_after


class Unavailable(AppError):
    status = 503
    code = "unavailable"
    title = "Service unavailable"


class UpstreamFailed(AppError):
    """A service we depend on (e.g. a log-in provider) was down or answered wrongly."""

    status = 502
    code = "upstream_failed"
    title = "Bad gateway"
