"""What the OpenAPI document says about errors: the one problem+json body, and which
error statuses an operation can answer.

The statuses are derived, not listed by hand per route (core/openapi.py does it): the
request's shape implies some (a body: 400/413/422; a path id: 404), the dependencies
say what they raise with :func:`raises`, and a route adds what only its service raises
with ``responses=problems(...)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from teamboard.core.errors import AppError, Unauthenticated

F = TypeVar("F", bound=Callable[..., Any])
MARK = "__teamboard_raises__"


class FieldError(BaseModel):
    loc: list[str | int] = Field(description="Where: e.g. ['body', 'name'] or ['query', 'limit']")
    msg: str = Field(description="What to change, written for people (the catalogue's words)")
    type: str = Field(description="The validator's kind of error (kept for older clients)")
    code: str = Field(
        default="invalid",
        description="Stable name of the message in the catalogue (e.g. blank, too_long, date)",
    )


class Problem(BaseModel):
    """RFC 9457 problem details: the body of every 4xx and 5xx answer of the API."""

    # A specific problem may add members (readiness adds ``checks``).
    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int = Field(ge=400, le=599)
    detail: str = Field(description="What went wrong, written for people")
    code: str = Field(description="Stable machine-readable name, e.g. invalid, conflict")
    errors: list[FieldError] = Field(
        default_factory=list, description="Invalid input: every field's error at once"
    )
    current: Any = Field(
        default=None, description="A conflict: the current state to reconcile with"
    )


# One sentence per status, shared by every operation that can answer it.
DESCRIPTIONS = {
    400: "Malformed request (e.g. a body that is not JSON) or a refused one-time code",
    401: "Missing, invalid or expired credentials",
    403: "Not allowed: the caller's role, or a failed CSRF / Origin check",
    404: "No such resource, or the caller may not see it",
    409: "Conflict: a stale version, or a rule about existing state; `current` may say more",
    413: "Request body too large",
    416: "The range asked for lies outside the file: `Content-Range` gives its size",
    422: "Invalid input: `errors` names every field that is wrong",
    428: "A precondition (e.g. If-Match) is required",
    429: "Too many attempts: retry after `Retry-After` seconds",
    502: "A service this one depends on (e.g. a log-in provider) failed",
    503: "The database is unavailable: retry after `Retry-After` seconds",
}
RETRY_AFTER = {"schema": {"type": "integer", "minimum": 0}, "required": True}
HEADERS: dict[int, dict[str, Any]] = {
    401: {"WWW-Authenticate": {"schema": {"type": "string"}, "required": True}},
    416: {"Content-Range": {"schema": {"type": "string"}, "required": True}},
    429: {"Retry-After": RETRY_AFTER},
    503: {"Retry-After": RETRY_AFTER},
}


@dataclass(frozen=True)
class Raises:
    """What a dependency can raise: always, and on unsafe methods only (e.g. CSRF)."""

    always: frozenset[int]
    on_writes: frozenset[int]
    authenticates: bool


def raises(*errors: type[AppError], on_writes: tuple[type[AppError], ...] = ()) -> Callable[[F], F]:
    """Mark a dependency with the errors it raises. One raising ``Unauthenticated`` is how
    the caller is recognised: operations that depend on it declare the security schemes."""

    def mark(function: F) -> F:
        setattr(
            function,
            MARK,
            Raises(
                always=frozenset(e.status for e in errors),
                on_writes=frozenset(e.status for e in on_writes),
                authenticates=Unauthenticated in errors,
            ),
        )
        return function

    return mark


def raised_by(function: Any) -> Raises | None:
    mark: Raises | None = getattr(function, MARK, None)
    return mark


def problems(
    *errors: type[AppError], bodies: dict[int, type[Problem]] | None = None
) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route whose service raises errors its dependencies do not
    imply (core/openapi.py gives each the problem+json body). ``bodies``: a status whose
    problem may be a specific one with members of its own (a Problem subclass), e.g. the
    401 of a log-in that asks for a second factor."""
    found: dict[int | str, dict[str, Any]] = {
        error.status: {"description": DESCRIPTIONS[error.status]} for error in errors
    }
    for status, model in (bodies or {}).items():
        found[status] = {"description": DESCRIPTIONS[status], "model": model}
    return found
