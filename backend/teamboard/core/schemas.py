"""Shared schema building blocks: trimmed, bounded strings and the page envelope."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Annotated, Any, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic.fields import FieldInfo

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
    # Only in the document: the validators above give the messages written for people.
    extra["pattern"] = pattern
    info: FieldInfo = Field(json_schema_extra=extra, description=description)
    return info


Title = Annotated[
    str,
    StringConstraints(max_length=800),
    AfterValidator(_clean),
    AfterValidator(_not_blank),
    AfterValidator(_max(200)),
    documented(line_pattern(200), "Trimmed: 1 to 200 characters, no control characters"),
]
ShortName = Annotated[
    str,
    StringConstraints(max_length=400),
    AfterValidator(_clean),
    AfterValidator(_not_blank),
    AfterValidator(_max(100)),
    documented(line_pattern(100), "Trimmed: 1 to 100 characters, no control characters"),
]
LongText = Annotated[
    str,
    StringConstraints(max_length=20_000),
    AfterValidator(_clean_text),
    documented(TEXT_PATTERN, "No control characters besides tab and line breaks"),
]


def _has_text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
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


Limit = Annotated[int, Field(ge=1, le=200)]
Offset = Annotated[int, Field(ge=0, le=1_000_000)]

MAX_ID = 9_223_372_036_854_775_807
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Version = Annotated[int, Field(ge=1, le=MAX_ID)]
Position = Annotated[int, Field(ge=0, le=1_000_000)]
