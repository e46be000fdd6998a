"""Shared schema building blocks: trimmed, bounded strings, whole numbers read one way,
and the page envelope."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
)
from pydantic.fields import FieldInfo
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

T = TypeVar("T")


MARKDOWN_MAX = 20_000  # descriptions and comments: far more than a person writes


def _too_long(limit: int, length: int) -> PydanticCustomError:
    # Built, not templated: no braces reach pydantic's formatting.
    return PydanticCustomError(
        "too_long",
        f"must be at most {limit:,} characters (this has {length:,})",
        {"limit": limit, "length": length},
    )


def _at_most(limit: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        if len(value) > limit:
            raise _too_long(limit, len(value))
        return value

    return check


def _cheap_cap(limit: int) -> BeforeValidator:
    """Refuses text over four times ``limit`` before any per-character work, with the
    words of the exact check that follows normalisation (NFC may shorten text, so the
    exact check comes after it)."""

    def check(value: Any) -> Any:
        if isinstance(value, str) and len(value) > 4 * limit:
            raise _too_long(limit, len(value))
        return value

    return BeforeValidator(check)


@dataclass(frozen=True, slots=True)
class _Documented:
    """The exact limit in the OpenAPI document, which cannot see into the validators."""

    limit: int

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        documented = handler(schema)
        return {**documented, "maxLength": min(documented.get("maxLength", self.limit), self.limit)}


# Kinds of their own, so that core/messages.py words them (never "Value error, …").
_BLANK = PydanticCustomError("blank", "must not be blank")
_CONTROL = PydanticCustomError("control_characters", "must not contain control characters")


def _nfc(value: str) -> str:
    # NFC so visually equal texts compare equal.
    return unicodedata.normalize("NFC", value)


def _clean(value: str) -> str:
    # Control characters are never wanted in single-line text (they break logs and layouts).
    value = value.strip()
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in value):
        raise _CONTROL
    return value


def _clean_text(value: str) -> str:
    if any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\r\t" for ch in value):
        raise _CONTROL
    return value


def _not_blank(value: str) -> str:
    if not value:
        raise _BLANK
    return value


# The validators' rules again, as JSON Schema patterns, so that the document tells clients
# what is accepted (tests/core/test_schema_patterns.py checks that both agree). Classes
# are spelled out: JSON Schema's regex dialect (ECMA-262) and Python's differ on \s, and
# neither has \p{Cc} everywhere. Lone surrogates cannot be written in either: they only
# arrive through a malformed JSON escape, and the validators refuse them.
_SPACE = r"[\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
_VISIBLE = r"[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
_INNER = r"[^\x00-\x1f\x7f-\x9f]"
_TEXT = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
_TEXT_SPACE = r"[\t\n\r\x20\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"


def line_pattern(limit: int) -> str:
    """One line of at most ``limit`` characters once trimmed (str.strip()'s whitespace),
    with a visible one, and no control character."""
    return rf"^{_SPACE}*{_VISIBLE}(?:{_INNER}{{0,{limit - 2}}}{_VISIBLE})?{_SPACE}*$"


TEXT_PATTERN = rf"^{_TEXT}*$"  # any text: tabs and line breaks, no other control character
BODY_PATTERN = rf"^{_TEXT_SPACE}*{_VISIBLE}{_TEXT}*$"  # the same, not blank


def documented(pattern: str, description: str, **extra: Any) -> FieldInfo:
    # Only in the document: the validators give the messages written for people.
    extra["pattern"] = pattern
    info: FieldInfo = Field(json_schema_extra=extra, description=description)
    return info


def _line(limit: int) -> tuple[Any, ...]:
    """One trimmed line of at most ``limit`` characters. The document's ``maxLength`` is
    the raw bound (surrounding spaces included); its pattern, the trimmed one."""
    return (
        _cheap_cap(limit),
        documented(
            line_pattern(limit),
            f"Trimmed: 1 to {limit} characters, no control characters",
            maxLength=4 * limit,
        ),
        AfterValidator(_nfc),
        AfterValidator(_clean),
        AfterValidator(_not_blank),
        AfterValidator(_at_most(limit)),
    )


Title = Annotated[str, *_line(200)]
LongLine = Annotated[str, *_line(500)]  # a checklist item: a line, sometimes a sentence
ShortName = Annotated[str, *_line(100)]
LabelName = Annotated[str, *_line(50)]
# Markdown (web/markdown.py renders at most MARKDOWN_MAX characters).
LongText = Annotated[
    str,
    _Documented(MARKDOWN_MAX),
    documented(TEXT_PATTERN, "No control characters besides tab and line breaks"),
    _cheap_cap(MARKDOWN_MAX),
    AfterValidator(_nfc),
    AfterValidator(_at_most(MARKDOWN_MAX)),
    AfterValidator(_clean_text),
]


def _has_text(value: str) -> str:
    if not value.strip():
        raise _BLANK
    return value


Body = Annotated[
    LongText,
    AfterValidator(_has_text),
    documented(BODY_PATTERN, "Not blank; no control characters besides tab and line breaks"),
]


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
_DIGITS = re.compile(r"-?[0-9]+")


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
        # A JSON number arrives as int, or as float when written with a fraction or an
        # exponent: 3.0 is the number 3 (JSON Schema's "integer" says so too), 3.5 is not.
        # bool is an int too, and never a number here; anything else ([1]) is refused.
        if isinstance(value, str):
            number = parse_int(value, -MAX_ID - 1, MAX_ID * 10)
            if number is None and _DIGITS.fullmatch(value):  # too many digits to read
                number = -MAX_ID * 20 if value.startswith("-") else MAX_ID * 20
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            number = None
        if number is not None and low <= number <= high:
            return number
        # Why, for the words (core/messages.py): not a number, or one out of bounds.
        reason = "not_a_number" if number is None else "too_small" if number < low else "too_big"
        context = {"low": low, "high": high, "reason": reason}
        raise PydanticCustomError("whole_number", whole_number_message(low, high), context)

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
