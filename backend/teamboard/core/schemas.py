"""Shared schema building blocks: trimmed, bounded strings, whole numbers read one way,
and the page envelope."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Annotated, Any, Generic, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

T = TypeVar("T")


def _clean(value: str) -> str:
    # NFC so visually equal names compare equal; control characters are never wanted
    # in single-line text (they break logs and layouts).
    value = unicodedata.normalize("NFC", value).strip()
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in value):
        raise ValueError("must not contain control characters")
    return value


def _clean_text(value: str) -> str:
    value = unicodedata.normalize("NFC", value)
    if any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\r\t" for ch in value):
        raise ValueError("must not contain control characters")
    return value


def _not_blank(value: str) -> str:
    if not value:
        raise ValueError("must not be blank")
    return value


def _max(limit: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        if len(value) > limit:
            raise ValueError(f"must be at most {limit} characters")
        return value

    return check


Title = Annotated[
    str,
    StringConstraints(max_length=800),
    AfterValidator(_clean),
    AfterValidator(_not_blank),
    AfterValidator(_max(200)),
]
ShortName = Annotated[
    str,
    StringConstraints(max_length=400),
    AfterValidator(_clean),
    AfterValidator(_not_blank),
    AfterValidator(_max(100)),
]
LongText = Annotated[str, StringConstraints(max_length=20_000), AfterValidator(_clean_text)]


def _has_text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


Body = Annotated[LongText, AfterValidator(_has_text)]


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True, extra="forbid")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


# -- whole numbers ---------------------------------------------------------------------------

# Every integer column is 64-bit (core/db.py maps ``int`` to BIGINT).
MAX_ID = 9_223_372_036_854_775_807
MAX_POSITION = 1_000_000
MAX_OFFSET = 1_000_000
# ASCII digits only: ``str.isdigit`` also accepts "²" (which ``int`` refuses: a 500) and
# "١٢" (which ``int`` reads as 12), and ``int`` itself accepts " 1", "+1" and "1_000".
_DECIMAL = re.compile(r"-?[0-9]{1,20}")


def parse_int(raw: str, low: int, high: int) -> int | None:
    """The one reading of a whole number a client wrote (path, query, header, form field,
    or a string in JSON): optional minus, ASCII digits, within ``low..high``; else None."""
    if not _DECIMAL.fullmatch(raw):
        return None
    number = int(raw)
    return number if low <= number <= high else None


def whole_number_message(low: int, high: int) -> str:
    return f"must be a whole number from {low} to {high}"


def whole_number(low: int, high: int) -> Callable[[Any], int]:
    """A before-validator: ``Annotated[int, BeforeValidator(whole_number(a, b)), ...]``."""

    def check(value: Any) -> int:
        # A JSON number arrives as int (bool is an int too, and never a number here);
        # anything else that is not a string (1.0, [1]) is refused rather than coerced.
        if isinstance(value, str):
            number = parse_int(value, low, high)
        elif isinstance(value, int) and not isinstance(value, bool):
            number = value if low <= value <= high else None
        else:
            number = None
        if number is None:
            raise PydanticCustomError("whole_number", whole_number_message(low, high))
        return number

    return check


# Every integer a client sends is one of these (or built the same way): the validator
# reads it, the Field keeps the bounds in the API documentation.
Limit = Annotated[int, Field(ge=1, le=200), BeforeValidator(whole_number(1, 200))]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET), BeforeValidator(whole_number(0, MAX_OFFSET))]
Id = Annotated[int, Field(ge=1, le=MAX_ID), BeforeValidator(whole_number(1, MAX_ID))]
Version = Id
Position = Annotated[
    int, Field(ge=0, le=MAX_POSITION), BeforeValidator(whole_number(0, MAX_POSITION))
]
