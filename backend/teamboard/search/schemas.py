"""The search API's shapes: what it is asked (query string) and what it answers."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from teamboard.cards.filtering import Due
from teamboard.core.schemas import Id, whole_number
from teamboard.search.cursor import Cursor

MAX_QUERY = 200
MAX_CURSOR = 200
PER_PAGE = 20
MAX_PER_PAGE = 50


def _searchable(value: str) -> str:
    """Control characters (a NUL, which no database takes in text) are spaces: search text
    is words, and any character may be typed or pasted."""
    return "".join(
        " " if unicodedata.category(c) in ("Cc", "Cs") else c
        for c in unicodedata.normalize("NFC", value)
    )


def _cursor(value: str) -> str:
    # Checked with the other fields, so that every error is told at once.
    if Cursor.decode(value) is None:
        raise PydanticCustomError("cursor", "not a cursor this search handed out")
    return value


SearchLimit = Annotated[
    int, Field(ge=1, le=MAX_PER_PAGE), BeforeValidator(whole_number(1, MAX_PER_PAGE))
]


class SearchParams(BaseModel):
    """``q`` in the syntax of docs/search.md; every other filter narrows it."""

    q: Annotated[str, Field(max_length=MAX_QUERY), AfterValidator(_searchable)] = ""
    board_id: Id | None = None
    label: Id | None = Field(default=None, description="A label's id")
    assignee: Id | None = Field(default=None, description="A user's id")
    due: Due | None = Field(
        default=None,
        description="overdue (before today), week (today and the 6 days after), none",
    )
    archived: bool | None = Field(
        default=None, description="Only archived cards (true), or only the others (false)"
    )
    limit: SearchLimit = PER_PAGE
    cursor: Annotated[str, Field(max_length=MAX_CURSOR), AfterValidator(_cursor)] | None = Field(
        default=None, description="The next_cursor of the page before"
    )


class SearchHit(BaseModel):
    card_id: int
    card_title: str
    board_id: int
    board_name: str
    column_id: int
    column_name: str
    archived: bool
    updated_at: datetime
    snippet: str = Field(
        description="HTML: the text escaped, with <mark>…</mark> around the matched words"
        " (the only markup)"
    )


class SearchPage(BaseModel):
    hits: list[SearchHit]
    next_cursor: str | None = Field(description="For the next page; null on the last")
