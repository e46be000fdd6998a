"""Form state for re-rendering: the user's input and a message per field."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticCustomError
from starlette.datastructures import FormData
from starlette.responses import Response

from teamboard.core.errors import AppError, Invalid, RateLimited
from teamboard.core.messages import describe_all
from teamboard.core.schemas import MAX_ID, parse_int, whole_number

FORM_ERROR = "_form"


class FormState:
    """What one form showed: ``id`` tells which form on a page it was, so a page with many
    forms puts the input and the messages back into the right one only."""

    def __init__(
        self,
        form_id: str = "",
        values: Mapping[str, list[str]] | None = None,
        errors: Mapping[str, str] | None = None,
    ) -> None:
        self.id = form_id
        self.values = dict(values or {})
        self.errors = dict(errors or {})

    @classmethod
    def of(cls, form_id: str, form: FormData, errors: Mapping[str, str]) -> FormState:
        """Keeps what the user typed, never passwords nor the CSRF token."""
        values = {
            key: [v for v in form.getlist(key) if isinstance(v, str)]
            for key in form
            if "password" not in key and key != "csrf_token"
        }
        return cls(form_id, values, errors)

    def for_(self, form_id: str) -> FormState:
        return self if form_id == self.id else EMPTY

    def get(self, name: str, default: Any = "") -> Any:
        values = self.values.get(name)
        return values[0] if values else default

    def getlist(self, name: str, default: Iterable[Any] = ()) -> list[str]:
        if self.id:
            return self.values.get(name, [])
        return [str(v) for v in default]

    def error(self, name: str) -> str | None:
        return self.errors.get(name)

    @property
    def form_error(self) -> str | None:
        return self.errors.get(FORM_ERROR)


EMPTY = FormState()


def errors_of(exc: Exception) -> dict[str, str]:
    """Field messages from a pydantic error or a service ``Invalid`` (``loc`` names the
    field); any other application error becomes one message for the whole form."""
    if isinstance(exc, ValidationError):
        described = describe_all(exc.errors())
    elif isinstance(exc, AppError) and exc.errors:
        described = describe_all(exc.errors)
    elif isinstance(exc, AppError):
        return {FORM_ERROR: exc.detail}
    else:
        return {FORM_ERROR: str(exc)}
    errors: dict[str, str] = {}
    for error in described:
        loc = error["loc"]
        if len(loc) > 1 and loc[0] in ("body", "query"):  # the API's prefix (Invalid.field)
            loc = loc[1:]
        field = next((p for p in loc if isinstance(p, str)), FORM_ERROR)
        errors.setdefault(field, error["msg"])
    return errors


def failed_status(exc: Exception) -> int:
    """The status of a form sent back with its errors: 429 when rate limited, else 422."""
    return exc.status if isinstance(exc, RateLimited) else 422


def keep_retry_after(response: Response, exc: Exception) -> Response:
    if isinstance(exc, RateLimited):
        response.headers["retry-after"] = str(exc.retry_after)
    return response


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def multiline(form: FormData, name: str) -> str:
    """A textarea's text with the CRLF line ends browsers send made LF, as the API gets
    them: the length limit must not count each line break twice."""
    return text(form, name).replace("\r\n", "\n")


def id_field(form: FormData, name: str) -> int:
    """A hidden id some forms carry only to know which page to show again."""
    number = parse_int(text(form, name), 1, MAX_ID)
    if number is None:
        raise Invalid.field(name, "not_a_number")
    return number


def number_text(form: FormData, name: str) -> str | None:
    """A whole-number field as sent, for a schema to read (core/schemas.py); blank is None.
    Not trimmed: a number is read the same way wherever it comes from."""
    return text(form, name) or None


def optional_number(form: FormData, name: str, low: int = 1, high: int = MAX_ID) -> int | None:
    """A whole-number field whose blank means "none" (e.g. the version a form was shown at)."""
    raw = number_text(form, name)
    if raw is None:
        return None
    try:
        return whole_number(low, high)(raw)
    except PydanticCustomError as exc:
        raise Invalid(errors=[{"loc": [name], "type": exc.type, "ctx": exc.context}]) from None


def optional(form: FormData, name: str) -> str | None:
    """A text field whose blank means "none"."""
    value = text(form, name).strip()
    return value or None


def ints(form: FormData, name: str) -> list[str]:
    """Checkbox groups: the raw values, validated by the schema they are passed to."""
    return [v for v in form.getlist(name) if isinstance(v, str)]
