"""A card's own activity told in words on its page: "Ada moved it to Done". The card is
the page's subject, so the lines name what happened to it, not the card again (the
board's activity page, activity/pages.py, names the card)."""

from __future__ import annotations

from typing import Any

_VERBS = {
    "card.created": "added the card",
    "card.updated": "edited the card",
    "card.archived": "archived the card",
    "card.restored": "restored the card",
    "card.moved": "moved it",
    "comment.created": "commented",
    "comment.updated": "edited a comment",
    "comment.deleted": "deleted a comment",
    "comment.restored": "restored a comment",
    "attachment.created": "attached a file",
    "attachment.deleted": "removed a file",
    "card.cover_changed": "changed the cover",
}


def describe_card_event(event: dict[str, Any], column_names: dict[int, str]) -> str:
    """The words after the actor's name, for one event of a card's activity."""
    kind, data = str(event.get("type", "")), event.get("data") or {}
    verb = _VERBS.get(kind, "changed the card")
    card = data.get("card") or {}
    column = column_names.get(card.get("column_id", 0))
    if kind == "card.moved" and column:
        return f"{verb} to {column}"
    if kind == "card.created" and column:
        return f"{verb} in {column}"
    return verb
