"""A search's place between two pages: the last hit's score, time and id (the order's
keys), as an opaque string for the address."""

from __future__ import annotations

import base64
import binascii
import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime

from teamboard.core.errors import Invalid
from teamboard.core.schemas import MAX_ID


@dataclass(frozen=True, slots=True)
class Cursor:
    score: float
    updated_at: datetime
    card_id: int

    def encode(self) -> str:
        raw = json.dumps([self.score, self.updated_at.isoformat(), self.card_id])
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, value: str) -> Cursor | None:
        """The cursor a page handed out, or None: anything else is refused, never
        guessed at."""
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
            score, at, card_id = json.loads(raw)
            when = datetime.fromisoformat(at)
            ok = (
                isinstance(score, float | int)
                and not isinstance(score, bool)
                and math.isfinite(score)
                and isinstance(card_id, int)
                and not isinstance(card_id, bool)
                and 1 <= card_id <= MAX_ID
                and when.tzinfo is not None
            )
            at_utc = when.astimezone(UTC) if ok else when
        except (ValueError, TypeError, OverflowError, binascii.Error, RecursionError):
            ok = False
        if not ok:
            return None
        return cls(float(score), at_utc, card_id)

    @classmethod
    def read(cls, value: str) -> Cursor:
        cursor = cls.decode(value)
        if cursor is None:
            raise Invalid.field("cursor", "cursor", where="query")
        return cursor
