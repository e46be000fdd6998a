"""A card edited from a form that may have gone stale: what to save, what to show, and
which fields to ask about. Pure functions; the SPA's dialog follows the same rule
(frontend/src/features/board/model/conflict.ts).

A form sends, with what the person typed, what each field held when the form was shown
(``seen``: a digest for text, the ids for labels and assignees). Per field, the three
values decide:

- nobody else changed it (current == seen): keep what was typed;
- the person did not change it (typed == seen), or both wrote the same: show the current
  value and save nothing for it — a remote change to a field not being edited wins;
- both changed it, differently: ask (``notify``) — never overwrite either silently.

Labels and assignees are sets of toggles: they merge (the person's additions and
removals applied to the current set), so they never need asking.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from teamboard.cards.schemas import CardRead

Outcome = Literal["keep", "overwrite", "notify"]
TEXT_FIELDS = ("title", "description", "due_date")
ID_FIELDS = ("label_ids", "assignee_ids")


def digest(value: str) -> str:
    """A short fingerprint of what a field held: enough to tell a change, small in a form."""
    return hashlib.sha256(value.encode()).hexdigest()[:20]


def as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def decide(seen: str | None, mine: str, theirs: str) -> Outcome:
    """``seen``: the digest of the field when the form was shown (None: unknown, keep)."""
    if seen is None or digest(theirs) == seen:
        return "keep"
    if digest(mine) == seen or mine == theirs:
        return "overwrite"
    return "notify"


def merge_ids(seen: list[int] | None, mine: list[int], theirs: list[int]) -> list[int]:
    """The person's additions and removals (against ``seen``) applied to ``theirs``."""
    if seen is None:
        return sorted(set(mine))
    added, removed = set(mine) - set(seen), set(seen) - set(mine)
    return sorted((set(theirs) | added) - removed)


@dataclass
class Reconciled:
    """``changes`` to save (only what the person changed), ``shown`` (field → the value
    the form shows, for fields that take the current value) and the fields to ask about."""

    changes: dict[str, Any] = field(default_factory=dict)
    shown: dict[str, list[str]] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)


def reconcile(
    mine: dict[str, Any],
    seen_text: dict[str, str | None],
    seen_ids: dict[str, list[int] | None],
    current: CardRead,
    *,
    stale: bool,
) -> Reconciled:
    """What typed ``mine`` (field → parsed value) means against the ``current`` card.
    ``stale``: the form's version is not the card's. A form that did not say what it saw
    (``seen`` None) is then taken as changed everywhere it differs: asked, not saved."""
    out = Reconciled()
    for name in TEXT_FIELDS:
        if name not in mine:
            continue
        typed, theirs = as_text(mine[name]), as_text(getattr(current, name))
        seen = seen_text.get(name)
        if seen is None and stale:
            outcome: Outcome = "overwrite" if typed == theirs else "notify"
        else:
            outcome = decide(seen, typed, theirs)
        if outcome == "keep":
            if typed != theirs:
                out.changes[name] = mine[name]
        elif outcome == "overwrite":
            out.shown[name] = [theirs]
        else:
            out.conflicts.append(name)
    for name in ID_FIELDS:
        if name not in mine:
            continue
        merged = merge_ids(seen_ids.get(name), mine[name], getattr(current, name))
        out.shown[name] = [str(i) for i in merged]
        if merged != getattr(current, name):
            out.changes[name] = merged
    return out


def parse_ids(text: str | None) -> list[int] | None:
    """A ``seen_*`` list of ids as the form sent it (None: not sent, or not ids)."""
    if text is None:
        return None
    parts = [part for part in text.split(",") if part]
    return [int(part) for part in parts] if all(p.isdecimal() for p in parts) else None


def seen_of(card: CardRead) -> dict[str, str]:
    """The hidden ``seen_*`` inputs a card's edit form carries."""
    hidden = {f"seen_{name}": digest(as_text(getattr(card, name))) for name in TEXT_FIELDS}
    for name in ID_FIELDS:
        hidden[f"seen_{name}"] = ",".join(str(i) for i in getattr(card, name))
    return hidden
