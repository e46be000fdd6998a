"""Shared schema building blocks: trimmed, bounded strings and the page envelope."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Annotated, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

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


Limit = Annotated[int, Field(ge=1, le=200)]
Offset = Annotated[int, Field(ge=0, le=1_000_000)]

MAX_ID = 9_223_372_036_854_775_807
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Version = Annotated[int, Field(ge=1, le=MAX_ID)]
Position = Annotated[int, Field(ge=0, le=1_000_000)]
