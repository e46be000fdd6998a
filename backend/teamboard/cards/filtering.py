"""The board's filter: which cards of a board a person wants to see. The same rules as the
frontends' (frontend/src/features/board/model/filter.ts), case by case, so that the page
without JavaScript, the islands and the SPA show the same cards for the same address
(``?q=&label=&assignee=&due=``).

It filters a board already read, in memory: the filtered page costs no query more than
the plain one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal, get_args

from teamboard.cards.schemas import CardRead
from teamboard.core.errors import Invalid
from teamboard.core.messages import field_error
from teamboard.core.schemas import MAX_ID, parse_int

Due = Literal["overdue", "week", "none"]
DUE_CHOICES: tuple[Due, ...] = get_args(Due)
# "This week": today and the six days after, so that a Friday still sees next Monday.
WEEK = timedelta(days=6)
DUE_WORDS = "overdue, week (due this week) or none (no due date)"
MAX_TEXT = 200


@dataclass(frozen=True)
class BoardFilter:
    q: str | None = None
    label: int | None = None
    assignee: int | None = None
    due: Due | None = None

    @property
    def active(self) -> bool:
        return any(value is not None for value in (self.q, self.label, self.assignee, self.due))

    def as_query(self) -> dict[str, Any]:
        """For the page's form: the values, blank for "no filter"."""
        return {"q": self.q, "label": self.label, "assignee": self.assignee, "due": self.due}


def utc_today() -> date:
    """The server's "today" (the reminders' too) until a person's own time zone is known."""
    return datetime.now(UTC).date()


def parse_filter(params: Mapping[str, str]) -> BoardFilter:
    """A filter from a query string. Blank means no filter; a value that cannot be one is
    refused, every such field named at once."""
    errors: list[dict[str, Any]] = []
    ids: dict[str, int | None] = {}
    for name in ("label", "assignee"):
        raw = params.get(name, "")
        ids[name] = parse_int(raw, 1, MAX_ID) if raw else None
        if raw and ids[name] is None:
            errors.append(field_error(["query", name], "not_a_number"))
    raw_due = params.get("due", "").strip()
    due: Due | None = None
    for choice in DUE_CHOICES:
        if raw_due == choice:
            due = choice
    if raw_due and due is None:
        errors.append(field_error(["query", "due"], "choice", choices=DUE_WORDS))
    if errors:
        raise Invalid("Some filters are invalid", errors=errors)
    q = params.get("q", "").strip()[:MAX_TEXT] or None
    return BoardFilter(q=q, label=ids["label"], assignee=ids["assignee"], due=due)


def matches(card: CardRead, board_filter: BoardFilter, today: date) -> bool:
    """Every filter set must hold: the text is in the title or the description (letter case
    aside), the card has the label, the person is assigned, and its due date is past
    (``overdue``: before today; due today is not overdue yet), within a week (``week``:
    today up to six days on) or absent (``none``)."""
    f = board_filter
    if f.q is not None:
        needle = f.q.lower()
        if needle not in card.title.lower() and needle not in card.description.lower():
            return False
    if f.label is not None and f.label not in card.label_ids:
        return False
    if f.assignee is not None and f.assignee not in card.assignee_ids:
        return False
    if f.due is not None:
        return _due_matches(card.due_date, f.due, today)
    return True


def _due_matches(due_date: date | None, due: Due, today: date) -> bool:
    if due == "none":
        return due_date is None
    if due_date is None:
        return False
    if due == "overdue":
        return due_date < today
    return today <= due_date <= today + WEEK


def visible_cards(cards: Sequence[CardRead], board_filter: BoardFilter, today: date) -> set[int]:
    """The ids of the cards the filter keeps."""
    return {card.id for card in cards if matches(card, board_filter, today)}
